"""The one-folder standalone build (packaging/sensory-games.spec, `make bundle`) runs on
its own: from a folder outside the checkout, with PYTHONPATH unset and a fresh home
folder, the bundled program says its build, shows its first frame, plays every level
headless, exports CSV and JSON, writes a report, refuses a look-alike alias (Unicode's
confusables data inside the bundle), checks the device and shows its configuration.

Packaging and serial (a build takes a minute or so): `make test-packaging` runs it. It
reuses dist/sensory-games when that is newer than every file it is built from, else
builds it there, as `make bundle` does."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import packaged
import pytest

from sensory_games import __version__
from sensory_games.activities import level_counts
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.services.doctor import Status
from sensory_games.version import checkout_label

pytestmark = [pytest.mark.serial, pytest.mark.packaging]

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "sensory-games.spec"
BUNDLE = ROOT / "dist" / "sensory-games"
PROGRAM = BUNDLE / ("sensory-games.exe" if sys.platform.startswith("win") else "sensory-games")
#: What the bundle is built from: a change to any of these makes the test build it again.
SOURCES = (ROOT / "main.py", ROOT / "pyproject.toml", SPEC, ROOT / "sensory_games")
#: A whole PyInstaller build on a 2-core machine (it takes about a minute).
BUILD_TIMEOUT_S = 900
#: What `make bundle` runs (from the checkout's top folder: dist/ and build/ there).
BUILD = ["-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", SPEC]


def _newest_source() -> float:
    """The newest modification time (s since the epoch) of the files the bundle is built
    from, caches aside."""
    files = [
        file
        for source in SOURCES
        for file in ([source] if source.is_file() else source.rglob("*"))
        if file.is_file() and "__pycache__" not in file.parts
    ]
    return max(file.stat().st_mtime for file in files)


@pytest.fixture(scope="module")
def program() -> Path:
    """The bundled program, built now unless dist/sensory-games is up to date."""
    if not (PROGRAM.is_file() and PROGRAM.stat().st_mtime > _newest_source()):
        packaged.run_checked([sys.executable, *BUILD], ROOT, dict(os.environ), BUILD_TIMEOUT_S)
    assert PROGRAM.is_file(), f"the build made no {PROGRAM}"
    return PROGRAM


@pytest.fixture
def device(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """(working folder, environment) of a device that has only the bundle: the folder is
    outside the checkout; no PYTHONPATH, virtual environment or app settings; a fresh
    home folder (so fresh user configuration and data folders); no display."""
    away, home = tmp_path / "elsewhere", tmp_path / "home"
    away.mkdir()
    home.mkdir()
    unset = ("PYTHON", "VIRTUAL_ENV", "XDG_", "SENSORY_GAMES_", "APPDATA", "LOCALAPPDATA")
    env = {key: value for key, value in os.environ.items() if not key.startswith(unset)}
    env.update(HOME=str(home), USERPROFILE=str(home))
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return away, env


def test_the_bundle_says_its_build_starts_plays_exports_and_reports(
    program: Path, device: tuple[Path, dict[str, str]]
) -> None:
    away, env = device
    said = packaged.run_checked([program, "--version"], away, env).strip()
    if checkout_label(ROOT) is None:
        assert said == f"sensory-games {__version__}"
    else:  # the spec wrote the commit into the bundle's sensory_games/_build.py
        assert re.fullmatch(
            rf"sensory-games {re.escape(__version__)}\+g[0-9a-f]{{7}}(\.dirty)?", said
        )
    packaged.run_checked([program, "--exit-after-first-frame"], away, env)

    data = packaged.plays_and_exports([program], away, env)
    exported = json.loads((away / "attempts.json").read_text(encoding="utf-8"))
    assert f"sensory-games {exported['app_version']}" == said  # every attempt names the build
    packaged.writes_a_report([program], away, env, data)


def test_the_bundle_refuses_a_look_alike_alias(
    program: Path, device: tuple[Path, dict[str, str]]
) -> None:
    away, env = device
    add = [program, "profiles", "--data-dir", away / "data", "add"]
    packaged.run_checked([*add, "Sam"], away, env)
    refused = packaged.run_plainly([*add, "\u0405am"], away, env)  # a Cyrillic DZE for the S
    assert refused.returncode == 2
    assert "looks like 'Sam'" in refused.stderr


def test_the_bundle_checks_the_device_and_shows_its_configuration(
    program: Path, device: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    away, env = device
    checked = packaged.run_plainly([program, "doctor"], away, env)
    assert checked.returncode in (0, 1), checked.stderr  # 1: something to fix on this machine
    *findings, verdict = checked.stdout.splitlines()
    assert findings and all(line.split()[0] in {s.value for s in Status} for line in findings)
    config = next(line for line in findings if line.split()[1] == "config")
    activities = len(level_counts(DEFAULT_CONFIG_DIR))
    assert config.startswith("OK") and f"{activities} activities" in config, config
    assert verdict.startswith(("ready", "not ready")), verdict

    shown = packaged.run_checked([program, "config", "show"], away, env)
    home_config = Path(env["HOME"]) / ".config" / "sensory_games"
    if sys.platform.startswith("linux"):
        assert f"clinic configuration folder: {home_config}" in shown
    env["SENSORY_GAMES_CONFIG"] = str(packaged.clinic_folder(tmp_path))
    packaged.shows_the_clinic_configuration([program], away, env)
