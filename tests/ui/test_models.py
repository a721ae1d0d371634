"""The Diagnostics page's models: the signal table, its search filter, and the per-bus statistics.

Fed by a real SignalStore (and, for the bus statistics, real frame decoders on a python-can virtual
bus), checked with pytest-qt's qtmodeltester, and read back through QML where QML is the consumer.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads (tests/conftest.py may too)

import enum
import time
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QByteArray, QMetaObject, QModelIndex, Qt, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from support import FakeClock

from cockpit.hmi.bus_stats import BUS_OFF, ERROR, OFFLINE, OK, BusStatsModel, normalise_state
from cockpit.hmi.i18n import DASH
from cockpit.hmi.signal_table import (
    AGE_REFRESH_S,
    SHOWN_REFRESH_S,
    SignalFilterProxy,
    SignalTableModel,
    format_age,
    short_names,
    signal_group,
)
from cockpit.signals import SignalSpec, SignalStore

SPEED = "Vehicle.Speed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
FRONT_MOTOR_SPEED = "Vehicle.Powertrain.ElectricMotor.Front.Speed"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
LEAD_DISTANCE = "Vehicle.ADAS.CruiseControl.LeadVehicleDistance"
BATTERY_FAULT = "Vehicle.Powertrain.TractionBattery.Fault.Any"
DRIVER_DOOR = "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen"
REAR_DOOR = "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen"

Role = SignalTableModel.Role


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> SignalStore:
    """A store with a few signals of each subsystem, declared as the reference vehicle does."""
    return SignalStore(
        [
            SignalSpec(SPEED, unit="km/h", datatype="float", timeout=0.06),
            SignalSpec(SOC, unit="percent", datatype="float", timeout=0.3),
            SignalSpec(FRONT_MOTOR_SPEED, unit="rpm", datatype="int32", timeout=0.06),
            SignalSpec(GEAR, datatype="int8", timeout=0.3),
            SignalSpec(LEAD_DISTANCE, unit="m", datatype="float", timeout=0.15),
            SignalSpec(BATTERY_FAULT, datatype="boolean", timeout=0.3),
            SignalSpec(DRIVER_DOOR, datatype="boolean", timeout=1.5),
            SignalSpec(REAR_DOOR, datatype="boolean", timeout=1.5),
        ],
        clock=clock,
    )


class ChangeSpy:
    """Records every dataChanged of a model as (first row, last row, roles)."""

    def __init__(self, model: SignalTableModel | BusStatsModel) -> None:
        self.ranges: list[tuple[int, int, list[int]]] = []
        model.dataChanged.connect(self._record)

    def _record(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]) -> None:
        self.ranges.append((top_left.row(), bottom_right.row(), list(roles)))

    def rows(self) -> set[int]:
        return {row for first, last, _ in self.ranges for row in range(first, last + 1)}

    def clear(self) -> None:
        self.ranges.clear()


def cell(model: SignalTableModel, path: str, role: Role) -> object:
    return model.data(model.index(model.row_of(path)), role)


def drain_into(model: SignalTableModel, store: SignalStore, clock: FakeClock) -> None:
    """What the HMI tick does once per frame."""
    model.refresh(store.drain_changed(clock.now), clock.now)


# --- the signal table -----------------------------------------------------------------------------
def test_signal_table_passes_qtmodeltester_with_live_values(qtmodeltester, store, clock):
    store.update(SPEED, 88.4)
    store.mark_invalid(LEAD_DISTANCE, "E2E CRC mismatch")
    model = SignalTableModel(store)
    qtmodeltester.check(model)
    clock.now += 1.0
    store.update(SOC, 71.5)
    drain_into(model, store, clock)
    qtmodeltester.check(model)


def test_every_declared_signal_is_a_row_in_declaration_order(qapp, store):
    model = SignalTableModel(store)
    assert model.rowCount() == len(store) == model.property("count")
    assert [model.data(model.index(row), Role.Path) for row in range(model.rowCount())] == [
        spec.path for spec in store.specs()
    ]


def test_roles_have_the_names_qml_binds_to(qapp, store):
    names = {bytes(name).decode() for name in SignalTableModel(store).roleNames().values()}
    assert {"path", "name", "valueText", "unit", "status", "ageText", "group"} <= names


def test_a_signal_never_received_shows_a_dash_and_its_status(qapp, store):
    model = SignalTableModel(store)
    assert cell(model, SPEED, Role.ValueText) == DASH
    assert cell(model, SPEED, Role.Status) == "not_received"
    assert cell(model, SPEED, Role.AgeText) == DASH
    assert cell(model, SPEED, Role.IsValid) is False


def test_a_valid_value_shows_with_its_unit_symbol_and_group(qapp, store, clock):
    model = SignalTableModel(store)
    store.update(SOC, 71.25)
    store.update(DRIVER_DOOR, True)
    drain_into(model, store, clock)
    assert cell(model, SOC, Role.ValueText) == "71.25"
    assert cell(model, SOC, Role.Unit) == "%"
    assert cell(model, SOC, Role.Group) == "Battery"
    assert cell(model, SOC, Role.Status) == "valid"
    assert cell(model, DRIVER_DOOR, Role.ValueText) == "true"
    assert cell(model, DRIVER_DOOR, Role.Group) == "Body"


def test_the_table_starts_from_what_the_store_already_holds_without_draining_it(qapp, store):
    store.update(SPEED, 50.0)
    model = SignalTableModel(store)
    assert cell(model, SPEED, Role.ValueText) == "50"
    assert SPEED in store.drain_changed(), "the HMI tick still owns the drain"


def test_refresh_emits_data_changed_only_for_the_rows_that_changed(qapp, store, clock):
    model = SignalTableModel(store)
    spy = ChangeSpy(model)
    store.update(SPEED, 30.0)
    store.update(GEAR, 127)
    drain_into(model, store, clock)
    changed = {model.data(model.index(row), Role.Path) for row in spy.rows()}
    # SPEED and GEAR changed; the age column of those two rows ticks too, nothing else.
    assert changed == {SPEED, GEAR}


def test_adjacent_changed_rows_share_one_data_changed(qapp, store, clock):
    model = SignalTableModel(store)
    model.refresh({}, clock.now)  # ages settled
    spy = ChangeSpy(model)
    store.update(SPEED, 30.0)
    store.update(SOC, 80.0)
    store.update(FRONT_MOTOR_SPEED, 4000)
    clock.now += SHOWN_REFRESH_S  # the views hear of changes at most this often
    model.refresh(store.drain_changed(clock.now), clock.now)
    value_ranges = [(first, last) for first, last, roles in spy.ranges if roles == []]
    assert value_ranges == [(0, 2)]


def test_views_hear_of_changes_at_most_ten_times_a_second_and_nothing_is_lost(qapp, store, clock):
    model = SignalTableModel(store)
    model.refresh({}, clock.now)
    spy = ChangeSpy(model)
    store.update(SPEED, 30.0)
    clock.now += SHOWN_REFRESH_S / 4
    model.refresh(store.drain_changed(clock.now), clock.now)
    assert spy.rows() == set(), "a change within SHOWN_REFRESH_S of the last waits"
    assert cell(model, SPEED, Role.ValueText) == "30", "the row itself is current"
    clock.now += SHOWN_REFRESH_S
    model.refresh(store.drain_changed(clock.now), clock.now)
    assert model.row_of(SPEED) in spy.rows(), "the next refresh after the interval tells it"


def test_a_hidden_table_tells_its_views_nothing_until_shown_then_everything(qapp, store, clock):
    model = SignalTableModel(store)
    model.set_shown(False, clock.now)
    spy = ChangeSpy(model)
    for step in range(5):
        clock.now += 1.0
        store.update(SPEED, 30.0 + step)
        if step == 3:
            store.mark_invalid(SOC, "CRC mismatch")
        model.refresh(store.drain_changed(clock.now), clock.now)
    assert spy.ranges == [], "nothing while no page shows the table"
    model.set_shown(True, clock.now)
    assert {model.row_of(SPEED), model.row_of(SOC)} <= set(spy.rows())
    assert cell(model, SPEED, Role.ValueText) == "34"


def test_an_update_that_does_not_change_the_shown_text_emits_nothing(qapp, store, clock):
    model = SignalTableModel(store)
    store.update(SPEED, 30.0)
    drain_into(model, store, clock)
    spy = ChangeSpy(model)
    clock.now += 0.01  # within the age tick
    store.update(SPEED, 30.0000001)  # a new frame, the same six significant digits
    drain_into(model, store, clock)
    assert spy.ranges == []


def test_a_stale_signal_shows_a_dash_never_a_frozen_number(qapp, store, clock):
    model = SignalTableModel(store)
    store.update(SPEED, 88.0)
    drain_into(model, store, clock)
    assert cell(model, SPEED, Role.ValueText) == "88"
    clock.now += 0.1  # past the 60 ms timeout, no frame came
    drain_into(model, store, clock)
    assert cell(model, SPEED, Role.ValueText) == DASH
    assert cell(model, SPEED, Role.Status) == "stale"
    assert "no update" in cell(model, SPEED, Role.Reason)


def test_an_invalid_signal_shows_a_dash_and_why(qapp, store, clock):
    model = SignalTableModel(store)
    store.update(LEAD_DISTANCE, 42.0)
    drain_into(model, store, clock)
    store.mark_invalid(LEAD_DISTANCE, "E2E CRC mismatch")
    drain_into(model, store, clock)
    assert cell(model, LEAD_DISTANCE, Role.ValueText) == DASH
    assert cell(model, LEAD_DISTANCE, Role.Status) == "invalid"
    assert cell(model, LEAD_DISTANCE, Role.Reason) == "E2E CRC mismatch"
    assert cell(model, LEAD_DISTANCE, Role.Group) == "ADAS"


def test_ages_tick_at_most_twice_a_second(qapp, store, clock):
    model = SignalTableModel(store)
    store.update(SOC, 70.0)
    drain_into(model, store, clock)
    assert cell(model, SOC, Role.AgeText) == "0.0 s"
    spy = ChangeSpy(model)
    for _ in range(10):  # ten frames over 0.2 s: no age update yet
        clock.now += 0.02
        model.refresh({}, clock.now)
    assert spy.ranges == []
    assert cell(model, SOC, Role.AgeText) == "0.0 s"
    clock.now += AGE_REFRESH_S
    model.refresh({}, clock.now)
    assert cell(model, SOC, Role.AgeText) == "0.7 s"
    assert all(roles == [Role.AgeText] for _, _, roles in spy.ranges if roles)


def test_readings_for_undeclared_paths_are_ignored_not_raised(qapp, store, clock):
    model = SignalTableModel(store)
    other = SignalStore([SignalSpec("Vehicle.Cabin.Infotainment.Media.Volume")], clock=clock)
    other.update("Vehicle.Cabin.Infotainment.Media.Volume", 7)
    model.refresh(other.drain_changed(), clock.now)
    assert model.rowCount() == len(store)


def test_short_names_are_unambiguous_and_say_what_the_signal_is():
    names = short_names([SPEED, FRONT_MOTOR_SPEED, SOC, DRIVER_DOOR, REAR_DOOR])
    assert names[SPEED] == "Vehicle.Speed"
    assert names[FRONT_MOTOR_SPEED] == "Front.Speed"
    assert names[SOC] == "StateOfCharge.Displayed"
    assert names[DRIVER_DOOR] == "Row1.DriverSide.IsOpen"
    assert names[REAR_DOOR] == "Row2.DriverSide.IsOpen"
    assert len(set(names.values())) == len(names)


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("Vehicle.Powertrain.Range", "Battery"),
        ("Vehicle.Powertrain.Transmission.SelectedGear", "Drivetrain"),
        ("Vehicle.Chassis.Brake.IsFaulted", "Brakes"),
        ("Vehicle.Chassis.Accelerator.PedalPosition", "Chassis"),
        ("Vehicle.ADAS.ObjectDetection.Object3.Class", "ADAS"),
        ("Vehicle.LowVoltageSystemState", "Body"),
        ("Vehicle.Exterior.AirTemperature", "Other"),
    ],
)
def test_signal_groups_follow_the_vehicle_subsystems(path, group):
    assert signal_group(path) == group


@pytest.mark.parametrize(
    ("age", "text"),
    [(None, DASH), (0.04, "0.0 s"), (9.96, "10.0 s"), (12.4, "12 s"), (125, "2 min"), (7300, "2 h")],
)
def test_ages_read_as_a_driver_would_say_them(age, text):
    assert format_age(age) == text


def test_retranslate_refreshes_only_the_status_words(qapp, store):
    model = SignalTableModel(store)
    spy = ChangeSpy(model)
    model.retranslate()
    assert spy.ranges == [(0, len(store) - 1, [Role.StatusText])]


# --- the search filter ------------------------------------------------------------------------------
def test_filter_proxy_passes_qtmodeltester_while_filtering(qtmodeltester, store, clock):
    store.update(SPEED, 10.0)
    proxy = SignalFilterProxy(SignalTableModel(store))
    proxy.setProperty("filterText", "speed")
    qtmodeltester.check(proxy)


def test_every_word_of_the_search_must_match_somewhere_in_the_row(qapp, store, clock):
    model = SignalTableModel(store)
    proxy = SignalFilterProxy(model)

    def shown() -> set[str]:
        return {proxy.data(proxy.index(row, 0), Role.Path) for row in range(proxy.rowCount())}

    proxy.setProperty("filterText", "SPEED")
    assert shown() == {SPEED, FRONT_MOTOR_SPEED}
    proxy.setProperty("filterText", "speed drivetrain rpm")
    assert shown() == {FRONT_MOTOR_SPEED}
    proxy.setProperty("filterText", "door row2")
    assert shown() == {REAR_DOOR}
    proxy.setProperty("filterText", "  ")
    assert proxy.rowCount() == len(store)


def test_searching_for_a_status_follows_the_signals_as_they_change(qapp, store, clock):
    model = SignalTableModel(store)
    proxy = SignalFilterProxy(model)
    proxy.setProperty("filterText", "stale")
    assert proxy.property("count") == 0
    store.update(SPEED, 88.0)
    drain_into(model, store, clock)
    clock.now += 0.1
    drain_into(model, store, clock)
    assert proxy.property("count") == 1
    assert proxy.data(proxy.index(0, 0), Role.Path) == SPEED


def test_values_changing_every_frame_never_rerun_the_search(qapp, store, clock, monkeypatch):
    """Re-filtering 60 times a second cost 3 ms a frame: only a status change re-runs the search."""
    model = SignalTableModel(store)
    proxy = SignalFilterProxy(model)
    proxy.setProperty("filterText", "speed")
    store.update(SPEED, 10.0)
    store.update(FRONT_MOTOR_SPEED, 1000)
    drain_into(model, store, clock)  # not received -> valid: a status change, searched again
    calls = []
    original = SignalFilterProxy.filterAcceptsRow
    monkeypatch.setattr(
        SignalFilterProxy,
        "filterAcceptsRow",
        lambda self, row, parent: calls.append(row) or original(self, row, parent),
    )
    spy = ChangeSpy(proxy)
    for step in range(1, 6):
        clock.now += SHOWN_REFRESH_S  # as often as the views hear of values
        store.update(SPEED, 10.0 + step)
        store.update(FRONT_MOTOR_SPEED, 1000 + step)
        drain_into(model, store, clock)
    assert calls == []
    assert proxy.data(proxy.index(0, 0), Role.ValueText) == "15", "the proxy still passes the values on"
    assert spy.ranges, "and tells its views"


def test_filter_text_notifies_and_ignores_repeats(qapp, store, qtbot):
    proxy = SignalFilterProxy(SignalTableModel(store))
    with qtbot.waitSignal(proxy.filterTextChanged, timeout=100):
        proxy.setProperty("filterText", "battery")
    with qtbot.assertNotEmitted(proxy.filterTextChanged):
        proxy.setProperty("filterText", "battery")


def test_qml_search_box_filters_the_table_and_reads_every_role(qapp, store, clock):
    """What the Diagnostics page does: a Repeater over the proxy, filterText set from QML."""
    store.update(SOC, 64.5)
    model = SignalTableModel(store)
    proxy = SignalFilterProxy(model)
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(
        QByteArray(b"""
