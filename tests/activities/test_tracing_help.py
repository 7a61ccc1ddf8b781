"""Tracing's help after repeated failure (activities/tracing/help.py), driven frame by frame
as a struggling child would play: the guide comes back a step, the band widens x1.5, at
most twice a shape, counted in `help_given`; never when the level turns it off."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from helpers import build_activity, step

from sensory_games.activities.tracing import TracingActivity
from sensory_games.activities.tracing.help import HELP_AFTER_IDLE_S
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.geometry import resample
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.trace_layers import Guide

METRICS = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
FRAME = 1 / 60


def make(**params):  # type: ignore[no-untyped-def]
    defaults = {
        "shapes": "vertical_line",
        "size_mm": 70.0,  # (fits whole on METRICS: the band stays 8 mm)
        "tolerance_mm": 8.0,
        "demonstration": False,
        "guide": "dots",
        "pen_lift_allowed": False,
    }
    return build_activity(TracingActivity, {**defaults, **params}, metrics=METRICS)


def touch(activity: TracingActivity, clock: VirtualClock, path: np.ndarray) -> None:
    """One finger down along `path` (mm) at 100 mm/s, one sample a frame, then up."""
    points = resample(np.asarray(path, float), 100.0 * FRAME)
    for index, (x, y) in enumerate(points):
        phase = "down" if index == 0 else "move"
        activity.handle(PointerEvent(1, phase, float(x), float(y), clock.now(), "touch"))
        clock.advance(FRAME)
        activity.update(FRAME)
    x, y = points[-1]
    activity.handle(PointerEvent(1, "up", float(x), float(y), clock.now(), "touch"))


def half_way(activity: TracingActivity) -> np.ndarray:
    """The first half of the line on screen: a try that lifts too soon."""
    line = activity.item.strokes[0]
    return np.array([line[0], (line[0] + line[-1]) / 2])


def test_three_restarts_bring_the_guide_back_a_step_and_widen_the_band() -> None:
    activity, clock = make()
    item = activity.item
    for tries in range(1, 3):
        touch(activity, clock, half_way(activity))  # lifting mid-stroke restarts it
        assert (item.guide, item.target.tolerance_mm) == ("dots", 8.0), tries
    touch(activity, clock, half_way(activity))
    assert (item.guide, item.target.tolerance_mm) == ("faded", 12.0)
    assert activity.view._guides() == [Guide.of(item.strokes, 12.0, "faded")]  # painted so
    for _ in range(3):
        touch(activity, clock, half_way(activity))
    assert (item.guide, item.target.tolerance_mm) == ("full", 18.0)
    for _ in range(6):  # at most twice a shape
        touch(activity, clock, half_way(activity))
    assert (item.guide, item.target.tolerance_mm) == ("full", 18.0)
    # the wider band counts a line traced 14 mm beside the path (8 mm would not have)
    touch(activity, clock, activity.item.strokes[0] + np.array([14.0, 0.0]))
    step(activity, clock, 1.0)
    assert activity.result is not None and activity.result.completed
    assert activity.result.metrics["help_given"].value == 2


def test_no_help_when_the_level_turns_it_off() -> None:
    activity, clock = make(help_after_failures=0)
    for _ in range(9):
        touch(activity, clock, half_way(activity))
    step(activity, clock, 3 * HELP_AFTER_IDLE_S)
    assert (activity.item.guide, activity.item.target.tolerance_mm) == ("dots", 8.0)
    assert activity.help.given == 0


def test_tries_that_get_further_are_no_failures() -> None:
    activity, clock = make(shapes="square", pen_lift_allowed=True)
    square = activity.item.strokes[0]
    for a, b in pairwise(square):  # one side a touch
        assert activity.item.guide == "dots"
        touch(activity, clock, np.array([a, b]))
    step(activity, clock, 1.0)
    assert activity.result is not None
    assert activity.result.metrics["help_given"].value == 0


def test_starting_away_from_the_dot_counts_as_a_failed_try() -> None:
    activity, clock = make(start_enforced=True, help_after_failures=2)
    line = activity.item.strokes[0]
    wrong_end = np.array([line[-1], line[0]])  # from the bottom: not counted
    touch(activity, clock, wrong_end)
    assert activity.item.guide == "dots"
    touch(activity, clock, wrong_end)
    assert activity.item.guide == "faded"


def test_a_child_stuck_without_new_coverage_is_helped_after_a_while() -> None:
    activity, clock = make()
    step(activity, clock, 2 * HELP_AFTER_IDLE_S)  # not begun yet: watching, no help
    assert activity.item.guide == "dots"
    touch(activity, clock, half_way(activity))  # one failed try (1 of 3)
    step(activity, clock, HELP_AFTER_IDLE_S - 1.0)
    assert activity.item.guide == "dots"
    step(activity, clock, 2 * HELP_AFTER_IDLE_S)  # two stretches stuck: 3 of 3
    assert (activity.item.guide, activity.item.target.tolerance_mm) == ("faded", 12.0)
    assert activity.help.given == 1


def test_each_shape_starts_without_failures_or_help() -> None:
    activity, clock = make(repetitions=2)
    for _ in range(3):
        touch(activity, clock, half_way(activity))
    assert activity.item.guide == "faded"
    touch(activity, clock, activity.item.strokes[0])
    step(activity, clock, 1.5)
    assert activity.item.repetition == 1
    assert (activity.item.guide, activity.item.target.tolerance_mm) == ("dots", 8.0)
    for _ in range(2):
        touch(activity, clock, half_way(activity))
    assert activity.item.guide == "dots"  # 2 failures on this shape, not 5
