"""The activity plug-in contract.

An activity declares its parameters as a :class:`~sensory_games.domain.schema.ParameterSchema`,
takes pointer events, advances on a fixed step, draws without changing state, and ends
with a :class:`Result`. Each activity ships a :class:`Bot`: a seeded simulated child that
plays through the same finger events a real child produces. The activities that show
shapes one after another build on :class:`~sensory_games.activities.shapes_in_turn.ShapesInTurn`.
"""

from __future__ import annotations

import heapq
import itertools
import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pygame

from sensory_games.activities.touch_area import TouchArea
from sensory_games.domain.beat_timing import DeviceLatency
from sensory_games.domain.clock import Clock
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.intensity import Palette, SensoryProfile
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import PRAISE, PRAISE_GOOD_TRYING
from sensory_games.domain.report_spec import (
    COLUMN_UNITS,
    DEFAULT_FOLLOWED,
    Chart,
    Measure,
    Overlays,
    ShownActivity,
    TotalsLine,
    metrics_read,
)
from sensory_games.domain.schema import Parameter, ParameterSchema
from sensory_games.ui.audio import SoundPlayer
from sensory_games.ui.damage import Damage
from sensory_games.ui.input import finger_event
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime
from sensory_games.ui.voice import VoicePlayer

#: What an activity needs from the screen: "one" pointer (a mouse will do), "two"
#: contacts at once (two fingers, or the two hand keys of a kiosk), "two_touch" (two
#: moving fingers: a touchscreen). The launcher marks the tiles a mouse cannot play.
INPUT_NEEDS: tuple[str, ...] = ("one", "two", "two_touch")


def time_limit_parameter(default: float = 120.0, maximum: float = 900.0) -> Parameter:
    """The `time_limit_s` setting every activity has (seconds of play)."""
    return Parameter(
        "time_limit_s",
        "float",
        default,
        N_("Time limit"),
        N_("after this the attempt ends quietly and is stored as aborted (timeout)"),
        unit="s",
        minimum=10.0,
        maximum=maximum,
    )


@dataclass
class ActivityContext:
    """What the host gives an activity: time, screen, sensory profile, randomness.

    `reserved_mm` lists screen rectangles (x, y, w, h in mm) the activity must keep its
    targets out of, such as the calm-down button's corner. `device_latencies`: this device's
    tap-along calibrations (per tempo and cue); `age_band`: the child's ("" for none);
    `child_alias`: what the clinic calls the child (name writing shows it, never stores it).
    """

    clock: Clock
    metrics: ScreenMetrics
    sensory: SensoryProfile
    seed: int
    dominant_hand: str = "unknown"
    age_band: str = ""
    device_latencies: tuple[DeviceLatency, ...] = ()
    child_alias: str = ""
    reserved_mm: list[tuple[float, float, float, float]] = field(default_factory=list)
    sounds: SoundPlayer | None = None
    voice: VoicePlayer | None = None  # spoken prompts (ui/voice.py); None: silent
    config_dir: Path = DEFAULT_CONFIG_DIR
    #: This frame's dirty rectangles: a view that draws only what changed asks it first
    #: (ui/damage.py); the default is never "still on screen", so views draw whole.
    damage: Damage = field(default_factory=Damage)
    #: Where work no frame waits for is queued (scoring a finished shape): done between
    #: frames by the real-time loop, or when its result is first needed (ui/spare_time.py).
    spare_time: SpareTime = field(default_factory=SpareTime)

    @property
    def palette(self) -> Palette:
        return self.sensory.palette