import QtQuick
Item {
    required property var signals
    property alias shown: rows.count
    function search(text) { signals.filterText = text }
    function rowTexts() {
        var texts = []
        for (var i = 0; i < rows.count; ++i)
            texts.push(rows.itemAt(i).text)
        return texts
    }
    Repeater {
        id: rows
        model: signals
        delegate: Text {
            required property string name
            required property string valueText
            required property string unit
            required property string status
            required property string ageText
            required property string group
            text: name + "=" + valueText + unit + " " + status + " " + group + " " + ageText
        }
    }
}
"""),
        QUrl.fromLocalFile(os.path.join(os.path.dirname(__file__), "SignalTable.qml")),
    )
    root = component.createWithInitialProperties({"signals": proxy})
    assert root is not None, component.errorString()
    try:
        assert root.property("shown") == len(store)
        QMetaObject.invokeMethod(
            root, "search", Qt.ConnectionType.DirectConnection, Q_ARG("QVariant", "stateofcharge")
        )
        assert proxy.property("filterText") == "stateofcharge"
        assert root.property("shown") == 1
        texts = QMetaObject.invokeMethod(
            root, "rowTexts", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("QVariant")
        )
        assert texts.toVariant() == ["StateOfCharge.Displayed=64.5% valid Battery 0.0 s"]
    finally:
        root.deleteLater()
        engine.deleteLater()


# --- the bus statistics --------------------------------------------------------------------------------
@dataclass
class Counters:
    """A decoder's counters as the bus thread leaves them (the shape of FrameDecoder.stats)."""

    frames: int = 0
    unknown_frames: int = 0
    decode_errors: int = 0
    e2e_errors: int = 0
    unknown_ids: dict[int, int] = field(default_factory=dict)
    last_decode_error: str = ""


