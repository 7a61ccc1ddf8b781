"""Hold and move: jar side, dragging only while the jar is held, placing, jar releases,
keys with a mouse, and the bot."""

from __future__ import annotations

import statistics

import pytest
from helpers import build_activity, step, timed_out

from sensory_games.activities.bilateral.hold import HoldAndMoveActivity
from sensory_games.activities.bilateral.hold.activity import NEXT_ITEM_S
from sensory_games.activities.bilateral.two_handed import TOUCH_SLOP_MM
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.geometry import circle_hits_rect
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
FRAME = 1 / 60
JAR, MOVER, OTHER_MOVER = 1, 2, 3  # touch contact ids


def make(hand: str = "right", seed: int = 1, reserved_mm=(), **params):  # type: ignore[no-untyped-def]
    activity, clock = build_activity(
        HoldAndMoveActivity,
        {"items": 1, **params},
        seed=seed,
        dominant_hand=hand,
        reserved_mm=list(reserved_mm),
    )
    step(activity, clock, FRAME)  # the first thing appears on the first frame
    return activity, clock


def event(pid: int, phase: str, xy: tuple[float, float], t: float, source: str = "touch"):  # type: ignore[no-untyped-def]
    return PointerEvent(pid, phase, xy[0], xy[1], t, source)  # type: ignore[arg-type]


def hold_jar(activity: HoldAndMoveActivity, clock: VirtualClock, phase: str = "down") -> None:
    activity.handle(event(JAR, phase, activity.jar_centre_mm, clock.now()))


def beside_jar(activity: HoldAndMoveActivity, dx: float) -> tuple[float, float]:
    """A point `dx` mm from the jar's centre, towards the middle of the screen."""
    x, y = activity.jar_centre_mm
    return (x + dx if activity.jar_hand == "left" else x - dx, y)


@pytest.mark.parametrize(
    ("dominant", "jar_side", "jar_hand"),
    [
        ("right", "auto", "left"),
        ("left", "auto", "right"),
        ("unknown", "auto", "left"),
        ("right", "right", "right"),
        ("left", "left", "left"),
    ],
)
def test_the_jar_goes_on_the_non_dominant_side_unless_told(dominant, jar_side, jar_hand) -> None:
    activity, _ = make(hand=dominant, jar_side=jar_side)
    assert activity.jar_hand == jar_hand
    assert activity.mover_hand == ("right" if jar_hand == "left" else "left")
    assert activity.jar_centre_mm == activity.centres_mm()[jar_hand]
    assert activity.jar_centre_mm == ((33.0, 66.5) if jar_hand == "left" else (167.0, 66.5))
    item = activity.item
    assert item is not None
    assert (item.x_mm > 100.0) == (jar_hand == "left")  # things appear on the mover's half
    assert activity.score(False, "exit").target["jar_hand"] == jar_hand


def test_dragging_with_the_jar_held_moves_the_thing_and_dropping_it_in_places_it() -> None:
    activity, clock = make()
    item = activity.item
    assert item is not None
    appeared = item.appeared_at
    step(activity, clock, 0.5)
    jar_from = clock.now()
    hold_jar(activity, clock)
    step(activity, clock, 0.2)
    # grab 4 mm off the centre: the thing keeps that offset from the finger
    activity.handle(event(MOVER, "down", (item.x_mm + 4.0, item.y_mm), clock.now()))
    step(activity, clock, 0.2)
    activity.handle(event(MOVER, "move", (124.0, 70.0), clock.now()))
    assert item.position_mm == pytest.approx((120.0, 70.0))
    step(activity, clock, 0.2)
    outside = beside_jar(activity, activity.target_radius_mm() + 0.5)
    activity.handle(event(MOVER, "move", (outside[0] + 4.0, outside[1]), clock.now()))
    assert activity.item is item and activity.placed == 0  # centre just outside the jar
    step(activity, clock, 0.2)
    inside = beside_jar(activity, activity.target_radius_mm() - 0.5)
    placed_at = clock.now()
    activity.handle(event(MOVER, "move", (inside[0] + 4.0, inside[1]), placed_at))
    result = activity.result
    assert result is not None and result.completed
    assert activity.item is None
    assert result.completion_time_s == pytest.approx(placed_at)
    assert result.accuracy == 1.0
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["items_placed"] == 1 and metrics["items_total"] == 1
    assert metrics["grabs"] == 1 and metrics["grabs_without_jar"] == 0
    assert metrics["blocked_drags"] == 0 and metrics["jar_releases"] == 0
    assert metrics["jar_hold_s"] == pytest.approx(placed_at - jar_from)
    assert metrics["item_time_mean_s"] == pytest.approx(placed_at - appeared)
    assert activity.variant == "touch"


