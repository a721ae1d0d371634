"""The handoff as the cockpit's QML sees it: the route and the track in the car, the phone, pairing,
and the track a phone or TV holds, which the now-playing card shows (``now_playing``) and controls.

``HandoffModel`` lives on the Qt main thread. The handoff service (``cockpit.handoff.service``)
runs on its own asyncio thread and reports events to ``post``, which only emits a signal: the
connection is queued, so the state below is only ever touched on the main thread. Taps go the other
way through the service's thread-safe methods (``send_to_phone``, ``take_from_phone``,
``control_peer_media``, ``answer_pairing``), whose answers come back as events too.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
import weakref
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import Property, QObject, QPointF, QSizeF, QTimer, Signal, Slot

from cockpit.app.guidance import (
    DEFAULT_RESERVE_PERCENT,
    Route,
    SchemaError,
    arrival_charge,
    local_metres,
    locked_out,
)
from cockpit.app.seams import HandoffEvent
from cockpit.hmi.now_playing import ShownTrack, shown_track
from cockpit.hmi.relay import call_on_main_thread, main_thread_relay
from cockpit.vocabulary import handoff_peer_id

log = logging.getLogger(__name__)

KINDS = ("navigation", "media")
MEDIA_TICK_MS = 1000  # a playing track's position moves on the screen once a second
DONE = "_done"  # the model's own event: a request it made has been answered (not a HandoffEvent)
CONTROL_DONE = "_control_done"  # the model's own: a peer has answered a play/pause/skip/seek
ERROR_SHOWN_MS = 10_000  # a failed handoff is said on its card this long (the session stays put)
ARRIVED_SHOWN_MS = 15_000  # "You have arrived" stays on the card this long, then the card is free
VEHICLE_READ_MS = 250  # the speed for the lockout and the figures for the arrival charge
RESERVE_CHOICES = (5.0, 10.0, 15.0, 20.0)

SPEED = "Vehicle.Speed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
CONSUMPTION = "Vehicle.Powertrain.EnergyConsumption"
OUTSIDE_AIR = "Vehicle.Exterior.AirTemperature"
CAPACITY = "Vehicle.Powertrain.TractionBattery.NetCapacity"


def _is_phone(peer: dict[str, Any]) -> bool:
    """A peer that continues navigation is a phone (one that says nothing of itself counts as one too)."""
    return not peer["capabilities"] or "navigation" in peer["capabilities"]


class HandoffControls(Protocol):
    """What the model asks of the handoff service (``CockpitHandoff`` has these)."""

    def send_to_phone(self, kinds: tuple[str, ...] | None = None) -> concurrent.futures.Future[Any]: ...
    def take_from_phone(self, kinds: tuple[str, ...] | None = None) -> concurrent.futures.Future[Any]: ...
    def send_to(
        self, device_id: str, kinds: tuple[str, ...] | None = None
    ) -> concurrent.futures.Future[Any]: ...
    def answer_pairing(self, accepted: bool) -> None: ...
    def control_media(self, action: str, position_s: float = 0.0) -> concurrent.futures.Future[Any]: ...
    def control_peer_media(
        self, device_id: str, session_id: str, action: str, position_s: float = 0.0
    ) -> concurrent.futures.Future[Any]: ...
    def pair(self, host: str, port: int) -> concurrent.futures.Future[Any]: ...
    def paired_devices(self) -> list[Any]: ...
    def forget(self, device_id: str) -> Any: ...


class HandoffModel(QObject):
    """Navigation, now playing, the phone and the pairing dialog, as properties with notify signals."""

    navigationChanged = Signal()
    mediaChanged = Signal()
    phoneChanged = Signal()
    pairingChanged = Signal()
    pairedDevicesChanged = Signal()
    statusChanged = Signal()
    vehicleChanged = Signal()
    arrivedChanged = Signal()
    reserveChanged = Signal()

    def __init__(
        self,
        controls: HandoffControls | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        store: Any = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._controls = controls
        self._clock = clock
        self._wall = wall_clock
        self._store = store  # the vehicle's SignalStore: speed (lockout), charge figures (arrival)
        self._vehicle: dict[str, Any] = {}
        self._reserve = DEFAULT_RESERVE_PERCENT
        self._route: Route | None = None
        self._route_id = ""
        self._route_xy: list[tuple[float, float]] = []
        self._arrived = ""
        self._car: dict[str, dict[str, Any]] = {}  # kind -> the session as the car holds it
        self._car_at = 0.0  # when _car was reported (for the track position)
        self._phone: dict[str, dict[str, Any]] = {}  # kind -> the session a peer holds (any peer)
        self._holder: dict[str, str] = {}  # kind -> the peer holding it (device id)
        self._remote: dict[str, dict[str, dict[str, Any]]] = {}  # peer id -> kind -> its session
        self._remote_at: dict[str, float] = {}  # peer id -> when its sessions were reported
        # A control sent to the track's holder and not yet answered: the card shows it pending
        # (its keys wait) rather than the state the tap would lead to, until the holder reports.
        self._controlling = False
        # Connected peers: id -> {"name", "capabilities"}. The phone is the peer that continues
        # navigation; a TV or speaker announces media only and plays only what it is handed.
        self._peers: dict[str, dict[str, Any]] = {}
        self._pairing: dict[str, Any] | None = None
        self._busy = 0
        self._message = ""
        self._message_is_error = False
        self._errors: dict[str, str] = {}  # kind -> why its last handoff failed
        self._offer = False
        self._paired: list[dict[str, str]] = []
        self._relay = main_thread_relay()  # made here, on the Qt thread, if it is the first model
        self._media_timer = QTimer(self)
        self._media_timer.setInterval(MEDIA_TICK_MS)
        self._media_timer.timeout.connect(self.mediaChanged)
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.setInterval(ERROR_SHOWN_MS)
        self._error_timer.timeout.connect(self.dismissMessage)
        self._arrived_timer = QTimer(self)
        self._arrived_timer.setSingleShot(True)
        self._arrived_timer.setInterval(ARRIVED_SHOWN_MS)
        self._arrived_timer.timeout.connect(self.dismissArrival)
        self._vehicle_timer = QTimer(self)
        self._vehicle_timer.setInterval(VEHICLE_READ_MS)
        self._vehicle_timer.timeout.connect(self.read_vehicle)
        if store is not None:
            self.read_vehicle()
            self._vehicle_timer.start()

    # --- wiring ---------------------------------------------------------------------------------
    def attach(self, controls: HandoffControls) -> None:
        """Give the model the service its buttons call (the service is built with ``post`` as sink)."""
        self._controls = controls
        self._refresh_paired()

    def _refresh_paired(self) -> None:
        devices = self._controls.paired_devices() if self._controls is not None else []
        self._paired = [
            {"deviceId": d.device_id, "name": d.name, "fingerprint": d.fingerprint[:16]} for d in devices
        ]
        self.pairedDevicesChanged.emit()

    def post(self, event: str, details: dict[str, Any]) -> None:
        """Deliver an event on the Qt thread; callable from any thread."""
        call_on_main_thread(self._relay, weakref.ref(self), "_apply", event, details)

    def event_sink(self) -> Callable[[str, dict[str, Any]], None]:
        """``post`` for the handoff service to hold: a weak reference, so the service never keeps the
        model alive. (Model -> service -> model would be a cycle, and the garbage collector may
        break a cycle on any thread; a QObject must only ever die on its own.)"""
        model = weakref.ref(self)
        relay = self._relay

        def sink(event: str, details: dict[str, Any]) -> None:
            # Only the weak reference travels: were this thread to take a strong one, even for a
            # moment, it could turn out to be the last, and the model (with its timers) would be
            # deleted here, off the Qt thread, a fatal error under load.
            call_on_main_thread(relay, model, "_apply", event, details)

        return sink

    @Slot(str, object)
    def _apply(self, event: str, details: dict[str, Any]) -> None:
        try:
            handler = self._HANDLERS.get(event)
            if handler is not None:
                handler(self, details)
        except Exception:  # a malformed event must not take the screen down
            log.exception("handoff event %s could not be shown", event)

    # --- events from the handoff thread ------------------------------------------------------------
    def _on_sessions(self, details: dict[str, Any]) -> None:
        self._car = {s["kind"]: s for s in details.get("sessions", ()) if s.get("kind") in KINDS}
        self._car_at = self._clock()
        self._take_route(self._car.get("navigation"))
        self._follow_media()
        self.navigationChanged.emit()

    def _follow_media(self) -> None:
        """The shown track has changed: tick its position while it plays, and tell the card."""
        track = self._shown()
        if track is not None and track.playing:
            self._media_timer.start()
        else:
            self._media_timer.stop()
        self.mediaChanged.emit()

    def _take_route(self, navigation: dict[str, Any] | None) -> None:
        """Keep the geometry of the route in the car (parsed once per route, not every report)."""
        if navigation is None or "route" not in navigation:
            self._route, self._route_id, self._route_xy = None, "", []
            return
        if navigation.get("id") == self._route_id and self._route is not None:
            return
        try:
            self._route = Route.from_wire("navigation.route", navigation["route"])
        except SchemaError:
            log.exception("the route in the car cannot be drawn")
            self._route, self._route_id, self._route_xy = None, "", []
            return
        self._route_id = str(navigation.get("id", ""))
        self._route_xy = local_metres(self._route)

    def _on_arrived(self, details: dict[str, Any]) -> None:
        self._arrived = str(details.get("destination_name", ""))
        self._arrived_timer.start()
        self.arrivedChanged.emit()

    def _on_peer_sessions(self, details: dict[str, Any]) -> None:
        peer = str(details.get("device_id", ""))
        self._remote[peer] = {s["kind"]: s for s in details.get("sessions", ()) if s.get("kind") in KINDS}
        self._remote_at[peer] = self._clock()
        self._merge_remote()
        if not self._phone and self._offer:
            self._offer = False
            self.statusChanged.emit()
        self.phoneChanged.emit()
        self._follow_media()

    def _merge_remote(self) -> None:
        """What "Take from phone" would bring back, whoever holds it (the phone, or a TV playing)."""
        self._phone, self._holder = {}, {}
        for peer, sessions in self._remote.items():
            for kind, session in sessions.items():
                self._phone.setdefault(kind, session)
                self._holder.setdefault(kind, peer)

    def _on_connected(self, details: dict[str, Any]) -> None:
        self._peers[str(details.get("device_id", ""))] = {
            "name": str(details.get("name", "")),
            "capabilities": [str(c) for c in details.get("capabilities", ())],
        }
        self.phoneChanged.emit()
        self.mediaChanged.emit()  # whether the card's keys act on this peer's track

    def _on_disconnected(self, details: dict[str, Any]) -> None:
        peer = str(details.get("device_id", ""))
        self._peers.pop(peer, None)
        self._remote.pop(peer, None)
        self._remote_at.pop(peer, None)
        self._merge_remote()
        self._offer = self._offer and bool(self._phone)
        self.phoneChanged.emit()
        self.statusChanged.emit()
        self._follow_media()

    def _phone_peer(self) -> dict[str, Any] | None:
        for peer in self._peers.values():
            if _is_phone(peer):
                return peer
        return None

    def _on_pairing_code(self, details: dict[str, Any]) -> None:
        self._pairing = details
        self.pairingChanged.emit()

    def _on_pairing_closed(self, details: dict[str, Any]) -> None:
        self._pairing = None
        self.pairingChanged.emit()

    def _on_paired(self, details: dict[str, Any]) -> None:
        self._refresh_paired()
        self._say(self.tr("Paired with %1").replace("%1", str(details.get("name", ""))), error=False)

    def _on_handoff_failed(self, details: dict[str, Any]) -> None:
        reason = str(details.get("reason", ""))
        kind = details.get("kind") or self._kind_of(details.get("session_id"))
        for k in (kind,) if kind in KINDS else KINDS:
            self._errors[k] = reason
        self._say(reason, error=True)

    def _kind_of(self, session_id: Any) -> str | None:
        for kind, session in self._phone.items():
            if session.get("id") == session_id:
                return kind
        return None

    def _on_other_failure(self, details: dict[str, Any]) -> None:
        """A failure that belongs to no card (connecting, pairing): the model's ``message``."""
        self._say(str(details.get("reason", "")), error=True)

    def _on_offer(self, details: dict[str, Any]) -> None:
        self._offer = True
        self.statusChanged.emit()

    def _on_handed_over(self, details: dict[str, Any]) -> None:
        self._offer = False  # whatever was offered has moved now
        self._errors.pop(str(details.get("session", {}).get("kind")), None)
        self.statusChanged.emit()

    def _on_done(self, details: dict[str, Any]) -> None:
        self._busy = max(0, self._busy - 1)
        self.statusChanged.emit()

    def _on_control_done(self, details: dict[str, Any]) -> None:
        # The holder's sessions (the confirmed state) came before its answer, so the card shows
        # the new state from here on; a failure has been said as the card's media error.
        self._controlling = False
        self.mediaChanged.emit()

    # Every HandoffEvent in SCREEN_EVENTS has its handler here (a test checks it); the record-only
    # ones (cockpit.handoff.events.RECORD_EVENTS) have nothing to show. DONE is the model's own:
    # the answer to one of its requests has come back.
    _HANDLERS: ClassVar[dict[str, Callable[[HandoffModel, dict[str, Any]], None]]] = {
        HandoffEvent.SESSIONS: _on_sessions,
        HandoffEvent.PEER_SESSIONS: _on_peer_sessions,
        HandoffEvent.CONNECTED: _on_connected,
        HandoffEvent.DISCONNECTED: _on_disconnected,
        HandoffEvent.PAIRING_CODE: _on_pairing_code,
        HandoffEvent.PAIRING_CLOSED: _on_pairing_closed,
        HandoffEvent.PAIRED: _on_paired,
        HandoffEvent.FORGOTTEN: lambda self, details: self._refresh_paired(),
        HandoffEvent.HANDOFF_FAILED: _on_handoff_failed,
        HandoffEvent.CONNECT_FAILED: _on_other_failure,
        HandoffEvent.PAIRING_FAILED: _on_other_failure,
        HandoffEvent.OFFER: _on_offer,
        HandoffEvent.SESSION_SENT: _on_handed_over,
        HandoffEvent.SESSION_TAKEN: _on_handed_over,
        HandoffEvent.ARRIVED: _on_arrived,
        DONE: _on_done,
        CONTROL_DONE: _on_control_done,
    }

    def _say(self, message: str, error: bool) -> None:
        self._message, self._message_is_error = message, error
        self._error_timer.start()
        self.statusChanged.emit()

    # --- what QML reads ----------------------------------------------------------------------------
    def _nav(self) -> dict[str, Any]:
        return self._car.get("navigation") or {}

    def _get_navigation_active(self) -> bool:
        return bool(self._nav())

    def _get_destination(self) -> str:
        return str(self._nav().get("destination_name", ""))

    def _get_remaining_km(self) -> float:
        return float(self._nav().get("remaining_m", 0.0)) / 1000.0

    def _get_remaining_s(self) -> float:
        return float(self._nav().get("remaining_s", 0.0))

    def _travelled(self) -> float:
        return float(self._nav().get("route", {}).get("travelled_m", 0.0))

    def _get_has_route(self) -> bool:
        return self._route is not None and bool(self._nav())

    def _get_route_line(self) -> list[QPointF]:
        """The route's points in metres (east, south) from its box's corner; QML scales them to fit."""
        return [QPointF(x, y) for x, y in self._route_xy] if self._get_has_route() else []

    def _get_route_size(self) -> QSizeF:
        if not self._route_xy:
            return QSizeF(0.0, 0.0)
        return QSizeF(max(x for x, _ in self._route_xy), max(y for _, y in self._route_xy))

    def _car_index_and_point(self) -> tuple[int, QPointF]:
        route = self._route
        assert route is not None
        i, f = route.locate(self._travelled())
        (x1, y1), (x2, y2) = self._route_xy[i], self._route_xy[i + 1]
        return i, QPointF(x1 + f * (x2 - x1), y1 + f * (y2 - y1))

    def _get_route_done(self) -> list[QPointF]:
        """The part already driven: from the start to where the car is now."""
        if not self._get_has_route():
            return []
        i, car = self._car_index_and_point()
        return [QPointF(x, y) for x, y in self._route_xy[: i + 1]] + [car]

    def _get_car_point(self) -> QPointF:
        return self._car_index_and_point()[1] if self._get_has_route() else QPointF(0.0, 0.0)

    def _next(self) -> Any:
        route = self._route
        return route.next_maneuver(self._travelled()) if route is not None and self._get_has_route() else None

    def _get_next_action(self) -> str:
        maneuver = self._next()
        return maneuver.action if maneuver is not None else ""

    def _get_next_road(self) -> str:
        maneuver = self._next()
        return maneuver.road if maneuver is not None else ""

    def _get_next_km(self) -> float:
        maneuver = self._next()
        return max(0.0, maneuver.at_m - self._travelled()) / 1000.0 if maneuver is not None else 0.0

    def _get_eta_ms(self) -> float:
        """When the car will arrive, wall-clock milliseconds (for the clock face; the route's own timing)."""
        return (self._wall() + self._get_remaining_s()) * 1000.0 if self._nav() else 0.0

    def _get_arrived(self) -> str:
        return self._arrived

    # --- the vehicle: lockout and arrival charge --------------------------------------------------
    def read_vehicle(self) -> None:
        """Read the speed and the charge figures from the store (a timer calls this; so may tests)."""
        if self._store is None:
            return
        values = {}
        for path in (SPEED, SOC, CONSUMPTION, OUTSIDE_AIR, CAPACITY):
            value = self._store.value_if_valid(path) if path in self._store else None
            values[path] = None if value is None else float(value)
        if values != self._vehicle:
            self._vehicle = values
            self.vehicleChanged.emit()

    def _get_locked(self) -> bool:
        """Handoff taps, pairing and typing are locked while moving (or while the speed is unknown)."""
        # A store whose mapping has no vehicle speed at all (a bench without a car) cannot lock;
        # one that has it locks while it is unknown (stale, invalid, not yet received).
        return self._store is not None and SPEED in self._store and locked_out(self._vehicle.get(SPEED))

    def _get_lock_reason(self) -> str:
        if not self._get_locked():
            return ""
        if self._vehicle.get(SPEED) is None:
            return self.tr("Locked: speed unknown")
        return self.tr("Locked while driving")

    def _arrival(self) -> Any:
        if not self._nav():
            return None
        v = self._vehicle
        return arrival_charge(
            self._get_remaining_km(),
            v.get(SOC),
            v.get(CONSUMPTION),
            v.get(OUTSIDE_AIR),
            v.get(CAPACITY),
            self._reserve,
        )

    def _get_arrival_percent(self) -> float:
        estimate = self._arrival()
        return max(0.0, estimate.percent) if estimate is not None else 0.0

    def _get_arrival_valid(self) -> bool:
        return self._arrival() is not None

    def _get_arrival_low(self) -> bool:
        estimate = self._arrival()
        return estimate is not None and estimate.below_reserve

    def _get_arrival_shortfall(self) -> float:
        estimate = self._arrival()
        return estimate.shortfall_kwh if estimate is not None else 0.0

    def _get_reserve(self) -> float:
        return self._reserve

    @Slot(float)
    def setReservePercent(self, value: float) -> None:  # Qt naming, called from QML
        """The arrival reserve (a setting): warn when the car would arrive with less than this."""
        if float(value) not in RESERVE_CHOICES:
            raise ValueError(
                f"reserve {value!r} % is not one of {', '.join(f'{c:g}' for c in RESERVE_CHOICES)}"
            )
        if float(value) != self._reserve:
            self._reserve = float(value)
            self.reserveChanged.emit()
            self.vehicleChanged.emit()

    def _get_reserve_choices(self) -> list[float]:
        return list(RESERVE_CHOICES)

    def _media(self) -> dict[str, Any]:
        return self._car.get("media") or {}

    def _shown(self) -> ShownTrack | None:
        """The track on the card: the car's own, or else the one a paired device holds."""
        holder = self._holder.get("media", "")
        peer = self._peers.get(holder, {})
        return shown_track(
            self._media(),
            self._car_at,
            self._phone.get("media"),
            holder,
            self._remote_at.get(holder, self._clock()),
            frozenset(peer.get("capabilities", ())),
        )

    def _get_has_next(self) -> bool:
        track = self._shown()
        return track is not None and track.has_next

    def _get_has_previous(self) -> bool:
        return self._shown() is not None

    def _get_media_active(self) -> bool:
        return bool(self._media())

    def _shown_text(self, name: str) -> str:
        track = self._shown()
        return track.text(name) if track is not None else ""

    def _get_title(self) -> str:
        return self._shown_text("title")

    def _get_artist(self) -> str:
        return self._shown_text("artist")

    def _get_album(self) -> str:
        return self._shown_text("album")

    def _get_source(self) -> str:
        return self._shown_text("source")

    def _get_duration(self) -> float:
        track = self._shown()
        return track.duration_s if track is not None else 0.0

    def _get_position(self) -> float:
        """Seconds into the shown track now: it moves on while playing, from the last report."""
        track = self._shown()
        return track.position(self._clock()) if track is not None else 0.0

    def _get_playing(self) -> bool:
        track = self._shown()
        return track is not None and track.playing

    def _get_media_controllable(self) -> bool:
        track = self._shown()
        return track is not None and track.controllable

    def _get_media_pending(self) -> bool:
        return self._controlling

    def _get_phone_connected(self) -> bool:
        return self._phone_peer() is not None

    def _get_phone_name(self) -> str:
        phone = self._phone_peer()
        return phone["name"] if phone is not None else ""

    def _get_connected_ids(self) -> list[str]:
        return sorted(self._peers)

    def _get_media_holder_name(self) -> str:
        """Who plays the track when the car does not: "" for the phone, else the TV's or speaker's name."""
        peer = self._peers.get(self._holder.get("media", ""))
        if peer is None or _is_phone(peer):
            return ""
        return str(peer["name"])

    def _get_phone_has_navigation(self) -> bool:
        return "navigation" in self._phone

    def _get_phone_has_media(self) -> bool:
        return "media" in self._phone

    def _get_phone_destination(self) -> str:
        return str(self._phone.get("navigation", {}).get("destination_name", ""))

    def _get_phone_title(self) -> str:
        return str(self._phone.get("media", {}).get("title", ""))

    def _get_pairing_active(self) -> bool:
        return self._pairing is not None

    def _get_pairing_code(self) -> str:
        return str((self._pairing or {}).get("code", ""))

    def _get_pairing_name(self) -> str:
        return str((self._pairing or {}).get("name", ""))

    def _get_busy(self) -> bool:
        return self._busy > 0

    def _get_message(self) -> str:
        return self._message

    def _get_message_is_error(self) -> bool:
        return self._message_is_error

    def _get_offer(self) -> bool:
        return self._offer

    def _get_paired(self) -> list[dict[str, str]]:
        return list(self._paired)

    def _get_navigation_error(self) -> str:
        return self._errors.get("navigation", "")

    def _get_media_error(self) -> str:
        return self._errors.get("media", "")

    hasRoute = Property(bool, _get_has_route, notify=navigationChanged)
    routeLine = Property(list, _get_route_line, notify=navigationChanged)
    routeSize = Property(QSizeF, _get_route_size, notify=navigationChanged)
    routeDone = Property(list, _get_route_done, notify=navigationChanged)
    carPoint = Property(QPointF, _get_car_point, notify=navigationChanged)
    nextManeuver = Property(str, _get_next_action, notify=navigationChanged)
    nextManeuverRoad = Property(str, _get_next_road, notify=navigationChanged)
    nextManeuverKm = Property(float, _get_next_km, notify=navigationChanged)
    etaEpochMs = Property(float, _get_eta_ms, notify=navigationChanged)
    arrivedAt = Property(str, _get_arrived, notify=arrivedChanged)
    lockedOut = Property(bool, _get_locked, notify=vehicleChanged)
    lockReason = Property(str, _get_lock_reason, notify=vehicleChanged)
    arrivalCharge = Property(float, _get_arrival_percent, notify=vehicleChanged)
    arrivalChargeValid = Property(bool, _get_arrival_valid, notify=vehicleChanged)
    arrivalBelowReserve = Property(bool, _get_arrival_low, notify=vehicleChanged)
    arrivalShortfallKwh = Property(float, _get_arrival_shortfall, notify=vehicleChanged)
    reservePercent = Property(float, _get_reserve, setReservePercent, notify=reserveChanged)
    reserveChoices = Property(list, _get_reserve_choices, constant=True)
    # The track on the card (the car's, or the one a paired device holds) and what its keys can do.
    hasNextTrack = Property(bool, _get_has_next, notify=mediaChanged)
    hasPreviousTrack = Property(bool, _get_has_previous, notify=mediaChanged)
    navigationActive = Property(bool, _get_navigation_active, notify=navigationChanged)
    destinationName = Property(str, _get_destination, notify=navigationChanged)
    remainingKm = Property(float, _get_remaining_km, notify=navigationChanged)
    remainingSeconds = Property(float, _get_remaining_s, notify=navigationChanged)
    mediaActive = Property(bool, _get_media_active, notify=mediaChanged)
    title = Property(str, _get_title, notify=mediaChanged)
    artist = Property(str, _get_artist, notify=mediaChanged)
    album = Property(str, _get_album, notify=mediaChanged)
    source = Property(str, _get_source, notify=mediaChanged)
    durationSeconds = Property(float, _get_duration, notify=mediaChanged)
    positionSeconds = Property(float, _get_position, notify=mediaChanged)
    playing = Property(bool, _get_playing, notify=mediaChanged)
    # The keys act on the shown track: the car's own, or one whose holder takes media control.
    mediaControllable = Property(bool, _get_media_controllable, notify=mediaChanged)
    # A control is on its way to the track's holder: the card waits for its answer.
    mediaPending = Property(bool, _get_media_pending, notify=mediaChanged)
    phoneConnected = Property(bool, _get_phone_connected, notify=phoneChanged)
    phoneName = Property(str, _get_phone_name, notify=phoneChanged)
    phoneHasNavigation = Property(bool, _get_phone_has_navigation, notify=phoneChanged)
    phoneHasMedia = Property(bool, _get_phone_has_media, notify=phoneChanged)
    phoneDestination = Property(str, _get_phone_destination, notify=phoneChanged)
    phoneTitle = Property(str, _get_phone_title, notify=phoneChanged)
    # Peer ids with a live link (as paired: no "handoff:" prefix); what can be handed to right now.
    connectedDevices = Property(list, _get_connected_ids, notify=phoneChanged)
    mediaHolderName = Property(str, _get_media_holder_name, notify=phoneChanged)
    pairingActive = Property(bool, _get_pairing_active, notify=pairingChanged)
    pairingCode = Property(str, _get_pairing_code, notify=pairingChanged)
    pairingDeviceName = Property(str, _get_pairing_name, notify=pairingChanged)
    busy = Property(bool, _get_busy, notify=statusChanged)
    message = Property(str, _get_message, notify=statusChanged)
    messageIsError = Property(bool, _get_message_is_error, notify=statusChanged)
    offerPending = Property(bool, _get_offer, notify=statusChanged)
    pairedDevices = Property(list, _get_paired, notify=pairedDevicesChanged)
    navigationError = Property(str, _get_navigation_error, notify=statusChanged)
    mediaError = Property(str, _get_media_error, notify=statusChanged)

    # --- taps ----------------------------------------------------------------------------------------
    @Slot(str)
    @Slot(str, float)
    def controlMedia(self, action: str, position_s: float = 0.0) -> None:  # noqa: N802
        """Play, pause, next, previous or seek on the shown track: the car's own (the phone and TV
        see it as ``sessions``), or the one a paired phone or TV holds, through a ``control``
        message to it. Not locked while driving: transport keys are not a visual-manual task."""
        track = self._shown()
        if self._controls is None or track is None or not track.controllable:
            return
        if track.in_car:
            future = self._controls.control_media(action, position_s)
        else:
            if self._controlling:
                return  # one at a time: the keys wait for the holder's answer (they show it)
            future = self._controls.control_peer_media(track.holder, track.text("id"), action, position_s)
            self._controlling = True
            self.mediaChanged.emit()
        sink = self.event_sink()
        remote = not track.in_car

        def done(finished: concurrent.futures.Future[Any]) -> None:
            # On the handoff thread: report through the same queued hop as every event.
            error = finished.exception()
            if error is not None:
                sink(HandoffEvent.HANDOFF_FAILED, {"kind": "media", "reason": str(error)})
            if remote:
                sink(CONTROL_DONE, {})

        future.add_done_callback(done)

    @Slot()
    def dismissArrival(self) -> None:  # noqa: N802
        """Clear "You have arrived" (a timer does it; a tap may too)."""
        if self._arrived:
            self._arrived = ""
            self.arrivedChanged.emit()

    @Slot(str)
    def sendToPhone(self, kind: str) -> None:  # noqa: N802 - Qt naming, called from QML
        """ "Send to phone" on a card: hand that session (``navigation`` or ``media``) to the phone."""
        self._request(kind, "send_to_phone")

    @Slot(str)
    def takeFromPhone(self, kind: str) -> None:  # noqa: N802
        """ "Take from phone" on a card (or the arriving offer, with an empty kind: everything)."""
        self._request(kind, "take_from_phone")

    @Slot(str, str)
    def sendTo(self, device_id: str, kind: str) -> None:  # noqa: N802
        """ "Send navigation" / "Send media" on the Devices page: that session to this paired device.

        ``device_id`` is the id discovery shows (``handoff:<id>``) or the paired id itself."""
        peer = handoff_peer_id(device_id) or device_id
        if not kind:
            log.warning("ignoring a handoff to %s without a session kind", peer)
            return
        self._request(kind, "send_to", peer)

    @Slot(str)
    def playOn(self, device_id: str) -> None:  # noqa: N802
        """ "Play here" (Devices page) and "Play on TV/speaker" (now playing): the track goes there."""
        self.sendTo(device_id, "media")

    def _request(self, kind: str, method: str, *target: str) -> None:
        if self._get_locked():
            # The button is shown disabled with the reason; a tap that still gets here (a test, a
            # race with the speed) is refused the same way. The rules' handoff does not pass here.
            self._say(self._get_lock_reason(), error=True)
            return
        if self._controls is None:
            self._say(self.tr("Handoff is not available"), error=True)
            return
        if kind and kind not in KINDS:
            log.warning("ignoring a handoff request for the unknown kind %r", kind)
            return
        kinds = (kind,) if kind else None
        self._busy += 1
        self.statusChanged.emit()
        future = getattr(self._controls, method)(*target, kinds)
        # The answer arrives on the handoff thread; hop back like every other event.
        sink = self.event_sink()
        future.add_done_callback(lambda _f: sink(DONE, {}))

    @Slot(str, int)
    def pairWith(self, host: str, port: int) -> None:  # noqa: N802
        """Start pairing with the handoff peer discovery found at ``host:port`` (the Devices page)."""
        if self._get_locked():
            self._say(self._get_lock_reason(), error=True)
            return
        if self._controls is None:
            self._say(self.tr("Handoff is not available"), error=True)
            return
        future = self._controls.pair(host, port)
        sink = self.event_sink()

        def done(finished: concurrent.futures.Future[Any]) -> None:
            # On the handoff thread: report a failure through the same queued hop as every event.
            error = finished.exception()
            if error is not None:
                sink(HandoffEvent.PAIRING_FAILED, {"reason": str(error)})

        future.add_done_callback(done)

    @Slot(str)
    def forgetDevice(self, device_id: str) -> None:  # noqa: N802
        """Unpin a paired device (Settings); it has to pair again to hand anything over."""
        if self._controls is None:
            return
        try:
            self._controls.forget(device_id)
        except Exception as exc:  # noqa: BLE001 - already forgotten elsewhere, say so
            self._say(str(exc), error=True)
        self._refresh_paired()

    @Slot()
    def confirmPairing(self) -> None:  # noqa: N802
        """The codes match: pair. Locked while driving (comparing six digits is a visual-manual
        task); the request stays open until the car stops or the phone's side times out."""
        if self._get_locked():
            self._say(self._get_lock_reason(), error=True)
            return
        self._answer(True)

    @Slot()
    def rejectPairing(self) -> None:  # noqa: N802
        """The codes differ (or the driver did not ask for this): do not pair."""
        self._answer(False)

    def _answer(self, accepted: bool) -> None:
        if self._controls is not None and self._pairing is not None:
            try:
                self._controls.answer_pairing(accepted)
            except Exception as exc:  # noqa: BLE001 - the pairing may have just timed out
                self._say(str(exc), error=True)
        self._pairing = None
        self.pairingChanged.emit()

    @Slot()
    def dismissMessage(self) -> None:  # noqa: N802
        """Hide the last message and the cards' errors."""
        self._message, self._message_is_error = "", False
        self._errors.clear()
        self.statusChanged.emit()