class ReaderState(enum.Enum):
    """A bus reader's state, as an enum the way a reader might keep it."""

    OK = "ok"
    BUS_OFF = "bus_off"
    OFFLINE = "offline"


BusRole = BusStatsModel.Role


def bus_cell(model: BusStatsModel, row: int, role: BusRole) -> object:
    return model.data(model.index(row), role)


def test_bus_stats_pass_qtmodeltester_as_buses_come_and_go(qtmodeltester, qapp):
    clock = FakeClock()
    model = BusStatsModel(clock=clock)
    model.add_bus("powertrain", Counters(frames=10))
    model.add_bus("adas", Counters())
    qtmodeltester.check(model)
    model.remove_bus("powertrain")
    qtmodeltester.check(model)


def test_frames_per_second_come_from_the_counters_between_samples(qapp):
    clock = FakeClock()
    counters = Counters()
    model = BusStatsModel(clock=clock)
    model.add_bus("powertrain", counters)
    counters.frames = 2500
    clock.now += 1.0
    model.sample(clock.now)
    assert bus_cell(model, 0, BusRole.FramesPerSecond) == pytest.approx(2500)
    assert bus_cell(model, 0, BusRole.Frames) == 2500
    assert bus_cell(model, 0, BusRole.State) == OK
    counters.frames += 1000
    clock.now += 2.0
    model.sample(clock.now)
    assert bus_cell(model, 0, BusRole.FramesPerSecond) == pytest.approx(500)


