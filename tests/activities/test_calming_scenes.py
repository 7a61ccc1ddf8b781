"""Calming scenes beyond the breathing guide: the glitter jar's settle detection, the
drifting bubbles, the colour wash, the host's stillness measures, and the intensity
rules (motion 0 still, complexity 0 one element)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers import build_activity, play_out

from sensory_games.activities.calming import CalmingActivity, glitter_view
from sensory_games.activities.calming.calm_scene import LEAD_IN_S
from sensory_games.activities.calming.colour_wash import (
    BLOOM_SPACING_MM,
    MAX_NUDGE,
    NUDGE,
    ColourWash,
)
from sensory_games.activities.calming.drifting_bubbles import DriftingBubbles
from sensory_games.activities.calming.glitter import MAX_SWIRL_MM_S, SETTLED_SHARE, Glitter
from sensory_games.activities.calming.glitter_jar import JAR_REST_S, GlitterJar
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.intensity import SensoryProfile, preset, relative_luminance
from sensory_games.domain.pointer import KEY_POINTER_IDS, PointerEvent
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 4.0)  # 400 x 250 mm
DT = 1 / 60


def make(
    variant: str,
    motion: float = 1.0,
    complexity: float = 1.0,
    sounds: object = None,
    metrics: ScreenMetrics = METRICS,
    **params: object,
) -> tuple[CalmingActivity, VirtualClock]:
    return build_activity(
        CalmingActivity,
        {"variant": variant, **params},
        metrics=metrics,
        preset_name="alerting",
        channels={"motion": motion, "complexity": complexity},
        seed=4,
        sounds=sounds,
    )


def tap(activity: CalmingActivity, clock: VirtualClock, x: float, y: float, pid: int = 1) -> None:
    activity.handle(PointerEvent(pid, "down", x, y, clock.now(), "touch"))
    activity.handle(PointerEvent(pid, "up", x, y, clock.now() + 0.1, "touch"))


def swipe(activity: CalmingActivity, clock: VirtualClock, y_share: float, pid: int = 7) -> None:
    """A finger across the middle of the jar, left to right, in 0.3 s (6 moves)."""
    jx, jy, jw, jh = activity.scene.jar_mm()
    y = jy + jh * y_share
    t = clock.now()
    activity.handle(PointerEvent(pid, "down", jx + jw * 0.1, y, t, "touch"))
    for k in range(1, 7):
        activity.handle(
            PointerEvent(pid, "move", jx + jw * (0.1 + 0.13 * k), y, t + 0.05 * k, "touch")
        )
    activity.handle(PointerEvent(pid, "up", jx + jw * 0.9, y, t + 0.35, "touch"))


def values(activity: CalmingActivity) -> dict[str, float]:
    assert activity.result is not None
    return {name: metric.value for name, metric in activity.result.metrics.items()}


# -- glitter physics ----------------------------------------------------------------------


def settle_time(glitter: Glitter, start: float = 0.0, limit: float = 300.0) -> float:
    t = start
    while not glitter.settled and t < limit:
        t += DT
        glitter.step(DT, t)
    return t


def test_a_still_jar_is_settled_and_a_shake_unsettles_it_without_a_jump() -> None:
    glitter = Glitter(200, 100.0, 160.0, settle_s=20.0, seed=1)
    assert glitter.settled and glitter.settled_share == 1.0
    before = glitter.position.copy()
    glitter.shake(0.0)
    assert not glitter.settled and glitter.settled_share == 0.0
    assert np.array_equal(glitter.position, before)  # swept up from where they lay
    glitter.step(DT, DT)
    assert np.abs(glitter.position - before).max() <= (MAX_SWIRL_MM_S + 40.0) * DT
    for k in range(2, 90):
        glitter.step(DT, k * DT)
    assert glitter.position[:, 1].mean() < before[:, 1].mean() - 40.0  # up it went


def test_a_finger_resting_with_a_wobble_stirs_nothing() -> None:
    activity, clock = make("jar", settle_s=6.0, settles=3)
    while not activity.scene.glitter.periods:
        clock.advance(DT)
        activity.update(DT)
    jx, jy, jw, jh = activity.scene.jar_mm()
    x, y, t = jx + jw / 2, jy + jh * 0.95, clock.now()  # on the pile
    activity.handle(PointerEvent(3, "down", x, y, t, "touch"))
    for k in range(1, 8):  # a 0.6 mm wobble for half a second
        activity.handle(PointerEvent(3, "move", x + 0.6 * (k % 2), y, t + 0.07 * k, "touch"))
    activity.handle(PointerEvent(3, "up", x, y, t + 0.6, "touch"))
    assert activity.scene.stirs == 0 and activity.scene.glitter.settled
    assert len(activity.scene.glitter.periods) == 1


def test_nudging_a_few_flakes_of_a_settled_jar_is_not_a_settle_period() -> None:
    glitter = Glitter(300, 100.0, 160.0, settle_s=10.0, seed=6)
    moved = glitter.stir((0.0, 158.0), (4.0, 158.0), 0.15, 1.0)  # a small flick in a corner
    assert 0 < moved < 0.1 * glitter.count
    settle_time(glitter, start=1.0)
    assert glitter.settled and glitter.periods == []


@pytest.mark.parametrize("settle_s", [10.0, 20.0, 40.0])
def test_floating_glitter_settles_within_its_settling_time(settle_s) -> None:
    glitter = Glitter(300, 100.0, 160.0, settle_s=settle_s, seed=2)
    glitter.fill(0.0)
    took = settle_time(glitter)
    # the slowest flakes fall the whole height in settle_s; swirl lifts some a little
    assert 0.5 * settle_s < took < settle_s + 3.0
    assert glitter.settled_share >= SETTLED_SHARE
    assert len(glitter.periods) == 1
    assert glitter.periods[0].stirred_s == 0.0
    assert glitter.periods[0].settled_s == pytest.approx(took)


def test_a_stir_while_settling_starts_the_settle_period_again() -> None:
    calm = Glitter(300, 100.0, 160.0, settle_s=20.0, seed=3)
    calm.fill(0.0)
    undisturbed = settle_time(calm)
    stirred = Glitter(300, 100.0, 160.0, settle_s=20.0, seed=3)
    stirred.fill(0.0)
    t = 0.0
    while t < 0.8 * undisturbed:
        t += DT
        stirred.step(DT, t)
    moved = stirred.stir((5.0, 150.0), (95.0, 150.0), 0.3, t)
    assert moved > 0
    took = settle_time(stirred, start=t)
    assert took > undisturbed + 1.0
    assert [round(p.stirred_s, 3) for p in stirred.periods] == [round(t, 3)]


def test_a_stir_far_from_every_flake_moves_nothing() -> None:
    glitter = Glitter(200, 100.0, 160.0, settle_s=20.0, seed=4)  # settled, in the pile
    assert glitter.stir((10.0, 5.0), (90.0, 5.0), 0.3, 1.0) == 0  # along the lid
    assert glitter.settled and glitter.periods == []
    assert glitter.stir((10.0, 155.0), (10.0, 155.0), 0.3, 1.0) == 0  # no movement


def test_glitter_stays_inside_the_jar() -> None:
    glitter = Glitter(300, 100.0, 160.0, settle_s=10.0, seed=5)
    glitter.fill(0.0)
    for k in range(600):
        glitter.step(DT, k * DT)
        if k % 60 == 0:
            glitter.stir((0.0, 80.0), (100.0, 20.0), 0.05, k * DT)
        assert np.all(glitter.position >= -1e-9)
        assert np.all(glitter.position[:, 0] <= 100.0 + 1e-9)
        assert np.all(glitter.position[:, 1] <= 160.0 + 1e-9)


# -- the jar as an activity ---------------------------------------------------------------


def test_a_jar_left_alone_ends_when_it_has_settled() -> None:
    activity, clock = make("jar", settle_s=10.0)
    play_out(activity, clock, until_play_s=120.0)
    result = activity.result
    assert result is not None and result.completed
    m = values(activity)
    assert m["settles"] == 1 and m["stirs"] == 0 and m["touches"] == 0
    period = activity.scene.glitter.periods[0]
    assert result.completion_time_s == pytest.approx(period.settled_s)
    assert m["mean_settle_s"] == pytest.approx(period.length_s)
    assert 5.0 < result.completion_time_s < 13.0
    assert m["longest_still_s"] == pytest.approx(result.duration_s)
    assert result.target["settle_periods_s"] == [[0.0, round(period.settled_s, 3)]]


def test_one_swipe_is_one_stir_and_a_key_shakes_the_jar() -> None:
    activity, clock = make("jar", settle_s=10.0, settles=2)
    play_out(activity, clock, until_play_s=4.0)
    swipe(activity, clock, 0.9)  # through the pile
    assert activity.scene.stirs == 1
    key = KEY_POINTER_IDS["left"]
    activity.handle(PointerEvent(key, "down", 0.0, 0.0, clock.now(), "key", "left"))
    activity.handle(PointerEvent(key, "up", 0.0, 0.0, clock.now() + 0.2, "key", "left"))
    assert activity.scene.stirs == 2
    play_out(activity, clock, until_play_s=200.0)
    m = values(activity)
    assert activity.result.completed
    assert m["stirs"] == 2 and m["touches"] == 2 and m["settles"] == 2


def test_kiosk_keys_shake_the_jar_at_most_once_in_two_seconds() -> None:
    activity, clock = make("jar")
    play_out(activity, clock, until_play_s=2.0)
    key = KEY_POINTER_IDS["right"]
    for _ in range(8):  # a child hammering the button: 4 presses a second
        t = clock.now()
        activity.handle(PointerEvent(key, "down", 0.0, 0.0, t, "key", "right"))
        activity.handle(PointerEvent(key, "up", 0.0, 0.0, t + 0.1, "key", "right"))
        clock.advance(0.25)
        activity.update(0.25)
    assert activity.scene.stirs == 1
    assert activity.score(False, "exit").metrics["touches"].value == 8


def test_the_jar_keeps_its_glitter_inside_when_the_screen_changes_size() -> None:
    activity, clock = make("jar")
    play_out(activity, clock, until_play_s=3.0)
    activity.resize(ScreenMetrics(640, 1024, 4.0))  # 160 x 256 mm portrait
    _, _, width, height = activity.scene.jar_mm()
    glitter = activity.scene.glitter
    assert (glitter.width_mm, glitter.height_mm) == (width, height)
    play_out(activity, clock, until_play_s=6.0)
    for points in (glitter.position, glitter.home):
        assert np.all(points >= 0) and np.all(points <= (width + 1e-9, height + 1e-9))


def test_a_jar_on_time_ends_after_its_duration_and_reports_settled_time() -> None:
    activity, clock = make("jar", settle_s=5.0, jar_end="time", duration_s=30.0)
    play_out(activity, clock, until_play_s=100.0)
    result = activity.result
    assert result.completed
    assert result.completion_time_s == pytest.approx(LEAD_IN_S + 30.0)
    m = values(activity)
    # settled after at most ~8 s, then lay still for the rest of the 31 s
    assert 20.0 < m["settled_time_s"] < 30.0
    assert m["settles"] == 1


# -- drifting bubbles ---------------------------------------------------------------------


def test_touching_a_bubble_pops_it_softly_and_a_touch_beside_does_not() -> None:
    activity, clock = make("bubbles", duration_s=30.0)
    play_out(activity, clock, until_play_s=LEAD_IN_S + 3.0)
    scene = activity.scene
    assert isinstance(scene, DriftingBubbles)
    bubble = scene.alive(activity.play_time())[0]
    x, y = bubble.centre_mm(activity.play_time())
    tap(activity, clock, x, y - bubble.radius_mm - 30.0)  # beside it
    assert scene.pops == 0
    tap(activity, clock, x, y)
    assert scene.pops == 1 and bubble.popped_s is not None
    assert bubble not in scene.alive(activity.play_time())
    play_out(activity, clock)
    assert activity.result.completed
    assert activity.result.completion_time_s == pytest.approx(LEAD_IN_S + 30.0)
    m = values(activity)
    assert m["pops"] == 1 and m["touches"] == 2


def test_bubbles_rise_with_motion_and_stay_put_at_motion_0() -> None:
    for motion in (1.0, 0.0):
        activity, clock = make("bubbles", motion=motion)
        play_out(activity, clock, until_play_s=LEAD_IN_S + 0.5)
        bubble = activity.scene.bubbles[0]
        before = bubble.centre_mm(activity.play_time())
        play_out(activity, clock, until_play_s=LEAD_IN_S + 4.0)
        after = bubble.centre_mm(activity.play_time())
        if motion:
            assert after[1] < before[1] - 30.0  # about 14 mm/s upwards
        else:
            assert after == before


def test_at_complexity_0_one_bubble_at_a_time() -> None:
    activity, clock = make("bubbles", complexity=0.0, duration_s=60.0)
    most = 0
    while activity.result is None:
        clock.advance(DT)
        activity.update(DT)
        most = max(most, len(activity.scene.alive(activity.play_time())))
    assert most == 1


def test_bubbles_keep_clear_of_the_corner_buttons() -> None:
    activity, clock = make("bubbles", duration_s=120.0)
    activity.reserve([(0.0, 200.0, 50.0, 50.0), (380.0, 0.0, 20.0, 20.0)])
    play_out(activity, clock)
    scene = activity.scene
    assert isinstance(scene, DriftingBubbles)
    assert scene.bubbles  # some still fading out at the end
    for bubble in scene.bubbles:
        assert 50.0 + bubble.radius_mm - 3.5 <= bubble.x_mm <= 380.0 - bubble.radius_mm + 3.5


# -- colour wash --------------------------------------------------------------------------


def test_a_touch_blooms_and_a_drag_blooms_again_after_a_distance() -> None:
    activity, clock = make("wash")
    play_out(activity, clock, until_play_s=2.0)
    t = clock.now()
    activity.handle(PointerEvent(1, "down", 100.0, 100.0, t, "touch"))
    activity.handle(PointerEvent(1, "move", 100.0 + BLOOM_SPACING_MM / 2, 100.0, t + 0.1, "touch"))
    activity.handle(PointerEvent(1, "move", 100.0 + BLOOM_SPACING_MM, 100.0, t + 0.2, "touch"))
    activity.handle(PointerEvent(1, "up", 100.0 + BLOOM_SPACING_MM, 100.0, t + 0.3, "touch"))
    scene = activity.scene
    assert isinstance(scene, ColourWash)
    assert [(b.x_mm, b.y_mm) for b in scene.blooms] == [(100.0, 100.0), (125.0, 100.0)]
    assert scene.blooms[0].strength(scene.blooms[0].born_s + 4.0) == pytest.approx(1.0)
    assert scene.blooms[0].strength(scene.blooms[0].born_s + 8.0) == pytest.approx(0.0)
    assert activity.score(False, "exit").metrics["touches"].value == 1


def test_at_complexity_0_a_touch_moves_the_whole_wash_instead_of_a_bloom() -> None:
    plain, plain_clock = make("wash", complexity=0.0)
    touched, touched_clock = make("wash", complexity=0.0)
    play_out(plain, plain_clock, until_play_s=2.0)
    play_out(touched, touched_clock, until_play_s=2.0)
    tap(touched, touched_clock, 100.0, 100.0)
    play_out(plain, plain_clock, until_play_s=12.0)
    play_out(touched, touched_clock, until_play_s=12.0)
    assert touched.scene.blooms == []
    assert touched.scene.phase == pytest.approx(plain.scene.phase + NUDGE, abs=0.002)
    for k in range(20):  # a flurry of taps queues no more than MAX_NUDGE
        tap(touched, touched_clock, 100.0, 100.0, pid=10 + k)
    assert touched.scene.nudge <= MAX_NUDGE


# -- the host: stillness, restlessness, time limit ----------------------------------------


def test_longest_still_and_restlessness_exact() -> None:
    activity, clock = make("wash", duration_s=20.0)
    for at in (3.0, 5.0, 14.0):
        play_out(activity, clock, until_play_s=at)
        tap(activity, clock, 200.0, 100.0)
    play_out(activity, clock)
    m = values(activity)
    assert m["touches"] == 3
    assert m["longest_still_s"] == pytest.approx(9.0, abs=0.05)  # 5 s -> 14 s
    assert m["restlessness_per_min"] == pytest.approx(3 / (21.0 / 60), rel=0.01)


def test_the_time_limit_ends_a_calm_scene_quietly_as_a_timeout() -> None:
    activity, clock = make("jar", jar_end="time", duration_s=600.0, time_limit_s=30.0)
    play_out(activity, clock)
    assert activity.result.abort_reason == "timeout"
    assert activity.result.completion_time_s is None
    assert activity.result.duration_s == pytest.approx(30.0, abs=0.05)


# -- intensity: still at motion 0, one element at complexity 0 ----------------------------


#: The stillness tests look at every pixel of every frame: a smaller screen, same mm.
SMALL = ScreenMetrics(800, 500, 2.0)


def frame_changes(activity: CalmingActivity, clock: VirtualClock, frames: int = 30) -> int:
    """The largest change of any pixel channel between consecutive frames."""
    surface = pygame.Surface(activity.context.metrics.size_px)
    activity.draw(surface)
    last = pygame.surfarray.array3d(surface).astype(np.int16)
    worst = 0
    for _ in range(frames):
        clock.advance(DT)
        activity.update(DT)
        activity.draw(surface)
        now = pygame.surfarray.array3d(surface).astype(np.int16)
        worst = max(worst, int(np.abs(now - last).max()))
        last = now
    return worst


@pytest.mark.parametrize("variant", ["jar", "bubbles", "wash"])
def test_at_motion_0_a_scene_changes_only_by_slow_fades(variant) -> None:
    activity, clock = make(variant, motion=0.0, metrics=SMALL)
    play_out(activity, clock, until_play_s=3.0)
    tap(activity, clock, 200.0, 150.0)
    swipe_target = activity.scene if isinstance(activity.scene, GlitterJar) else None
    if swipe_target is not None:
        swipe(activity, clock, 0.9)
    assert frame_changes(activity, clock, frames=60) <= 6


def test_with_motion_the_glitter_visibly_moves() -> None:
    """The stillness test above can fail: the same jar with motion changes a lot."""
    activity, clock = make("jar", motion=1.0, metrics=SMALL)
    play_out(activity, clock, until_play_s=1.0)
    assert frame_changes(activity, clock) > 40


def test_at_complexity_0_the_jar_draws_no_flakes() -> None:
    activity, clock = make("jar", complexity=0.0)
    play_out(activity, clock, until_play_s=2.0)
    surface = pygame.Surface(METRICS.size_px)
    activity.draw(surface)
    x, y, w, h = activity.scene.jar_mm()
    inside = pygame.Rect(*METRICS.to_px(x, y), METRICS.px(w), METRICS.px(h)).inflate(-20, -20)
    colours = {
        tuple(c) for c in pygame.surfarray.array3d(surface.subsurface(inside)).reshape(-1, 3)
    }
    assert len(colours) <= 4  # water tint, pile, the shine (and its edge), no flakes


def test_a_jar_turns_itself_over_until_it_has_settled_enough_times() -> None:
    activity, clock = make("jar", settle_s=6.0, settles=3)
    play_out(activity, clock, until_play_s=300.0)
    result = activity.result
    assert result.completed
    m = values(activity)
    assert m["settles"] == 3 and m["stirs"] == 0
    periods = activity.scene.glitter.periods
    for before, after in itertools.pairwise(periods):
        assert after.stirred_s == pytest.approx(before.settled_s + JAR_REST_S, abs=DT * 1.5)


# -- the noise bed ------------------------------------------------------------------------


class BedRecorder:
    """Stands in for the SoundPlayer: records what the activity asks of the noise bed."""

    def __init__(self) -> None:
        self.held: list[tuple[str, float]] = []
        self.stops = 0
        self.prepared: str | None = None

    def hold_bed(self, colour: str, loudness: float) -> None:
        self.held.append((colour, loudness))

    def stop_bed(self, fade_s: float = 1.0) -> None:
        self.stops += 1

    def prepare_bed(self, colour: str) -> None:
        self.prepared = colour

    def play(self, name: str, loudness: float = 1.0, cue: bool = False) -> None:
        return None


def test_the_noise_bed_plays_while_the_scene_runs_and_stops_on_pause_and_at_the_end() -> None:
    bed = BedRecorder()
    activity, clock = make("wash", duration_s=10.0, sound_bed="brown", sounds=bed)
    assert bed.prepared == "brown"  # built before the first frame
    play_out(activity, clock, until_play_s=2.0)
    assert bed.held and {colour for colour, _ in bed.held} == {"brown"}
    activity.pause(clock.now())
    assert bed.stops == 1
    activity.resume(clock.now() + 5.0)
    clock.advance(5.0)
    play_out(activity, clock)
    assert activity.result.completed and bed.stops == 2
    held = len(bed.held)
    activity.update(DT)
    assert len(bed.held) == held  # nothing after the end


def test_no_noise_bed_unless_the_level_asks_for_one() -> None:
    bed = BedRecorder()
    activity, clock = make("jar", sounds=bed)
    play_out(activity, clock, until_play_s=2.0)
    assert bed.held == []


@pytest.mark.parametrize(
    "level",
    [
        {"variant": "wash", "duration_s": 700.0},
        {"variant": "jar", "settle_s": 100.0, "settles": 7},
        {"variant": "breathing", "pattern": "8 8", "cycles": 40},
    ],
)
def test_a_level_that_cannot_end_before_its_time_limit_is_refused(level) -> None:
    with pytest.raises(SchemaError, match=r"time_limit_s = 600\.0: must leave time for"):
        CalmingActivity.check_level(CalmingActivity.schema.validate(level), Path("configs"))
    CalmingActivity.check_level(
        CalmingActivity.schema.validate({**level, "time_limit_s": 1800.0}), Path("configs")
    )


@pytest.mark.parametrize("name", ["calm", "balanced", "alerting"])
def test_flakes_differ_from_the_water_by_colour_not_brightness(name) -> None:
    """Hundreds of flakes drifting past a spot must not add up to flicker: each is within
    a small step of the water's brightness (the flash analyser's step is 0.1)."""
    palette = SensoryProfile(preset(name)).palette
    water = relative_luminance(glitter_view.water_colour(palette))
    flakes = glitter_view.glitter_colours(palette)
    assert len(set(flakes)) == 4  # four different colours
    for colour in flakes:
        assert abs(relative_luminance(colour) - water) <= 0.06
