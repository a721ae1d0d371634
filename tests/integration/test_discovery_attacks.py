"""Discovery under attack on real mDNS, inside a private network namespace.

Each scenario runs in a child process under ``unshare --net`` (only ``lo``, multicast on), so not
one packet leaves the machine; hostile packets are raw UDP multicast, the browser and announcers are
the real python-zeroconf ones. The scenario prints one JSON line that the test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NAMESPACE_SETUP = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo"
HANDOFF = "_mi-handoff._tcp.local."


def _namespace_unavailable() -> str | None:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip (util-linux, iproute2) is not installed"
    probe = subprocess.run(
        ["unshare", "--net", "sh", "-c", NAMESPACE_SETUP], capture_output=True, text=True, timeout=10
    )
    if probe.returncode != 0:
        return f"cannot make a private network namespace here: {probe.stderr.strip() or probe.returncode}"
    return None


UNAVAILABLE = _namespace_unavailable()
pytestmark = [pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or ""), pytest.mark.timeout(180)]


def run_scenario(name: str, tmp_path: Path, *args: str, timeout: float = 150) -> dict:
    """Run scenario ``name`` in a fresh private network namespace; returns the JSON it printed."""
    command = (
        f"{NAMESPACE_SETUP} && exec {sys.executable} {Path(__file__).resolve()} {name} {tmp_path} "
        f"{' '.join(args)}"
    )
    result = subprocess.run(
        ["unshare", "--net", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, (
        f"scenario {name} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    )
    return json.loads(lines[-1])


@pytest.mark.slow
def test_a_flood_of_20000_names_leaves_every_discovery_table_bounded(tmp_path: Path) -> None:
    sizes = run_scenario("flood", tmp_path, "20000")
    end = sizes["end"]
    assert sizes["settled"] is True, sizes
    assert end["generations"] <= 512  # only names being resolved (MAX_PENDING_RESOLUTIONS)
    assert end["devices"] <= 256 and end["records"] <= 256 * 16  # the directory's caps
    assert end["zeroconf_cache"] <= 10_000  # python-zeroconf's own cap
    assert end["scheduled_aliases"] <= 1024 and end["query_heap"] <= 2048  # trimmed by the browser
    assert end["rss_mib"] - sizes["start"]["rss_mib"] < 40


def test_a_hostile_label_does_not_stop_the_browser_asking_and_a_quiet_device_is_found(tmp_path: Path) -> None:
    outcome = run_scenario("hostile_label", tmp_path)
    assert outcome["found"] is True
    assert outcome["queries_in_6s"] >= 3  # start-up queries at about 0.1, 1.1 and 5.1 s


def test_copied_announcements_forged_goodbyes_and_a_flood_never_cut_the_car_off_its_phone(
    tmp_path: Path,
) -> None:
    outcome = run_scenario("spoof", tmp_path)
    assert outcome["connected_to_real_phone"] is True
    assert outcome["goodbye_took_effect"] is True  # the forged goodbye did reach the directory
    assert outcome["reconnected_after_goodbye"] == 3
    assert outcome["phone_in_directory_after_flood"] is True and outcome["evicted"] > 1000
    assert outcome["reconnected_after_flood"] is True
    assert outcome["spoof_links"] == 0


# -- helpers for the scenarios (they run inside the namespace) ---------------------------------------
def _wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


def _sender() -> socket.socket:
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
    sender.bind(("127.0.0.1", 0))
    return sender


def _announcement(services: list[tuple[str, str, int, bytes, str]], ttl: int = 4500) -> list[bytes]:
    """Response packets announcing (type, instance, port, txt, host) services, as any responder would."""
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

    out = DNSOutgoing(_FLAGS_QR_RESPONSE | _FLAGS_AA)
    for service_type, instance, port, txt, host in services:
        name = f"{instance}.{service_type}"
        for record in (
            DNSPointer(service_type, _TYPE_PTR, _CLASS_IN, ttl, name),
            DNSService(name, _TYPE_SRV, _CLASS_IN, min(ttl, 120), 0, 0, port, host),
            DNSText(name, _TYPE_TXT, _CLASS_IN, ttl, txt),
            DNSAddress(host, _TYPE_A, _CLASS_IN, min(ttl, 120), bytes([127, 0, 0, 1])),
        ):
            out.add_answer_at_time(record, 0)
    return out.packets()


def _txt(*entries: bytes) -> bytes:
    return b"".join(bytes([len(e)]) + e for e in entries)


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _tables(browser, directory) -> dict:
    zc = browser._zeroconf
    scheduler = browser._browser.query_scheduler
    return {
        "generations": len(browser._generation),
        "devices": len(directory),
        "records": directory.tracked_records(),
        "zeroconf_cache": zc.cache._total_records,
        "scheduled_aliases": len(scheduler._next_scheduled_for_alias),
        "query_heap": len(scheduler._query_heap),
        "rss_mib": round(_rss_mib(), 1),
    }


def _settled(tables: dict) -> bool:
    return (
        tables["scheduled_aliases"] <= 1024 and tables["query_heap"] <= 2048 and tables["generations"] < 512
    )


# -- scenario: a flood of names ------------------------------------------------------------------------
def scenario_flood(tmp: Path, count: str) -> dict:
    from cockpit.discovery.browser import DeviceBrowser
    from cockpit.discovery.directory import DeviceDirectory

    directory = DeviceDirectory()
    sizes = {}
    with DeviceBrowser(directory, ["lo"]) as browser:
        time.sleep(0.3)
        sizes["start"] = _tables(browser, directory)
        sender = _sender()
        try:
            total = int(count)
            for first in range(0, total, 10):
                batch = [
                    (
                        HANDOFF,
                        f"Flood {i}",
                        47000,
                        _txt(f"id={i:016x}".encode(), b"kind=phone"),
                        f"flood{i}.local.",
                    )
                    for i in range(first, min(first + 10, total))
                ]
                for packet in _announcement(batch):
                    sender.sendto(packet, ("224.0.0.251", 5353))
                time.sleep(0.001)  # do not overrun the receive buffer: we test the tables, not UDP
        finally:
            sender.close()
        # Resolutions, the worker and its housekeeping catch up (longer on a loaded machine).
        sizes["settled"] = _wait_until(lambda: _settled(_tables(browser, directory)), 20.0)
        sizes["end"] = _tables(browser, directory)
    return sizes


# -- scenario: one packet with a label no name may have ------------------------------------------------
def _hostile_label_packet() -> bytes:
    """A response whose PTR names an instance with a 40-byte label of 0xFF: valid DNS on the wire,
    but zeroconf decodes it as 40 U+FFFD (120 bytes of UTF-8), a label it can never write again."""

    def labels(*parts: bytes) -> bytes:
        return b"".join(bytes([len(p)]) + p for p in parts)

    header = (
        (0).to_bytes(2, "big")
        + (0x8400).to_bytes(2, "big")
        + (0).to_bytes(2, "big")
        + (1).to_bytes(2, "big")
        + (0).to_bytes(2, "big")
        + (0).to_bytes(2, "big")
    )
    owner = labels(b"_mi-handoff", b"_tcp", b"local") + b"\x00"  # at offset 12
    rdata = labels(b"\xff" * 40) + bytes([0xC0, 12])  # <hostile>._mi-handoff._tcp.local.
    answer = (
        owner
        + (12).to_bytes(2, "big")
        + (1).to_bytes(2, "big")
        + (4500).to_bytes(4, "big")
        + len(rdata).to_bytes(2, "big")
        + rdata
    )
    return header + answer


class _QuerySniffer:
    """Counts mDNS queries for the handoff service type seen on the wire (a second listener on 5353)."""

    def __init__(self) -> None:
        import threading

        self.queries: list[float] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        self.sock.bind(("", 5353))
        self.sock.setsockopt(
            socket.IPPROTO_IP,
            socket.IP_ADD_MEMBERSHIP,
            socket.inet_aton("224.0.0.251") + socket.inet_aton("127.0.0.1"),
        )
        self.sock.settimeout(0.1)
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="query-sniffer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from zeroconf import DNSIncoming
        from zeroconf.const import _TYPE_PTR

        while not self._stop:
            try:
                data, _ = self.sock.recvfrom(9000)
            except OSError:
                continue
            message = DNSIncoming(data)
            if message.is_query() and any(
                q.name == HANDOFF and q.type == _TYPE_PTR for q in message.questions
            ):
                self.queries.append(time.monotonic())

    def close(self) -> None:
        self._stop = True
        self._thread.join(1)
        self.sock.close()


def scenario_hostile_label(tmp: Path) -> dict:
    from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
    from cockpit.discovery.browser import DeviceBrowser
    from cockpit.discovery.cockpit_service import handoff_txt
    from cockpit.discovery.directory import DeviceDirectory
    from cockpit.discovery.zeroconf_factory import open_zeroconf

    with ServiceAnnouncer(["lo"]) as phone:
        phone.announce(
            HANDOFF_SERVICE_TYPE,
            "Quiet Phone",
            47000,
            handoff_txt("0123456789abcdef", "Quiet Phone", "1", ["media"], "phone"),
        )
        time.sleep(2.0)  # its announcements are over: from now on it only answers queries
        sniffer = _QuerySniffer()
        zeroconf, _ = open_zeroconf(["lo"])
        try:
            sender = _sender()
            sender.sendto(_hostile_label_packet(), ("224.0.0.251", 5353))
            sender.close()
            time.sleep(0.3)  # cached before the browser asks its first question
            directory = DeviceDirectory()
            started = time.monotonic()
            with DeviceBrowser(directory, ["lo"], zeroconf=zeroconf):
                found = _wait_until(lambda: directory.get("handoff:0123456789abcdef") is not None, 6.0)
                found_after = time.monotonic() - started
                _wait_until(lambda: False, max(0.0, 6.0 - found_after))
            queries = [t - started for t in sniffer.queries if t >= started]
        finally:
            sniffer.close()
            zeroconf.close()
    return {
        "found": found,
        "found_after_s": round(found_after, 2),
        "queries_in_6s": len(queries),
        "query_times": [round(t, 2) for t in queries],
    }


# -- scenario: a copied announcement, a forged goodbye and a flood against the paired phone -------------
def scenario_spoof(tmp: Path) -> dict:
    import queue
    import threading

    from zeroconf import DNSOutgoing, DNSPointer
    from zeroconf.const import _CLASS_IN, _FLAGS_AA, _FLAGS_QR_RESPONSE, _TYPE_PTR

    from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
    from cockpit.discovery.browser import DeviceBrowser
    from cockpit.discovery.cockpit_service import handoff_txt
    from cockpit.discovery.directory import DeviceDirectory
    from cockpit.handoff.identity import load_or_create_identity
    from cockpit.handoff.keystore import StateDir
    from cockpit.handoff.phone import PhoneHandoff
    from cockpit.handoff.runner import HandoffThread
    from cockpit.handoff.service import CockpitHandoff
    from cockpit.handoff.trust import PairedDevices

    events: queue.Queue = queue.Queue()
    phone_events: list[tuple[str, dict]] = []
    spoof_events: list[tuple[str, dict]] = []
    car_state, phone_state, spoof_state = (StateDir(tmp / n) for n in ("car", "phone", "spoof"))
    car_identity, phone_identity = load_or_create_identity(car_state), load_or_create_identity(phone_state)
    PairedDevices(car_state).pin("Phone", phone_identity.certificate_pem)  # paired earlier
    PairedDevices(phone_state).pin("Car", car_identity.certificate_pem)
    thread = HandoffThread("scenario-phones").start()
    phone = PhoneHandoff(
        phone_identity, PairedDevices(phone_state), "Phone", lambda e, d: phone_events.append((e, d)), None
    )
    spoof = PhoneHandoff(
        load_or_create_identity(spoof_state),
        PairedDevices(spoof_state),
        "Phone",
        lambda e, d: spoof_events.append((e, d)),
        None,
    )
    phone_port, spoof_port = thread.run(phone.start()), thread.run(spoof.start())
    txt = handoff_txt(phone_identity.device_id, "Phone", "1", ["navigation", "media"], "phone")

    def connections() -> int:
        return sum(e == "connected" for e, _ in phone_events)

    out: dict = {}
    car = CockpitHandoff("Car", lambda e, d: events.put((e, d)), car_state).start()
    directory = DeviceDirectory()
    try:
        with (
            ServiceAnnouncer(["lo"]) as spoofer,
            ServiceAnnouncer(["lo"]) as genuine,
            DeviceBrowser(directory, ["lo"], service_types=[HANDOFF_SERVICE_TYPE]),
        ):
            # The copy is on the air first, under the genuine name; the genuine phone comes second.
            spoofer.announce(HANDOFF_SERVICE_TYPE, "Phone", spoof_port, txt)
            stop = car.follow_discovery(directory)
            time.sleep(1.0)
            genuine.announce(HANDOFF_SERVICE_TYPE, "Phone (2)", phone_port, txt)  # the name was taken
            out["connected_to_real_phone"] = _wait_until(lambda: connections() >= 1, 10.0)
            # A forged goodbye for the genuine phone's name, then its link drops (out of range).
            goodbye = DNSOutgoing(_FLAGS_QR_RESPONSE | _FLAGS_AA)
            goodbye.add_answer_at_time(
                DNSPointer(
                    HANDOFF_SERVICE_TYPE, _TYPE_PTR, _CLASS_IN, 0, f"Phone (2).{HANDOFF_SERVICE_TYPE}"
                ),
                0,
            )
            sender = _sender()
            forging = threading.Event()

            copy = _announcement(
                [
                    (
                        HANDOFF_SERVICE_TYPE,
                        "Phone",
                        spoof_port,
                        b"".join(
                            bytes([len(f"{k}={v}".encode())]) + f"{k}={v}".encode() for k, v in txt.items()
                        ),
                        "phone-copy.local.",
                    )
                ]
            )

            def forge_goodbyes() -> None:  # a sustained attack: goodbye and the copy again every 0.2 s
                while not forging.wait(0.2):
                    for packet in [*goodbye.packets(), *copy]:  # the copy: always the freshest news
                        sender.sendto(packet, ("224.0.0.251", 5353))

            forger = threading.Thread(target=forge_goodbyes, name="forger", daemon=True)
            forger.start()

            def genuine_gone() -> bool:
                device = directory.get(f"handoff:{phone_identity.device_id}")
                return device is None or device.port != phone_port

            out["goodbye_took_effect"] = _wait_until(genuine_gone, 5.0)
            reconnects = 0
            for _ in range(3):
                before = connections()
                link = phone.links.get(car_identity.device_id)
                if link is not None:
                    thread.run(link.close())
                reconnects += _wait_until(lambda before=before: connections() > before, 8.0)
            forging.set()
            forger.join(2)
            out["reconnected_after_goodbye"] = reconnects
            # A flood of other handoff ids: the directory's cap must not evict the paired phone.
            for first in range(0, 2000, 10):
                batch = [
                    (
                        HANDOFF_SERVICE_TYPE,
                        f"Flood {i}",
                        47000,
                        _txt(f"id={i:016x}".encode(), b"kind=phone"),
                        f"flood{i}.local.",
                    )
                    for i in range(first, first + 10)
                ]
                for packet in _announcement(batch):
                    sender.sendto(packet, ("224.0.0.251", 5353))
                time.sleep(0.002)
            sender.close()
            time.sleep(2.0)
            out["phone_in_directory_after_flood"] = (
                directory.get(f"handoff:{phone_identity.device_id}") is not None
            )
            out["devices_after_flood"] = len(directory)
            out["evicted"] = directory.rejections().get("evicted", 0)
            before = connections()
            link = phone.links.get(car_identity.device_id)
            if link is not None:
                thread.run(link.close())
            out["reconnected_after_flood"] = _wait_until(lambda: connections() > before, 15.0)
            out["spoof_links"] = sum(e == "connected" for e, _ in spoof_events)
            seen = []
            while not events.empty():
                seen.append(events.get_nowait())
            out["car_tried_spoofer"] = sum(
                e == "connect_failed" and d["address"].endswith(f":{spoof_port}") for e, d in seen
            )
            stop()
    finally:
        car.stop()
        thread.run(phone.close())
        thread.run(spoof.close())
        thread.stop()
    return out


if __name__ == "__main__":
    scenario = globals()[f"scenario_{sys.argv[1]}"]
    print(json.dumps(scenario(Path(sys.argv[2]), *sys.argv[3:])), flush=True)
