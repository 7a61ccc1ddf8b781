"""Calming, the breathing guide: patterns, adherence on exact cases, "no touch data",
cycles, the bot, and stillness at motion 0."""

from __future__ import annotations

import pygame
import pytest
from helpers import bot_plays, build_activity, play_out

from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.calming.breathing import BreathPattern, adherence
from sensory_games.activities.calming.calm_scene import LEAD_IN_S
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 8.0)


def make(motion: float = 0.5, **params) -> tuple[CalmingActivity, VirtualClock]:
    defaults = {"pattern": "4 4", "cycles": 2}
    return build_activity(CalmingActivity, {**defaults, **params}, channels={"motion": motion})


def touch(activity: CalmingActivity, pid: int, phase: str, t: float) -> None:
    x, y = activity.scene.centre_mm()
    activity.handle(PointerEvent(pid, phase, x, y, t, "touch"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        ("4 4", 1.0, (4, 0, 4, 0)),
        ("4-4-4-4", 1.0, (4, 4, 4, 4)),
        ("4 7 8", 0.5, (2, 3.5, 4, 0)),
        ("3 0 5", 1.0, (3, 0, 5, 0)),
    ],
)
def test_patterns_are_in_hold_out_hold_seconds(text, scale, expected) -> None:
    pattern = BreathPattern.parse(text, scale)
    assert (pattern.in_s, pattern.hold_in_s, pattern.out_s, pattern.hold_out_s) == expected


@pytest.mark.parametrize("text", ["", "4", "4 4 4 4 4", "0 4", "4 x", "4 30"])
def test_bad_patterns_say_what_is_allowed(text) -> None:
    with pytest.raises(SchemaError, match="in out"):
        BreathPattern.parse(text)


def test_fullness_rises_while_breathing_in_and_falls_while_breathing_out() -> None:
    pattern = BreathPattern.parse("4 2 4 2")
    assert pattern.fullness(0.0) == pytest.approx(0.0)
    assert pattern.fullness(2.0) == pytest.approx(0.5)
    assert pattern.fullness(5.0) == 1.0  # holding in
    assert pattern.fullness(8.0) == pytest.approx(0.5)
    assert pattern.fullness(11.0) == 0.0  # holding out
    assert pattern.fullness(12.0 + 2.0) == pytest.approx(0.5)  # the next breath


def test_adherence_exact_cases() -> None:
    pattern = BreathPattern.parse("4 2 4 2")  # in 0-4, hold 4-6, out 6-10, hold 10-12
    perfect = [(0.0, 4.0), (12.0, 16.0)]
    assert adherence(pattern, 0.0, 24.0, perfect).share == pytest.approx(1.0)
    always = [(0.0, 24.0)]  # touching the whole time: every in-breath, no out-breath
    assert adherence(pattern, 0.0, 24.0, always).share == pytest.approx(0.5)
    late = [(1.0, 5.0)]  # one breath, a second late: 3 of 4 s in, then right on the out
    result = adherence(pattern, 0.0, 12.0, late)
    assert result.judged_s == pytest.approx(8.0)
    assert result.matched_s == pytest.approx(3.0 + 4.0)
    assert result.share == pytest.approx(7 / 8)
    assert result.touch_s == pytest.approx(4.0)
    two_fingers = [(0.0, 4.0), (1.0, 3.0)]  # a second finger at once is the same touch
    assert adherence(pattern, 0.0, 12.0, two_fingers).share == pytest.approx(1.0)


def test_no_touch_at_all_is_no_touch_data_not_zero() -> None:
    result = adherence(BreathPattern.parse("4 4"), 0.0, 16.0, [])
    assert result.share is None and result.judged_s == pytest.approx(16.0)
    lead_in_only = adherence(BreathPattern.parse("4 4"), 1.0, 17.0, [(0.4, 0.8)])
    assert lead_in_only.share is None and lead_in_only.touch_s == 0.0


def test_following_the_phase_exactly_scores_adherence_one() -> None:
    activity, clock = make(pattern="4 2 4 2", cycles=2)
    cycle = activity.scene.pattern.cycle_s
    for k in range(2):
        start = activity.clock_time(LEAD_IN_S + k * cycle)
        play_out(activity, clock, until_play_s=LEAD_IN_S + k * cycle)
        touch(activity, k + 1, "down", start)
        play_out(activity, clock, until_play_s=LEAD_IN_S + k * cycle + 4.0)
        touch(activity, k + 1, "up", activity.clock_time(LEAD_IN_S + k * cycle + 4.0))
    play_out(activity, clock)
    result = activity.result
    assert result.completed
    assert result.accuracy == pytest.approx(1.0, abs=0.01)
    m = {k: v.value for k, v in result.metrics.items()}
    assert m["adherence"] == pytest.approx(1.0, abs=0.01)
    assert m["cycles_completed"] == 2 and m["touches"] == 2
    assert result.completion_time_s == pytest.approx(LEAD_IN_S + 2 * cycle)
    assert m["restlessness_per_min"] == pytest.approx(2 / (result.duration_s / 60), rel=0.01)


def test_a_child_who_never_touches_has_no_adherence_and_still_completes() -> None:
    activity, clock = make(cycles=1)
    play_out(activity, clock)
    result = activity.result
    assert result.completed and result.accuracy is None
    assert "adherence" not in result.metrics
    assert result.metrics["touches"].value == 0
    assert result.metrics["cycles_completed"].value == 1


def test_touches_off_the_shape_count_as_restlessness_only() -> None:
    activity, clock = make(cycles=1)
    play_out(activity, clock, until_play_s=LEAD_IN_S + 0.5)
    activity.handle(PointerEvent(5, "down", 3.0, 3.0, clock.now(), "touch"))
    activity.handle(PointerEvent(5, "up", 3.0, 3.0, clock.now() + 0.1, "touch"))
    play_out(activity, clock)
    assert activity.result.metrics["touches"].value == 1
    assert activity.result.accuracy is None


def test_an_early_exit_keeps_the_breaths_done_so_far() -> None:
    activity, clock = make(pattern="2 2", cycles=5)
    play_out(activity, clock, until_play_s=LEAD_IN_S + 2 * 4.0 + 1.0)
    result = activity.abort("calm_down")
    assert result.metrics["cycles_completed"].value == 2
    assert result.completion_time_s is None and result.abort_reason == "calm_down"


def test_at_motion_0_the_shape_keeps_its_size() -> None:
    """Only the colour breathes: the shape covers the same pixels full and empty."""
    sizes = []
    for fullness_time in (0.0, 4.0):  # empty, then full
        activity, clock = make(motion=0.0, pattern="4 2 4 2")
        play_out(activity, clock, until_play_s=LEAD_IN_S + fullness_time)
        surface = pygame.Surface(METRICS.size_px)
        activity.draw(surface)
        background = surface.get_at((5, METRICS.height_px // 2))
        mask = pygame.mask.from_threshold(surface, background, (3, 3, 3, 255))
        sizes.append(METRICS.width_px * METRICS.height_px - mask.count())
    assert sizes[0] == pytest.approx(sizes[1], rel=0.01)


@pytest.mark.parametrize("skill", [1.0, 0.2])
def test_the_bot_follows_the_breath_with_its_skill(skill) -> None:
    scores = []
    for seed in (1, 2, 3):
        activity, clock = make(pattern="4 4", cycles=4)
        result = bot_plays(activity, clock, seed, skill)
        scores.append(result.accuracy or 0.0)
    mean = sum(scores) / 3
    if skill == 1.0:
        assert mean > 0.95
    else:
        assert mean < 0.9
