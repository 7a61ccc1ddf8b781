"""The reward composes a frame that changes much of the screen (its pictures fading a
step, a glow step) in the spare time before it, and that frame copies it whole: every
frame shows the very pixels the reward draws without it (engine/scenes/reward.py,
ui/layer.py), however the spare time falls, and the composed frame (one screen-sized
surface) goes when the reward is covered or ends."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pygame
import pytest
from helpers import on_the_menu

from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.ui.damage import MovingParts

SIZE = (960, 600)

#: How the spare time falls after frame i: (how many chores, None: all; the seconds that
#: pass between the frame and its chores).
Schedule = Callable[[int], tuple[int | None, float]]
SCHEDULES: dict[str, Schedule] = {
    "every chore at once": lambda i: (None, 0.0),
    "one chore a frame": lambda i: (1, 0.0),
    "chores every third frame": lambda i: (None if i % 3 == 0 else 0, 0.0),
    "chores late, near the next frame": lambda i: (None, 0.014),
}
#: Frame i comes this many update steps after the one before (a loop's uneven pace: the
#: frame composed ahead is then for another moment than the one that comes).
PACES = {"even": lambda i: 1.0, "uneven": lambda i: (0.6, 1.4, 2.0)[i % 3]}


def reward_frames(app, clock, schedule: Schedule, pace) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """The screen after each frame of one reward (seed 3, bubbles, accuracy 0.9), the
    loop's spare-time chores run between frames as `schedule` says, at `pace`."""
    scene = RewardScene(app.stage, 3, "bubbles", 0.9)
    app.push(scene)
    frames = []
    for index in range(10_000):
        chores, late = schedule(index)
        gap = app.step_s * pace(index)
        late = min(late, 0.9 * gap)  # (late in this frame's own gap)
        clock.advance(gap - late)
        if not app.frame() or scene is not app.top:
            break
        frames.append(pygame.surfarray.array3d(app.surface).copy())
        clock.advance(late)
        for _ in range(10_000 if chores is None else chores):
            if not app.spare_time_chore():
                break
    app.stack.pop_to(ActivityMenuScene)
    while app.spare_time_chore():
        pass
    return frames


@pytest.fixture
def alerting_app(make_app, repository):  # type: ignore[no-untyped-def]
    """The app on an alerting child's menu (a glow, many companions)."""
    alerting = repository.add_profile(alias="Ada", intensity_preset="alerting")
    app = make_app(SIZE)
    on_the_menu(app, repository)
    app.stage.start_session(alerting)
    app.push(ActivityMenuScene(app.stage))
    return app


@pytest.mark.parametrize("pace", list(PACES))
@pytest.mark.parametrize("schedule", list(SCHEDULES))
def test_frames_copied_from_ahead_show_what_the_reward_draws(
    alerting_app, clock, monkeypatch, schedule: str, pace: str
) -> None:  # type: ignore[no-untyped-def]
    copies: list[int] = []
    copied_whole = MovingParts.copied_whole

    def counted(self, *args):  # type: ignore[no-untyped-def]
        copies.append(1)
        copied_whole(self, *args)

    monkeypatch.setattr(MovingParts, "copied_whole", counted)
    with monkeypatch.context() as nothing_ahead:
        nothing_ahead.setattr(  # (its chore does nothing but say it ran)
            RewardScene, "_compose_next", lambda self, _: setattr(self, "_next_asked", False)
        )
        reward_frames(alerting_app, clock, SCHEDULES[schedule], PACES[pace])  # (caches filled)
        clock.advance(2.0)  # (the flash guard's second has passed: the next reward glows too)
        drawn = reward_frames(alerting_app, clock, SCHEDULES[schedule], PACES[pace])
    assert not copies  # (nothing composed ahead: every frame drawn in it)
    clock.advance(2.0)
    copied = reward_frames(alerting_app, clock, SCHEDULES[schedule], PACES[pace])
    assert len(copies) >= 5  # (the fades in and out, and the glow's steps)
    # (the same moments of each reward: its last frame may fall either side of its end)
    assert abs(len(copied) - len(drawn)) <= 1 and len(drawn) > 50
    for number, (one, other) in enumerate(zip(drawn, copied, strict=False)):
        assert (one == other).all(), f"frame {number}"


def test_the_frame_ahead_goes_when_the_reward_is_covered_or_ends(alerting_app, clock) -> None:  # type: ignore[no-untyped-def]
    """The calm button pressed during the reward covers it with the calm screen: the frame
    composed ahead (8 MB at 1920x1080) goes, as a covered screen's still layer does
    (ChildScene.pause), not kept under the calm screen's own layers; and when the reward
    ends (found by the review of this change)."""
    app = alerting_app
    scene = RewardScene(app.stage, 3, "bubbles", 0.9)
    app.push(scene)

    def frame() -> None:
        clock.advance(app.step_s)
        app.frame()
        while app.spare_time_chore():
            pass

    while scene._ahead.surface is None:  # (the fade in: a frame composed ahead)
        frame()
    scene.calm_down()
    frame()
    assert scene in app.scenes and app.top is not scene
    assert scene._ahead.surface is None
    app.stack.pop_to(ActivityMenuScene)  # (the calm pause, then the reward, leave)
    frame()
    assert scene not in app.scenes and scene._ahead.surface is None
