"""The demo's phone and Mi TV: each the reference phone side of the handoff, in-process on
127.0.0.1, announced over mDNS (on the head unit's one Zeroconf when it lends it), paired as if
the driver had confirmed the code long ago, and connected, with the car holding a route and a
track to hand over. ``cockpit run`` never starts these.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from zeroconf import Zeroconf

from cockpit.demo.sessions import demo_sessions
from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
from cockpit.discovery.cockpit_service import handoff_txt
from cockpit.errors import DiscoveryError
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.media_control import MEDIA_CONTROL_CAPABILITY
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.runner import HandoffThread
from cockpit.handoff.service import CockpitHandoff
from cockpit.handoff.trust import PairedDevices

log = logging.getLogger(__name__)

DEMO_PHONE_NAME = "Demo phone"
DEMO_TV_NAME = "Study Mi TV"  # the household's Cast TV is the living room's


def _run_all(stops: list[Callable[[], None]]) -> None:
    for stop in stops:
        try:
            stop()
        except Exception:  # one part failing to stop must not keep the others running
            log.exception("stopping a demo peer failed")


def start_demo_peers_in_background(
    service: CockpitHandoff, folder: Path, zeroconf: Zeroconf | None = None
) -> Callable[[], None]:
    """Start the demo's phone and TV on a thread: announcing probes names for about a second each,
    and the first frame of the cockpit must not wait for that. Returns their stop."""
    started: list[Callable[[], None]] = []

    def start() -> None:
        try:
            started.append(start_demo_peers(service, folder, zeroconf))
        except Exception:  # the cards stay in the car; the demo goes on
            log.exception("the demo's phone and TV could not start; the sessions stay in the car")

    starter = threading.Thread(target=start, name="cockpit-demo-companions", daemon=True)
    starter.start()

    def stop() -> None:
        starter.join(timeout=30.0)
        _run_all(started)

    return stop


def start_demo_peers(
    service: CockpitHandoff, folder: Path, zeroconf: Zeroconf | None = None
) -> Callable[[], None]:
    """A phone and a Mi TV for the demo: each in-process on 127.0.0.1, announced over mDNS, paired,
    the car holding a route and a track to hand over. Returns their stop."""
    # Both take media control, so the car's now-playing card plays, pauses, skips and seeks the
    # track wherever it went (the phone and TV apply it and report the new state).
    phone_caps = ("navigation", "media", MEDIA_CONTROL_CAPABILITY)
    stops = [_start_demo_peer(service, folder / "phone", DEMO_PHONE_NAME, "phone", phone_caps, zeroconf)]
    try:
        # The Mi TV speaks the handoff too (media only), so "Play on TV/speaker" really plays there.
        tv_caps = ("media", "media_queue", MEDIA_CONTROL_CAPABILITY)
        stops.append(_start_demo_peer(service, folder / "tv", DEMO_TV_NAME, "tv", tv_caps, zeroconf))
        for session in demo_sessions(time.monotonic()):
            service.hold(session).result(5.0)
    except Exception:
        _run_all(stops)
        raise
    return lambda: _run_all(stops)


def _start_demo_peer(
    service: CockpitHandoff,
    folder: Path,
    name: str,
    kind: str,
    capabilities: tuple[str, ...],
    zeroconf: Zeroconf | None,
) -> Callable[[], None]:
    """One companion (the reference phone side) on 127.0.0.1, announced, paired and connected."""
    thread = HandoffThread(f"cockpit-demo-{kind}").start()
    state = StateDir(folder)

    async def yes(prompt: PairingPrompt) -> bool:
        return True

    companion = PhoneHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        name,
        lambda event, details: None,
        yes,
        capabilities=capabilities,
    )
    announcer: ServiceAnnouncer | None = None
    announcing: threading.Thread | None = None

    def stop() -> None:
        if announcing is not None:
            announcing.join(timeout=10)
        if announcer is not None:
            announcer.close()
        if not thread.loop.is_closed():
            try:
                thread.run(companion.close(), timeout=3.0)
            finally:
                thread.stop()

    try:
        port = thread.run(companion.start("127.0.0.1", 0))
        announcer = ServiceAnnouncer(("127.0.0.1",), zeroconf=zeroconf)
        txt = handoff_txt(companion.device_id, name, "1", companion.capabilities, kind=kind)

        def announce(on: ServiceAnnouncer) -> None:
            try:
                on.announce(HANDOFF_SERVICE_TYPE, name, port, txt)
            except DiscoveryError as exc:  # another demo announces it: the link below needs no mDNS
                log.warning("the demo %s is not announced over mDNS: %s", kind, exc)

        # Probing the name takes about a second; the link below needs no mDNS, so the demo does
        # not wait for it (two companions would otherwise add two seconds to the cold start).
        announcing = threading.Thread(
            target=announce, args=(announcer,), name=f"cockpit-demo-{kind}-announce", daemon=True
        )
        announcing.start()
        # Paired as if the driver had confirmed the code on both screens once, long ago.
        service.thread.run(service.car.pair("127.0.0.1", port, yes))
        connected = service.phone_seen(companion.device_id, "127.0.0.1", port)
        if connected is not None:
            connected.result(5.0)  # so the car's sessions below reach a peer that is listening
    except Exception:
        stop()
        raise
    return stop
