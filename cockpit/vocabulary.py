"""The cockpit's vocabulary, spelled once: pages, themes, languages, unit systems (and the one
metric-to-imperial table), bus states, and the id discovery gives a handoff peer.

The configuration checks against these, the command line offers them, the Qt models validate with
them and QML reads them through one exported object (``cockpit.hmi.vocabulary_object``), so a new
page or theme is one line here. No Qt, no I/O: every layer may import this module.
"""

from __future__ import annotations

from enum import StrEnum


class Page(StrEnum):
    """The cockpit's pages, in the order of the tab bar."""

    DRIVE = "drive"
    ENERGY = "energy"
    ADAS = "adas"
    DEVICES = "devices"
    DIAGNOSTICS = "diagnostics"
    SETTINGS = "settings"


class Theme(StrEnum):
    """The colour themes; ``auto`` follows the time of day (resolved to day or night)."""

    DAY = "day"
    NIGHT = "night"
    AUTO = "auto"


class Language(StrEnum):
    """The languages the cockpit speaks (English is the source of every ``qsTr()``)."""

    EN = "en"
    ZH_CN = "zh_CN"


class UnitSystem(StrEnum):
    """How distances, speeds and temperatures are shown."""

    METRIC = "metric"
    IMPERIAL = "imperial"


class BusState(StrEnum):
    """The health of one bus, as the Diagnostics page and the telltale show it."""

    OK = "ok"  # frames arrive, no recent error frames
    ERROR = "error"  # error frames seen recently (warning / error-passive, protocol errors)
    BUS_OFF = "bus-off"  # the controller left the bus; nothing is received until it restarts
    OFFLINE = "offline"  # the adapter is gone or cannot be opened, or the bus is silent


# Metric VSS unit -> (imperial unit, factor, offset): imperial = metric * factor + offset. The one
# copy of the conversion: QML's Units singleton gets it through ``as_dict()["imperial"]``.
IMPERIAL: dict[str, tuple[str, float, float]] = {
    "km/h": ("mph", 1 / 1.609344, 0.0),
    "km": ("mi", 1 / 1.609344, 0.0),
    "m": ("ft", 1 / 0.3048, 0.0),
    "celsius": ("fahrenheit", 9 / 5, 32.0),
    "kWh/100km": ("kWh/100mi", 1.609344, 0.0),
}

PAGES: tuple[str, ...] = tuple(page.value for page in Page)
THEMES: tuple[str, ...] = tuple(theme.value for theme in Theme)
LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
UNIT_SYSTEMS: tuple[str, ...] = tuple(system.value for system in UnitSystem)

# --- the id discovery gives a handoff peer ----------------------------------------------------------
# A device that announces the cockpit's handoff service is listed as "handoff:<its paired id>";
# pairing and the handoff know it by the paired id alone. These two functions are the only place the
# prefix is spelled.
_HANDOFF_PREFIX = "handoff:"


def handoff_device_id(peer_id: str) -> str:
    """The discovery id of the handoff peer whose paired id is ``peer_id``."""
    return f"{_HANDOFF_PREFIX}{peer_id}"


def handoff_peer_id(device_id: str) -> str | None:
    """The paired id behind a discovery id, or None when the device is no handoff peer."""
    if device_id.startswith(_HANDOFF_PREFIX):
        return device_id[len(_HANDOFF_PREFIX) :]
    return None


def as_dict() -> dict[str, object]:
    """The vocabulary for QML, as the one object Main.qml receives (``vocabulary``): each list by
    name (``vocabulary.pages``) and each word by its name (``vocabulary.page.drive``,
    ``vocabulary.theme.night``, ``vocabulary.busState.busOff``)."""

    def words(enum: type[StrEnum]) -> dict[str, str]:
        return {_camel(member.name): member.value for member in enum}

    return {
        "pages": list(PAGES),
        "themes": list(THEMES),
        "languages": list(LANGUAGES),
        "unitSystems": list(UNIT_SYSTEMS),
        "busStates": [state.value for state in BusState],
        "page": words(Page),
        "theme": words(Theme),
        "language": words(Language),
        "unitSystem": words(UnitSystem),
        "busState": words(BusState),
        "imperial": {
            unit: {"unit": target, "factor": factor, "offset": offset}
            for unit, (target, factor, offset) in IMPERIAL.items()
        },
    }


def _camel(name: str) -> str:
    first, *rest = name.lower().split("_")
    return first + "".join(part.capitalize() for part in rest)
