"""Drum to the beat: exact timing cases through the activity, hands, patterns, latency,
pauses and the bot."""

from __future__ import annotations

import pytest
from helpers import build_activity, open_activity, play_in_app, play_out

from sensory_games.activities.bilateral.drum.activity import LEAD_IN_S, DrumActivity, pattern_hands
from sensory_games.activities.bilateral.hands import HandTracker
from sensory_games.domain.beat_timing import DeviceLatency
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
_ids = iter(range(1, 10_000))


def make(
    latency_ms: float | None = None, age_band: str = "", **params
) -> tuple[DrumActivity, VirtualClock]:
    """A drum level (60 bpm, 4 beats after 2 of count-in) with a calibration of the
    device delay `latency_ms` at its tempo and cue (None: no calibration)."""
    defaults = {"tempo_bpm": 60.0, "beats": 4, "count_in_beats": 2, "window_ms": 100.0}
    saved = ()
    if latency_ms is not None:
        saved = (DeviceLatency(latency_ms, 5.0, 16, "2026-12-01T10:00:00Z", 60.0),)
    return build_activity(
        DrumActivity,
        {**defaults, **params},
        dominant_hand="right",
        device_latencies=saved,
        age_band=age_band,
    )


def tap(
    activity: DrumActivity, hand: str, t: float, source: str = "touch", x: float | None = None
) -> None:
    """A tap (down and up) on `hand`'s drum at clock time `t`."""
    cx, cy = activity.centres_mm()[hand]
    pid = next(_ids) if source != "key" else (-1 if hand == "left" else -2)
    key_hand = hand if source == "key" else None
    x = cx if x is None else x
    activity.handle(PointerEvent(pid, "down", x, cy, t, source, key_hand))  # type: ignore[arg-type]
    activity.handle(PointerEvent(pid, "up", x, cy, t + 0.08, source, key_hand))  # type: ignore[arg-type]


def test_the_first_scored_beat_follows_the_lead_in_and_count_in() -> None:
    activity, clock = make()
    assert activity.beat_time(0) == pytest.approx(clock.now() + LEAD_IN_S + 2 * 1.0)
    assert activity.beat_time(-2) == pytest.approx(clock.now() + LEAD_IN_S)


def test_a_tap_30_ms_late_reads_plus_30_ms_and_a_missed_beat_counts() -> None:
    activity, clock = make(pattern="alternate")  # beats 0..3: L R L R
    tap(activity, "left", activity.beat_time(0) + 0.030)
    tap(activity, "right", activity.beat_time(1) - 0.020)
    tap(activity, "left", activity.beat_time(2) + 0.150)  # outside the 100 ms window
    # beat 3 (right) is missed
    play_out(activity, clock)
    result = activity.result
    m = {k: v.value for k, v in result.metrics.items()}
    assert result.completed
    assert m["beats_expected"] == 4 and m["taps"] == 3
    assert m["misses"] == 1 and m["extra_taps"] == 0 and m["hits_within_window"] == 2
    assert m["left_asynchrony_mean_ms"] == pytest.approx(90.0)
    assert m["left_asynchrony_mean_abs_ms"] == pytest.approx(90.0)
    assert m["left_asynchrony_sd_ms"] == pytest.approx(84.8528, abs=1e-3)
    assert m["left_within_window_share"] == pytest.approx(0.5)
    assert m["right_asynchrony_mean_ms"] == pytest.approx(-20.0)
    assert m["right_misses"] == 1 and m["right_within_window_share"] == pytest.approx(0.5)
    assert "right_asynchrony_sd_ms" not in m  # one value has no SD
    assert result.accuracy == pytest.approx(2 / 4)
    taps = result.target["taps"]
    assert [t["beat"] for t in taps] == [0, 1, 2]
    assert taps[0]["asynchrony_ms"] == pytest.approx(30.0)
    assert result.target["beats"] == [["left"], ["right"], ["left"], ["right"]]


