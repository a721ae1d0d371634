"""``cockpit.toml``: the head unit's configuration, loaded into dataclasses and validated at start.

Every mistake is reported as one sentence that names the key, the line in the file and the fix, e.g.
``cockpit.toml:12: buses.adas.bitrate: 5000000 is not a classic CAN bitrate; did you mean
data_bitrate for CAN FD?``. No Qt and no CAN here: the bus layer, the HMI and the handoff rules read
the dataclasses.

Where the file is looked for (first found wins): ``--config PATH``, then
``$XDG_CONFIG_HOME/cockpit/cockpit.toml`` (``~/.config/cockpit/cockpit.toml``), then
``/etc/cockpit/cockpit.toml``. ``hw/cockpit.toml`` is the documented example.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cockpit import vocabulary
from cockpit.daylight import DEFAULT_LATITUDE, DEFAULT_LONGITUDE
from cockpit.errors import ConfigError

SYSTEM_CONFIG = Path("/etc/cockpit/cockpit.toml")

# Nominal bitrates a classic CAN controller is set to in cars and on adapters (ISO 11898, SAE J2284).
CLASSIC_BITRATES = (
    10_000,
    20_000,
    33_333,
    50_000,
    83_333,
    83_300,
    100_000,
    125_000,
    250_000,
    500_000,
    800_000,
    1_000_000,
)
# CAN FD data-phase bitrates in use (CiA 601); the arbitration phase stays classic.
FD_DATA_BITRATES = (1_000_000, 2_000_000, 4_000_000, 5_000_000, 8_000_000, 10_000_000, 12_000_000)
ROTATIONS = (0, 90, 180, 270)
UNIT_SYSTEMS = vocabulary.UNIT_SYSTEMS  # re-exported: the names are spelled in cockpit/vocabulary.py
THEMES = vocabulary.THEMES
# The languages the cockpit has translations for (ui/i18n); a test keeps this in step with ui/i18n.
LANGUAGES = vocabulary.LANGUAGES
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z][A-Za-z]{1,3})?$")
_BUS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_USB_ID = re.compile(r"^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$")


# --- the dataclasses ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class UsbId:
    """A USB adapter's vendor and product id (and serial number, to tell two alike apart)."""

    vendor_id: int
    product_id: int
    serial_number: str | None = None

    def __str__(self) -> str:
        text = f"{self.vendor_id:04x}:{self.product_id:04x}"
        return f"{text} (serial {self.serial_number})" if self.serial_number else text


@dataclass(frozen=True)
class BusConfig:
    """One CAN bus: how to open it (a python-can interface) and how to decode it (DBC + mapping).

    ``channel`` is what python-can calls the channel (``can0``, a serial port, a log file for
    ``replay``). Serial adapters (slcan) give either ``port`` or ``usb`` instead; the bus layer finds
    the port of a USB adapter each time it opens, so a replugged adapter with a new tty is found.
    ``dbc``/``mapping`` None mean the reference vehicle's.
    """

    name: str
    interface: str = "virtual"
    channel: str | None = None
    bitrate: int | None = None
    fd: bool = False
    data_bitrate: int | None = None
    dbc: Path | tuple[Path, ...] | None = None  # several DBC files may describe one bus
    mapping: Path | None = None
    stale_factor: float = 3.0
    port: str | None = None
    usb: UsbId | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # passed through to python-can

    def describe(self) -> str:
        """How the bus is reached, for messages: ``socketcan channel can1``."""
        where = self.channel or self.port or (f"USB {self.usb}" if self.usb else "default channel")
        return f"{self.interface} {where}"