def test_a_touch_just_outside_the_thing_does_not_grab_it() -> None:
    activity, clock = make()
    item = activity.item
    assert item is not None
    hold_jar(activity, clock)
    reach = activity.item_radius_mm + TOUCH_SLOP_MM
    activity.handle(event(MOVER, "down", (item.x_mm, item.y_mm + reach + 0.5), clock.now()))
    activity.handle(event(MOVER, "move", (item.x_mm - 20, item.y_mm), clock.now()))
    assert activity.grabs == 0 and item.dragged_by is None
    assert item.position_mm != pytest.approx((item.x_mm - 20, item.y_mm))
    activity.handle(event(MOVER, "up", (item.x_mm - 20, item.y_mm), clock.now()))
    activity.handle(event(MOVER, "down", (item.x_mm, item.y_mm + reach - 0.5), clock.now()))
    assert activity.grabs == 1 and item.dragged_by == MOVER


def test_without_the_jar_held_the_thing_stays_put_and_each_blocked_drag_counts_once() -> None:
    activity, clock = make()
    item = activity.item
    assert item is not None
    start = item.position_mm
    activity.handle(event(MOVER, "down", start, clock.now()))  # grab without the jar
    for k in range(1, 6):
        step(activity, clock, 0.1)
        activity.handle(event(MOVER, "move", (start[0] - 5 * k, start[1]), clock.now()))
    assert item.position_mm == start and item.blocked
    assert activity.blocked_drags == 1 and activity.grabs_without_jar == 1
    hold_jar(activity, clock)  # now the jar is held: the thing jumps to the finger
    activity.handle(event(MOVER, "move", (start[0] - 30, start[1]), clock.now()))
    assert item.position_mm == pytest.approx((start[0] - 30, start[1])) and not item.blocked
    hold_jar(activity, clock, "up")  # let go mid-drag: blocked again, a second time
    activity.handle(event(MOVER, "move", (start[0] - 40, start[1]), clock.now()))
    activity.handle(event(MOVER, "move", (start[0] - 45, start[1]), clock.now()))
    assert item.position_mm == pytest.approx((start[0] - 30, start[1]))
    assert activity.blocked_drags == 2
    activity.handle(event(MOVER, "up", (start[0] - 45, start[1]), clock.now()))
    assert item.dragged_by is None and not item.blocked
    activity.handle(event(OTHER_MOVER, "down", item.position_mm, clock.now()))  # no jar
    activity.handle(event(OTHER_MOVER, "move", (start[0] - 50, start[1]), clock.now()))
    result = activity.abort("exit")
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["grabs"] == 2 and metrics["grabs_without_jar"] == 2
    assert metrics["blocked_drags"] == 3
    assert metrics["jar_releases"] == 1
    assert metrics["items_placed"] == 0 and result.accuracy == 0.0


