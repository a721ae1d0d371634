"""The ``cockpit`` front: a command imports only itself, and ``--help`` still lists every one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cockpit.cli import COMMANDS, build_parser, chosen_command, main


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["run", "--config", "x.toml"], "run"),
        (["-v", "-v", "demo", "--scenario", "city"], "demo"),
        (["--verbose", "sim"], "sim"),
        (["--help"], None),
        ([], None),
        (["rnu"], None),
        (["--", "run"], None),
    ],
)
def test_the_chosen_command_is_the_first_word_that_is_not_an_option(argv, command) -> None:
    assert chosen_command(argv) == command


def test_a_command_imports_no_other_command() -> None:
    script = (
        "import sys\n"
        "from cockpit.cli import build_parser\n"
        "build_parser(only='pairing').parse_args(['pairing', 'list'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('cockpit.commands.')))\n"
        "print(any(m == 'cockpit.sim' or m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    commands, heavy = result.stdout.splitlines()
    assert commands == "['cockpit.commands.pairing']"
    assert heavy == "False"


def test_help_still_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def test_a_mistyped_command_is_refused_with_the_choices(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["rnu"])
    assert exit_.value.code == 2
    assert "invalid choice: 'rnu'" in capsys.readouterr().err


def test_another_commands_help_is_listed_but_its_arguments_are_not_built() -> None:
    parser = build_parser(only="run")
    assert parser.parse_args(["run"]).command == "run"
    assert parser.parse_args(["sim"]).command == "sim"  # listed, never run: main builds for sim
