"""Warnings a driver can trust: speed, gear and the active telltales are never covered, the
collision warning is drawn at the threat and in the line of sight, the road view shows what is
there, and reverse brings up park assist with every sector's state, never a false "clear".

Frames go through the real decoder into the store on a hand-moved clock (as in
test_cockpit_screen.py); geometry is checked on the real QML scene, rendered offscreen.
"""

from __future__ import annotations

import pytest
from layout_audit import border_of, layout_problems, occlusion_problems
from PySide6.QtCore import QObject, QUrl
from PySide6.QtQml import QQmlComponent
from test_cockpit_screen import DASH, Drive

from cockpit.hmi.app import PAGES

SIZES = [(1920, 720), (1280, 480), (1920, 1080), (1024, 600)]
ROTATED = ((720, 1920), 90)  # a panel mounted sideways

# Everything at once: an acute collision warning with emergency braking, for object 1; a lane
# departure, both blind spots, the attention warning.
ALL_WARNINGS = {
    "ADAS_FcwAeb": {"FCW_Level": "ACUTE", "AEB_Active": 1, "FCW_TimeToCollision": 0.8, "FCW_TargetObject": 1},
    "ADAS_ObjectList": {
        "ADAS_ObjectCount": 2,
        "ADAS_Obj1_Class": "CAR",
        "ADAS_Obj1_LongDist": 12.0,
        "ADAS_Obj1_LatDist": 0.0,
        "ADAS_Obj1_RelSpeed": -30.0,
        "ADAS_Obj2_Class": "BICYCLE",
        "ADAS_Obj2_LongDist": 30.0,
        "ADAS_Obj2_LatDist": -2.2,
        "ADAS_Obj2_RelSpeed": -20.0,
    },
    "CAM_LaneLines": {
        "CAM_LeftLineType": "SOLID",
        "CAM_RightLineType": "DASHED",
        "CAM_LaneQuality": 90,
        "CAM_LeftLineOffset": 1.8,
        "CAM_RightLineOffset": -1.8,
        "CAM_LaneCurvature": 0.002,
    },
    "CAM_AssistStatus": {"LDW_Warning": 1, "LDW_WarningSide": "LEFT", "DAW_Warning": 1},
    "RADAR_BlindSpot": {"BSD_LeftWarning": 1, "BSD_RightWarning": 1},
}
PREWARNING = {
    **ALL_WARNINGS,
    "ADAS_FcwAeb": {"FCW_Level": "PREWARNING", "FCW_TimeToCollision": 2.2, "FCW_TargetObject": 1},
    "CAM_AssistStatus": {},
    "RADAR_BlindSpot": {},
}


def park_frames(
    rear_left: float = 2.5, rear_centre: float = 2.5, rear_right: float = 2.5, front: float = 2.5
) -> dict[str, dict]:
    return {
        "VCU_DriveState": {"VCU_GearSelected": "GEAR_R"},
        "PDC_Rear": {
            "PDC_State": "ACTIVE",
            "PDC_RearLeft": rear_left,
            "PDC_RearCentre": rear_centre,
            "PDC_RearRight": rear_right,
        },
        "PDC_Front": {"PDC_FrontLeft": front, "PDC_FrontCentre": front, "PDC_FrontRight": front},
    }


REVERSING_INTO_A_WARNING = {**ALL_WARNINGS, **park_frames(0.4, 0.9, 2.5)}
SITUATIONS = {"prewarning": PREWARNING, "every warning": ALL_WARNINGS, "reverse": REVERSING_INTO_A_WARNING}


def send_all(car: Drive, frames: dict[str, dict]) -> None:
    for message, values in frames.items():
        car.send(message, **values)
    car.tick()


