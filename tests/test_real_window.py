"""The launcher in a real X window (Xvfb), driven with xdotool; the kiosk also under a
desktop window manager (openbox), whose keys must not take the screen from the child.

Marked `display`: skipped where Xvfb or xdotool (or, for the window manager tests, openbox)
is not installed (`.ci/run` installs them when it can). Everything else in the suite runs
on SDL's dummy driver.
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
from waits import POLL_S, still_running_after, until, wait_for, wait_for_file

from sensory_games.storage.pin_store import PIN_FILE_NAME
from sensory_games.ui.widgets import CornerHold

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
    # parallel, or another X server, never collide); -noreset: an X server resets when its
    # last client leaves, and refuses the next one for that moment (the readiness check
    # below is such a client, and the window manager or the app the next)
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            "1",
            "-noreset",
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

    def answering() -> bool:
        query = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True)
        return query.returncode == 0

    wait_for(answering, 10, "Xvfb to answer")
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


#: openbox's own key bindings for what a child may press (as in its default rc.xml):
#: Super+D shows the desktop, Alt+Space opens the window menu (Iconify, Close...),
#: Alt+Tab switches windows, Alt+F4 closes the window.
OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <keyboard>
    <keybind key="W-d"><action name="ToggleShowDesktop"/></keybind>
    <keybind key="A-space"><action name="ShowMenu"><menu>client-menu</menu></action></keybind>
    <keybind key="A-Tab"><action name="NextWindow"/></keybind>
    <keybind key="A-F4"><action name="Close"/></keybind>
  </keyboard>
</openbox_config>
"""
#: The longest (s) a window taken away may take to come back (the app waits 0.25 s).
COME_BACK_S = 2.0
#: How long (s) the adult holds the top-right corner: the app asks for 3 s.
LONG_PRESS_S = CornerHold().hold_s + 0.5


@pytest.fixture
def desktop(xserver: dict[str, str], tmp_path: Path) -> Iterator[dict[str, str]]:
    """The X server with a desktop window manager running on it."""
    if not shutil.which("openbox"):
        pytest.skip("needs openbox (apt-get install openbox)")
    rc = tmp_path / "openbox-rc.xml"
    rc.write_text(OPENBOX_RC, encoding="utf-8")
    log = tmp_path / "openbox.log"
    with log.open("wb") as output:
        wm = subprocess.Popen(
            ["openbox", "--config-file", str(rc)], env=xserver, stdout=output, stderr=output
        )

    def managing() -> bool:  # (it has set the root window's current desktop)
        query = subprocess.run(["xdotool", "get_desktop"], env=xserver, capture_output=True)
        return query.returncode == 0

    assert until(managing, 10), f"openbox did not start ({wm.poll()}): {log.read_text()}"
    yield xserver
    wm.terminate()
    wm.wait(timeout=10)


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


def xdotool_ids(env: dict[str, str], *args: str) -> list[str]:
    """The window ids an xdotool command prints (none when it finds none)."""
    found = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True)
    return found.stdout.split()


def viewable(env: dict[str, str]) -> set[str]:
    """Every window on screen: the app's and its frame, and any menu or panel (the empty
    pattern matches every name, class or instance: SDL's window has a class)."""
    return set(xdotool_ids(env, "search", "--onlyvisible", ""))


def on_screen(env: dict[str, str], win: str) -> bool:
    """The window is mapped (not iconified, not hidden under "show desktop") and has the
    keyboard focus."""
    return win in viewable(env) and xdotool_ids(env, "getwindowfocus") == [win]


def settled_window(env: dict[str, str], app: subprocess.Popen, in_front: bool = True) -> str:
    """The app's window once it has shown (in front with focus, unless not `in_front`) and
    stayed the same window for a second: under Xvfb the launcher's first X window is
    replaced by another a moment after it opens (SDL setting up drawing to it)."""
    deadline = time.monotonic() + 30
    last, since = "", time.monotonic()
    while time.monotonic() < deadline:
        ids = xdotool_ids(env, "search", "--pid", str(app.pid))
        shown = ids and (on_screen(env, ids[-1]) if in_front else ids[-1] in viewable(env))
        current = ids[-1] if shown else ""
        if current != last:
            last, since = current, time.monotonic()
        elif current and time.monotonic() - since >= 1.0:
            return current
        time.sleep(POLL_S)
    raise AssertionError("the app's window did not settle on screen")


def geometry(env: dict[str, str], win: str) -> str:
    """xdotool's description of the window's place and size ("" until it is mapped)."""
    found = subprocess.run(
        ["xdotool", "getwindowgeometry", win], env=env, capture_output=True, text=True
    )
    return found.stdout if "Geometry" in found.stdout else ""


def focused(env: dict[str, str], win: str) -> bool:
    return xdotool_ids(env, "getwindowfocus") == [win]


def screen_changes(env: dict[str, str], win: str, seconds: float) -> list[str]:
    """Watch the screen for `seconds`: every moment the app's window was not in front
    with focus, or another window (a menu, the desktop) showed. Empty when it held."""
    expected, seen = viewable(env), []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = viewable(env)
        if win not in now or xdotool_ids(env, "getwindowfocus") != [win]:
            seen.append("the app's window was away or without focus")
        if now - expected:
            seen.append(f"{len(now - expected)} other window(s) showed")
        time.sleep(0.03)
    return seen


