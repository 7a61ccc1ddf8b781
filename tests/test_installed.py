"""The package runs wherever it is installed: its wheel, built from this checkout and
installed (with the report extra) into a fresh virtual environment outside the checkout,
plays, exports, reports and shows its configuration from a folder outside the checkout,
importing sensory_games from that environment, never from here.

Packaging and serial (it builds and installs for a minute or so): `make test-packaging`
runs it, alone, after `make test`. The wheel's dependencies are installed the ordinary
way, from the package index pip is set up to use."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from packaged import (
    clinic_folder,
    plays_and_exports,
    run_checked,
    shows_the_clinic_configuration,
    writes_a_report,
)

pytestmark = [pytest.mark.serial, pytest.mark.packaging]

ROOT = Path(__file__).resolve().parent.parent
#: A whole build and install: a first run downloads the dependencies, later ones reuse
#: pip's cache.
INSTALL_TIMEOUT_S = 600


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
    run_checked(pip_wheel, tmp_path, env, INSTALL_TIMEOUT_S)
    (wheel,) = wheels.glob("sensory_games-*.whl")

    venv = tmp_path / "venv"
    run_checked([sys.executable, "-m", "venv", venv], tmp_path, env)
    bin_dir = venv / ("Scripts" if sys.platform.startswith("win") else "bin")
    python, games = bin_dir / "python", bin_dir / "sensory-games"
    run_checked([python, "-m", "pip", "install", "-q", f"{wheel}[report]"], tmp_path, env, 600)

    away = tmp_path / "elsewhere"  # the working folder: neither the checkout nor the venv
    away.mkdir()
    env["SENSORY_GAMES_CONFIG"] = str(clinic_folder(tmp_path))
    where = run_checked(
        [python, "-c", "import sensory_games; print(sensory_games.__file__)"], away, env
    )
    imported = Path(where.strip()).resolve()
    assert imported.is_relative_to(venv.resolve()), imported
    assert not imported.is_relative_to(ROOT), imported

    data = plays_and_exports([games], away, env)

    writes_a_report([games], away, env, data)
    shows_the_clinic_configuration([games], away, env)