def test_two_fingers_on_one_side_are_not_two_hands() -> None:
    activity, clock = make(pattern="both", beats=4)
    t = activity.beat_time(0)
    left_x, y = activity.centres_mm()["left"]
    activity.handle(PointerEvent(1, "down", left_x, y, t, "touch"))
    activity.handle(PointerEvent(2, "down", left_x + 5, y, t + 0.01, "touch"))  # same side
    activity.handle(PointerEvent(1, "up", left_x, y, t + 0.08, "touch"))
    activity.handle(PointerEvent(2, "up", left_x + 5, y, t + 0.09, "touch"))
    play_out(activity, clock)
    m = {k: v.value for k, v in activity.result.metrics.items()}
    assert m["taps"] == 1  # the second finger belonged to no hand
    assert m["left_expected"] == 4 and m["right_expected"] == 4
    assert m["right_misses"] == 4 and m["left_misses"] == 3


def test_a_tap_lands_on_the_hand_of_its_half_even_off_the_drum() -> None:
    activity, clock = make(pattern="right", beats=4)
    for k in range(4):
        tap(activity, "right", activity.beat_time(k), x=METRICS.width_mm - 3.0)
    play_out(activity, clock)
    assert activity.result.accuracy == 1.0


def test_hand_keys_tap_their_drums_and_the_variant_says_keys() -> None:
    activity, clock = make(pattern="alternate")
    for k in range(4):
        tap(activity, "left" if k % 2 == 0 else "right", activity.beat_time(k), source="key")
    play_out(activity, clock)
    assert activity.result.accuracy == 1.0
    assert activity.variant == "keys"


def test_the_variant_records_how_the_child_played() -> None:
    activity, _ = make()
    assert activity.variant == "none"
    tap(activity, "left", activity.beat_time(0), source="mouse")
    assert activity.variant == "mouse"
    tap(activity, "right", activity.beat_time(1))
    assert activity.variant == "mixed"


def test_the_device_latency_is_subtracted_and_raw_values_kept() -> None:
    activity, clock = make(latency_ms=40.0, pattern="left", beats=4, window_ms=20.0)
    for k in range(4):
        tap(activity, "left", activity.beat_time(k) + 0.050)
    play_out(activity, clock)
    m = {k: v.value for k, v in activity.result.metrics.items()}
    assert m["left_asynchrony_mean_ms"] == pytest.approx(10.0)
    assert m["left_asynchrony_mean_abs_raw_ms"] == pytest.approx(50.0)
    assert m["device_delay_ms"] == 40.0
    assert activity.result.accuracy == 1.0  # 10 ms corrected is within 20 ms
    assert activity.result.target["taps"][0]["asynchrony_raw_ms"] == pytest.approx(50.0)


def test_count_in_taps_are_not_scored() -> None:
    activity, clock = make(pattern="left", beats=4)
    tap(activity, "left", activity.beat_time(-2))
    tap(activity, "left", activity.beat_time(-1))
    play_out(activity, clock)
    m = {k: v.value for k, v in activity.result.metrics.items()}
    assert m["count_in_taps"] == 2 and m["taps"] == 0 and m["misses"] == 4


def test_custom_sequences_repeat_and_rests_expect_nothing() -> None:
    hands = pattern_hands("custom", "l b -", 7)
    assert [sorted(h) for h in hands] == [
        ["left"],
        ["left", "right"],
        [],
        ["left"],
        ["left", "right"],
        [],
        ["left"],
    ]
    with pytest.raises(SchemaError, match="sequence"):
        pattern_hands("custom", "L X", 4)
    with pytest.raises(SchemaError, match="at least one"):
        pattern_hands("custom", "- -", 4)


def test_completion_time_is_first_beat_to_the_end_of_the_last_beats_window() -> None:
    activity, clock = make(tempo_bpm=120.0, beats=8)
    play_out(activity, clock)
    assert activity.result.completion_time_s == pytest.approx(7 * 0.5 + 0.25)
    assert activity.result.accuracy == 0.0  # nothing tapped: every beat missed


def test_an_adult_pause_moves_the_beat_on_instead_of_missing_it() -> None:
    activity, clock = make(pattern="left", beats=4)
    before = activity.beat_time(0)
    clock.advance(1.0)
    activity.pause(clock.now())
    clock.advance(30.0)
    activity.resume(clock.now())
    assert activity.beat_time(0) == pytest.approx(before + 30.0)
    for k in range(4):
        tap(activity, "left", activity.beat_time(k))
    play_out(activity, clock)
    assert activity.result.accuracy == 1.0
    assert activity.result.duration_s == pytest.approx(activity.track.end, abs=0.02)


