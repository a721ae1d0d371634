"""The Devices page's model: the devices discovery sees, for QML, kept on the Qt main thread.

``DevicesModel`` is a list model over a ``cockpit.discovery.DeviceDirectory``. The directory calls
its listeners on the discovery worker thread; the model's listener only books the change (the
latest per device) and emits a queued signal, and the model applies everything booked so far on
the main thread. A flood of announcements therefore becomes one batch per event-loop turn, never
one repaint per packet, and no QObject is touched off the main thread.

Rows are the devices of the chosen kind (or all), paired first, then by name. ``selected`` follows
one device by id (its details pane stays live and empties when the device leaves). The model gives
data (kinds, ages in seconds, capability names); the words the driver reads are ``qsTr()`` in
``DevicesPage.qml``, so a language switch re-words the page without the model's help.

With ``follow_handoff(handoff_model)`` it also joins what the handoff knows (the peers it has paired
and connected, what the car holds): each device's "paired", the actions the selected device offers
(``selected.actions``, each with ``enabled``), why there are none (``selected.note``) and each media
target's ``state``. QML only words them; it joins and decides nothing.

``cockpit.hmi.services`` builds it over the head unit's one directory (``cockpit.app.discovery``)
and gives it to QML as ``services.devices``. "Paired" comes from the directory, where the head
unit's handoff pushes every pairing and forget as it happens.
"""

from __future__ import annotations

