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

``cockpit_service(context)`` is the entry point ``cockpit.hmi.services`` calls: it starts discovery
(127.0.0.1 and the simulated household in the demo; the configured interfaces otherwise) and gives
QML ``services.devices``.
"""

from __future__ import annotations

import enum
import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Property,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from cockpit.discovery.device import Device, DeviceKind
from cockpit.discovery.directory import DeviceChange, DeviceDirectory, DeviceEvent, handoff_device_id
from cockpit.hmi.list_model import RowListModel
from cockpit.hmi.relay import call_on_main_thread, main_thread_relay

log = logging.getLogger(__name__)

AGE_REFRESH_MS = 1000  # "seen 12 s ago" moves once a second; faster would only burn frames
MEDIA_TARGET_KINDS = ("tv", "speaker")  # where "Play on TV/speaker" may send the car's track
PAIRING_POLL_MS = 2000  # how often the paired-devices file is looked at (a stat, then a read if changed)



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


def _sort_key(device: Device) -> tuple[bool, str, str]:
    return (not device.paired, device.name.casefold(), device.id)


class DevicesModel(RowListModel):
    """The nearby devices as rows: paired first, then by name; filterable by kind."""

    class Role(enum.IntEnum):
        """The roles QML binds to (``deviceId``, ``name``, ``kind`` and so on)."""

        DeviceId = Qt.ItemDataRole.UserRole + 1
        Name = enum.auto()
        Kind = enum.auto()            # phone, tv, speaker, vacuum, air_purifier, hub, light, ...
        ModelName = enum.auto()       # the product model (``zhimi.airpurifier.ma4``, ``MIBOX4``)
        AddressText = enum.auto()     # "192.168.31.20:54321"
        Paired = enum.auto()
        SeenSeconds = enum.auto()     # seconds since last heard, coarsened as seen_age() says
        Capabilities = enum.auto()    # handoff session kinds it accepts, e.g. ["media", "navigation"]

    _ROLE_NAMES = {
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
            key=_sort_key,
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
            current = next((i for i in range(position, len(self._rows)) if self._rows[i].id == device.id), None)
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
        targets = [
            {"deviceId": d.id, "name": d.name, "kind": d.kind.value, "paired": d.paired,
             "takesMedia": "media" in d.capabilities}
            for d in self._all.values() if d.kind.value in MEDIA_TARGET_KINDS
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
            return device.paired
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
    kinds = Property("QVariantList", _get_kinds, notify=kindsChanged)

    def _get_interfaces_text(self) -> str:
        return self._interfaces_text

    interfacesText = Property(str, _get_interfaces_text, constant=True)  # where discovery listens

    def _get_media_targets(self) -> list[dict[str, Any]]:
        return list(self._media_targets)

    # [{deviceId, name, kind, paired, takesMedia}] of every TV and speaker nearby, for "Play on
    # TV/speaker"; one without our handoff (a Cast-only TV) has takesMedia false and is never offered.
    mediaTargets = Property("QVariantList", _get_media_targets, notify=mediaTargetsChanged)

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
    selected = Property("QVariantMap", _get_selected, notify=selectedChanged)

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
            "addressText": self._address_text(device),
            "port": device.port,
            "serviceTypes": ", ".join(t.split(".")[0].lstrip("_") for t in sorted(device.service_types)),
            "capabilities": sorted(device.capabilities),  # handoff session kinds it accepts
            "paired": device.paired,
            "seenSeconds": seen_age(self._directory.now() - device.last_seen),
        }

    @Slot(int, result=str)
    def idAt(self, row: int) -> str:
        """The device id of a row (for QML that holds a row index), or "" out of range."""
        return self._rows[row].id if 0 <= row < len(self._rows) else ""


# --- the service the cockpit starts (cockpit.hmi.services) ------------------------------------------


def _paired_source(context: Any) -> Callable[[], set[str]] | None:
    """Where the handoff's paired devices are kept, if a key store already exists (never created here)."""
    try:
        from cockpit.handoff.keystore import StateDir
        from cockpit.handoff.trust import PairedDevices
    except ImportError:
        return None
    settings = getattr(getattr(getattr(context, "config", None), "handoff", None), "settings", {}) or {}
    state = StateDir(settings.get("state_dir"))
    if not Path(state.path).is_dir():
        return None
    try:
        paired = PairedDevices(state)
    except Exception:  # noqa: BLE001 - a broken key store is the handoff's to report, not the page's
        log.warning("cannot read the paired devices in %s; the Devices page shows none as paired", state.path)
        return None
    return lambda: {handoff_device_id(d.device_id) for d in paired.list()}


def cockpit_service(context: Any) -> Any:
    """Start discovery for the Devices page; QML gets ``services.devices`` (a DevicesModel).

    The demo browses and announces the simulated household on 127.0.0.1 only; ``run`` browses the
    configured ``[discovery] interfaces`` (nothing when ``enabled = false``). Announcing probes
    names for about a second, so discovery starts on a thread of its own, not on the UI's.
    """
    from cockpit.discovery.nearby import NearbyDevices
    from cockpit.hmi.services import CockpitService

    config = getattr(context, "config", None)
    if config is not None and not config.discovery.enabled:
        return None
    interfaces: Iterable[str] = ("127.0.0.1",) if config is None else config.discovery.interfaces
    nearby = NearbyDevices(tuple(interfaces), simulated_household=bool(getattr(context, "demo", False)))
    model = DevicesModel(nearby.directory, interfaces_text=nearby.interfaces.describe())

    paired_source = _paired_source(context)
    poll: QTimer | None = None
    if paired_source is not None:
        def refresh_pairing() -> None:
            try:
                nearby.directory.set_paired(paired_source())
            except Exception:  # noqa: BLE001 - keep the last known pairing rather than stop the page
                log.debug("reading the paired devices failed", exc_info=True)

        refresh_pairing()
        poll = QTimer(model)
        poll.setInterval(PAIRING_POLL_MS)
        poll.timeout.connect(refresh_pairing)
        poll.start()

    def start() -> None:
        try:
            nearby.start()
        except Exception:  # noqa: BLE001 - the page shows its empty state and where it listened
            log.exception("device discovery failed to start on %s", nearby.interfaces.describe())

    starter = threading.Thread(target=start, name="cockpit-discovery-start", daemon=True)
    starter.start()

    def stop() -> None:
        if poll is not None:
            poll.stop()
        model.close()
        starter.join(timeout=10)
        nearby.close()

    return CockpitService(objects={"devices": model}, stop=stop)
