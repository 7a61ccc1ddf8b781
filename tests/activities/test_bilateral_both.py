"""Both together: onset gap, hold, releases, hands by screen half or key, rest, the bot."""

from __future__ import annotations

import statistics

import pygame
import pytest
from helpers import build_activity, open_activity, step, step_until, timed_out

from sensory_games.activities.bilateral.both import BothTogetherActivity
from sensory_games.activities.bilateral.both.activity import REST_S
from sensory_games.activities.bilateral.two_handed import TOUCH_SLOP_MM
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
FRAME = 1 / 60
KEY_IDS = {"left": -1, "right": -2}


def make(hand: str = "right", **params):  # type: ignore[no-untyped-def]
    defaults = {"trials": 1, "hold_s": 1.0, "window_ms": 150.0}
    return build_activity(BothTogetherActivity, {**defaults, **params}, dominant_hand=hand)


def pad(
    activity: BothTogetherActivity,
    side: str,
    phase: str,
    t: float,
    pointer: int | None = None,
    source: str = "touch",
    dx: float = 0.0,
) -> bool:
    """A contact event on `side`'s pad centre (shifted `dx` mm); touch ids 1 = left,
    2 = right, the mouse 0, the hand keys -1/-2 (carrying their hand)."""
    x, y = activity.centres_mm()[side]
    if source == "key":
        pid, hand = KEY_IDS[side], side
    else:
        pid = pointer if pointer is not None else {"left": 1, "right": 2}[side]
        pid = 0 if source == "mouse" else pid
        hand = None
    event = PointerEvent(pid, phase, x + dx, y, t, source, hand)  # type: ignore[arg-type]
    return activity.handle(event)


def test_layout_on_the_test_screen() -> None:
    """The numbers the other tests rely on: 25 mm pads, 134 mm apart, either side."""
    activity, _ = make()
    assert activity.target_radius_mm() == 25.0
    assert activity.centres_mm() == {"left": (33.0, 66.5), "right": (167.0, 66.5)}


def test_onset_gap_is_right_minus_left_and_the_trial_completes_after_the_hold() -> None:
    activity, clock = make(hold_s=1.0)
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5)
    step_until(activity, clock, 0.53)
    pad(activity, "right", "down", 0.53)
    assert activity.trial.onset_gap_ms == pytest.approx(30.0)
    step_until(activity, clock, 1.51)
    assert activity.result is None and activity.trial.completed_at is None
    assert activity.hold_progress(clock.now()) == pytest.approx(0.99, abs=FRAME)
    step(activity, clock, 2 * FRAME)
    result = activity.result
    assert result is not None and result.completed
    assert activity.trial.completed_at == pytest.approx(1.53)  # both_since + hold_s
    assert result.completion_time_s == pytest.approx(1.53)
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["trials_completed"] == 1
    assert metrics["left_first"] == 1 and metrics["right_first"] == 0
    assert metrics["onset_gap_signed_mean_ms"] == pytest.approx(30.0)
    assert metrics["onset_gap_mean_ms"] == pytest.approx(30.0)
    assert metrics["both_held_s"] == pytest.approx(1.0)
    assert metrics["both_held_longest_s"] == pytest.approx(1.0)
    assert metrics["releases"] == 0
    assert metrics["time_to_both_mean_s"] == pytest.approx(0.53)
    assert result.accuracy == 1.0
    assert result.target["trials"] == [
        {"lit_at_s": 0.0, "onset_gap_ms": 30.0, "releases": 0, "completed_at_s": 1.53}
    ]