import enum
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import (
    Property,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from cockpit.app.seams import Device, DeviceChange, DeviceDirectory, DeviceEvent, DeviceKind
from cockpit.hmi.handoff_model import HandoffModel
from cockpit.hmi.list_model import RowListModel
from cockpit.hmi.relay import call_on_main_thread, main_thread_relay
from cockpit.vocabulary import handoff_peer_id

log = logging.getLogger(__name__)

AGE_REFRESH_MS = 1000  # "seen 12 s ago" moves once a second; faster would only burn frames
MEDIA_TARGET_KINDS = ("tv", "speaker")  # where "Play on TV/speaker" may send the car's track


def seen_age(seconds: float) -> int:
    """How long ago a device was heard from, in whole seconds, coarsened the way the page words it
    (seconds under a minute, whole minutes under an hour, then whole hours), so a row changes only
    when its words would: the page says "just now", "12 s ago", "3 min ago" (translated in QML)."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return int(seconds)
    if seconds < 3600:
        return int(seconds // 60) * 60
    return int(seconds // 3600) * 3600


class Note:
    """Why the selected device offers no (or no more) handoff action; QML words each one."""

    NONE = ""
    NOT_A_HANDOFF_MEDIA_PLAYER = "notHandoffMediaPlayer"  # a TV/speaker without our handoff (Cast only)
    TAKES_NOTHING = "takesNothing"  # neither navigation nor media
    HANDOFF_OFF = "handoffOff"  # this cockpit runs no handoff
    PAIR_FIRST = "pairFirst"
    NOT_CONNECTED = "notConnected"
    NOTHING_TO_HAND = "nothingToHand"  # nothing playing or guiding in the car
    LOCKED = "locked"  # the driver lockout (above 8 km/h): say why


class TargetState:
    """What a TV or speaker in "Play on TV/speaker" can do now; only READY is tappable."""

    READY = "ready"
    OFFLINE = "offline"  # paired, not connected
    UNPAIRED = "unpaired"
    UNREACHABLE = "unreachable"  # no handoff at all


class DevicesModel(RowListModel):
    """The nearby devices as rows: paired first, then by name; filterable by kind."""

    class Role(enum.IntEnum):
        """The roles QML binds to (``deviceId``, ``name``, ``kind`` and so on)."""

        DeviceId = Qt.ItemDataRole.UserRole + 1
        Name = enum.auto()
        Kind = enum.auto()  # phone, tv, speaker, vacuum, air_purifier, hub, light, ...
        ModelName = enum.auto()  # the product model (``zhimi.airpurifier.ma4``, ``MIBOX4``)
        AddressText = enum.auto()  # "192.168.31.20:54321"
        Paired = enum.auto()
        SeenSeconds = enum.auto()  # seconds since last heard, coarsened as seen_age() says
        Capabilities = enum.auto()  # handoff session kinds it accepts, e.g. ["media", "navigation"]

    _ROLE_NAMES: ClassVar[dict[int, bytes]] = {
        Role.DeviceId: b"deviceId",
        Role.Name: b"name",
        Role.Kind: b"kind",
        Role.ModelName: b"modelName",
        Role.AddressText: b"addressText",
        Role.Paired: b"paired",
        Role.SeenSeconds: b"seenSeconds",
        Role.Capabilities: b"capabilities",
    }

    countChanged = Signal()
    totalChanged = Signal()
    kindFilterChanged = Signal()
    kindsChanged = Signal()
    selectedChanged = Signal()
    mediaTargetsChanged = Signal()
    # Emitted from the discovery thread, delivered on the main thread (queued connection).

    def __init__(
        self,
        directory: DeviceDirectory,
        parent: QObject | None = None,
        *,
        interfaces_text: str = "127.0.0.1",
        age_refresh_ms: int = AGE_REFRESH_MS,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._interfaces_text = interfaces_text
        self._all: dict[str, Device] = {}
        self._rows: list[Device] = []
        self._seen: list[int] = []  # the age shown per row, to notify only real changes
        self._kind_filter = ""
        self._shown_total = 0
        self._kinds: list[dict[str, Any]] = []
        self._media_targets: list[dict[str, Any]] = []
        self._selected_id = ""
        self._selected: dict[str, Any] = {}
        self._booked: dict[str, Device | None] = {}
        self._booked_lock = threading.Lock()
        self._scheduled: list[bool] = []  # [True] while a drain is queued
        self._relay = main_thread_relay()
        self._handoff: QObject | None = None
        self._handoff_paired: frozenset[str] = frozenset()  # peer ids the running handoff has paired
        for device in directory.devices():
            self._all[device.id] = device
        self._sync_rows()
        self._unsubscribe: Callable[[], None] | None = directory.subscribe(self._directory_listener())
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(age_refresh_ms)
        self._age_timer.timeout.connect(self.refresh_ages)
        self._age_timer.start()

    def close(self) -> None:
        """Stop listening to the directory and stop the age timer (before discovery stops)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._age_timer.stop()

    # --- the discovery thread ------------------------------------------------------------------
    def _directory_listener(self) -> Callable[[DeviceEvent], None]:
        """The discovery thread's listener: it books changes and never holds the model itself (a
        strong reference there could be the last one; see cockpit.hmi.relay)."""
        model = weakref.ref(self)
        relay, lock, booked, scheduled = self._relay, self._booked_lock, self._booked, self._scheduled

        def on_directory_event(event: DeviceEvent) -> None:
            with lock:
                booked[event.device.id] = None if event.change is DeviceChange.REMOVED else event.device
                if scheduled:
                    return
                scheduled.append(True)
            call_on_main_thread(relay, model, "_apply_booked")

        return on_directory_event

    # --- the main thread -----------------------------------------------------------------------
    @Slot()
    def _apply_booked(self) -> None:
        with self._booked_lock:
            booked = dict(self._booked)
            self._booked.clear()  # the same dict: the discovery thread's listener holds it
            self._scheduled.clear()
        for device_id, device in booked.items():
            if device is None:
                self._all.pop(device_id, None)
            else:
                self._all[device_id] = device
        self._sync_rows()
        if self._selected_id in booked:
            self._update_selected()

    def _sync_rows(self) -> None:
        """Bring the rows to the wanted (filtered, sorted) list with the fewest model signals."""
        wanted = sorted(
            (d for d in self._all.values() if not self._kind_filter or d.kind.value == self._kind_filter),
            key=lambda d: (not self._is_paired(d), d.name.casefold(), d.id),
        )
        count_before, total = len(self._rows), len(self._all)
        wanted_ids = {d.id for d in wanted}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id not in wanted_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._seen[row]
                self.endRemoveRows()
        now = self._directory.now()
        for position, device in enumerate(wanted):
            current = next(
                (i for i in range(position, len(self._rows)) if self._rows[i].id == device.id), None
            )
            if current is None:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, device)
                self._seen.insert(position, seen_age(now - device.last_seen))
                self.endInsertRows()
                continue
            if current != position:
                self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), position)
                self._rows.insert(position, self._rows.pop(current))
                self._seen.insert(position, self._seen.pop(current))
                self.endMoveRows()
            if self._rows[position] != device:
                self._rows[position] = device
                self._seen[position] = seen_age(now - device.last_seen)
                index = self.index(position)
                self.dataChanged.emit(index, index, [])
        if len(self._rows) != count_before:
            self.countChanged.emit()
        if total != self._shown_total:
            self._shown_total = total
            self.totalChanged.emit()
        self._update_kinds()
        self._update_media_targets()

    def _update_media_targets(self) -> None:
        """The TVs and speakers nearby, whatever the kind filter: those that take media first."""
        targets: list[dict[str, Any]] = [
            {
                "deviceId": d.id,
                "name": d.name,
                "kind": d.kind.value,
                "paired": self._is_paired(d),
                "takesMedia": "media" in d.capabilities,
                "state": self._target_state(d),
            }
            for d in self._all.values()
            if d.kind.value in MEDIA_TARGET_KINDS
        ]
        targets.sort(key=lambda t: (not t["takesMedia"], t["name"].casefold(), t["deviceId"]))
        if targets != self._media_targets:
            self._media_targets = targets
            self.mediaTargetsChanged.emit()

    def _update_kinds(self) -> None:
        counts: dict[str, int] = {}
        for device in self._all.values():
            counts[device.kind.value] = counts.get(device.kind.value, 0) + 1
        if self._kind_filter:
            counts.setdefault(self._kind_filter, 0)  # the chosen chip never vanishes under a finger
        order = [kind.value for kind in DeviceKind]
        kinds = [
            {"kind": kind, "count": counts[kind]}
            for kind in sorted(counts, key=lambda k: order.index(k) if k in order else len(order))
        ]
        if kinds != self._kinds:
            self._kinds = kinds
            self.kindsChanged.emit()

    @Slot()
    def refresh_ages(self) -> None:
        """Re-age every row; notifies only the rows whose shown age changed."""
        now = self._directory.now()
        for row, device in enumerate(self._rows):
            age = seen_age(now - device.last_seen)
            if age != self._seen[row]:
                self._seen[row] = age
                index = self.index(row)
                self.dataChanged.emit(index, index, [self.Role.SeenSeconds])
        if self._selected_id:
            self._update_selected()

    # --- RowListModel ---------------------------------------------------------------------
    def _role_value(self, index: int, role: int) -> Any:
        """The value of ``role`` for the row at ``index`` (in range: RowListModel checked it)."""
        device = self._rows[index]
        if role in (Qt.ItemDataRole.DisplayRole, self.Role.Name):
            return device.name
        if role == self.Role.DeviceId:
            return device.id
        if role == self.Role.Kind:
            return device.kind.value
        if role == self.Role.ModelName:
            return device.model
        if role == self.Role.AddressText:
            return self._address_text(device)
        if role == self.Role.Paired:
            return self._is_paired(device)
        if role == self.Role.SeenSeconds:
            return self._seen[index]
        if role == self.Role.Capabilities:
            return sorted(device.capabilities)
        return None

    @staticmethod
    def _address_text(device: Device) -> str:
        if not device.addresses:
            return f":{device.port}"
        first = device.addresses[0]
        return f"[{first}]:{device.port}" if ":" in first else f"{first}:{device.port}"

    # --- properties QML binds to ---------------------------------------------------------------
    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)  # rows shown (after the kind filter)

    def _total(self) -> int:
        return len(self._all)

    total = Property(int, _total, notify=totalChanged)  # every device, whatever the filter

    def _get_kind_filter(self) -> str:
        return self._kind_filter

    def _set_kind_filter(self, kind: str) -> None:
        kind = kind or ""
        if kind == self._kind_filter:
            return
        self._kind_filter = kind
        self._sync_rows()
        self.kindFilterChanged.emit()

    kindFilter = Property(str, _get_kind_filter, _set_kind_filter, notify=kindFilterChanged)

    def _get_kinds(self) -> list[dict[str, Any]]:
        return list(self._kinds)

    # [{kind, count}] for the filter chips, in a fixed order (phone first).
    kinds = Property(list, _get_kinds, notify=kindsChanged)

    def _get_interfaces_text(self) -> str:
        return self._interfaces_text

    interfacesText = Property(str, _get_interfaces_text, constant=True)  # where discovery listens

    def _get_media_targets(self) -> list[dict[str, Any]]:
        return list(self._media_targets)

    # [{deviceId, name, kind, paired, takesMedia, state}] of every TV and speaker nearby, for "Play on
    # TV/speaker"; state is a TargetState; one without our handoff (a Cast-only TV) is unreachable.
    mediaTargets = Property(list, _get_media_targets, notify=mediaTargetsChanged)

    def _get_selected_id(self) -> str:
        return self._selected_id

    def _set_selected_id(self, device_id: str) -> None:
        device_id = device_id or ""
        if device_id == self._selected_id:
            return
        self._selected_id = device_id
        self._update_selected(force=True)

    selectedId = Property(str, _get_selected_id, _set_selected_id, notify=selectedChanged)

    def _get_selected(self) -> dict[str, Any]:
        return dict(self._selected)

    # The selected device's details ({} when none or when it left); see _details().
    selected = Property(dict, _get_selected, notify=selectedChanged)

    def _update_selected(self, force: bool = False) -> None:
        device = self._all.get(self._selected_id)
        details = self._details(device) if device is not None else {}
        if force or details != self._selected:
            self._selected = details
            self.selectedChanged.emit()

    def _details(self, device: Device) -> dict[str, Any]:
        return {
            "deviceId": device.id,
            "name": device.name,
            "kind": device.kind.value,
            "modelName": device.model,
            "addresses": ", ".join(device.addresses),
            "host": device.addresses[0] if device.addresses else "",  # where "Pair" dials
            "addressText": self._address_text(device),
            "port": device.port,
            "serviceTypes": ", ".join(t.split(".")[0].lstrip("_") for t in sorted(device.service_types)),
            "capabilities": sorted(device.capabilities),  # handoff session kinds it accepts
            "paired": self._is_paired(device),
            "seenSeconds": seen_age(self._directory.now() - device.last_seen),
            "peerId": handoff_peer_id(device.id) or "",
            "connected": self._is_connected(device),
            "actions": self._actions(device),  # [{name, enabled}]: pair, sendNavigation, sendMedia, playHere
            "note": self._note(device),
        }

    # --- the join with the handoff ---------------------------------------------------------------
    def follow_handoff(self, handoff: HandoffModel) -> None:
        """Join a HandoffModel's state into the rows, the selection's actions and the media targets."""
        self._handoff = handoff
        handoff.pairedDevicesChanged.connect(self._on_handoff_paired)
        for signal in (
            handoff.phoneChanged,
            handoff.statusChanged,
            handoff.navigationChanged,
            handoff.mediaChanged,
            handoff.pairingChanged,
            handoff.vehicleChanged,
        ):
            signal.connect(self._on_handoff_state)
        self._on_handoff_paired()

    @Slot()
    def _on_handoff_paired(self) -> None:
        paired = frozenset(str(d["deviceId"]) for d in self._handoff_value("pairedDevices", []))
        if paired == self._handoff_paired:
            return
        self._handoff_paired = paired
        self._sync_rows()  # paired devices sort first
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [self.Role.Paired])
        self._update_selected()

    @Slot()
    def _on_handoff_state(self) -> None:
        self._update_selected()
        self._update_media_targets()

    def _handoff_value(self, name: str, default: Any) -> Any:
        if self._handoff is None:
            return default
        value = self._handoff.property(name)
        return default if value is None else value

    def _is_paired(self, device: Device) -> bool:
        """Paired as discovery knows it or as the running handoff knows it: the same "Paired" the
        handoff acts on."""
        return device.paired or handoff_peer_id(device.id) in self._handoff_paired

    def _is_connected(self, device: Device) -> bool:
        peer = handoff_peer_id(device.id)
        return peer is not None and peer in self._handoff_value("connectedDevices", [])

    def _actions(self, device: Device) -> list[dict[str, Any]]:
        """The buttons for a device: only what it really accepts, never a fake action."""
        if self._handoff is None or handoff_peer_id(device.id) is None:
            return []
        # Pairing and handoff taps are locked while the car moves (HandoffModel.lockedOut).
        locked = bool(self._handoff_value("lockedOut", False))
        if not self._is_paired(device):
            return [
                {"name": "pair", "enabled": not self._handoff_value("pairingActive", False) and not locked}
            ]
        ready = self._is_connected(device) and not self._handoff_value("busy", False) and not locked
        navigation = ready and bool(self._handoff_value("navigationActive", False))
        media = ready and bool(self._handoff_value("mediaActive", False))
        takes_navigation = "navigation" in device.capabilities
        takes_media = "media" in device.capabilities
        player = device.kind.value in MEDIA_TARGET_KINDS
        if device.kind is DeviceKind.PHONE or (not player and takes_navigation):
            actions = []
            if takes_navigation:
                actions.append({"name": "sendNavigation", "enabled": navigation})
            if takes_media:
                actions.append({"name": "sendMedia", "enabled": media})
            return actions
        if takes_media:
            return [{"name": "playHere", "enabled": media}]
        return []

    def _note(self, device: Device) -> str:
        if handoff_peer_id(device.id) is None:
            return (
                Note.NOT_A_HANDOFF_MEDIA_PLAYER
                if device.kind.value in MEDIA_TARGET_KINDS
                else Note.TAKES_NOTHING
            )
        if self._handoff is None:
            return Note.HANDOFF_OFF
        if self._handoff_value("lockedOut", False):
            return Note.LOCKED
        if not self._is_paired(device):
            return Note.PAIR_FIRST
        if not self._is_connected(device):
            return Note.NOT_CONNECTED
        actions = self._actions(device)
        if not actions:
            return Note.TAKES_NOTHING
        if not any(action["enabled"] for action in actions):
            return Note.NOTHING_TO_HAND
        return Note.NONE

    def _target_state(self, device: Device) -> str:
        if "media" not in device.capabilities or handoff_peer_id(device.id) is None or self._handoff is None:
            return TargetState.UNREACHABLE
        if self._is_connected(device):
            return TargetState.READY
        return TargetState.OFFLINE if self._is_paired(device) else TargetState.UNPAIRED

    @Slot(int, result=str)
    def idAt(self, row: int) -> str:  # noqa: N802 - the Qt-style name QML calls
        """The device id of a row (for QML that holds a row index), or "" out of range."""
        return self._rows[row].id if 0 <= row < len(self._rows) else ""
