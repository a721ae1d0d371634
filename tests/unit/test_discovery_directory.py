"""The device directory: merging, updates in place, goodbye, expiry, pairing and the flood cap."""

from __future__ import annotations

import gc

from support import FakeClock

from cockpit.discovery.device import Device, DeviceKind
from cockpit.discovery.directory import (
    DeviceChange,
    DeviceDirectory,
    DeviceEvent,
    _Group,
    _Sighting,
    handoff_device_id,
)
from cockpit.discovery.records import RawServiceRecord, ServiceRecord

MIIO = "_miio._udp.local."
HAP = "_hap._tcp.local."
HANDOFF = "_mi-handoff._tcp.local."


def miio(
    did: int,
    *,
    model: str = "zhimi-airpurifier-m1",
    ttl: float = 120.0,
    server: str | None = None,
    address: str = "192.168.31.20",
) -> RawServiceRecord:
    instance = f"{model}_miio{did}"
    return RawServiceRecord(
        MIIO, f"{instance}.{MIIO}", 54321, server or f"{instance}.local.", [address], [], ttl
    )


def phone(peer_id: str = "ph-1", name: str = "Xiaomi 14", caps: str = "navigation,media") -> RawServiceRecord:
    txt = [f"id={peer_id}".encode(), f"name={name}".encode(), b"v=1", f"caps={caps}".encode(), b"kind=phone"]
    return RawServiceRecord(HANDOFF, f"{name}.{HANDOFF}", 47000, "phone.local.", ["192.168.43.2"], txt, 4500)


def recorded(directory: DeviceDirectory) -> list[DeviceEvent]:
    events: list[DeviceEvent] = []
    directory.subscribe(events.append)
    return events


def test_one_device_under_two_service_types_is_one_device() -> None:
    directory = DeviceDirectory()
    host = "yeelink-light-strip2_miio5551234.local."
    directory.observe(
        RawServiceRecord(
            HAP,
            f"Yeelight Lightstrip 1A2B.{HAP}",
            80,
            host,
            ["192.168.31.30"],
            [b"md=Yeelight Lightstrip Plus", b"id=5C:E5:0C:11:22:33", b"ci=5"],
        )
    )
    directory.observe(miio(5551234, model="yeelink-light-strip2", server=host, address="192.168.31.30"))
    [light] = directory.devices()
    assert light.id == "miio:5551234"  # the did outranks the HomeKit id
    assert light.name == "Yeelight Lightstrip 1A2B"  # the name its owner sees in the Home app
    assert light.kind is DeviceKind.LIGHT
    assert light.service_types == {HAP, MIIO}
    assert light.model == "yeelink.light.strip2"


def test_a_yeelight_seen_first_over_homekit_already_has_its_miio_id() -> None:
    directory = DeviceDirectory()
    events = recorded(directory)
    host = "yeelink-light-strip2_miio5551234.local."
    directory.observe(
        RawServiceRecord(
            HAP,
            f"Yeelight Lightstrip 1A2B.{HAP}",
            80,
            host,
            ["192.168.31.30"],
            [b"md=Yeelight Lightstrip Plus", b"id=5C:E5:0C:11:22:33", b"ci=5"],
        )
    )
    directory.observe(miio(5551234, model="yeelink-light-strip2", server=host, address="192.168.31.30"))
    assert [(e.change, e.device.id) for e in events] == [
        (DeviceChange.ADDED, "miio:5551234"),
        (DeviceChange.UPDATED, "miio:5551234"),
    ]


def test_devices_published_by_one_generic_host_stay_separate() -> None:
    # Homebridge or an Avahi box publishes many accessories from one host name.
    directory = DeviceDirectory()
    for index in range(3):
        directory.observe(
            RawServiceRecord(
                HAP,
                f"Aqara Plug {index}.{HAP}",
                51826 + index,
                "homebridge.local.",
                ["192.168.31.5"],
                [b"md=Aqara Smart Plug", f"id=0E:00:00:00:00:0{index}".encode()],
            )
        )
    assert len(directory) == 3


def test_changed_records_update_the_device_in_place() -> None:
    directory = DeviceDirectory()
    events = recorded(directory)
    directory.observe(phone(name="Xiaomi 14"))
    directory.observe(phone(name="Xiaomi 14", caps="media"))
    assert [e.change for e in events] == [DeviceChange.ADDED, DeviceChange.UPDATED]
    [device] = directory.devices()
    assert device.capabilities == {"media"}


def test_goodbye_removes_the_device_and_tells_listeners() -> None:
    directory = DeviceDirectory()
    events = recorded(directory)
    directory.observe(miio(1))
    directory.forget(MIIO, f"zhimi-airpurifier-m1_miio1.{MIIO}")
    assert directory.devices() == []
    assert [e.change for e in events] == [DeviceChange.ADDED, DeviceChange.REMOVED]


def test_ttl_zero_record_is_a_goodbye() -> None:
    directory = DeviceDirectory()
    directory.observe(miio(1))
    directory.observe(miio(1, ttl=0))
    assert len(directory) == 0


def test_a_device_leaves_only_when_its_last_service_says_goodbye() -> None:
    directory = DeviceDirectory()
    host = "lumi-gateway-mgl03_miio7.local."
    directory.observe(miio(7, model="lumi-gateway-mgl03", server=host))
    directory.observe(
        RawServiceRecord(
            "_miot-central._tcp.local.",
            "Hub._miot-central._tcp.local.",
            8883,
            host,
            ["192.168.31.2"],
            [],
            120,
        )
    )
    directory.forget(MIIO, f"lumi-gateway-mgl03_miio7.{MIIO}")
    [hub] = directory.devices()
    assert hub.service_types == {"_miot-central._tcp.local."}


