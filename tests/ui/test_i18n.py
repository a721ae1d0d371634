"""English and Simplified Chinese: complete translations, a compiled file that matches its source,
and a language switch that changes the screen while the cockpit runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads (tests/conftest.py may too)

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QLocale, QTranslator, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from cockpit.errors import ConfigError
from cockpit.hmi import i18n
from cockpit.hmi.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    LanguageSwitcher,
    check_language,
    compile_translation,
    translation_file,
    translation_source,
    update_translation_source,
)
from cockpit.hmi.signal_table import SignalTableModel
from cockpit.signals import SignalSpec, SignalStore

TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def messages(ts_file: Path) -> list[tuple[str, ET.Element]]:
    """(context name, <message>) for every message of a .ts file."""
    root = ET.parse(ts_file).getroot()
    return [
        (context.findtext("name") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def translated_texts(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def source_keys(ts_file: Path) -> set[tuple[str, str, str]]:
    return {
        (context, message.findtext("source") or "", message.findtext("comment") or "")
        for context, message in messages(ts_file)
    }


@pytest.fixture
def switcher(qapp):
    """A language switcher that leaves the application in English afterwards."""
    switcher = LanguageSwitcher()
    yield switcher
    switcher.switch_to(SOURCE_LANGUAGE)
    switcher.deleteLater()


# --- the translation files -------------------------------------------------------------------------------
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_source_string_has_a_finished_translation(language):
    unfinished = []
    for context, message in messages(translation_source(language)):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        kind = "missing" if translation is None else translation.get("type")
        texts = translated_texts(message) or [""]
        if kind in ("unfinished", "vanished", "obsolete", "missing") or not all(t.strip() for t in texts):
            unfinished.append(f"{context}: {source!r}")
    assert not unfinished, f"untranslated in {translation_source(language).name}: {unfinished}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder_of_their_source(language):
    """A dropped %1 would show a number nowhere; a stray one would show a literal %1."""
    wrong = []
    for context, message in messages(translation_source(language)):
        source = message.findtext("source") or ""
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for text in translated_texts(message):
            if sorted(set(PLACEHOLDER.findall(text))) != wanted:
                wrong.append(f"{context}: {source!r} -> {text!r}")
    assert not wrong


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translation_source_covers_every_string_in_the_qml_and_models(language, tmp_path):
    """lupdate over ui/ and cockpit/hmi finds nothing new: a string added to the QML without a
    translation fails here (fix: ``python -m cockpit.hmi.i18n``, translate, commit .ts and .qm)."""
    committed = translation_source(language)
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    update_translation_source(language, fresh)
    assert source_keys(fresh) - source_keys(committed) == set(), "new strings not in the .ts"
    assert source_keys(committed) - source_keys(fresh) == set(), "strings that no longer exist in the .ts"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_translation_is_up_to_date_with_its_source(qapp, language, tmp_path):
    """Rebuilt from the .ts, the .qm says the same thing for every message. Byte equality is the
    quick answer; another lrelease version may lay the file out differently, so a mismatch is
    judged by what each file translates every source string to."""
    committed = translation_file(language)
    rebuilt = compile_translation(translation_source(language), tmp_path / committed.name)
    if committed.read_bytes() == rebuilt.read_bytes():
        return
    old, new = QTranslator(), QTranslator()
    assert old.load(str(committed)) and new.load(str(rebuilt))
    differing = [
        f"{context}: {message.findtext('source')!r}"
        for context, message in messages(translation_source(language))
        if message.get("numerus") != "yes"
        and old.translate(context, message.findtext("source"), message.findtext("comment"))
        != new.translate(context, message.findtext("source"), message.findtext("comment"))
    ]
    assert not differing, f"{committed} is stale: run `python -m cockpit.hmi.i18n release` and commit it"


# --- switching at runtime --------------------------------------------------------------------------------
def qml_text_in_context(engine: QQmlEngine, directory: Path, context: str, source: str):
    """A QML Text whose qsTr() is looked up in ``context`` (qsTr's context is the file's base name)."""
    component = QQmlComponent(engine)
    escaped = source.replace("\\", "\\\\").replace('"', '\\"')
    component.setData(
        QByteArray(
            f"""
import QtQuick
Text {{
    required property var language
    function switchTo(code) {{ language.language = code }}
    text: qsTr("{escaped}")
}}
""".encode()
        ),
        QUrl.fromLocalFile(str(directory / f"{context}.qml")),
    )
    return component


@pytest.mark.parametrize("language", TRANSLATED)
def test_switching_language_at_runtime_changes_a_qml_text(qapp, switcher, tmp_path, language):
    context, message = next(
        (context, message)
        for context, message in messages(translation_source(language))
        if message.get("numerus") != "yes" and translated_texts(message)[0] != message.findtext("source")
    )
    source, translated = message.findtext("source"), translated_texts(message)[0]
    engine = QQmlEngine()
    switcher.attach(engine)
    component = qml_text_in_context(engine, tmp_path, context, source)
    text = component.createWithInitialProperties({"language": switcher})
    assert text is not None, component.errorString()
    try:
        assert text.property("text") == source
        switcher.setProperty("language", language)  # as the Settings page does
        assert text.property("text") == translated
        assert engine.uiLanguage() == language
        switcher.setProperty("language", SOURCE_LANGUAGE)
        assert text.property("text") == source
    finally:
        text.deleteLater()
        engine.deleteLater()


def test_model_words_follow_the_language(qapp, switcher):
    store = SignalStore([SignalSpec("Vehicle.Speed", unit="km/h")])
    store.update("Vehicle.Speed", 50.0)
    model = SignalTableModel(store)
    switcher.languageChanged.connect(model.retranslate)
    status = model.data(model.index(0), SignalTableModel.Role.StatusText)
    assert status == "valid"
    switcher.switch_to("zh_CN")
    assert model.data(model.index(0), SignalTableModel.Role.StatusText) == "有效"
    assert QLocale().name() == "zh_CN"


def test_back_in_english_the_process_gets_its_own_locale_again(qapp, switcher):
    before = QLocale().name()
    switcher.switch_to("zh_CN")
    switcher.switch_to("en")
    assert QLocale().name() == before


def test_the_switcher_lists_each_language_in_its_own_name(qapp, switcher):
    assert {entry["code"]: entry["name"] for entry in switcher.property("languages")} == LANGUAGES
    assert LANGUAGES["zh_CN"] == "简体中文"


def test_an_unknown_language_is_refused_with_the_choices(qapp, switcher):
    with pytest.raises(ConfigError, match="en, zh_CN"):
        switcher.switch_to("klingon")
    with pytest.raises(ConfigError, match="'de'"):
        check_language("de")


def test_an_unknown_language_from_qml_keeps_the_current_one(qapp, switcher, caplog):
    switcher.setProperty("language", "zh_CN")
    switcher.setProperty("language", "klingon")
    assert switcher.property("language") == "zh_CN"
    assert "klingon" in caplog.text


def test_a_missing_translation_file_says_how_to_rebuild_it(qapp, switcher, monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match="pyside6-lrelease"):
        switcher.switch_to("zh_CN")
    assert switcher.property("language") == SOURCE_LANGUAGE


def test_every_language_ships_its_source_and_compiled_translation():
    for language in TRANSLATED:
        assert translation_source(language).is_file()
        assert translation_file(language).is_file()
