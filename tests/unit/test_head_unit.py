"""The head unit starts its parts in the car's order and stops them in the reverse; it runs headless
(no Qt) with real buses, discovery and handoff; and the layers keep their dependency direction."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from cockpit.app import PART_ORDER, HeadUnit
from cockpit.signals import SignalStore

PACKAGE = Path(__file__).resolve().parents[2] / "cockpit"


class Recorded:
    """A part that writes down when it starts and stops."""

    def __init__(self, name: str, log: list[str], fail: bool = False) -> None:
        self.name, self._log, self._fail = name, log, fail

    def start(self) -> None:
        if self._fail:
            raise RuntimeError(f"{self.name} cannot start")
        self._log.append(f"start {self.name}")

    def stop(self) -> None:
        self._log.append(f"stop {self.name}")


def test_parts_start_in_the_cars_order_and_stop_in_the_reverse_whatever_order_they_were_added() -> None:
    log: list[str] = []
    unit = HeadUnit(SignalStore())
    for name in reversed(PART_ORDER):
        unit.add(Recorded(name, log))
    unit.start()
    unit.stop()
    assert log == [f"start {n}" for n in PART_ORDER] + [f"stop {n}" for n in reversed(PART_ORDER)]


def test_deferred_discovery_and_handoff_start_after_the_screen_and_still_stop_before_it() -> None:
    log: list[str] = []
    unit = HeadUnit(SignalStore())
    for name in PART_ORDER:
        unit.add(Recorded(name, log))
    unit.when_deferred_started(lambda: log.append("screen told"))
    unit.start(defer=True)
    assert log == ["start buses", "start sim", "start vss", "start screen"]
    unit.start_deferred()
    assert log[4:] == ["start discovery", "start handoff", "screen told"]
    unit.stop()
    assert log[7:] == ["stop screen", "stop handoff", "stop discovery", "stop vss", "stop sim", "stop buses"]


def test_a_part_that_fails_to_start_stops_the_ones_already_running() -> None:
    log: list[str] = []
    unit = HeadUnit(SignalStore())
    unit.add(Recorded("buses", log))
    unit.add(Recorded("sim", log, fail=True))
    with pytest.raises(RuntimeError, match="sim cannot start"):
        unit.start()
    assert log[0] == "start buses" and "stop buses" in log


def test_a_part_has_one_of_the_known_names() -> None:
    with pytest.raises(ValueError, match="one of buses, sim, vss, discovery, handoff, screen"):
        HeadUnit(SignalStore()).add(Recorded("radio", []))


HEADLESS = r"""
import sys, time
from cockpit.app import configured_head_unit
from cockpit.config import load_config
from cockpit.decode import load_vehicle_schema
config = load_config(sys.argv[1])
unit = configured_head_unit(config, {bus.name: load_vehicle_schema() for bus in config.buses})
unit.start()
assert unit.is_running("discovery") and unit.is_running("handoff")
assert unit.handoff.service is not None and unit.discovery.directory is not None
unit.stop()
assert "PySide6" not in sys.modules, sorted(m for m in sys.modules if m.startswith("PySide6"))
print("headless ok")
"""


def test_a_head_unit_runs_headless_with_real_buses_discovery_and_handoff(tmp_path: Path) -> None:
    config = tmp_path / "cockpit.toml"
    config.write_text(
        f'[buses.vehicle]\ninterface = "virtual"\nchannel = "head-unit-{tmp_path.name}"\n\n'
        f'[discovery]\ninterfaces = ["127.0.0.1"]\n\n'
        f'[handoff]\nname = "Test car"\nstate_dir = "{tmp_path / "handoff"}"\n'
    )
    done = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(config)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "headless ok" in done.stdout


# --- the dependency direction (DESIGN.md, Layout) ---------------------------------------------------
def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules_under(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py")) if folder else sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules_under("hmi"), ids=lambda p: p.name)
def test_the_qt_layer_imports_no_decoder_bus_or_simulator(path: Path) -> None:
    forbidden = ("cockpit.decode", "cockpit.bus", "cockpit.sim", "cockpit.demo", "cockpit.testing")
    wrong = sorted(
        m for m in imported_modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden)
    )
    assert not wrong, f"{path.relative_to(PACKAGE.parent)} imports {wrong}; go through cockpit.app"


@pytest.mark.parametrize("path", modules_under("hmi"), ids=lambda p: p.name)
def test_the_qt_layer_sees_the_core_only_through_the_composition_wing(path: Path) -> None:
    allowed = (
        "cockpit.hmi",
        "cockpit.app",
        "cockpit.signals",
        "cockpit.vocabulary",
        "cockpit.errors",
        "cockpit.resources",
    )
    ours = {m for m in imported_modules(path) if m == "cockpit" or m.startswith("cockpit.")}
    wrong = sorted(m for m in ours - {"cockpit"} if not any(m == a or m.startswith(a + ".") for a in allowed))
    assert not wrong, (
        f"{path.relative_to(PACKAGE.parent)} imports {wrong}; the core reaches hmi through cockpit.app"
    )


def test_nothing_outside_the_qt_layer_imports_qt() -> None:
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "PySide6"
        )
        for path in modules_under("")
        if "hmi" not in path.relative_to(PACKAGE).parts
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_core_never_imports_the_composition_wing_the_qt_layer_or_the_demo() -> None:
    core = ("signals", "decode", "bus", "sim", "discovery", "handoff")
    wrong = {}
    for folder in core:
        for path in modules_under(folder):
            bad = sorted(
                m
                for m in imported_modules(path)
                if m.startswith(("cockpit.app", "cockpit.hmi", "cockpit.demo", "cockpit.commands"))
            )
            if bad:
                wrong[str(path.relative_to(PACKAGE.parent))] = bad
    assert wrong == {}