def test_right_hand_first_gives_a_negative_gap() -> None:
    activity, clock = make(hold_s=0.5)
    step_until(activity, clock, 0.5)
    pad(activity, "right", "down", 0.5)
    step_until(activity, clock, 0.6)
    pad(activity, "left", "down", 0.6)
    step(activity, clock, 0.6)
    result = activity.result
    assert result is not None and result.completed
    assert activity.trials[0].onset_gap_ms == pytest.approx(-100.0)
    assert result.metrics["right_first"].value == 1 and result.metrics["left_first"].value == 0
    assert result.metrics["onset_gap_signed_mean_ms"].value == pytest.approx(-100.0)
    assert result.metrics["onset_gap_mean_ms"].value == pytest.approx(100.0)


def test_two_fingers_on_the_left_half_are_not_two_hands() -> None:
    activity, clock = make(hold_s=0.5)
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5, pointer=1)
    step_until(activity, clock, 0.6)
    assert pad(activity, "left", "down", 0.6, pointer=3, dx=8.0)  # second finger, left half
    # it slides over to the right pad: still nobody's hand
    right_x, y = activity.centres_mm()["right"]
    activity.handle(PointerEvent(3, "move", 60.0, y, 0.7, "touch"))
    activity.handle(PointerEvent(3, "move", right_x, y, 0.8, "touch"))
    step(activity, clock, 3.0)
    assert activity.result is None
    assert set(activity.on_pad) == {"left"}
    assert activity.hands.contacts.keys() == {"left"}
    result = activity.abort("exit")
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["trials_completed"] == 0
    assert "onset_gap_mean_ms" not in metrics and "time_to_both_mean_s" not in metrics
    assert metrics["left_first"] == 0 and metrics["right_first"] == 0
    assert metrics["both_held_s"] == 0.0
    assert result.accuracy is None
    assert activity.trials[0].onset_gap_ms is None


def test_a_release_breaks_the_hold_and_the_first_onset_gap_is_kept() -> None:
    activity, clock = make(hold_s=1.0)
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5)
    step_until(activity, clock, 0.6)
    pad(activity, "right", "down", 0.6)  # gap +100 ms
    step_until(activity, clock, 1.0)
    pad(activity, "left", "up", 1.0)  # held together 0.4 s, then let go
    step(activity, clock, 0.1)
    partial = activity.score(completed=False, abort_reason="exit")
    assert partial.metrics["releases"].value == 1
    assert partial.metrics["both_held_s"].value == pytest.approx(0.4)
    assert activity.hold_progress(clock.now()) == 0.0
    step_until(activity, clock, 1.2)
    pad(activity, "left", "down", 1.2)  # right has been on since 0.6: would be -600 ms
    step_until(activity, clock, 2.17)
    assert activity.result is None
    step(activity, clock, 3 * FRAME)
    result = activity.result
    assert result is not None and result.completed
    assert result.completion_time_s == pytest.approx(2.2)
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["releases"] == 1
    assert metrics["both_held_s"] == pytest.approx(0.4 + 1.0)
    assert metrics["both_held_longest_s"] == pytest.approx(1.0)
    assert metrics["onset_gap_mean_ms"] == pytest.approx(100.0)
    assert metrics["left_first"] == 1 and metrics["right_first"] == 0
    assert metrics["time_to_both_mean_s"] == pytest.approx(0.6)
    assert result.target["trials"][0]["onset_gap_ms"] == pytest.approx(100.0)
    assert result.target["trials"][0]["releases"] == 1


def test_sliding_off_the_pad_is_a_let_go_just_past_the_slop() -> None:
    activity, clock = make(hold_s=2.0)
    edge = activity.target_radius_mm() + TOUCH_SLOP_MM
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5)
    pad(activity, "right", "down", 0.5)
    step_until(activity, clock, 0.8)
    pad(activity, "left", "move", 0.8, dx=-(edge - 0.5))  # still on (inside the slop)
    assert activity.both_since == 0.5
    step_until(activity, clock, 0.9)
    pad(activity, "left", "move", 0.9, dx=-(edge + 0.5))  # off
    assert activity.both_since is None
    step_until(activity, clock, 1.0)
    pad(activity, "left", "move", 1.0)  # back on: the ring starts again
    assert activity.both_since == 1.0
    result = activity.abort("exit")
    assert result.metrics["releases"].value == 1
    assert result.metrics["both_held_longest_s"].value == pytest.approx(0.4)
    assert result.metrics["both_held_s"].value == pytest.approx(0.4 + clock.now() - 1.0)
    assert result.metrics["onset_gap_mean_ms"].value == 0.0


