"""`make screenshots` keeps working: the script drives the real scenes through the same
Stage the app gives them, so a change to the engine's API shows here, not on a
developer's machine weeks later."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_screenshot_script_renders_every_screen_at_one_size(tmp_path: Path) -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), str(tmp_path), "800x480"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shots = sorted(p.name for p in (tmp_path / "800x480").glob("*.png"))
    assert "1-who-is-playing.png" in shots and "6-adult-menu.png" in shots
    assert sum(name.startswith("3-") for name in shots) >= 10  # every activity's screens
