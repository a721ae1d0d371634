"""Find the data folders (can_dbc, ui, hw) in a wheel and in an editable install alike.

In a wheel they are packaged under ``cockpit/_data/``; in a source checkout (editable install,
tests) they sit at the top of the repository beside the ``cockpit`` package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``can_dbc``, ``ui`` or ``hw``), wherever it was installed."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"cockpit data folder {name!r} not found beside {_PACKAGE_DIR}; reinstall the package "
        "(pip install .) or run from a source checkout"
    )


def reference_dbc() -> Path:
    """The reference vehicle's DBC, ``can_dbc/cockpit_ev.dbc``."""
    return data_dir("can_dbc") / "cockpit_ev.dbc"


def reference_mapping() -> Path:
    """The VSS mapping (KUKSA dbc2vss JSON) for the reference vehicle."""
    return data_dir("can_dbc") / "cockpit_ev.vss.json"


def ui_dir() -> Path:
    """The QML tree (``ui/``)."""
    return data_dir("ui")


def hw_dir() -> Path:
    """The head-unit integration files (``hw/``)."""
    return data_dir("hw")