def must_see(car: Drive) -> dict[str, QObject]:
    """Speed, its unit, the gear selector and every lit telltale."""
    items = {name: car.item(name) for name in ("speedValue", "speedUnit", "gearSelector")}
    bar = car.item("telltales")
    stack = list(bar.childItems())
    while stack:
        item = stack.pop()
        stack.extend(item.childItems())
        if item.objectName().startswith("telltale") and item.property("lit"):
            items[item.objectName()] = item
    return items


@pytest.fixture(scope="module")
def drive(qapp, schema):
    d = Drive(schema)
    yield d
    d.close()


@pytest.fixture
def car(drive):
    s = drive.cockpit.models.settings
    s.setUnitSystem("metric")
    s.setTheme("day")
    s.setLanguage("en")
    drive.cockpit.show_page("drive")
    drive.tick(1.0)  # anything left from the previous test goes stale
    drive.busy_street()
    drive.send("VCU_DriveState", VCU_GearSelected="GEAR_D")
    drive.tick()
    assert not drive.cockpit.load_warnings
    return drive


# --- 1. speed, gear and telltales are never covered -------------------------------------------
@pytest.mark.parametrize(
    ("size", "rotation"),
    [*((s, 0) for s in SIZES), ROTATED],
    ids=lambda v: f"{v[0]}x{v[1]}" if isinstance(v, tuple) else f"{v}deg",
)
def test_speed_gear_and_lit_telltales_stay_in_plain_view_while_any_warning_shows(
    qapp, schema, size, rotation
) -> None:
    car = Drive(schema, size, rotation)
    try:
        problems = []
        # Every theme with every language at the design size; at the others each theme and each
        # language once (day in English, night in Chinese): geometry, not colour, is at stake there.
        combos = (
            [(t, lang) for t in ("day", "night") for lang in ("en", "zh_CN")]
            if size == SIZES[0] and not rotation
            else [("day", "en"), ("night", "zh_CN")]
        )
        for theme, language in combos:
            car.cockpit.models.settings.setTheme(theme)
            car.cockpit.models.settings.setLanguage(language)
            for situation, frames in SITUATIONS.items():
                for page in PAGES:
                    car.cockpit.show_page(page)
                    car.busy_street()
                    send_all(car, frames)
                    car.settle()
                    assert car.item("collisionWarning").isVisible()
                    where = f"{size[0]}x{size[1]}/{rotation} {theme} {language} {situation} {page}"
                    seen = must_see(car)
                    assert len(seen) > 3, "some telltales are lit in this moment"
                    problems += [f"{where}: {p}" for p in occlusion_problems(car.window, seen)]
                    # The warning's own words are legible too (the page under it is covered, by design).
                    problems += [
                        f"{where}: {p}"
                        for p in layout_problems(car.window, excluded_names={"pages", "parkAssist"})
                    ]
            send_all(car, {"VCU_DriveState": {"VCU_GearSelected": "GEAR_D"}})
        assert not problems, "\n".join(problems[:40])
        assert not car.cockpit.load_warnings
    finally:
        car.close()


def test_the_audit_sees_a_cover_over_the_speed(car) -> None:
    """The occlusion check itself fails when something is drawn over the speed (it can fail)."""
    component = QQmlComponent(car.cockpit.engine)
    component.setData(
        b"import QtQuick\nRectangle { color: 'red'; x: 100; y: 120; width: 300; height: 60 }", QUrl()
    )
    cover = component.create()
    cover.setParentItem(car.item("scene"))
    car.settle()
    try:
        problems = occlusion_problems(car.window, must_see(car))
        assert any(p.startswith("speedValue is covered by") for p in problems), problems
    finally:
        cover.setParentItem(None)
        cover.deleteLater()


