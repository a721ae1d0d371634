"""The driver's settings: units, theme and language, applied everywhere through bindings."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from cockpit.vocabulary import LANGUAGES, THEMES, UNIT_SYSTEMS  # spelled once there

WARNING_VOLUMES = ("low", "medium", "high")
CHIME_VOLUME = {"low": 0.3, "medium": 0.6, "high": 1.0}  # of the chimes' full level
COLLISION_CHIME_FLOOR = 0.5  # the collision warning is never quieter than this: no setting mutes it


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
    warningVolumeChanged = Signal()
    languageChanged = Signal(str)

    def __init__(
        self,
        unit_system: str = "metric",
        theme: str = "day",
        language: str = "en",
        parent: QObject | None = None,
        warning_volume: str = "medium",
    ) -> None:
        super().__init__(parent)
        self._warning_volume = _checked("warning volume", warning_volume, WARNING_VOLUMES)
        self.unitSystemChanged.connect(self.clockChanged)
        self.languageChanged.connect(lambda _language: self.clockChanged.emit())
        self._unit_system = _checked("unit system", unit_system, UNIT_SYSTEMS)
        self._theme = _checked("theme", theme, THEMES)
        self._language = _checked("language", language, LANGUAGES)

    def _get_unit_system(self) -> str:
        return self._unit_system

    @Slot(str)
    def setUnitSystem(self, value: str) -> None:
        """Switch metric/imperial."""
        if _checked("unit system", value, UNIT_SYSTEMS) != self._unit_system:
            self._unit_system = value
            self.unitSystemChanged.emit()

    def _get_theme(self) -> str:
        return self._theme

    @Slot(str)
    def setTheme(self, value: str) -> None:
        """Switch day/night."""
        if _checked("theme", value, THEMES) != self._theme:
            self._theme = value
            self.themeChanged.emit()

    def _get_language(self) -> str:
        return self._language

    @Slot(str)
    def setLanguage(self, value: str) -> None:
        """Switch English/Simplified Chinese."""
        if _checked("language", value, LANGUAGES) != self._language:
            self._language = value
            self.languageChanged.emit(value)

    def _get_warning_volume(self) -> str:
        return self._warning_volume

    @Slot(str)
    def setWarningVolume(self, value: str) -> None:
        """Warning chimes low/medium/high. There is no "off": the collision warning always sounds."""
        if _checked("warning volume", value, WARNING_VOLUMES) != self._warning_volume:
            self._warning_volume = value
            self.warningVolumeChanged.emit()

    clockChanged = Signal()

    def _get_clock_24h(self) -> bool:
        """A 12-hour clock for English with imperial units (the US habit); 24 hours otherwise."""
        return not (self._language == "en" and self._unit_system == "imperial")

    unitSystem = Property(str, _get_unit_system, setUnitSystem, notify=unitSystemChanged)
    theme = Property(str, _get_theme, setTheme, notify=themeChanged)
    language = Property(str, _get_language, setLanguage, notify=languageChanged)
    warningVolume = Property(str, _get_warning_volume, setWarningVolume, notify=warningVolumeChanged)
    chimeVolume = Property(
        float, lambda self: CHIME_VOLUME[self._warning_volume], notify=warningVolumeChanged
    )
    """The park tone's and the other chimes' volume, 0..1, from the setting."""
    collisionChimeVolume = Property(
        float,
        lambda self: max(COLLISION_CHIME_FLOOR, CHIME_VOLUME[self._warning_volume]),
        notify=warningVolumeChanged,
    )
    """The collision warning's volume: lowered by the setting, never below COLLISION_CHIME_FLOOR."""
    clock24h = Property(bool, _get_clock_24h, notify=clockChanged)
