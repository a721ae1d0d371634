"""The one text rule of the handoff protocol: what a string a peer sends may contain."""

from __future__ import annotations

import json

import pytest

from cockpit.handoff.messages import decode
from cockpit.handoff.schema import SchemaError, check_text, text

REFUSED = {
    "lone high surrogate": "\ud83d",
    "lone low surrogate": "\udfff",
    "NUL": "\x00",
    "ESC": "\x1b",
    "carriage return": "\r",
    "DEL": "\x7f",
    "C1 NEL": "\x85",
    "C1 CSI": "\x9b",
}


@pytest.mark.parametrize("bad", list(REFUSED))
def test_control_characters_and_lone_surrogates_are_refused_and_named(bad: str) -> None:
    with pytest.raises(SchemaError, match=r"media\.title: .*U\+"):
        text(300)("media.title", f"Blue{REFUSED[bad]}Green")


@pytest.mark.parametrize("good", ["Blue in Green", "两只老虎", "line one\nline two", "🎷 Miles", "é\u0301"])
def test_ordinary_text_newlines_emoji_and_any_script_pass(good: str) -> None:
    assert check_text("media.title", good) == good


def pair_commit(name: str) -> bytes:
    document = {
        "type": "pair_commit",
        "seq": 1,
        "device_id": "0123456789abcdef",
        "name": name,
        "certificate": "x",
        "commitment": "0" * 64,
    }
    return json.dumps(document, ensure_ascii=True).encode()


@pytest.mark.parametrize("name", ["Phone\x1b[2J", "Phone\x85", "Phone\x7f", "Phone\ud800"])
def test_the_name_shown_in_the_pairing_prompt_is_checked_like_every_string(name: str) -> None:
    with pytest.raises(SchemaError, match=r"pair_commit.name"):
        decode(pair_commit(name), 0.0)


def test_an_empty_session_id_is_refused() -> None:
    session = {
        "kind": "media",
        "id": "",
        "source": "s",
        "title": "t",
        "artist": "a",
        "album": "b",
        "duration_s": 10.0,
        "position_s": 1.0,
        "playing": False,
    }
    document = {"type": "transfer", "seq": 1, "reason": "manual", "session": session}
    with pytest.raises(SchemaError, match=r"media.id"):
        decode(json.dumps(document).encode(), 0.0)


@pytest.mark.parametrize("where", ["a field name", "a field no check looks at"])
def test_every_string_of_a_message_is_swept_whatever_its_field(where: str) -> None:
    """A field a later version adds (or a key) cannot smuggle bad text past the one rule."""
    session = {
        "kind": "media",
        "id": "t1",
        "source": "s",
        "title": "t",
        "artist": "a",
        "album": "b",
        "duration_s": 10.0,
        "position_s": 1.0,
        "playing": False,
    }
    if where == "a field name":
        session["x\ud83d"] = 1
    else:
        session["route_geometry"] = [[1.0, 2.0, "bad\x9b"]]
    document = {"type": "transfer", "seq": 1, "reason": "manual", "session": session}
    with pytest.raises(SchemaError, match="U\\+"):
        decode(json.dumps(document).encode(), 0.0)
