"""Mirror drawing: the mirrored layout, exact two-handed traces, lag between the hands,
which contacts count, closed shapes, and the bot."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from helpers import build_activity, step, timed_out

from sensory_games.activities.bilateral.mirror import MirrorActivity
from sensory_games.activities.bilateral.mirror.activity import (
    MirrorItem,
    hand_lags_ms,
    progress_times,
)
from sensory_games.activities.shapes_in_turn import ITEM_PAUSE_S
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.geometry import resample
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
FRAME = 1 / 60
LEFT, RIGHT = 1, 2  # touch contact ids of the two hands


def make(paths: str = "vertical_line", metrics: ScreenMetrics = METRICS, **params):  # type: ignore[no-untyped-def]
    parameters = {"paths": paths, **params}
    return build_activity(MirrorActivity, parameters, metrics=metrics, dominant_hand="right")


def path(activity: MirrorActivity, hand: str, stroke: int = 0) -> np.ndarray:
    """`hand`'s copy of a stroke of the pair shown, a point every 1 mm."""
    return resample(activity.item.sides[hand].target.strokes[stroke], 1.0)


def trace_both(
    activity: MirrorActivity,
    clock: VirtualClock,
    left: np.ndarray | None,
    right: np.ndarray | None,
    right_delay: int = 0,
    lead_in: int = 20,
    lift: bool = True,
) -> float:
    """One finger per hand along the given points, one point per frame (60 mm/s at 1 mm
    spacing); the right hand starts `right_delay` frames after the left (negative: before).
    Returns the clock time of the first contact."""
    plan: dict[int, list[tuple[int, str, float, float]]] = {}
    for pid, points, start in ((LEFT, left, lead_in), (RIGHT, right, lead_in + right_delay)):
        if points is None:
            continue
        last = len(points) - 1
        for k, (x, y) in enumerate(points):
            phase = "down" if k == 0 else ("up" if k == last and lift else "move")
            plan.setdefault(start + k, []).append((pid, phase, float(x), float(y)))
    first = None
    for frame in range(max(plan) + 1):
        clock.advance(FRAME)
        for pid, phase, x, y in plan.get(frame, []):
            first = clock.now() if first is None else first
            activity.handle(PointerEvent(pid, phase, x, y, clock.now(), "touch"))  # type: ignore[arg-type]
        activity.update(FRAME)
    assert first is not None
    return first


def values(result) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {k: m.value for k, m in result.metrics.items()}


@pytest.mark.parametrize("metrics", [METRICS, ScreenMetrics(2400, 1000, 8.0)])
@pytest.mark.parametrize("shape", ["circle", "diagonal_down_right", "cross", "zigzag"])
def test_the_right_copy_is_the_mirror_image_of_the_left(shape, metrics) -> None:
    activity, _ = make(shape, metrics)
    width = metrics.width_mm
    left = activity.item.sides["left"].target.strokes
    right = activity.item.sides["right"].target.strokes
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        np.testing.assert_allclose(b[:, 0], width - a[:, 0], atol=1e-9)
        np.testing.assert_allclose(b[:, 1], a[:, 1], atol=1e-9)
    everything = np.vstack(left)
    assert everything[:, 0].max() < width / 2 < width - everything[:, 0].max()
    item = activity.score(False, "exit").target["items"][0]
    assert item["shape"] == shape
    assert item["right"][0][0] == pytest.approx([width - left[0][0][0], left[0][0][1]], abs=0.01)


