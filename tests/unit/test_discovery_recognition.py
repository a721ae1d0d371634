"""Recognition: real-world instance names and TXT records become the right Device (no network)."""

from __future__ import annotations

import pytest

from cockpit.demo.household import miot_central_profile
from cockpit.discovery.catalog import default_model_catalog, load_model_catalog
from cockpit.discovery.device import DeviceKind
from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.recognisers import RECOGNISERS, parse_miio_instance, parse_miot_profile
from cockpit.discovery.records import RawServiceRecord
from cockpit.errors import DiscoveryError

MIIO = "_miio._udp.local."
CAST = "_googlecast._tcp.local."
HAP = "_hap._tcp.local."
MIOT = "_miot-central._tcp.local."
HANDOFF = "_mi-handoff._tcp.local."


def record(
    service_type: str,
    instance: str,
    txt: dict[str, str] | None = None,
    *,
    port: int = 54321,
    server: str | None = None,
    addresses: tuple[str, ...] = ("192.168.31.20",),
) -> RawServiceRecord:
    return RawServiceRecord(
        service_type=service_type,
        name=f"{instance}.{service_type}",
        port=port,
        server=server,
        addresses=addresses,
        txt=[f"{k}={v}".encode() for k, v in (txt or {}).items()],
    )


@pytest.mark.parametrize(
    ("instance", "model", "kind", "did"),
    [
        ("zhimi-airpurifier-m1_miio12345678", "zhimi.airpurifier.m1", DeviceKind.AIR_PURIFIER, "12345678"),
        ("zhimi-airp-mb5_miio401234567", "zhimi.airp.mb5", DeviceKind.AIR_PURIFIER, "401234567"),
        ("roborock-vacuum-s5_miio70123456", "roborock.vacuum.s5", DeviceKind.VACUUM, "70123456"),
        ("rockrobo-vacuum-v1_miio52001234", "rockrobo.vacuum.v1", DeviceKind.VACUUM, "52001234"),
        ("dreame-vacuum-p2008_miio355551234", "dreame.vacuum.p2008", DeviceKind.VACUUM, "355551234"),
        ("yeelink-light-color1_miio55512345", "yeelink.light.color1", DeviceKind.LIGHT, "55512345"),
        ("yeelink-bhf_light-v1_miio11223344", "yeelink.bhf_light.v1", DeviceKind.LIGHT, "11223344"),
        ("lumi-gateway-v3_miio50123456", "lumi.gateway.v3", DeviceKind.HUB, "50123456"),
        ("lumi-gateway-mgl03_miio143245678", "lumi.gateway.mgl03", DeviceKind.HUB, "143245678"),
        ("chuangmi-camera-ipc009_miio60987654", "chuangmi.camera.ipc009", DeviceKind.CAMERA, "60987654"),
        ("chuangmi-plug-m1_miio40001234", "chuangmi.plug.m1", DeviceKind.PLUG, "40001234"),
        ("cuco-plug-v3_miio421234567", "cuco.plug.v3", DeviceKind.PLUG, "421234567"),
        ("xiaomi-wifispeaker-lx06_miio312345678", "xiaomi.wifispeaker.lx06", DeviceKind.SPEAKER, "312345678"),
        ("zhimi-humidifier-ca4_miio301234567", "zhimi.humidifier.ca4", DeviceKind.OTHER, "301234567"),
        ("acme-widget-x1_miio42", "acme.widget.x1", DeviceKind.OTHER, "42"),
    ],
)
def test_miio_instance_name_gives_model_kind_and_did(
    instance: str, model: str, kind: DeviceKind, did: str
) -> None:
    device = DeviceDirectory().observe(record(MIIO, instance))
    assert device is not None
    assert (device.model, device.kind, device.id) == (model, kind, f"miio:{did}")


@pytest.mark.parametrize(
    "instance", ["zhimi_miio123", "zhimi-airpurifier-m1_miio", "zhimi-airpurifier-m1-12345", "_miio1"]
)
def test_names_that_are_not_miio_instances_are_not_devices(instance: str) -> None:
    assert parse_miio_instance(instance) is None
    directory = DeviceDirectory()
    assert directory.observe(record(MIIO, instance)) is None
    assert directory.rejections()["not_recognised"] == 1


def test_most_specific_model_name_wins_over_its_family() -> None:
    catalog = default_model_catalog()
    assert catalog.miio_family("zhimi.airpurifier.m1").name == "Mi Air Purifier 2S"
    assert catalog.miio_family("zhimi.airpurifier.za1").name == "Mi Air Purifier"
    assert catalog.miio_family("zhimi.airpurifierx.v1") is None  # a prefix only matches whole parts


@pytest.mark.parametrize(
    ("txt", "kind", "name"),
    [
        (
            {"id": "4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a", "md": "MIBOX4", "fn": "Living Room"},
            DeviceKind.TV,
            "Living Room",
        ),
        (
            {"id": "a1b2c3d4e5f60718293a4b5c6d7e8f90", "md": "Mi TV Stick", "fn": "Bedroom TV"},
            DeviceKind.TV,
            "Bedroom TV",
        ),
        (
            {"id": "0f0e0d0c0b0a09080706050403020100", "md": "Xiaomi TV Box S 2nd Gen", "fn": "Den"},
            DeviceKind.TV,
            "Den",
        ),
        (
            {"id": "00112233445566778899aabbccddeeff", "md": "Redmi Smart TV X55", "fn": "Redmi TV"},
            DeviceKind.TV,
            "Redmi TV",
        ),
        (
            {"id": "ffeeddccbbaa99887766554433221100", "md": "Xiaomi Smart Speaker", "fn": "Kitchen"},
            DeviceKind.SPEAKER,
            "Kitchen",
        ),
    ],
)
def test_xiaomi_cast_receivers_are_recognised_from_their_txt(
    txt: dict[str, str], kind: DeviceKind, name: str
) -> None:
    device = DeviceDirectory().observe(record(CAST, f"Cast-{txt['id']}", txt, port=8009))
    assert device is not None
    assert (device.kind, device.name, device.id) == (kind, name, f"cast:{txt['id']}")


