"""The cockpit screen as a driver meets it: every page legible in both themes and both languages,
touch navigation and settings, signal quality made visible, and the collision warning on top.

One cockpit (one QML engine) serves the whole module; each test starts from the Drive page in
day, English and metric. Frames go through the real decoder into the store; the clock is moved by
hand and the cockpit ticks explicitly, so "a dash within the timeout plus one frame" is exact.
"""

from __future__ import annotations

import time

import pytest
from layout_audit import layout_problems
from PySide6.QtCore import QCoreApplication, QObject, QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from support import FakeClock
from vehicle_frames import FrameMaker

from cockpit.decode import FrameDecoder
from cockpit.hmi.app import PAGES, Cockpit
from cockpit.signals import SignalStore

FRAME = 1 / 60  # one displayed frame
DASH = "\u2014"


class Drive:
    """A cockpit fed by the real decoder on a hand-moved clock."""

    def __init__(self, schema, size: tuple[int, int] = (1920, 720), rotation: int = 0) -> None:
        self.clock = FakeClock()
        self.store = SignalStore(schema.signal_specs(), clock=self.clock)
        self.decoder = FrameDecoder(schema, self.store, bus_name="vehicle")
        self.frames = FrameMaker(schema)
        self.cockpit = Cockpit(self.store)
        self.window = self.cockpit.load(size, rotation=rotation)
        self.window.show()

    def send(self, message: str, **values) -> None:
        """One frame at the current time, decoded as if it came off the bus."""
        self.decoder(self.frames.frame(message, self.clock.now, **values))

    def send_corrupted(self, message: str, **values) -> None:
        """One frame whose CRC does not match its content."""
        self.decoder(self.frames.frame(message, self.clock.now, corrupt_crc=True, **values))

    def tick(self, seconds: float = FRAME) -> None:
        """Let ``seconds`` pass and show one frame."""
        self.clock.advance(seconds)
        self.cockpit.tick()

    def run(self, seconds: float, **messages: dict) -> None:
        """Drive for ``seconds``: each message sent at its cycle time, a frame shown every 1/60 s.

        (The decoder holds a value for the mapping's interval_ms, as KUKSA does, so a new value
        shows only when the car keeps sending it, as a real one does.)
        """
        next_send = dict.fromkeys(messages, self.clock.now)
        end = self.clock.now + seconds
        while self.clock.now < end:
            for name, values in messages.items():
                if self.clock.now >= next_send[name]:
                    self.send(name, **values)
                    next_send[name] += self.frames.cycle_time(name)
            self.tick(
                min(FRAME, self.frames.cycle_time(min(messages, key=self.frames.cycle_time)))
                if messages
                else FRAME
            )

    def settle(self) -> None:
        """Lay out and render one frame now, as the render loop would (Rows place children at polish)."""
        QCoreApplication.processEvents()
        self.window.grabWindow()

    def text(self, object_name: str) -> str:
        item = self.cockpit.find(object_name)
        assert item is not None, f"no QML item named {object_name!r}"
        return item.property("text")

    def item(self, object_name: str) -> QQuickItem:
        item = self.cockpit.find(object_name)
        assert item is not None, f"no QML item named {object_name!r}"
        return item

    def tap(self, object_name: str) -> None:
        """A finger on the centre of the item (a mouse press and release, as touch is synthesised)."""
        item = self.item(object_name)
        assert item.isVisible(), f"{object_name} is not visible, it cannot be tapped"
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        QTest.mouseClick(self.window, Qt.LeftButton, Qt.NoModifier, centre.toPoint())
        self.settle()

    def busy_street(self) -> None:
        """A plausible moment on the road: every page has something to show."""
        self.send("ESP_Speed", ESP_VehicleSpeed=87.4)
        self.send("VCU_DriveState")
        self.send(
            "BMS_PackStatus",
            BMS_PackVoltage=396.0,
            BMS_PackCurrent=-105.0,
            BMS_SocDisplayed=68.0,
            BMS_SocReal=68.5,
            BMS_Soh=97.0,
        )
        self.send(
            "ACC_Status",
            ACC_State="ACTIVE",
            ACC_MainSwitch=1,
            ACC_SetSpeed=90,
            ACC_TimeGap=1.8,
            ACC_LeadVehicleDetected=1,
            ACC_LeadVehicleDistance=42.0,
            ACC_LeadVehicleRelSpeed=-3.0,
        )

    def close(self) -> None:
        self.cockpit.close()


@pytest.fixture(scope="module")
def drive(qapp, schema):
    d = Drive(schema)
    yield d
    d.close()


@pytest.fixture
def car(drive):
    """The shared cockpit, back on the Drive page in day, English, metric, with fresh values."""
    s = drive.cockpit.models.settings
    s.setUnitSystem("metric")
    s.setTheme("day")
    s.setLanguage("en")
    drive.cockpit.show_page("drive")
    drive.tick(1.0)  # anything left from the previous test goes stale
    drive.busy_street()
    drive.tick()
    assert not drive.cockpit.load_warnings
    return drive


