"""Helpers for driving the app frame by frame with hand-built finger events."""

from __future__ import annotations

from typing import Any, TypeVar

import pygame

from sensory_games.activities.base import Activity, ActivityContext, Bot
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.domain.outcome import Result
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui.input import PointerInput, finger_event
from sensory_games.ui.screen import ScreenMetrics

#: The screen the activity tests lay out on: 1600 x 1000 px at 8 px/mm (200 x 125 mm).
TEST_SCREEN = ScreenMetrics(1600, 1000, 8.0)
#: One frame at 60 Hz (s).
FRAME_S = 1 / 60
A = TypeVar("A", bound=Activity)

_next_finger = [100]


def run_frames(app: App, clock: VirtualClock, seconds: float, render: bool = True) -> None:
    """Advance the virtual clock frame by frame for `seconds` of game time."""
    for _ in range(round(seconds * app.fps)):
        clock.advance(app.step_s)
        app.frame(render=render)


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


def bot_result(
    app: App,
    clock: VirtualClock,
    repository: Repository,
    slug: str,
    level: int,
    seed: int,
    skill: float,
) -> Result:
    """Guest's attempt at `slug` played by its bot through the whole app, with the
    autoplay loop itself (until saved, or stored as timed out)."""
    from sensory_games.cli.autoplay import play_attempt

    on_the_menu(app, repository)
    return play_attempt(app, clock, slug, level, seed=seed, skill=skill).result


def play_alone(activity: Activity, bot: Bot, clock: VirtualClock, step_s: float = 1 / 60) -> Result:
    """The activity on its own (no app around it), played by `bot` through the pointer
    input on the virtual clock, `step_s` at a time, until it ends; its Result."""
    pointer_input = PointerInput(clock, activity.context.metrics)
    while activity.result is None:
        clock.advance(step_s)
        for event in bot.events(clock.now()):
            for pointer in pointer_input.translate(event, clock.now()):
                activity.handle(pointer)
        activity.update(step_s)
    return activity.result


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