@pytest.mark.parametrize("shape", ["vertical_line", "diagonal_down_right", "circle"])
def test_two_exact_traces_complete_the_pair_with_full_accuracy(shape) -> None:
    activity, clock = make(shape)
    first = trace_both(activity, clock, path(activity, "left"), path(activity, "right"))
    result = activity.result
    assert result is not None and result.completed
    item = activity.item
    assert item.completed_at is not None
    metrics = values(result)
    assert metrics["paths_completed"] == 1 and metrics["paths_total"] == 1
    assert metrics["left_accuracy"] == 1.0 and metrics["right_accuracy"] == 1.0
    required = activity.parameters["coverage_required"]
    assert metrics["left_coverage"] >= required and metrics["right_coverage"] >= required
    # (on a polyline circle the 1 mm resampling cuts its corners by a few micrometres)
    assert metrics["left_deviation_mean_mm"] == pytest.approx(0.0, abs=1e-3)
    assert metrics["right_deviation_max_mm"] == pytest.approx(0.0, abs=1e-3)
    assert metrics["left_extra_lifts"] == 0 and metrics["right_extra_lifts"] == 0
    assert metrics["left_in_air_time_s"] == 0.0 and metrics["right_in_air_time_s"] == 0.0
    assert metrics["lag_mean_ms"] == pytest.approx(0.0, abs=1e-6)
    assert result.accuracy == 1.0
    assert result.completion_time_s == pytest.approx(item.completed_at - first)
    assert activity.variant == "touch"


@pytest.mark.parametrize(
    ("shape", "delay_frames", "lag_ms"),
    [
        ("vertical_line", 12, 200.0),
        ("vertical_line", 0, 0.0),
        ("vertical_line", -12, -200.0),
        ("circle", 12, 200.0),
    ],
)
def test_lag_is_when_the_right_hand_reached_each_share_minus_the_left(
    shape, delay_frames, lag_ms
) -> None:
    activity, clock = make(shape)
    left, right = path(activity, "left"), path(activity, "right")
    trace_both(activity, clock, left, right, right_delay=delay_frames)
    result = activity.result
    assert result is not None and result.completed
    metrics = values(result)
    assert metrics["lag_mean_ms"] == pytest.approx(lag_ms, abs=1000 * FRAME)
    assert metrics["lag_mean_abs_ms"] == pytest.approx(abs(lag_ms), abs=1000 * FRAME)
    assert metrics["lag_max_ms"] == pytest.approx(abs(lag_ms), abs=1000 * FRAME)
    assert len(activity.lags_ms) == 10  # every tenth of the coverage required


@pytest.mark.parametrize(
    ("offset", "completes", "right_accuracy", "deviation"),
    [(9.0 + 3.0, False, 0.0, 12.0), (9.0 - 3.0, True, 1.0, 6.0)],
)
def test_a_trace_off_the_right_copy_lowers_only_the_right_hands_accuracy(
    offset, completes, right_accuracy, deviation
) -> None:
    activity, clock = make("vertical_line", tolerance_mm=9.0)
    right = path(activity, "right") + np.array([offset, 0.0])  # outwards, off the line
    trace_both(activity, clock, path(activity, "left"), right)
    result = activity.result if completes else activity.abort("exit")
    assert result is not None and result.completed == completes
    metrics = values(result)
    assert metrics["left_accuracy"] == 1.0
    assert metrics["right_accuracy"] == right_accuracy
    assert metrics["left_deviation_mean_mm"] == pytest.approx(0.0, abs=1e-6)
    assert metrics["right_deviation_mean_mm"] == pytest.approx(deviation)
    assert metrics["right_deviation_max_mm"] == pytest.approx(deviation)
    if not completes:
        assert metrics["paths_completed"] == 0
        assert metrics["right_coverage"] == 0.0 and metrics["left_coverage"] == 1.0
        assert result.accuracy == pytest.approx(0.5)  # as many points from each hand
        assert "lag_mean_ms" not in metrics  # the right hand reached no share at all


def test_hand_keys_are_ignored() -> None:
    activity, clock = make()
    x, y = path(activity, "left")[0]
    assert not activity.handle(PointerEvent(-1, "down", x, y, 0.5, "key", "left"))
    assert not activity.handle(PointerEvent(-1, "up", x, y, 0.6, "key", "left"))
    assert activity.item.sides["left"].contacts == []
    assert activity.hands.contacts == {} and activity.variant == "none"
    step(activity, clock, 1.0)
    result = activity.abort("exit")
    assert result.accuracy is None and "left_accuracy" not in result.metrics


