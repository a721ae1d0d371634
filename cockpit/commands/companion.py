"""The phone side of handoff, for demos and tests: announce, pair, receive and give back sessions,
and play, pause, skip or seek the track it holds when the car sends ``control``.

Prints one JSON object per line for every event (``listening``, ``announced``, ``pairing_code``,
``paired``, ``connected``, ``session_received``, ``session_given``, ``media_controlled``,
``refused`` ...), so a test or a person can follow it. Without ``--auto-confirm`` each pairing
code waits for ``yes`` or ``no`` on standard input. Stops on SIGINT/SIGTERM, on ``quit``, or
after ``--duration``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import threading
import time
from typing import Any

from cockpit.demo.sessions import demo_sessions
from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
from cockpit.discovery.cockpit_service import handoff_txt
from cockpit.errors import DiscoveryError
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.messages import PROTOCOL_VERSION
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.trust import PairedDevices


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a TCP port; use 1 to 65535, or 0 for any free port")
    return port


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{value} must be 0 (run until stopped) or more seconds")
    return value


def _name(text: str) -> str:
    # It becomes the mDNS instance name, "NAME (2)" on a clash: one DNS label, no dots.
    if not text.strip() or "." in text or len(text.encode("utf-8")) > 59:
        raise argparse.ArgumentTypeError(f"{text!r}: give a name of 1 to 59 bytes without '.'")
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The companion's options."""
    parser.add_argument("--name", type=_name, default="Companion phone", help="the name shown to the car")
    parser.add_argument("--state-dir", help="where keys and pins live (default $XDG_STATE_HOME/cockpit)")
    parser.add_argument(
        "--auto-confirm",
        action="store_true",
        help="accept every pairing code without asking (demos and tests only)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=0, help="TCP port (default: any free port)")
    parser.add_argument(
        "--mdns-interface",
        action="append",
        dest="mdns_interfaces",
        metavar="IFACE",
        help="announce on this address or interface (repeatable; default 127.0.0.1)",
    )
    parser.add_argument("--no-announce", action="store_true", help="do not announce over mDNS")
    parser.add_argument(
        "--with-sessions",
        action="store_true",
        help="start holding a demo route and track (to test taking them into the car)",
    )
    parser.add_argument(
        "--duration", type=_seconds, default=0.0, help="exit after this many seconds (0: never)"
    )
    parser.add_argument("--announce-id", help=argparse.SUPPRESS)  # security tests: impersonate an id


class _Printer:
    """One JSON line per event on stdout, flushed at once (a test reads it through a pipe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, event: str, details: dict[str, Any]) -> None:
        line = json.dumps({"event": event, "time": round(time.time(), 3), **details}, ensure_ascii=False)
        with self._lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


def _read_stdin(loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]) -> None:
    # A daemon thread: a blocked readline() must never keep the process from exiting.
    for line in sys.stdin:
        loop.call_soon_threadsafe(lines.put_nowait, line.strip().lower())
    loop.call_soon_threadsafe(lines.put_nowait, None)


async def _main(args: argparse.Namespace) -> int:
    emit = _Printer()
    state = StateDir(args.state_dir)
    identity = load_or_create_identity(state)
    paired = PairedDevices(state)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    answers: asyncio.Queue[bool] = asyncio.Queue()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    async def confirm(prompt: PairingPrompt) -> bool:
        emit(
            "pairing_code",
            {
                "device_id": prompt.peer_id,
                "name": prompt.peer_name,
                "code": prompt.code,
                "fingerprint": prompt.peer_fingerprint,
            },
        )
        if args.auto_confirm:
            return True
        while not answers.empty():  # an answer typed before the question is not an answer
            answers.get_nowait()
        return await answers.get()

    async def dispatch_stdin() -> None:
        while True:
            line = await lines.get()
            if line is None:
                return  # no more input (run in the background): keep serving
            if line in ("quit", "exit"):
                stop.set()
                return
            if line in ("yes", "y", "no", "n"):
                answers.put_nowait(line.startswith("y"))
            elif line:
                emit("error", {"reason": f"unknown input {line!r}; type yes, no or quit"})

    phone = PhoneHandoff(identity, paired, args.name, emit, confirm)
    port = await phone.start(args.host, args.port)
    emit(
        "listening",
        {
            "device_id": identity.device_id,
            "name": args.name,
            "host": args.host,
            "port": port,
            "fingerprint": identity.fingerprint,
            "protocol": PROTOCOL_VERSION,
        },
    )
    if args.with_sessions:
        for session in demo_sessions(time.monotonic()):
            await phone.hold(session)

    announcer = None
    if not args.no_announce:
        announcer = await asyncio.to_thread(ServiceAnnouncer, tuple(args.mdns_interfaces or ("127.0.0.1",)))
        await _announce(announcer, args, phone, identity.device_id, port, emit)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    threading.Thread(target=_read_stdin, args=(loop, lines), name="companion-stdin", daemon=True).start()
    reader = asyncio.create_task(dispatch_stdin())
    try:
        if args.duration > 0:
            await asyncio.wait_for(stop.wait(), args.duration)
        else:
            await stop.wait()
    except TimeoutError:
        pass
    finally:
        reader.cancel()
        await phone.close()
        if announcer is not None:
            await asyncio.to_thread(announcer.close)
        emit("stopped", {})
    return 0


async def _announce(
    announcer: ServiceAnnouncer,
    args: argparse.Namespace,
    phone: PhoneHandoff,
    device_id: str,
    port: int,
    emit: _Printer,
) -> None:
    """Announce the handoff service; on a name conflict take "NAME (2)", "NAME (3)" as mDNS hosts do."""
    for attempt in range(1, 6):
        instance = args.name if attempt == 1 else f"{args.name} ({attempt})"
        txt = handoff_txt(
            args.announce_id or device_id, args.name, str(PROTOCOL_VERSION), phone.capabilities, kind="phone"
        )
        try:
            await asyncio.to_thread(announcer.announce, HANDOFF_SERVICE_TYPE, instance, port, txt)
        except DiscoveryError:
            if attempt == 5:
                raise
            continue
        emit("announced", {"service_type": HANDOFF_SERVICE_TYPE, "instance": instance, "txt": txt})
        return


def run(args: argparse.Namespace) -> int:
    """Run the companion until stopped."""
    return asyncio.run(_main(args))