def test_a_silent_bus_without_a_reader_is_offline(qapp):
    clock = FakeClock()
    model = BusStatsModel(clock=clock)
    model.add_bus("adas", Counters(frames=5))
    clock.now += 1.0
    model.sample(clock.now)  # no new frame in a whole second
    assert bus_cell(model, 0, BusRole.State) == OFFLINE
    assert model.property("allHealthy") is False


def test_the_readers_state_wins_and_is_normalised(qapp):
    clock = FakeClock()
    state = ReaderState.OK
    model = BusStatsModel(clock=clock)
    model.add_bus("powertrain", Counters(), state=lambda: state)
    assert bus_cell(model, 0, BusRole.State) == OK
    assert model.property("allHealthy") is True
    spy = ChangeSpy(model)
    state = ReaderState.BUS_OFF
    clock.now += 1.0
    model.sample(clock.now)
    assert bus_cell(model, 0, BusRole.State) == BUS_OFF
    assert bus_cell(model, 0, BusRole.IsHealthy) is False
    assert model.property("allHealthy") is False
    assert spy.rows() == {0}


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("ok", OK),
        ("OK", OK),
        ("bus_off", BUS_OFF),
        ("BUS-OFF", BUS_OFF),
        ("busoff", BUS_OFF),
        ("error", ERROR),
        ("offline", OFFLINE),
        ("warp drive", ERROR),
    ],
)
def test_any_reader_state_is_shown_as_one_of_four(raw, state):
    assert normalise_state(raw) == state


