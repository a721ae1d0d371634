"""What the ADAS view shows: cruise, lanes, the lead vehicle, warnings, and detected objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cockpit.hmi.vehicle_model import SignalField, VehicleModel, whole_in_both_units
from cockpit.signals import Quality, SignalReading

OBJECT_SLOTS = 8

# Park assist: the sectors (name, field, bumper) and the gaps that change how a sector is shown.
PARK_SECTORS = (
    ("frontLeft", "parkFrontLeft"),
    ("frontCentre", "parkFrontCentre"),
    ("frontRight", "parkFrontRight"),
    ("rearLeft", "parkRearLeft"),
    ("rearCentre", "parkRearCentre"),
    ("rearRight", "parkRearRight"),
)
PARK_RANGE_M = 2.5  # a sensor's range: this gap (what it reports with nothing in range) is "clear"
PARK_WARN_M = 1.5  # the tone starts, the sector turns amber
PARK_CLOSE_M = 0.6  # red
PARK_STOP_M = 0.3  # a steady tone: stop
PARK_SLOWEST_BEEP_MS = 900  # at PARK_WARN_M
PARK_FASTEST_BEEP_MS = 120  # just above PARK_STOP_M


def park_sector_state(distance: float | None) -> str:
    """How a sector is shown: unavailable (stale, invalid or SNA), clear, far, near or close."""
    if distance is None:
        return "unavailable"
    if distance >= PARK_RANGE_M - 0.005:
        return "clear"
    if distance >= PARK_WARN_M:
        return "far"
    return "near" if distance >= PARK_CLOSE_M else "close"


def park_tone_interval_ms(nearest: float | None) -> int:
    """Milliseconds between park beeps for the nearest gap: 0 silent, -1 a steady tone."""
    if nearest is None or nearest >= PARK_WARN_M:
        return 0
    if nearest < PARK_STOP_M:
        return -1
    share = (nearest - PARK_STOP_M) / (PARK_WARN_M - PARK_STOP_M)
    return round(PARK_FASTEST_BEEP_MS + share * (PARK_SLOWEST_BEEP_MS - PARK_FASTEST_BEEP_MS))


_OBJECT_PREFIX = "Vehicle.ADAS.ObjectDetection.Object"
_OBJECT_COUNT = "Vehicle.ADAS.ObjectDetection.Count"
_LEAD_DETECTED = "Vehicle.ADAS.CruiseControl.IsLeadVehicleDetected"
_LEAD_DISTANCE = "Vehicle.ADAS.CruiseControl.LeadVehicleDistance"
_LEFT_LINE = "Vehicle.ADAS.LaneDetection.Left.Offset"
_RIGHT_LINE = "Vehicle.ADAS.LaneDetection.Right.Offset"
_LEAD_PATHS = frozenset({_LEAD_DETECTED, _LEAD_DISTANCE, _LEFT_LINE, _RIGHT_LINE})
LEAD_MATCH_M = 2.5  # an object this close to the lead distance, in our lane, is the lead
LEAD_LANE_M = 1.6


class AdasModel(VehicleModel):
    """ADAS state for the driving strip and the top-down view. Distances in m, speeds in km/h."""

    FIELDS = (
        SignalField("cruiseEnabled", "Vehicle.ADAS.CruiseControl.IsEnabled", bool),
        SignalField("cruiseActive", "Vehicle.ADAS.CruiseControl.IsActive", bool),
        SignalField("cruiseState", "Vehicle.ADAS.CruiseControl.State", str, "OFF"),
        SignalField("cruiseSetSpeed", "Vehicle.ADAS.CruiseControl.SpeedSet"),
        SignalField("timeGap", "Vehicle.ADAS.CruiseControl.TimeGap"),
        SignalField("leadDetected", "Vehicle.ADAS.CruiseControl.IsLeadVehicleDetected", bool),
        # Shown in whole m or ft, and drawn at about 5 px a metre: a fifth of a metre is a pixel.
        SignalField(
            "leadDistance",
            "Vehicle.ADAS.CruiseControl.LeadVehicleDistance",
            shown=whole_in_both_units("m", per_unit=0.2),
        ),
        SignalField("leadRelativeSpeed", "Vehicle.ADAS.CruiseControl.LeadVehicleRelativeSpeed"),
        SignalField("leftLineType", "Vehicle.ADAS.LaneDetection.Left.LineType", str, "NONE"),
        SignalField("rightLineType", "Vehicle.ADAS.LaneDetection.Right.LineType", str, "NONE"),
        SignalField("leftLineOffset", "Vehicle.ADAS.LaneDetection.Left.Offset", float, 1.8),
        SignalField("rightLineOffset", "Vehicle.ADAS.LaneDetection.Right.Offset", float, -1.8),
        SignalField("laneCurvature", "Vehicle.ADAS.LaneDetection.Curvature"),
        SignalField("laneQuality", "Vehicle.ADAS.LaneDetection.Quality"),
        SignalField("laneKeepingState", "Vehicle.ADAS.LaneKeeping.State", str, "OFF"),
        SignalField("laneDepartureWarning", "Vehicle.ADAS.LaneDepartureDetection.IsWarning", bool),
        SignalField("laneDepartureSide", "Vehicle.ADAS.LaneDepartureDetection.WarningSide", str, "NONE"),
        SignalField("collisionWarning", "Vehicle.ADAS.ForwardCollisionWarning.Level", str, "NONE"),
        SignalField("emergencyBraking", "Vehicle.ADAS.EBA.IsEngaged", bool),
        SignalField("blindSpotLeft", "Vehicle.ADAS.BlindSpot.Left.IsWarning", bool),
        SignalField("blindSpotRight", "Vehicle.ADAS.BlindSpot.Right.IsWarning", bool),
        SignalField("driverAttentionWarning", "Vehicle.ADAS.DriverAttention.IsWarning", bool),
        SignalField("collisionTarget", "Vehicle.ADAS.ForwardCollisionWarning.TargetObject", int),
        # Park distance control: a gap per sector in m (2.5 = nothing within range).
        SignalField("parkFrontLeft", "Vehicle.ADAS.ObstacleDetection.Front.Left.Distance"),
        SignalField("parkFrontCentre", "Vehicle.ADAS.ObstacleDetection.Front.Centre.Distance"),
        SignalField("parkFrontRight", "Vehicle.ADAS.ObstacleDetection.Front.Right.Distance"),
        SignalField("parkRearLeft", "Vehicle.ADAS.ObstacleDetection.Rear.Left.Distance"),
        SignalField("parkRearCentre", "Vehicle.ADAS.ObstacleDetection.Rear.Centre.Distance"),
        SignalField("parkRearRight", "Vehicle.ADAS.ObstacleDetection.Rear.Right.Distance"),
        SignalField("parkError", "Vehicle.ADAS.ObstacleDetection.IsError", bool),
    )

    parkChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._park_states = {name: "unavailable" for name, _ in PARK_SECTORS}
        self._park_nearest: tuple[str, float] | None = None

    def derive(self, changed: set[str]) -> None:
        """Park assist: each sector's state, the nearest gap and the tone, from the six distances."""
        if not any(name.startswith("park") for name in changed):
            return
        distances = {
            name: self.value(field) if self.is_valid(field) else None for name, field in PARK_SECTORS
        }
        states = {name: park_sector_state(d) for name, d in distances.items()}
        seen = [(name, d) for name, d in distances.items() if d is not None]
        nearest = min(seen, key=lambda pair: pair[1]) if seen else None
        if states == self._park_states and nearest == self._park_nearest:
            return  # a sensor's gap moved within its state: nothing the view shows changed
        self._park_states, self._park_nearest = states, nearest
        self.parkChanged.emit()

    def _nearest_distance(self) -> float:
        return self._park_nearest[1] if self._park_nearest else PARK_RANGE_M

    parkSectorStates = Property(dict, lambda self: dict(self._park_states), notify=parkChanged)
    """Sector name -> unavailable, clear, far, near or close."""
    parkNearestSector = Property(
        str, lambda self: self._park_nearest[0] if self._park_nearest else "", notify=parkChanged
    )
    """The sector with the smallest gap; empty when no sensor can be read."""
    parkNearestDistance = Property(float, _nearest_distance, notify=parkChanged)
    parkNearestValid = Property(bool, lambda self: self._park_nearest is not None, notify=parkChanged)
    parkNearestClear = Property(
        bool,
        lambda self: self._park_nearest is not None and park_sector_state(self._park_nearest[1]) == "clear",
        notify=parkChanged,
    )
    """Every working sensor sees nothing within its range."""
    parkUnavailableSectors = Property(
        list, lambda self: [n for n, s in self._park_states.items() if s == "unavailable"], notify=parkChanged
    )
    parkToneInterval = Property(
        int,
        lambda self: park_tone_interval_ms(self._park_nearest[1] if self._park_nearest else None),
        notify=parkChanged,
    )
    """Milliseconds between park beeps: 0 silent, -1 a steady tone (the gap is under 0.3 m)."""
    parkRange = Property(float, lambda self: PARK_RANGE_M, constant=True)
    parkStopDistance = Property(float, lambda self: PARK_STOP_M, constant=True)


