"""The reward composes a frame that changes much of the screen (its pictures fading a
step, a glow step) in the spare time before it, and that frame copies it whole: every
frame shows the very pixels the reward draws without it (engine/scenes/reward.py,
ui/layer.py)."""

from __future__ import annotations

import numpy as np
import pygame
from helpers import on_the_menu

from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.ui.damage import MovingParts

SIZE = (960, 600)


def reward_frames(app, clock) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """The screen after each frame of one reward (seed 3, bubbles, accuracy 0.9), the
    loop's spare-time chores run between frames."""
    scene = RewardScene(app.stage, 3, "bubbles", 0.9)
    app.push(scene)
    frames = []
    while True:
        clock.advance(app.step_s)
        if not app.frame() or scene is not app.top:
            break
        frames.append(pygame.surfarray.array3d(app.surface).copy())
        while app.spare_time_chore():
            pass
    app.stack.pop_to(ActivityMenuScene)
    return frames


def test_frames_copied_from_ahead_show_what_the_reward_draws(
    make_app, clock, repository, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    alerting = repository.add_profile(alias="Ada", intensity_preset="alerting")
    app = make_app(SIZE)
    on_the_menu(app, repository)
    app.stage.start_session(alerting)  # (alerting: a glow, many companions)
    app.push(ActivityMenuScene(app.stage))
    copies: list[int] = []
    copied_whole = MovingParts.copied_whole

    def counted(self, *args):  # type: ignore[no-untyped-def]
        copies.append(1)
        copied_whole(self, *args)

    monkeypatch.setattr(MovingParts, "copied_whole", counted)
    with monkeypatch.context() as nothing_ahead:
        nothing_ahead.setattr(RewardScene, "_compose_next", lambda self, screen: None)
        reward_frames(app, clock)  # (the first one fills caches the next ones find full)
        clock.advance(2.0)
        drawn = reward_frames(app, clock)
    assert not copies  # (nothing composed ahead: every frame drawn in it)
    clock.advance(2.0)  # (the flash guard's second has passed: the next reward glows too)
    copied = reward_frames(app, clock)
    assert len(copies) >= 10  # (the fades in and out, and the glow's steps)
    # (the same moments of each reward: its last frame may fall either side of its end)
    assert abs(len(copied) - len(drawn)) <= 1 and len(drawn) > 100
    for number, (one, other) in enumerate(zip(drawn, copied, strict=False)):
        assert (one == other).all(), f"frame {number}"