def test_windowed_launcher_opens_at_its_size_and_escape_closes_it(xserver, tmp_path) -> None:
    app = launch(xserver, tmp_path, "--windowed", "800x600")
    win = window(xserver, app)
    assert "800x600" in wait_for(lambda: geometry(xserver, win), 10, "the window to map")
    xdo(xserver, "windowfocus", "--sync", win)
    wait_for(lambda: focused(xserver, win), 10, "the window to have the keyboard focus")
    xdo(xserver, "key", "--window", win, "Escape")
    assert app.wait(timeout=20) == 0
    assert "Traceback" not in app.stderr.read()


def test_kiosk_ignores_escape_and_alt_f4_and_opens_the_adult_menu_on_a_long_press(
    xserver, tmp_path
) -> None:
    app = launch(xserver, tmp_path, "--kiosk")
    # fullscreen: keys go to the window under the pointer (no WM here)
    settled_window(xserver, app, in_front=False)
    xdo(xserver, "mousemove", str(SCREEN[0] // 2), str(SCREEN[1] // 2))
    xdo(xserver, "key", "Escape")
    xdo(xserver, "key", "alt+F4")
    assert still_running_after(app, 1.0), "a child's key press closed the kiosk"
    # The adult's way out: hold the top-right corner 3 s, the PIN (the first time: choose
    # one, twice), then "Close the app".
    xdo(xserver, "mousemove", str(SCREEN[0] - 10), "10")
    xdo(xserver, "mousedown", "1")
    time.sleep(LONG_PRESS_S)  # the press itself: the keypad opens while it is held
    xdo(xserver, "mouseup", "1")
    for _ in range(2):
        for key in [*"2580", "OK"]:
            x, y = _key_centre(key)
            xdo(xserver, "mousemove", str(x), str(y))
            xdo(xserver, "click", "1")
    wait_for_file(tmp_path / PIN_FILE_NAME, 20, "the chosen PIN to be saved")
    close_x, close_y = _close_button_centre()
    xdo(xserver, "mousemove", str(close_x), str(close_y))
    xdo(xserver, "click", "1")
    assert app.wait(timeout=20) == 0
    assert "Traceback" not in app.stderr.read()


def test_kiosk_keeps_the_screen_against_the_window_managers_keys(desktop, tmp_path) -> None:
    app = launch(desktop, tmp_path, "--kiosk")
    win = settled_window(desktop, app)
    for keys in (
        ["super+d"],  # show the desktop
        ["alt+space"],  # the window menu...
        ["Down"] * 6 + ["Return"],  # ...its "Iconify" (had it opened)
        ["alt+Tab"],
        ["alt+F4"],
        ["super+d", "Escape"],
    ):
        xdo(desktop, "key", *keys)
        assert screen_changes(desktop, win, 1.0) == [], f"after {' '.join(keys)}"
    assert app.poll() is None, "the kiosk closed"


def test_a_kiosk_window_taken_away_anyway_comes_back(desktop, tmp_path) -> None:
    app = launch(desktop, tmp_path / "kiosk", "--kiosk")
    win = settled_window(desktop, app)
    xdo(desktop, "windowminimize", win)
    assert until(lambda: on_screen(desktop, win), COME_BACK_S), "stayed minimised"
    xdo(desktop, "windowunmap", win)
    assert until(lambda: on_screen(desktop, win), COME_BACK_S), "stayed hidden"
    # another program's window opens and takes the focus
    other = launch(desktop, tmp_path / "other", "--windowed", "400x300")
    settled_window(desktop, other, in_front=False)
    assert until(lambda: on_screen(desktop, win), COME_BACK_S), "the other window kept focus"
    assert screen_changes(desktop, win, 1.0) == [], "the kiosk did not keep the focus"
    assert app.poll() is None, "the kiosk closed"


def test_a_windowed_app_leaves_the_desktop_keys_to_the_window_manager(desktop, tmp_path) -> None:
    app = launch(desktop, tmp_path, "--windowed", "800x600")
    win = settled_window(desktop, app)
    xdo(desktop, "key", "super+d")
    assert until(lambda: win not in viewable(desktop), COME_BACK_S), "Super+D did not reach openbox"
    taken_back = until(lambda: win in viewable(desktop), COME_BACK_S)
    assert not taken_back, "a windowed app took its window back"
    xdo(desktop, "key", "super+d")
    assert until(lambda: on_screen(desktop, win), COME_BACK_S)
    xdo(desktop, "key", "Escape")
    assert app.wait(timeout=20) == 0
    assert "Traceback" not in app.stderr.read()


def _metrics():  # type: ignore[no-untyped-def]
    from sensory_games.domain.config import load_app_config
    from sensory_games.ui.screen import ScreenMetrics

    config = load_app_config()
    return ScreenMetrics.for_display(SCREEN, SCREEN, config.display.screen_diagonal_in)


def _close_button_centre() -> tuple[int, int]:
    """Where the adult menu puts "Close the app" on the Xvfb screen (same layout code)."""
    from sensory_games.engine.scenes.adult_menu import menu_rects

    return menu_rects(_metrics())[-1].center


def _key_centre(key: str) -> tuple[int, int]:
    """Where the PIN keypad puts `key` on the Xvfb screen (same layout code)."""
    from sensory_games.engine.scenes.pin_pad import KEYS, key_rects

    return key_rects(_metrics())[KEYS.index(key)].center
