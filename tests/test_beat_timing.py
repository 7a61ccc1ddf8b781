"""Beat timing: exact cases for asynchrony, hits, misses, extra taps and the latency
estimate (sensory_games.domain.beat_timing)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensory_games.domain.beat_timing import (
    CALIBRATION_MAX_SPREAD_MS,
    BeatTrack,
    DeviceLatency,
    Tap,
    both_hands_gap,
    click_lead,
    cue_of,
    estimate_latency,
    expected_adult_habit_ms,
    latency_for,
    score_taps,
    summarise,
)

L, R, B, REST = frozenset({"left"}), frozenset({"right"}), frozenset({"left", "right"}), frozenset()


def track(*hands: frozenset[str], start: float = 10.0, interval: float = 0.5) -> BeatTrack:
    return BeatTrack(start, interval, tuple(hands))


def test_a_tap_30_ms_late_reads_plus_30_ms() -> None:
    beats = track(L)
    [scored] = score_taps(beats, [Tap(10.030, "left")], window_ms=50)
    assert scored.beat == 0
    assert scored.asynchrony_raw_ms == pytest.approx(30.0)
    assert scored.asynchrony_ms == pytest.approx(30.0)
    assert scored.within_window


def test_an_early_tap_is_negative_and_outside_the_window_when_too_early() -> None:
    beats = track(L)
    [scored] = score_taps(beats, [Tap(9.880, "left")], window_ms=100)
    assert scored.asynchrony_ms == pytest.approx(-120.0)
    assert scored.hit and not scored.within_window


def test_the_window_edge_counts_as_within() -> None:
    beats = track(L)
    [scored] = score_taps(beats, [Tap(10.1, "left")], window_ms=100)
    assert scored.asynchrony_ms == pytest.approx(100.0)
    assert scored.within_window


def test_a_missed_beat_counts_for_its_hand() -> None:
    beats = track(L, R, L, R)
    taps = [Tap(10.0, "left"), Tap(10.5, "right"), Tap(11.5, "right")]  # beat 2 (left) missed
    scored = score_taps(beats, taps, window_ms=50)
    left, right = summarise(beats, scored, ("left",)), summarise(beats, scored, ("right",))
    assert (left.expected, left.hits, left.misses) == (2, 1, 1)
    assert (right.expected, right.hits, right.misses) == (2, 2, 0)
    assert left.within_window_share == pytest.approx(0.5)
    assert right.within_window_share == pytest.approx(1.0)


def test_the_wrong_hand_a_second_tap_and_a_tap_on_a_rest_are_extra_taps() -> None:
    beats = track(L, REST, R)
    taps = [
        Tap(10.01, "left"),  # hit
        Tap(10.05, "left"),  # a second tap for the same beat: the nearer one is the hit
        Tap(10.0, "right"),  # the wrong hand for beat 0
        Tap(10.5, "left"),  # a tap on a rest
    ]
    scored = score_taps(beats, taps, window_ms=50)
    assert [s.beat for s in scored] == [0, None, None, None]
    overall = summarise(beats, scored)
    assert (overall.expected, overall.hits, overall.misses, overall.extra_taps) == (2, 1, 1, 3)


def test_of_two_taps_for_one_beat_the_nearer_one_is_the_hit_whatever_the_order() -> None:
    beats = track(R)
    scored = score_taps(beats, [Tap(10.2, "right"), Tap(10.03, "right")], window_ms=50)
    assert [s.beat for s in scored] == [None, 0]
    assert scored[1].asynchrony_ms == pytest.approx(30.0)


def test_a_tap_belongs_to_the_nearest_beat() -> None:
    beats = track(L, L)  # beats at 10.0 and 10.5
    scored = score_taps(beats, [Tap(10.26, "left")], window_ms=300)
    assert scored[0].beat == 1 and scored[0].asynchrony_ms == pytest.approx(-240.0)


def test_taps_before_the_first_or_after_the_last_capture_range_belong_to_no_beat() -> None:
    beats = track(L, L)
    scored = score_taps(beats, [Tap(9.7, "left"), Tap(10.8, "left")], window_ms=1000)
    assert [s.beat for s in scored] == [None, None]


def test_both_hands_on_a_both_beat_are_two_hits_with_their_own_asynchrony() -> None:
    beats = track(B)
    scored = score_taps(beats, [Tap(10.02, "left"), Tap(9.99, "right")], window_ms=50)
    assert [s.asynchrony_ms for s in scored] == [pytest.approx(20.0), pytest.approx(-10.0)]
    overall = summarise(beats, scored)
    assert (overall.expected, overall.hits, overall.within_window) == (2, 2, 2)


def test_the_latency_offset_is_taken_off_and_the_raw_value_kept() -> None:
    beats = track(L, L)
    taps = [Tap(10.060, "left"), Tap(10.540, "left")]
    scored = score_taps(beats, taps, window_ms=30, latency_ms=50.0)
    assert [s.asynchrony_raw_ms for s in scored] == [pytest.approx(60.0), pytest.approx(40.0)]
    assert [s.asynchrony_ms for s in scored] == [pytest.approx(10.0), pytest.approx(-10.0)]
    assert all(s.within_window for s in scored)  # within 30 ms only once corrected
    summary = summarise(beats, scored)
    assert summary.asynchrony_mean_abs_ms == pytest.approx(10.0)
    assert summary.asynchrony_mean_ms == pytest.approx(0.0)
    assert summary.asynchrony_mean_abs_raw_ms == pytest.approx(50.0)
    assert summary.asynchrony_sd_ms == pytest.approx(14.1421, abs=1e-3)


def test_summary_statistics_of_one_hand() -> None:
    beats = track(R, R, R, R)
    taps = [Tap(10.0 + 0.5 * k + e / 1000, "right") for k, e in enumerate((-20, 10, 40, -10))]
    summary = summarise(beats, score_taps(beats, taps, window_ms=25), ("right",))
    assert summary.asynchrony_mean_abs_ms == pytest.approx(20.0)
    assert summary.asynchrony_mean_ms == pytest.approx(5.0)
    assert summary.asynchrony_sd_ms == pytest.approx(700**0.5)  # sample SD (n - 1)
    assert summary.within_window == 3 and summary.within_window_share == pytest.approx(0.75)


def test_no_taps_means_every_expected_beat_is_a_miss_and_no_asynchrony() -> None:
    beats = track(L, R, B)
    summary = summarise(beats, score_taps(beats, [], window_ms=50))
    assert (summary.expected, summary.misses, summary.hits) == (4, 4, 0)
    assert summary.asynchrony_mean_abs_ms is None and summary.asynchrony_sd_ms is None
    assert summary.within_window_share == 0.0


def test_a_beat_track_needs_a_positive_interval() -> None:
    with pytest.raises(ValueError, match="positive"):
        BeatTrack(0.0, 0.0, (L,))


def test_tempo_sets_the_interval() -> None:
    assert BeatTrack.from_tempo(0.0, 120.0, (L, R)).interval_s == pytest.approx(0.5)


@given(
    st.lists(st.tuples(st.floats(9.0, 13.0), st.sampled_from(["left", "right"])), max_size=40),
    st.floats(0.0, 200.0),
)
def test_counts_always_add_up(taps: list[tuple[float, str]], latency: float) -> None:
    """Hits + misses = expected, hits + extra taps = taps, for any taps at all."""
    beats = track(L, R, B, REST, L, R)
    scored = score_taps(beats, [Tap(t, h) for t, h in taps], window_ms=80, latency_ms=latency)
    overall = summarise(beats, scored)
    assert overall.hits + overall.misses == overall.expected == 6
    assert overall.hits + overall.extra_taps == len(taps)
    assert overall.within_window <= overall.hits
    for tap in scored:
        if tap.hit:
            assert abs(tap.asynchrony_ms) <= 250.0 + 1e-6  # never beyond half an interval


def test_latency_estimate_is_the_median_asynchrony_of_each_beats_nearest_tap() -> None:
    beats = BeatTrack(0.0, 0.75, (frozenset(),) * 10)
    errors_ms = [40, 35, 50, 45, 38, 42, 60, 41, 39, 44]
    taps = [k * 0.75 + e / 1000 for k, e in enumerate(errors_ms)]
    taps.append(3 * 0.75 + 0.2)  # a stray second tap on beat 3: the nearer one counts
    estimate = estimate_latency(beats, taps)
    assert estimate.taps_used == 10
    assert estimate.offset_ms == pytest.approx(41.5)
    assert estimate.spread_ms == pytest.approx(3.0)
    assert estimate.trustworthy


def test_a_latency_estimate_from_too_few_or_too_uneven_taps_is_not_trusted() -> None:
    beats = BeatTrack(0.0, 0.75, (frozenset(),) * 10)
    few = estimate_latency(beats, [0.04, 0.79, 1.54])
    assert few.taps_used == 3 and not few.trustworthy
    uneven = [k * 0.75 + (0.3 if k % 2 else -0.3) for k in range(10)]
    assert not estimate_latency(beats, uneven).trustworthy
    assert estimate_latency(beats, []).offset_ms is None


def test_the_device_delay_is_the_measured_median_less_the_expected_adult_habit() -> None:
    """An adult tapping at 80 bpm to the click: 41.5 ms measured (the device's delay and
    their own habit together); a typical adult taps 20 + 25 x 0.75 = 38.75 ms early, so the
    device delay is 41.5 + 38.75 = 80.25 ms."""
    beats = BeatTrack(0.0, 0.75, (frozenset(),) * 10)
    errors_ms = [40, 35, 50, 45, 38, 42, 60, 41, 39, 44]
    taps = [k * 0.75 + e / 1000 for k, e in enumerate(errors_ms)]
    habit = expected_adult_habit_ms(80.0, "sound_and_glow")
    assert habit == pytest.approx(-38.75)
    estimate = estimate_latency(beats, taps, habit)
    assert estimate.measured_ms == pytest.approx(41.5)
    assert estimate.offset_ms == pytest.approx(80.25)


def test_a_device_delay_that_cannot_be_real_is_not_trusted() -> None:
    """A tester tapped steadily but between the clicks: at 60 bpm the taps sat 281 ms
    early, less a typical adult's -45 ms: a device delay of -236 ms, which no device has
    (the least allowed is minus the habit's uncertainty, -25 ms to a click); at 120 bpm
    +222 ms, beyond 0.4 of the 500 ms beat (200 ms). A real 80 ms device is trusted."""

    def steady(interval_s: float, off_ms: float) -> list[float]:
        jitter = [0, 5, -5, 3, -3, 2, -2, 4, -4, 1, -1, 0]
        return [k * interval_s + (off_ms + j) / 1000 for k, j in enumerate(jitter)]

    at_60 = BeatTrack(0.0, 1.0, (frozenset(),) * 12)
    habit_60 = expected_adult_habit_ms(60.0, "sound_and_glow")
    early = estimate_latency(at_60, steady(1.0, -281.0), habit_60, "sound_and_glow")
    assert early.steady and early.offset_ms == pytest.approx(-236.0)
    assert not early.possible and not early.trustworthy
    at_120 = BeatTrack(0.0, 0.5, (frozenset(),) * 12)
    habit_120 = expected_adult_habit_ms(120.0, "sound_and_glow")
    late = estimate_latency(at_120, steady(0.5, 190.0), habit_120, "sound_and_glow")
    assert late.offset_ms == pytest.approx(222.5) and late.most_ms == pytest.approx(200.0)
    assert not late.trustworthy
    real = estimate_latency(at_60, steady(1.0, 35.0), habit_60, "sound_and_glow")
    assert real.offset_ms == pytest.approx(80.0) and real.trustworthy
    slightly = estimate_latency(at_60, steady(1.0, -65.0), habit_60, "sound_and_glow")
    assert slightly.offset_ms == pytest.approx(-20.0) and slightly.trustworthy  # within habit


def test_the_expected_habit_grows_with_the_beat_interval_and_is_not_assumed_for_a_glow() -> None:
    assert expected_adult_habit_ms(60.0, "sound") == pytest.approx(-45.0)  # 20 + 25 x 1.0
    assert expected_adult_habit_ms(120.0, "sound_and_glow") == pytest.approx(-32.5)
    assert expected_adult_habit_ms(120.0, "glow") == 0.0
    assert cue_of(True, True) == "sound_and_glow" and cue_of(True, False) == "sound"
    assert cue_of(False, True) == "glow"


def test_the_accepted_spread_is_30_ms_median_absolute_deviation() -> None:
    beats = BeatTrack(0.0, 0.75, (frozenset(),) * 10)
    # asynchronies alternate 0 / 62 ms: median 31 (between the two middles), MAD 31
    wide = [k * 0.75 + (0.062 if k % 2 else 0.0) for k in range(10)]
    estimate = estimate_latency(beats, wide)
    assert estimate.spread_ms == pytest.approx(31.0) and not estimate.trustworthy
    assert CALIBRATION_MAX_SPREAD_MS == 30.0
    steadier = [k * 0.75 + (0.058 if k % 2 else 0.0) for k in range(10)]
    assert estimate_latency(beats, steadier).trustworthy


def test_the_stated_uncertainty_combines_the_habit_and_the_medians_error() -> None:
    saved = DeviceLatency(70.0, 10.0, 16, "2026-12-01T10:00:00Z", 90.0, "sound", -36.7)
    # 1.2533 x 1.4826 x 10 / sqrt(16) = 4.645 ms; hypot(25, 4.645) = 25.43 ms
    assert saved.uncertainty_ms == pytest.approx(25.43, abs=0.01)
    glow = DeviceLatency(70.0, 10.0, 16, "2026-12-01T10:00:00Z", 90.0, "glow", 0.0)
    assert glow.uncertainty_ms == pytest.approx(40.27, abs=0.01)  # hypot(40, 4.645)


def test_a_level_uses_its_cues_calibration_at_the_nearest_tempo_else_any_cue() -> None:
    at = "2026-12-01T10:00:00Z"
    slow = DeviceLatency(30.0, 5.0, 16, at, 60.0, "sound_and_glow")
    fast = DeviceLatency(35.0, 5.0, 16, at, 120.0, "sound_and_glow")
    sound = DeviceLatency(50.0, 5.0, 16, at, 90.0, "sound")
    saved = (slow, fast, sound)
    assert latency_for(saved, 80.0, "sound_and_glow") is slow
    assert latency_for(saved, 100.0, "sound_and_glow") is fast
    assert latency_for(saved, 140.0, "sound") is sound  # its cue beats a nearer tempo
    assert latency_for((slow, fast), 100.0, "sound") is fast  # no "sound": nearest tempo
    assert latency_for((), 100.0, "sound") is None


@pytest.mark.parametrize(
    ("beat", "now", "frame", "lead"),
    [
        (10.0, 9.99, 1 / 60, 0.01),  # due before the next frame: start now, 10 ms silence
        (10.0, 9.95, 1 / 60, None),  # 50 ms off, frames 16.7 ms apart: wait
        (10.0, 9.97, 1 / 60, 0.03),  # within two frames (a late frame is allowed for)
        (10.0, 9.94, 0.04, None),  # never more than 50 ms of silence
        (10.0, 10.004, 1 / 60, 0.0),  # a frame came late: at once, 4 ms late
    ],
)
def test_a_click_is_started_with_the_silence_that_puts_it_on_its_beat(
    beat, now, frame, lead
) -> None:
    got = click_lead(beat, now, frame)
    assert got == (None if lead is None else pytest.approx(lead))


def test_both_hands_gap_counts_only_both_beats_hit_by_each_hand() -> None:
    beats = track(B, B, L, B, start=0.0, interval=0.5)
    taps = [
        Tap(0.010, "left"),
        Tap(-0.020, "right"),  # 30 ms
        Tap(0.500, "left"),  # beat 1: the right hand missed
        Tap(1.000, "left"),  # beat 2 asks for one hand: no gap
        Tap(1.480, "left"),
        Tap(1.520, "right"),  # 40 ms
    ]
    gap, count = both_hands_gap(beats, score_taps(beats, taps, window_ms=100))
    assert count == 2 and gap == pytest.approx(35.0)
    assert both_hands_gap(beats, []) == (None, 0)
