"""What tracing and mirror drawing share: shapes shown one after another.

After a shape is finished the next one appears ITEM_PAUSE_S later; the attempt ends when
the last one is finished or the time limit passes; a new window size or new reserved
corners lay the shape on screen out again (it starts over, its trail cleared).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import pygame

from sensory_games.activities.base import Activity, ActivityContext
from sensory_games.ui.screen import ScreenMetrics

#: Pause (s) after a finished shape before the next one appears.
ITEM_PAUSE_S = 1.0


class ShapesInTurn(Activity):
    """Base of activities that show the shapes of `plan` in turn as `item`s (each with
    a `completed_at` clock time), keep them in `shown`, and draw through a `view`."""

    plan: list[Any]
    shown: list[Any]
    item: Any
    view: Any

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.finished_at: float | None = None

    @abstractmethod
    def _show(self, index: int, now: float) -> Any:
        """Lay out and show shape `index` of the plan at clock time `now`; returns it."""

    def _shape_finished(self, t: float) -> None:
        """The shape on screen was finished at clock time `t` (its scores taken)."""
        self.item.completed_at = t
        if self.sounds is not None:
            self.sounds.play("tap", 0.5)
        if len(self.shown) == len(self.plan):
            self.finished_at = t
            self.finish(self.score(completed=True))

    def update(self, dt: float) -> None:
        now = self.context.clock.now()
        if self.result is not None:
            return
        item = self.item
        if item.completed_at is not None and now - item.completed_at >= ITEM_PAUSE_S:
            self.item = self._show(len(self.shown), now)
        if self.active_time(now) >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    def resize(self, metrics: ScreenMetrics) -> None:
        """A new window size: the shape being traced is laid out again and starts over."""
        super().resize(metrics)
        self.view.resize()
        self._lay_out_again()

    def reserve(self, rects: list[tuple[float, float, float, float]]) -> None:
        """New corners to keep clear (after a resize): lay the shape out again."""
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