class DetectedObjectsModel(QAbstractListModel):
    """The objects the ADAS camera/radar reports, one row per object in the list (0..8).

    Rows are inserted and removed as the count changes and updated in place otherwise, so the
    top-down view's delegates move instead of being recreated every frame. ``isLead`` marks the
    object the ACC reports as its lead (in our lane, at the lead distance), so the drawing and the
    "Lead vehicle" figure always agree.
    """

    ObjectClassRole = Qt.ItemDataRole.UserRole + 1
    LongitudinalDistanceRole = Qt.ItemDataRole.UserRole + 2
    LateralDistanceRole = Qt.ItemDataRole.UserRole + 3
    RelativeSpeedRole = Qt.ItemDataRole.UserRole + 4
    ValidRole = Qt.ItemDataRole.UserRole + 5
    IsLeadRole = Qt.ItemDataRole.UserRole + 6

    _ROLE_NAMES: ClassVar[dict[int, bytes]] = {
        ObjectClassRole: b"objectClass",
        LongitudinalDistanceRole: b"longitudinalDistance",
        LateralDistanceRole: b"lateralDistance",
        RelativeSpeedRole: b"relativeSpeed",
        ValidRole: b"valid",
        IsLeadRole: b"isLead",
    }
    _ATTRIBUTES: ClassVar[dict[str, str]] = {
        "Class": "objectClass",
        "LongitudinalDistance": "longitudinalDistance",
        "LateralDistance": "lateralDistance",
        "RelativeSpeed": "relativeSpeed",
    }

    countChanged = Signal()
    countValidChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count_valid = False
        self._slots: list[dict[str, Any]] = [
            {
                "objectClass": "NONE",
                "longitudinalDistance": 0.0,
                "lateralDistance": 0.0,
                "relativeSpeed": 0.0,
                "valid": False,
                "isLead": False,
                "known": set(),
            }
            for _ in range(OBJECT_SLOTS)
        ]
        self._count = 0
        # What the ACC says about the lead (path -> value while valid), to mark it in the list.
        self._lead: dict[str, Any] = {}

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        """Objects in the list; a list model has no children."""
        return 0 if parent.isValid() else self._count

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The object's class, distances, relative speed or validity."""
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        slot = self._slots[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return slot["objectClass"]
        name = self._ROLE_NAMES.get(role)
        return None if name is None else slot[name.decode()]

    def roleNames(self) -> dict[int, QByteArray]:
        """Role names QML delegates bind to."""
        return {role: QByteArray(name) for role, name in self._ROLE_NAMES.items()}

    def _get_count(self) -> int:
        return self._count

    count = Property(int, _get_count, notify=countChanged)

    def _get_count_valid(self) -> bool:
        return self._count_valid

    countValid = Property(bool, _get_count_valid, notify=countValidChanged)
    """True while the object list's count is valid; otherwise the count shows a dash, not 0."""

    # --- feeding ---------------------------------------------------------------------------
    def apply(self, readings: Mapping[str, SignalReading]) -> None:
        """Take one frame's changed readings: update rows in place, then fit the row count."""
        touched: set[int] = set()
        new_count = self._count
        lead_moved = False
        for path, reading in readings.items():
            if path in _LEAD_PATHS:
                valid = reading.quality is Quality.VALID and reading.value is not None
                (self._lead.__setitem__(path, reading.value) if valid else self._lead.pop(path, None))
                lead_moved = True
                continue
            if path == _OBJECT_COUNT:
                valid = reading.quality is Quality.VALID and reading.value is not None
                # An invalid or stale list is an empty list: never draw objects we cannot trust.
                new_count = max(0, min(OBJECT_SLOTS, int(reading.value))) if valid else 0
                if valid != self._count_valid:
                    self._count_valid = valid
                    self.countValidChanged.emit()
                continue
            if not path.startswith(_OBJECT_PREFIX):
                continue
            number, _, attribute = path[len(_OBJECT_PREFIX) :].partition(".")
            name = self._ATTRIBUTES.get(attribute)
            if name is None or not number.isdigit() or not 1 <= int(number) <= OBJECT_SLOTS:
                continue
            row = int(number) - 1
            slot = self._slots[row]
            if reading.quality is Quality.VALID and reading.value is not None:
                slot[name] = str(reading.value) if name == "objectClass" else float(reading.value)
                slot["known"].add(name)
            else:
                slot["known"].discard(name)
            slot["valid"] = len(slot["known"]) == len(self._ATTRIBUTES)
            touched.add(row)
        if touched or lead_moved:
            touched |= self._mark_lead()
        self._resize(new_count)
        changed_rows = sorted(row for row in touched if row < self._count)
        if changed_rows:
            self.dataChanged.emit(self.index(changed_rows[0]), self.index(changed_rows[-1]))

    def _mark_lead(self) -> set[int]:
        """Mark the row the ACC follows: in our lane, at the lead distance. Returns rows that changed."""
        lead = self._lead
        following = lead.get(_LEAD_DETECTED) is True and _LEAD_DISTANCE in lead
        left, right = lead.get(_LEFT_LINE), lead.get(_RIGHT_LINE)
        lane_centre = (left + right) / 2 if left is not None and right is not None else 0.0
        changed = set()
        for row, slot in enumerate(self._slots):
            is_lead = bool(
                following
                and slot["valid"]
                and abs(slot["longitudinalDistance"] - lead[_LEAD_DISTANCE]) < LEAD_MATCH_M
                and abs(slot["lateralDistance"] - lane_centre) < LEAD_LANE_M
            )
            if is_lead != slot["isLead"]:
                slot["isLead"] = is_lead
                changed.add(row)
        return changed

    def _resize(self, new_count: int) -> None:
        if new_count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, new_count - 1)
            self._count = new_count
            self.endInsertRows()
        elif new_count < self._count:
            self.beginRemoveRows(QModelIndex(), new_count, self._count - 1)
            self._count = new_count
            self.endRemoveRows()
        else:
            return
        self.countChanged.emit()
