"""The auto theme on screen: the follower sets the settings' theme until the driver picks one."""

from __future__ import annotations

from cockpit.hmi.auto_theme import AutoThemeFollower
from cockpit.hmi.settings_model import SettingsModel


def test_the_follower_sets_the_theme_at_once_and_on_each_judgement(qapp) -> None:
    verdict = ["night"]
    settings = SettingsModel(theme="day")
    follower = AutoThemeFollower(settings, lambda: verdict[0])
    assert settings.theme == "night"  # before the first frame: no flash of the wrong theme
    verdict[0] = "day"
    follower.apply()
    assert settings.theme == "day"


def test_a_theme_the_driver_picks_wins_for_the_rest_of_the_drive(qapp) -> None:
    verdict = ["night"]
    settings = SettingsModel(theme="day")
    follower = AutoThemeFollower(settings, lambda: verdict[0])
    follower.start()
    settings.setTheme("day")  # from the Settings page
    verdict[0] = "night"
    follower.apply()
    assert settings.theme == "day" and not follower.following
    follower.stop()
