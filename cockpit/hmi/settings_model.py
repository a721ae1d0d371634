"""The driver's settings: units, theme and language, applied everywhere through bindings."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from cockpit.vocabulary import LANGUAGES, THEMES, UNIT_SYSTEMS  # spelled once there


def _checked(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return value


class SettingsModel(QObject):
    """Units (metric or imperial), theme (day, night or auto) and language (en or zh_CN).

    QML writes these through the Settings page; Python listens to ``languageChanged`` to install
    the translation (Qt translators live outside QML).
    """

    unitSystemChanged = Signal()
    themeChanged = Signal()
    languageChanged = Signal(str)

    def __init__(self, unit_system: str = "metric", theme: str = "day", language: str = "en",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unit_system = _checked("unit system", unit_system, UNIT_SYSTEMS)
        self._theme = _checked("theme", theme, THEMES)
        self._language = _checked("language", language, LANGUAGES)

    def _get_unit_system(self) -> str:
        return self._unit_system

    @Slot(str)
    def setUnitSystem(self, value: str) -> None:  # noqa: N802 - Qt naming, called from QML
        """Switch metric/imperial."""
        if _checked("unit system", value, UNIT_SYSTEMS) != self._unit_system:
            self._unit_system = value
            self.unitSystemChanged.emit()

    def _get_theme(self) -> str:
        return self._theme

    @Slot(str)
    def setTheme(self, value: str) -> None:  # noqa: N802
        """Switch day/night."""
        if _checked("theme", value, THEMES) != self._theme:
            self._theme = value
            self.themeChanged.emit()

    def _get_language(self) -> str:
        return self._language

    @Slot(str)
    def setLanguage(self, value: str) -> None:  # noqa: N802
        """Switch English/Simplified Chinese."""
        if _checked("language", value, LANGUAGES) != self._language:
            self._language = value
            self.languageChanged.emit(value)

    unitSystem = Property(str, _get_unit_system, setUnitSystem, notify=unitSystemChanged)
    theme = Property(str, _get_theme, setTheme, notify=themeChanged)
    language = Property(str, _get_language, setLanguage, notify=languageChanged)
