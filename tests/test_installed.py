"""The package runs wherever it is installed: its wheel, built from this checkout and
installed (with the report extra) into a fresh virtual environment outside the checkout,
plays, exports, reports and shows its configuration from a folder outside the checkout,
importing sensory_games from that environment, never from here.

Serial (it builds and installs for a minute or so: `make test` runs it alone, after the
parallel tests). The wheel's dependencies are installed the ordinary way, from the
package index pip is set up to use."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sensory_games.activities import level_counts
from sensory_games.domain.config import DEFAULT_CONFIG_DIR

pytestmark = pytest.mark.serial

ROOT = Path(__file__).resolve().parent.parent
#: A whole build and install: a first run downloads the dependencies, later ones reuse
#: pip's cache.
INSTALL_TIMEOUT_S = 600


def _run(command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 180):
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{command}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def _source_copy(target: Path) -> Path:
    """What a wheel is built from (the files at the checkout's top and the package), copied
    so that building leaves nothing in the checkout (build/, *.egg-info)."""
    target.mkdir()
    for file in ROOT.iterdir():
        if file.is_file() and file.suffix in ("", ".toml", ".md", ".in", ".txt", ".cfg"):
            shutil.copy2(file, target / file.name)
    shutil.copytree(
        ROOT / "sensory_games",
        target / "sensory_games",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    return target


def test_the_installed_wheel_plays_exports_reports_and_shows_its_configuration(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONNOUSERSITE="1")
    wheels = tmp_path / "wheels"
    source = _source_copy(tmp_path / "source")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source]
    _run(pip_wheel, tmp_path, env, INSTALL_TIMEOUT_S)
    (wheel,) = wheels.glob("sensory_games-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, env)
    bin_dir = venv / ("Scripts" if sys.platform.startswith("win") else "bin")
    python, games = bin_dir / "python", bin_dir / "sensory-games"
    _run([python, "-m", "pip", "install", "-q", f"{wheel}[report]"], tmp_path, env, 600)

    away = tmp_path / "elsewhere"  # the working folder: neither the checkout nor the venv
    away.mkdir()
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "app.yaml").write_text("display: {kiosk: true}\n", encoding="utf-8")
    env["SENSORY_GAMES_CONFIG"] = str(clinic)
    where = _run([python, "-c", "import sensory_games; print(sensory_games.__file__)"], away, env)
    imported = Path(where.strip()).resolve()
    assert imported.is_relative_to(venv.resolve()), imported
    assert not imported.is_relative_to(ROOT), imported

    data = tmp_path / "data"
    autoplay = [games, "autoplay", "--headless", "--activity", "all", "--attempts", "1"]
    played = _run([*autoplay, "--seed", "3", "--data-dir", data], away, env, 300)
    saved = [line for line in played.splitlines() if line.startswith("saved attempt ")]
    levels = sum(level_counts(DEFAULT_CONFIG_DIR).values())
    assert len(saved) == levels, played  # one attempt at every level of every activity

    export = [games, "export", "--data-dir", data]
    _run([*export, "--format", "csv", "--out", away / "attempts.csv"], away, env)
    with open(away / "attempts.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(saved)
    _run([*export, "--format", "json", "--out", away / "attempts.json"], away, env)
    exported = json.loads((away / "attempts.json").read_text(encoding="utf-8"))
    child = next(p for p in exported["profiles"] if p["profile"] == "Autoplay")
    assert sum(len(session["attempts"]) for session in child["sessions"]) == len(saved)

    report = [games, "report", "--profile", "Autoplay", "--data-dir", data]
    _run([*report, "--out", away / "report.pdf"], away, env)
    assert (away / "report.pdf").read_bytes().startswith(b"%PDF")

    shown = _run([games, "config", "show"], away, env)
    assert f"clinic configuration folder: {clinic}" in shown
    kiosk = next(line for line in shown.splitlines() if "display.kiosk" in line)
    assert kiosk.split()[1:] == ["true", str(clinic / "app.yaml")]
    fps = next(line for line in shown.splitlines() if "display.fps" in line)
    assert fps.split()[1:] == ["60", "shipped", "default"]
