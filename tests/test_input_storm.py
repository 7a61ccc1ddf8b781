"""Input storms: thousands of random touch, mouse and key events a second, up to ten
fingers at once, resizes and focus changes, on every activity (and the screens between),
through the real event queue. Nothing may raise, every saved attempt must be well-formed,
and frame times must still be measured.

`make test` storms each activity for 4 s of game time; `SENSORY_GAMES_FULL_TESTS=1`
(``make test-full``) for a minute.
"""

from __future__ import annotations

import math
import os
import random

import pygame
import pytest
from helpers import on_the_menu, run_frames

from sensory_games.activities import REGISTRY
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.input import finger_event

STORM_S = 60.0 if os.environ.get("SENSORY_GAMES_FULL_TESTS") == "1" else 4.0
#: Events posted per frame (at 60 frames a second: 2,400 a second).
EVENTS_PER_FRAME = 40
FINGERS = 10
SIZES = ((1280, 800), (800, 600), (1200, 1920), (1920, 1080), (640, 480))
KEYS = (pygame.K_a, pygame.K_l, pygame.K_SPACE, pygame.K_F2, pygame.K_RETURN, pygame.K_z)


class Storm:
    """Random input for one app: fingers that come down, wander and lift (each within
    half a second, so none holds the adult corner), mouse clicks and drags, key presses,
    window resizes and focus changes."""

    def __init__(self, app, seed: int) -> None:
        self.app = app
        self.rng = random.Random(seed)
        self.down: dict[int, tuple[float, float, float]] = {}  # finger -> (x, y, lift at)

    def events(self, now: float) -> list[pygame.event.Event]:
        rng, metrics = self.rng, self.app.metrics
        out: list[pygame.event.Event] = []
        for finger, (x, y, lift_at) in list(self.down.items()):
            if now >= lift_at:
                out.append(finger_event(metrics, "up", finger, x, y))
                del self.down[finger]
        for _ in range(EVENTS_PER_FRAME):
            kind = rng.random()
            x = rng.uniform(-5.0, metrics.width_mm + 5.0)  # a little off screen too
            y = rng.uniform(-5.0, metrics.height_mm + 5.0)
            if kind < 0.55:
                free = [f for f in range(FINGERS) if f not in self.down]
                if free and rng.random() < 0.4:
                    finger = rng.choice(free)
                    self.down[finger] = (x, y, now + rng.uniform(0.02, 0.5))
                    out.append(finger_event(metrics, "down", finger, x, y))
                elif self.down:
                    finger = rng.choice(list(self.down))
                    _, _, lift_at = self.down[finger]
                    self.down[finger] = (x, y, lift_at)
                    out.append(finger_event(metrics, "move", finger, x, y))
            elif kind < 0.8:
                pos = metrics.to_px(min(max(x, 0), metrics.width_mm), max(y, 0))
                kind_event = rng.choice(
                    (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION)
                )
                if kind_event == pygame.MOUSEMOTION:
                    out.append(
                        pygame.event.Event(kind_event, pos=pos, rel=(1, 1), buttons=(1, 0, 0))
                    )
                else:
                    out.append(pygame.event.Event(kind_event, pos=pos, button=rng.choice((1, 3))))
            elif kind < 0.97:
                key = rng.choice(KEYS)
                kind_event = rng.choice((pygame.KEYDOWN, pygame.KEYUP))
                out.append(pygame.event.Event(kind_event, key=key, mod=0, unicode="", scancode=0))
            else:
                focus = rng.choice((pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED))
                out.append(pygame.event.Event(focus))
        return out


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_a_storm_of_input_breaks_nothing(make_app, clock, repository, slug) -> None:
    app = make_app()
    on_the_menu(app, repository)
    storm = Storm(app, seed=len(slug))
    frames = round(STORM_S * app.fps)
    for frame in range(frames):
        if not isinstance(app.top, ActivityScene) or app.top.saved is not None:
            app.stack.pop_to(ActivityMenuScene)
            levels = len(app.child.levels(slug))
            app.push(ActivityScene(app.stage, slug, storm.rng.randint(1, levels), seed=frame))
        if frame % 60 == 30:
            app.resize(storm.rng.choice(SIZES))
        clock.advance(app.step_s)
        for event in storm.events(clock.now()):
            pygame.event.post(event)
        app.frame()
        assert app.running
    run_frames(app, clock, 1.0)  # let the last fingers lift and the last fades finish
    app.quit()
    times = list(app.frame_times_s)
    assert len(times) >= frames and all(math.isfinite(t) and t >= 0 for t in times)
    attempts = [a for a in repository.attempts() if a.activity == slug]
    assert attempts, "no attempt was saved"
    for attempt in attempts:
        assert attempt.duration_s >= 0
        assert attempt.accuracy is None or 0.0 <= attempt.accuracy <= 1.0
        assert attempt.completed == (attempt.abort_reason is None)
        assert attempt.abort_reason != "error"
        assert all(math.isfinite(m.value) for m in attempt.metrics.values())
