"""What every calming scene is to the host (:class:`CalmScene`; :class:`TimedScene` for
the scenes that run a set time).

Each scene takes the child's touches, advances in play time (s), says when the calm is
complete and what it measured; the host (activity.py) counts touches and stillness for
every scene, plays the soft noise bed and writes the Result. Each scene is its own module
here (breathing_guide, glitter_jar, drifting_bubbles, colour_wash); drawing is in
``view.py``. Nothing a child does in a calming scene is ever wrong. Metrics in
docs/metrics.md ("Calming").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar

from sensory_games.domain.pointer import PointerEvent

if TYPE_CHECKING:
    from sensory_games.activities.base import TouchArea
    from sensory_games.activities.calming.activity import CalmingActivity

#: Seconds of play before a scene starts moving (the first in-breath, the first bubble).
LEAD_IN_S = 1.0


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

    def asked_for(self, pointer: PointerEvent, play: float) -> bool:
        """Whether this press (a "down" at play time `play`, seen before :meth:`touch`) is
        one the scene asked for, so not restlessness. Default: no scene but the breathing
        guide asks for a touch (the jar turns itself over, bubbles and the wash are
        watched), so every press there counts."""
        return False

    def step(self, play: float, dt: float) -> None:
        """Advance by `dt` s to play time `play` (default: the scene is drawn from time)."""
        return None

    def touch_areas(self) -> list[TouchArea]:
        """What the scene asks the child to touch (see Activity.touch_areas). Default:
        nothing: watching is enough, and a touch anywhere is welcome (the jar stirs,
        the wash blooms, a drifting bubble may be popped if the child likes)."""
        return []

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
