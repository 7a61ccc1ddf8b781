"""Breathing patterns and how well a child's finger followed them (pure functions).

A pattern is a cycle of phases: breathe in (the shape grows), hold, breathe out (it
shrinks), hold. The child may rest a finger on the shape while breathing in and lift it
while breathing out; *adherence* is the share of the in- and out-breath time during which
the finger did what the phase asks (holds are not judged). Times in seconds of play.
Definitions in docs/metrics.md ("Calming").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sensory_games.domain.schema import SchemaError

PHASES: tuple[str, ...] = ("in", "hold_in", "out", "hold_out")


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
    """How the finger followed the breathing: share 0..1 (None: no touch data)."""

    share: float | None
    judged_s: float
    matched_s: float
    touch_s: float


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


def adherence(
    pattern: BreathPattern,
    start: float,
    end: float,
    touches: Sequence[tuple[float, float]],
) -> Adherence:
    """Adherence from `start` to `end` (s) given the finger's (down, up) intervals on the
    shape. In-breaths are matched while touching, out-breaths while not touching; holds
    are not judged. No touch at all between `start` and `end` is "no touch data" (share
    None), not 0."""
    touches = merged(touches)
    judged = matched = 0.0
    touch_s = sum(max(0.0, min(up, end) - max(down, start)) for down, up in touches)
    cycle = start
    while cycle < end:
        offset = cycle
        for name, length in pattern.phases():
            span = (offset, min(offset + length, end))
            offset += length
            if span[1] <= span[0] or name not in ("in", "out"):
                continue
            duration = span[1] - span[0]
            touched = sum(_overlap(span, touch) for touch in touches)
            judged += duration
            matched += touched if name == "in" else duration - touched
        cycle += pattern.cycle_s
    # touches only outside the judged time (e.g. the lead-in) are no touch data either
    share = matched / judged if touch_s > 0 and judged > 0 else None
    return Adherence(share, judged, matched, touch_s)
