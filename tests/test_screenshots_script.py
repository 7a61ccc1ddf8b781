"""`make screenshots` keeps working: the script drives the real scenes through the same
Stage the app gives them, with the sample clinic, so a change to the engine's API shows
here, not on a developer's machine weeks later. One screen only (the whole matrix takes
minutes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pygame
from helpers import module_at

ROOT = Path(__file__).resolve().parent.parent


def screenshots(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run scripts/screenshots.py FOLDER OPTIONS headless on this checkout's package
    (PYTHONPATH: whatever the venv's install points at)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), str(folder), *options],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "SDL_VIDEODRIVER": "dummy",
            "SDL_AUDIODRIVER": "dummy",
            "PYTHONPATH": str(ROOT),
        },
        timeout=300,
        cwd=ROOT,
    )


def test_the_screenshot_script_renders_every_screen_and_a_contact_sheet(tmp_path: Path) -> None:
    done = screenshots(tmp_path, "--screen", "800x480@130dpi")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "800x480@130dpi: " in done.stdout
    shots = sorted((tmp_path / "800x480@130dpi").glob("*.png"))
    names = {shot.stem.split("-", 1)[1] for shot in shots}
    assert {"who-is-playing", "launcher", "launcher-with-a-plan", "reward", "calm-down"} <= names
    assert {"pin-keypad", "adult-menu", "sensory-settings", "timing-check"} <= names
    consoles = {"profiles", "levels", "plans", "progress", "audit"}
    assert {f"console-{page}" for page in consoles} <= names
    assert sum(name.startswith(("bilateral", "tracing", "bubbles")) for name in names) >= 10
    assert pygame.image.load(str(shots[0])).get_size() == (800, 480)
    sheet = pygame.image.load(str(tmp_path / "contact-800x480@130dpi.png"))
    assert sheet.get_width() > 1000 and sheet.get_height() > 1000  # a grid, not one shot


def test_a_screen_not_written_as_a_screen_is_refused_in_one_line(tmp_path: Path) -> None:
    done = screenshots(tmp_path, "--screen", "800x480")
    assert done.returncode == 2
    assert "'800x480': write a screen as WIDTHxHEIGHT@DPIdpi" in done.stderr
    assert "Traceback" not in done.stderr


def _script() -> ModuleType:
    return module_at("screenshots", ROOT / "scripts" / "screenshots.py")


def test_the_screens_are_shot_in_a_language_the_activities_picked_by_slug(tmp_path: Path) -> None:
    """--language zh: the clinic and every sample child speak Chinese, and the console's
    pages pick their activity by its slug (its English title is not on a Chinese page)."""
    from sensory_games.activities import REGISTRY
    from sensory_games.domain.language import words
    from sensory_games.ui.screen_matrix import ClinicScreen

    script = _script()
    (tmp_path / "work").mkdir()
    shooter = script.Shooter(
        ClinicScreen(1280, 800, 220), tmp_path / "out", tmp_path / "work", "zh"
    )
    try:
        assert shooter.app.stage.config.language == "zh"
        children = shooter.repository.list_profiles(include_archived=True)
        assert len(children) >= 40 and {child.language for child in children} == {"zh"}
        script.adult_screens(shooter)  # (an English title there: a KeyError on load)
        console = shooter.app.top
        console.show("progress")
        title = script.title_of(console.page.titles, "tracing")
        assert title == words("zh").tr(REGISTRY["tracing"].title) != REGISTRY["tracing"].title
    finally:
        shooter.close()
    names = {shot.stem.split("-", 1)[1] for shot in shooter.shots}
    assert {"console-levels", "console-progress", "console-plans"} <= names


def test_a_language_not_shipped_is_refused_in_one_line(tmp_path: Path) -> None:
    done = screenshots(tmp_path, "--language", "xx")
    assert done.returncode == 2
    assert "'xx' is not a shipped language; use one of" in done.stderr
    assert "Traceback" not in done.stderr
