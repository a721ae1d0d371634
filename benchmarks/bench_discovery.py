"""Discovery latency: a device appears within 1 s of its first announcement, leaves within 1 s of goodbye.

Real zeroconf on 127.0.0.1: one ServiceAnnouncer (the device), one DeviceBrowser + DeviceDirectory
(the cockpit) in the same process, so both ends share one monotonic clock. Each of 20 rounds
announces a fresh handoff phone and a fresh miIO purifier, then withdraws them.

* appear: from the moment the announcer's first announcement packet leaves (the first mDNS response
  it sends after its name probes; timed by wrapping the announcer's send) to the directory listener
  reporting the device ADDED, on the ``cockpit-mdns`` thread. Probing (~1 s, RFC 6762 8.1) comes
  before the first announcement and is not counted: no responder can be seen before it announces.
* appear incl. probing: from calling ``announce()`` (for information; probing is the RFC's ~1 s).
* on page / off page: the same, until the Devices page's model (DevicesModel, on the Qt main
  thread) has inserted or removed the row: what the driver sees, one event-loop turn later.
* leave: from calling ``withdraw()`` (the goodbye goes out at once) to the listener reporting REMOVED.
* flood: records per second through ``DeviceDirectory.observe`` once it is full (every one evicts).

Run: ``python -m pytest -m benchmark benchmarks/bench_discovery.py -s`` or
``python benchmarks/bench_discovery.py``.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid

import pytest

from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
from cockpit.discovery.browser import DeviceBrowser
from cockpit.discovery.directory import DeviceChange, DeviceDirectory
from cockpit.discovery.records import RawServiceRecord

ROUNDS = 20
TARGET_S = 1.0


class _FirstAnnouncementClock:
    """Wraps a Zeroconf's send to note when its first response (announcement) goes out."""

    def __init__(self, announcer: ServiceAnnouncer) -> None:
        self.first_response_at: float | None = None
        self._full_name = ""
        zeroconf = announcer._zeroconf  # benchmark instrumentation only
        original = zeroconf.async_send

        def timed_send(out, *args, **kwargs):
            if self.first_response_at is None and out.is_response() and self._announces(out):
                self.first_response_at = time.monotonic()
            return original(out, *args, **kwargs)

        zeroconf.async_send = timed_send  # type: ignore[method-assign]

    def _announces(self, out) -> bool:
        # A response carrying a live (TTL > 0) record of this very instance: not the trailing
        # goodbyes of the previous round, not an answer about some other service.
        return any(
            record.ttl > 0 and self._full_name in (record.name, getattr(record, "alias", None))
            for record, _ in out.answers
        )

    def arm(self, full_name: str) -> None:
        self.first_response_at = None
        self._full_name = full_name


