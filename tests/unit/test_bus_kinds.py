"""Opening buses: the registry of bus kinds, the CLI's bus options, USB adapter lookup, clear errors."""

from __future__ import annotations

import argparse
import uuid

import can
import pytest
from serial.tools.list_ports_common import ListPortInfo

from cockpit.bus import (
    BUS_KINDS,
    add_bus_arguments,
    bus_config_from_args,
    find_usb_port,
    open_bus,
    open_bus_from_args,
)
from cockpit.bus.health import (
    ErrorFrameKind,
    bus_off_frame,
    classify_error_frame,
    error_passive_frame,
    restarted_frame,
)
from cockpit.bus.kinds import kernel_can_settings, socketcan_mismatches
from cockpit.config import BusConfig, UsbId
from cockpit.errors import BusError


def usb_port(device: str, vid: int, pid: int, serial: str | None = None) -> ListPortInfo:
    port = ListPortInfo(device, skip_link_detection=True)
    port.vid, port.pid, port.serial_number = vid, pid, serial
    return port


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_bus_arguments(parser)
    return parser.parse_args(argv)


def test_bus_options_default_to_the_shared_virtual_bus():
    config = bus_config_from_args(parse([]))
    assert (config.interface, config.channel, config.fd) == ("virtual", "cockpit", False)


def test_data_bitrate_implies_can_fd():
    config = bus_config_from_args(
        parse(
            [
                "--interface",
                "socketcan",
                "--channel",
                "can1",
                "--bitrate",
                "500000",
                "--data-bitrate",
                "2000000",
            ]
        )
    )
    assert (config.bitrate, config.fd, config.data_bitrate) == (500_000, True, 2_000_000)


def test_open_bus_from_args_opens_a_working_virtual_bus():
    channel = f"kinds-{uuid.uuid4().hex[:8]}"
    bus = open_bus_from_args(parse(["--channel", channel]))
    peer = can.Bus(interface="virtual", channel=channel)
    try:
        peer.send(can.Message(arbitration_id=0x7, data=b"\x01"))
        assert bus.recv(1.0).arbitration_id == 0x7
    finally:
        bus.shutdown()
        peer.shutdown()


def test_registry_knows_the_special_kinds():
    assert {"virtual", "socketcan", "slcan", "replay"} <= set(BUS_KINDS)


def test_unknown_interface_lists_the_known_ones():
    with pytest.raises(
        BusError,
        match=r"bus 'x': unknown interface 'sockcan'; did you mean 'socketcan'\? known interfaces: .*virtual",
    ):
        open_bus(BusConfig(name="x", interface="sockcan", channel="can0"))


def _kernel_has_socketcan() -> bool:
    import socket

    try:
        socket.socket(socket.PF_CAN, socket.SOCK_RAW, socket.CAN_RAW).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(
    not _kernel_has_socketcan(), reason="this kernel has no SocketCAN (test_cli_edges covers that)"
)
def test_missing_socketcan_interface_says_how_to_bring_it_up():
    with pytest.raises(BusError) as caught:
        open_bus(BusConfig(name="adas", interface="socketcan", channel="cockpitnope0", bitrate=500000))
    message = str(caught.value)
    assert message.startswith("bus 'adas' (socketcan cockpitnope0): cannot open:")
    assert "hw/can-up.sh cockpitnope0 500000" in message


def test_missing_serial_port_is_a_bus_error_naming_the_port(tmp_path):
    with pytest.raises(BusError, match=r"bus 'body' \(slcan .*ttyACM9\): cannot open: .*plugged in"):
        open_bus(BusConfig(name="body", interface="slcan", channel=str(tmp_path / "ttyACM9"), bitrate=500000))


def test_usb_adapter_is_found_by_vendor_and_product_id():
    ports = [
        usb_port("/dev/ttyS0", None, None),
        usb_port("/dev/ttyACM0", 0x0403, 0x6001),
        usb_port("/dev/ttyACM1", 0x1D50, 0x606F, "A"),
    ]
    assert find_usb_port(UsbId(0x1D50, 0x606F), ports) == "/dev/ttyACM1"


def test_usb_serial_number_tells_two_alike_adapters_apart():
    ports = [usb_port("/dev/ttyACM0", 0x1D50, 0x606F, "A"), usb_port("/dev/ttyACM1", 0x1D50, 0x606F, "B")]
    assert find_usb_port(UsbId(0x1D50, 0x606F, "B"), ports) == "/dev/ttyACM1"


def test_absent_usb_adapter_lists_what_is_connected():
    with pytest.raises(
        BusError,
        match=r"no serial adapter with USB id 1d50:606f is connected "
        r"\(present: /dev/ttyACM0 \(0403:6001\)\); plug it in",
    ):
        find_usb_port(UsbId(0x1D50, 0x606F), [usb_port("/dev/ttyACM0", 0x0403, 0x6001)])


@pytest.mark.parametrize(
    "frame, kind",
    [
        (bus_off_frame(), ErrorFrameKind.BUS_OFF),
        (restarted_frame(), ErrorFrameKind.RESTARTED),
        (error_passive_frame(), ErrorFrameKind.ERROR),
        (
            can.Message(arbitration_id=0x004, is_error_frame=True, data=bytes([0, 0x40, 0, 0, 0, 0, 0, 0])),
            ErrorFrameKind.ERROR_ACTIVE,
        ),
        (can.Message(arbitration_id=0x020, is_error_frame=True, data=bytes(8)), ErrorFrameKind.ERROR),
    ],
)
def test_socketcan_error_frames_are_read_by_their_class(frame, kind):
    assert classify_error_frame(frame) is kind


def test_socketcan_settings_that_differ_from_the_config_are_named_with_the_fix():
    kernel = {
        "state": "ERROR-ACTIVE",
        "bittiming": {"bitrate": 250000},
        "data_bittiming": {"bitrate": 5000000},
    }
    config = BusConfig(
        name="adas", interface="socketcan", channel="can1", bitrate=500000, fd=True, data_bitrate=2000000
    )
    assert socketcan_mismatches(config, kernel) == [
        "can1 runs at 250000 bit/s but cockpit.toml says 500000; run hw/can-up.sh can1 500000 --fd 2000000",
        "can1 has CAN FD data bitrate 5000000 but cockpit.toml says 2000000; run hw/can-up.sh can1 500000 "
        "--fd 2000000",
    ]
    assert (
        socketcan_mismatches(
            config, {"bittiming": {"bitrate": 500000}, "data_bittiming": {"bitrate": 2000000}}
        )
        == []
    )


def test_kernel_settings_of_a_non_can_interface_are_unknown():
    assert kernel_can_settings("lo") is None
    assert kernel_can_settings("cockpit-no-such-if") is None
