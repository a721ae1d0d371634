"""The warning sounds: shipped as made, small, in the range warnings use; played only with a sound server."""

from __future__ import annotations

import wave
from pathlib import Path

from cockpit.hmi.chimes import SOUNDS, audio_output_available, sounds_dir, write_sounds


def test_the_shipped_wavs_are_what_the_generator_makes(tmp_path: Path) -> None:
    for made in write_sounds(tmp_path):
        shipped = sounds_dir() / made.name
        assert shipped.read_bytes() == made.read_bytes(), (
            f"run python -m cockpit.hmi.chimes to refresh {shipped}"
        )


def test_every_sound_is_short_mono_and_between_500_and_3000_hz() -> None:
    for name, pulses in SOUNDS.items():
        with wave.open(str(sounds_dir() / f"{name}.wav")) as sound:
            assert sound.getnchannels() == 1 and sound.getsampwidth() == 2
            assert sound.getnframes() / sound.getframerate() < 1.0
        assert all(500 <= frequency <= 3000 for frequency, _, _ in pulses)
    assert sum((sounds_dir() / f"{name}.wav").stat().st_size for name in SOUNDS) < 100_000


def test_sound_is_played_only_where_a_sound_server_listens(tmp_path: Path) -> None:
    assert not audio_output_available({"XDG_RUNTIME_DIR": str(tmp_path)})
    (tmp_path / "pulse").mkdir()
    (tmp_path / "pulse" / "native").touch()
    assert audio_output_available({"XDG_RUNTIME_DIR": str(tmp_path)})
    assert audio_output_available({"XDG_RUNTIME_DIR": str(tmp_path / "none"), "PULSE_SERVER": "unix:/x"})
    assert not audio_output_available({"XDG_RUNTIME_DIR": str(tmp_path), "COCKPIT_SOUND": "0"})