# --- the collision warning at the threat, in the line of sight -------------------------------
@pytest.mark.parametrize(("level", "red"), [("PREWARNING", False), ("ACUTE", True)])
def test_the_collision_warning_is_drawn_at_the_threatening_object(car, level, red) -> None:
    car.cockpit.show_page("adas")
    send_all(car, {**ALL_WARNINGS, "ADAS_FcwAeb": {"FCW_Level": level, "FCW_TargetObject": 2}})
    car.settle()
    halo = car.item("adasScene_object2_halo")
    assert halo.isVisible() and not car.item("adasScene_object1_halo").isVisible()
    colour = border_of(halo)[1]
    hue = colour.hsvHue()
    assert (hue < 12 or hue > 345) if red else 25 <= hue <= 50, hue  # red for acute, amber before
    banner = car.item("collisionBanner")
    text = car.text("collisionText")
    assert text == ("BRAKE!" if red else "Collision warning")
    # Beside the road view, at the top of the page area: the road view stays in sight.
    scene_box = car.item("adasScene").mapRectToScene(car.item("adasScene").boundingRect())
    banner_box = banner.mapRectToScene(banner.boundingRect())
    assert banner_box.left() >= scene_box.right() and banner_box.top() < 200
    send_all(car, {"ADAS_FcwAeb": {"FCW_Level": "NONE"}})
    assert not car.item("collisionWarning").isVisible() and not halo.isVisible()


def test_below_the_banner_the_cards_are_veiled_and_the_road_view_is_not(car) -> None:
    """The banner covers the top of the route and media cards; what shows below it (half a turn
    instruction, a track title) is veiled for as long as the warning lasts, the road view never."""
    car.cockpit.show_page("drive")
    send_all(car, {**ALL_WARNINGS, "ADAS_FcwAeb": {"FCW_Level": "ACUTE", "FCW_TargetObject": 2}})
    car.settle()
    veil, banner = car.item("collisionVeil"), car.item("collisionBanner")
    frame = car.item("collisionFrame")
    veil_box = veil.mapRectToScene(veil.boundingRect())
    banner_box = banner.mapRectToScene(banner.boundingRect())
    frame_box = frame.mapRectToScene(frame.boundingRect())
    route = car.item("navigationCard")
    route_box = route.mapRectToScene(route.boundingRect())
    road = car.item("driveAdasScene")
    road_box = road.mapRectToScene(road.boundingRect())
    assert veil.isVisible() and veil.opacity() >= 0.8
    assert veil_box.top() == banner_box.bottom() and veil_box.left() == banner_box.left()
    assert veil_box.contains(route_box.adjusted(0, banner_box.bottom() - route_box.top(), 0, 0).center())
    assert veil_box.left() >= road_box.right(), "the road view, which shows the threat, stays clear"
    # The frame round the page area stays whole: the veil stops at its border.
    border = car.item("collisionWarning").property("frameWidth")
    assert veil_box.right() <= frame_box.right() - border and veil_box.bottom() <= frame_box.bottom() - border
    send_all(car, {"ADAS_FcwAeb": {"FCW_Level": "NONE"}})
    assert not veil.isVisible()


def test_the_collision_warning_is_above_every_page_and_the_pairing_dialog(car) -> None:
    send_all(car, ALL_WARNINGS)
    scene_children = car.item("scene").childItems()
    assert scene_children[-1] is car.item("collisionWarning")
    assert scene_children.index(car.item("pairingDialog")) < len(scene_children) - 1


# --- 3. the road view shows what is there -------------------------------------------------------
def test_objects_are_drawn_by_class_and_size(car) -> None:
    classes = ["CAR", "TRUCK", "MOTORCYCLE", "BICYCLE", "PEDESTRIAN"]
    frames = {"ADAS_ObjectCount": len(classes)}
    for i, kind in enumerate(classes, start=1):
        frames.update(
            {
                f"ADAS_Obj{i}_Class": kind,
                f"ADAS_Obj{i}_LongDist": 10.0 * i,
                f"ADAS_Obj{i}_LatDist": 0.0 if i % 2 else 3.0,
            }
        )
    send_all(car, {"ADAS_ObjectList": frames, "CAM_LaneLines": ALL_WARNINGS["CAM_LaneLines"]})
    drawn = {kind: car.item(f"driveAdasScene_object{i}") for i, kind in enumerate(classes, start=1)}
    assert {kind: item.property("drawnClass") for kind, item in drawn.items()} == {k: k for k in classes}
    area = {kind: item.width() * item.height() for kind, item in drawn.items()}
    assert area["TRUCK"] > area["CAR"] > area["MOTORCYCLE"] > area["PEDESTRIAN"]
    assert drawn["BICYCLE"].width() < drawn["CAR"].width() / 1.5
    assert all(item.isVisible() for item in drawn.values())


