"""The Settings and Devices pictures with the demo's handoff running: the paired phone and Mi TV in
Settings, the Devices page with a device selected, the now-playing card's "Play on" chooser, and
the card with the track playing on the Mi TV (its keys acting there), in both themes and languages.

``cockpit screenshot`` renders a page of the simulated car without the demo's services (no
discovery, no handoff), so these pages would only show their empty states; until it can start them,
this script makes those pictures the same way (offscreen, software renderer, 1920x720). Run it in a
private network namespace, so that no other demo's devices on this machine join the picture::

    unshare --net sh -c 'ip link set lo up && ip link set lo multicast on &&
                         python docs/screenshots/handoff_shots.py [OUTPUT_DIR]'
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from PySide6.QtCore import QCoreApplication  # noqa: E402

from cockpit.app import HeadUnit, add_demo_household  # noqa: E402
from cockpit.demo.peers import DEMO_TV_NAME  # noqa: E402
from cockpit.hmi.app import Cockpit  # noqa: E402
from cockpit.hmi.launch import application  # noqa: E402
from cockpit.hmi.services import service_models  # noqa: E402
from cockpit.hmi.settings_model import SettingsModel  # noqa: E402
from cockpit.signals import SignalStore  # noqa: E402


def wait_until(condition, timeout: float = 15.0) -> None:
    """Run the Qt loop until ``condition()`` holds; RuntimeError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the demo's devices did not appear in time")
        QCoreApplication.processEvents()
        time.sleep(0.02)


def grab(cockpit: Cockpit, path: Path) -> None:
    """Settle the scene (two equal frames) and save it."""
    previous = None
    for _ in range(8):
        QCoreApplication.processEvents()
        image = cockpit.window.grabWindow()
        if previous is not None and image == previous:
            break
        previous = image
    image.save(str(path), "PNG")
    print(f"wrote {path}")


def main(argv: list[str]) -> int:
    """Render every picture into ``argv[0]`` (default: this folder)."""
    out = Path(argv[0]) if argv else Path(__file__).parent
    application()
    unit = add_demo_household(HeadUnit(SignalStore(), demo=True)).start()
    models = service_models(unit)
    try:
        objects = models.objects
        devices, handoff = objects["devices"], objects["handoff"]
        wait_until(lambda: handoff.property("phoneConnected") and handoff.property("mediaActive")
                   and len(handoff.property("connectedDevices")) >= 2 and devices.rowCount() >= 7)
        shots = [("settings", "day", "en", ""), ("settings", "night", "en", ""),
                 ("devices", "day", "en", "phone"), ("devices", "night", "en", "tv"),
                 ("drive", "night", "en", "cards"), ("drive", "day", "en", "chooser")]
        for page, theme, language, what in shots:
            cockpit = Cockpit(SignalStore(), services=objects, initial_page=page,
                              settings=SettingsModel("metric", theme, language))
            cockpit.load()
            cockpit.window.show()
            name = f"{page}-{theme}" + ("" if language == "en" else f"-{language}")
            if what in ("tv", "phone", "cast"):
                wanted = {"tv": lambda r: r["kind"] == "tv" and r["deviceId"].startswith("handoff:"),
                          "phone": lambda r: r["kind"] == "phone",
                          "cast": lambda r: r["deviceId"].startswith("cast:")}[what]
                rows = [{"deviceId": devices.idAt(i), "kind": devices.data(devices.index(i), devices.Role.Kind)}
                        for i in range(devices.rowCount())]
                devices.setProperty("selectedId", next(r["deviceId"] for r in rows if wanted(r)))
            if what == "cards":
                name = f"handoff-cards-{theme}"
            if what == "chooser":
                QCoreApplication.processEvents()
                cockpit.find("playOnDevice").parentItem().parentItem().setProperty("choosing", True)
                name = f"play-on-tv-{theme}"
            grab(cockpit, out / f"{name}.png")
            cockpit.close()
        # Last, as it moves the track: "Play on TV/speaker" to the demo's Mi TV, whose track the
        # card then plays, pauses and skips there (the TV takes media control).
        tv = next(d["deviceId"] for d in handoff.property("pairedDevices") if d["name"] == DEMO_TV_NAME)
        handoff.playOn(tv)
        wait_until(lambda: handoff.property("mediaHolderName") == DEMO_TV_NAME
                   and handoff.property("mediaControllable"))
        for theme, language in (("day", "en"), ("night", "en"), ("day", "zh_CN"), ("night", "zh_CN")):
            cockpit = Cockpit(SignalStore(), services=objects, initial_page="drive",
                              settings=SettingsModel("metric", theme, language))
            cockpit.load()
            cockpit.window.show()
            suffix = "" if language == "en" else f"-{language}"
            grab(cockpit, out / f"now-playing-tv-{theme}{suffix}.png")
            cockpit.close()
    finally:
        models.close()
        unit.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
