"""Languages and unit symbols for the cockpit.

``LanguageSwitcher`` installs the Qt translation (``ui/i18n/cockpit_<code>.qm``) for the chosen
language and re-evaluates every ``qsTr()`` in the QML engine, so the switch happens while driving,
without a restart. ``unit_symbol`` gives the symbol beside a number in the Diagnostics table; the
metric/imperial conversion lives in one table (``cockpit.vocabulary.IMPERIAL``) that QML's
``Units`` singleton reads.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QLocale,
    QObject,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtQml import QQmlEngine

from cockpit.errors import ConfigError
from cockpit.resources import ui_dir
from cockpit.vocabulary import Language

log = logging.getLogger(__name__)

DASH = "—"  # what the cockpit shows for any value that is not valid (DESIGN.md, signal quality)

SOURCE_LANGUAGE = "en"  # the qsTr() source strings are English: no translation file for it
# Language code -> the language's own name, as the Settings page lists it.
LANGUAGES: dict[str, str] = {
    Language.EN: "English",
    Language.ZH_CN: "简体中文",
}
TRANSLATION_PREFIX = "cockpit_"


def translations_dir() -> Path:
    """The folder with the ``.ts`` sources and the compiled ``.qm`` files (``ui/i18n``)."""
    return ui_dir() / "i18n"


def translation_file(language: str) -> Path:
    """The compiled translation for ``language`` (``ui/i18n/cockpit_zh_CN.qm``)."""
    return translations_dir() / f"{TRANSLATION_PREFIX}{language}.qm"


def translation_source(language: str) -> Path:
    """The translators' source for ``language`` (``ui/i18n/cockpit_zh_CN.ts``)."""
    return translations_dir() / f"{TRANSLATION_PREFIX}{language}.ts"


def check_language(language: str) -> str:
    """Return ``language`` if the cockpit speaks it; a ConfigError listing the choices otherwise."""
    if language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise ConfigError(f"language {language!r} is not available; choose one of: {choices}")
    return language