def test_error_counters_and_the_most_frequent_unknown_ids_are_shown(qapp):
    clock = FakeClock()
    counters = Counters(
        frames=100,
        unknown_frames=17,
        decode_errors=2,
        e2e_errors=3,
        unknown_ids={0x7DF: 12, 0x123: 3, 0x1: 1, 0x2: 1, 0x3: 0},
        last_decode_error="VCU_Status (0x101): 4-byte classic CAN frame, DBC says 8",
    )
    model = BusStatsModel(clock=clock)
    model.add_bus("powertrain", counters)
    assert bus_cell(model, 0, BusRole.UnknownFrames) == 17
    assert bus_cell(model, 0, BusRole.DecodeErrors) == 2
    assert bus_cell(model, 0, BusRole.E2eErrors) == 3
    assert bus_cell(model, 0, BusRole.UnknownIdsText) == "0x7DF (12), 0x123 (3), 0x1 (1), 0x2 (1) +1 more"
    assert "VCU_Status" in bus_cell(model, 0, BusRole.LastDecodeError)


def test_a_sample_with_nothing_new_emits_nothing(qapp):
    clock = FakeClock()
    counters = Counters()
    model = BusStatsModel(clock=clock)
    model.add_bus("body", counters, state=lambda: "offline")
    spy = ChangeSpy(model)
    clock.now += 1.0
    model.sample(clock.now)
    assert spy.ranges == []


