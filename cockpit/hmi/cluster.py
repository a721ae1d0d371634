"""The instrument cluster: the driver's own window, fed only from Zenoh (a RemoteSignalStore).

Speed, gear, range and state of charge, the telltales, the ADAS warning and the turn signals, from
the same models the centre screen uses (DriveModel, AdasModel, TelltaleModel), plus ``LinkModel``:
whether the gateway's heartbeat arrives, and how many malformed samples were dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from cockpit import resources
from cockpit.errors import CockpitError
from cockpit.hmi.adas_model import AdasModel
from cockpit.hmi.app import default_font
from cockpit.hmi.drive_model import DriveModel
from cockpit.hmi.frame_tick import FrameTick
from cockpit.hmi.i18n import LanguageSwitcher
from cockpit.hmi.items import find_item
from cockpit.hmi.settings_model import SettingsModel
from cockpit.hmi.telltales import TelltaleModel

log = logging.getLogger(__name__)

CLUSTER_SIZE = (1280, 480)


class LinkModel(QObject):
    """The Zenoh link as the driver sees it: ``ok``, ``connecting`` (no session yet) or ``offline``."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = "connecting"
        self._dropped = 0
        self._detail = ""

    @property
    def is_ok(self) -> bool:
        """Whether the heartbeat arrives (``state`` read from Python)."""
        return self._state == "ok"

    def update(self, state: str, dropped: int, detail: str = "") -> bool:
        """Set what the link shows (Qt main thread); whether that changed anything."""
        if (state, dropped, detail) == (self._state, self._dropped, self._detail):
            return False
        self._state, self._dropped, self._detail = state, dropped, detail
        self.changed.emit()
        return True

    state = Property(str, lambda self: self._state, notify=changed)
    """ok, connecting or offline."""
    dropped = Property(int, lambda self: self._dropped, notify=changed)
    """Malformed or unknown samples dropped since start."""
    detail = Property(str, lambda self: self._detail, notify=changed)
    """Why the link is not ok (for the log line on screen)."""


class Cluster:
    """The running cluster: models, QML engine, window and the per-frame tick.

    ``store`` is a RemoteSignalStore fed by ``subscriber`` (a VssSubscriber); ``opener`` (a
    SessionOpener) says whether the session is open yet.
    """

    def __init__(
        self,
        store: Any,
        subscriber: Any,
        opener: Any = None,
        settings: SettingsModel | None = None,
        ui_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.subscriber = subscriber
        self.opener = opener
        self.drive = DriveModel()
        self.adas = AdasModel()
        self.telltales = TelltaleModel(set(store))
        self.settings = settings or SettingsModel()
        self.link = LinkModel()
        self.ui_dir = ui_dir or resources.ui_dir()
        self.language = LanguageSwitcher()
        self.engine: QQmlApplicationEngine | None = None
        self.window: QQuickWindow | None = None
        self._frame_tick: FrameTick | None = None
        self.frames = 0
        self.load_warnings: list[str] = []

    def load(self, size: tuple[int, int] = CLUSTER_SIZE) -> QQuickWindow:
        """Create the engine and the window (not shown); CockpitError if the QML fails."""
        app = QGuiApplication.instance()
        if app is None:
            raise RuntimeError("create a QGuiApplication before loading the cluster")
        QGuiApplication.setFont(default_font())
        self.language.language = self.settings.language
        self.tick()
        engine = QQmlApplicationEngine()
        self.language.attach(engine)
        warnings = self.load_warnings
        engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
        engine.setInitialProperties(
            {
                "drive": self.drive,
                "adas": self.adas,
                "telltales": self.telltales,
                "settings": self.settings,
                "link": self.link,
                "width": size[0],
                "height": size[1],
            }
        )
        engine.load(QUrl.fromLocalFile(str(self.ui_dir / "cluster" / "ClusterWindow.qml")))
        roots = engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise CockpitError(f"the cluster's QML failed to load: {'; '.join(warnings) or 'no window'}")
        self.engine, self.window = engine, roots[0]
        return self.window

    def start(self, frame_interval_ms: int = 16) -> None:
        """Start the per-frame tick. It sleeps while nothing changes and the link is up, as the
        centre screen's does: the store wakes it (a sample, a dropped one), and so do the
        store's staleness deadlines and the moment the heartbeat would run out."""
        self._frame_tick = FrameTick(
            self.store,
            self.tick,
            frame_interval_ms,
            may_sleep=lambda: self.link.is_ok,  # connecting, offline: its text may change
            next_event=self.subscriber.link_deadline,
        )
        self._frame_tick.start()

    @property
    def tick_asleep(self) -> bool:
        """Whether the per-frame tick is asleep, waiting for the store (nothing has changed)."""
        return self._frame_tick is not None and self._frame_tick.asleep

    def tick(self, now: float | None = None) -> bool:
        """Drain the remote store into the models; show the link's state (Qt main thread); whether
        anything shown changed."""
        try:
            now = self.store.clock() if now is None else now
            readings = self.store.drain_changed(now)
            if readings:
                self.drive.apply(readings)
                self.adas.apply(readings)
                self.telltales.apply(readings)
            stats = self.subscriber.stats
            if self.opener is not None and self.opener.session is None:
                state, detail = "connecting", self.opener.error or self.opener.waiting
            else:
                state, detail = self.subscriber.link_state(now), ""
            self.telltales.set_bus_offline(state != "ok")
            link_changed = self.link.update(state, stats.decode_errors + stats.unknown_frames, detail)
            self.frames += 1
            return bool(readings) or link_changed
        except Exception:  # one bad frame must never hang the cluster
            log.exception("cluster tick failed")
            return True  # a failing tick does not put the screen to sleep

    def save_after(self, seconds: float, path: str) -> bool:
        """Show the window, run the event loop for ``seconds`` of live signals, save it to ``path``."""
        assert self.window is not None
        app = QGuiApplication.instance()
        assert app is not None  # load() needed it
        saved: list[bool] = []

        def shoot() -> None:
            assert self.window is not None
            self.tick()
            saved.append(self.window.grabWindow().save(path))
            app.quit()

        self.window.show()
        QTimer.singleShot(int(seconds * 1000), shoot)
        app.exec()
        return bool(saved and saved[0])

    def close(self) -> None:
        """Stop the tick and delete the engine before the models it binds to."""
        if self._frame_tick is not None:
            self._frame_tick.stop()
            self._frame_tick = None
        if self.window is not None:
            self.window.close()
        if self.engine is not None:
            engine, self.engine, self.window = self.engine, None, None
            engine.deleteLater()
            del engine
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def find(self, object_name: str) -> Any:
        """The QML item with this objectName (tests and screenshots)."""
        assert self.window is not None
        return find_item(self.window, object_name)
