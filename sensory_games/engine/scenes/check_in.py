"""The check-in screen: "how do you feel?" on the child's scale, one tap.

The scale is the child's profile's (check_in_scale), else the clinic's (app.yaml
``check_in.scale``; auto: three faces for ages 3-5, five faces otherwise): faces or
zone colours in a row, each with its word under it in the child's language for the adult
(the child needs no words), ordered in the child's reading direction. The chosen face
gets a soft ring for a moment, then the screen goes on by itself. If no face is tapped
within the clinic's wait (app.yaml ``check_in.wait_s``), or the child taps the arrow,
it goes on with no answer, which is logged as such. The calm button works here too: it
skips the question (and, unless the calm activity comes next anyway, opens it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities import CALM_ACTIVITY
from sensory_games.domain.check_in import CheckIn, Scale, scale_for
from sensory_games.domain.language import N_
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import HOW_DO_YOU_FEEL
from sensory_games.engine.scenes.base import SessionScene
from sensory_games.ui import art
from sensory_games.ui.check_in_faces import feeling_face
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.widgets import EDGE_MARGIN_MM, Button, grid_rects

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: The chosen face is shown ringed this long (s) before the screen goes on.
CHOSEN_PAUSE_S = 0.8
#: The "go on" arrow (mm), bottom right (the calm button keeps the bottom left on every
#: child screen); it points left in a language read right to left.
ARROW_MM = 22.0
#: The question, for the adult beside the child (in the child's language).
QUESTION = N_("How do you feel?")


class CheckInScene(SessionScene):
    """Ask how the child feels at `moment`; then call `then` with the saved check-in."""

    needs_session_as = "a check-in"

    def __init__(
        self,
        stage: Stage,
        moment: str,
        then: Callable[[CheckIn], None],
        attempt_id: str | None = None,
    ) -> None:
        super().__init__(stage)
        self.moment = moment
        self.then = then
        self.attempt_id = attempt_id
        self.asked_at = stage.clock.now()
        self.asked_wall = stage.clock.wall_utc()
        self._covered_s = 0.0  # time an adult screen covered the question (s)
        self._covered_since: float | None = None
        self.answer: CheckIn | None = None
        self.scale: Scale = scale_for(
            stage.config.check_in_scale, self.profile.check_in_scale, self.profile.age_band
        )
        self._go_on_at: float | None = None
        self.faces: list[Button] = []
        self.arrow: Button | None = None
        self.layout(stage.metrics)

    def enter(self) -> None:
        self.stage.voice.say(HOW_DO_YOU_FEEL)

    def layout(self, metrics: ScreenMetrics) -> None:
        area = metrics.rect_mm(
            EDGE_MARGIN_MM, 22.0, metrics.width_mm - 2 * EDGE_MARGIN_MM, metrics.height_mm - 56.0
        )
        points = self.scale.points
        rects = grid_rects(area, len(points), metrics, max_tile_mm=48.0, gap_mm=5.0, one_line=True)
        words = self.stage.child_words
        if words.right_to_left:  # (the scale reads from the right: its first point there)
            rects = rects[::-1]
        self.faces = [
            Button(
                rect,
                feeling_face(feeling),
                partial(self.choose, feeling.value),
                label=words.tr(feeling.words),
                show_label=True,
                right_to_left=words.right_to_left,
            )
            for rect, feeling in zip(rects, points, strict=True)
        ]
        arrow = metrics.rect_mm(
            metrics.width_mm - EDGE_MARGIN_MM - ARROW_MM,
            metrics.height_mm - EDGE_MARGIN_MM - ARROW_MM,
            ARROW_MM,
            ARROW_MM,
        )
        onward = art.onward_icon(words.right_to_left)  # (pointing where the scale reads on)
        self.arrow = Button(arrow, onward, self.skip, label="go on")

    def resize(self, metrics: ScreenMetrics) -> None:
        super().resize(metrics)
        self.layout(metrics)

    def buttons(self) -> list[Button]:
        return [*self.faces, *([self.arrow] if self.arrow else [])]

    # -- answering -------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.answer is not None:
            return True  # answered: the screen is about to go on
        return super().handle(pointer)

    def shown_s(self) -> float:
        """Seconds the question has been on screen (time an adult screen covered it left
        out): what the wait and the answer time count."""
        now = self.stage.clock.now()
        covered = self._covered_s
        if self._covered_since is not None:
            covered += now - self._covered_since
        return now - self.asked_at - covered

    def pause(self) -> None:
        super().pause()
        if self._covered_since is None:
            self._covered_since = self.stage.clock.now()

    def resume(self) -> None:
        if self._covered_since is not None:
            self._covered_s += self.stage.clock.now() - self._covered_since
            self._covered_since = None

    def choose(self, value: int | None) -> None:
        """The child tapped a point (`value` 1..n of the scale), or let the question pass
        (None)."""
        if self.answer is not None:
            return
        now = self.stage.clock.now()
        self.answer = CheckIn(
            session_id=self.session_id,
            profile_id=self.profile_id,
            moment=self.moment,
            feeling=value,
            asked_at=self.asked_wall,
            answer_s=round(self.shown_s(), 3) if value is not None else None,
            attempt_id=self.attempt_id,
            scale=self.scale.name,
        )
        self.stage.child.save_check_in(self.answer)
        self._go_on_at = now + (CHOSEN_PAUSE_S if value is not None else 0.0)

    def skip(self) -> None:
        """The arrow: go on without an answer."""
        self.choose(None)

    def calm_down(self) -> None:
        """The calm button: no answer, and the calm activity at once (no second question:
        before a calm this is the calm that was coming anyway)."""
        calm_next = self.moment == "before"
        self.choose(None)
        self._go_on()
        if not calm_next:
            self.stage.push(self.stage.activity_screen(CALM_ACTIVITY, ask=False))

    def update(self, dt: float) -> None:
        if self.answer is None and self.shown_s() >= self.stage.config.check_in_wait_s:
            self.choose(None)
        if self._go_on_at is not None and self.stage.clock.now() >= self._go_on_at:
            self._go_on()

    def _go_on(self) -> None:
        if self._go_on_at is None or self.answer is None:
            return
        self._go_on_at = None
        self.then(self.answer)

    def back(self) -> None:
        self.skip()

    def exit(self) -> None:
        """Leaving unanswered (the app closing) still logs that it was asked."""
        if self.answer is None:
            self.choose(None)

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        title = self.stage.child_words.tr(QUESTION)
        self.draw_still(surface, lambda layer: self.paint_titled(layer, title, 11))
        if self.answer is not None and self.answer.feeling is not None:
            chosen = self.faces[self.answer.feeling - 1].rect
            ring = chosen.inflate(metrics.px(4), metrics.px(4))
            radius = max(4, min(ring.w, ring.h) // 6)
            drawn = pygame.draw.rect(surface, palette.success, ring, metrics.px(1.5), radius)
            self.stage.damage.add(drawn)
