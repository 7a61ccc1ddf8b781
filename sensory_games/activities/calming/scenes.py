"""The calming scenes a :class:`~sensory_games.activities.calming.CalmingActivity` hosts.

Each scene takes the child's touches, advances in play time (s), says when the calm is
complete and what it measured; the host counts touches and stillness for every scene,
plays the soft noise bed and writes the Result. Drawing is in ``view.py``. Nothing a
child does in a calming scene is ever wrong.

- :class:`BreathingGuide`  a shape grows on the in-breath and shrinks on the out-breath
- :class:`GlitterJar`      glitter sinks slowly; a swipe or a key stirs it up again
- :class:`DriftingBubbles` bubbles float up slowly; a touch pops one softly
- :class:`ColourWash`      the screen's colours drift slowly; a touch blooms a soft colour

Metrics in docs/metrics.md ("Calming").
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from sensory_games.activities.calming.breathing import Adherence, BreathPattern, adherence
from sensory_games.activities.calming.glitter import Glitter
from sensory_games.domain.pointer import PointerEvent

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity

#: Seconds of play before a scene starts moving (the first in-breath, the first bubble).
LEAD_IN_S = 1.0
#: A touch this far (mm) outside the breathing shape at its fullest still counts as on it.
SHAPE_SLOP_MM = 10.0
#: Flakes of glitter in the jar (what the physics moves; the complexity channel decides
#: how many of them are drawn).
GLITTER_FLAKES = 260
#: The jar's cloudiness (what is drawn when the flakes are not: motion 0 or complexity 0)
#: follows the share of glitter in the water with this time constant (s): a slow fade.
CLOUD_EASE_S = 1.5
#: When the glitter has settled and more settles are asked for, the jar turns itself
#: over after resting this long (s): the child need not stir it.
JAR_REST_S = 3.0
#: A finger must travel this far (mm) to stir: a resting finger's wobble does not.
STIR_MIN_MM = 3.0
#: Kiosk keys shake the jar at most once in this long (s), however fast they are pressed.
JAR_SHAKE_GAP_S = 2.0
#: Bubbles: the most on screen at complexity 1 (complexity 0: one), seconds between new
#: ones, rising speed at full motion (mm/s), lifetime of a still bubble at motion 0 (s).
MAX_BUBBLES = 7
BUBBLE_GAP_S = 2.0
BUBBLE_RISE_MM_S = 14.0
STILL_BUBBLE_LIFE_S = 9.0
#: No bubble is smaller than this radius (mm): 15 mm across, easy to touch.
MIN_BUBBLE_RADIUS_MM = 7.5
#: A touch this far (mm) outside a bubble's edge still pops it.
BUBBLE_SLOP_MM = 4.0
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


class CalmScene(ABC):
    """One calming scene. Times are seconds of play (adult pauses left out)."""

    variant: ClassVar[str]

    def __init__(self, activity: CalmingActivity) -> None:
        self.activity = activity
        self.context = activity.context
        self.parameters = activity.parameters

    @property
    def name(self) -> str:
        """The variant as stored with the attempt."""
        return self.variant

    def touch(self, pointer: PointerEvent, play: float) -> None:
        """A finger, mouse or key event at play time `play` (default: nothing happens)."""
        return None

    def step(self, play: float, dt: float) -> None:
        """Advance by `dt` s to play time `play` (default: the scene is drawn from time)."""
        return None

    @abstractmethod
    def completed_at(self, play: float) -> float | None:
        """Play time (s) at which the calm was complete, or None while it goes on."""

    def measures(self, play: float) -> dict[str, tuple[float | None, str]]:
        """Scene-specific metrics at play time `play`: name -> (value or None, unit)."""
        return {}

    def accuracy(self, play: float) -> float | None:
        """The attempt's accuracy (0..1), where the scene has one."""
        return None

    def target(self, play: float) -> dict[str, Any]:
        """What the scene asked of the child, for the attempt's record."""
        return {"kind": self.variant}

    def resized(self) -> None:
        """The screen changed size (the scene lays out in mm; default: nothing to do)."""
        return None

    def timed_end(self, play: float) -> float | None:
        """For scenes that run `duration_s`: their end (play s) once it has come."""
        end = LEAD_IN_S + self.parameters["duration_s"]
        return end if play >= end else None


class TimedScene(CalmScene):
    """A scene that is complete after `duration_s` seconds of play."""

    def completed_at(self, play: float) -> float | None:
        return self.timed_end(play)

    def target(self, play: float) -> dict[str, Any]:
        return {"kind": self.variant, "duration_s": self.parameters["duration_s"]}


