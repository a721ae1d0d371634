"""The decoder's shift-and-mask reading of raw values agrees with cantools for every signal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit import resources
from cockpit.decode.bits import bit_field
from cockpit.decode.dbc import load_dbc

DATA = resources.data_dir("can_dbc").parent / "tests" / "data"
DBCS = [resources.reference_dbc(), DATA / "thirdparty" / "ev_sedan.dbc", DATA / "e2e_small.dbc"]


def _plain_messages():
    for path in DBCS:
        for message in load_dbc(path).messages:
            if not message.is_multiplexed():
                yield pytest.param(message, id=f"{path.stem}-{message.name}")


@pytest.mark.parametrize("message", list(_plain_messages()))
@settings(max_examples=25, deadline=None)
@given(seed=st.randoms(use_true_random=False))
def test_bit_fields_read_the_same_raw_values_as_cantools(message, seed) -> None:
    payload = bytes(seed.getrandbits(8) for _ in range(message.length))
    expected = message.decode(payload, decode_choices=False, scaling=False)
    little = int.from_bytes(payload, "little")
    big = int.from_bytes(payload, "big")
    for signal in message.signals:
        field = bit_field(signal, message.length)
        if field is None:
            continue  # IEEE floats are left to cantools
        assert field.extract(little, big) == expected[signal.name], signal.name