# --- legibility -------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_every_page_is_legible_in_both_themes_and_languages(car, theme, language) -> None:
    car.cockpit.models.settings.setTheme(theme)
    car.cockpit.models.settings.setLanguage(language)
    problems = {}
    for page in PAGES:
        car.cockpit.show_page(page)
        car.busy_street()
        car.tick()
        car.settle()
        found = layout_problems(car.window)
        if page == "diagnostics" and theme == "day":  # every row of the table (geometry is theme-free)
            table = car.item("signalTable")
            while table.property("contentY") + table.height() < table.property("contentHeight") - 1:
                table.setProperty("contentY", table.property("contentY") + table.height() * 0.8)
                car.settle()
                found += layout_problems(car.window)
            table.setProperty("contentY", 0)
        if found:
            problems[page] = found
    assert not problems, "\n".join(f"{page}: {p}" for page, found in problems.items() for p in found)


@pytest.mark.parametrize("size", [(1280, 480), (1920, 1080), (1024, 600)])
def test_the_screen_scales_to_other_displays_without_clipping(qapp, schema, size) -> None:
    other = Drive(schema, size)
    try:
        problems = []
        for page in PAGES:
            other.cockpit.show_page(page)
            other.busy_street()
            other.tick()
            other.settle()
            problems += [f"{page}: {p}" for p in layout_problems(other.window)]
        assert not problems, "\n".join(problems)
        assert not other.cockpit.load_warnings
    finally:
        other.close()


@pytest.mark.parametrize(("size", "rotation"), [((720, 1920), 90), ((1920, 720), 180), ((720, 1920), 270)])
def test_a_panel_mounted_sideways_shows_the_whole_turned_scene(qapp, schema, size, rotation) -> None:
    turned = Drive(schema, size, rotation)
    try:
        problems = []
        for page in PAGES:
            turned.cockpit.show_page(page)
            turned.busy_street()
            turned.tick()
            turned.settle()
            problems += [f"{page}: {p}" for p in layout_problems(turned.window)]
        assert not problems, "\n".join(problems)
        scene = turned.window.findChild(QObject, "scene")
        bounds = scene.mapRectToScene(scene.boundingRect())
        assert bounds.width() == pytest.approx(size[0], abs=1)
        assert bounds.height() == pytest.approx(size[1], abs=1)
        assert not turned.cockpit.load_warnings
    finally:
        turned.close()


def test_every_touch_target_is_at_least_64_px(car) -> None:
    small = []
    for page in PAGES:
        car.cockpit.show_page(page)
        stack = [car.window.contentItem()]
        while stack:
            item = stack.pop()
            stack.extend(child for child in item.childItems() if child.isVisible())
            if item.inherits("QQuickMouseArea") and (item.width() < 64 or item.height() < 64):
                small.append(
                    f"{page}: {item.parentItem().objectName() or item.parentItem()} "
                    f"{item.width():.0f}x{item.height():.0f}"
                )
    assert not small, small


# --- touch ------------------------------------------------------------------------------------
def test_tapping_a_tab_opens_its_page(car) -> None:
    for page in PAGES:
        car.tap(f"nav_{page}")
        assert car.window.property("currentPage") == page
        assert car.item(f"{page}Page").isVisible()
        assert not car.item("drivePage").isVisible() or page == "drive"


def test_imperial_units_apply_everywhere(car) -> None:
    car.send("BMS_Energy", BMS_RangeEstimate=300)
    car.send("BMS_CellExtremes", BMS_CellTempMax=30)
    car.tick(0.001)
    assert car.text("speedValue") == "87"
    assert car.text("rangeValue") == "300"
    car.tap("nav_settings")
    car.tap("unitsSelector_imperial")
    assert car.cockpit.models.settings.unitSystem == "imperial"
    assert car.text("speedValue") == "54"  # 87.4 km/h
    assert car.text("speedUnit") == "mph"
    assert car.text("rangeValue") == "186"  # 300 km
    assert car.text("adasLeadDistanceValue") == "138"  # 42 m, in feet
    assert car.text("cellTemperatureValue").endswith("/ 86")  # 30 degC
    car.tap("unitsSelector_metric")
    assert car.text("speedValue") == "87"
    assert car.text("speedUnit") == "km/h"


def test_turn_signals_blink_while_the_car_signals(car) -> None:
    arrow = car.item("turnLeft")
    assert not arrow.property("signaling")
    car.run(0.2, BCM_LightStatus={"BCM_TurnIndicatorLeft": 1})
    assert arrow.property("signaling")
    seen = set()
    deadline = time.monotonic() + 2
    while len(seen) < 2 and time.monotonic() < deadline:  # the blinker runs on a real-time QML Timer
        QCoreApplication.processEvents()
        seen.add(arrow.property("filled"))
    assert seen == {True, False}
    car.run(0.2, BCM_LightStatus={"BCM_TurnIndicatorLeft": 0})
    assert not arrow.property("signaling")


