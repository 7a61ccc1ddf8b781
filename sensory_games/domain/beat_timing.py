"""Taps against a steady beat: asynchrony, hits, misses and extra taps, for each hand.

Pure functions (no drawing, no state). Times go in as seconds and come out in ms.
Used by "drum to the beat" and by the device latency calibration; every definition is
in docs/metrics.md ("Two-handed activities").

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


#: The calibration needs at least this many taps near a beat to trust its estimate.
CALIBRATION_MIN_TAPS = 8
#: ... and their spread (median absolute deviation, ms) must stay under this.
CALIBRATION_MAX_SPREAD_MS = 60.0


@dataclass(frozen=True)
class LatencyEstimate:
    """A device's constant delay (ms) from a tap-along: the median raw asynchrony."""

    offset_ms: float | None
    spread_ms: float | None
    taps_used: int

    @property
    def trustworthy(self) -> bool:
        return (
            self.offset_ms is not None
            and self.spread_ms is not None
            and self.taps_used >= CALIBRATION_MIN_TAPS
            and self.spread_ms <= CALIBRATION_MAX_SPREAD_MS
        )


def estimate_latency(track: BeatTrack, tap_times: Sequence[float]) -> LatencyEstimate:
    """Median asynchrony (ms) of the taps nearest each beat, either hand, no correction.

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
    offset = scoring.median(values)
    spread = scoring.median([abs(v - offset) for v in values]) if offset is not None else None
    return LatencyEstimate(offset, spread, len(values))