@pytest.mark.parametrize(
    ("sources", "variant"),
    [
        (("touch", "touch"), "touch"),
        (("key", "key"), "keys"),
        (("key", "touch"), "mixed"),
    ],
)
def test_hand_keys_and_fingers_both_count_as_being_on_the_pads(sources, variant) -> None:
    activity, clock = make(hold_s=0.5)
    assert activity.variant == "none"
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5, source=sources[0])
    step_until(activity, clock, 0.55)
    pad(activity, "right", "down", 0.55, source=sources[1])
    step(activity, clock, 0.6)
    result = activity.result
    assert result is not None and result.completed
    assert result.completion_time_s == pytest.approx(1.05)
    assert result.metrics["onset_gap_mean_ms"].value == pytest.approx(50.0)
    assert activity.variant == variant


def test_a_key_press_anywhere_is_on_its_pad() -> None:
    """A hand key is the pad: where the input layer puts it does not matter."""
    activity, clock = make(hold_s=0.5)
    step_until(activity, clock, 0.5)
    activity.handle(PointerEvent(-1, "down", 100.0, 1.0, 0.5, "key", "left"))
    activity.handle(PointerEvent(-2, "down", 100.0, 1.0, 0.5, "key", "right"))
    step(activity, clock, 0.6)
    assert activity.result is not None and activity.result.completed


def test_one_mouse_can_never_complete_a_trial() -> None:
    activity, clock = make(hold_s=0.5, time_limit_s=30.0)
    for start in (0.5, 2.0, 3.5):
        step_until(activity, clock, start)
        pad(activity, "left", "down", start, source="mouse")
        step_until(activity, clock, start + 0.5)
        # drag the held mouse onto the right pad: it is still the left hand, now off its pad
        pad(activity, "right", "move", start + 0.5, source="mouse")
        step_until(activity, clock, start + 0.7)
        pad(activity, "right", "up", start + 0.7, source="mouse")
        step_until(activity, clock, start + 0.8)
        pad(activity, "right", "down", start + 0.8, source="mouse")
        step_until(activity, clock, start + 1.3)
        pad(activity, "right", "up", start + 1.3, source="mouse")
    step(activity, clock, 1.0)
    assert activity.result is None
    result = activity.abort("exit")
    assert activity.variant == "mouse"
    assert result.metrics["trials_completed"].value == 0
    assert result.metrics["both_held_s"].value == 0.0
    assert "onset_gap_mean_ms" not in result.metrics
    assert result.accuracy is None


def _trial(activity: BothTogetherActivity, clock: VirtualClock, start: float, gap_s: float) -> None:
    """One trial from `start` (s): the first hand down, the other `gap_s` later (negative:
    right first), held until done, then both lift."""
    first, second = ("left", "right") if gap_s >= 0 else ("right", "left")
    step_until(activity, clock, start)
    pad(activity, first, "down", start)
    step_until(activity, clock, start + abs(gap_s))
    pad(activity, second, "down", start + abs(gap_s))
    step(activity, clock, activity.parameters["hold_s"] + 0.1)
    if activity.result is None:
        assert activity.waiting_for_lift
        pad(activity, "left", "up", clock.now())
        pad(activity, "right", "up", clock.now())


