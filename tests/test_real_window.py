"""The launcher in a real X window (Xvfb), driven with xdotool.

Marked `display`: skipped where Xvfb or xdotool is not installed (`.ci/run` installs them
when it can). Everything else in the suite runs on SDL's dummy driver.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1280, 800)

pytestmark = [
    pytest.mark.display,
    pytest.mark.serial,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")),
        reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)",
    ),
]


@pytest.fixture
def xserver() -> Iterator[dict[str, str]]:
    # -displayfd: Xvfb picks a free display and writes its number (tests running in
    # parallel, or another X server, never collide)
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            "1",
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    display = f":{server.stdout.readline().strip()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_VIDEO")}
    env.update(DISPLAY=display, SDL_AUDIODRIVER="dummy")
    deadline = time.monotonic() + 10
    while (
        subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode
        != 0
    ):
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.1)
    yield env
    server.terminate()
    server.wait(timeout=10)


_launched: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _close_launched_apps() -> Iterator[None]:
    """A failing test must not leave a launcher running."""
    yield
    while _launched:
        app = _launched.pop()
        if app.poll() is None:
            app.kill()
            app.wait(timeout=10)


def launch(env: dict[str, str], data: Path, *args: str) -> subprocess.Popen:
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _launched.append(app)
    return app


def window(env: dict[str, str], app: subprocess.Popen) -> str:
    """The app's X window, found by process id (SDL sets _NET_WM_PID; xdotool cannot
    match SDL's UTF-8 window title)."""
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--pid", str(app.pid)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return found.stdout.split()[-1]


def xdo(env: dict[str, str], *args: str) -> None:
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=20)


def test_windowed_launcher_opens_at_its_size_and_escape_closes_it(xserver, tmp_path) -> None:
    app = launch(xserver, tmp_path, "--windowed", "800x600")
    win = window(xserver, app)
    deadline, geometry = time.monotonic() + 10, ""
    while "Geometry" not in geometry and time.monotonic() < deadline:  # (mapped yet?)
        geometry = subprocess.run(
            ["xdotool", "getwindowgeometry", win], env=xserver, capture_output=True, text=True
        ).stdout
        time.sleep(0.1)
    assert "800x600" in geometry
    xdo(xserver, "windowfocus", "--sync", win)
    time.sleep(0.5)
    xdo(xserver, "key", "--window", win, "Escape")
    assert app.wait(timeout=20) == 0
    assert "Traceback" not in app.stderr.read()


def test_kiosk_ignores_escape_and_alt_f4_and_opens_the_adult_menu_on_a_long_press(
    xserver, tmp_path
) -> None:
    app = launch(xserver, tmp_path, "--kiosk")
    window(xserver, app)
    time.sleep(1.0)  # fullscreen: keys go to the window under the pointer (no WM here)
    xdo(xserver, "mousemove", str(SCREEN[0] // 2), str(SCREEN[1] // 2))
    xdo(xserver, "key", "Escape")
    xdo(xserver, "key", "alt+F4")
    time.sleep(1.0)
    assert app.poll() is None, "a child's key press closed the kiosk"
    # The adult's way out: hold the top-right corner 3 s, the PIN (the first time: choose
    # one, twice), then "Close the app".
    xdo(xserver, "mousemove", str(SCREEN[0] - 10), "10")
    xdo(xserver, "mousedown", "1")
    time.sleep(3.5)
    xdo(xserver, "mouseup", "1")
    time.sleep(0.5)
    for _ in range(2):
        for key in "2580", "OK":
            for press in [key] if key == "OK" else list(key):
                x, y = _key_centre(press)
                xdo(xserver, "mousemove", str(x), str(y))
                xdo(xserver, "click", "1")
                time.sleep(0.15)
        time.sleep(0.5)  # scrypt takes a moment
    close_x, close_y = _close_button_centre()
    xdo(xserver, "mousemove", str(close_x), str(close_y))
    xdo(xserver, "click", "1")
    assert app.wait(timeout=20) == 0
    assert "Traceback" not in app.stderr.read()


def _metrics():  # type: ignore[no-untyped-def]
    from sensory_games.config import load_app_config
    from sensory_games.screen import ScreenMetrics

    config = load_app_config()
    return ScreenMetrics.for_display(SCREEN, SCREEN, config.display.screen_diagonal_in)


def _close_button_centre() -> tuple[int, int]:
    """Where the adult menu puts "Close the app" on the Xvfb screen (same layout code)."""
    from sensory_games.scenes.adult_menu import menu_rects

    return menu_rects(_metrics())[-1].center


def _key_centre(key: str) -> tuple[int, int]:
    """Where the PIN keypad puts `key` on the Xvfb screen (same layout code)."""
    from sensory_games.scenes.pin_pad import KEYS, key_rects

    return key_rects(_metrics())[KEYS.index(key)].center
