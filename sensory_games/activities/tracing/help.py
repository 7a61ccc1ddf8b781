"""Help within an attempt: after repeated failure on a shape, the guide comes back one step
(dots -> faded -> full) and the band widens, instead of a dead end until the time limit.

A *failure* is a touch that ends with the shape no further on than when it began (a lift
that restarts a stroke where lifting is not allowed, a start away from the start dot, a
scribble beside the band), or HELP_AFTER_IDLE_S seconds of play without any new coverage
once the child has begun the shape. After the level's `help_after_failures` failures
(0: never) the help steps in, at most MAX_HELP_STEPS times a shape; each time is counted
in the attempt's `help_given` metric (docs/metrics.md). It is shown only by the guide and
band changing: no words, nothing to read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sensory_games.activities.traced import GUIDES
from sensory_games.domain.path_scoring import LiveCoverage

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TraceItem

#: How much a help step widens the band (times the tolerance so far).
BAND_WIDENING = 1.5
#: The widest a band is made (mm either side of the line, the tolerance setting's maximum).
WIDEST_BAND_MM = 30.0
#: The most help steps on one shape.
MAX_HELP_STEPS = 2
#: Seconds of play without new coverage, after the first touch on a shape, that count
#: as a failure (a child stuck, not lifting).
HELP_AFTER_IDLE_S = 30.0
#: Progress (strokes finished plus the share of the unfinished ones covered) a touch
#: must add not to count as a failure: 5 % of one stroke.
LEAST_PROGRESS = 0.05


def progress(item: TraceItem) -> float:
    """How far the child is on a shape: strokes finished, plus the covered share of each
    stroke not finished (0 .. number of strokes)."""
    live = item.live
    return len(item.done) + sum(
        live.stroke_coverage(k) for k in range(len(item.strokes)) if k not in item.done
    )


def easier(item: TraceItem) -> None:
    """Give `item` one step of help: a guide one step fuller and a band BAND_WIDENING times
    wider (at most WIDEST_BAND_MM), keeping what the child has covered so far."""
    item.guide = GUIDES[max(0, GUIDES.index(item.guide) - 1)]
    wider = min(WIDEST_BAND_MM, item.target.tolerance_mm * BAND_WIDENING)
    covered = item.live.covered
    item.target = replace(item.target, tolerance_mm=wider)
    item.live = LiveCoverage(item.target)
    item.live.covered[:] = covered  # the same points: resampling does not use the band


@dataclass
class StrokeHelp:
    """Counts the failures on the shape on screen and says when help is due.

    `after_failures` is the level's `help_after_failures` (0: help is off). Times are
    seconds of play (the activity's active time, without adult pauses)."""

    after_failures: int
    failures: int = 0
    steps: int = 0  # help steps on the shape on screen
    given: int = 0  # help steps in the whole attempt
    began_at: float | None = None  # progress when the touch began
    best: float = 0.0  # the most progress on this shape so far
    best_at: float | None = None  # when it last grew (None: not touched yet)

    def new_shape(self) -> None:
        """A new shape is shown: its failures and help start from nothing."""
        self.failures = self.steps = 0
        self.began_at = self.best_at = None
        self.best = 0.0

    def touch_began(self, so_far: float, now: float) -> None:
        if self.began_at is None:
            self.began_at = so_far
        if self.best_at is None:
            self.best_at = now

    def touch_ended(self, so_far: float, now: float) -> bool:
        """The last finger has lifted with the shape `so_far` along: True if help is due."""
        began, self.began_at = self.began_at, None
        if began is not None and so_far < began + LEAST_PROGRESS:
            self.failures += 1
        return self._due(so_far, now)

    def tick(self, so_far: float, now: float) -> bool:
        """A frame of play: True if help is due (a child stuck without progress)."""
        if self.best_at is not None and now - self.best_at >= HELP_AFTER_IDLE_S:
            self.failures += 1
            self.best_at = now
        return self._due(so_far, now)

    def _due(self, so_far: float, now: float) -> bool:
        if so_far >= self.best + LEAST_PROGRESS:
            self.best, self.best_at = so_far, now
        if (
            self.after_failures <= 0
            or self.steps >= MAX_HELP_STEPS
            or self.failures < self.after_failures
        ):
            return False
        self.failures = 0
        self.steps += 1
        self.given += 1
        return True