def test_taps_before_and_after_a_pause_both_line_up_with_their_beats() -> None:
    activity, clock = make(pattern="left", beats=8)
    for k in range(4):
        tap(activity, "left", activity.beat_time(k) + 0.01)
    clock.advance(activity.beat_time(4) - 0.3 - clock.now())
    activity.update(1 / 60)
    activity.pause(clock.now())
    clock.advance(10.0)
    activity.resume(clock.now())
    for k in range(4, 8):
        tap(activity, "left", activity.beat_time(k) + 0.01)
    play_out(activity, clock)
    m = {k: v.value for k, v in activity.result.metrics.items()}
    assert activity.result.accuracy == 1.0
    assert (m["misses"], m["extra_taps"]) == (0, 0)
    assert m["left_asynchrony_mean_ms"] == pytest.approx(10.0)


def test_progress_dots_count_beats_whose_time_is_over_and_stay_full_at_the_end() -> None:
    activity, clock = make(beats=4, count_in_beats=0)
    assert activity.beats_done == 0
    clock.advance(activity.beat_time(1) + 0.51 - clock.now())
    assert activity.beats_done == 2
    play_out(activity, clock)
    assert activity.beats_done == 4


def test_the_count_in_cut_off_uses_the_corrected_tap_time() -> None:
    """With an adult who taps early (negative offset), an early tap on the first beat is
    that beat's hit, not a count-in tap."""
    activity, clock = make(latency_ms=-60.0, pattern="left", beats=4, window_ms=100.0)
    tap(activity, "left", activity.beat_time(0) - 0.55)  # corrected: 0.49 s early
    play_out(activity, clock)
    m = {k: v.value for k, v in activity.result.metrics.items()}
    assert m["count_in_taps"] == 0 and m["extra_taps"] == 0 and m["misses"] == 3


class Sounds:
    """Records what an activity asks to play."""

    def __init__(self) -> None:
        self.played: list[tuple[str, float]] = []
        self.leads: list[float] = []

    def play(self, name: str, loudness: float = 1.0, cue: bool = False, lead_s: float = 0) -> None:
        self.played.append((name, loudness))
        self.leads.append(lead_s)
        assert cue == (name == "beat")  # a beat click has its own voice


@pytest.mark.parametrize("guide_sounds", [True, False])
def test_a_click_on_every_beat_count_in_included_only_with_guide_sounds(guide_sounds) -> None:
    activity, clock = make(beats=4, count_in_beats=2, guide_sounds=guide_sounds)
    sounds = Sounds()
    activity.sounds = sounds  # type: ignore[assignment]
    heard_at = []  # clock time of each click's first audible sample
    while activity.result is None:
        clock.advance(1 / 60)
        before = len(sounds.played)
        activity.update(1 / 60)
        heard_at += [clock.now() + lead for lead in sounds.leads[before:]]
    if guide_sounds:
        expected = [activity.beat_time(k) for k in range(-2, 4)]
        assert heard_at == [pytest.approx(t, abs=0.002) for t in expected]
        assert {name for name, _ in sounds.played} == {"beat"}
    else:
        assert heard_at == [] and activity.click_starts == []


def test_hand_tracker_keeps_one_contact_per_hand() -> None:
    hands = HandTracker()
    assert hands.hand_of(PointerEvent(1, "down", 10, 10, 0.0, "touch"), 100.0) == "left"
    assert hands.hand_of(PointerEvent(2, "down", 20, 10, 0.0, "touch"), 100.0) is None
    assert hands.hand_of(PointerEvent(1, "move", 150, 10, 0.1, "touch"), 100.0) == "left"
    assert hands.contacts["left"].position_mm == (150, 10)  # crossing the middle: still left
    assert hands.hand_of(PointerEvent(3, "down", 160, 10, 0.2, "touch"), 100.0) == "right"
    assert hands.hand_of(PointerEvent(2, "up", 20, 10, 0.3, "touch"), 100.0) is None
    assert hands.hand_of(PointerEvent(1, "up", 150, 10, 0.3, "touch"), 100.0) == "left"
    assert not hands.holding("left") and hands.holding("right")
    key = PointerEvent(-1, "down", 150, 10, 0.4, "key", "left")
    assert hands.hand_of(key, 100.0) == "left"  # a key carries its hand, wherever it presses
    assert hands.input_mode == "mixed"


