"""The glitter jar: glitter sinks slowly; a swipe or a key stirs it up again (the
physics in glitter.py)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sensory_games.activities.calming.calm_scene import CalmScene
from sensory_games.activities.calming.glitter import Glitter
from sensory_games.domain.pointer import PointerEvent

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity

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
