"""The warning sounds, synthesised here and shipped as small WAV files in ui/assets/sounds/.

``python -m cockpit.hmi.chimes`` rewrites them (a test checks the shipped files are what this makes).
The tones follow the usual practice for in-vehicle warnings (ISO 15006 and OEM practice): between
500 Hz and 3 kHz, short pulses whose repetition, not loudness, carries the urgency, and a soft
attack so a chime is not a click.

``audio_output_available()`` says whether a sound server is there to play them: on a machine
without one (a test runner, a screenshot job) the cockpit does not load Qt Multimedia at all, so
nothing tries to open a device that does not exist.
"""

from __future__ import annotations

import math
import os
import struct
import wave
from collections.abc import Mapping, Sequence
from pathlib import Path

from cockpit import resources

RATE_HZ = 22_050
AMPLITUDE = 0.6  # of full scale: the volume setting scales down from here, never up

# name -> pulses of (frequency Hz, duration s, pause after s)
SOUNDS: dict[str, Sequence[tuple[float, float, float]]] = {
    # Pre-warning: two rising notes, once. Attention, not alarm.
    "prewarning": ((880.0, 0.16, 0.04), (1320.0, 0.22, 0.0)),
    # Acute collision warning: four fast, high pulses; played on a loop while the warning lasts.
    "collision": ((2000.0, 0.08, 0.04), (2000.0, 0.08, 0.04), (2000.0, 0.08, 0.04), (2000.0, 0.08, 0.16)),
    # Park assist: one short beep; the view repeats it faster as the gap closes.
    "park": ((1200.0, 0.07, 0.0),),
    # Park assist under 0.3 m: a steady tone, looped.
    "park-steady": ((1200.0, 0.5, 0.0),),
}


def sounds_dir() -> Path:
    """Where the shipped WAV files are."""
    return resources.ui_dir() / "assets" / "sounds"


def samples(pulses: Sequence[tuple[float, float, float]]) -> bytes:
    """16-bit mono PCM for ``pulses``: sine tones with 8 ms raised-cosine edges."""
    out = bytearray()
    edge = int(0.008 * RATE_HZ)
    for frequency, duration, pause in pulses:
        count = int(duration * RATE_HZ)
        for i in range(count):
            ramp = min(1.0, i / edge, (count - 1 - i) / edge)
            gain = 0.5 - 0.5 * math.cos(math.pi * max(0.0, ramp))
            out += struct.pack(
                "<h", round(32767 * AMPLITUDE * gain * math.sin(2 * math.pi * frequency * i / RATE_HZ))
            )
        out += b"\0\0" * int(pause * RATE_HZ)
    return bytes(out)


def write_sounds(
    folder: Path | None = None, sounds: Mapping[str, Sequence[tuple[float, float, float]]] = SOUNDS
) -> list[Path]:
    """Write every sound as ``<name>.wav`` into ``folder``; returns the files."""
    folder = folder or sounds_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, pulses in sounds.items():
        path = folder / f"{name}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE_HZ)
            out.writeframes(samples(pulses))
        written.append(path)
    return written


def audio_output_available(env: Mapping[str, str] = os.environ) -> bool:
    """Whether a sound server (PulseAudio, or PipeWire's PulseAudio service) is there to play on.

    Qt Multimedia on Linux plays through PulseAudio; without a server it can only log warnings.
    ``COCKPIT_SOUND=0`` or ``1`` overrides the guess.
    """
    forced = env.get("COCKPIT_SOUND")
    if forced in ("0", "1"):
        return forced == "1"
    if env.get("PULSE_SERVER"):
        return True
    runtime = Path(env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}")
    return (runtime / "pulse" / "native").exists() or (runtime / "pipewire-0").exists()


if __name__ == "__main__":
    for written in write_sounds():
        print(written, written.stat().st_size, "bytes")
