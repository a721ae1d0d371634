"""cockpit.toml: the documented example loads, and every mistake names the key, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from cockpit.config import (
    SYSTEM_CONFIG,
    CockpitConfig,
    find_config,
    load_config,
    parse_config,
    search_paths,
)
from cockpit.errors import ConfigError
from cockpit.resources import hw_dir


def _error(text: str, path: Path | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, path)
    return str(caught.value)


def test_documented_example_has_a_classic_powertrain_bus_and_a_can_fd_adas_bus():
    config = load_config(hw_dir() / "cockpit.toml")
    powertrain, adas = config.buses
    assert (powertrain.name, powertrain.interface, powertrain.bitrate, powertrain.fd) == (
        "powertrain",
        "socketcan",
        500_000,
        False,
    )
    assert (adas.name, adas.fd, adas.data_bitrate) == ("adas", True, 2_000_000)
    assert config.display.size == (1920, 720) and config.display.fullscreen
    assert config.discovery.interfaces == ("wlan0",)
    assert config.handoff.rules[0].name == "park_and_door_open"
    assert config.handoff.rules[0].line is not None


def test_fd_data_rate_given_as_bitrate_suggests_data_bitrate_with_key_and_line():
    text = '[buses.adas]\ninterface = "socketcan"\nchannel = "can1"\nbitrate = 5000000\nfd = true\n'
    message = _error(text, Path("/etc/cockpit/cockpit.toml"))
    assert message == (
        "/etc/cockpit/cockpit.toml:4: buses.adas.bitrate: 5000000 is not a classic CAN "
        "bitrate; did you mean data_bitrate for CAN FD?"
    )


def test_data_bitrate_without_fd_says_to_turn_fd_on():
    message = _error('[buses.a]\ninterface = "socketcan"\nchannel = "can0"\ndata_bitrate = 2000000\n')
    assert ":4: buses.a.data_bitrate:" in message and "fd = true" in message


def test_misspelt_key_gets_a_suggestion():
    message = _error('[buses.a]\ninterface = "virtual"\nbitrat = 500000\n')
    assert ":3: buses.a.bitrat: unknown key; did you mean 'bitrate'?" in message


def test_misspelt_section_gets_a_suggestion():
    assert "displya: unknown section; did you mean [display]?" in _error('[displya]\nsize = "800x480"\n')


def test_toml_syntax_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "cockpit.toml"
    path.write_text("[display]\nsize = \n")
    with pytest.raises(ConfigError, match=r"cockpit.toml: not valid TOML: .*line 2"):
        load_config(path)


def test_missing_dbc_file_names_the_resolved_path(tmp_path):
    message = _error('[buses.a]\ninterface = "virtual"\ndbc = "car.dbc"\n', tmp_path / "cockpit.toml")
    assert f"buses.a.dbc: file {tmp_path / 'car.dbc'} does not exist" in message


def test_relative_dbc_and_mapping_are_read_beside_the_config(tmp_path):
    (tmp_path / "car.dbc").write_text('VERSION ""\n')
    (tmp_path / "car.vss.json").write_text("{}")
    (tmp_path / "cockpit.toml").write_text(
        '[buses.a]\ninterface = "virtual"\ndbc = "car.dbc"\nmapping = "car.vss.json"\n'
    )
    bus = load_config(tmp_path / "cockpit.toml").bus("a")
    assert bus.dbc == tmp_path / "car.dbc" and bus.mapping == tmp_path / "car.vss.json"


def test_serial_adapter_by_usb_id_and_serial_number():
    config = parse_config(
        '[buses.body]\ninterface = "slcan"\nbitrate = 500000\n'
        'usb = { id = "1D50:606f", serial_number = "A1" }\n'
    )
    usb = config.bus("body").usb
    assert (usb.vendor_id, usb.product_id, usb.serial_number) == (0x1D50, 0x606F, "A1")


def test_bad_usb_id_explains_the_format():
    assert "write vendor:product in hex" in _error('[buses.b]\ninterface = "slcan"\nusb = "1d50-606f"\n')


def test_two_buses_on_one_channel_are_refused():
    message = _error(
        '[buses.a]\ninterface = "socketcan"\nchannel = "can0"\n'
        '[buses.b]\ninterface = "socketcan"\nchannel = "can0"\n'
    )
    assert "buses.b.channel: socketcan can0 is already used by bus 'a'" in message


def test_missing_channel_gives_an_example():
    assert 'missing key channel; add e.g. channel = "can0"' in _error('[buses.a]\ninterface = "socketcan"\n')


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[display]\nrotation = 45\n", ":2: display.rotation: 45 is not one of 0, 90, 180, 270"),
        ('[display]\nsize = "big"\n', ":2: display.size: 'big' is not a size; write \"1920x720\""),
        ('[display]\nfullscreen = "yes"\n', ":2: display.fullscreen: 'yes' is not true or false"),
        (
            '[defaults]\ntheme = "nite"\n',
            ":2: defaults.theme: 'nite' is not one of day, night, auto; did you mean 'night'?",
        ),
        ('[defaults]\nlanguage = "Chinese"\n', ":2: defaults.language: 'Chinese' is not a language code"),
        ('[discovery]\ninterfaces = ["0.0.0.0"]\n', "would listen on every network"),
        ('[buses.a]\ninterface = "virtual"\nbitrate = true\n', "buses.a.bitrate: True is a boolean"),
        (
            '[buses.a]\ninterface = "virtual"\nstale_factor = 0.5\n',
            "buses.a.stale_factor: 0.5 is out of range",
        ),
        ("[handoff]\nrules = 3\n", "handoff.rules: must be a list of tables"),
        ('[[buses]]\ninterface = "virtual"\n', ":1: buses: write each bus as its own table, [buses.NAME]"),
        (
            '[defaults]\nlanguage = "de"\n',
            ":2: defaults.language: 'de' has no translation; the cockpit speaks en, zh_CN",
        ),
        (
            '[defaults]\nlanguage = "zh_cn"\n',
            ":2: defaults.language: 'zh_cn' is not a language code; write e.g. "
            '"en" or "zh_CN"; did you mean \'zh_CN\'?',
        ),
        ('[defaults]\nunits = "metric"\nlatitude = 95.0\n', ":3: defaults.latitude: 95.0 is not a latitude"),
        ('[defaults]\nlongitude = "116E"\n', ":2: defaults.longitude: '116E' is not a longitude in degrees"),
        ('[display]\nrotation = "90"\n', ":2: display.rotation: '90' is text; write 90 without quotes"),
        ("[display]\nfullscreen = true\nsize = [1920]\n", ":3: display.size: [1920] is not a size"),
        (
            '[buses.car]\ninterface = "sockettcan"\nchannel = "can0"\n',
            ":2: buses.car.interface: unknown interface 'sockettcan'; did you mean 'socketcan'? "
            "known interfaces: ",
        ),
    ],
)
def test_each_invalid_value_is_named_with_its_fix(text, expected):
    assert expected in _error(text)


def test_handoff_settings_and_rules_are_checked_at_load_with_their_line():
    config = parse_config('[handoff]\nname = "My car"\n[[handoff.rules]]\nname = "power_off"\n')
    assert config.handoff.settings == {"name": "My car"}
    assert [(r.index, r.line, r.name) for r in config.handoff.rules] == [(0, 3, "power_off")]
    with pytest.raises(
        ConfigError, match=r"cockpit.toml:2: handoff.port: unknown key; known keys: enabled, rules, name"
    ):
        parse_config("[handoff]\nport = 8443\n")
    with pytest.raises(ConfigError, match=r"handoff.take_over_on_arriving: 'yes' is not true or false"):
        parse_config('[handoff]\ntake_over_on_arriving = "yes"\n')
    with pytest.raises(
        ConfigError,
        match=r"cockpit.toml:4: \[\[handoff.rules\]\] name 'park-and-leave' is not a handoff rule",
    ):
        parse_config(
            '[handoff]\n[[handoff.rules]]\nname = "power_off"\n[[handoff.rules]]\nname = "park-and-leave"\n'
        )
    with pytest.raises(
        ConfigError, match=r"cockpit.toml:1: \[\[handoff.rules\]\] key\(s\) action, when unknown"
    ):
        parse_config('[[handoff.rules]]\nname = "power_off"\nwhen = "gear == P"\naction = "send"\n')


def test_default_path_prefers_xdg_then_etc(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert search_paths() == [tmp_path / "cockpit" / "cockpit.toml", SYSTEM_CONFIG]
    (tmp_path / "cockpit").mkdir()
    (tmp_path / "cockpit" / "cockpit.toml").write_text('[defaults]\ntheme = "day"\n')
    assert find_config() == tmp_path / "cockpit" / "cockpit.toml"
    assert load_config().defaults.theme == "day"


def test_no_file_means_defaults_unless_required(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr("cockpit.config.SYSTEM_CONFIG", tmp_path / "etc.toml")
    monkeypatch.setattr("cockpit.config.search_paths", lambda: [tmp_path / "x.toml"])
    assert load_config() == CockpitConfig()
    with pytest.raises(ConfigError, match=r"no cockpit.toml found .*copy hw/cockpit.toml"):
        load_config(required=True)


def test_explicit_path_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file; check the --config path"):
        load_config(tmp_path / "nope.toml")


def test_the_languages_accepted_are_the_ones_with_translations():
    from cockpit.config import LANGUAGES

    folder = Path(__file__).resolve().parents[2] / "ui" / "i18n"
    translated = {path.stem.removeprefix("cockpit_") for path in folder.glob("cockpit_*.ts")}
    assert set(LANGUAGES) == {"en"} | translated  # English is the source language


def test_theme_auto_takes_a_place_for_sunrise_and_sunset():
    defaults = parse_config('[defaults]\ntheme = "auto"\nlatitude = 31.23\nlongitude = 121.47\n').defaults
    assert (defaults.theme, defaults.latitude, defaults.longitude) == ("auto", 31.23, 121.47)


# --- [zenoh] (issue 12) -----------------------------------------------------------------------------
def test_zenoh_defaults_stay_on_loopback_with_scouting_off():
    from cockpit.config import CockpitConfig

    zenoh = CockpitConfig().zenoh
    assert zenoh.mode == "peer" and zenoh.listen == ("tcp/127.0.0.1:7447",)
    assert zenoh.display_endpoints == ("tcp/127.0.0.1:7447",) and not zenoh.multicast_scouting


@pytest.mark.parametrize(
    "line, message",
    [
        ('listen = ["tcp/127.0.0.1"]', "zenoh.listen: 'tcp/127.0.0.1': '127.0.0.1' is not host:port"),
        ('connect = ["tcpx/10.0.0.1:7447"]', "unknown protocol 'tcpx'"),
        ('connect = ["10.0.0.1:7447"]', "is not a Zenoh endpoint"),
        ('listen = ["tcp/127.0.0.1:70000"]', "port of 0-65535"),
        ('mode = "peers"', "did you mean 'peer'"),
        ("heartbeat_ms = 2", "out of range"),
        ("writers = []", "user names"),
        ("lissen = []", "did you mean 'listen'"),
    ],
)
def test_a_zenoh_setting_that_does_not_parse_names_its_line(line, message):
    from cockpit.config import parse_config

    with pytest.raises(ConfigError, match=r"cockpit\.toml:3: ") as caught:
        parse_config(f"# the car\n[zenoh]\n{line}\n")
    assert message in str(caught.value)


def test_a_router_setup_reads_back():
    from cockpit.config import parse_config

    config = parse_config('[zenoh]\nmode = "client"\nconnect = ["tcp/192.168.7.1:7447", "tcp/[::1]:7447"]\n')
    assert config.zenoh.mode == "client"
    assert config.zenoh.display_endpoints == ("tcp/192.168.7.1:7447", "tcp/[::1]:7447")


def test_zenoh_tls_reads_its_files_relative_to_the_config_and_wants_a_ca(tmp_path):
    from cockpit.config import load_config

    for name in ("ca.pem", "node.crt", "node.key"):
        (tmp_path / name).write_text("-----BEGIN-----\n")
    toml = tmp_path / "cockpit.toml"
    toml.write_text(
        '[zenoh]\nlisten = ["tls/127.0.0.1:7447"]\n\n[zenoh.tls]\nroot_ca = "ca.pem"\n'
        'certificate = "node.crt"\nprivate_key = "node.key"\n'
    )
    tls = load_config(toml).zenoh.tls
    assert tls is not None and tls.root_ca == tmp_path / "ca.pem" and tls.mtls
    toml.write_text('[zenoh]\n[zenoh.tls]\ncertificate = "node.crt"\n')
    with pytest.raises(ConfigError, match=r"cockpit.toml:2: zenoh.tls: missing key root_ca"):
        load_config(toml)
    toml.write_text('[zenoh.tls]\nroot_ca = "ca.pem"\ncertificate = "node.crt"\n')
    with pytest.raises(ConfigError, match="certificate and private_key together"):
        load_config(toml)