@dataclass(frozen=True)
class DisplayConfig:
    """The screen: size in pixels, fullscreen (kiosk) or a window, and rotation in degrees."""

    width: int = 1920
    height: int = 720
    fullscreen: bool = False
    rotation: int = 0

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels, before rotation."""
        return (self.width, self.height)


@dataclass(frozen=True)
class DefaultsConfig:
    """What the cockpit shows at start until the driver changes it."""

    units: str = "metric"
    theme: str = "night"
    language: str = "en"
    # Where the car usually is, for theme = "auto" without a valid headlamp signal (sunrise/sunset).
    latitude: float = DEFAULT_LATITUDE
    longitude: float = DEFAULT_LONGITUDE


@dataclass(frozen=True)
class DiscoveryConfig:
    """Where mDNS discovery may listen: the car's hotspot, never a WAN. Names or IPv4 addresses."""

    interfaces: tuple[str, ...] = ("127.0.0.1",)
    enabled: bool = True


@dataclass(frozen=True)
class RuleConfig:
    """One ``[[handoff.rules]]`` table, kept generic: the handoff engine interprets ``fields``.

    ``line`` is where the table starts in the file, so the rules can name it in their own errors.
    """

    index: int
    line: int | None
    fields: Mapping[str, Any]

    @property
    def name(self) -> str:
        """The rule's ``name`` key, or ``rule #N``."""
        return str(self.fields.get("name", f"rule #{self.index + 1}"))


# [handoff] settings beside ``enabled`` and ``rules``: key -> (TOML type, what to write).
HANDOFF_SETTINGS: dict[str, tuple[type, str]] = {
    "name": (str, 'the car\'s name as the phone shows it, e.g. "My car"'),
    "state_dir": (str, "a folder path for the handoff's keys"),
    "take_over_on_arriving": (bool, "true or false"),
}


@dataclass(frozen=True)
class HandoffConfig:
    """Handoff to a paired phone: on or off, free-form settings, and the rules that trigger it."""

    enabled: bool = True
    settings: Mapping[str, Any] = field(default_factory=dict)
    rules: tuple[RuleConfig, ...] = ()


ZENOH_MODES = ("peer", "client", "router")
ZENOH_DEFAULT_ENDPOINT = "tcp/127.0.0.1:7447"
# proto/address[?metadata][#config], the Zenoh endpoint grammar; the address checked where we can.
_ENDPOINT = re.compile(r"^(?P<proto>[a-z][a-z0-9-]*)/(?P<address>[^?#]+)(\?[^#]*)?(#.*)?$")
_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?P<port>\d{1,5})$")
_ZENOH_PROTOCOLS = ("tcp", "udp", "tls", "quic", "ws", "unixsock-stream")


@dataclass(frozen=True)
class ZenohTlsConfig:
    """``[zenoh.tls]``: TLS for ``tls/`` endpoints. ``root_ca`` is the CA that signs the car's nodes;
    ``certificate``/``private_key`` are this node's (for listening and, with ``mtls``, dialling)."""

    root_ca: Path
    certificate: Path | None = None
    private_key: Path | None = None
    mtls: bool = True


@dataclass(frozen=True)
class ZenohConfig:
    """The vehicle-wide signal link (``[zenoh]``): how this computer joins the Zenoh network.

    The default is an embedded peer on loopback: the gateway listens on 127.0.0.1:7447, the
    displays dial it, scouting stays off, so nothing leaves the machine and no router is needed.
    ``credentials`` is a ``user:password`` file (None: one made for this user on first use);
    ``writers`` are the users allowed to publish ``vss/**``.
    """

    mode: str = "peer"
    listen: tuple[str, ...] = (ZENOH_DEFAULT_ENDPOINT,)
    connect: tuple[str, ...] = ()
    multicast_scouting: bool = False
    credentials: Path | None = None
    writers: tuple[str, ...] = ("gateway",)
    heartbeat_ms: int | None = None  # None: the fastest signal's cycle time
    tls: ZenohTlsConfig | None = None

    @property
    def display_endpoints(self) -> tuple[str, ...]:
        """What a display dials: ``connect`` when set (a router), else the gateway's ``listen``."""
        return self.connect or self.listen


@dataclass(frozen=True)
class CarConfig:
    """``[car]``: the car profile (cockpit.cars) whose DBCs and mapping decode the buses, or None."""

    profile: str | None = None