# -- breathing guide ---------------------------------------------------------------------


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

    def touch(self, pointer: PointerEvent, play: float) -> None:
        if pointer.source == "key":
            return
        if pointer.phase == "down":
            reach = self.radius_range_mm()[1] + SHAPE_SLOP_MM
            if math.dist(pointer.position_mm, self.centre_mm()) <= reach:
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


class GlitterJar(CalmScene):
    """A jar of glitter floating at the start, settling slowly. A swipe across the jar
    stirs the glitter near the finger; a key (a kiosk button) shakes the whole jar."""

    variant = "jar"

    def __init__(self, activity: CalmingActivity) -> None:
        super().__init__(activity)
        _, _, width, height = self.jar_mm()
        self.glitter = Glitter(
            GLITTER_FLAKES, width, height, self.parameters["settle_s"], self.context.seed
        )
        self.glitter.fill(0.0)
        self.stirs = 0  # swipes that moved glitter, and key shakes
        self.settled_s = 0.0  # play seconds the glitter lay settled
        self.cloudiness = 1.0  # 0..1, eased share of the glitter still in the water
        self._last_shake = -JAR_SHAKE_GAP_S
        # finger -> (where it last stirred from, when, whether this swipe stirred yet)
        self._fingers: dict[int, tuple[tuple[float, float], float, bool]] = {}

    def jar_mm(self) -> tuple[float, float, float, float]:
        """The inside of the jar (x, y, w, h in mm): upright, in the middle of the screen."""
        metrics = self.context.metrics
        height = metrics.height_mm * 0.62
        width = min(height * 0.75, metrics.width_mm * 0.6)
        return ((metrics.width_mm - width) / 2, metrics.height_mm * 0.2, width, height)

    def resized(self) -> None:
        _, _, width, height = self.jar_mm()
        self.glitter.rescale(width, height)

    def to_jar(self, position_mm: tuple[float, float]) -> tuple[float, float]:
        x, y, _, _ = self.jar_mm()
        return (position_mm[0] - x, position_mm[1] - y)

    def touch(self, pointer: PointerEvent, play: float) -> None:
        if pointer.source == "key":
            if pointer.phase == "down" and play - self._last_shake >= JAR_SHAKE_GAP_S:
                self._last_shake = play
                self.glitter.shake(play, strength=0.6)
                self.stirs += 1
            return
        here = self.to_jar(pointer.position_mm)
        if pointer.phase == "down":
            self._fingers[pointer.pointer_id] = (here, pointer.t, False)
            return
        if pointer.pointer_id not in self._fingers:
            return
        last, since, stirred = self._fingers[pointer.pointer_id]
        if pointer.phase in ("up", "cancel"):
            del self._fingers[pointer.pointer_id]
        if math.dist(last, here) < STIR_MIN_MM:
            return  # a resting finger's wobble: not a stir
        if self.glitter.stir(last, here, pointer.t - since, play) and not stirred:
            self.stirs += 1  # one swipe is one stir, however many moves it has
            stirred = True
        if pointer.phase == "move":
            self._fingers[pointer.pointer_id] = (here, pointer.t, stirred)

    def step(self, play: float, dt: float) -> None:
        self.glitter.step(dt, play)
        floating = 1.0 - self.glitter.settled_share
        self.cloudiness += (floating - self.cloudiness) * (1.0 - math.exp(-dt / CLOUD_EASE_S))
        if self.glitter.settled:
            self.settled_s += dt
            periods = self.glitter.periods
            another_round = (
                self.parameters["jar_end"] == "settled"
                and 0 < len(periods) < self.parameters["settles"]
                and play - periods[-1].settled_s >= JAR_REST_S
            )
            if another_round:
                self.glitter.shake(play)  # the jar turns itself over

    def completed_at(self, play: float) -> float | None:
        if self.parameters["jar_end"] == "time":
            return self.timed_end(play)
        periods = self.glitter.periods
        needed = self.parameters["settles"]
        return periods[needed - 1].settled_s if len(periods) >= needed else None

    def measures(self, play: float) -> dict[str, tuple[float | None, str]]:
        periods = self.glitter.periods
        mean = sum(p.length_s for p in periods) / len(periods) if periods else None
        return {
            "settles": (len(periods), "count"),
            "stirs": (self.stirs, "count"),
            "mean_settle_s": (mean, "s"),
            "settled_time_s": (self.settled_s, "s"),
        }

    def target(self, play: float) -> dict[str, Any]:
        return {
            "kind": "jar",
            "jar_mm": [round(v, 2) for v in self.jar_mm()],
            "flakes": self.glitter.count,
            "settle_s": self.parameters["settle_s"],
            "end": self.parameters["jar_end"],
            "settles": self.parameters["settles"],
            "settle_periods_s": [
                [round(p.stirred_s, 3), round(p.settled_s, 3)] for p in self.glitter.periods
            ],
        }


