"""Tracing: exact cases for completion, enforcement rules, handedness, and the bot."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import bot_plays, build_activity, build_level, step

from sensory_games.activities import load_activity_levels
from sensory_games.activities.tracing import TracingActivity
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import DEFAULT_CONFIG_DIR, ConfigError
from sensory_games.domain.geometry import resample
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
FRAME = 1 / 60


def make(hand: str = "right", **params):  # type: ignore[no-untyped-def]
    defaults = {
        "shapes": "vertical_line",
        "size_mm": 80.0,
        "tolerance_mm": 8.0,
        "demonstration": False,
    }
    return build_activity(TracingActivity, {**defaults, **params}, dominant_hand=hand)


def trace(
    activity: TracingActivity,
    clock: VirtualClock,
    path: np.ndarray,
    pointer: int = 1,
    speed_mm_s: float = 100.0,
    lift: bool = True,
    offset: tuple[float, float] = (0.0, 0.0),
) -> None:
    """Move a finger along `path` (mm) at `speed_mm_s`, one sample per frame."""
    points = resample(np.asarray(path, float), speed_mm_s * FRAME) + np.asarray(offset)
    for index, (x, y) in enumerate(points):
        phase = "down" if index == 0 else "move"
        activity.handle(PointerEvent(pointer, phase, float(x), float(y), clock.now(), "touch"))
        clock.advance(FRAME)
        activity.update(FRAME)
    if lift:
        x, y = points[-1]
        activity.handle(PointerEvent(pointer, "up", float(x), float(y), clock.now(), "touch"))


def test_tracing_the_line_exactly_completes_with_perfect_scores() -> None:
    activity, clock = make()
    step(activity, clock, 0.5)
    trace(activity, clock, activity.item.strokes[0])
    result = activity.result
    assert result is not None and result.completed
    assert result.accuracy == pytest.approx(1.0)
    assert result.metrics["coverage"].value >= 0.95
    assert result.metrics["deviation_max_mm"].value < 0.05
    assert result.metrics["pen_lifts"].value == 0
    assert result.metrics["direction_errors"].value == 0
    # completion time runs from the first touch, not from when the screen opened
    assert result.completion_time_s == pytest.approx(80 * 0.95 / 100, abs=0.1)
    assert result.duration_s >= result.completion_time_s + 0.5 - 0.05


def test_leaving_the_band_is_counted_but_the_child_can_carry_on() -> None:
    activity, clock = make()
    line = activity.item.strokes[0]
    trace(activity, clock, line[:, :] * [1, 1], offset=(12.0, 0.0))  # beside the band
    assert activity.result is None and activity.item.live.coverage() == 0.0
    trace(activity, clock, line, pointer=2)
    result = activity.result
    assert result is not None and result.completed
    assert 0.3 < result.accuracy < 0.7  # half the contact path was outside
    assert result.metrics["pen_lifts"].value == 1


def test_a_trace_must_begin_at_the_start_dot_when_enforced() -> None:
    activity, clock = make(start_enforced=True)
    line = activity.item.strokes[0]
    trace(activity, clock, line[::-1], pointer=1)  # from the wrong end: does not count
    assert activity.result is None and activity.item.live.coverage() == 0.0
    trace(activity, clock, line, pointer=2)
    assert activity.result is not None and activity.result.completed


def test_strokes_count_only_in_writing_order_when_enforced() -> None:
    activity, clock = make(shapes="cross", order_enforced=True)
    vertical, horizontal = activity.item.strokes
    trace(activity, clock, horizontal, pointer=1)
    assert activity.item.live.stroke_coverage(1) == 0.0
    trace(activity, clock, vertical, pointer=2)
    trace(activity, clock, horizontal, pointer=3)
    result = activity.result
    assert result is not None and result.completed
    assert result.metrics["stroke_order_errors"].value == 1  # the first try was out of order


def test_without_pen_lifts_a_lift_mid_stroke_starts_the_stroke_again() -> None:
    activity, clock = make(pen_lift_allowed=False)
    line = activity.item.strokes[0]
    trace(activity, clock, np.vstack((line[0], line.mean(axis=0))))  # half, then lift
    assert activity.item.live.coverage() == 0.0
    trace(activity, clock, line, pointer=2)
    assert activity.result is not None and activity.result.completed
    allowed, clock2 = make(pen_lift_allowed=True)
    line = allowed.item.strokes[0]
    trace(allowed, clock2, np.vstack((line[0], line.mean(axis=0))))
    assert allowed.item.live.coverage() > 0.4


def test_a_touch_during_the_demonstration_skips_it() -> None:
    activity, clock = make(demonstration=True)
    assert activity.demo_point(clock.now()) is not None
    step(activity, clock, 0.3)
    activity.handle(PointerEvent(1, "down", 10.0, 10.0, clock.now(), "touch"))
    assert activity.demo_point(clock.now()) is None


def test_left_handed_children_pull_horizontal_lines_from_the_right() -> None:
    right, _ = make(shapes="horizontal_line vertical_line", hand="right")
    left, _ = make(shapes="horizontal_line vertical_line", hand="left")
    assert right.variant == "right-handed" and left.variant == "left-handed"
    r_line, l_line = right.item.strokes[0], left.item.strokes[0]
    assert r_line[0][0] < r_line[-1][0] and l_line[0][0] > l_line[-1][0]
    forced, _ = make(shapes="vertical_line", hand="left", handedness="right")
    assert forced.variant == "right-handed"


def test_guide_fades_over_repetitions() -> None:
    activity, clock = make(repetitions=4, fade_guide=True)
    guides = []
    for _ in range(4):
        guides.append(activity.item.guide)
        trace(activity, clock, activity.item.strokes[0])
        step(activity, clock, 1.1)
    assert guides == ["full", "faded", "dots", "none"]
    assert activity.result is not None and activity.result.completed
    assert activity.result.metrics["shapes_completed"].value == 4


def test_timeout_keeps_partial_metrics_and_the_target() -> None:
    activity, clock = make(shapes="circle cross", time_limit_s=10.0)
    trace(activity, clock, activity.item.strokes[0][:20])
    step(activity, clock, 10.0)
    result = activity.result
    assert result is not None and result.abort_reason == "timeout"
    assert 0 < result.metrics["coverage"].value < 0.5
    assert result.target["kind"] == "trace"
    assert result.target["items"][0]["shape"] == "circle"
    assert len(result.target["items"][0]["strokes"][0]) > 10


def test_key_presses_are_not_tracing() -> None:
    activity, _ = make()
    assert not activity.handle(PointerEvent(-1, "down", 100.0, 50.0, 0.1, "key", "left"))
    assert not activity.item.contacts


def test_a_resize_lays_the_shape_out_again_and_it_starts_over() -> None:
    activity, clock = make()
    line = activity.item.strokes[0]
    trace(activity, clock, np.vstack((line[0], line.mean(axis=0))), lift=False)
    assert activity.item.live.coverage() > 0.3
    activity.resize(ScreenMetrics(800, 1200, 8.0))
    assert activity.item.live.coverage() == 0.0
    assert activity.item.strokes[0][:, 0].max() < 100.0  # centred on the narrower screen


def test_the_shipped_levels_run_from_a_line_to_lower_case_from_a_faded_guide() -> None:
    levels = load_activity_levels("tracing", DEFAULT_CONFIG_DIR)
    assert len(levels) >= 6
    assert levels[0].parameters["shapes"] == "vertical_line"
    traced = [each.parameters for each in levels if each.parameters["mode"] == "trace"]
    last = [shapes for shapes in traced if shapes["shapes"] != "name"][-1]
    assert last["fade_guide"] and all(name.islower() for name in last["shapes"].split())


def test_an_unknown_shape_in_a_level_file_is_a_clear_config_error(config_copy) -> None:
    file = config_copy / "activities" / "tracing.yaml"
    file.write_text(file.read_text().replace("shapes: circle cross", "shapes: circle crosss"))
    with pytest.raises(
        ConfigError,
        match=r"levels\[3\]\.shapes = 'circle crosss': 'crosss' "
        r"is not a shape",
    ):
        load_activity_levels("tracing", config_copy)


def _bot_scores(skill: float, seeds: range) -> list:  # type: ignore[type-arg]
    results = []
    for seed in seeds:
        activity, clock = build_level("tracing", 1, seed=seed)
        results.append(bot_plays(activity, clock, seed, skill))
    return results


def test_a_skilled_bot_traces_level_1_accurately_and_a_novice_clearly_worse() -> None:
    expert = _bot_scores(0.9, range(8))
    novice = _bot_scores(0.2, range(8))
    assert all(r.completed for r in expert)
    expert_accuracy = np.mean([r.accuracy for r in expert])
    expert_coverage = np.mean([r.metrics["coverage"].value for r in expert])
    assert expert_accuracy >= 0.85 and expert_coverage >= 0.95
    novice_accuracy = np.mean([r.accuracy for r in novice])
    assert novice_accuracy < expert_accuracy - 0.1
    assert np.mean([r.metrics["deviation_mean_mm"].value for r in novice]) > 2 * np.mean(
        [r.metrics["deviation_mean_mm"].value for r in expert]
    )


def test_a_resting_palm_lifting_does_not_restart_the_traced_stroke() -> None:
    activity, clock = make(pen_lift_allowed=False)
    line = activity.item.strokes[0]
    activity.handle(PointerEvent(9, "down", 20.0, 110.0, clock.now(), "touch"))  # the palm
    trace(activity, clock, np.vstack((line[0], line.mean(axis=0))), pointer=1, lift=False)
    covered = activity.item.live.coverage()
    activity.handle(PointerEvent(9, "up", 20.0, 110.0, clock.now(), "touch"))
    assert covered > 0.3 and activity.item.live.coverage() == covered
