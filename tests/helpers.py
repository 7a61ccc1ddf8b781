"""Helpers for driving the app frame by frame with hand-built finger events."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pygame
import pytest

from sensory_games.activities import activity_class, load_activity_levels
from sensory_games.activities.base import Activity, ActivityContext, Bot
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.domain.outcome import Result
from sensory_games.engine.app import App
from sensory_games.engine.sample_clinic import bot_plays_alone
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui.input import finger_event
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.screen_matrix import SIZES, ClinicScreen, screens_of

#: How many levels tracing ships (its progression changes as it grows).
TRACING_LEVELS = len(load_activity_levels("tracing", DEFAULT_CONFIG_DIR))

#: The screen the activity tests lay out on: 1600 x 1000 px at 8 px/mm (200 x 125 mm).
TEST_SCREEN = ScreenMetrics(1600, 1000, 8.0)
#: One frame at 60 Hz (s).
FRAME_S = 1 / 60
A = TypeVar("A", bound=Activity)

#: `SENSORY_GAMES_FULL_TESTS=1` (`make test-full`): the long matrices at full strength.
FULL_TESTS = os.environ.get("SENSORY_GAMES_FULL_TESTS") == "1"


#: The window sizes (px) `make test` takes the whole app's layout check to (every screen of
#: the app, 7-25 s a size): the smallest, the shipped one, the largest and the narrowest
#: portrait; the full run (`make test-full`, and CI after `make test`) takes every size of
#: ui/screen_matrix.py.
REPRESENTATIVE_SIZES: tuple[tuple[int, int], ...] = (
    (800, 480),
    (1280, 800),
    (2560, 1600),
    (800, 1280),
)


def checked_sizes() -> tuple[tuple[int, int], ...]:
    """The window sizes a whole-app screen-matrix test checks (see REPRESENTATIVE_SIZES)."""
    assert set(REPRESENTATIVE_SIZES) <= set(SIZES)  # (the matrix may change under them)
    return SIZES if FULL_TESTS else REPRESENTATIVE_SIZES


def checked_screens(size: tuple[int, int]) -> list[ClinicScreen]:
    """The screens of `size` px a screen-matrix test checks: every density in the full run
    (`make test-full`, and CI after `make test`), else the highest: the smallest physical
    screen of that many pixels, where a layout runs out of millimetres first."""
    screens = screens_of(size)
    return screens if FULL_TESTS else [screens[-1]]


_next_finger = [100]


def run_frames(app: App, clock: VirtualClock, seconds: float, render: bool = True) -> None:
    """Advance the virtual clock frame by frame for `seconds` of game time."""
    for _ in range(round(seconds * app.fps)):
        clock.advance(app.step_s)
        app.frame(render=render)


def run_loop(app: App, monkeypatch: pytest.MonkeyPatch, frames: int) -> None:
    """Run the real-time loop (App.run, on the app's clock, the spare time between frames
    included) for `frames` frames, then close the app as the adult menu would."""
    count = 0
    real_frame = app.frame

    def counted_frame(render: bool = True) -> bool:
        nonlocal count
        count += 1
        if count > frames:
            app.quit()
            return False
        return real_frame(render)

    monkeypatch.setattr(app, "frame", counted_frame)
    monkeypatch.setattr(pygame.display, "flip", lambda: None)
    app.run()


def tap(app: App, clock: VirtualClock, x_mm: float, y_mm: float, hold_s: float = 0.1) -> None:
    """A finger tap at (x_mm, y_mm) through SDL's queue, as a child's finger would."""
    hold(app, clock, x_mm, y_mm, hold_s)


def tap_rect(app: App, clock: VirtualClock, rect: pygame.Rect) -> None:
    """Tap the centre of a pixel rectangle (a button)."""
    tap(app, clock, *app.metrics.to_mm(*rect.center))


def hold(app: App, clock: VirtualClock, x_mm: float, y_mm: float, seconds: float) -> None:
    """Keep a finger down for `seconds`, then lift it."""
    _next_finger[0] += 1
    finger = _next_finger[0]
    pygame.event.post(finger_event(app.metrics, "down", finger, x_mm, y_mm))
    run_frames(app, clock, seconds)
    pygame.event.post(finger_event(app.metrics, "up", finger, x_mm, y_mm))
    run_frames(app, clock, 2 * app.step_s)


def on_the_menu(app: App, repository: Repository) -> ActivityMenuScene:
    """Guest picks their avatar: the app shows their activity menu."""
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    menu = ActivityMenuScene(app.stage)
    app.push(menu)
    return menu


def open_activity(
    app: App, repository: Repository, slug: str, level: int, seed: int = 1
) -> ActivityScene:
    """Guest picks their avatar and opens `slug` at `level`: the usual start of a test."""
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, slug, level, seed=seed)
    app.push(scene)
    return scene


def play_alone(activity: Activity, bot: Bot, clock: VirtualClock, step_s: float = 1 / 60) -> Result:
    """The activity on its own (no app around it), played by `bot` through the pointer
    input on the virtual clock, `step_s` at a time, until it ends; its Result."""
    bot_plays_alone(activity, bot, clock, step_s)
    assert activity.result is not None
    return activity.result


def bot_plays(activity: Activity, clock: VirtualClock, seed: int, skill: float) -> Result:
    """The activity on its own played to the end by its own bot (`seed`, `skill` 0-1)."""
    return play_alone(activity, activity.bot_class(activity, seed, skill), clock)


def play_in_app(
    app: App,
    clock: VirtualClock,
    bot: Bot,
    until: Callable[[], bool],
    limit_s: float,
    render: bool = True,
) -> bool:
    """Frame by frame through the whole app, `bot`'s events posted to SDL's queue as a
    child's fingers would be, until `until()` holds (True) or `limit_s` of game time has
    gone by (False)."""
    for _ in range(round(limit_s * app.fps)):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame(render=render)
        if until():
            return True
    return False


def enter_pin(app: App, clock: VirtualClock, pin: str) -> None:
    """Type `pin` and OK on the PIN keypad on top."""
    from sensory_games.engine.scenes.pin_pad import PinPadScene

    pad = app.top
    assert isinstance(pad, PinPadScene)
    for key in [*pin, "OK"]:
        tap_rect(app, clock, next(b for b in pad.keys if b.label == key).rect)


def wait(app: App, clock: VirtualClock, seconds: float) -> None:
    """Nobody touches anything for `seconds`: the clock jumps, then a few frames run
    (for timers, not animations: the app does not catch up on skipped updates)."""
    clock.advance(seconds)
    run_frames(app, clock, 0.1, render=False)


def build_activity(
    cls: type[A],
    parameters: dict[str, Any],
    *,
    clock: VirtualClock | None = None,
    metrics: ScreenMetrics = TEST_SCREEN,
    preset_name: str = "balanced",
    channels: dict[str, float] | None = None,
    seed: int = 1,
    **context: Any,
) -> tuple[A, VirtualClock]:
    """An activity on its own, as the tests build them: `parameters` for one level, on
    `metrics`, with the sensory preset (and `channels` changed), on a virtual clock;
    `context`: the rest of ActivityContext (dominant_hand, reserved_mm, sounds...)."""
    clock = clock or VirtualClock()
    sensory = SensoryProfile(preset(preset_name, channels or {}))
    return cls(parameters, ActivityContext(clock, metrics, sensory, seed=seed, **context)), clock


def step(activity: Activity, clock: VirtualClock, seconds: float, frame_s: float = FRAME_S) -> None:
    """Run the activity alone for `seconds` of game time, frame by frame."""
    for _ in range(round(seconds / frame_s)):
        clock.advance(frame_s)
        activity.update(frame_s)


def level_parameters(slug: str, level: int) -> dict[str, Any]:
    """The parameters of `slug`'s level `level` as configs/ ships them."""
    levels = load_activity_levels(slug, DEFAULT_CONFIG_DIR)
    return next(each.parameters for each in levels if each.number == level)


