"""Breathing patterns and how well a child's finger followed them (pure functions).

A pattern is a cycle of phases: breathe in (the shape grows), hold, breathe out (it
shrinks), hold. The child may rest a finger on the shape while breathing in and lift it
while breathing out. *Adherence* is Cohen's kappa (Cohen 1960) between "the finger is held"
and "the guide asks to hold" over every moment of the in- and out-breaths (holds are not
judged), leaving out the first :data:`REACTION_ALLOWANCE_S` after each phase change: the
agreement beyond what a finger doing the same amount of holding at random times would
reach, so ignoring the guide or resting a finger throughout scores about 0 and following
with a human reaction time about 1, whatever the pattern. Times in seconds of play.
Definitions in docs/metrics.md ("Calming").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sensory_games.domain.schema import SchemaError

PHASES: tuple[str, ...] = ("in", "hold_in", "out", "hold_out")
#: Seconds after each phase change (in-breath start, out-breath start) that are not judged:
#: a child reacting to the cue needs this long to put the finger down or lift it (simple
#: reaction times of school-age children are about 0.3-0.6 s). The same moments are left
#: out of the chance agreement, and a press on the shape within this long after an
#: in-breath starts is the touch the guide asked for (not restlessness).
REACTION_ALLOWANCE_S = 0.6


@dataclass(frozen=True)
class BreathPattern:
    """Seconds of each phase of one breath: in, hold after in, out, hold after out."""

    in_s: float
    hold_in_s: float
    out_s: float
    hold_out_s: float

    @classmethod
    def parse(cls, text: str, scale: float = 1.0) -> BreathPattern:
        """From "in hold out hold" seconds ("4 4", "4 4 4 4", "4 7 8" = in, hold, out),
        every duration multiplied by `scale` (e.g. 0.5 for a young child's 4-7-8)."""
        try:
            values = [float(v) for v in text.replace("-", " ").split()]
        except ValueError:
            values = []
        if len(values) == 2:
            values = [values[0], 0.0, values[1], 0.0]
        elif len(values) == 3:
            values = [*values, 0.0]
        if (
            len(values) != 4
            or any(not 0 <= v <= 20 for v in values)
            or min(values[0], values[2]) <= 0
        ):
            raise SchemaError(
                "pattern",
                text,
                'must be 2 to 4 numbers of seconds: "in out", "in hold out" or '
                '"in hold out hold" (in and out above 0, each at most 20)',
            )
        return cls(*(v * scale for v in values))

    @property
    def cycle_s(self) -> float:
        return self.in_s + self.hold_in_s + self.out_s + self.hold_out_s

    def phases(self) -> list[tuple[str, float]]:
        lengths = (self.in_s, self.hold_in_s, self.out_s, self.hold_out_s)
        return list(zip(PHASES, lengths, strict=True))

    def phase_at(self, t: float) -> tuple[str, float]:
        """The phase at `t` seconds into a breath (wrapping) and the share 0..1 done."""
        t = t % self.cycle_s
        for name, length in self.phases():
            if length > 0 and t < length:
                return name, t / length
            t -= length
        return "hold_out", 1.0

    def fullness(self, t: float) -> float:
        """0..1: how full of air the shape is `t` s into a breath (eased in and out)."""
        name, share = self.phase_at(t)
        eased = 0.5 - 0.5 * math.cos(math.pi * share)
        return {"in": eased, "hold_in": 1.0, "out": 1.0 - eased, "hold_out": 0.0}[name]


@dataclass(frozen=True)
class Adherence:
    """How the finger followed the breathing over the judged time (s).

    `share` is Cohen's kappa below 0 shown as 0 (None: no touch data, or no chance to
    disagree: the judged time asked only one thing and the finger did only that);
    `kappa` the same unclipped; `observed` the share of judged time the finger did what
    was asked; `expected` that share by chance (from how long it was held and how long
    holding was asked)."""

    share: float | None
    judged_s: float
    matched_s: float
    touch_s: float
    held_s: float = 0.0  # judged time the finger was held
    asked_s: float = 0.0  # judged time the guide asked to hold (the in-breaths)
    kappa: float | None = None

    @property
    def observed(self) -> float | None:
        return self.matched_s / self.judged_s if self.judged_s > 0 else None

    @property
    def expected(self) -> float | None:
        if self.judged_s <= 0:
            return None
        held, asked = self.held_s / self.judged_s, self.asked_s / self.judged_s
        return held * asked + (1 - held) * (1 - asked)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def merged(intervals: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping (from, to) intervals joined: two fingers at once are one touch."""
    out: list[tuple[float, float]] = []
    for down, up in sorted(intervals):
        if out and down <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], up))
        else:
            out.append((down, up))
    return out


def judged_spans(
    pattern: BreathPattern, start: float, end: float, allowance: float = REACTION_ALLOWANCE_S
) -> list[tuple[str, float, float]]:
    """The (phase, from, to) play-time spans that are judged between `start` and `end`:
    each in- and out-breath without its first `allowance` seconds."""
    spans: list[tuple[str, float, float]] = []
    cycle = start
    while cycle < end:
        offset = cycle
        for name, length in pattern.phases():
            begin, stop = offset + min(allowance, length), min(offset + length, end)
            offset += length
            if name in ("in", "out") and stop > begin:
                spans.append((name, begin, stop))
        cycle += pattern.cycle_s
    return spans


def adherence(
    pattern: BreathPattern,
    start: float,
    end: float,
    touches: Sequence[tuple[float, float]],
    allowance: float = REACTION_ALLOWANCE_S,
) -> Adherence:
    """Adherence from `start` to `end` (s) given the finger's (down, up) intervals on the
    shape: Cohen's kappa of held vs asked over the judged spans (:func:`judged_spans`).
    In-breaths ask to hold, out-breaths to let go. No touch at all between `start` and
    `end` is "no touch data" (share None), not 0."""
    touches = merged(touches)
    judged = matched = held = asked = 0.0
    touch_s = sum(max(0.0, min(up, end) - max(down, start)) for down, up in touches)
    for name, begin, stop in judged_spans(pattern, start, end, allowance):
        duration = stop - begin
        touched = sum(_overlap((begin, stop), touch) for touch in touches)
        judged += duration
        held += touched
        if name == "in":
            asked += duration
            matched += touched
        else:
            matched += duration - touched
    result = Adherence(None, judged, matched, touch_s, held, asked)
    observed, expected = result.observed, result.expected
    # touches only outside the breaths (e.g. the lead-in) are no touch data either
    if touch_s <= 0 or observed is None or expected is None or expected >= 1.0 - 1e-12:
        return result
    kappa = (observed - expected) / (1.0 - expected)
    return replace(result, share=max(0.0, kappa), kappa=kappa)