def test_two_buses_with_one_name_are_refused(qapp):
    model = BusStatsModel()
    model.add_bus("powertrain", Counters())
    with pytest.raises(ValueError, match="powertrain"):
        model.add_bus("powertrain", Counters())
    with pytest.raises(KeyError, match="chassis"):
        model.remove_bus("chassis")


def test_the_model_samples_itself_on_its_own_timer_when_started(qapp, qtbot):
    model = BusStatsModel(sample_interval_s=0.05)  # once a second in the car; quicker for the test
    counters = Counters()
    model.add_bus("powertrain", counters)
    counters.frames = 100
    model.start()
    try:
        qtbot.waitUntil(lambda: bus_cell(model, 0, BusRole.Frames) == 100, timeout=1000)
    finally:
        model.stop()


# --- the whole chain: frames on a virtual bus -> decoder -> store and counters -> both models ------------
def test_frames_on_a_virtual_bus_reach_the_signal_table_and_the_bus_statistics(qapp, qtbot, can_channel):
    """A real reader and decoder on a python-can virtual bus: the table shows the decoded state of
    charge, the statistics count the frames and the unknown id, and bus-off shows as bus-off."""
    import can

    from cockpit.bus.health import bus_off_frame
    from cockpit.bus.reader import BusReader
    from cockpit.decode import FrameDecoder, load_vehicle_schema

    schema = load_vehicle_schema()
    store = SignalStore(schema.signal_specs())
    decoder = FrameDecoder(schema, store, bus_name="powertrain")
    table = SignalTableModel(store)
    stats = BusStatsModel()
    reader = BusReader(
        "powertrain",
        lambda: can.Bus(interface="virtual", channel=can_channel, receive_own_messages=False),
        [decoder],
        silence_timeout=None,
    )
    stats.add_bus("powertrain", decoder.stats, state=lambda: reader.state)
    pack = schema.db.get_message_by_name("BMS_PackStatus")
    sender = can.Bus(interface="virtual", channel=can_channel)
    reader.start()
    try:
        qtbot.waitUntil(lambda: reader.bus is not None, timeout=2000)
        payload = pack.encode(
            {
                "BMS_PackVoltage": 398.0,
                "BMS_PackCurrent": -42.0,
                "BMS_SocReal": 63.0,
                "BMS_SocDisplayed": 61.5,
                "BMS_Soh": 97.0,
            }
        )
        for _ in range(20):
            sender.send(can.Message(arbitration_id=pack.frame_id, data=payload, is_extended_id=False))
        sender.send(can.Message(arbitration_id=0x7DF, data=b"\x02\x01\x0d", is_extended_id=False))
        qtbot.waitUntil(lambda: decoder.stats.frames >= 21, timeout=2000)

        now = store.clock()
        table.refresh(store.drain_changed(now), now)
        stats.sample(time.monotonic())
        assert cell(table, SOC, Role.ValueText) == "61.5"
        assert cell(table, SOC, Role.Status) == "valid"
        assert bus_cell(stats, 0, BusRole.Frames) == 21
        assert bus_cell(stats, 0, BusRole.UnknownFrames) == 1
        assert bus_cell(stats, 0, BusRole.UnknownIdsText) == "0x7DF (1)"
        assert bus_cell(stats, 0, BusRole.State) == OK

        sender.send(bus_off_frame())
        qtbot.waitUntil(lambda: str(reader.state) == BUS_OFF, timeout=2000)
        stats.sample(time.monotonic())
        assert bus_cell(stats, 0, BusRole.State) == BUS_OFF
        assert stats.property("allHealthy") is False
    finally:
        sender.shutdown()
        reader.stop()


def test_the_age_of_an_unchanged_value_follows_its_latest_frame_not_its_last_change(qapp) -> None:
    from cockpit.hmi.signal_table import SignalTableModel
    from cockpit.signals import SignalSpec, SignalStore

    store = SignalStore([SignalSpec("Vehicle.Speed", "km/h", timeout=1.0)], clock=lambda: 0.0)
    table = SignalTableModel(store)
    store.update("Vehicle.Speed", 50.0, timestamp=10.0)
    table.refresh(store.drain_changed(now=10.0), 10.0)
    for second in range(11, 31):  # the same value every second: nothing to redraw but the age
        store.update("Vehicle.Speed", 50.0, timestamp=float(second))
        table.refresh(store.drain_changed(now=second + 0.2), second + 0.2)
    row = table.row_of("Vehicle.Speed")
    assert table.data(table.index(row), SignalTableModel.Role.AgeText) == "0.2 s"
