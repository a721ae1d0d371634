"""The cockpit's window: builds the models, loads the QML, and drains the signal store once per frame.

The parts that feed the store are the head unit's (``cockpit.app``); ``cockpit.hmi.screen`` puts
this window into a head unit as its last part.

Everything the QML sees is passed in as a required property of ``Main.qml`` (no context
properties), so each view states what it needs and a test can load it with fake models. The CAN
threads only write the ``SignalStore``; the Qt main thread reads it here, on the tick.
"""

from __future__ import annotations

import gc
import logging
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QFont, QGuiApplication, QWindow
from PySide6.QtQml import QQmlApplicationEngine

from cockpit import resources, vocabulary
from cockpit.app.vehicle import BusFeed
from cockpit.errors import CockpitError
from cockpit.hmi.adas_model import AdasModel, DetectedObjectsModel
from cockpit.hmi.bus_stats import BusStatsModel
from cockpit.hmi.chimes import audio_output_available
from cockpit.hmi.drive_model import DriveModel
from cockpit.hmi.energy_model import EnergyModel
from cockpit.hmi.frame_tick import FrameTick
from cockpit.hmi.i18n import LanguageSwitcher
from cockpit.hmi.items import find_item
from cockpit.hmi.settings_model import SettingsModel
from cockpit.hmi.signal_table import SignalFilterProxy, SignalTableModel
from cockpit.hmi.telltales import TelltaleModel
from cockpit.signals import SignalReading, SignalStore

if TYPE_CHECKING:
    # Only for types: importing PySide6.QtQuick costs a head unit 8-14 MB resident (its bindings
    # and PySide6.QtOpenGL's), and nothing on the run path needs its Python classes. The window's
    # signals (frameSwapped) resolve from its meta-object on the QWindow wrapper all the same.
    from PySide6.QtQuick import QQuickWindow

log = logging.getLogger(__name__)

LIVE_SIGNAL = "Vehicle.Speed"  # when it is valid on screen, the cockpit shows the live car
PAGES = vocabulary.PAGES
_PAGES_WITH_BUSES = (vocabulary.Page.DIAGNOSTICS, vocabulary.Page.SETTINGS)
DESIGN_SIZE = (1920, 720)
FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans"]


@dataclass
class CockpitModels:
    """The QObjects the QML binds to. Owned by Python; outlive the QML engine."""

    drive: DriveModel
    energy: EnergyModel
    adas: AdasModel
    objects: DetectedObjectsModel
    telltales: TelltaleModel
    settings: SettingsModel
    signal_table: SignalTableModel
    signal_filter: SignalFilterProxy
    bus_stats: BusStatsModel
    services: dict[str, QObject] = field(default_factory=dict)

    @classmethod
    def for_store(cls, store: SignalStore, settings: SettingsModel | None = None) -> CockpitModels:
        """Fresh models for the signals declared in ``store``."""
        table = SignalTableModel(store)
        return cls(
            DriveModel(),
            EnergyModel(),
            AdasModel(),
            DetectedObjectsModel(),
            TelltaleModel(set(store)),
            settings or SettingsModel(),
            table,
            SignalFilterProxy(table),
            BusStatsModel(),
        )

    def service_map(self) -> dict[str, QObject]:
        """What QML gets as ``services``: the Diagnostics models plus those other parts add."""
        return {"signalTable": self.signal_filter, "busStats": self.bus_stats, **self.services}