def measure(rounds: int = ROUNDS) -> dict[str, list[float]]:
    """Appear and leave latencies (seconds) for a handoff phone and a miIO device.

    The device side (announce, withdraw) runs on a thread of its own, as another host would; the
    main thread runs the Qt event loop with the Devices page's model, as the cockpit does, so
    "on page" is when the row is inserted into (or removed from) the DevicesModel.
    """
    from PySide6.QtCore import QCoreApplication

    from cockpit.hmi.devices_model import DevicesModel

    app = QCoreApplication.instance() or QCoreApplication([])
    directory = DeviceDirectory()
    seen: dict[tuple[str, str], float] = {}
    changed = threading.Condition()

    def note(device_id: str, what: str) -> None:
        with changed:
            seen.setdefault((device_id, what), time.monotonic())
            changed.notify_all()

    def wait_for(device_id: str, what: str) -> float:
        with changed:
            changed.wait_for(lambda: (device_id, what) in seen, timeout=10)
            return seen.get((device_id, what), float("inf"))

    directory.subscribe(lambda event: note(event.device.id, event.change.value))
    model = DevicesModel(directory)
    model.rowsInserted.connect(
        lambda parent, first, last: [note(model.idAt(row), "on page") for row in range(first, last + 1)]
    )
    model.rowsAboutToBeRemoved.connect(
        lambda parent, first, last: [note(model.idAt(row), "off page") for row in range(first, last + 1)]
    )

    results: dict[str, list[float]] = {
        f"{label} {what}": []
        for label in ("phone", "miio")
        for what in ("appear", "on page", "leave", "off page", "appear incl. probing")
    }

    def device_side(announcer: ServiceAnnouncer, clock: _FirstAnnouncementClock) -> None:
        for round_ in range(rounds):
            tag = uuid.uuid4().hex[:8]
            did = 900_000_000 + int(tag[:6], 16)
            cases = [
                (
                    "phone",
                    HANDOFF_SERVICE_TYPE,
                    f"Bench Phone {tag}",
                    {"id": f"b-{tag}", "kind": "phone", "v": "1"},
                    f"handoff:b-{tag}",
                ),
                ("miio", "_miio._udp.local.", f"zhimi-airpurifier-m1_miio{did}", {}, f"miio:{did}"),
            ]
            for label, service_type, instance, txt, device_id in cases:
                clock.arm(f"{instance}.{service_type}")
                called = time.monotonic()
                announcer.announce(service_type, instance, 47100 + round_, txt)
                first = clock.first_response_at or float("nan")
                results[f"{label} appear"].append(wait_for(device_id, DeviceChange.ADDED.value) - first)
                results[f"{label} on page"].append(wait_for(device_id, "on page") - first)
                results[f"{label} appear incl. probing"].append(wait_for(device_id, "on page") - called)
                started = time.monotonic()
                announcer.withdraw(instance)
                results[f"{label} leave"].append(wait_for(device_id, DeviceChange.REMOVED.value) - started)
                results[f"{label} off page"].append(wait_for(device_id, "off page") - started)

    with DeviceBrowser(directory), ServiceAnnouncer() as announcer:
        clock = _FirstAnnouncementClock(announcer)
        device = threading.Thread(target=device_side, args=(announcer, clock), name="bench-device")
        device.start()
        while device.is_alive():
            app.processEvents()
            time.sleep(0.001)
        device.join()
    model.close()
    return results


def measure_flood(records: int = 20_000, cap: int = 256) -> float:
    """Records per second through a full directory."""
    directory = DeviceDirectory(max_devices=cap)
    raws = [
        RawServiceRecord(
            "_miio._udp.local.",
            f"zhimi-airpurifier-m1_miio{did}._miio._udp.local.",
            54321,
            f"zhimi-airpurifier-m1_miio{did}.local.",
            ["192.168.31.20"],
            [],
            120,
        )
        for did in range(records)
    ]
    started = time.perf_counter()
    for raw in raws:
        directory.observe(raw)
    return records / (time.perf_counter() - started)


def print_table(results: dict[str, list[float]], flood_rate: float) -> None:
    """The figures as a table."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Discovery latency on 127.0.0.1, {len(next(iter(results.values())))} rounds")
    for column in ("what", "median ms", "worst ms", "target ms", "ok"):
        table.add_column(column, justify="right" if column != "what" else "left")
    for what, values in results.items():
        median, worst = statistics.median(values) * 1000, max(values) * 1000
        if "probing" in what:
            table.add_row(what, f"{median:.1f}", f"{worst:.1f}", "-", "-")
        else:
            ok = "yes" if worst <= TARGET_S * 1000 else "NO"
            table.add_row(what, f"{median:.1f}", f"{worst:.1f}", f"{TARGET_S * 1000:.0f}", ok)
    Console(width=100).print(table)
    Console(width=100).print(f"flood: {flood_rate:,.0f} records/s through a full DeviceDirectory (cap 256)")


@pytest.mark.benchmark
def test_discovery_latency() -> None:
    results = measure()
    print_table(results, measure_flood())


if __name__ == "__main__":
    print_table(measure(), measure_flood())
