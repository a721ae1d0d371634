"""Hostile and broken mDNS records are cleaned or skipped, and counted; nothing crashes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.records import RawServiceRecord, split_txt

HANDOFF = "_mi-handoff._tcp.local."
MIIO = "_miio._udp.local."


def phone(
    txt: list[bytes],
    *,
    name: str | bytes = f"Phone.{HANDOFF}",
    port: int | None = 47000,
    addresses: list[str | bytes] | None = None,
    server: str | None = "phone.local.",
    ttl: float = 120,
) -> RawServiceRecord:
    return RawServiceRecord(HANDOFF, name, port, server, addresses or ["192.168.43.2"], txt, ttl)


@pytest.mark.parametrize("port", [0, -1, 65536, 10**9, None])
def test_absurd_ports_are_skipped_and_counted(port: int | None) -> None:
    directory = DeviceDirectory()
    assert directory.observe(phone([b"id=ph-1"], port=port)) is None
    assert directory.rejections() == {"absurd_port": 1}


def test_absurd_addresses_are_dropped_and_counted_real_ones_kept() -> None:
    directory = DeviceDirectory()
    device = directory.observe(
        phone(
            [b"id=ph-1"],
            addresses=[
                "0.0.0.0",
                "224.0.0.251",
                "255.255.255.255",
                "240.0.0.1",
                "not-an-ip",
                b"\xc0\xa8\x2b\x02",
                "fe80::1",
            ],
        )
    )
    assert device is not None
    assert device.addresses == ("192.168.43.2", "fe80::1")
    assert directory.rejections()["absurd_address"] == 5


def test_oversized_txt_strings_are_dropped_and_counted() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1", b"name=" + b"A" * 300]))
    assert device is not None and device.name == "Phone"
    assert directory.rejections()["oversized_txt"] == 1


def test_a_txt_record_over_the_packet_budget_is_cut_and_counted() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1"] + [f"k{i}={'x' * 200}".encode() for i in range(40)]))
    assert device is not None
    assert directory.rejections()["oversized_txt"] == 1


def test_duplicate_txt_keys_keep_the_first_as_rfc_6763_says() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1", b"name=Real", b"NAME=Spoof", b"name=Spoof2"]))
    assert device is not None and device.name == "Real"
    assert directory.rejections()["duplicate_txt_key"] == 2


def test_non_utf8_txt_values_are_dropped_and_counted() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1", b"name=\xff\xfe\xfd"]))
    assert device is not None and device.name == "Phone"
    assert directory.rejections()["non_utf8"] == 1


def test_non_utf8_instance_name_is_cleaned_and_counted() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1"], name=b"Ph\xffone." + HANDOFF.encode()))
    assert device is not None and device.name == "Phone"
    assert directory.rejections()["non_utf8"] == 1


def test_control_characters_are_stripped_from_names_shown_on_screen() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1", "name=Xiao\u202emi\x07 14".encode()]))
    assert device is not None and device.name == "Xiaomi 14"
    assert directory.rejections()["control_characters"] == 1


@pytest.mark.parametrize(
    "name",
    [
        f"Phone.{MIIO}",  # announced under another type than the one it was browsed under
        f".{HANDOFF}",  # empty instance label
        f"{'x' * 64}.{HANDOFF}",  # label over 63 bytes
    ],
)
def test_malformed_names_are_skipped_and_counted(name: str) -> None:
    directory = DeviceDirectory()
    assert directory.observe(phone([b"id=ph-1"], name=name)) is None
    assert directory.rejections() == {"malformed_name": 1}


def test_malformed_txt_keys_are_dropped() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1", b"=novalue", "nämé=x".encode(), b"\x01k=v"]))
    assert device is not None
    assert directory.rejections()["malformed_txt"] == 3


def test_a_bad_host_name_is_cleaned_not_trusted() -> None:
    directory = DeviceDirectory()
    device = directory.observe(phone([b"id=ph-1"], server="evil.example.com."))
    assert device is not None and device.host == ""
    assert directory.rejections()["malformed_host"] == 1


def test_absurd_ttl_is_skipped() -> None:
    directory = DeviceDirectory()
    assert directory.observe(phone([b"id=ph-1"], ttl=10**12)) is None
    assert directory.rejections() == {"absurd_ttl": 1}


def test_records_of_types_we_do_not_browse_are_counted() -> None:
    directory = DeviceDirectory()
    assert directory.observe(RawServiceRecord("_ipp._tcp.local.", "Printer._ipp._tcp.local.", 631)) is None
    assert directory.rejections() == {"unknown_service_type": 1}


def test_truncated_txt_rdata_keeps_the_whole_strings() -> None:
    assert split_txt(b"\x04id=1\x09name=Pho") == [b"id=1"]


@settings(max_examples=100, deadline=None)
@given(
    name=st.one_of(st.text(max_size=80), st.binary(max_size=80)),
    port=st.one_of(st.none(), st.integers(min_value=-5, max_value=70000)),
    server=st.one_of(st.none(), st.text(max_size=80)),
    addresses=st.lists(st.one_of(st.text(max_size=20), st.binary(max_size=16)), max_size=12),
    txt=st.lists(st.binary(max_size=300), max_size=70),
    ttl=st.floats(allow_nan=False, min_value=-10, max_value=1e9),
    service_type=st.sampled_from(
        [
            HANDOFF,
            MIIO,
            "_hap._tcp.local.",
            "_googlecast._tcp.local.",
            "_miot-central._tcp.local.",
            "_x._tcp.local.",
        ]
    ),
)
def test_no_record_whatever_its_bytes_crashes_the_directory(
    name, port, server, addresses, txt, ttl, service_type
) -> None:
    directory = DeviceDirectory(max_devices=4)
    directory.observe(RawServiceRecord(service_type, name, port, server, addresses, txt, ttl))
    for device in directory.devices():
        assert device.name.isprintable()
        assert 0 < device.port < 65536
    directory.expire(directory.now() + 10**10)
    assert len(directory) == 0