@pytest.mark.parametrize("skill", [0.95, 0.2])
def test_the_bot_plays_plausibly_per_hand(make_app, repository, clock, skill) -> None:
    """Skilled: most beats within the window, small asynchrony for both hands. Unskilled:
    misses, extra taps and a wider spread."""
    app = make_app()
    figures = []
    for seed in (1, 2, 3):
        scene = open_activity(app, repository, "bilateral_drum", 3, seed=seed)
        bot = scene.activity.bot_class(scene.activity, seed, skill)
        saved = lambda scene=scene: scene.saved is not None  # noqa: E731
        assert play_in_app(app, clock, bot, saved, 300.0, render=False), "it never ended"
        figures.append({k: v.value for k, v in scene.saved.result.metrics.items()})
        app.stage.navigation.reset_to_root()
    mean = {k: sum(f.get(k, 0.0) for f in figures) / 3 for k in figures[0]}
    for hand in ("left", "right"):
        assert mean[f"{hand}_expected"] == 12
        if skill > 0.9:
            assert mean[f"{hand}_within_window_share"] >= 0.9
            assert mean[f"{hand}_asynchrony_mean_abs_ms"] < 60
        else:
            assert mean[f"{hand}_within_window_share"] < 0.85
            assert mean[f"{hand}_asynchrony_sd_ms"] > 60
    if skill < 0.5:
        assert mean["misses"] > 0 and mean["extra_taps"] > 0


@pytest.mark.parametrize("jitter", [False, True])
def test_each_click_is_heard_within_2_ms_of_its_beat_at_60_hz_and_jittery_frames(jitter) -> None:
    """The click of a beat due before the next frame is started now with leading silence:
    play time + silence lands on the beat (the old way, on the first frame after it: up
    to 16.7 ms late at 60 Hz)."""
    import random

    activity, clock = make(tempo_bpm=97.0, beats=24, count_in_beats=4)
    activity.sounds = Sounds()  # type: ignore[assignment]
    rng = random.Random(7)
    while activity.result is None:
        dt = rng.uniform(0.008, 0.033) if jitter else 1 / 60
        clock.advance(dt)
        activity.update(dt)
    beats = [activity.track.time_of(k) for k in range(-4, 24)]
    assert len(activity.click_starts) == len(beats)
    errors_ms = [
        abs(heard - beat) * 1000 for heard, beat in zip(activity.click_starts, beats, strict=True)
    ]
    assert max(errors_ms) <= 2.0
    assert max(activity.sounds.leads) <= 0.05  # (never more silence than a Sound holds)


def test_both_hands_gap_is_the_mean_left_right_difference_on_both_beats() -> None:
    activity, clock = make(pattern="both", beats=4)
    tap(activity, "left", activity.beat_time(0) + 0.010)
    tap(activity, "right", activity.beat_time(0) - 0.020)  # 30 ms apart
    tap(activity, "left", activity.beat_time(1))
    tap(activity, "right", activity.beat_time(1) + 0.050)  # 50 ms apart
    tap(activity, "left", activity.beat_time(2))  # one hand only: no gap
    tap(activity, "left", activity.beat_time(3) + 0.005)
    tap(activity, "right", activity.beat_time(3) + 0.005)  # together: 0 ms
    play_out(activity, clock)
    m = {k: v.value for k, v in activity.result.metrics.items()}
    assert m["both_hands_beats"] == 3
    assert m["both_hands_gap_ms"] == pytest.approx((30 + 50 + 0) / 3, abs=0.01)


def test_no_both_beats_means_no_gap_figures() -> None:
    activity, clock = make(pattern="alternate", beats=4)
    play_out(activity, clock)
    assert "both_hands_gap_ms" not in activity.result.metrics
    assert "both_hands_beats" not in activity.result.metrics