@dataclass(frozen=True)
class CockpitConfig:
    """The whole ``cockpit.toml``; ``path`` is None when the built-in defaults are used."""

    path: Path | None = None
    buses: tuple[BusConfig, ...] = ()
    display: DisplayConfig = field(default_factory=DisplayConfig)
    defaults: DefaultsConfig = field(default_factory=DefaultsConfig)
    discovery: DiscoveryConfig = field(default_factory=DiscoveryConfig)
    handoff: HandoffConfig = field(default_factory=HandoffConfig)
    zenoh: ZenohConfig = field(default_factory=ZenohConfig)
    car: CarConfig = field(default_factory=CarConfig)

    def bus(self, name: str) -> BusConfig:
        """The bus called ``name``; ConfigError lists the configured ones otherwise."""
        for bus in self.buses:
            if bus.name == name:
                return bus
        known = ", ".join(b.name for b in self.buses) or "none"
        raise ConfigError(f"no bus {name!r} in {self.path or 'the configuration'} (configured: {known})")


# --- finding the file --------------------------------------------------------------------------------
def search_paths() -> list[Path]:
    """Where the configuration is looked for when no ``--config`` is given, in order."""
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return [Path(xdg) / "cockpit" / "cockpit.toml", SYSTEM_CONFIG]


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file to use: ``explicit`` (which must exist), else the first of
    :func:`search_paths` that exists, else None."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(
                f"{path}: no such configuration file; check the --config path "
                "(hw/cockpit.toml is a documented example)"
            )
        return path
    for candidate in search_paths():
        if candidate.is_file():
            return candidate
    return None


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--config PATH`` to a command's parser."""
    where = " then ".join(str(p) for p in search_paths())
    parser.add_argument(
        "--config", metavar="PATH", default=None, help=f"cockpit.toml to use (default: {where})"
    )


def load_config(path: str | os.PathLike[str] | None = None, *, required: bool = False) -> CockpitConfig:
    """Load and validate the configuration from ``path`` or the default locations.

    Without a file the built-in defaults are returned, unless ``required`` (the head unit's ``run``),
    in which case ConfigError says where it looked and what to do.
    """
    found = find_config(path)
    if found is None:
        if required:
            where = ", ".join(str(p) for p in search_paths())
            raise ConfigError(
                f"no cockpit.toml found (looked in {where}); copy hw/cockpit.toml to one "
                "of these places and edit it, or pass --config PATH"
            )
        return CockpitConfig()
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{found}: cannot read the configuration ({exc}); check the file and its permissions"
        ) from None
    return parse_config(text, found)


def parse_config(text: str, path: Path | None = None) -> CockpitConfig:
    """Parse and validate TOML ``text``; ``path`` names the file in messages and anchors relative paths."""
    source = str(path) if path else "cockpit.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}; fix the syntax there") from None
    return _Validator(text, source, path.parent if path else Path.cwd()).build(data, path)