class LanguageSwitcher(QObject):
    """The cockpit's display language, switchable at runtime from the Settings page.

    Setting ``language`` loads that language's ``.qm``, swaps it for the previous translator in the
    application, sets the QML engine's ``Qt.uiLanguage`` and calls ``engine.retranslate()`` so every
    ``qsTr()`` binding re-evaluates. English is the source language and needs no file.
    """

    languageChanged = Signal()

    def __init__(
        self, engine: QQmlEngine | None = None, language: str = SOURCE_LANGUAGE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._language = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None
        self._start_locale: QLocale | None = None
        if language != SOURCE_LANGUAGE:
            self.switch_to(language)

    def attach(self, engine: QQmlEngine) -> None:
        """Use ``engine`` from now on (the app may make the switcher before its engine)."""
        self._engine = engine
        engine.setUiLanguage(self._language)

    def switch_to(self, language: str) -> None:
        """Switch to ``language``; ConfigError if unknown, FileNotFoundError if its .qm is missing.

        On failure the current language stays installed: a driver never ends up with half a screen.
        """
        check_language(language)
        if language == self._language:
            return
        translator = None
        if language != SOURCE_LANGUAGE:
            path = translation_file(language)
            translator = QTranslator(self)
            if not translator.load(str(path)):
                translator.deleteLater()
                raise FileNotFoundError(
                    f"translation {path} is missing or unreadable; rebuild it with "
                    f"`pyside6-lrelease {path.with_suffix('.ts')} -qm {path}` or reinstall the package"
                )
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("LanguageSwitcher needs a running QGuiApplication before switching language")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator.deleteLater()
        if translator is not None:
            app.installTranslator(translator)
        self._translator = translator
        self._language = language
        # Numbers and dates formatted by QML (Number.toLocaleString, Qt.locale()) follow the language;
        # back in English the process gets the locale it started with, not a guess at one.
        if self._start_locale is None:
            self._start_locale = QLocale()
        QLocale.setDefault(self._start_locale if language == SOURCE_LANGUAGE else QLocale(language))
        if self._engine is not None:
            self._engine.setUiLanguage(language)
            self._engine.retranslate()
        self.languageChanged.emit()

    def _get_language(self) -> str:
        return self._language

    def _set_language(self, language: str) -> None:
        # From QML a bad value must not throw into the binding engine: log it and keep the language.
        try:
            self.switch_to(language)
        except (ConfigError, FileNotFoundError, RuntimeError) as exc:
            log.error("cannot switch the cockpit language: %s", exc)

    language = Property(str, _get_language, _set_language, notify=languageChanged)
    """The current language code: ``en`` or ``zh_CN``."""

    def _get_languages(self) -> list[dict[str, str]]:
        return [{"code": code, "name": name} for code, name in LANGUAGES.items()]

    languages = Property(list, _get_languages, constant=True)
    """Every language the cockpit speaks, as ``{code, name}`` for a Settings list."""

    @Slot(str)
    def setLanguage(self, language: str) -> None:  # the Qt-style name QML expects
        """Switch language from QML (same as assigning ``language``)."""
        self._set_language(language)


# --- units ---------------------------------------------------------------------------------------

# VSS unit strings -> the symbol shown beside a number.
UNIT_SYMBOLS: dict[str, str] = {
    "percent": "%",
    "celsius": "°C",
    "fahrenheit": "°F",
    "km/h": "km/h",
    "mph": "mph",
    "km": "km",
    "mi": "mi",
    "m": "m",
    "ft": "ft",
    "V": "V",
    "A": "A",
    "W": "W",
    "kW": "kW",
    "kWh": "kWh",
    "kWh/100km": "kWh/100 km",
    "kWh/100mi": "kWh/100 mi",
    "s": "s",
    "min": "min",
    "rpm": "rpm",
    "Nm": "N·m",
    "1/m": "1/m",
    "m/s": "m/s",
    "m/s^2": "m/s²",
}


def unit_symbol(vss_unit: str | None) -> str:
    """The symbol shown for a VSS unit string (``percent`` -> ``%``); the string itself if unknown."""
    if not vss_unit:
        return ""
    return UNIT_SYMBOLS.get(vss_unit, vss_unit)


# --- maintaining the translations (``python -m cockpit.hmi.i18n``) -----------------------------------
# lupdate reads every qsTr() in the QML and every translate()/tr() in the Python models; the options
# are fixed here so that the test that checks the .ts is complete runs exactly what a maintainer runs.
LUPDATE_OPTIONS = (
    "-extensions",
    "qml,js",
    "-source-language",
    "en",
    "-no-obsolete",
    "-locations",
    "relative",
    "-silent",
)


def linguist_tool(name: str) -> str:
    """The path of Qt's ``lupdate`` or ``lrelease``: the one bundled with the PySide6 we run (what the
    ``pyside6-<name>`` scripts call, found even in a venv whose bin/ is not on PATH), else PATH's."""
    import PySide6

    bundled = Path(PySide6.__file__).parent / name
    if bundled.exists():
        return str(bundled)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(
        f"Qt's {name} was not found; install PySide6-Essentials (it ships pyside6-{name})"
    )


def translated_sources() -> list[Path]:
    """What lupdate scans: the QML tree and the Qt layer's Python (status words, bus states).

    The Python files are listed one by one: lupdate's directory scan does not pick up ``.py``.
    """
    return [ui_dir(), *sorted(Path(__file__).resolve().parent.glob("*.py"))]


def update_translation_source(language: str, ts_file: Path | None = None) -> Path:
    """Run lupdate: add new source strings to the .ts (as unfinished) and drop vanished ones."""
    ts_file = translation_source(language) if ts_file is None else ts_file
    subprocess.run(
        [
            linguist_tool("lupdate"),
            *map(str, translated_sources()),
            *LUPDATE_OPTIONS,
            "-target-language",
            language,
            "-ts",
            str(ts_file),
        ],
        check=True,
    )
    return ts_file


def compile_translation(ts_file: Path, qm_file: Path) -> Path:
    """Run lrelease: compile a .ts into the .qm the app loads (unfinished strings left out)."""
    subprocess.run(
        [linguist_tool("lrelease"), "-silent", "-nounfinished", str(ts_file), "-qm", str(qm_file)], check=True
    )
    return qm_file


def main(argv: list[str] | None = None) -> int:
    """Refresh every translation: ``python -m cockpit.hmi.i18n [update|release]`` (both by default)."""
    steps = (argv if argv is not None else sys.argv[1:]) or ["update", "release"]
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        if "update" in steps:
            print(f"updated {update_translation_source(language)}")
        if "release" in steps:
            print(f"compiled {compile_translation(translation_source(language), translation_file(language))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