def test_accuracy_is_the_share_of_trials_within_the_window_inclusive() -> None:
    activity, clock = make(trials=3, hold_s=0.5, window_ms=125.0)
    _trial(activity, clock, 1.0, 0.125)  # exactly 125 ms: counts as together
    _trial(activity, clock, 4.0, -0.2)
    _trial(activity, clock, 7.0, 0.05)
    result = activity.result
    assert result is not None and result.completed
    assert [t.onset_gap_ms for t in activity.trials] == [
        125.0,
        pytest.approx(-200.0),
        pytest.approx(50.0),
    ]
    assert result.accuracy == pytest.approx(2 / 3)
    metrics = {k: m.value for k, m in result.metrics.items()}
    assert metrics["trials_completed"] == 3
    assert metrics["left_first"] == 2 and metrics["right_first"] == 1
    assert metrics["onset_gap_mean_ms"] == pytest.approx(125.0)
    assert metrics["onset_gap_median_ms"] == pytest.approx(125.0)
    assert metrics["onset_gap_max_ms"] == pytest.approx(200.0)
    assert metrics["onset_gap_signed_mean_ms"] == pytest.approx((125 - 200 + 50) / 3)
    assert metrics["both_held_s"] == pytest.approx(3 * 0.5)
    assert result.completion_time_s == pytest.approx(7.05 + 0.5)


def test_the_next_trial_lights_only_after_both_hands_lift_and_a_rest() -> None:
    activity, clock = make(trials=2, hold_s=0.5)
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5)
    pad(activity, "right", "down", 0.5)
    step(activity, clock, 2.5)  # done at 1.0, hands still on
    assert len(activity.trials) == 1 and activity.waiting_for_lift
    assert activity.trials[0].completed_at == pytest.approx(1.0)
    assert activity.hold_progress(clock.now()) == 1.0
    pad(activity, "left", "up", clock.now())
    step(activity, clock, 2.0)  # one hand still on: no new trial
    assert len(activity.trials) == 1
    pad(activity, "left", "down", clock.now())  # both on again during the wait: nothing
    assert activity.both_since is None
    step(activity, clock, 1.0)
    assert len(activity.trials) == 1 and activity.both_since is None
    assert activity.trials[0].completed_at == pytest.approx(1.0)
    assert activity.both_held_s == pytest.approx(0.5)
    pad(activity, "left", "up", clock.now())
    pad(activity, "right", "up", clock.now())
    lifted = clock.now()
    step(activity, clock, 0.5)
    pad(activity, "right", "down", clock.now())  # a touch during the rest restarts it
    step(activity, clock, 0.2)
    pad(activity, "right", "up", clock.now())
    lifted = clock.now()
    step(activity, clock, REST_S - 2 * FRAME)
    assert len(activity.trials) == 1
    step(activity, clock, 4 * FRAME)
    assert len(activity.trials) == 2
    lit_at = activity.trials[1].lit_at
    assert lifted + REST_S <= lit_at + 1e-9 <= lifted + REST_S + 2 * FRAME + 1e-9
    assert activity.trials[0].releases == 0
    _trial(activity, clock, clock.now() + 0.2, 0.0)
    result = activity.result
    assert result is not None and result.completed
    assert [t["releases"] for t in result.target["trials"]] == [0, 0]
    assert result.target["trials"][1]["lit_at_s"] == pytest.approx(lit_at, abs=1e-4)


def test_time_limit_ends_the_attempt_quietly_counting_the_hold_so_far() -> None:
    activity, clock = make(hold_s=15.0, time_limit_s=10.0)
    step_until(activity, clock, 2.0)
    pad(activity, "left", "down", 2.0)
    pad(activity, "right", "down", 2.0)
    step(activity, clock, 10.1)
    result = timed_out(activity.result, 10.0)
    assert result.metrics["both_held_s"].value == pytest.approx(8.0, abs=FRAME)
    assert result.metrics["trials_completed"].value == 0
    assert result.metrics["onset_gap_mean_ms"].value == 0.0