def default_font() -> QFont:
    """Noto Sans CJK SC (Latin and Simplified Chinese glyphs in one family), with fallbacks."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(24)
    return font


class _OnceOnMainThread(QObject):
    """Runs a callback when ``fire`` is called on the thread it lives on: once, unless ``repeat``."""

    def __init__(self, callback: Callable[[], None], repeat: bool = False) -> None:
        super().__init__()
        self._callback: Callable[[], None] | None = callback
        self._repeat = repeat
        self.timer_started = False

    @Slot()
    def fire(self) -> None:
        callback = self._callback
        if not self._repeat:
            self._callback = None
        if callback is None:
            return
        try:
            callback()
        except Exception:
            log.exception("starting work after the first frame failed")


class Cockpit:
    """The running cockpit: models, QML engine, window and the per-frame tick.

    ``now`` for staleness comes from the store's clock (wall time live; the simulated time in a
    screenshot). ``buses`` feed the Diagnostics page and the "CAN bus offline" telltale; with no
    bus (a store fed by hand) that telltale stays dark.
    """

    def __init__(
        self,
        store: SignalStore,
        *,
        buses: Sequence[BusFeed] = (),
        settings: SettingsModel | None = None,
        initial_page: str = "drive",
        services: Mapping[str, QObject] | None = None,
        ui_dir: Path | None = None,
        sound: bool | None = None,
    ) -> None:
        if initial_page not in PAGES:
            raise CockpitError(f"page {initial_page!r} does not exist; choose one of {', '.join(PAGES)}")
        self.store = store
        self.models = CockpitModels.for_store(store, settings)
        self.models.services.update(services or {})
        self.initial_page = initial_page
        self.ui_dir = ui_dir or resources.ui_dir()
        for bus in buses:
            self.models.bus_stats.add_bus(bus.name, bus.stats, bus.state, reason=bus.reason)
        self._has_buses = bool(buses)
        # The "CAN bus offline" telltale follows the buses' health as it changes, not every frame
        # (Qt object to Qt object: no Python closure for the connection to keep alive).
        bus_stats, telltales = self.models.bus_stats, self.models.telltales
        if buses:
            bus_stats.healthChanged.connect(telltales.set_buses_healthy)
            telltales.set_buses_healthy(bus_stats.all_healthy())
        # The warning chimes need an audio output; without one Qt Multimedia is never loaded.
        self.sound = audio_output_available() if sound is None else sound
        self.language = LanguageSwitcher()
        self.engine: QQmlApplicationEngine | None = None
        self.window: QQuickWindow | None = None
        self._frame_tick: FrameTick | None = None
        self._page: str | None = None  # the window's currentPage, kept by _page_changed
        self._after_first_frame: _OnceOnMainThread | None = None  # set by after_first_frame
        self._frame_shown: _OnceOnMainThread | None = None  # set when the window is shown
        self._tick_failures = 0
        self.frames = 0
        self.shows_live_values = False  # some valid value has reached the models
        self.load_warnings: list[str] = []  # every QML warning since load (tests assert none)

    # --- life cycle ------------------------------------------------------------------------
    def load(self, size: tuple[int, int] = DESIGN_SIZE, rotation: int = 0) -> QQuickWindow:
        """Create the engine and the window (not shown); raise CockpitError if the QML fails.

        ``rotation`` (0, 90, 180, 270 degrees clockwise) turns the scene for a panel mounted
        sideways or upside down; ``size`` is the panel's own (unrotated) size.
        """
        if rotation not in (0, 90, 180, 270):
            raise CockpitError(f"display rotation {rotation} must be 0, 90, 180 or 270 degrees")
        app = QGuiApplication.instance()
        if app is None:
            raise RuntimeError("create a QGuiApplication before loading the cockpit")
        QGuiApplication.setFont(default_font())
        self.models.settings.languageChanged.connect(self._switch_language)
        # Read through Qt: to mypy (PySide6's stubs) a Property read from Python is the descriptor.
        self._switch_language(self.models.settings.property("language"))
        self.tick()  # the first frame already shows what the store holds
        engine = QQmlApplicationEngine()
        self.language.attach(engine)
        warnings = self.load_warnings
        engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
        m = self.models
        engine.setInitialProperties(
            {
                "drive": m.drive,
                "energy": m.energy,
                "adas": m.adas,
                "detectedObjects": m.objects,
                "telltales": m.telltales,
                "settings": m.settings,
                "services": m.service_map(),
                "vocabulary": vocabulary.as_dict(),
                "initialPage": self.initial_page,
                "sound": self.sound,
                "width": size[0],
                "height": size[1],
                "displayRotation": rotation,
            }
        )
        engine.load(QUrl.fromLocalFile(str(self.ui_dir / "Main.qml")))
        roots = engine.rootObjects()
        if not roots or not (isinstance(roots[0], QWindow) and roots[0].inherits("QQuickWindow")):
            detail = "; ".join(warnings) or "no window was created"
            raise CockpitError(f"the cockpit's QML in {self.ui_dir} failed to load: {detail}")
        # A QQuickWindow in C++; its Python wrapper is a QWindow unless PySide6.QtQuick was imported
        # first (tests, screenshots), and its QQuickWindow signals resolve from the meta-object.
        self.engine, self.window = engine, cast("QQuickWindow", roots[0])
        self._page = self.window.property("currentPage")
        self.window.currentPageChanged.connect(self._page_changed)  # type: ignore[attr-defined]
        return self.window

    def start(self, frame_interval_ms: int = 16) -> None:
        """Start the per-frame tick (60 Hz by default)."""
        # Everything built so far (QML types, the schema, the models) lives until exit: move it
        # out of the collector's generations so a full collection never stalls a frame scanning it.
        gc.collect()
        gc.freeze()
        # The tick sleeps while nothing changes (frame_tick); a page change wakes it
        # (_page_changed), since the tables follow the page on the tick.
        self._frame_tick = FrameTick(
            self.store, self.tick, frame_interval_ms, may_sleep=self._may_sleep, parent=self.window
        )
        self._frame_tick.start()
        self.models.bus_stats.start()

    def close(self) -> None:
        """Stop the tick and delete the engine before the models it binds to."""
        if self._frame_tick is not None:
            self._frame_tick.stop()
            self._frame_tick = None
        self.models.bus_stats.stop()
        if self.window is not None:
            self.window.close()
        # The first-frame helpers hold the callbacks given to after_first_frame, which often hold
        # this cockpit: let go of them so nothing here waits for the garbage collector.
        self._after_first_frame = self._frame_shown = None
        if self.engine is not None:
            engine, self.engine, self.window = self.engine, None, None
            engine.deleteLater()
            del engine
            # Run the deferred delete now, while the models it binds to still exist.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # --- the per-frame tick ----------------------------------------------------------------
    def tick(self, now: float | None = None) -> bool:
        """Drain the store's changes and push them into the models (Qt main thread only); whether
        there were any.

        An error here is logged and the next frame tries again: a bad value must not freeze the
        screen or take the app down.
        """
        try:
            now = self.store.clock() if now is None else now
            readings = self.store.drain_changed(now)
            m = self.models
            page = self._page
            # The tables tell their views only while a page shows them (a hidden ListView's
            # delegates would otherwise re-read their roles on every frame).
            m.signal_table.set_shown(page == vocabulary.Page.DIAGNOSTICS or page is None, now)
            m.bus_stats.set_shown(page in _PAGES_WITH_BUSES or page is None)
            m.signal_table.refresh(readings, now)
            if readings:
                if not self.shows_live_values:
                    self.shows_live_values = self._is_live(readings)
                m.drive.apply(readings)
                m.energy.apply(readings)
                m.adas.apply(readings)
                m.objects.apply(readings)
                m.telltales.apply(readings)
            self.frames += 1
            return bool(readings)
        except Exception:
            self._tick_failures += 1
            if self._tick_failures <= 5 or self._tick_failures % 1000 == 0:
                log.exception(
                    "cockpit tick failed (%d so far); showing the last good frame", self._tick_failures
                )
            return True  # a failing tick does not put the screen to sleep

    def _may_sleep(self) -> bool:
        # Diagnostics shows ages that count up: its tick never sleeps.
        return self.window is not None and self._page != vocabulary.Page.DIAGNOSTICS

    def _page_changed(self) -> None:
        # Read once per change, not per tick: a QML property read through PySide was a sixth of
        # a parked cockpit's main-thread time.
        if self.window is not None:
            self._page = self.window.property("currentPage")
        if self._frame_tick is not None:
            self._frame_tick.wake()

    @property
    def tick_asleep(self) -> bool:
        """Whether the per-frame tick is asleep, waiting for the store (nothing has changed)."""
        return self._frame_tick is not None and self._frame_tick.asleep

    def _switch_language(self, language: str) -> None:
        # A missing translation keeps the current language (LanguageSwitcher logs why).
        self.language.setLanguage(language)
        self.models.signal_table.retranslate()
        self.models.bus_stats.retranslate()

    # --- helpers for screenshots and tests ------------------------------------------------
    def show_page(self, page: str) -> None:
        """Switch the visible page, as a tap on its tab would."""
        if page not in PAGES:
            raise CockpitError(f"page {page!r} does not exist; choose one of {', '.join(PAGES)}")
        assert self.window is not None
        self.window.setProperty("currentPage", page)
        # A page's road view loads its drawing only while shown and deletes it later when hidden:
        # delete now, so a search by objectName never finds the hidden page's leftovers.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _is_live(self, readings: Mapping[str, SignalReading]) -> bool:
        """Whether these readings put live values on screen: the speed, the driver's first look."""
        if LIVE_SIGNAL in self.store:
            reading = readings.get(LIVE_SIGNAL)
            return reading is not None and reading.is_valid
        return any(reading.is_valid for reading in readings.values())

    def attach_services(self, objects: Mapping[str, QObject]) -> None:
        """Hand QML services started after load (the Devices page's, the handoff cards')."""
        self.models.services.update(objects)
        if self.window is not None:
            self.window.setProperty("services", self.models.service_map())

    def after_first_frame(self, callback: Callable[[], None], latest_s: float = 2.0) -> None:
        """Call ``callback`` once on the Qt main thread, after the first frame showing live values.

        For work the driver should not wait for before seeing the car's state (starting discovery
        and handoff costs about 0.4 s of imports and sockets). On a bus that stays silent the
        callback still runs ``latest_s`` after the first frame.
        """
        if self.window is None:
            raise RuntimeError("load the cockpit before asking for its first frame")
        once = self._after_first_frame = _OnceOnMainThread(callback)
        # Weakly: the helper is the cockpit's, so a strong reference back would make the whole
        # cockpit (engine, models, timers) a cycle only the garbage collector can free.
        cockpit = weakref.ref(self)
        live_frames = [0]

        def frame_shown() -> None:
            self = cockpit()
            if self is None:
                return
            if self.shows_live_values:
                # The swap that follows the tick may still be the frame drawn before it: wait for
                # the next one, so the live values are on screen before the work starts.
                live_frames[0] += 1
                if live_frames[0] == 2:
                    once.fire()
                    # Done: no more queued calls on every frame for the rest of the drive. Only
                    # once: swaps queued before the disconnect still arrive here, and a second
                    # disconnect makes PySide print "Failed to disconnect" on every start.
                    if self.window is not None and self._frame_shown is not None:
                        self.window.frameSwapped.disconnect(self._frame_shown.fire)
            elif not once.timer_started:
                once.timer_started = True
                QTimer.singleShot(int(latest_s * 1000), once.fire)

        self._frame_shown = _OnceOnMainThread(frame_shown, repeat=True)
        # frameSwapped may come from the render thread: queue it to the helper, which lives here.
        self.window.frameSwapped.connect(self._frame_shown.fire, Qt.ConnectionType.QueuedConnection)

    def find(self, object_name: str) -> Any:
        """The QML item with this objectName (tests and screenshots)."""
        assert self.window is not None
        return find_item(self.window, object_name)