def test_the_age_band_chooses_the_tempo() -> None:
    young, _ = make(age_band="3-5", tempo_by_age="3-5=140 6-8=120")
    assert young.tempo_bpm == 140.0
    assert young.track.interval_s == pytest.approx(60 / 140)
    assert young.result is None
    older, _ = make(age_band="9-12", tempo_by_age="3-5=140 6-8=120")
    assert older.tempo_bpm == 60.0  # not listed: the level's tempo_bpm
    assert older.track.interval_s == pytest.approx(1.0)


@pytest.mark.parametrize("value", ["3-5=200", "4-6=100", "3-5=140 3-5=120", "3-5:140", "3-5=fast"])
def test_a_bad_tempo_by_age_names_the_key_the_value_and_what_is_allowed(value) -> None:
    with pytest.raises(SchemaError) as error:
        make(tempo_by_age=value)
    assert error.value.key == "tempo_by_age" and error.value.value == value
    assert "bands 3-5, 6-8, 9-12, 13+, tempos 30 to 150 bpm" in str(error.value)


def test_the_calibration_of_the_levels_cue_at_the_nearest_tempo_is_used() -> None:
    saved = (
        DeviceLatency(30.0, 5.0, 16, "2026-12-01T10:00:00Z", 60.0, "sound_and_glow", -42.0),
        DeviceLatency(35.0, 5.0, 16, "2026-12-01T10:00:00Z", 120.0, "sound_and_glow", -32.5),
        DeviceLatency(50.0, 5.0, 16, "2026-12-01T10:00:00Z", 90.0, "sound", -36.7),
    )
    params = {"tempo_bpm": 100.0, "beats": 4, "count_in_beats": 2}
    glow, _ = build_activity(DrumActivity, params, device_latencies=saved)
    assert glow.cue == "sound_and_glow" and glow.latency_ms == 35.0  # 120 is nearer than 60
    sound, clock = build_activity(
        DrumActivity, {**params, "visual_cue": False}, device_latencies=saved
    )
    assert sound.cue == "sound" and sound.latency_ms == 50.0
    play_out(sound, clock)
    m = {k: v.value for k, v in sound.result.metrics.items()}
    assert m["device_delay_ms"] == 50.0
    # hypot(25 (an adult's habit), 1.2533 x 1.4826 x 5 / sqrt(16) = 2.32) = 25.1 ms
    assert m["device_delay_uncertainty_ms"] == pytest.approx(25.1, abs=0.05)
    assert sound.result.target["calibration"]["tempo_bpm"] == 90.0


def test_the_shipped_levels_start_each_age_band_at_its_comfortable_tempo(config) -> None:
    from sensory_games.activities import load_activity_levels
    from sensory_games.activities.bilateral.drum.params import level_tempo

    levels = load_activity_levels("bilateral_drum", config.config_dir)
    first = {band: level_tempo(levels[0].parameters, band) for band in ("3-5", "6-8", "9-12")}
    assert first == {"3-5": 140.0, "6-8": 120.0, "9-12": 105.0}  # 0.43, 0.5, 0.57 s
    for band in ("3-5", "6-8", "9-12", "13+"):
        tempos = [level_tempo(level.parameters, band) for level in levels]
        assert max(tempos) == tempos[0]  # later levels move away (slower), never faster


def test_a_bad_tempo_by_age_in_a_clinic_file_names_the_file_level_and_value(config_copy) -> None:
    from sensory_games.activities import load_activity_levels
    from sensory_games.domain.yaml_files import ConfigError

    file = config_copy / "activities" / "bilateral_drum.yaml"
    file.write_text(file.read_text().replace("3-5=120 6-8=105 9-12=95", "3-5=120 6-8=250", 1))
    with pytest.raises(ConfigError) as error:
        load_activity_levels("bilateral_drum", config_copy)
    said = str(error.value)
    assert "bilateral_drum.yaml" in said and "levels[3].tempo_by_age" in said
    assert "3-5=120 6-8=250" in said and "tempos 30 to 150 bpm" in said