# -- drifting bubbles --------------------------------------------------------------------


@dataclass
class DriftingBubble:
    """A bubble born at play time `born_s` at (x, y) mm, rising `rise_mm_s`."""

    x_mm: float
    y_mm: float
    radius_mm: float
    colour_index: int
    born_s: float
    rise_mm_s: float
    sway_phase: float
    popped_s: float | None = None

    def centre_mm(self, play: float) -> tuple[float, float]:
        age = play - self.born_s
        sway = 3.0 * math.sin(age * 0.6 + self.sway_phase) * min(1.0, self.rise_mm_s)
        return (self.x_mm + sway, self.y_mm - self.rise_mm_s * age)


class DriftingBubbles(TimedScene):
    """Bubbles float up slowly from the bottom (at motion 0 they fade in and out where
    they are); touching one pops it softly with a chime."""

    variant = "bubbles"

    def __init__(self, activity: CalmingActivity) -> None:
        super().__init__(activity)
        self.rng = activity.rng
        self.bubbles: list[DriftingBubble] = []
        self.pops = 0
        self._next_s = LEAD_IN_S

    def _x_range(self, radius: float) -> tuple[float, float]:
        """Where a bubble may float: clear of the corner buttons' columns."""
        width = self.context.metrics.width_mm
        left, right = 0.0, width
        for x, _, w, _ in self.context.reserved_mm:
            if x + w / 2 < width / 2:
                left = max(left, x + w)
            else:
                right = min(right, x)
        left, right = left + radius, right - radius
        return (left, right) if right > left else (width / 2, width / 2)

    def alive(self, play: float) -> list[DriftingBubble]:
        """Bubbles on screen and not popped."""
        return [b for b in self.bubbles if b.popped_s is None and self._visible(b, play)]

    def _visible(self, bubble: DriftingBubble, play: float) -> bool:
        if bubble.rise_mm_s == 0:
            return play - bubble.born_s < STILL_BUBBLE_LIFE_S
        return bubble.centre_mm(play)[1] + bubble.radius_mm > 0

    def step(self, play: float, dt: float) -> None:
        fade = self.context.sensory.fade_s(0.6)
        self.bubbles = [
            b
            for b in self.bubbles
            if (b.popped_s is None and self._visible(b, play))
            or (b.popped_s is not None and play - b.popped_s < fade)
        ]
        if play < self._next_s or play >= LEAD_IN_S + self.parameters["duration_s"]:
            return
        most = self.context.sensory.count(1, MAX_BUBBLES)
        if len(self.alive(play)) < most:
            self.bubbles.append(self._new_bubble(play))
        self._next_s = play + BUBBLE_GAP_S * self.rng.uniform(0.7, 1.3)

    def _new_bubble(self, play: float) -> DriftingBubble:
        metrics = self.context.metrics
        short_side = min(metrics.width_mm, metrics.height_mm)
        radius = max(MIN_BUBBLE_RADIUS_MM, short_side * self.rng.uniform(0.06, 0.1))
        low, high = self._x_range(radius)
        rise = self.context.sensory.speed(BUBBLE_RISE_MM_S) * self.rng.uniform(0.8, 1.2)
        if rise > 0:
            y = metrics.height_mm + radius
        else:  # motion 0: a bubble fades in where it will stay
            y = self.rng.uniform(metrics.height_mm * 0.25, metrics.height_mm * 0.75)
        return DriftingBubble(
            self.rng.uniform(low, high),
            y,
            radius,
            self.rng.randrange(6),
            play,
            rise,
            self.rng.uniform(0, 2 * math.pi),
        )

    def touch(self, pointer: PointerEvent, play: float) -> None:
        if pointer.phase != "down" or pointer.source == "key":
            return
        for bubble in reversed(self.alive(play)):
            reach = bubble.radius_mm + BUBBLE_SLOP_MM
            if math.dist(pointer.position_mm, bubble.centre_mm(play)) <= reach:
                bubble.popped_s = play
                self.pops += 1
                if self.activity.sounds is not None:
                    self.activity.sounds.play("chime", 0.45)
                return

    def measures(self, play: float) -> dict[str, tuple[float | None, str]]:
        return {"pops": (self.pops, "count")}


# -- colour wash ------------------------------------------------------------------------


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

    def step(self, play: float, dt: float) -> None:
        motion = self.context.sensory.intensity.motion
        still, moving = WASH_CYCLE_S[1], WASH_CYCLE_S[0]
        cycle_s = still + (moving - still) * motion
        self.phase = (self.phase + dt / cycle_s) % 1.0
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


SCENES: dict[str, type[CalmScene]] = {
    scene.variant: scene for scene in (BreathingGuide, GlitterJar, DriftingBubbles, ColourWash)
}
