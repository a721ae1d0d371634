"""The wheel carries the data folders: installed into a fresh environment, it runs on its own."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory) -> Path:
    """A fresh virtual environment with only the built wheel installed; returns its bin folder.

    The runtime dependencies (PySide6, cantools, ...) are borrowed from the test's own environment
    through a .pth file rather than downloaded again; the cockpit itself comes only from the wheel.
    """
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("cockpit-*.whl")
    env_dir = work / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    env_python = env_dir / "bin" / "python"
    env_site = Path(
        subprocess.run(
            [str(env_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    borrowed = [path for path in site.getsitepackages() if Path(path).is_dir()]
    (env_site / "borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--target",
            str(env_site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # pip --target does not write console scripts; make the entry point the way an installer would.
    script = env_dir / "bin" / "cockpit"
    script.write_text(f"#!{env_python}\nimport sys\nfrom cockpit.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    return env_dir / "bin"


def run_installed(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run(
        [str(bin_dir / "cockpit"), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_the_installed_wheel_reports_its_version(installed_wheel, tmp_path) -> None:
    from cockpit import __version__

    result = run_installed(installed_wheel, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"cockpit {__version__}"


def test_the_installed_wheel_replays_a_log_with_its_own_dbc_and_mapping(installed_wheel, tmp_path) -> None:
    log = tmp_path / "highway.log"
    made = run_installed(
        installed_wheel,
        "sim",
        "--scenario",
        "highway",
        "--fast",
        "--duration",
        "5",
        "--output",
        str(log),
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    result = run_installed(installed_wheel, "monitor", "--replay", str(log), "--json", "--once", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["signals"]["Vehicle.Speed"]["status"] == "valid"
    assert report["stats"]["frames"] > 1000 and report["stats"]["decode_errors"] == 0
    where = subprocess.run(
        [
            str(installed_wheel / "python"),
            "-c",
            "from cockpit import resources; print(resources.reference_dbc())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert "site-packages" in where and "_data" in where, where
