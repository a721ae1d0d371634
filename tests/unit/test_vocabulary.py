"""The cockpit's vocabulary is spelled once (cockpit/vocabulary.py) and the configuration, the command
line and the bus layer use that one spelling."""

from __future__ import annotations

import argparse

from cockpit import config, vocabulary
from cockpit.bus import BusState as ReaderState
from cockpit.vocabulary import PAGES, THEMES, BusState, Page, Theme, handoff_device_id, handoff_peer_id


def test_auto_is_a_theme_for_the_configuration_and_the_vocabulary_alike() -> None:
    assert set(Theme) == {Theme.DAY, Theme.NIGHT, Theme.AUTO}
    assert config.THEMES == THEMES and "auto" in THEMES
    assert config.UNIT_SYSTEMS == vocabulary.UNIT_SYSTEMS


def test_the_commands_offer_the_vocabularys_pages() -> None:
    from cockpit.commands import demo, run, screenshot

    for command in (demo, run, screenshot):
        parser = argparse.ArgumentParser()
        command.add_arguments(parser)
        page = next(a for a in parser._actions if a.dest == "page")
        assert tuple(page.choices) == PAGES == tuple(p.value for p in Page)


def test_the_bus_reader_reports_the_vocabularys_bus_states() -> None:
    assert ReaderState is BusState and str(BusState.BUS_OFF) == "bus-off"


def test_a_handoff_peer_id_goes_to_discovery_and_back_through_one_helper() -> None:
    assert handoff_device_id("ph-1") == "handoff:ph-1"
    assert handoff_peer_id(handoff_device_id("ph-1")) == "ph-1"
    assert handoff_peer_id("miio:123") is None


def test_qml_gets_every_list_and_every_word_by_its_name() -> None:
    words = vocabulary.as_dict()
    assert words["pages"] == list(PAGES)
    assert words["page"]["diagnostics"] == "diagnostics" and words["theme"]["auto"] == "auto"
    assert words["busState"]["busOff"] == "bus-off" and words["language"]["zhCn"] == "zh_CN"