# --- validation --------------------------------------------------------------------------------------
class _KeyLines:
    """Finds the line of a dotted key in the TOML text, for error messages (best effort, no parser).

    Tracks ``[table]`` / ``[[array]]`` headers and ``key =`` lines; dotted keys and inline tables
    fall back to the table's header line, which is still where to look.
    """

    _HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._array_counts: dict[str, int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(line)
            if header:
                table = self._normalise(header.group(1))
                if line.lstrip().startswith("[["):
                    self._lines.setdefault(table, number)
                    index = self._array_counts.get(table, 0)
                    self._array_counts[table] = index + 1
                    table = f"{table}.{index}"
                self._lines.setdefault(table, number)
                continue
            key = self._KEY.match(line)
            if key:
                full = f"{table}.{self._normalise(key.group(1))}" if table else self._normalise(key.group(1))
                self._lines.setdefault(full, number)

    @staticmethod
    def _normalise(key: str) -> str:
        return ".".join(part.strip().strip("\"'") for part in key.split("."))

    def line(self, dotted: str) -> int | None:
        """Line of ``dotted`` (or of the nearest enclosing table that is in the file)."""
        parts = dotted.split(".")
        while parts:
            number = self._lines.get(".".join(parts))
            if number is not None:
                return number
            parts.pop()
        return None


class _Validator:
    """Turns the parsed TOML into dataclasses, raising ConfigError at the first problem."""

    def __init__(self, text: str, source: str, base_dir: Path) -> None:
        self._lines = _KeyLines(text)
        self._source = source
        self._base = base_dir

    # errors -------------------------------------------------------------------------------------
    def fail(self, key: str, problem: str) -> ConfigError:
        line = self._lines.line(key)
        where = f"{self._source}:{line}" if line else self._source
        return ConfigError(f"{where}: {key}: {problem}")

    def _check_keys(self, table: Mapping[str, Any], prefix: str, allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(allowed)}"
                raise self.fail(f"{prefix}.{key}", f"unknown key; {hint}")

    def _table(self, data: Mapping[str, Any], key: str, prefix: str = "") -> Mapping[str, Any]:
        full = f"{prefix}.{key}" if prefix else key
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            if full == "buses":
                raise self.fail(
                    full,
                    "write each bus as its own table, [buses.NAME] (e.g. [buses.powertrain]), not [[buses]]",
                )
            raise self.fail(full, f"must be a table ([{full}]), not {type(value).__name__}")
        return value

    def _typed(
        self,
        table: Mapping[str, Any],
        key: str,
        prefix: str,
        kinds: type | tuple[type, ...],
        default: Any,
        what: str,
    ) -> Any:
        if key not in table:
            return default
        value = table[key]
        # bool is an int in Python; a TOML `true` is never meant as a number
        if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
            raise self.fail(f"{prefix}.{key}", f"{value!r} is a boolean; expected {what}")
        if not isinstance(value, kinds):
            raise self.fail(f"{prefix}.{key}", f"{value!r} is not {what}")
        return value

    def _choice(
        self, table: Mapping[str, Any], key: str, prefix: str, choices: Sequence[Any], default: Any
    ) -> Any:
        value = table.get(key, default)
        if isinstance(value, str) and value not in choices and value in map(str, choices):
            raise self.fail(f"{prefix}.{key}", f"{value!r} is text; write {value} without quotes")
        if value not in choices:
            close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise self.fail(
                f"{prefix}.{key}", f"{value!r} is not one of {', '.join(map(str, choices))}{hint}"
            )
        return value

    def _file(self, table: Mapping[str, Any], key: str, prefix: str) -> Path | None:
        value = self._typed(table, key, prefix, str, None, "a file path")
        if value is None:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self._base / path  # relative to the config file, so a config folder travels whole
        if not path.is_file():
            raise self.fail(
                f"{prefix}.{key}",
                f"file {path} does not exist; fix the path (relative "
                "paths are read from the config file's folder)",
            )
        return path

    # sections -----------------------------------------------------------------------------------
    def build(self, data: Mapping[str, Any], path: Path | None) -> CockpitConfig:
        self._check_top(data)
        return CockpitConfig(
            path=path,
            buses=self._buses(self._table(data, "buses")),
            display=self._display(self._table(data, "display")),
            defaults=self._defaults(self._table(data, "defaults")),
            discovery=self._discovery(self._table(data, "discovery")),
            handoff=self._handoff(self._table(data, "handoff")),
            zenoh=self._zenoh(self._table(data, "zenoh")),
            car=self._car(self._table(data, "car")),
        )

    def _car(self, table: Mapping[str, Any]) -> CarConfig:
        self._check_keys(table, "car", ["profile"])
        profile = self._typed(
            table, "profile", "car", str, None, "a car profile name (cockpit cars lists them)"
        )
        if profile is not None:
            from cockpit.cars import UnknownCarError, get_profile

            try:
                get_profile(profile)
            except UnknownCarError as exc:
                raise self.fail("car.profile", str(exc)) from None
        return CarConfig(profile=profile)

    def _files(self, table: Mapping[str, Any], key: str, prefix: str) -> Path | tuple[Path, ...] | None:
        value = table.get(key)
        if isinstance(value, list):
            if not value or not all(isinstance(item, str) for item in value):
                raise self.fail(f"{prefix}.{key}", "a list of DBC file paths must hold strings, at least one")
            paths = [self._file({key: item}, key, prefix) for item in value]
            return tuple(path for path in paths if path is not None)  # each item is a path: none is None
        return self._file(table, key, prefix)

    def _check_top(self, data: Mapping[str, Any]) -> None:
        allowed = ["buses", "display", "defaults", "discovery", "handoff", "zenoh", "car"]
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean [{close[0]}]?" if close else f"known sections: {', '.join(allowed)}"
                raise self.fail(key, f"unknown section; {hint}")

    _BUS_KEYS = (
        "interface",
        "channel",
        "bitrate",
        "fd",
        "data_bitrate",
        "dbc",
        "mapping",
        "stale_factor",
        "port",
        "usb",
        "options",
    )

    def _buses(self, buses: Mapping[str, Any]) -> tuple[BusConfig, ...]:
        out = []
        channels: dict[tuple[str, str], str] = {}
        for name, table in buses.items():
            prefix = f"buses.{name}"
            if not _BUS_NAME.match(name):
                raise self.fail(
                    prefix,
                    "a bus name starts with a letter and uses letters, digits, _ and -; rename the table",
                )
            if not isinstance(table, Mapping):
                raise self.fail(prefix, f"must be a table ([{prefix}]) with interface, channel, ...")
            self._check_keys(table, prefix, self._BUS_KEYS)
            bus = self._bus(name, table, prefix)
            where = bus.channel or bus.port or str(bus.usb)
            if (bus.interface, where) in channels:
                raise self.fail(
                    f"{prefix}.channel",
                    f"{bus.interface} {where} is already used by bus "
                    f"{channels[(bus.interface, where)]!r}; give each "
                    "bus its own channel",
                )
            channels[(bus.interface, where)] = name
            out.append(bus)
        return tuple(out)

    def _bus(self, name: str, table: Mapping[str, Any], prefix: str) -> BusConfig:
        interface = self._typed(
            table, "interface", prefix, str, None, "an interface name (socketcan, slcan, virtual, ...)"
        )
        if interface is None:
            raise self.fail(prefix, 'missing key interface; add e.g. interface = "socketcan"')
        from cockpit.bus.kinds import unknown_interface_problem  # the bus registry knows the names

        problem = unknown_interface_problem(interface)
        if problem is not None:
            raise self.fail(f"{prefix}.interface", problem)
        channel = self._typed(table, "channel", prefix, (str, int), None, "a channel name")
        fd = self._typed(table, "fd", prefix, bool, False, "true or false")
        bitrate = self._typed(table, "bitrate", prefix, int, None, "a bitrate in bit/s")
        data_bitrate = self._typed(table, "data_bitrate", prefix, int, None, "a bitrate in bit/s")
        if bitrate is not None and bitrate not in CLASSIC_BITRATES:
            if bitrate in FD_DATA_BITRATES and bitrate > 1_000_000:
                hint = "did you mean data_bitrate for CAN FD?"
            else:
                hint = "use one of " + ", ".join(str(b) for b in CLASSIC_BITRATES if b != 83_300)
            raise self.fail(f"{prefix}.bitrate", f"{bitrate} is not a classic CAN bitrate; {hint}")
        if data_bitrate is not None:
            if not fd:
                raise self.fail(
                    f"{prefix}.data_bitrate",
                    "is set but fd is not; add fd = true for a CAN FD bus, or remove data_bitrate",
                )
            if data_bitrate not in FD_DATA_BITRATES:
                raise self.fail(
                    f"{prefix}.data_bitrate",
                    f"{data_bitrate} is not a CAN FD data bitrate; use one of "
                    + ", ".join(str(b) for b in FD_DATA_BITRATES),
                )
            if bitrate is not None and data_bitrate < bitrate:
                raise self.fail(
                    f"{prefix}.data_bitrate",
                    f"{data_bitrate} is below the arbitration bitrate {bitrate}; swap them?",
                )
        stale_factor = self._typed(table, "stale_factor", prefix, (int, float), 3.0, "a number")
        if not 1.0 < stale_factor <= 100.0:
            raise self.fail(
                f"{prefix}.stale_factor",
                f"{stale_factor} is out of range; a signal goes "
                "stale after stale_factor x its cycle time; use "
                "more than 1, up to 100 (3 is usual)",
            )
        port = self._typed(table, "port", prefix, str, None, "a serial port path")
        usb = self._usb(table, prefix)
        if port and usb:
            raise self.fail(f"{prefix}.usb", "give either port or usb, not both")
        if channel is None and port is None and usb is None and interface != "virtual":
            example = '"can0"' if interface == "socketcan" else '"..."'
            serial_hint = " (or port / usb for a serial adapter)" if interface == "slcan" else ""
            raise self.fail(prefix, f"missing key channel; add e.g. channel = {example}{serial_hint}")
        options = self._typed(table, "options", prefix, dict, {}, "a table of python-can arguments")
        return BusConfig(
            name=name,
            interface=interface,
            channel=None if channel is None else str(channel),
            bitrate=bitrate,
            fd=fd,
            data_bitrate=data_bitrate,
            dbc=self._files(table, "dbc", prefix),
            mapping=self._file(table, "mapping", prefix),
            stale_factor=float(stale_factor),
            port=port,
            usb=usb,
            options=dict(options),
        )

    def _usb(self, table: Mapping[str, Any], prefix: str) -> UsbId | None:
        value = table.get("usb")
        if value is None:
            return None
        serial = None
        if isinstance(value, Mapping):
            self._check_keys(value, f"{prefix}.usb", ["id", "serial_number"])
            serial = value.get("serial_number")
            value = value.get("id")
        match = _USB_ID.match(value) if isinstance(value, str) else None
        if not match:
            raise self.fail(
                f"{prefix}.usb",
                f'{value!r} is not a USB id; write vendor:product in hex, e.g. usb = "1d50:606f" (see lsusb)',
            )
        return UsbId(
            int(match.group(1), 16), int(match.group(2), 16), None if serial is None else str(serial)
        )

    def _display(self, table: Mapping[str, Any]) -> DisplayConfig:
        prefix = "display"
        self._check_keys(table, prefix, ["size", "fullscreen", "rotation"])
        width, height = DisplayConfig.width, DisplayConfig.height
        if "size" in table:
            size = table["size"]
            match = re.match(r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$", size) if isinstance(size, str) else None
            if isinstance(size, list) and len(size) == 2 and all(type(v) is int for v in size):
                width, height = size
            elif match:
                width, height = int(match.group(1)), int(match.group(2))
            else:
                raise self.fail("display.size", f'{size!r} is not a size; write "1920x720"')
            if not (160 <= width <= 8192 and 120 <= height <= 8192):
                raise self.fail(
                    "display.size",
                    f'{width}x{height} is not a screen size; use the panel\'s native pixels, e.g. "1920x720"',
                )
        return DisplayConfig(
            width=width,
            height=height,
            fullscreen=self._typed(table, "fullscreen", prefix, bool, False, "true or false"),
            rotation=self._choice(table, "rotation", prefix, ROTATIONS, 0),
        )

    def _defaults(self, table: Mapping[str, Any]) -> DefaultsConfig:
        prefix = "defaults"
        self._check_keys(table, prefix, ["units", "theme", "language", "latitude", "longitude"])
        language = self._typed(table, "language", prefix, str, "en", "a language code")
        if language not in LANGUAGES:
            close = [known for known in LANGUAGES if known.lower() == language.lower().replace("-", "_")]
            close = close or difflib.get_close_matches(language, LANGUAGES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            if not _LANGUAGE.match(language):
                raise self.fail(
                    "defaults.language",
                    f'{language!r} is not a language code; write e.g. "en" or "zh_CN"{hint}',
                )
            raise self.fail(
                "defaults.language",
                f"{language!r} has no translation; the cockpit speaks {', '.join(LANGUAGES)}{hint}",
            )
        latitude = self._typed(
            table,
            "latitude",
            prefix,
            (int, float),
            DEFAULT_LATITUDE,
            "a latitude in degrees (north positive)",
        )
        if not -90 <= latitude <= 90:
            raise self.fail(
                "defaults.latitude",
                f"{latitude} is not a latitude; use -90 to 90 degrees "
                "(north positive), e.g. 39.9 for Beijing",
            )
        longitude = self._typed(
            table,
            "longitude",
            prefix,
            (int, float),
            DEFAULT_LONGITUDE,
            "a longitude in degrees (east positive)",
        )
        if not -180 <= longitude <= 180:
            raise self.fail(
                "defaults.longitude",
                f"{longitude} is not a longitude; use -180 to 180 "
                "degrees (east positive), e.g. 116.4 for Beijing",
            )
        return DefaultsConfig(
            units=self._choice(table, "units", prefix, UNIT_SYSTEMS, "metric"),
            theme=self._choice(table, "theme", prefix, THEMES, "night"),
            language=language,
            latitude=float(latitude),
            longitude=float(longitude),
        )

    def _discovery(self, table: Mapping[str, Any]) -> DiscoveryConfig:
        prefix = "discovery"
        self._check_keys(table, prefix, ["interfaces", "enabled"])
        interfaces = self._typed(
            table, "interfaces", prefix, list, ["127.0.0.1"], "a list of interface names or addresses"
        )
        for item in interfaces:
            if not isinstance(item, str) or not item:
                raise self.fail(
                    "discovery.interfaces",
                    f'{item!r} is not an interface name or address; write e.g. ["wlan0"]',
                )
            if item in ("0.0.0.0", "::", "*", "all"):
                raise self.fail(
                    "discovery.interfaces",
                    f"{item!r} would listen on every network, "
                    "including a WAN; name the car's hotspot "
                    'interface, e.g. "wlan0"',
                )
        return DiscoveryConfig(
            interfaces=tuple(interfaces),
            enabled=self._typed(table, "enabled", prefix, bool, True, "true or false"),
        )

    def _handoff(self, table: Mapping[str, Any]) -> HandoffConfig:
        prefix = "handoff"
        enabled = self._typed(table, "enabled", prefix, bool, True, "true or false")
        rules_value = table.get("rules", [])
        if not isinstance(rules_value, list) or not all(isinstance(r, Mapping) for r in rules_value):
            raise self.fail("handoff.rules", "must be a list of tables; write each rule as [[handoff.rules]]")
        rules = tuple(
            RuleConfig(index=i, line=self._lines.line(f"handoff.rules.{i}"), fields=dict(r))
            for i, r in enumerate(rules_value)
        )
        # Every setting is checked here, at load, with its line: not after the first frame.
        self._check_keys(table, prefix, ["enabled", "rules", *HANDOFF_SETTINGS])
        for key, (kind, what) in HANDOFF_SETTINGS.items():
            self._typed(table, key, prefix, kind, None, what)
        if rules:
            from cockpit.handoff.rules import RULE_KINDS  # only when rules are named: start-up stays light

            for rule in rules:
                unknown = sorted(set(rule.fields) - {"name"})
                if unknown:
                    where = f"{self._source}:{rule.line}" if rule.line else self._source
                    raise ConfigError(
                        f"{where}: [[handoff.rules]] key(s) {', '.join(unknown)} unknown; a rule "
                        f'is named, e.g. name = "park_and_door_open"'
                    )
                name = rule.fields.get("name")
                if name not in RULE_KINDS:
                    where = f"{self._source}:{rule.line}" if rule.line else self._source
                    raise ConfigError(
                        f"{where}: [[handoff.rules]] name {name!r} is not a handoff rule; "
                        f"use one of {', '.join(RULE_KINDS)}"
                    )
        settings = {k: v for k, v in table.items() if k not in ("enabled", "rules")}
        return HandoffConfig(enabled=enabled, settings=settings, rules=rules)

    def _zenoh(self, table: Mapping[str, Any]) -> ZenohConfig:
        prefix = "zenoh"
        self._check_keys(
            table,
            prefix,
            [
                "mode",
                "listen",
                "connect",
                "multicast_scouting",
                "credentials",
                "writers",
                "heartbeat_ms",
                "tls",
            ],
        )
        endpoints = {
            key: tuple(
                self._endpoint(item, f"{prefix}.{key}")
                for item in self._typed(
                    table, key, prefix, list, list(default), 'a list of endpoints like "tcp/127.0.0.1:7447"'
                )
            )
            for key, default in (("listen", ZenohConfig.listen), ("connect", ()))
        }
        writers = self._typed(table, "writers", prefix, list, ["gateway"], "a list of user names")
        if not writers or not all(isinstance(w, str) and re.match(r"^[A-Za-z0-9_.-]+$", w) for w in writers):
            raise self.fail(
                "zenoh.writers",
                f"{writers!r} must list the user names that may publish "
                'vss/** (letters, digits, _ . -), e.g. ["gateway"]',
            )
        heartbeat = self._typed(table, "heartbeat_ms", prefix, int, None, "milliseconds")
        if heartbeat is not None and not 5 <= heartbeat <= 1000:
            raise self.fail(
                "zenoh.heartbeat_ms",
                f"{heartbeat} is out of range; use 5 to 1000 ms (at "
                "most a third of the shortest signal timeout)",
            )
        return ZenohConfig(
            mode=self._choice(table, "mode", prefix, ZENOH_MODES, "peer"),
            listen=endpoints["listen"],
            connect=endpoints["connect"],
            multicast_scouting=self._typed(table, "multicast_scouting", prefix, bool, False, "true or false"),
            credentials=self._file(table, "credentials", prefix),
            writers=tuple(writers),
            heartbeat_ms=heartbeat,
            tls=self._zenoh_tls(table),
        )

    def _zenoh_tls(self, zenoh: Mapping[str, Any]) -> ZenohTlsConfig | None:
        if "tls" not in zenoh:
            return None
        prefix = "zenoh.tls"
        table = self._table(zenoh, "tls", "zenoh")
        self._check_keys(table, prefix, ["root_ca", "certificate", "private_key", "mtls"])
        root_ca = self._file(table, "root_ca", prefix)
        if root_ca is None:
            raise self.fail(
                prefix,
                'missing key root_ca; add root_ca = "ca.pem" (the CA that signs '
                "the car's gateway, router and displays)",
            )
        certificate, key = self._file(table, "certificate", prefix), self._file(table, "private_key", prefix)
        if (certificate is None) != (key is None):
            raise self.fail(prefix, "give certificate and private_key together (this node's own)")
        return ZenohTlsConfig(
            root_ca, certificate, key, self._typed(table, "mtls", prefix, bool, True, "true or false")
        )

    def _endpoint(self, item: Any, key: str) -> str:
        return check_endpoint(item, lambda problem: self.fail(key, problem))


def check_endpoint(item: Any, fail: Any = ConfigError) -> str:
    """``item`` if it is a Zenoh endpoint (``tcp/127.0.0.1:7447``); else ``fail(problem)`` is raised."""
    example = 'write e.g. "tcp/127.0.0.1:7447" or "tcp/[::1]:7447"'
    match = _ENDPOINT.match(item) if isinstance(item, str) else None
    if not match:
        raise fail(f"{item!r} is not a Zenoh endpoint (protocol/address); {example}")
    proto, address = match.group("proto"), match.group("address")
    if proto not in _ZENOH_PROTOCOLS:
        raise fail(f"{item!r}: unknown protocol {proto!r}; use one of {', '.join(_ZENOH_PROTOCOLS)}")
    if proto != "unixsock-stream":
        host_port = _HOST_PORT.match(address)
        if not host_port or int(host_port.group("port")) > 65535:
            raise fail(f"{item!r}: {address!r} is not host:port with a port of 0-65535; {example}")
    return item
