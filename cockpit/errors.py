"""One error tree for the whole cockpit.

Every error raised at an edge (a file, a device, a peer) is a clear sentence that names what failed
and what to do. Standard-library mix-ins keep ``except ValueError`` / ``except OSError`` working.
"""

from __future__ import annotations


class CockpitError(Exception):
    """Base of every error the cockpit raises on purpose; the CLI prints these without a traceback."""


class DbcError(CockpitError, ValueError):
    """A DBC file cannot be loaded or used (names the file, the line where known, and the problem)."""


class MappingError(CockpitError, ValueError):
    """A VSS mapping file is broken or does not fit its DBC (names the file, the signal and the fix)."""


class TransformError(MappingError):
    """A ``transform.math`` expression is not one we can evaluate safely."""


class ConfigError(CockpitError, ValueError):
    """``cockpit.toml`` is missing or invalid (names the key, the line and the fix)."""


class BusError(CockpitError, OSError):
    """A CAN bus or adapter cannot be opened or has failed (names the interface and channel)."""


class DiscoveryError(CockpitError, OSError):
    """mDNS discovery cannot start (names the interface)."""


class HandoffError(CockpitError):
    """A handoff, pairing or protocol failure."""
