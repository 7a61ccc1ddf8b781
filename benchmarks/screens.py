"""Frame time of every screen besides the activities, for `make bench`.

Each screen is opened as the app opens it and drawn for 300 frames. A screen that moves
by itself (the check-in's faces, the reward, the calm pause, calibration, the console)
runs as it runs for a child or an adult; a still screen (menus, the PIN keypad) is drawn
at every frame, as while a finger moves on it (each move asks for a frame; the screen may
then draw only what changed).
"""

from __future__ import annotations

from collections.abc import Callable

from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.app import App
from sensory_games.engine.console.scene import ConsoleScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.calibration import CalibrationScene
from sensory_games.engine.scenes.calm_pause import CalmPauseScene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.engine.stage import Stage

FRAMES = 300
WARM_FRAMES = 30  # (fonts, sprites and gradients made, as in a running app)

#: What each screen is called in the table, and how the app opens it.
SCREENS: tuple[tuple[str, Callable[[Stage], Scene]], ...] = (
    ("reward", lambda stage: RewardScene(stage, 3, "bubbles", 0.8)),
    ("calm pause", CalmPauseScene),
    ("PIN keypad", PinPadScene),
    ("adult menu", AdultMenuScene),
    ("calibration", CalibrationScene),
    ("console: profiles", lambda stage: ConsoleScene(stage, "profiles")),
    ("console: progress", lambda stage: ConsoleScene(stage, "progress")),
)


def screen_frames(
    app: App, clock: VirtualClock, frames: int = FRAMES, again: Callable[[], Scene] | None = None
) -> list[float]:
    """Frame times (s) of the screen on top: `frames` frames after a warm-up, the loop's
    spare-time chores done between them (run.spare_time). A screen that leaves by itself
    (the reward, after its few seconds) is opened `again` each time, so every frame
    timed is its own (not the screen under it)."""
    from run import spare_time  # (benchmarks/run.py: what App.run does between frames)

    timed: list[float] = []
    screen = app.top
    for index in range(WARM_FRAMES + frames):
        if again is not None and screen not in app.scenes:
            screen = again()
            app.push(screen)
        clock.advance(app.step_s)
        if app.top is not None and not app.top.animated:
            app.window.needs_redraw = True  # (a finger moving on a still screen)
        app.frame()
        if index >= WARM_FRAMES and (again is None or app.top is screen):
            timed.append(app.frame_times_s.latest())
        spare_time(app)
    return timed


def every_screen(app: App, clock: VirtualClock) -> list[tuple[str, list[float]]]:
    """(name, frame times) of each of SCREENS, each pushed over the app's current top
    (where the app opens it) and removed afterwards; the reward, which leaves by itself,
    opened again as it leaves."""
    timed = []
    for name, make in SCREENS:
        depth = len(app.scenes)
        app.push(make(app.stage))
        again = (lambda make=make: make(app.stage)) if name == "reward" else None
        timed.append((name, screen_frames(app, clock, again=again)))
        while len(app.scenes) > depth:
            app.pop()
    return timed