class Activity(ABC):
    """Base class of every activity. Subclasses set the class attributes below."""

    slug: ClassVar[str]
    title: ClassVar[str]
    schema: ClassVar[ParameterSchema]
    bot_class: ClassVar[type[Bot]]
    input_needs: ClassVar[str] = "one"
    #: A completed attempt is followed by the reward screen (a calming activity just ends
    #: quietly instead).
    celebrates: ClassVar[bool] = True
    #: Levels are difficulty steps (1 easiest): the mastery rule may move a child along
    #: them. False for activities whose levels are different things (calming scenes).
    levels_are_steps: ClassVar[bool] = True
    #: For report and console (report_spec.py). Measures followed, each trended per level:
    report_followed: ClassVar[tuple[Measure, ...]] = DEFAULT_FOLLOWED
    #: More charts on its report page, in order:
    report_charts: ClassVar[tuple[Chart, ...]] = ()
    #: Lines of totals under its report page's title:
    report_totals: ClassVar[tuple[TotalsLine, ...]] = ()
    #: Its attempts' paths with the child's finger over them (None: no path to draw):
    report_overlays: ClassVar[Overlays | None] = None
    #: The console can replay its latest attempt (the finger over the path, at its speed):
    replayable: ClassVar[bool] = False
    #: Its variants (as `variant` stores them) in words, for the report:
    report_variants: ClassVar[Mapping[str, str]] = {"standard": N_("standard")}
    #: Every metric its scoring records, name -> unit as docs/metrics.md gives it (the
    #: columns accuracy and completion_time_s come on top); a test plays every level with
    #: the bot and holds the scoring to it. Goals are set on these only.
    recorded_metrics: ClassVar[Mapping[str, str]] = {}
    #: Those of them that may be below 0 (signed times).
    signed_metrics: ClassVar[frozenset[str]] = frozenset()
    #: The spoken prompts (domain/prompts.py) said when an attempt starts: what to do, in
    #: child words, one after the other (``spoken_goal`` says which, for a level).
    objective_prompts: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        self.parameters = self.schema.validate(parameters)
        self.context = context
        self.sounds = context.sounds
        self.voice = context.voice
        if self.voice is not None:  # what it says now, and the praise its reward says after
            self.voice.preload(*self.spoken_goal(), *PRAISE, PRAISE_GOOD_TRYING)
        self.rng = random.Random(context.seed)
        self.started_at = context.clock.now()
        self._result: Result | None = None
        self._pauses: list[tuple[float, float]] = []  # (from, to) clock s, finished ones
        self._paused_since: float | None = None

    @classmethod
    def declarations(cls) -> ShownActivity:
        """Its declarations as the report and the console are handed them."""
        return ShownActivity(
            cls.title,
            cls.report_charts,
            cls.report_totals,
            cls.report_overlays,
            cls.replayable,
            cls.report_variants,
            cls.report_followed,
            {**COLUMN_UNITS, **cls.recorded_metrics},
            cls.signed_metrics,
        )

    @classmethod
    def reported_metrics(cls) -> frozenset[str]:
        """The names of the metrics its report declarations read."""
        c = cls  # (the four declarations that name metrics)
        return metrics_read(c.report_charts, c.report_totals, c.report_overlays, c.report_followed)

    @classmethod
    def check_level(cls, parameters: dict[str, Any], config_dir: Path) -> None:
        """Checks across parameters or against other config files (e.g. that every shape
        named exists); raise SchemaError naming the parameter. Default: none."""
        return None

    def spoken_goal(self) -> tuple[str, ...]:
        """The prompts said as this attempt starts (prompt ids, in order): the class's
        ``objective_prompts``; an activity whose levels ask for different things (tracing's
        copy mode) says the one for its level. Read from ``parameters`` only: it is asked
        before a subclass's ``__init__`` has run (to load the clips)."""
        return self.objective_prompts

    @property
    def variant(self) -> str:
        """The variant played (the `variant` parameter where an activity has one)."""
        return str(self.parameters.get("variant", "standard"))

    @property
    def result(self) -> Result | None:
        """None while playing; the Result once the attempt has ended."""
        return self._result

    @property
    def ending(self) -> bool:
        """True once the attempt has ended but its Result is still being worked out
        (ShapesInTurn: its last shape's scores); the child's touches then count no more."""
        return False

    def pause(self, now: float) -> None:
        """An adult screen covers the activity: its clock stops until :meth:`resume`."""
        if self._paused_since is None:
            self._paused_since = now

    def resume(self, now: float) -> None:
        if self._paused_since is not None:
            self._pauses.append((self._paused_since, max(now, self._paused_since)))
            self._paused_since = None

    def scoring_now(self) -> float:
        """The clock time (s) a Result is worked out as of: now (ShapesInTurn: the moment
        the attempt ended, when its Result is taken a few frames later)."""
        return self.context.clock.now()

    def active_time(self, moment: float) -> float:
        """Seconds of play from the start to clock time `moment`, without the adult pauses
        that came before `moment` (the activity's timings all use this)."""
        pauses = [*self._pauses]
        if self._paused_since is not None:
            pauses.append((self._paused_since, max(moment, self._paused_since)))
        paused = sum(max(0.0, min(moment, end) - start) for start, end in pauses)
        return max(0.0, moment - self.started_at - paused)

    def clock_time(self, play_s: float) -> float:
        """The clock time (s) at which `play_s` seconds of play will have passed, if no
        further pause comes (for things scheduled in play time, like a beat)."""
        paused = sum(end - start for start, end in self._pauses)
        if self._paused_since is not None:
            paused += self.context.clock.now() - self._paused_since
        return self.started_at + play_s + paused

    def finish(self, result: Result) -> None:
        """Record the end of the attempt (first result wins)."""
        if self._result is None:
            self._result = result

    def outcome(
        self,
        completed: bool,
        abort_reason: str | None,
        accuracy: float | None,
        metrics: dict[str, Metric],
        *,
        completed_at: float | None = None,
        completion_time_s: float | None = None,
        target: dict[str, Any] | None = None,
    ) -> Result:
        """The attempt's Result as it stands now: its duration is the play time (s) until
        now, its completion time the play time until `completed_at` (clock s) or, for an
        activity timed otherwise, `completion_time_s` (s) as given."""
        if completed_at is not None:
            completion_time_s = self.active_time(completed_at)
        return Result(
            completed=completed,
            duration_s=self.active_time(self.scoring_now()),
            completion_time_s=completion_time_s,
            accuracy=accuracy,
            metrics=metrics,
            abort_reason=abort_reason,
            target=target,
        )

    def abort(self, reason: str) -> Result:
        """End the attempt early (child left, calm-down, time-out) with partial metrics."""
        if self._result is None:
            self.finish(self.score(completed=False, abort_reason=reason))
        assert self._result is not None
        return self._result

    def close(self) -> None:
        """The attempt's screen has closed for good: let go of drawing layers now.

        An activity lives in reference cycles (its scene's buttons call back into the
        scene, a view points back at its activity), so what it holds is freed only when
        Python's cycle collector next looks at old objects, often several attempts later.
        Activities that keep full-screen layers (several MB each) drop them here; the
        rest is small. Drawn again after this, a layer is simply repainted."""
        return None  # most activities draw straight onto the screen: nothing to drop

    def resize(self, metrics: ScreenMetrics) -> None:
        """The window changed size; layout in mm/fractions makes this cheap."""
        self.context.metrics = metrics

    def reserve(self, rects: list[tuple[float, float, float, float]]) -> None:
        """The corners (x, y, w, h in mm) to keep targets out of changed (after a resize)."""
        self.context.reserved_mm = rects

    def touch_areas(self) -> list[TouchArea]:
        """What the child must be able to reach NOW (the current trial or shape), as laid
        out for the current screen and reserved corners: each must lie on screen, clear
        of the reserved corners, and be at least its `min_mm` on its short side
        (tests/test_touch_areas.py holds every level to this at every clinic screen).
        Taken from the layout the activity plays with, never worked out a second time.
        Default: nothing (an activity that asks for no particular place)."""
        return []

    @abstractmethod
    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        """The Result of what the child has done so far."""

    @abstractmethod
    def handle(self, pointer: PointerEvent) -> bool:
        """Take one pointer event; True if it was used."""

    @abstractmethod
    def update(self, dt: float) -> None:
        """Advance by one fixed step of `dt` seconds."""

    def prepare(self, screen: pygame.Surface, ahead: SpareTime) -> None:
        """Queue on `ahead` what this attempt's first frames would otherwise draw
        themselves (its pictures, its still layers), a chore each: the real-time loop
        does them before any other chore, between the frame that opened it and its first
        (`screen`: the surface it will be drawn on, for its size and pixel format). Each
        must give what the frame would have made, as a frame finding it not done makes
        it itself. Nothing, unless the activity has something its first frame would be
        slow to draw."""
        return None

    @abstractmethod
    def draw(self, surface: pygame.Surface) -> None:
        """Render the current state; must not change it."""

    @classmethod
    @abstractmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        """Draw the launcher tile picture (no words: children may not read)."""


