"""Discovery peer to peer, and with another mDNS responder (Avahi), inside a private network namespace.

Each test runs one scenario of this file in a child process under ``unshare --net --mount``: a
network namespace of its own with only ``lo`` (up, multicast on, a multicast route), so not one
packet can leave the machine, and a mount namespace so Avahi's service and run folders can be
pointed at a temporary directory. The scenario prints one JSON line that the test checks.
Skips, with the reason, where the namespace cannot be made (not root, no unshare) or Avahi cannot
start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import wait_until

REPO = Path(__file__).resolve().parents[2]
NAMESPACE_SETUP = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo"


def _namespace_unavailable() -> str | None:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip (util-linux, iproute2) is not installed"
    probe = subprocess.run(
        ["unshare", "--net", "--mount", "sh", "-c", NAMESPACE_SETUP],
        capture_output=True,
        text=True,
        timeout=10,
    )
    if probe.returncode != 0:
        return f"cannot make a private network namespace here: {probe.stderr.strip() or probe.returncode}"
    return None


UNAVAILABLE = _namespace_unavailable()
pytestmark = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")


def run_scenario(name: str, tmp_path: Path, timeout: float = 60) -> dict:
    """Run ``name`` in a fresh private network namespace; returns the JSON it printed."""
    command = f"{NAMESPACE_SETUP} && exec {sys.executable} {Path(__file__).resolve()} {name} {tmp_path}"
    result = subprocess.run(
        ["unshare", "--net", "--mount", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.pathsep.join((str(REPO), str(REPO / "tests")))},
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, f"scenario {name} failed:\n{result.stdout}\n{result.stderr}"
    outcome = json.loads(lines[-1])
    if "skip" in outcome:
        pytest.skip(outcome["skip"])
    return outcome


def test_household_and_browser_in_two_processes_find_each_other_and_leave_on_goodbye(tmp_path: Path) -> None:
    outcome = run_scenario("peers", tmp_path)
    assert outcome["all_interfaces"] == ["127.0.0.1"]  # 'all' in the namespace is lo only
    assert sorted(outcome["kinds"]) == ["air_purifier", "hub", "speaker", "tv", "vacuum"]
    assert outcome["left_after_goodbye_s"] < 1.0
    # Before the household started, `cockpit devices` found nothing and said where it looked.
    assert outcome["nothing"]["returncode"] == 0
    assert "No devices found" in outcome["nothing"]["stdout"] and "127.0.0.1" in outcome["nothing"]["stdout"]


@pytest.fixture(scope="module")
def avahi(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One Avahi scenario (about ten seconds) for the tests that check its parts."""
    return run_scenario("avahi", tmp_path_factory.mktemp("avahi"))


def test_devices_published_by_avahi_are_found(avahi: dict) -> None:
    outcome = avahi
    found = {d["id"]: d for d in outcome["devices"]}
    assert found["miio:87654321"]["kind"] == "air_purifier"
    assert found["hap:5c:e5:0c:11:22:33"]["kind"] == "light"
    assert found["cast:4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a"]["name"] == "Garage TV"
    assert "hap:aa:bb:cc:dd:ee:ff" not in found  # an Eve plug is not a Xiaomi device
    assert outcome["left_after_avahi_stopped_s"] < 2.0


def test_cockpit_devices_lists_what_avahi_announced_before_it_started(avahi: dict) -> None:
    # Avahi was announcing before `cockpit devices` started: the devices must come from answers to
    # its questions (multicast ones: Avahi shares port 5353 with it), within the timeout.
    listing = avahi["cli"]
    assert listing["returncode"] == 0, listing["stderr"]
    ids = {d["id"] for d in json.loads(listing["stdout"])["devices"]}
    assert {"miio:87654321", "hap:5c:e5:0c:11:22:33", "cast:4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a"} <= ids


def test_a_household_whose_names_avahi_already_announces_steps_to_the_next_names(avahi: dict) -> None:
    assert avahi["household_seed"] == 1  # seed 0's purifier name is Avahi's: the next seed is free


def test_hostile_packets_and_a_flood_on_the_wire_are_cleaned_counted_and_bounded(tmp_path: Path) -> None:
    outcome = run_scenario("hostile", tmp_path)
    assert outcome["paired_phone_kept"] is True
    assert outcome["devices"] <= 64  # the cap, after 1500 announced purifiers
    assert outcome["dup_name"] == "First"  # RFC 6763: the first of duplicated keys counts
    assert "handoff:evil-port" not in outcome["ids"]
    rejections = outcome["rejections"]
    assert rejections.get("evicted", 0) > 1000
    assert rejections.get("duplicate_txt_key", 0) >= 1
    assert rejections.get("non_utf8", 0) >= 1
    assert outcome["worker_alive"] is True


# -- scenarios: these run inside the namespace, in the child process ---------------------------------


_PEER = """
import sys
from cockpit.demo.household import SimulatedHousehold
household = SimulatedHousehold(("lo",)).start()
print("ready", flush=True)
sys.stdin.readline()
household.close()
"""


