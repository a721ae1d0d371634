"""``--car auto``: which profile a car is, from the frame ids it sends in its first two seconds.

As opendbc's fingerprints do, a car is recognised by the ids on its bus; here the ids come from the
profile's DBCs (every message they define), so no list is kept by hand. A profile fits when nearly
every id seen is one its DBCs define and several of the messages its mapping reads were seen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cockpit.cars.profile import CarProfile, opendbc_dbc

FINGERPRINT_WINDOW_S = 2.0
MIN_KNOWN_SHARE = 0.9  # of the ids seen, this share must be in the profile's DBCs
MIN_MAPPED_SEEN = 3  # and at least this many of the messages its mapping reads


@dataclass(frozen=True)
class FingerprintScore:
    """How well one profile explains the ids seen."""

    profile: CarProfile
    known_share: float  # of the ids seen, the share its DBCs define
    mapped_seen: int  # messages its mapping reads that were seen
    mapped_total: int

    @property
    def fits(self) -> bool:
        """True when the profile explains the ids (see the module docstring)."""
        return self.known_share >= MIN_KNOWN_SHARE and self.mapped_seen >= min(
            MIN_MAPPED_SEEN, self.mapped_total
        )

    def explain(self, seen: int) -> str:
        """One sentence on the score, for the user."""
        return (
            f"{self.profile.name} ({self.profile.car}): {self.known_share:.0%} of the {seen} ids seen are in "
            f"its DBCs, and {self.mapped_seen} of the {self.mapped_total} messages its mapping reads "
            "were seen"
        )


def profile_ids(profile: CarProfile) -> tuple[set[int], set[int]]:
    """(every id the profile's DBCs define, the ids of the messages its mapping reads)."""
    names = {entry.signal for entry in profile.mapping_entries()}
    every: set[int] = set()
    mapped: set[int] = set()
    for bus in profile.buses:
        for dbc in bus.dbcs:
            for message in opendbc_dbc(dbc).database.messages:
                every.add(message.frame_id)
                if any(s.name in names or f"{message.name}.{s.name}" in names for s in message.signals):
                    mapped.add(message.frame_id)
    return every, mapped


def score(profile: CarProfile, seen_ids: set[int]) -> FingerprintScore:
    """Score ``profile`` against the ids seen."""
    every, mapped = profile_ids(profile)
    known = len(seen_ids & every) / len(seen_ids) if seen_ids else 0.0
    return FingerprintScore(profile, known, len(seen_ids & mapped), len(mapped))


@dataclass(frozen=True)
class Recognition:
    """The outcome of ``--car auto``: the profile chosen (or None) and why."""

    profile: CarProfile | None
    reason: str
    scores: tuple[FingerprintScore, ...]


def recognise(seen_ids: Iterable[int], candidates: Iterable[CarProfile]) -> Recognition:
    """Pick the profile that explains the ids seen best, or say that none fits and which came closest."""
    seen = set(seen_ids)
    scores = sorted(
        (score(profile, seen) for profile in candidates),
        key=lambda s: (s.fits, s.known_share, s.mapped_seen),
        reverse=True,
    )
    if not seen:
        return Recognition(
            None, "no frame was seen in the first 2 s, so no car can be recognised", tuple(scores)
        )
    best = scores[0]
    if best.fits:
        return Recognition(best.profile, f"recognised as {best.explain(len(seen))}", tuple(scores))
    return Recognition(
        None,
        f"no car profile fits the {len(seen)} ids seen; the closest is {best.explain(len(seen))}",
        tuple(scores),
    )
