"""Calming: one activity, four scenes (its `variant`): the breathing guide, the glitter
jar, drifting bubbles and a colour wash (each its own module: ``breathing_guide.py``,
``glitter_jar.py``, ``drifting_bubbles.py``, ``colour_wash.py``; their base ``calm_scene.py``).

The host counts every touch, the touches the scene did not ask for (restlessness: in the
breathing guide the press as an in-breath starts is asked for, in the other scenes no touch
is) and the longest stretch without a touch (stillness) for all scenes, keeps the soft
noise bed playing, ends the attempt when the scene is complete (or at the time limit) and
writes the Result. A calm attempt ends quietly: no reward screen. Motion, colour,
particle count and sound come from the sensory channels. Metrics in docs/metrics.md ("Calming").
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, ClassVar

import pygame

from sensory_games.activities.base import Activity, ActivityContext, TouchArea
from sensory_games.activities.calming import view
from sensory_games.activities.calming.bot import CalmingBot
from sensory_games.activities.calming.breathing import BreathPattern
from sensory_games.activities.calming.breathing_guide import BreathingGuide
from sensory_games.activities.calming.calm_scene import LEAD_IN_S, CalmScene
from sensory_games.activities.calming.canvas import Canvas
from sensory_games.activities.calming.colour_wash import ColourWash
from sensory_games.activities.calming.drifting_bubbles import DriftingBubbles
from sensory_games.activities.calming.glitter_jar import JAR_REST_S, GlitterJar
from sensory_games.activities.calming.params import SCHEMA
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import GOAL_CALM
from sensory_games.domain.report_spec import Measure, TotalsLine
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime

#: Loudness (0..1, before the sound channel and the master cap) of the noise bed.
BED_LOUDNESS = 0.35
#: The scene each `variant` shows.
SCENES: dict[str, type[CalmScene]] = {
    scene.variant: scene for scene in (BreathingGuide, GlitterJar, DriftingBubbles, ColourWash)
}

#: The calm measures followed: titles and a family's words (the report's summary).
FOLLOWING = N_("Following the breathing guide")
FOLLOWING_PLAIN = N_("how closely the breathing guide was followed")
RESTLESS = N_("Touches not asked for, per minute")
RESTLESS_PLAIN = N_("touches nobody asked for, per minute")


class CalmingActivity(Activity):
    """A calming scene, logged like every other activity."""

    slug: ClassVar[str] = "calming"
    title: ClassVar[str] = N_("Calm")
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_CALM,)
    #: (all its scenes': each records touches, restlessness and stillness, and its own)
    recorded_metrics: ClassVar[dict[str, str]] = {
        "touches": "count",
        "restlessness_per_min": "1/min",
        "longest_still_s": "s",
        "adherence": "0..1",
        "cycles_completed": "count",
        "cycles_total": "count",
        "shape_touch_s": "s",
        "settles": "count",
        "stirs": "count",
        "mean_settle_s": "s",
        "settled_time_s": "s",
        "pops": "count",
        "blooms": "count",
    }
    schema = SCHEMA
    bot_class = CalmingBot
    celebrates: ClassVar[bool] = False  # a calm ending, no fanfare
    levels_are_steps: ClassVar[bool] = False  # a level is the therapist's choice of scene
    #: Calm measures: following the breathing guide, and touches nobody asked for. Not the
    #: completion time (the scene's length fixes it) nor an accuracy.
    report_followed: ClassVar[tuple[Measure, ...]] = (
        Measure("adherence", FOLLOWING, FOLLOWING_PLAIN, "higher", 0.1, percent=True),
        Measure("restlessness_per_min", RESTLESS, RESTLESS_PLAIN, "lower", 1.0, digits=1),
    )
    report_totals: ClassVar[tuple[TotalsLine, ...]] = (
        TotalsLine(N_("Breaths finished: {cycles_completed:.0f} of {cycles_total:.0f}")),
    )
    report_variants: ClassVar[dict[str, str]] = {
        "breathing": N_("breathing guide"),  # (as logs before the shapes stored it)
        "breathing-balloon": N_("breathing guide: balloon"),
        "breathing-flower": N_("breathing guide: flower"),
        "breathing-wave": N_("breathing guide: wave"),
        "jar": N_("glitter jar"),
        "bubbles": N_("drifting bubbles"),
        "wash": N_("colour wash"),
    }

    @classmethod
    def check_level(cls, parameters: dict[str, Any], config_dir: Path) -> None:
        """The pattern must parse, and the scene must be able to end before the time limit
        (else every attempt would be logged as a time-out)."""
        pattern = BreathPattern.parse(parameters["pattern"], parameters["pattern_scale"])
        variant, limit = parameters["variant"], parameters["time_limit_s"]
        if variant == "breathing":
            needs, what = LEAD_IN_S + parameters["cycles"] * pattern.cycle_s, "the breaths"
        elif variant == "jar" and parameters["jar_end"] == "settled":
            rounds = parameters["settles"]
            needs = rounds * parameters["settle_s"] + (rounds - 1) * (JAR_REST_S + 2.0)
            what = "settling that many times"
        else:
            needs, what = LEAD_IN_S + parameters["duration_s"], "the scene"
        if needs > limit:
            raise SchemaError(
                "time_limit_s",
                limit,
                f"must leave time for {what} (about {needs:.0f} s): raise it or shorten them",
            )

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.scene: CalmScene = SCENES[self.parameters["variant"]](self)
        self.touch_times: list[float] = []  # play time of every finger, mouse or key press
        self.unasked = 0  # presses the scene did not ask for (CalmScene.asked_for)
        self._last_play = 0.0  # play time of the last update
        self.canvas = Canvas()  # (what the view drew last frame: frames drawn in parts)
        if self.sounds is not None and self.parameters["sound_bed"] != "none":
            self.sounds.prepare_bed(self.parameters["sound_bed"])

    @property
    def variant(self) -> str:
        return self.scene.name

    # -- time ----------------------------------------------------------------------------

    def play_time(self) -> float:
        """Seconds of play so far (adult pauses left out)."""
        return self.active_time(self.context.clock.now())

    def update(self, dt: float) -> None:
        if self.result is not None:
            return
        play = self.play_time()
        # scenes advance by play time passed (not the update step): on a slow tablet that
        # drops updates, the glitter still settles in `settle_s` of play
        self.scene.step(play, max(0.0, play - self._last_play))
        self._last_play = play
        bed = self.parameters["sound_bed"]
        if self.sounds is not None and bed != "none":
            self.sounds.hold_bed(bed, BED_LOUDNESS)
        if self.scene.completed_at(play) is not None:
            self.finish(self.score(completed=True))
        elif play >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    def finish(self, result: Result) -> None:
        super().finish(result)
        self._quiet()

    def pause(self, now: float) -> None:
        super().pause(now)
        self._quiet()  # an adult screen covers the scene: its noise fades (back on resume)

    def resize(self, metrics: ScreenMetrics) -> None:
        super().resize(metrics)
        self.scene.resized()

    def _quiet(self) -> None:
        if self.sounds is not None:
            self.sounds.stop_bed()

    def touch_areas(self) -> list[TouchArea]:
        """What the scene asks the child to touch: the breathing shape; nothing in the
        other scenes, where a touch anywhere is welcome."""
        return self.scene.touch_areas()

    # -- input ---------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.result is not None:
            return False
        play = self.active_time(pointer.t)
        if pointer.phase == "down":
            self.touch_times.append(play)
            if not self.scene.asked_for(pointer, play):
                self.unasked += 1
        self.scene.touch(pointer, play)
        return True

    # -- scoring -------------------------------------------------------------------------

    def longest_still_s(self, play: float) -> float:
        """The longest stretch of play (s) without a new touch, from the start to `play`."""
        moments = [0.0, *(t for t in self.touch_times if t <= play), play]
        return max(b - a for a, b in itertools.pairwise(moments))

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        play = self.play_time()
        end = self.scene.completed_at(play) if completed else None
        minutes = play / 60.0
        metrics: dict[str, Metric] = measured(
            {
                "touches": (len(self.touch_times), "count"),
                "restlessness_per_min": (
                    self.unasked / minutes if minutes > 0 else None,
                    "1/min",
                ),
                "longest_still_s": (self.longest_still_s(play), "s"),
                **self.scene.measures(play),
            }
        )
        return Result(
            completed=completed,
            duration_s=play,
            completion_time_s=end,
            accuracy=self.scene.accuracy(play),
            metrics=metrics,
            abort_reason=abort_reason,
            target=self.scene.target(play),
        )

    # -- drawing -------------------------------------------------------------------------

    def prepare(self, screen: pygame.Surface, ahead: SpareTime) -> None:
        view.prepare_scene(screen, self.scene, ahead)

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_scene(surface, self.scene, self.play_time())

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)