def scenario_peers(tmp: Path) -> dict:
    from cockpit.discovery.browser import DeviceBrowser
    from cockpit.discovery.directory import DeviceDirectory
    from cockpit.discovery.interfaces import resolve_interfaces

    nothing = scenario_nothing(tmp)
    peer = subprocess.Popen(
        [sys.executable, "-c", _PEER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert peer.stdout is not None and peer.stdin is not None
        assert peer.stdout.readline().strip() == "ready"
        directory = DeviceDirectory()
        with DeviceBrowser(directory, ["all"]):
            if not wait_until(lambda: len(directory) == 5, 5.0):
                return {"error": f"found only {directory.devices()}"}
            kinds = [d.kind.value for d in directory.devices()]
            started = time.monotonic()
            peer.stdin.write("close\n")
            peer.stdin.flush()
            wait_until(lambda: len(directory) == 0, 5.0)
            left = time.monotonic() - started
    finally:
        peer.kill() if peer.poll() is None else None
        peer.wait()
    return {
        "all_interfaces": list(resolve_interfaces(["all"]).addresses),
        "kinds": kinds,
        "left_after_goodbye_s": left,
        "nothing": nothing,
    }


def scenario_nothing(tmp: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "cockpit.cli", "devices", "--timeout", "0.5"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


def _hostile_packets(flood: int) -> list[bytes]:
    """Raw mDNS responses: a flood of miIO purifiers, then records no honest responder sends."""
    from zeroconf import DNSAddress, DNSOutgoing, DNSPointer, DNSService, DNSText
    from zeroconf.const import (
        _CLASS_IN,
        _FLAGS_AA,
        _FLAGS_QR_RESPONSE,
        _TYPE_A,
        _TYPE_PTR,
        _TYPE_SRV,
        _TYPE_TXT,
    )

    def service(service_type: str, instance: str, port: int, text: bytes, host: str) -> list:
        name = f"{instance}.{service_type}"
        return [
            DNSPointer(service_type, _TYPE_PTR, _CLASS_IN, 4500, name),
            DNSService(name, _TYPE_SRV, _CLASS_IN, 120, 0, 0, port, host),
            DNSText(name, _TYPE_TXT, _CLASS_IN, 4500, text),
            DNSAddress(host, _TYPE_A, _CLASS_IN, 120, bytes([127, 0, 0, 1])),
        ]

    def txt(*entries: bytes) -> bytes:
        return b"".join(bytes([len(e)]) + e for e in entries)

    batches: list[list] = []
    for first in range(0, flood, 10):
        batch = []
        for did in range(first, min(first + 10, flood)):
            batch += service(
                "_miio._udp.local.",
                f"zhimi-airpurifier-m1_miio{500_000 + did}",
                54321,
                b"\x00",
                f"zhimi-airpurifier-m1_miio{500_000 + did}.local.",
            )
        batches.append(batch)
    handoff = "_mi-handoff._tcp.local."
    batches.append(
        service(handoff, "Evil", 0, txt(b"id=evil-port"), "evil.local.")
        + service(
            handoff,
            "Dup",
            47000,
            txt(b"id=dup1", b"name=First", b"name=Second", b"caps=\xff\xfe"),
            "dup.local.",
        )
        + service(handoff, "Bad\x07Name", 47000, txt(b"id=ctl1", b"name=Ctl\x1bName"), "ctl.local.")
    )
    packets = []
    for batch in batches:
        out = DNSOutgoing(_FLAGS_QR_RESPONSE | _FLAGS_AA)
        for record in batch:
            out.add_answer_at_time(record, 0)
        packets.extend(out.packets())
    return packets


def scenario_hostile(tmp: Path) -> dict:
    import socket
    import threading

    from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
    from cockpit.discovery.browser import WORKER_THREAD_NAME, DeviceBrowser
    from cockpit.discovery.cockpit_service import handoff_txt
    from cockpit.discovery.directory import DeviceDirectory

    directory = DeviceDirectory(max_devices=64)
    directory.mark_paired("handoff:owner-phone")
    with ServiceAnnouncer(["lo"]) as phone, DeviceBrowser(directory, ["lo"]):
        phone.announce(
            HANDOFF_SERVICE_TYPE,
            "Owner Phone",
            47000,
            handoff_txt("owner-phone", "Owner Phone", "1", ["media"], "phone"),
        )
        wait_until(lambda: directory.get("handoff:owner-phone") is not None, 5.0)
        sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
        sender.bind(("127.0.0.1", 0))
        try:
            for packet in _hostile_packets(1500):
                sender.sendto(packet, ("224.0.0.251", 5353))
                time.sleep(0.0005)  # do not overrun the receive buffer: we test the directory, not UDP
        finally:
            sender.close()
        wait_until(
            lambda: (
                directory.get("handoff:dup1") is not None and directory.rejections().get("evicted", 0) > 1000
            ),
            10.0,
        )
        time.sleep(0.5)
        dup = directory.get("handoff:dup1")
        return {
            "paired_phone_kept": directory.get("handoff:owner-phone") is not None,
            "devices": len(directory),
            "ids": [d.id for d in directory.devices()],
            "dup_name": dup.name if dup else None,
            "rejections": directory.rejections(),
            "worker_alive": any(t.name == WORKER_THREAD_NAME for t in threading.enumerate()),
        }


_AVAHI_CONF = """[server]
host-name=garage-hub
domain-name=local
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
enable-dbus=no
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
"""

_AVAHI_SERVICES = {
    "purifier.service": ("zhimi-airpurifier-mb3_miio87654321", "_miio._udp", 54321, []),
    "yeelight.service": (
        "Yeelight Lightstrip 1A2B",
        "_hap._tcp",
        80,
        ["md=Yeelight Lightstrip Plus", "id=5C:E5:0C:11:22:33", "ci=5", "sf=0", "c#=2"],
    ),
    "mibox.service": (
        "MIBOX4-4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a",
        "_googlecast._tcp",
        8009,
        ["id=4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a", "md=MIBOX4", "fn=Garage TV", "ve=05"],
    ),
    "eve.service": (
        "Eve Energy 5A3F",
        "_hap._tcp",
        80,
        ["md=Eve Energy 20EBO8301", "id=AA:BB:CC:DD:EE:FF", "ci=7"],
    ),
    # Another household's purifier with the name the simulated household (seed 0) would announce.
    "neighbour.service": ("zhimi-airpurifier-ma4_miio100000002", "_miio._udp", 54321, []),
}


def _service_file(name: str, service_type: str, port: int, txt: list[str]) -> str:
    records = "".join(f"    <txt-record>{entry}</txt-record>\n" for entry in txt)
    return (
        '<?xml version="1.0" standalone="no"?>\n<!DOCTYPE service-group SYSTEM "avahi-service.dtd">\n'
        f"<service-group>\n  <name>{name}</name>\n  <service>\n    <type>{service_type}</type>\n"
        f"    <port>{port}</port>\n{records}  </service>\n</service-group>\n"
    )


def scenario_avahi(tmp: Path) -> dict:
    from cockpit.discovery.browser import DeviceBrowser
    from cockpit.discovery.directory import DeviceDirectory

    daemon = shutil.which("avahi-daemon") or (
        "/usr/sbin/avahi-daemon" if Path("/usr/sbin/avahi-daemon").exists() else None
    )
    if daemon is None:
        return {"skip": "avahi-daemon is not installed (apt-get install avahi-daemon)"}
    services, run = tmp / "services", tmp / "run"
    services.mkdir()
    run.mkdir()
    for filename, spec in _AVAHI_SERVICES.items():
        (services / filename).write_text(_service_file(*spec))
    (tmp / "avahi-daemon.conf").write_text(_AVAHI_CONF)
    # Only inside this mount namespace: Avahi reads /etc/avahi/services and writes /run/avahi-daemon.
    for source, target in ((services, "/etc/avahi/services"), (run, "/run")):
        mounted = subprocess.run(["mount", "--bind", str(source), target], capture_output=True, text=True)
        if mounted.returncode != 0:
            return {"skip": f"cannot bind-mount {target} for Avahi: {mounted.stderr.strip()}"}
    log_path = tmp / "avahi.log"
    with log_path.open("w") as log:
        avahi = subprocess.Popen(
            [
                daemon,
                "--no-drop-root",
                "--no-chroot",
                "--no-rlimits",
                "--no-proc-title",
                "-f",
                str(tmp / "avahi-daemon.conf"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        if not wait_until(
            lambda: "Server startup complete" in log_path.read_text() or avahi.poll() is not None, 10
        ):
            return {"skip": f"avahi-daemon did not start: {log_path.read_text()[-500:]}"}
        if avahi.poll() is not None:
            return {"skip": f"avahi-daemon exited ({avahi.returncode}): {log_path.read_text()[-500:]}"}
        wait_until(lambda: log_path.read_text().count("successfully established") >= len(_AVAHI_SERVICES), 10)
        cli = subprocess.run(
            [sys.executable, "-m", "cockpit.cli", "devices", "--json", "--timeout", "1.0"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        from cockpit.demo.household import SimulatedHousehold

        with SimulatedHousehold(("lo",), seed=0) as household:
            household_seed = household.seed
        directory = DeviceDirectory()
        with DeviceBrowser(directory):
            wait_until(lambda: len(directory) >= 3, 8.0)
            time.sleep(0.3)  # let a stray fourth (the Eve plug) have its chance to be wrongly listed
            devices = [d.to_json(directory.now()) for d in directory.devices()]
            started = time.monotonic()
            avahi.terminate()  # Avahi says goodbye for its services when it stops
            avahi.wait(timeout=10)
            wait_until(lambda: len(directory) == 0, 5.0)
            left = time.monotonic() - started
        return {
            "devices": devices,
            "left_after_avahi_stopped_s": left,
            "rejections": directory.rejections(),
            "cli": {"returncode": cli.returncode, "stdout": cli.stdout, "stderr": cli.stderr},
            "household_seed": household_seed,
        }
    finally:
        if avahi.poll() is None:
            avahi.kill()
        avahi.wait()


if __name__ == "__main__":
    scenario = globals()[f"scenario_{sys.argv[1]}"]
    print(json.dumps(scenario(Path(sys.argv[2]))), flush=True)
