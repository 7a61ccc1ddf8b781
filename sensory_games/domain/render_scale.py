"""The render scale: at what share of the screen's resolution the activities are drawn.

A clinic may fix it (app.yaml `display.render_scale`: 1, 0.75 or 0.5) or leave it to the
app (0, the default). Then the slow-device rule watches the time each animated frame
takes to update and draw: when the median over a few seconds of play is longer than a
frame can afford, the next smaller scale is taken (1 -> 0.75 -> 0.5), at once, and the
adult is told why. It never goes back up while the app runs: a device that was slow once
will be again, and a picture that sharpens and blurs in turn would be worse than either.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

#: The scales the rule steps through, largest first (ui/scaled_canvas.py draws them).
STEPS: tuple[float, ...] = (1.0, 0.75, 0.5)
#: A frame's update and draw may take this long (s) before it counts as long: at 60 Hz a
#: frame lasts 16.7 ms, and the display's copy, the input polls and the system need the
#: rest of it.
LONG_FRAME_S = 0.010
#: How long (s, of frames drawn while something moves) the rule watches before it judges.
WATCH_S = 3.0
#: ... and the fewest frames it judges on (a few frames say nothing of a device).
FEWEST_FRAMES = 30


@dataclass(frozen=True)
class ScaleChange:
    """The rule lowered the scale: from, to, and the median frame time (s) that made it."""

    old: float
    new: float
    median_frame_s: float


@dataclass
class RenderScale:
    """The scale in force (`value`) and, when automatic, the rule that lowers it.

    `configured` is app.yaml's display.render_scale (0: automatic). `changes` lists what
    the rule did, for the adult menu."""

    configured: float
    value: float = 1.0
    changes: list[ScaleChange] = field(default_factory=list)
    _watched: list[float] = field(default_factory=list)
    _since: float | None = None

    def __post_init__(self) -> None:
        self.value = self.configured or STEPS[0]

    @property
    def automatic(self) -> bool:
        return self.configured == 0

    def notice(self, frame_s: float, t: float) -> ScaleChange | None:
        """One animated frame took `frame_s` (s) to update and draw, at `t` (s, a steady
        clock). Returns the change when the rule lowers the scale now."""
        if not self.automatic or self.value == STEPS[-1]:
            return None
        if self._since is None:
            self._since = t
        self._watched.append(frame_s)
        if t - self._since < WATCH_S or len(self._watched) < FEWEST_FRAMES:
            return None
        median = statistics.median(self._watched)
        self._watched.clear()
        self._since = None
        if median <= LONG_FRAME_S:
            return None
        change = ScaleChange(self.value, STEPS[STEPS.index(self.value) + 1], median)
        self.value = change.new
        self.changes.append(change)
        return change

    def pause_watch(self) -> None:
        """Frames stop being watched until the next animated one (a still screen, a new
        screen's first frames): a gap is not a slow frame."""
        self._watched.clear()  # (the same list: a still screen asks every frame)
        self._since = None
