"""Numeric comparison: the same code on both screens, a different one if anyone swaps a key."""

from __future__ import annotations

import secrets

from cockpit.handoff.pairing import PairingLimiter, commitment, comparison_code

CAR, PHONE, EVIL = (secrets.token_bytes(91) for _ in range(3))
NI, NR = secrets.token_bytes(32), secrets.token_bytes(32)


def test_the_code_is_six_digits_and_the_same_for_both_sides() -> None:
    code = comparison_code(CAR, PHONE, NI, NR)
    assert len(code) == 6 and code.isdigit()
    assert comparison_code(CAR, PHONE, NI, NR) == code


def test_a_man_in_the_middle_swapping_a_key_gets_another_code() -> None:
    # Codes can collide by chance (1 in a million), so compare over several fresh nonces.
    nonces = [(secrets.token_bytes(32), secrets.token_bytes(32)) for _ in range(5)]
    assert any(comparison_code(CAR, PHONE, a, b) != comparison_code(CAR, EVIL, a, b) for a, b in nonces)


def test_the_commitment_binds_both_keys_and_the_nonce() -> None:
    assert commitment(CAR, PHONE, NR) == commitment(CAR, PHONE, NR)
    assert commitment(CAR, PHONE, NR) != commitment(CAR, PHONE, NI)
    assert commitment(CAR, PHONE, NR) != commitment(EVIL, PHONE, NR)


def test_pairing_attempts_are_limited_per_minute() -> None:
    now = [0.0]
    limiter = PairingLimiter(per_minute=3, clock=lambda: now[0])
    assert [limiter.try_acquire() for _ in range(3)] == [0.0, 0.0, 0.0]
    now[0] = 20.0
    assert limiter.try_acquire() == 40.0  # the oldest attempt leaves the window at t=60
    now[0] = 60.0
    assert limiter.try_acquire() == 0.0