def test_jar_releases_and_jar_hold_time() -> None:
    activity, clock = make()
    held = 0.0
    step(activity, clock, 1.0)
    since = clock.now()
    hold_jar(activity, clock)
    step(activity, clock, 1.5)
    hold_jar(activity, clock, "up")
    held += clock.now() - since
    step(activity, clock, 0.5)
    since = clock.now()
    hold_jar(activity, clock)
    step(activity, clock, 1.0)
    x, y = activity.jar_centre_mm
    off = activity.target_radius_mm() + TOUCH_SLOP_MM + 0.5
    activity.handle(event(JAR, "move", (x, y + off), clock.now()))  # slides off: let go
    held += clock.now() - since
    assert not activity.jar_held
    step(activity, clock, 0.5)
    since = clock.now()
    activity.handle(event(JAR, "move", (x, y + off - 1.0), clock.now()))  # back on (slop)
    assert activity.jar_held
    step(activity, clock, 0.5)
    held += clock.now() - since  # still held when the attempt ends
    result = activity.abort("exit")
    assert result.metrics["jar_releases"].value == 2
    assert result.metrics["jar_hold_s"].value == pytest.approx(held)
    assert held == pytest.approx(1.5 + 1.0 + 0.5)
    assert result.accuracy is None  # no grabs: nothing to score
    assert result.metrics["grabs"].value == 0


def _place(activity: HoldAndMoveActivity, clock: VirtualClock, pid: int) -> float:
    """Drag the current thing straight into the jar; returns the time it went in."""
    item = activity.item
    assert item is not None
    activity.handle(event(pid, "down", item.position_mm, clock.now()))
    step(activity, clock, 0.2)
    at = clock.now()
    activity.handle(event(pid, "move", activity.jar_centre_mm, at))
    activity.handle(event(pid, "up", activity.jar_centre_mm, at))
    return at


def test_accuracy_is_things_placed_over_grabs_and_the_next_thing_waits() -> None:
    activity, clock = make(items=2)
    hold_jar(activity, clock)
    first = activity.item
    assert first is not None
    activity.handle(event(MOVER, "down", first.position_mm, clock.now()))  # grab ...
    activity.handle(event(MOVER, "move", (first.x_mm - 10, first.y_mm), clock.now()))
    activity.handle(event(MOVER, "up", (first.x_mm, first.y_mm), clock.now()))  # ... and drop
    assert activity.score(False, "exit").accuracy == 0.0
    placed_1 = _place(activity, clock, MOVER)
    assert activity.placed == 1 and activity.item is None
    assert activity.score(False, "exit").accuracy == pytest.approx(1 / 2)
    step(activity, clock, NEXT_ITEM_S - 2 * FRAME)
    assert activity.item is None
    step(activity, clock, 3 * FRAME)
    second = activity.item
    assert second is not None
    assert placed_1 + NEXT_ITEM_S <= second.appeared_at <= placed_1 + NEXT_ITEM_S + FRAME
    assert second.colour_index == 1
    step(activity, clock, 0.3)
    placed_2 = _place(activity, clock, OTHER_MOVER)
    result = activity.result
    assert result is not None and result.completed
    assert result.accuracy == pytest.approx(2 / 3)
    assert result.completion_time_s == pytest.approx(placed_2)
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["items_placed"] == 2 and metrics["grabs"] == 3
    times = [placed_1 - first.appeared_at, placed_2 - second.appeared_at]
    assert metrics["item_time_mean_s"] == pytest.approx(statistics.mean(times))
    assert metrics["item_time_median_s"] == pytest.approx(statistics.median(times))


def test_a_hand_key_holds_the_jar_while_the_mouse_drags() -> None:
    activity, clock = make(hand="left")  # jar on the right: key L, things on the left
    assert activity.jar_hand == "right"
    item = activity.item
    assert item is not None
    key_at = clock.now()
    activity.handle(PointerEvent(-2, "down", 150.0, 62.5, key_at, "key", "right"))
    assert activity.jar_held
    # the other hand's key is no drag
    assert activity.handle(PointerEvent(-1, "down", 50.0, 62.5, key_at, "key", "left"))
    assert activity.handle(PointerEvent(-1, "up", 50.0, 62.5, key_at, "key", "left"))
    assert activity.grabs == 0 and item.dragged_by is None
    activity.handle(event(0, "down", item.position_mm, clock.now(), "mouse"))
    step(activity, clock, 0.3)
    placed_at = clock.now()
    activity.handle(event(0, "move", activity.jar_centre_mm, placed_at, "mouse"))
    result = activity.result
    assert result is not None and result.completed
    assert result.metrics["items_placed"].value == 1
    assert result.metrics["grabs_without_jar"].value == 0
    assert result.metrics["jar_hold_s"].value == pytest.approx(placed_at - key_at)
    assert activity.variant == "mixed"


