"""The colour wash: the screen's colours drift slowly; a touch blooms a soft colour."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sensory_games.activities.calming.calm_scene import TimedScene
from sensory_games.domain.pointer import PointerEvent

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity

#: Colour wash: one slow cycle through its colours at full motion / at motion 0 (s).
WASH_CYCLE_S = (60.0, 150.0)
#: A bloom of colour grows for this long (s) and then fades for as long again.
BLOOM_S = 4.0
#: At most this many blooms at complexity 1 (complexity 0: none; a touch shifts the
#: whole wash instead); a finger dragged this far (mm) starts another bloom.
MAX_BLOOMS = 4
BLOOM_SPACING_MM = 25.0
#: At complexity 0 a touch moves the wash this share of a round on (eased in), and no
#: more than MAX_NUDGE can be waiting: twenty quick taps are not a race of colours.
NUDGE = 0.05
MAX_NUDGE = 0.15


@dataclass(frozen=True)
class Bloom:
    """A soft circle of colour that a touch started at (x, y) mm at play time `born_s`."""

    x_mm: float
    y_mm: float
    born_s: float
    hue_step: int

    def strength(self, play: float) -> float:
        """0..1..0: grows in for BLOOM_S, fades out for as long (eased both ways)."""
        age = (play - self.born_s) / BLOOM_S
        if not 0 <= age <= 2:
            return 0.0
        return 0.5 - 0.5 * math.cos(math.pi * age)


class ColourWash(TimedScene):
    """The whole screen is a soft gradient whose colours drift slowly; a touch blooms a
    soft circle of the next colour (at complexity 0 it nudges the whole wash on)."""

    variant = "wash"

    def __init__(self, activity: CalmingActivity) -> None:
        super().__init__(activity)
        self.blooms: list[Bloom] = []
        self.nudge = 0.0  # share of a cycle touches have moved the wash on
        self.phase = 0.0  # 0..1 where the wash is in its cycle of colours
        self.bloom_count = 0
        self._last: dict[int, tuple[float, float]] = {}  # finger -> where its last bloom began
        self.step_s = 0.0  # (the last update's: the next frame's play time is this later)

    def cycle_s(self) -> float:
        """Seconds the wash takes round its colours at the motion set now."""
        motion = self.context.sensory.intensity.motion
        still, moving = WASH_CYCLE_S[1], WASH_CYCLE_S[0]
        return still + (moving - still) * motion

    def phase_after(self, dt: float) -> float:
        """Where the wash will be in its cycle `dt` s of play from now, drifting (a nudge
        a touch gave is not counted: the view's guess of the next frame)."""
        return (self.phase + dt / self.cycle_s()) % 1.0

    def step(self, play: float, dt: float) -> None:
        if dt > 0:  # (a frame's second update has none: the next frame is still a step on)
            self.step_s = dt
        cycle_s = self.cycle_s()
        self.phase = self.phase_after(dt)
        if self.nudge > 0:  # a touch's nudge is eased in, at most 1.5x the drift's pace
            share = min(self.nudge, dt / cycle_s * 1.5)
            self.phase = (self.phase + share) % 1.0
            self.nudge -= share
        self.blooms = [b for b in self.blooms if play - b.born_s < 2 * BLOOM_S]

    def touch(self, pointer: PointerEvent, play: float) -> None:
        if pointer.source == "key" or pointer.phase in ("up", "cancel"):
            self._last.pop(pointer.pointer_id, None)
            return
        last = self._last.get(pointer.pointer_id)
        if pointer.phase == "move" and (
            last is None or math.dist(last, pointer.position_mm) < BLOOM_SPACING_MM
        ):
            return
        self._last[pointer.pointer_id] = pointer.position_mm
        most = self.context.sensory.count(0, MAX_BLOOMS)
        if most == 0:
            self.nudge = min(self.nudge + NUDGE, MAX_NUDGE)
            return
        if len(self.blooms) >= most:
            return
        self.bloom_count += 1
        self.blooms.append(Bloom(*pointer.position_mm, play, self.bloom_count))

    def measures(self, play: float) -> dict[str, tuple[float | None, str]]:
        return {"blooms": (self.bloom_count, "count")}