def test_night_theme_darkens_the_screen(car) -> None:
    car.tap("nav_settings")
    day = car.window.color().lightness()
    car.tap("themeSelector_night")
    assert car.cockpit.models.settings.theme == "night"
    assert car.window.color().lightness() < 40 < day


def test_chinese_is_one_tap_away_and_back(car) -> None:
    car.tap("nav_settings")
    assert car.item("nav_drive").property("label") == "Drive"
    car.tap("languageSelector_zh_CN")
    assert car.cockpit.models.settings.language == "zh_CN"
    chinese = car.item("nav_drive").property("label")
    assert chinese != "Drive" and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)
    car.tap("languageSelector_en")
    assert car.item("nav_drive").property("label") == "Drive"


# --- signal quality ---------------------------------------------------------------------------
def test_speed_shows_a_dash_within_its_timeout_plus_one_frame_after_the_frames_stop(car) -> None:
    timeout = car.store.slot("Vehicle.Speed").spec.timeout
    car.run(0.3, ESP_Speed={"ESP_VehicleSpeed": 50.0})
    assert car.text("speedValue") == "50"
    last_frame = car.store.read("Vehicle.Speed").timestamp
    car.tick(last_frame + timeout - car.clock.now)  # exactly at the timeout: still good
    assert car.text("speedValue") == "50"
    car.tick(FRAME)  # one displayed frame later: a dash
    assert car.text("speedValue") == DASH


def test_corrupted_crc_never_changes_the_displayed_set_speed_and_raises_the_adas_telltale(car) -> None:
    cruise = {"ACC_State": "ACTIVE", "ACC_SetSpeed": 100}
    adas = {
        "ACC_Status": cruise,
        "ADAS_FcwAeb": {},
        "CAM_LaneLines": {},
        "CAM_AssistStatus": {},
        "RADAR_BlindSpot": {},
        "ADAS_ObjectList": {},
    }
    car.run(0.3, **adas)
    assert car.text("cruiseSetSpeedValue") == "100"
    assert not car.item("telltaleAdas").property("lit"), car.cockpit.models.telltales.unhealthy_signals(
        "adas"
    )
    car.send_corrupted("ACC_Status", ACC_State="ACTIVE", ACC_SetSpeed=30)
    car.tick(0.005)
    assert car.text("cruiseSetSpeedValue") == DASH, "never 30: the corrupted frame is not shown"
    assert car.cockpit.models.adas.value("cruiseSetSpeed") == 100
    assert car.item("telltaleAdas").property("lit")
    assert "Vehicle.ADAS.CruiseControl.SpeedSet" in car.cockpit.models.telltales.unhealthy_signals("adas")
    car.run(0.3, **adas)
    assert car.text("cruiseSetSpeedValue") == "100"
    assert not car.item("telltaleAdas").property("lit")


def test_a_silent_radar_shows_the_object_count_as_a_dash_not_zero(car) -> None:
    car.run(0.3, ADAS_ObjectList={"ADAS_ObjectCount": 2}, RADAR_BlindSpot={})
    assert car.item("adasObjects").property("value") == "2"
    assert car.item("chipBlindSpotLeft").property("available")
    timeout = max(
        car.store.slot(path).spec.timeout
        for path in ("Vehicle.ADAS.ObjectDetection.Count", "Vehicle.ADAS.BlindSpot.Left.IsWarning")
    )
    car.tick(timeout + 2 * FRAME)  # the radar goes quiet
    assert car.item("adasObjects").property("value") == DASH
    # ... and a warning it can no longer give is struck through, not shown as a calm "no warning".
    assert not car.item("chipBlindSpotLeft").property("available")


def test_the_collision_warning_is_red_over_the_pages_and_leaves_the_speed_in_view(car) -> None:
    warning = car.item("collisionWarning")
    assert not warning.isVisible()
    car.run(0.1, ADAS_FcwAeb={"FCW_Level": "ACUTE"})
    assert warning.isVisible()
    banner = car.item("collisionBanner")
    assert banner.property("color").red() > 150 and banner.property("color").green() < 60
    # The last child of the scene: drawn over every page and the pairing dialog ...
    assert car.item("scene").childItems()[-1] is warning
    # ... but only over the page area: the driving strip (speed, gear) is beside it, not under it.
    strip = car.item("drivingStrip")
    assert (
        warning.mapRectToScene(warning.boundingRect()).left()
        >= strip.mapRectToScene(strip.boundingRect()).right()
    )
    car.run(0.3, ADAS_FcwAeb={"FCW_Level": "NONE"})
    assert not warning.isVisible()