def test_time_limit_ends_the_attempt_quietly() -> None:
    activity, clock = make(items=3, time_limit_s=10.0)
    hold_jar(activity, clock)
    _place(activity, clock, MOVER)
    step(activity, clock, 10.0)
    result = timed_out(activity.result, 10.0)
    assert result.metrics["items_placed"].value == 1
    jar_from = FRAME  # held from the first frame to the end
    assert result.metrics["jar_hold_s"].value == pytest.approx(result.duration_s - jar_from)


def test_a_thing_dropped_short_of_the_jar_can_be_picked_up_again() -> None:
    activity, clock = make()
    item = activity.item
    assert item is not None
    hold_jar(activity, clock)
    short = beside_jar(activity, 30.0)  # jar hand's half, 5 mm outside the jar
    activity.handle(event(MOVER, "down", item.position_mm, clock.now()))
    activity.handle(event(MOVER, "move", short, clock.now()))
    activity.handle(event(MOVER, "up", short, clock.now()))
    assert item.position_mm == pytest.approx(short)
    step(activity, clock, 0.5)
    activity.handle(event(OTHER_MOVER, "down", short, clock.now()))
    activity.handle(event(OTHER_MOVER, "move", activity.jar_centre_mm, clock.now()))
    assert activity.grabs == 2
    assert activity.result is not None and activity.result.completed


# -- the bot, through the whole app ------------------------------------------------------


def test_a_skilled_bot_fills_the_jar_at_level_1(bot_result) -> None:
    result = bot_result("bilateral_hold", 1, seed=2, skill=1.0)
    assert result.completed and result.abort_reason is None
    assert result.accuracy >= 0.8
    assert result.metrics["items_placed"].value == 3
    assert result.metrics["jar_releases"].value == 0


def test_an_unskilled_bot_is_slower_and_lets_go_of_the_jar_more(bot_result) -> None:
    def figures(skill: float) -> tuple[float, float]:
        results = [bot_result("bilateral_hold", 1, s, skill) for s in (1, 2, 3)]
        assert all(r.completed for r in results)
        slips = [
            r.metrics["jar_releases"].value
            + r.metrics["grabs_without_jar"].value
            + r.metrics["blocked_drags"].value
            for r in results
        ]
        return statistics.mean(r.completion_time_s for r in results), statistics.mean(slips)

    novice_time, novice_slips = figures(0.2)
    expert_time, expert_slips = figures(1.0)
    assert novice_time > 1.3 * expert_time
    assert novice_slips > expert_slips


def test_a_thing_is_never_dragged_over_the_adult_corner_or_the_calm_button() -> None:
    corner = (182.0, 0.0, 18.0, 18.0)
    calm = (0.0, 97.0, 28.0, 28.0)
    activity, clock = make(reserved_mm=[calm, corner])
    hold_jar(activity, clock)
    item = activity.item
    start = item.position_mm
    activity.handle(event(MOVER, "down", start, clock.now()))
    for target in ((199.0, 1.0), (2.0, 123.0)):  # into the adult corner, onto the calm button
        for k in range(1, 31):
            x = start[0] + (target[0] - start[0]) * k / 30
            y = start[1] + (target[1] - start[1]) * k / 30
            clock.advance(FRAME)
            activity.handle(event(MOVER, "move", (x, y), clock.now()))
        radius = activity.item_radius_mm
        if activity.item is not None:
            for rect in (corner, calm):
                assert not circle_hits_rect(activity.item.position_mm, radius, rect)