def test_an_unknown_class_is_drawn_as_unknown_not_as_a_car(car) -> None:
    scene = car.item("driveAdasScene")
    ego = car.item("driveAdasScene_egoCar")
    ego.setProperty("objectClass", "ANIMAL")
    try:
        assert ego.property("drawnClass") == "UNKNOWN"
    finally:
        ego.setProperty("objectClass", "EGO")
    assert scene is not None


def test_the_lead_vehicle_is_marked_with_the_figure_of_the_lead_vehicle_readout(car) -> None:
    car.cockpit.show_page("adas")
    send_all(
        car,
        {
            "ACC_Status": {"ACC_State": "OFF", "ACC_LeadVehicleDetected": 1, "ACC_LeadVehicleDistance": 24.0},
            "ADAS_ObjectList": {
                "ADAS_ObjectCount": 1,
                "ADAS_Obj1_Class": "CAR",
                "ADAS_Obj1_LongDist": 24.0,
                "ADAS_Obj1_LatDist": 0.0,
            },
            "CAM_LaneLines": ALL_WARNINGS["CAM_LaneLines"],
        },
    )
    assert car.text("adasLeadDistanceValue") == "24"
    assert car.text("adasScene_leadDistance") == "24 m"
    assert car.item("adasScene_leadMark").isVisible()
    assert car.item("adasScene_object1").property("isLead")
    assert not car.item("adasScene_leadVehicle").isVisible()  # drawn once, by the object list


def test_set_speed_is_a_dash_while_cruise_is_off(car) -> None:
    car.cockpit.show_page("adas")
    send_all(car, {"ACC_Status": {"ACC_State": "OFF", "ACC_SetSpeed": 0}})
    assert car.text("adasSetSpeedValue") == DASH
    send_all(car, {"ACC_Status": {"ACC_State": "ACTIVE", "ACC_MainSwitch": 1, "ACC_SetSpeed": 90}})
    assert car.text("adasSetSpeedValue") == "90"


def test_blind_spots_are_drawn_on_their_side_and_the_departure_on_its_line(car) -> None:
    car.cockpit.show_page("adas")
    send_all(
        car,
        {
            "RADAR_BlindSpot": {"BSD_LeftWarning": 1},
            "CAM_LaneLines": ALL_WARNINGS["CAM_LaneLines"],
            "CAM_AssistStatus": {"LDW_Warning": 1, "LDW_WarningSide": "RIGHT"},
        },
    )
    left, right = car.item("adasScene_blindSpot_left"), car.item("adasScene_blindSpot_right")
    ego = car.item("adasScene_egoCar")
    assert left.isVisible() and not right.isVisible()
    assert left.x() + left.width() <= ego.x()
    assert car.item("adasScene_laneRight").property("warning")
    assert not car.item("adasScene_laneLeft").property("warning")
    send_all(car, {"RADAR_BlindSpot": {"BSD_RightWarning": 1}})
    assert right.isVisible() and right.x() >= ego.x() + ego.width()