def test_records_that_are_not_refreshed_expire() -> None:
    clock = FakeClock()
    directory = DeviceDirectory(clock=clock)
    directory.observe(miio(1, ttl=120))
    directory.observe(miio(2, ttl=4500))
    clock.now += 121
    assert directory.expire() == 1
    assert [d.id for d in directory.devices()] == ["miio:2"]


def test_a_refreshed_record_does_not_expire() -> None:
    clock = FakeClock()
    directory = DeviceDirectory(clock=clock)
    directory.observe(miio(1, ttl=120))
    clock.now += 100
    directory.observe(miio(1, ttl=120))  # re-announced
    clock.now += 100
    assert directory.expire() == 0
    assert directory.devices()[0].last_seen == 1100.0


def test_paired_devices_come_first_and_are_marked() -> None:
    directory = DeviceDirectory()
    directory.observe(miio(1))
    directory.observe(phone(peer_id="ph-9", name="Zed's phone"))
    directory.mark_paired(handoff_device_id("ph-9"))
    first, second = directory.devices()
    assert (first.id, first.paired) == ("handoff:ph-9", True)
    assert second.paired is False


def test_pairing_before_the_phone_appears_marks_it_when_it_does() -> None:
    directory = DeviceDirectory()
    directory.set_paired({"handoff:ph-1"})
    assert directory.observe(phone()).paired is True


def _live_discovery_objects() -> int:
    """Devices, records and their bookkeeping alive anywhere in the process."""
    gc.collect()
    kinds = (Device, ServiceRecord, _Group, _Sighting, DeviceEvent)
    return sum(isinstance(o, kinds) for o in gc.get_objects())


def test_flood_keeps_memory_bounded_and_the_paired_phone() -> None:
    clock = FakeClock()
    directory = DeviceDirectory(clock=clock, max_devices=100)
    directory.observe(phone())
    directory.mark_paired("handoff:ph-1")

    def flood(first: int, count: int) -> None:
        for did in range(first, first + count):
            clock.now += 0.001
            directory.observe(miio(did))

    flood(10_000, 1000)  # full after 100: from here on every newcomer evicts the oldest
    full = _live_discovery_objects()
    flood(20_000, 4000)
    assert _live_discovery_objects() == full  # thousands more announcements, not one more object
    assert len(directory) == 100
    assert directory.tracked_records() == 100
    assert directory.get("handoff:ph-1") is not None
    assert directory.get("miio:23999") is not None  # the newest stays, the oldest went
    assert directory.get("miio:10000") is None
    assert directory.rejections()["evicted"] == 4901


def test_flood_of_services_claiming_one_device_cannot_grow_it() -> None:
    directory = DeviceDirectory(max_services_per_device=8)
    host = "zhimi-airpurifier-m1_miio1.local."  # every record claims to be the same miIO device
    for index in range(1000):
        directory.observe(
            RawServiceRecord(
                HAP,
                f"Xiaomi Spoof {index}.{HAP}",
                80,
                host,
                ["192.168.31.66"],
                [b"md=Xiaomi Smart Plug 2", f"id=0E:00:00:00:{index // 256:02X}:{index % 256:02X}".encode()],
            )
        )
    assert len(directory) == 1
    assert directory.tracked_records() == 8
    assert directory.rejections()["too_many_services"] == 992


def test_a_full_directory_of_paired_devices_refuses_newcomers() -> None:
    directory = DeviceDirectory(max_devices=1)
    directory.set_paired({"handoff:ph-1"})
    directory.observe(phone())
    assert directory.observe(miio(1)) is None
    assert directory.rejections()["directory_full"] == 1
    assert [d.id for d in directory.devices()] == ["handoff:ph-1"]


def test_a_failing_listener_does_not_stop_the_others() -> None:
    directory = DeviceDirectory()

    def broken(event: DeviceEvent) -> None:
        raise RuntimeError("listener bug")

    directory.subscribe(broken)
    events = recorded(directory)
    directory.observe(miio(1))
    assert len(events) == 1
    assert directory.rejections()["listener_failed"] == 1


def test_unsubscribed_listener_hears_nothing_more() -> None:
    directory = DeviceDirectory()
    events: list[DeviceEvent] = []
    unsubscribe = directory.subscribe(events.append)
    unsubscribe()
    directory.observe(miio(1))
    assert events == []


def test_record_that_changes_identity_moves_to_its_new_device() -> None:
    directory = DeviceDirectory()
    events = recorded(directory)
    directory.observe(phone(peer_id="ph-1"))
    directory.observe(phone(peer_id="ph-2"))
    assert [d.id for d in directory.devices()] == ["handoff:ph-2"]
    assert [e.change for e in events] == [DeviceChange.ADDED, DeviceChange.REMOVED, DeviceChange.ADDED]


def test_device_json_says_how_long_ago_it_was_seen() -> None:
    clock = FakeClock()
    directory = DeviceDirectory(clock=clock)
    directory.observe(miio(1))
    clock.now += 2.5
    data = directory.devices()[0].to_json(directory.now())
    assert data["seen_seconds_ago"] == 2.5
    assert data["kind"] == "air_purifier"


def test_an_answer_with_the_same_records_moves_last_seen_and_the_expiry_on() -> None:
    clock = FakeClock()
    directory = DeviceDirectory(clock=clock)
    events = recorded(directory)
    directory.observe(miio(1, ttl=120))
    clock.now += 100
    directory.heard(MIIO, f"zhimi-airpurifier-m1_miio1.{MIIO}", clock.now)
    assert directory.devices()[0].last_seen == clock.now
    assert [e.change for e in events] == [DeviceChange.ADDED, DeviceChange.UPDATED]
    clock.now += 100
    assert directory.expire() == 0  # 200 s after the first answer, 100 s after the last