def build_level(slug: str, level: int, **options: Any) -> tuple[Activity, VirtualClock]:
    """`slug` at its shipped level `level`, built as build_activity builds (`options`:
    its keywords: seed, metrics, preset_name, channels, reserved_mm...)."""
    return build_activity(activity_class(slug), level_parameters(slug, level), **options)


def result_after_spare_time(activity: Activity, clock: VirtualClock) -> Result | None:
    """The activity's Result once the frames' spare time has worked out what it queued
    (a finished shape's scores, as the real-time loop does between frames) and one more
    frame has run: the end of an attempt waits for its scores (activities/shapes_in_turn.py)."""
    while activity.context.spare_time.do_one():
        pass
    clock.advance(FRAME_S)
    activity.update(FRAME_S)
    return activity.result


def step_until(activity: Activity, clock: VirtualClock, t: float, frame_s: float = FRAME_S) -> None:
    """Run the activity alone frame by frame until the clock reads `t` (s)."""
    while clock.now() < t - 1e-9:
        clock.advance(frame_s)
        activity.update(frame_s)


def play_out(
    activity: Activity,
    clock: VirtualClock,
    until_play_s: float | None = None,
    frame_s: float = FRAME_S,
) -> None:
    """Run the activity alone frame by frame, nobody touching it, until it ends (or its
    play time, pauses left out, reaches `until_play_s` seconds)."""
    while activity.result is None and (
        until_play_s is None or activity.active_time(clock.now()) < until_play_s - 1e-9
    ):
        clock.advance(frame_s)
        activity.update(frame_s)


def timed_out(result: Result | None, after_s: float, frame_s: float = FRAME_S) -> Result:
    """`result`, checked to be an attempt the time limit ended quietly after `after_s`
    seconds (to a frame of `frame_s`): not completed, "timeout", no completion time."""
    assert result is not None
    assert (result.completed, result.abort_reason, result.completion_time_s) == (
        False,
        "timeout",
        None,
    )
    assert result.duration_s == pytest.approx(after_s, abs=frame_s)
    return result


def module_at(name: str, path: Path) -> ModuleType:
    """The module in `path` (a script of scripts/ or benchmarks/, which are not packages),
    loaded under `name`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_python(program: str, argument: Path | str, **environment: str) -> str:
    """What `program` prints, run in a fresh interpreter with `argument` as its argument
    (and `environment` over this process's)."""
    done = subprocess.run(
        [sys.executable, "-c", program, str(argument)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, **environment},
    )
    return done.stdout
