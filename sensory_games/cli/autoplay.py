"""Autoplay: bots play activities through the real scenes on a virtual clock.

Each attempt runs in the real :class:`~sensory_games.engine.scenes.play.ActivityScene`: the bot's
finger events are posted to SDL's queue and reach the activity through the same input
layer as a real finger, and the attempt is saved exactly as in play. A 60-second attempt
takes a fraction of a second. Optionally every frame is rendered and saved as PNG at a
chosen rate of game time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import AttemptRecord

#: Safety margin (s of game time) beyond an activity's own time limit.
EXTRA_TIME_S = 30.0


@dataclass(frozen=True)
class AutoplayPlan:
    """What to play: activities, levels (None = every level), attempts per level."""

    slugs: tuple[str, ...]
    level: int | None = None
    attempts: int = 1
    skill: float = 0.7
    seed: int = 1
    record_dir: Path | None = None
    record_fps: float = 10.0


class FrameRecorder:
    """Saves frame_00001.png, ... at `fps` frames per second of game time."""

    def __init__(self, folder: Path, fps: float) -> None:
        self.folder = folder
        self.period_s = 1.0 / fps
        self.count = 0
        self._next_at: float | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def due(self, now: float) -> bool:
        return self._next_at is None or now >= self._next_at - 1e-9

    def save(self, surface: pygame.Surface, now: float) -> None:
        self.count += 1
        pygame.image.save(surface, str(self.folder / f"frame_{self.count:05d}.png"))
        self._next_at = (self._next_at or now) + self.period_s


def play_attempt(
    app: App,
    clock: VirtualClock,
    slug: str,
    level: int,
    seed: int,
    skill: float,
    recorder: FrameRecorder | None = None,
    render_every_frame: bool = False,
) -> AttemptRecord:
    """Play one attempt with the activity's bot until the attempt is saved and its
    screen has closed; returns the saved record. Frames are drawn only when recorded,
    or always with `render_every_frame` (the soak test measures drawing too)."""
    scene = ActivityScene(app.stage, slug, level, seed=seed)
    app.push(scene)
    bot = scene.activity.bot_class(scene.activity, seed, skill)
    limit_s = scene.activity.parameters.get("time_limit_s", 300.0) + EXTRA_TIME_S
    deadline = clock.now() + limit_s

    def finished() -> bool:  # saved, and its reward (if any) has closed again
        return scene.saved is not None and isinstance(app.top, ActivityMenuScene)

    while not finished() and clock.now() < deadline:
        clock.advance(app.step_s)
        if scene in app.scenes:
            for event in bot.events(clock.now()):
                pygame.event.post(event)
        render = render_every_frame or (recorder is not None and recorder.due(clock.now()))
        app.frame(render=render)
        if render and recorder is not None:
            recorder.save(app.surface, clock.now())
    if scene.saved is None:  # the bot never finished: store what happened as aborted
        scene.end_early("timeout")
    app.stack.pop_to(ActivityMenuScene)
    assert scene.saved is not None
    return scene.saved


def run_autoplay(
    app: App,
    clock: VirtualClock,
    plan: AutoplayPlan,
    report: Callable[[AttemptRecord], None] = lambda attempt: None,
) -> list[AttemptRecord]:
    """Play the plan for the app's current child; `report` hears of each saved attempt."""
    recorder = FrameRecorder(plan.record_dir, plan.record_fps) if plan.record_dir else None
    if not app.scenes:
        app.push(ProfilePickerScene(app.stage))
    app.push(ActivityMenuScene(app.stage))
    played: list[AttemptRecord] = []
    index = 0
    for slug in plan.slugs:
        levels = [plan.level] if plan.level else range(1, len(app.child.levels(slug)) + 1)
        for level in levels:
            for _ in range(plan.attempts):
                record = play_attempt(
                    app, clock, slug, level, plan.seed * 1000 + index, plan.skill, recorder
                )
                index += 1
                played.append(record)
                report(record)
    return played
