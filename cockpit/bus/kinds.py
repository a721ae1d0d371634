"""Opening a python-can bus from a ``BusConfig``: a registry of bus kinds, not an if-chain.

Most interfaces need nothing special: their name, channel, bitrate and FD settings go straight to
``can.Bus``. The kinds registered here are the ones that do: ``slcan`` (a serial adapter found by
its USB id each time it is opened, with python-can's two-second Arduino reset wait turned off),
``socketcan`` (FD flag and a clear hint when the interface is down), ``virtual`` and ``replay`` (a
log file played as a bus). Every failure is a ``BusError`` naming the bus, the interface and channel
and what to do.
"""

from __future__ import annotations

import difflib
import errno
import json
import logging
import re
import subprocess
from collections.abc import Callable, Iterable
from typing import Any

import can

from cockpit.config import BusConfig, UsbId
from cockpit.errors import BusError

log = logging.getLogger(__name__)

BusOpener = Callable[[BusConfig], can.BusABC]

BUS_KINDS: dict[str, BusOpener] = {}


def bus_kind(name: str) -> Callable[[BusOpener], BusOpener]:
    """Register an opener for the interface ``name`` (a decorator)."""

    def register(opener: BusOpener) -> BusOpener:
        BUS_KINDS[name] = opener
        return opener

    return register


def known_interfaces() -> list[str]:
    """Every interface name a bus may use: python-can's and the ones registered here."""
    return sorted(set(can.interfaces.VALID_INTERFACES) | set(BUS_KINDS))