def test_a_second_finger_on_the_same_half_is_ignored() -> None:
    activity, _ = make()
    left, right = path(activity, "left"), path(activity, "right")
    side = activity.item.sides["left"]
    activity.handle(PointerEvent(LEFT, "down", *left[0], 0.5, "touch"))
    covered = side.live.coverage()
    assert 0.0 < covered < 0.2
    for k, (x, y) in enumerate(left[::-1]):  # a second left finger runs up the whole line
        phase = "down" if k == 0 else "move"
        assert activity.handle(PointerEvent(3, phase, x, y, 0.6 + k * FRAME, "touch"))
    for k, (x, y) in enumerate(right):  # ... and over the right copy
        assert activity.handle(PointerEvent(3, "move", x, y, 2.0 + k * FRAME, "touch"))
    assert side.live.coverage() == covered
    assert len(side.contacts) == 1 and len(side.contacts[0].t) == 1
    assert activity.item.sides["right"].live.coverage() == 0.0
    assert activity.item.sides["right"].contacts == []


def test_a_finger_keeps_its_hand_when_it_crosses_the_middle() -> None:
    """The left finger drawn along the right copy covers nothing of it."""
    activity, clock = make()
    right = path(activity, "right")
    crossing = np.vstack((path(activity, "left")[-1:], right))
    trace_both(activity, clock, crossing, None)
    assert activity.item.sides["right"].live.coverage() == 0.0
    assert activity.item.sides["right"].contacts == []
    assert len(activity.item.sides["left"].contacts) == 1


def test_starting_a_circle_at_its_start_is_not_finishing_it() -> None:
    activity, clock = make("circle")
    required = activity.parameters["coverage_required"]
    shares = tuple(k / 10 * required for k in range(1, 11))
    left, right = path(activity, "left"), path(activity, "right")
    # both fingers down on the start (which is also the end) and wiggle there
    start = np.array([left[0], left[1], left[0], left[-2], left[0]])
    start_right = np.array([right[0], right[1], right[0], right[-2], right[0]])
    trace_both(activity, clock, start, start_right, lift=False)
    item = activity.item
    assert item.completed_at is None and activity.result is None
    side = item.sides["left"]
    assert side.progress[-1][1] < 0.15
    reached = progress_times(side, shares)
    assert reached[0] is not None and reached[2:] == [None] * 8
    assert hand_lags_ms(item, required) == [0.0]  # only the first tenth, by both together
    for pid in (LEFT, RIGHT):
        activity.handle(PointerEvent(pid, "up", *left[0], clock.now(), "touch"))
    trace_both(activity, clock, left, right)  # the whole way round
    assert activity.result is not None and activity.result.completed
    assert all(t is not None for t in progress_times(side, shares))


def test_progress_times_are_the_first_moments_coverage_reached_each_share() -> None:
    activity, _ = make()
    side = activity.item.sides["left"]
    side.progress = [(1.0, 0.1), (2.0, 0.5), (3.0, 0.9)]
    assert progress_times(side, (0.05, 0.1, 0.3, 0.85, 0.95)) == [1.0, 1.0, 2.0, 3.0, None]
    item = MirrorItem(activity.item.glyph, 0.0, activity.item.sides)
    item.sides["right"].progress = [(1.25, 0.2), (2.5, 0.6), (3.0, 0.95)]
    # shares 0.05, 0.1, ..., 0.5 (tenths of 0.5 required): the left hand reaches them at
    # 1, 1, 2, 2, 2, ...; the right at 1.25, 1.25, 1.25, 1.25, 2.5, ... (ahead at 0.15, 0.2)
    assert hand_lags_ms(item, 0.5) == pytest.approx(
        [250.0, 250.0, -750.0, -750.0, 500.0, 500.0, 500.0, 500.0, 500.0, 500.0]
    )