class Bot(ABC):
    """A simulated child: seeded, with a skill 0..1, acting only through finger events."""

    #: How long (s) this child's finger rests on the glass during a tap.
    tap_hold_s: ClassVar[float] = 0.1

    def __init__(self, activity: Activity, seed: int, skill: float) -> None:
        if not 0.0 <= skill <= 1.0:
            raise ValueError(f"skill {skill} is outside 0..1")
        self.activity = activity
        self.rng = random.Random(seed)
        self.skill = skill
        self._timed: list[tuple[float, int, str, int, float, float]] = []
        self._order = itertools.count()
        self._fingers = itertools.count(1)

    def new_finger(self) -> int:
        """A pointer id no finger of this bot has had yet (1, 2, 3...): each touch is a
        new finger, as on a touchscreen."""
        return next(self._fingers)

    def at(self, t: float, phase: str, finger: int, x_mm: float, y_mm: float) -> None:
        """Plan one finger event (down/move/up) at clock time `t` (s), kept on screen."""
        metrics = self.activity.context.metrics
        x = min(max(x_mm, 0.0), metrics.width_mm)
        y = min(max(y_mm, 0.0), metrics.height_mm)
        heapq.heappush(self._timed, (t, next(self._order), phase, finger, x, y))

    def tap(self, t: float, x_mm: float, y_mm: float) -> None:
        """Plan a tap by a new finger at clock time `t` (s): down, and up `tap_hold_s`
        later, at one point."""
        finger = self.new_finger()
        self.at(t, "down", finger, x_mm, y_mm)
        self.at(t + self.tap_hold_s, "up", finger, x_mm, y_mm)

    def due(self, now: float) -> list[pygame.event.Event]:
        """The planned finger events whose time has come, in time order."""
        metrics = self.activity.context.metrics
        out = []
        while self._timed and self._timed[0][0] <= now:
            _, _, phase, finger, x, y = heapq.heappop(self._timed)
            out.append(finger_event(metrics, phase, finger, x, y))  # type: ignore[arg-type]
        return out

    @property
    def busy(self) -> bool:
        """Finger events are still planned."""
        return bool(self._timed)

    @abstractmethod
    def events(self, now: float) -> list[pygame.event.Event]:
        """SDL events the child produces at clock time `now` (s)."""