def unknown_interface_problem(interface: str) -> str | None:
    """None if ``interface`` is known; else what is wrong, with the nearest name and the known ones."""
    known = known_interfaces()
    if interface in known:
        return None
    close = difflib.get_close_matches(interface, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown interface {interface!r}; {hint}known interfaces: {', '.join(known)}"


def check_interface(interface: str, bus_name: str = "cli") -> None:
    """Raise BusError naming the nearest known interface if ``interface`` is not one."""
    problem = unknown_interface_problem(interface)
    if problem is not None:
        raise BusError(f"bus {bus_name!r}: {problem}")


def open_bus(config: BusConfig) -> can.BusABC:
    """Open the bus ``config`` describes; BusError says which bus failed, why, and what to do."""
    check_interface(config.interface, config.name)
    opener = BUS_KINDS.get(config.interface, _open_generic)
    try:
        return opener(config)
    except BusError:
        raise
    except (can.CanError, OSError, ValueError, TypeError, ImportError) as exc:
        hint = _hint(config, exc)
        if hint.startswith(_FIX_FIRST):  # the fix is the news: first, where a short line still shows it
            raise BusError(
                f"bus {config.name!r} ({config.describe()}): cannot open: {hint[2:]} ({exc})"
            ) from exc
        raise BusError(f"bus {config.name!r} ({config.describe()}): cannot open: {exc}{hint}") from exc


# python-can interfaces whose driver is an optional Python package: the pip command that adds it.
_OPTIONAL_PACKAGES = {
    "gs_usb": "python-can[gs-usb]",
    "cantact": "python-can[cantact]",
    "canalystii": "python-can[canalystii]",
    "seeedstudio": "python-can[seeedstudio]",
    "serial": "python-can[serial]",
    "slcan": "python-can[serial]",
    "robotell": "python-can[serial]",
    "neovi": "python-can[neovi]",
    "remote": "python-can-remote",
    "sontheim": "python-can-sontheim",
    "zlg": "zlgcan",
}
_FIX_FIRST = ("; the ", "; this kernel has no SocketCAN")
_MISSING_MODULE = re.compile(r"No module named '([^'.]+)")


def bus_opener(config: BusConfig) -> Callable[[], can.BusABC]:
    """A no-argument opener for ``BusReader``: opens ``config`` afresh at each (re)connection."""
    return lambda: open_bus(config)


def _hint(config: BusConfig, exc: BaseException) -> str:
    text = str(exc)
    missing = _MISSING_MODULE.search(text)
    if isinstance(exc, ImportError) or missing or "not installed" in text or "library not found" in text:
        package = _OPTIONAL_PACKAGES.get(config.interface) or (missing.group(1) if missing else None)
        if package:
            return (
                f"; the {config.interface} interface needs an optional package: "
                f'pip install "{package}" into the cockpit\'s environment'
            )
        return f"; the {config.interface} interface needs its vendor driver library installed"
    if config.interface == "socketcan" and getattr(exc, "errno", None) == errno.EAFNOSUPPORT:
        return (
            "; this kernel has no SocketCAN (address family AF_CAN): load it with `sudo modprobe "
            "can_raw` (and `vcan` for a virtual bus), or use --interface virtual"
        )
    if config.interface == "socketcan":
        return (
            f"; check `ip link show {config.channel}` and bring it up with hw/can-up.sh "
            f"{config.channel} {config.bitrate or 500000}"
        )
    if config.interface == "slcan":
        return "; check the adapter is plugged in and the port (or USB id) in cockpit.toml"
    return ""


def _python_can_kwargs(config: BusConfig) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if config.bitrate is not None:
        kwargs["bitrate"] = config.bitrate
    if config.fd:
        kwargs["fd"] = True
        if config.data_bitrate is not None:
            kwargs["data_bitrate"] = config.data_bitrate
    kwargs.update(config.options)
    return kwargs


def _open_generic(config: BusConfig) -> can.BusABC:
    check_interface(config.interface, config.name)
    return can.Bus(interface=config.interface, channel=config.channel, **_python_can_kwargs(config))


@bus_kind("virtual")
def _open_virtual(config: BusConfig) -> can.BusABC:
    kwargs = _python_can_kwargs(config)
    kwargs.pop("bitrate", None)
    kwargs.pop("data_bitrate", None)
    return can.Bus(interface="virtual", channel=config.channel or "cockpit", **kwargs)


@bus_kind("socketcan")
def _open_socketcan(config: BusConfig) -> can.BusABC:
    kwargs = _python_can_kwargs(config)
    # The kernel owns the bitrate (ip link / hw/can-up.sh); python-can's socketcan ignores it.
    kwargs.pop("bitrate", None)
    kwargs.pop("data_bitrate", None)
    bus = can.Bus(interface="socketcan", channel=config.channel, **kwargs)
    for problem in socketcan_mismatches(config, kernel_can_settings(config.channel or "")):
        log.warning("bus %s: %s", config.name, problem)
    return bus


def kernel_can_settings(interface: str) -> dict[str, Any] | None:
    """The kernel's CAN settings of ``interface`` from ``ip -json -details link show`` (None if
    unknown: no ``ip``, no such interface, or not a CAN interface)."""
    try:
        result = subprocess.run(
            ["ip", "-json", "-details", "link", "show", interface],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
        links = json.loads(result.stdout) if result.returncode == 0 else []
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    info = (links[0].get("linkinfo") or {}) if links else {}
    return info.get("info_data") if info.get("info_kind") == "can" else None


def socketcan_mismatches(config: BusConfig, kernel: dict[str, Any] | None) -> list[str]:
    """Where the interface's kernel settings differ from cockpit.toml, each with the fix."""
    if not kernel:
        return []
    fix = f"run hw/can-up.sh {config.channel} {config.bitrate or 500000}" + (
        f" --fd {config.data_bitrate}" if config.data_bitrate else ""
    )
    problems = []
    bitrate = (kernel.get("bittiming") or {}).get("bitrate")
    if config.bitrate and bitrate and bitrate != config.bitrate:
        problems.append(
            f"{config.channel} runs at {bitrate} bit/s but cockpit.toml says {config.bitrate}; {fix}"
        )
    data_bitrate = (kernel.get("data_bittiming") or {}).get("bitrate")
    if config.data_bitrate and data_bitrate != config.data_bitrate:
        problems.append(
            f"{config.channel} has CAN FD data bitrate {data_bitrate or 'unset'} but "
            f"cockpit.toml says {config.data_bitrate}; {fix}"
        )
    if kernel.get("state") == "BUS-OFF":
        problems.append(
            f"{config.channel} is bus-off; check wiring and termination (restart-ms brings it back)"
        )
    return problems


@bus_kind("slcan")
def _open_slcan(config: BusConfig) -> can.BusABC:
    port = config.port or config.channel
    if config.usb is not None:
        port = find_usb_port(config.usb)
    if not port:
        raise BusError(f"bus {config.name!r}: slcan needs a port or a usb id in cockpit.toml")
    kwargs = _python_can_kwargs(config)
    # python-can waits 2 s after opening for boards that reset on open; USB CDC adapters do not, and
    # the wait would delay every reconnection. Opt back in with options = { sleep_after_open = 2 }.
    kwargs.setdefault("sleep_after_open", 0.0)
    kwargs.pop("fd", None)
    data_bitrate = kwargs.pop("data_bitrate", None)
    if data_bitrate is not None:
        kwargs["timing"] = can.BitTimingFd.from_sample_point(
            f_clock=80_000_000,
            nom_bitrate=config.bitrate or 500_000,
            nom_sample_point=80.0,
            data_bitrate=data_bitrate,
            data_sample_point=80.0,
        )
        kwargs.pop("bitrate", None)
    from cockpit.bus.slcan import SlcanLineBus  # a bad line drops that line, not the bus

    return SlcanLineBus(port, **kwargs)


@bus_kind("replay")
def _open_replay(config: BusConfig) -> can.BusABC:
    from cockpit.bus.replay import ReplayBus  # only a replay needs the log readers

    if not config.channel:
        raise BusError(f"bus {config.name!r}: replay needs channel = the log file to play")
    return ReplayBus(config.channel, **dict(config.options))


def find_usb_port(usb: UsbId, ports: Iterable[Any] | None = None) -> str:
    """The serial port of the USB adapter ``usb`` (vendor:product, and serial number if given).

    ``ports`` defaults to ``serial.tools.list_ports.comports()``; looked up at every open, because a
    replugged adapter may come back as another ttyACM.
    """
    if ports is None:
        from serial.tools import list_ports

        ports = list_ports.comports()
    seen = []
    for port in ports:
        if port.vid is None:
            continue
        seen.append(f"{port.device} ({port.vid:04x}:{port.pid:04x})")
        if (port.vid, port.pid) == (usb.vendor_id, usb.product_id) and (
            usb.serial_number is None or port.serial_number == usb.serial_number
        ):
            return str(port.device)
    present = ", ".join(seen) or "no USB serial adapters"
    raise BusError(
        f"no serial adapter with USB id {usb} is connected (present: {present}); plug it "
        "in, or check the id with lsusb"
    )