# --- 4. park assist -------------------------------------------------------------------------------
def test_reverse_shows_park_assist_with_each_sector_coloured_by_its_gap(car) -> None:
    assert not car.item("parkAssist").isVisible()
    send_all(car, park_frames(rear_left=0.4, rear_centre=1.0, rear_right=2.5))
    assert car.item("parkAssist").isVisible()
    assert car.text("parkNearestValue") == "0.40"
    assert "Rear left" in car.text("parkNearestSector")
    bar = {name: car.item(f"parkSector_{name}_bar") for name in ("rearLeft", "rearCentre", "rearRight")}
    red, amber = bar["rearLeft"].property("color").hsvHue(), bar["rearCentre"].property("color").hsvHue()
    assert red < 12 or red > 345  # under 0.6 m: red
    assert 25 <= amber <= 50  # under 1.5 m: amber
    assert not bar["rearRight"].isVisible()  # clear: no obstacle drawn
    assert car.item("parkSector_rearRight").property("sectorState") == "clear"
    assert car.item("parkSector_rearLeft").property("sectorState") == "close"
    assert car.item("parkSector_rearCentre").property("sectorState") == "near"
    send_all(car, {"VCU_DriveState": {"VCU_GearSelected": "GEAR_D"}})
    assert not car.item("parkAssist").isVisible()


def test_a_stale_or_invalid_sensor_shows_its_sector_unavailable_never_clear(car) -> None:
    send_all(car, park_frames(rear_left=1.2))
    car.send("PDC_Rear", PDC_State="FAULT", PDC_RearLeft=1.2, PDC_RearCentre=2.5, PDC_RearRight="SNA")
    car.tick()
    assert car.item("parkSector_rearRight").property("sectorState") == "unavailable"
    assert "Rear right" in car.text("parkUnavailable")
    # The front sensors stop sending: after their timeout they are unavailable, not clear.
    timeout = car.store.slot("Vehicle.ADAS.ObstacleDetection.Front.Left.Distance").spec.timeout
    car.run(
        timeout + 0.1,
        VCU_DriveState={"VCU_GearSelected": "GEAR_R"},
        PDC_Rear={"PDC_State": "ACTIVE", "PDC_RearLeft": 1.2, "PDC_RearCentre": 2.5, "PDC_RearRight": 2.5},
    )
    for name in ("frontLeft", "frontCentre", "frontRight"):
        assert car.item(f"parkSector_{name}").property("sectorState") == "unavailable"
    assert car.item("parkSector_rearRight").property("sectorState") == "clear"
    # A corrupted frame is not a gap either.
    car.send_corrupted(
        "PDC_Rear", PDC_State="ACTIVE", PDC_RearLeft=2.5, PDC_RearCentre=2.5, PDC_RearRight=2.5
    )
    car.tick()
    assert car.item("parkSector_rearLeft").property("sectorState") == "unavailable"
    assert car.text("parkNearestValue") == DASH


def test_the_park_tone_beeps_faster_as_the_gap_closes_and_is_steady_at_the_end(car) -> None:
    tones = car.item("warningTones")
    intervals = []
    for gap in (2.5, 1.4, 1.0, 0.6, 0.35, 0.2):
        send_all(car, park_frames(rear_centre=gap))
        intervals.append(tones.property("parkInterval"))
    assert intervals[0] == 0  # clear: silent
    beeping = intervals[1:5]
    assert all(i > 0 for i in beeping) and beeping == sorted(beeping, reverse=True)
    assert intervals[-1] == -1  # under 0.3 m: a steady tone


def test_the_volume_setting_lowers_the_collision_chime_but_never_mutes_it(car) -> None:
    tones = car.item("warningTones")
    volumes = {}
    for setting in ("high", "medium", "low"):
        car.cockpit.models.settings.setWarningVolume(setting)
        volumes[setting] = (tones.property("collisionVolume"), tones.property("parkVolume"))
    assert volumes["high"][0] > volumes["low"][0] >= 0.5
    assert volumes["high"][1] > volumes["medium"][1] > volumes["low"][1] > 0
    car.cockpit.models.settings.setWarningVolume("medium")


