"""hw/cockpit.service: the systemd unit the watchdog talks to is valid and says what the head unit needs."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest

from cockpit.resources import hw_dir


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(hw_dir() / name)
    return parser


def test_service_is_notify_with_a_watchdog_restarted_on_failure_as_an_unprivileged_user():
    service = unit("cockpit.service")["Service"]
    assert service["Type"] == "notify"
    assert int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "on-failure"
    assert service["User"] == "cockpit" and service["User"] != "root"
    assert "cockpit run --config /etc/cockpit/cockpit.toml" in service["ExecStart"]


def test_service_draws_on_a_screen_without_a_desktop():
    text = (hw_dir() / "cockpit.service").read_text()
    assert "Environment=QT_QPA_PLATFORM=eglfs" in text
    assert "AF_CAN" in text  # the hardening still lets the cockpit open SocketCAN


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize(
    "name, instance",
    [("cockpit.service", "cockpit.service"), ("cockpit-can@.service", "cockpit-can@can0.service")],
)
def test_units_pass_systemd_analyze_verify(tmp_path, name, instance):
    # verify also checks that ExecStart's program exists, which it does only on an installed board
    text = (hw_dir() / name).read_text()
    text = text.replace("/opt/cockpit/venv/bin/cockpit", "/bin/true")
    (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / instance)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    complaints = [line for line in result.stderr.splitlines() if name.split("@")[0] in line]
    assert complaints == []
