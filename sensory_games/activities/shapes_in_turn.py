"""Shapes shown in turn (tracing, mirror drawing): the base of the activities that show
the shapes of a plan one after another, score each as it is finished (between frames),
and end when the last one is finished or the time limit passes."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any, TypeVar

import pygame

from sensory_games.activities.base import Activity, ActivityContext
from sensory_games.domain.outcome import Metric, Result
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import Later

#: Pause (s) after a finished shape before the next one appears.
ITEM_PAUSE_S = 1.0
#: Fixed updates the end of an attempt waits for its last shape's scores to be worked out
#: between frames (ui/spare_time.py) before working them out within a frame: the real-time
#: loop has them in one or two; a tool or test that drives frames by hand never leaves
#: spare time, and gets its Result this many updates after the last shape.
END_WAIT_UPDATES = 6

T = TypeVar("T")


class ShapesInTurn(Activity):
    """Base of activities that show the shapes of `plan` in turn as `item`s (each with
    a `completed_at` clock time), keep them in `shown`, and draw through a `view`
    (tracing, mirror drawing).

    After a shape is finished the next one appears ITEM_PAUSE_S later; the attempt ends
    when the last one is finished or the time limit passes; a new window size or new
    reserved corners lay the shape on screen out again (it starts over, its trail
    cleared).

    A finished shape's scores are worked out between frames (:meth:`work_out_later`). When
    the last shape is finished, the Result waits for them (at most END_WAIT_UPDATES
    updates) and is then timed as of the moment the attempt ended: the numbers are the
    same as if it had been taken at once, and the frame the last shape ends in does not
    score it (2 x 4-8 ms for mirror drawing's two hands at 1920x1080 here)."""

    plan: list[Any]
    shown: list[Any]
    item: Any
    view: Any

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.finished_at: float | None = None
        self._worked_out_later: list[Later[Any]] = []
        self._end_waits: int | None = None  # (updates left before the Result is taken)
        self._ended_at: float | None = None  # (clock s: set while the Result is taken late)

    def work_out_later(self, work: Callable[[], T]) -> Later[T]:
        """`work`'s value, worked out between frames (or when first read); the attempt's
        end waits for every such value before it takes its Result."""
        later = Later(work, self.context.spare_time)
        self._worked_out_later.append(later)
        return later

    @abstractmethod
    def _show(self, index: int, now: float) -> Any:
        """Lay out and show shape `index` of the plan at clock time `now`; returns it."""

    def shapes_outcome(
        self,
        completed: bool,
        abort_reason: str | None,
        first_contact_s: float | None,
        accuracy: float | None,
        metrics: dict[str, Metric],
        target: dict[str, Any],
    ) -> Result:
        """The Result, timed from the first contact (`first_contact_s`, s of play) to the
        last shape finished: the wait before the child starts is not their tracing time."""
        completion = None
        if completed and first_contact_s is not None and self.finished_at is not None:
            completion = self.active_time(self.finished_at) - first_contact_s
        return self.outcome(
            completed, abort_reason, accuracy, metrics, completion_time_s=completion, target=target
        )

    def _shape_finished(self, t: float) -> None:
        """The shape on screen was finished at clock time `t` (its scores taken)."""
        self.item.completed_at = t
        if self.sounds is not None:
            self.sounds.play("tap", 0.5)
        if len(self.shown) == len(self.plan):
            self.finished_at = t
            self._ended_at = self.context.clock.now()
            self._end_waits = END_WAIT_UPDATES

    def scoring_now(self) -> float:
        """Now, or the moment the attempt ended while its Result is taken late."""
        return super().scoring_now() if self._ended_at is None else self._ended_at

    @property
    def ending(self) -> bool:
        """True from the last shape finished until its Result is taken."""
        return self._end_waits is not None

    def _take_result(self, now: bool) -> None:
        """Take the completed attempt's Result when its scores are worked out, or the
        wait is over, or `now` (it is asked for at once: the attempt is left, a resize)."""
        if self._end_waits is None:
            return
        pending = any(not later.ready for later in self._worked_out_later)
        if pending and not now and self._end_waits > 0:
            self._end_waits -= 1
            return
        self._end_waits = None
        self.finish(self.score(completed=True))
        self._ended_at = None

    def abort(self, reason: str) -> Result:
        """End the attempt early; one whose last shape was finished ends completed."""
        self._take_result(now=True)
        return super().abort(reason)

    def update(self, dt: float) -> None:
        now = self.context.clock.now()
        self._take_result(now=False)
        if self.result is not None or self.ending:
            return
        item = self.item
        if item.completed_at is not None and now - item.completed_at >= ITEM_PAUSE_S:
            self.item = self._show(len(self.shown), now)
        if self.active_time(now) >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    def resize(self, metrics: ScreenMetrics) -> None:
        """A new window size: the shape being traced is laid out again and starts over
        (an attempt that has just ended takes its Result first, as laid out before)."""
        self._take_result(now=True)
        super().resize(metrics)
        self.view.resize()
        self._lay_out_again()

    def reserve(self, rects: list[tuple[float, float, float, float]]) -> None:
        """New corners to keep clear (after a resize): lay the shape out again."""
        self._take_result(now=True)
        super().reserve(rects)
        self._lay_out_again()

    def draw(self, surface: pygame.Surface) -> None:
        self.view.draw(surface)

    def close(self) -> None:
        """The screen has closed: the view's full-screen layers are freed now."""
        self.view.close()

    def _lay_out_again(self) -> None:
        if self.result is None and self.item.completed_at is None:
            self.shown.pop()
            self.item = self._show(len(self.shown), self.context.clock.now())
