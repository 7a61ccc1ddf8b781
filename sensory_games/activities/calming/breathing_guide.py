"""The breathing guide: a shape grows on the in-breath and shrinks on the out-breath;
a finger resting on it on the in-breath is followed (pattern maths in breathing.py)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sensory_games.activities.base import TouchArea
from sensory_games.activities.calming.breathing import (
    REACTION_ALLOWANCE_S,
    Adherence,
    BreathPattern,
    adherence,
)
from sensory_games.activities.calming.calm_scene import LEAD_IN_S, CalmScene
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import AND_OUT, BREATHE_IN

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity

#: A touch this far (mm) outside the breathing shape at its fullest still counts as on it.
SHAPE_SLOP_MM = 10.0


class BreathingGuide(CalmScene):
    """Breathe along with a growing and shrinking shape; a finger resting on it during
    the in-breath and lifted for the out-breath gives adherence."""

    variant = "breathing"

    def __init__(self, activity: CalmingActivity) -> None:
        super().__init__(activity)
        self.pattern = BreathPattern.parse(
            self.parameters["pattern"], self.parameters["pattern_scale"]
        )
        self.breath_start = LEAD_IN_S  # play time of the first in-breath
        self.on_shape: dict[int, float] = {}  # contact -> play time it came down on the shape
        self.shape_touches: list[tuple[float, float]] = []  # (down, up) play times
        self._cued = -1  # index of the last phase a sound was played for
        self._answered: set[int] = set()  # breaths whose asked-for press has come
        if activity.voice is not None:  # said at each breath: loaded now, not mid-breath
            activity.voice.preload(BREATHE_IN, AND_OUT)

    @property
    def name(self) -> str:
        return f"breathing-{self.parameters['shape']}"

    @property
    def end_s(self) -> float:
        """Play time at which the last breath is over."""
        return self.breath_start + self.parameters["cycles"] * self.pattern.cycle_s

    def fullness(self, play: float) -> float:
        """0..1 how full the shape is (0 before the first breath and after the last)."""
        if play < self.breath_start or play >= self.end_s:
            return 0.0
        return self.pattern.fullness(play - self.breath_start)

    def phase(self, play: float) -> str | None:
        """The breath's phase at `play` ("in", "hold_in", "out", "hold_out"); None before
        the first breath and after the last."""
        if play < self.breath_start or play >= self.end_s:
            return None
        return self.pattern.phase_at(play - self.breath_start)[0]

    def cycles_done(self, play: float) -> int:
        done = math.floor((play - self.breath_start) / self.pattern.cycle_s + 1e-9)
        return max(0, min(self.parameters["cycles"], done))

    def centre_mm(self) -> tuple[float, float]:
        metrics = self.context.metrics
        return (metrics.width_mm / 2, metrics.height_mm / 2 + 4.0)

    def radius_range_mm(self) -> tuple[float, float]:
        """The shape's radius (mm) when empty and when full."""
        metrics = self.context.metrics
        full = min(metrics.width_mm, metrics.height_mm) * 0.3
        return full * 0.55, full

    def touch_areas(self) -> list[TouchArea]:
        """The shape at its fullest: the finger rests on it for each in-breath."""
        size = 2 * self.radius_range_mm()[1]
        return [TouchArea.around("breathing shape", self.centre_mm(), size, size, oval=True)]

    def on_the_shape(self, pointer: PointerEvent) -> bool:
        """Whether a finger (not a key) is on the shape at its fullest, with the slop."""
        reach = self.radius_range_mm()[1] + SHAPE_SLOP_MM
        return pointer.source != "key" and math.dist(pointer.position_mm, self.centre_mm()) <= reach

    def asked_for(self, pointer: PointerEvent, play: float) -> bool:
        """The first press on the shape within REACTION_ALLOWANCE_S after an in-breath
        starts is the one the guide asks for; any other press is not."""
        if pointer.phase != "down" or not self.on_the_shape(pointer) or play >= self.end_s:
            return False
        breath = math.floor((play - self.breath_start) / self.pattern.cycle_s + 1e-9)
        since = play - self.breath_start - breath * self.pattern.cycle_s
        if breath < 0 or since > REACTION_ALLOWANCE_S + 1e-9 or breath in self._answered:
            return False
        self._answered.add(breath)
        return True

    def touch(self, pointer: PointerEvent, play: float) -> None:
        if pointer.source == "key":
            return
        if pointer.phase == "down":
            if self.on_the_shape(pointer):
                self.on_shape[pointer.pointer_id] = play
        elif pointer.phase in ("up", "cancel") and pointer.pointer_id in self.on_shape:
            self.shape_touches.append((self.on_shape.pop(pointer.pointer_id), play))

    def step(self, play: float, dt: float) -> None:
        """A soft rising chime as each in-breath starts, a falling one for each out."""
        sounds = self.activity.sounds
        if play < self.breath_start or play >= self.end_s or sounds is None:
            return
        t = play - self.breath_start
        cycle = int(t // self.pattern.cycle_s)
        phase, _ = self.pattern.phase_at(t)
        index = cycle * 4 + ("in", "hold_in", "out", "hold_out").index(phase)
        if index != self._cued and phase in ("in", "out"):
            sounds.play("breath_in" if phase == "in" else "breath_out", 0.5)
            if self.activity.voice is not None:  # (on time: cuts short the objective)
                self.activity.voice.say(BREATHE_IN if phase == "in" else AND_OUT, timed=True)
        self._cued = index

    def completed_at(self, play: float) -> float | None:
        return self.end_s if play >= self.end_s else None

    def _touches(self, play: float) -> list[tuple[float, float]]:
        return [*self.shape_touches, *((down, play) for down in self.on_shape.values())]

    def _adherence(self, play: float) -> Adherence:
        end = min(play, self.end_s)
        return adherence(self.pattern, self.breath_start, end, self._touches(play))

    def measures(self, play: float) -> dict[str, tuple[float | None, str]]:
        followed = self._adherence(play)
        return {
            "cycles_completed": (self.cycles_done(min(play, self.end_s)), "count"),
            "cycles_total": (self.parameters["cycles"], "count"),
            "shape_touch_s": (followed.touch_s, "s"),
            "adherence": (followed.share, "0..1"),
        }

    def accuracy(self, play: float) -> float | None:
        return self._adherence(play).share

    def target(self, play: float) -> dict[str, Any]:
        return {
            "kind": "breathing",
            "phases_s": dict(self.pattern.phases()),
            "first_breath_s": self.breath_start,
            "cycles": self.parameters["cycles"],
            "shape_touches_s": [[round(a, 3), round(b, 3)] for a, b in self._touches(play)],
        }


# -- glitter jar ------------------------------------------------------------------------
