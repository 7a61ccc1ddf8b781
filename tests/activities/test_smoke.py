"""Every registered activity, at every level, played headless by its bot."""

from __future__ import annotations

import math

import pytest
from helpers import run_frames

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.activities.base import ABORT_REASONS, Result
from sensory_games.config import DEFAULT_CONFIG_DIR
from sensory_games.scenes.activity_menu import ActivityMenuScene
from sensory_games.scenes.play import ActivityScene
from sensory_games.scenes.profile_picker import ProfilePickerScene

CASES = [
    (slug, level.number)
    for slug in REGISTRY
    for level in load_activity_levels(slug, DEFAULT_CONFIG_DIR)
]
FRAMES = 300  # 5 s of game time, every frame drawn


def assert_sane(result: Result) -> None:
    assert result.duration_s >= 0
    if result.completed:
        assert 0 <= result.completion_time_s <= result.duration_s + 1e-9
    else:
        assert result.abort_reason in ABORT_REASONS and result.completion_time_s is None
    assert result.accuracy is None or 0.0 <= result.accuracy <= 1.0
    for name, metric in result.metrics.items():
        assert math.isfinite(metric.value) and metric.unit, name


@pytest.mark.parametrize(("slug", "level"), CASES)
def test_bot_plays_every_level_and_the_result_is_sane(
    make_app, clock, repository, slug, level
) -> None:
    app = make_app((1024, 768))
    app.push(ProfilePickerScene(app))
    app.start_session(repository.guest_profile())
    app.push(ActivityMenuScene(app))
    scene = ActivityScene(app, slug, level, seed=level)
    app.push(scene)
    bot = scene.activity.bot_class(scene.activity, seed=level, skill=0.8)
    import pygame

    for _ in range(FRAMES):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame()
    if scene.saved is None:
        scene.end_early("exit")
    assert_sane(scene.saved.result)
    [stored] = list(repository.attempts())
    assert stored.activity == slug and stored.level == level


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_a_skilled_bot_completes_level_1(make_app, clock, repository, slug) -> None:
    from sensory_games.autoplay import play_attempt

    app = make_app()
    app.push(ProfilePickerScene(app))
    app.start_session(repository.guest_profile())
    app.push(ActivityMenuScene(app))
    record = play_attempt(app, clock, slug, 1, seed=4, skill=1.0)
    assert record.result.completed
    assert_sane(record.result)
    run_frames(app, clock, 0.1)