def test_without_an_audio_output_no_sound_is_loaded_and_nothing_warns(car) -> None:
    assert car.cockpit.sound is False  # the test machine has no sound server
    loader = car.item("warningSounds")
    assert not loader.property("active") and loader.property("item") is None  # Qt Multimedia never loaded
    send_all(car, ALL_WARNINGS)
    assert not car.cockpit.load_warnings


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_park_assist_is_legible_in_both_themes_and_languages(car, theme, language) -> None:
    car.cockpit.models.settings.setTheme(theme)
    car.cockpit.models.settings.setLanguage(language)
    for frames in (park_frames(0.4, 0.9, 2.5), park_frames(0.2, 2.5, 2.5), park_frames(2.5, 2.5, 2.5)):
        send_all(car, frames)
        car.send(
            "PDC_Rear",
            PDC_State="FAULT",
            PDC_RearLeft=frames["PDC_Rear"]["PDC_RearLeft"],
            PDC_RearCentre=2.5,
            PDC_RearRight="SNA",
        )
        car.tick()
        car.settle()
        assert not layout_problems(car.window, excluded_names={"pages"})


SOUND_CHILD = r"""
import json, os, sys, time
sys.path[:0] = [sys.argv[1], os.path.dirname(sys.argv[1])]  # tests/ui and tests (for support)
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.hmi.app import Cockpit
from cockpit.signals import SignalStore
from support import FakeClock
from vehicle_frames import FrameMaker

app = QGuiApplication([])
schema = load_vehicle_schema()
clock = FakeClock()
store = SignalStore(schema.signal_specs(), clock=clock)
decoder = FrameDecoder(schema, store, bus_name="vehicle")
frames = FrameMaker(schema)
cockpit = Cockpit(store, sound=True)
window = cockpit.load()
window.show()
warning_frames = (("ADAS_FcwAeb", {"FCW_Level": "ACUTE"}), ("VCU_DriveState", {"VCU_GearSelected": "GEAR_R"}),
                  ("PDC_Rear", {"PDC_State": "ACTIVE", "PDC_RearLeft": 0.8, "PDC_RearCentre": 2.5,
                                "PDC_RearRight": 2.5}))
for message, values in warning_frames:
    decoder(frames.frame(message, clock.now, **values))
cockpit.tick()
end = time.monotonic() + 1.0
while time.monotonic() < end:
    QCoreApplication.processEvents()
loader = cockpit.find("warningSounds")
print(json.dumps({"loaded": loader.property("item") is not None, "warnings": cockpit.load_warnings}))
cockpit.close()
"""


def test_with_sound_on_the_chimes_load_and_play_without_a_device_and_nothing_crashes(tmp_path) -> None:
    """Qt Multimedia in its own process (it logs that there is no device; that is its business):
    WarningSounds.qml loads, plays its warnings into nothing, and the QML has no errors."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "sound_child.py"
    script.write_text(SOUND_CHILD, encoding="utf-8")
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_QUICK_BACKEND": "software",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(script), str(Path(__file__).parent)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,  # the return code is asserted, with the stderr
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"loaded": True, "warnings": []}, result


def test_a_sector_is_unavailable_clear_far_near_or_close_and_the_tone_quickens_to_steady() -> None:
    from cockpit.hmi.adas_model import park_sector_state, park_tone_interval_ms

    assert [park_sector_state(d) for d in (None, 2.5, 2.0, 1.0, 0.4)] == [
        "unavailable",
        "clear",
        "far",
        "near",
        "close",
    ]
    beeps = [park_tone_interval_ms(d) for d in (1.49, 1.2, 0.9, 0.6, 0.31)]
    assert beeps == sorted(beeps, reverse=True) and beeps[-1] >= 120
    assert park_tone_interval_ms(None) == 0 and park_tone_interval_ms(2.5) == 0
    assert park_tone_interval_ms(0.29) == -1
