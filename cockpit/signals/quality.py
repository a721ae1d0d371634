"""Signal quality: whether a value may be shown as true."""

from __future__ import annotations

from enum import Enum


class Quality(str, Enum):
    """How trustworthy a signal's latest value is.

    Only ``VALID`` may be displayed as a number; the HMI shows a dash for the rest.
    """

    NOT_RECEIVED = "not_received"  # never seen since start
    VALID = "valid"  # fresh and passed every check
    STALE = "stale"  # no update within its timeout
    INVALID = "invalid"  # E2E failure, "not available" raw value, or out of range

    def __str__(self) -> str:
        return self.value
