"""``theme = "auto"`` on screen: keeps the settings' theme on what ``cockpit.daylight`` decides."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from cockpit.hmi.settings_model import SettingsModel

FOLLOW_INTERVAL_S = 2.0  # headlamps switched on in a tunnel darken the screen within this


class AutoThemeFollower(QObject):
    """Sets the theme from ``decide()`` now and every ``interval_s``, until the driver picks one.

    A theme chosen by hand on the Settings page wins for the rest of the drive: a screen that
    switches back against the driver's choice is worse than one that never switched.
    """

    def __init__(
        self,
        settings: SettingsModel,
        decide: Callable[[], str],
        interval_s: float = FOLLOW_INTERVAL_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._decide = decide
        self._applying = False
        self.following = True
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.apply)
        settings.themeChanged.connect(self._theme_changed)
        self.apply()

    def start(self) -> None:
        """Re-judge every interval on the Qt main thread."""
        if self.following:
            self._timer.start()

    def stop(self) -> None:
        """Stop re-judging."""
        self._timer.stop()

    @Slot()
    def apply(self) -> None:
        """Set the theme ``decide()`` gives now (nothing once the driver chose one)."""
        if not self.following:
            return
        theme = self._decide()
        if theme != self._settings.property("theme"):  # read through Qt, as in cockpit.hmi.app
            self._applying = True
            try:
                self._settings.setTheme(theme)
            finally:
                self._applying = False

    @Slot()
    def _theme_changed(self) -> None:
        if not self._applying:  # the driver, not us
            self.following = False
            self._timer.stop()
