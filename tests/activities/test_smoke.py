"""Every registered activity, at every level, played headless by its bot."""

from __future__ import annotations

import math

import pygame
import pytest
from helpers import on_the_menu, run_frames

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.outcome import ABORT_REASONS, Result
from sensory_games.engine.scenes.play import ActivityScene

CASES = [
    (slug, level.number)
    for slug in REGISTRY
    for level in load_activity_levels(slug, DEFAULT_CONFIG_DIR)
]
#: Every 6th frame is drawn; halfway through the first seconds the window turns portrait.
DRAW_EVERY = 6
RESIZE_AT_S = 3.0


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
def test_bot_plays_every_level_to_the_end_and_the_result_is_sane(
    make_app, clock, repository, slug, level
):
    """The bot plays the level until it is saved (completed or timed out), through a
    window resize, drawing as it goes; the stored attempt matches the result."""
    app = make_app((1024, 768))
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, slug, level, seed=level)
    app.push(scene)
    bot = scene.activity.bot_class(scene.activity, seed=level, skill=0.8)
    limit = scene.activity.parameters.get("time_limit_s", 300.0) + 5.0
    frame = 0
    while scene.saved is None and frame * app.step_s < limit:
        frame += 1
        clock.advance(app.step_s)
        if frame == round(RESIZE_AT_S / app.step_s):
            app.resize((700, 1000))
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame(render=frame % DRAW_EVERY == 0)
    assert scene.saved is not None, "the level never ended"
    result = scene.saved.result
    assert_sane(result)
    [stored] = list(repository.attempts())
    assert (stored.activity, stored.level, stored.completed) == (slug, level, result.completed)
    assert stored.accuracy == result.accuracy


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_a_skilled_bot_completes_level_1(make_app, clock, repository, slug) -> None:
    from sensory_games.cli.autoplay import play_attempt

    app = make_app()
    on_the_menu(app, repository)
    record = play_attempt(app, clock, slug, 1, seed=4, skill=1.0)
    assert record.result.completed
    assert_sane(record.result)
    run_frames(app, clock, 0.1)