def test_the_next_pair_waits_and_touches_in_between_are_ignored() -> None:
    activity, clock = make("vertical_line horizontal_line")
    first = trace_both(activity, clock, path(activity, "left"), path(activity, "right"))
    done_at = activity.item.completed_at
    assert done_at is not None and activity.result is None
    assert activity.handle(PointerEvent(5, "down", 50.0, 60.0, clock.now(), "touch"))
    assert activity.item.sides["left"].contacts[-1].t[-1] < clock.now()
    step(activity, clock, ITEM_PAUSE_S - (clock.now() - done_at) - FRAME)
    assert len(activity.shown) == 1
    step(activity, clock, 2 * FRAME)
    assert len(activity.shown) == 2 and activity.item.glyph.name == "horizontal_line"
    trace_both(activity, clock, path(activity, "left"), path(activity, "right"))
    result = activity.result
    assert result is not None and result.completed
    metrics = values(result)
    assert metrics["paths_completed"] == 2
    assert metrics["left_accuracy"] == 1.0 and metrics["right_accuracy"] == 1.0
    assert result.completion_time_s == pytest.approx(activity.finished_at - first)


def test_time_limit_ends_the_attempt_quietly_with_the_pair_so_far() -> None:
    activity, clock = make(time_limit_s=10.0)
    trace_both(activity, clock, path(activity, "left")[:20], path(activity, "right")[:20])
    step(activity, clock, 10.0)
    result = timed_out(activity.result, 10.0)
    metrics = values(result)
    assert metrics["paths_completed"] == 0
    assert metrics["left_accuracy"] == 1.0 and metrics["right_accuracy"] == 1.0
    assert metrics["lag_mean_ms"] == pytest.approx(0.0, abs=1e-6)


# -- the bot, through the whole app ------------------------------------------------------


def test_a_skilled_bot_mirrors_both_paths_at_level_1(bot_result) -> None:
    result = bot_result("bilateral_mirror", 1, seed=2, skill=1.0)
    assert result.completed and result.abort_reason is None
    assert result.accuracy >= 0.8
    assert result.metrics["paths_completed"].value == 2


def test_an_unskilled_bot_lags_more_and_strays_more(bot_result) -> None:
    def figures(skill: float) -> tuple[float, float]:
        results = [bot_result("bilateral_mirror", 1, s, skill) for s in (1, 2, 3)]
        return (
            statistics.mean(r.metrics["lag_mean_abs_ms"].value for r in results),
            statistics.mean(r.accuracy for r in results),
        )

    novice_lag, novice_accuracy = figures(0.2)
    expert_lag, expert_accuracy = figures(1.0)
    assert novice_lag > 2 * expert_lag
    assert novice_accuracy < expert_accuracy - 0.1


@pytest.mark.parametrize(
    "metrics",
    [ScreenMetrics(800, 1280, 8.0), ScreenMetrics(800, 600, 10.0), ScreenMetrics(480, 800, 6.0)],
    ids=["100mm-portrait", "80x60mm", "80x133mm"],
)
def test_narrow_screens_get_small_upright_copies_inside_their_halves(metrics) -> None:
    """Every level's shapes on narrow screens: a positive size (never turned upside
    down), each copy in its own half and on screen, and both copies mirror images."""
    from sensory_games.activities import load_activity_levels
    from sensory_games.domain.config import DEFAULT_CONFIG_DIR

    for level in load_activity_levels("bilateral_mirror", DEFAULT_CONFIG_DIR):
        activity, _ = make(metrics=metrics, **{**level.parameters})
        for glyph in activity.plan:
            strokes = activity._layout(glyph)
            left, right = np.vstack(strokes["left"]), np.vstack(strokes["right"])
            assert left[:, 0].max() <= metrics.width_mm / 2 + 1e-6, glyph.name
            assert right[:, 0].min() >= metrics.width_mm / 2 - 1e-6, glyph.name
            assert left.min() >= 0 and left[:, 1].max() <= metrics.height_mm, glyph.name
            placed = glyph.layout(1.0, (0.0, 0.0))[0]
            first = strokes["left"][0]
            if len(first) > 1:  # same direction as the glyph's own first stroke: not flipped
                assert np.sign(first[-1] - first[0]) @ np.sign(placed[-1] - placed[0]) >= 0
