"""Drum to the beat (reciprocal / symmetric timing): tap the left and right drums with
a steady beat, in a pattern (left, right, left... / both together / a custom sequence).

The beat is shown (the drum to tap glows; with motion on, a ring closes in on it as the
beat nears) and heard (a soft click, sound channel, started ahead with leading silence
so that it sounds on the beat, not on the next frame). A count-in of a few beats comes
first and is not scored. The tempo is the level's for the child's age band (params.level_tempo). Tap
times are the input layer's poll times; the device's delay from the tap-along
calibration for the level's tempo and cue is taken off (raw and corrected values are
both kept). Scoring lives in :mod:`sensory_games.domain.beat_timing`; metrics are in
docs/metrics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pygame

from sensory_games.activities.base import ActivityContext
from sensory_games.activities.bilateral.drum import view
from sensory_games.activities.bilateral.drum.bot import DrumBot
from sensory_games.activities.bilateral.drum.params import SCHEMA, level_tempo, tempo_by_age
from sensory_games.activities.bilateral.hands import HANDS
from sensory_games.activities.bilateral.two_handed import TwoHandedActivity, per_hand_chart
from sensory_games.domain import scoring
from sensory_games.domain.beat_timing import (
    BeatTrack,
    HandTiming,
    Tap,
    both_hands_gap,
    click_lead,
    cue_of,
    latency_for,
    score_taps,
    summarise,
)
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import GOAL_DRUM
from sensory_games.domain.report_spec import Chart, Measure
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.audio import lead_bucket_ms
from sensory_games.ui.damage import MovingParts
from sensory_games.ui.spare_time import SpareTime

#: Quiet time (s) from the drums appearing to the first count-in beat.
LEAD_IN_S = 1.2
#: The next frame is expected at least this long (s) after the current one (60 Hz).
FRAME_S = 1 / 60
#: Letters of a custom sequence: which hands tap on that beat.
SEQUENCE_LETTERS: dict[str, frozenset[str]] = {
    "L": frozenset({"left"}),
    "R": frozenset({"right"}),
    "B": frozenset({"left", "right"}),
    "-": frozenset(),
}


def pattern_hands(pattern: str, sequence: str, beats: int) -> list[frozenset[str]]:
    """The hands expected on each of `beats` beats (raises SchemaError for a bad sequence)."""
    if pattern == "alternate":
        cycle = [SEQUENCE_LETTERS["L"], SEQUENCE_LETTERS["R"]]
    elif pattern == "both":
        cycle = [SEQUENCE_LETTERS["B"]]
    elif pattern in ("left", "right"):
        cycle = [frozenset({pattern})]
    else:
        letters = sequence.upper().split()
        bad = [letter for letter in letters if letter not in SEQUENCE_LETTERS]
        if bad or not letters:
            raise SchemaError(
                "sequence", sequence, "must be letters L, R, B or - separated by spaces"
            )
        if not any(SEQUENCE_LETTERS[letter] for letter in letters):
            raise SchemaError("sequence", sequence, "needs at least one L, R or B")
        cycle = [SEQUENCE_LETTERS[letter] for letter in letters]
    return [cycle[k % len(cycle)] for k in range(beats)]


#: The timing figures reported overall and for each hand (prefixed left_ / right_), with
#: their units, and the counts reported for each hand only.
TIMING_UNITS: dict[str, str] = {
    "asynchrony_mean_abs_ms": "ms",
    "asynchrony_mean_ms": "ms",
    "asynchrony_sd_ms": "ms",
    "asynchrony_mean_abs_raw_ms": "ms",
    "asynchrony_mean_raw_ms": "ms",
    "within_window_share": "0..1",
}
HAND_COUNTS = ("expected", "misses", "extra_taps")
HAND_PREFIXES = tuple(f"{hand}_" for hand in HANDS)


@dataclass(frozen=True)
class TapMark:
    """A tap to show: when (clock s), which hand, and whether its ripple was granted."""

    t: float
    hand: str
    ripple: bool


#: The drum measures followed: titles and a family's words (the report's summary).
OFF_BEAT = N_("Time off the beat (mean |asynchrony|)")
OFF_BEAT_PLAIN = N_("how far the taps were from the beat")
ON_TIME_PLAIN = N_("the beats hit on time")


class DrumActivity(TwoHandedActivity):
    """Tap the drums with the beat; scored per hand by asynchrony to the beat."""

    slug: ClassVar[str] = "bilateral_drum"
    title: ClassVar[str] = N_("Drum to the beat")
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_DRUM,)
    recorded_metrics: ClassVar[dict[str, str]] = {
        "beats_expected": "count",
        "taps": "count",
        "hits_within_window": "count",
        "misses": "count",
        "extra_taps": "count",
        "count_in_taps": "count",
        "device_delay_ms": "ms",
        "device_delay_uncertainty_ms": "ms",
        "both_hands_beats": "count",
        "both_hands_gap_ms": "ms",
        **{
            f"{prefix}{name}": unit
            for prefix in ("", *HAND_PREFIXES)
            for name, unit in TIMING_UNITS.items()
        },
        **{f"{prefix}{name}": "count" for prefix in HAND_PREFIXES for name in HAND_COUNTS},
    }
    signed_metrics: ClassVar[frozenset[str]] = frozenset(
        f"{prefix}{name}"
        for prefix in ("", *HAND_PREFIXES)
        for name in ("asynchrony_mean_ms", "asynchrony_mean_raw_ms")
    )
    target_name: ClassVar[str] = "drum"
    schema = SCHEMA
    bot_class = DrumBot
    #: How close to the beat, and how many beats on time; never the completion time (the
    #: pattern's length fixes it).
    report_followed: ClassVar[tuple[Measure, ...]] = (
        Measure("asynchrony_mean_abs_ms", OFF_BEAT, OFF_BEAT_PLAIN, "lower", 20.0, N_("ms")),
        Measure("accuracy", N_("Beats hit on time"), ON_TIME_PLAIN, "higher", 0.05, percent=True),
    )
    report_charts: ClassVar[tuple[Chart, ...]] = (
        per_hand_chart(
            N_("Timing per hand: mean |asynchrony| to the beat"),
            "asynchrony_mean_abs_ms",
            axis=N_("ms (lower: closer)"),
            empty=N_("no timing per hand recorded"),
        ),
        per_hand_chart(
            N_("Beats hit within the window, per hand"),
            "within_window_share",
            axis=N_("share 0..1"),
            empty=N_("no share per hand recorded"),
            fraction=True,
        ),
    )

    @classmethod
    def check_level(cls, parameters: dict[str, Any], config_dir: Path) -> None:
        pattern_hands(parameters["pattern"], parameters["sequence"], 1)
        tempo_by_age(parameters["tempo_by_age"])

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        p = self.parameters
        self.tempo_bpm = level_tempo(p, context.age_band)
        interval = 60.0 / self.tempo_bpm
        hands = pattern_hands(p["pattern"], p["sequence"], p["beats"])
        # The beat is kept in play time (seconds of play since the start, adult pauses
        # left out), so a pause stops the music and the taps before and after it line up.
        self.track = BeatTrack(LEAD_IN_S + p["count_in_beats"] * interval, interval, tuple(hands))
        self.cue = cue_of(p["guide_sounds"], p["visual_cue"])
        self.calibration = latency_for(context.device_latencies, self.tempo_bpm, self.cue)
        self.latency_ms = self.calibration.offset_ms if self.calibration else 0.0
        #: Play time (s) at which each click asked for is to be heard (its start plus its
        #: leading silence), count-in included.
        self.click_starts: list[float] = []
        self.taps: list[Tap] = []
        self.marks: list[TapMark] = []
        self.count_in_taps = 0
        self._next_click = -p["count_in_beats"]  # beat index; negative = count-in
        self._hits: tuple[int, dict[tuple[int, str], float]] = (0, {})  # (taps seen, hits)
        self.parts = MovingParts()  # (what the view drew last frame)
        self.drums_drawn = view.DrumsDrawn()  # (one drum picture an update, as it starts)

    # -- time -----------------------------------------------------------------------------

    def beat_time(self, beat: int) -> float:
        """Clock time (s) of beat `beat` (negative indices are the count-in), as things
        stand: a later adult pause moves it on."""
        return self.clock_time(self.track.time_of(beat))

    def play_time(self) -> float:
        """Seconds of play so far (the beat track's time)."""
        return self.active_time(self.context.clock.now())

    def expected_hands(self, beat: int) -> frozenset[str]:
        """Hands asked for on `beat` (the count-in asks for none)."""
        return self.track.hands[beat] if 0 <= beat < len(self.track) else frozenset()

    @property
    def beats_done(self) -> int:
        """Scored beats whose time to tap is over (for the progress dots)."""
        track = self.track
        passed = math.floor((self.play_time() - track.start) / track.interval_s + 0.5)
        return max(0, min(len(track), passed))

    def hits(self) -> dict[tuple[int, str], float]:
        """The beats the child hit so far, for the screen: (beat, hand) -> the hit's
        asynchrony (ms, latency taken off; negative = early), by the same rules as the
        score (beat_timing.score_taps). Worked out again only when a tap comes in."""
        if self._hits[0] != len(self.taps):
            window, latency = self.parameters["window_ms"], self.latency_ms
            scored = score_taps(self.track, self.taps, window, latency)
            hits = {(t.beat, t.hand): t.asynchrony_ms or 0.0 for t in scored if t.beat is not None}
            self._hits = (len(self.taps), hits)
        return self._hits[1]

    def update(self, dt: float) -> None:
        play = self.play_time()
        if self.result is not None:
            return
        radius_px = self.context.metrics.px(self.target_radius_mm())
        self.drums_drawn.step(self.context.palette, radius_px)  # (as it starts: ms each)
        self._start_clicks(play, max(dt, FRAME_S))
        if play >= self.track.end:
            self.finish(self.score(completed=True))

    def _start_clicks(self, play: float, next_frame_s: float) -> None:
        """Start the click of every beat due before the next frame (expected `next_frame_s`
        from now), each with the leading silence that puts its first sample on its beat."""
        while self._next_click < len(self.track):
            lead = click_lead(self.track.time_of(self._next_click), play, next_frame_s)
            if lead is None:
                return
            if self.parameters["guide_sounds"]:
                if self.sounds is not None:
                    self.sounds.play("beat", 0.7, cue=True, lead_s=lead)
                self.click_starts.append(play + lead_bucket_ms(lead) / 1000.0)
            self._next_click += 1

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.result is not None:
            return False
        hand = self.hand_for(pointer)
        if hand is None or pointer.phase != "down":
            return True
        play = self.active_time(pointer.t)
        if play - self.latency_ms / 1000 < self.track.start - self.track.interval_s / 2:
            self.count_in_taps += 1  # joining in with the count-in: fine, not scored
            return True
        self.taps.append(Tap(play, hand))
        ripple = self.context.sensory.flash_guard.request(pointer.t)
        self.marks.append(TapMark(pointer.t, hand, ripple))
        del self.marks[:-8]
        return True

    # -- scoring --------------------------------------------------------------------------

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        now = self.context.clock.now()
        window = self.parameters["window_ms"]
        scored = score_taps(self.track, self.taps, window, self.latency_ms)
        overall = summarise(self.track, scored)
        metrics: dict[str, Metric] = {
            "beats_expected": Metric(overall.expected, "count"),
            "taps": Metric(len(self.taps), "count"),
            "hits_within_window": Metric(overall.within_window, "count"),
            "misses": Metric(overall.misses, "count"),
            "extra_taps": Metric(overall.extra_taps, "count"),
            "count_in_taps": Metric(self.count_in_taps, "count"),
            "device_delay_ms": Metric(self.latency_ms, "ms"),
        }
        if self.calibration is not None:
            uncertainty = round(self.calibration.uncertainty_ms, 1)
            metrics["device_delay_uncertainty_ms"] = Metric(uncertainty, "ms")
        if any(len(hands) == 2 for hands in self.track.hands):
            gap_ms, gap_beats = both_hands_gap(self.track, scored)
            metrics["both_hands_beats"] = Metric(gap_beats, "count")
            if gap_ms is not None:
                metrics["both_hands_gap_ms"] = Metric(round(gap_ms, 2), "ms")
        metrics.update(_timing_metrics("", overall))
        for hand in HANDS:
            if self.track.expected(hand) or any(tap.hand == hand for tap in self.taps):
                metrics.update(_timing_metrics(f"{hand}_", summarise(self.track, scored, (hand,))))
        completion = self.track.end - self.track.start if completed else None
        return Result(
            completed=completed,
            duration_s=self.active_time(now),
            completion_time_s=completion,
            accuracy=overall.within_window_share,
            metrics=metrics,
            abort_reason=abort_reason,
            target={
                "kind": "beats",
                "contact_hands": self.contact_hands(),
                "tempo_bpm": self.tempo_bpm,
                "age_band": self.context.age_band,
                "cue": self.cue,
                "calibration": None
                if self.calibration is None
                else {
                    "tempo_bpm": self.calibration.tempo_bpm,
                    "cue": self.calibration.cue,
                    "habit_ms": self.calibration.habit_ms,
                    "measured_at": self.calibration.measured_at,
                },
                "interval_s": self.track.interval_s,
                "first_beat_s": round(self.track.start, 4),
                "window_ms": window,
                "device_delay_ms": self.latency_ms,
                "beats": [sorted(hands) for hands in self.track.hands],
                "taps": [
                    {
                        "t_s": round(tap.t, 4),
                        "hand": tap.hand,
                        "beat": tap.beat,
                        "asynchrony_raw_ms": scoring.rounded(tap.asynchrony_raw_ms, 2),
                        "asynchrony_ms": scoring.rounded(tap.asynchrony_ms, 2),
                        "within_window": tap.within_window,
                    }
                    for tap in scored
                ],
            },
        )

    # -- drawing --------------------------------------------------------------------------

    def prepare(self, screen: pygame.Surface, ahead: SpareTime) -> None:
        view.prepare_drums(self, screen, ahead)

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_drums(surface, self)

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)


def _timing_metrics(prefix: str, timing: HandTiming) -> dict[str, Metric]:
    """The per-hand (or overall, with no prefix) timing figures that exist."""
    values = {name: (getattr(timing, name), unit) for name, unit in TIMING_UNITS.items()}
    if prefix:
        values.update({name: (getattr(timing, name), "count") for name in HAND_COUNTS})
    return measured(values, prefix)