def test_lifting_after_the_hold_time_but_before_the_next_frame_is_not_a_release() -> None:
    activity, clock = make(hold_s=1.0)
    step_until(activity, clock, 0.5)
    pad(activity, "left", "down", 0.5)
    pad(activity, "right", "down", 0.5)
    step_until(activity, clock, 1.47)  # the last frame before the ring is full (1.5)
    assert activity.trial.completed_at is None
    pad(activity, "left", "up", 1.51)  # held together 1.01 s >= hold_s
    step(activity, clock, FRAME)
    result = activity.abort("exit")
    assert result.metrics["releases"].value == 0
    assert result.metrics["trials_completed"].value == 1


# -- the bot, through the whole app ------------------------------------------------------


def test_a_skilled_bot_completes_level_1_together(bot_result) -> None:
    result = bot_result("bilateral_both", 1, seed=2, skill=1.0)
    assert result.completed and result.abort_reason is None
    assert result.accuracy >= 0.8
    assert result.metrics["trials_completed"].value == 3
    assert result.metrics["onset_gap_max_ms"].value < 400.0


def test_an_unskilled_bot_lands_its_hands_further_apart(bot_result) -> None:
    def figures(skill: float) -> tuple[float, float, float]:
        results = [bot_result("bilateral_both", 1, s, skill) for s in (1, 2, 3)]
        return (
            statistics.mean(r.metrics["onset_gap_mean_ms"].value for r in results),
            statistics.mean(r.duration_s for r in results),
            statistics.mean(r.metrics["releases"].value for r in results),
        )

    novice_gap, novice_time, novice_releases = figures(0.2)
    expert_gap, expert_time, expert_releases = figures(1.0)
    assert novice_gap > 3 * expert_gap
    assert novice_time > expert_time
    assert novice_releases > expert_releases == 0


# -- adult pauses ---------------------------------------------------------------------------


def test_play_time_leaves_out_only_the_pauses_before_the_moment() -> None:
    activity, clock = make()
    start = clock.now()
    clock.advance(10.0)
    activity.pause(clock.now())
    clock.advance(100.0)
    activity.resume(clock.now())
    clock.advance(5.0)
    assert activity.active_time(start + 5.0) == pytest.approx(5.0)  # before the pause
    assert activity.active_time(start + 50.0) == pytest.approx(10.0)  # during it
    assert activity.active_time(clock.now()) == pytest.approx(15.0)


def test_fingers_lifted_while_the_adult_menu_is_open_do_not_stay_down(
    make_app, repository, clock
) -> None:
    """Both hands on, the adult menu opens, the child lifts (the lifts go to the menu),
    the menu closes: the hands are free again, nothing counts as a release, and a new
    touch-and-hold finishes the trial."""
    from sensory_games.engine.scenes.adult_menu import AdultMenuScene
    from sensory_games.ui.input import finger_event

    app = make_app()
    scene = open_activity(app, repository, "bilateral_both", 1)
    activity = scene.activity
    centres = activity.centres_mm()

    def post(phase: str, finger: int, hand: str) -> None:
        pygame.event.post(finger_event(app.metrics, phase, finger, *centres[hand]))

    def frames(seconds: float) -> None:
        for _ in range(round(seconds / app.step_s)):
            clock.advance(app.step_s)
            app.frame(render=False)

    frames(0.5)
    post("down", 1, "left")
    post("down", 2, "right")
    frames(0.2)
    assert activity.both_since is not None
    app.push(AdultMenuScene(app.stage))
    frames(0.1)
    post("up", 1, "left")
    post("up", 2, "right")
    frames(3.0)  # far longer than the hold: the trial must not complete behind the menu
    app.pop()
    assert not activity.hands.contacts and not activity.on_pad
    assert activity.trial.completed_at is None
    post("down", 3, "left")
    post("down", 4, "right")
    frames(activity.parameters["hold_s"] + 0.2)
    assert activity.trial.completed_at is not None
    post("up", 3, "left")
    post("up", 4, "right")
    frames(0.1)
    assert sum(t.releases for t in activity.trials) == 0
