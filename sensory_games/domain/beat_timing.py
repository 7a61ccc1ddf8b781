"""Taps against a steady beat: asynchrony, hits, misses and extra taps, for each hand.

Pure functions (no drawing, no state). Times go in as seconds and come out in ms.
Used by "drum to the beat" and by the tap-along calibration of the device's delay (the
measured median less the expected adult habit), with when to start a beat's click and
the gap between the hands on "both" beats; every definition is in docs/metrics.md
("Two-handed activities").

The rules, in short:
- a tap belongs to the beat nearest to it in time, after the device's latency offset is
  taken off; a tap more than half a beat interval before the first beat or after the
  last one belongs to none;
- if that beat asks for the tap's hand and no nearer tap of the same hand took it, the
  tap is that beat's *hit*; otherwise it is an *extra tap* (a second tap, the wrong hand,
  a tap on a rest);
- every hand a beat asks for and that got no hit is a *miss*;
- asynchrony = tap time - beat time (signed, ms; negative = early); the *raw* value is
  what the screen reported, the corrected one has the latency offset taken off;
- a hit is *within the window* when its corrected asynchrony is at most the window (ms)
  either side of the beat.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sensory_games.domain import scoring
from sensory_games.domain.pointer import HANDS


@dataclass(frozen=True)
class BeatTrack:
    """Equally spaced beats from `start` (clock s), each asking for a set of hands.

    `hands[k]` is the set of hands expected on beat k (empty for a rest).
    """

    start: float
    interval_s: float
    hands: tuple[frozenset[str], ...]

    def __post_init__(self) -> None:
        if not self.interval_s > 0:
            raise ValueError(f"a beat interval must be positive, not {self.interval_s}")

    @classmethod
    def from_tempo(
        cls, start: float, tempo_bpm: float, hands: Sequence[frozenset[str]]
    ) -> BeatTrack:
        return cls(start, 60.0 / tempo_bpm, tuple(hands))

    def __len__(self) -> int:
        return len(self.hands)

    def time_of(self, beat: int) -> float:
        """Clock time (s) of beat `beat` (0-based)."""
        return self.start + beat * self.interval_s

    @property
    def end(self) -> float:
        """Clock time (s) after which no tap can belong to a beat any more."""
        return self.time_of(len(self.hands) - 1) + self.interval_s / 2

    def nearest(self, t: float) -> int | None:
        """The beat nearest to clock time `t`, or None outside the track."""
        k = math.floor((t - self.start) / self.interval_s + 0.5)
        return k if 0 <= k < len(self.hands) else None

    def expected(self, hand: str) -> int:
        """How many beats ask for `hand`."""
        return sum(hand in wanted for wanted in self.hands)


@dataclass(frozen=True)
class Tap:
    """One tap: when (clock s, from the input layer's poll time) and with which hand."""

    t: float
    hand: str


@dataclass(frozen=True)
class ScoredTap:
    """A tap with its verdict. `beat` is None for an extra tap (no asynchrony then)."""

    t: float
    hand: str
    beat: int | None
    asynchrony_raw_ms: float | None
    asynchrony_ms: float | None
    within_window: bool

    @property
    def hit(self) -> bool:
        return self.beat is not None


@dataclass(frozen=True)
class HandTiming:
    """Summary for one hand (or both together): counts and asynchrony statistics (ms)."""

    expected: int
    hits: int
    within_window: int
    misses: int
    extra_taps: int
    asynchrony_mean_abs_ms: float | None
    asynchrony_mean_ms: float | None
    asynchrony_sd_ms: float | None
    asynchrony_mean_abs_raw_ms: float | None
    asynchrony_mean_raw_ms: float | None

    @property
    def within_window_share(self) -> float | None:
        """Beats hit within the window / beats that asked for this hand."""
        return scoring.share(self.within_window, self.expected)


def score_taps(
    track: BeatTrack, taps: Sequence[Tap], window_ms: float, latency_ms: float = 0.0
) -> list[ScoredTap]:
    """Each tap's verdict, in tap order (see the module's rules)."""
    latency_s = latency_ms / 1000.0
    candidates: dict[tuple[int, str], int] = {}  # (beat, hand) -> index of its best tap
    for index, tap in enumerate(taps):
        beat = track.nearest(tap.t - latency_s)
        if beat is None or tap.hand not in track.hands[beat]:
            continue
        key = (beat, tap.hand)
        best = candidates.get(key)
        error = abs(tap.t - latency_s - track.time_of(beat))
        if best is None or error < abs(taps[best].t - latency_s - track.time_of(beat)):
            candidates[key] = index
    hits = {index: beat for (beat, _), index in candidates.items()}
    scored = []
    for index, tap in enumerate(taps):
        beat = hits.get(index)
        if beat is None:
            scored.append(ScoredTap(tap.t, tap.hand, None, None, None, False))
            continue
        raw_ms = (tap.t - track.time_of(beat)) * 1000.0
        corrected_ms = raw_ms - latency_ms
        scored.append(
            ScoredTap(tap.t, tap.hand, beat, raw_ms, corrected_ms, abs(corrected_ms) <= window_ms)
        )
    return scored


def summarise(
    track: BeatTrack, scored: Sequence[ScoredTap], hands: Sequence[str] = HANDS
) -> HandTiming:
    """The summary of the taps of `hands` (one hand, or both for the overall figures)."""
    mine = [tap for tap in scored if tap.hand in hands]
    hits = [tap for tap in mine if tap.hit]
    corrected = [tap.asynchrony_ms for tap in hits if tap.asynchrony_ms is not None]
    raw = [tap.asynchrony_raw_ms for tap in hits if tap.asynchrony_raw_ms is not None]
    expected = sum(track.expected(hand) for hand in hands)
    return HandTiming(
        expected=expected,
        hits=len(hits),
        within_window=sum(tap.within_window for tap in hits),
        misses=expected - len(hits),
        extra_taps=len(mine) - len(hits),
        asynchrony_mean_abs_ms=scoring.mean([abs(v) for v in corrected]),
        asynchrony_mean_ms=scoring.mean(corrected),
        asynchrony_sd_ms=scoring.sd(corrected),
        asynchrony_mean_abs_raw_ms=scoring.mean([abs(v) for v in raw]),
        asynchrony_mean_raw_ms=scoring.mean(raw),
    )


def both_hands_gap(track: BeatTrack, scored: Sequence[ScoredTap]) -> tuple[float | None, int]:
    """On the beats that ask for both hands and got a hit from each: the mean |left tap -
    right tap| (ms) and how many such beats (None, 0 when there were none). The device
    delay cancels out of a difference, so raw tap times are used."""
    hit_times: dict[int, dict[str, float]] = {}
    for tap in scored:
        if tap.beat is not None and len(track.hands[tap.beat]) == 2:
            hit_times.setdefault(tap.beat, {})[tap.hand] = tap.t
    gaps = [abs(t["left"] - t["right"]) * 1000.0 for t in hit_times.values() if len(t) == 2]
    return scoring.mean(gaps), len(gaps)


# -- the beat's click ----------------------------------------------------------------------

#: A click is started at most this long (s) before its beat, its first audible sample
#: delayed by as much leading silence (ui/audio.py keeps one Sound per whole ms of it).
MAX_CLICK_LEAD_S = 0.05


def click_lead(beat_t: float, now: float, next_frame_s: float) -> float | None:
    """Leading silence (s) with which to start a beat's click at `now` so that its first
    sample lands on `beat_t` (s, same clock), or None to wait: the beat is further off
    than the next frame (expected `next_frame_s` from now; twice that is allowed for a
    late frame, at most MAX_CLICK_LEAD_S). A beat already passed (a frame came later
    than that) is clicked at once: lead 0, late by the overrun."""
    ahead = beat_t - now
    if ahead > min(MAX_CLICK_LEAD_S, 2.0 * next_frame_s):
        return None
    return max(0.0, ahead)


# -- the device's delay (the tap-along calibration) ----------------------------------------


def cue_of(guide_sounds: bool, visual_cue: bool) -> str:
    """The cue name of a level with these settings (no cue at all counts as "glow")."""
    if guide_sounds:
        return "sound_and_glow" if visual_cue else "sound"
    return "glow"


def expected_adult_habit_ms(tempo_bpm: float, cue: str) -> float:
    """The typical mean asynchrony (ms, negative = early) of an adult tapping along at
    `tempo_bpm` to `cue`: what a calibration subtracts as "the person" so that what is
    left is the device.

    With a click (alone or with the glow: the sound dominates the timing, Repp & Penel
    2002) adults without musical training tap ahead of the beat by some 20-80 ms, more at
    slower tempi (Repp 2005): taken as 20 ms + 25 ms per second of beat interval (about
    39 ms at 80 bpm, 50 ms at 50 bpm). To a glow alone no typical value is assumed (0):
    the mean asynchrony to flashes is less consistent. See HABIT_UNCERTAINTY_MS."""
    if cue == "glow":
        return 0.0
    return -(20.0 + 25.0 * 60.0 / tempo_bpm)


#: How far (ms) one adult's own habit may lie from expected_adult_habit_ms: individual
#: adults differ by tens of ms (Repp 2005), more to a glow.
HABIT_UNCERTAINTY_MS = {"sound_and_glow": 25.0, "sound": 25.0, "glow": 40.0}


def habit_uncertainty_ms(cue: str) -> float:
    """How far (ms) one adult's habit may lie from the expected one, to `cue`."""
    return HABIT_UNCERTAINTY_MS.get(cue, HABIT_UNCERTAINTY_MS["glow"])


#: The calibration needs at least this many taps near a beat to trust its estimate.
CALIBRATION_MIN_TAPS = 8
#: ... and their spread (median absolute deviation, ms) must stay under this (about an
#: SD of 45 ms: a steady adult tapping along keeps well within it).
CALIBRATION_MAX_SPREAD_MS = 30.0
#: The longest device delay (ms) a calibration may find: touch, sound and display together
#: stay under it even with wireless speakers; and never beyond this share of the beat
#: interval (a tap further off its beat could belong to the next one).
MAX_DEVICE_DELAY_MS = 300.0
MAX_DEVICE_DELAY_BEATS = 0.4


@dataclass(frozen=True)
class DeviceLatency:
    """A saved calibration: this device's constant delay `offset_ms` (touch, sound and
    display together) for beats at `tempo_bpm` cued by `cue`; `habit_ms` is the expected
    adult habit that was taken off the measured median (measured = offset + habit; 0 in
    a calibration saved before the habit was separated). `spread_ms` and `taps` describe
    the tap-along, `measured_at` is UTC ISO text."""

    offset_ms: float
    spread_ms: float
    taps: int
    measured_at: str
    tempo_bpm: float = 80.0
    cue: str = "sound_and_glow"
    habit_ms: float = 0.0

    @property
    def uncertainty_ms(self) -> float:
        """How far (ms, about 1 SD) the device delay may be off: the adult's own habit
        (HABIT_UNCERTAINTY_MS) and the median's standard error (1.25 x 1.48 x spread /
        sqrt(taps)) together."""
        standard_error = 1.2533 * 1.4826 * self.spread_ms / math.sqrt(max(self.taps, 1))
        return math.hypot(habit_uncertainty_ms(self.cue), standard_error)


def latency_for(saved: Sequence[DeviceLatency], tempo_bpm: float, cue: str) -> DeviceLatency | None:
    """The calibration that applies to beats at `tempo_bpm` cued by `cue`: one of that cue
    at the nearest tempo, else (no calibration with that cue) the nearest tempo of any
    cue; None when nothing is saved."""
    if not saved:
        return None
    same_cue = [latency for latency in saved if latency.cue == cue] or list(saved)
    return min(same_cue, key=lambda latency: (abs(latency.tempo_bpm - tempo_bpm), latency.cue))


@dataclass(frozen=True)
class LatencyEstimate:
    """A tap-along's result: the median raw asynchrony `measured_ms`, less the expected
    adult habit `habit_ms`, is the device's delay `offset_ms`."""

    measured_ms: float | None
    spread_ms: float | None
    taps_used: int
    habit_ms: float = 0.0
    #: The device delays (ms) that can be real: from minus the habit's uncertainty (a
    #: delay is never negative; an adult earlier than the typical one can make it look
    #: a little so) to MAX_DEVICE_DELAY_MS or MAX_DEVICE_DELAY_BEATS of a beat.
    least_ms: float = -math.inf
    most_ms: float = math.inf

    @property
    def offset_ms(self) -> float | None:
        """The device's delay (ms): what the tap-along measured minus the adult's habit."""
        return None if self.measured_ms is None else self.measured_ms - self.habit_ms

    @property
    def steady(self) -> bool:
        """Enough taps near their beats, and steady enough."""
        return (
            self.measured_ms is not None
            and self.spread_ms is not None
            and self.taps_used >= CALIBRATION_MIN_TAPS
            and self.spread_ms <= CALIBRATION_MAX_SPREAD_MS
        )

    @property
    def possible(self) -> bool:
        """A device delay that can be real (off-beat tapping finds one that cannot)."""
        offset = self.offset_ms
        return offset is not None and self.least_ms <= offset <= self.most_ms

    @property
    def trustworthy(self) -> bool:
        return self.steady and self.possible


def estimate_latency(
    track: BeatTrack, tap_times: Sequence[float], habit_ms: float = 0.0, cue: str | None = None
) -> LatencyEstimate:
    """Median asynchrony (ms) of the taps nearest each beat, either hand, no correction,
    with `habit_ms` (expected_adult_habit_ms for the tap-along's tempo and cue) to take off;
    with the `cue`, the delays that can be real are bounded (LatencyEstimate.possible).

    Only each beat's nearest tap counts; `spread_ms` is the median absolute deviation of
    those asynchronies (how steady the tapping was)."""
    best: dict[int, float] = {}
    for t in tap_times:
        beat = track.nearest(t)
        if beat is None:
            continue
        asynchrony_ms = (t - track.time_of(beat)) * 1000.0
        if beat not in best or abs(asynchrony_ms) < abs(best[beat]):
            best[beat] = asynchrony_ms
    values = list(best.values())
    measured = scoring.median(values)
    spread = scoring.median([abs(v - measured) for v in values]) if measured is not None else None
    if cue is None:
        return LatencyEstimate(measured, spread, len(values), habit_ms)
    least = -habit_uncertainty_ms(cue)
    most = min(MAX_DEVICE_DELAY_MS, MAX_DEVICE_DELAY_BEATS * track.interval_s * 1000.0)
    return LatencyEstimate(measured, spread, len(values), habit_ms, least, most)