@pytest.mark.parametrize("model", ["Chromecast", "Google Nest Mini", "SHIELD Android TV", "BRAVIA 4K GB"])
def test_other_brands_cast_receivers_are_not_shown(model: str) -> None:
    directory = DeviceDirectory()
    assert (
        directory.observe(
            record(CAST, "Chromecast-1234", {"id": "1234abcd1234abcd", "md": model, "fn": "TV"})
        )
        is None
    )
    assert directory.devices() == []


@pytest.mark.parametrize(
    ("instance", "txt", "kind"),
    [
        (
            "Yeelight Lightstrip 1A2B",
            {"md": "Yeelight Lightstrip Plus", "id": "5C:E5:0C:11:22:33", "ci": "5", "sf": "0"},
            DeviceKind.LIGHT,
        ),
        (
            "Aqara Hub-M2 8E1F",
            {"md": "Aqara Hub-M2", "id": "54:EF:44:AA:BB:CC", "ci": "2", "sf": "1"},
            DeviceKind.HUB,
        ),
        (
            "Aqara Camera Hub G3 77E1",
            {"md": "Aqara Camera Hub G3", "id": "54:EF:44:01:02:03", "ci": "17"},
            DeviceKind.CAMERA,
        ),
        (
            "Mi Smart LED Bulb 4F2A",
            {"md": "Mi Smart LED Bulb Essential", "id": "7C:49:EB:01:02:03", "ci": "5"},
            DeviceKind.LIGHT,
        ),
        (
            "Xiaomi Smart Plug 2 0A0B",
            {"md": "Xiaomi Smart Plug 2", "id": "7C:49:EB:0A:0B:0C"},
            DeviceKind.PLUG,
        ),
    ],
)
def test_xiaomi_family_homekit_accessories_are_recognised(
    instance: str, txt: dict[str, str], kind: DeviceKind
) -> None:
    device = DeviceDirectory().observe(record(HAP, instance, txt, port=80))
    assert device is not None
    assert device.kind is kind
    assert device.id == f"hap:{txt['id'].lower()}"
    assert device.name == instance


def test_non_xiaomi_homekit_accessory_is_not_shown() -> None:
    directory = DeviceDirectory()
    txt = {"md": "Eve Energy 20EBO8301", "id": "AA:BB:CC:DD:EE:FF", "ci": "7"}
    assert directory.observe(record(HAP, "Eve Energy 5A3F", txt, port=80)) is None


def test_central_hub_profile_gives_its_did_so_it_merges_with_its_miio_record() -> None:
    profile = miot_central_profile(did=143245678, group_id=0x0102030405060708)
    assert parse_miot_profile(profile) == {
        "did": "143245678",
        "group_id": "0102030405060708",
        "role": "primary",
        "mqtt": "yes",
    }
    directory = DeviceDirectory()
    directory.observe(
        record(MIOT, "Xiaomi Central Hub", {"profile": profile}, port=8883, server="hub-1.local.")
    )
    directory.observe(record(MIIO, "lumi-gateway-mgl03_miio143245678"))
    [hub] = directory.devices()
    assert hub.id == "miio:143245678"
    assert hub.kind is DeviceKind.HUB
    assert hub.service_types == {MIOT, MIIO}


def test_central_hub_with_broken_profile_is_still_a_hub() -> None:
    device = DeviceDirectory().observe(
        record(MIOT, "Hub", {"profile": "not*base64"}, port=8883, server="hub.local.")
    )
    assert device is not None and device.kind is DeviceKind.HUB and device.id == "miot:hub.local."


def test_handoff_peer_carries_its_capabilities_and_protocol_version() -> None:
    txt = {
        "id": "ph-7f3a",
        "name": "Xiaomi 14 Ultra",
        "v": "1",
        "caps": "navigation, media,bogus word",
        "kind": "phone",
    }
    device = DeviceDirectory().observe(record(HANDOFF, "Xiaomi 14 Ultra", txt, port=47000))
    assert device is not None
    assert device.id == "handoff:ph-7f3a"
    assert device.kind is DeviceKind.PHONE
    assert device.capabilities == {"navigation", "media"}
    assert dict(device.details)["protocol_version"] == "1"


def test_handoff_peer_without_an_id_is_not_a_device() -> None:
    assert DeviceDirectory().observe(record(HANDOFF, "Phone", {"name": "Phone"}, port=47000)) is None


def test_own_cockpit_announcement_is_ignored() -> None:
    directory = DeviceDirectory(ignore_ids={"handoff:ck-1"})
    assert directory.observe(record(HANDOFF, "My Car", {"id": "ck-1", "kind": "cockpit"}, port=47000)) is None
    assert directory.devices() == []


def test_every_service_type_in_the_table_has_a_recogniser() -> None:
    directory = DeviceDirectory()
    assert set(directory.service_types) == {MIIO, MIOT, CAST, HAP, HANDOFF}
    from cockpit.discovery.catalog import default_service_types

    assert all(entry.recogniser in RECOGNISERS for entry in default_service_types())


def test_a_broken_model_table_names_the_file_and_entry(tmp_path) -> None:
    table = tmp_path / "models.toml"
    table.write_text('[miio]\n"acme.toaster" = { kind = "toaster" }\n')
    with pytest.raises(DiscoveryError, match=r"models\.toml.*acme\.toaster.*toaster"):
        load_model_catalog(table)
