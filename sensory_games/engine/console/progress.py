"""The console's progress page: one child, one activity.

Accuracy and completion time over the attempts (dots; hollow when stopped early), with
a least-squares trend within each level (a new level resets difficulty) and the level
changes (dashed lines), as in the printed report (the numbers come from
sensory_games.services.report.data); the latest attempts and check-ins in words; and for
the activities that declare themselves replayable (tracing, mirror drawing) a replay of
the latest traced attempt: the child's finger drawn over the path at the speed it moved.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from sensory_games.activities import REGISTRY, activity_class, showing
from sensory_games.domain.check_in import before_after_pairs, describe
from sensory_games.domain.profile import GUEST_ALIAS
from sensory_games.domain.report_spec import shown
from sensory_games.engine.console.page import Page
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen
from sensory_games.services.report.data import Series, level_changes
from sensory_games.storage import Selection, StoredAttempt
from sensory_games.ui.text import blit_centred

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

INK, GREY, PANEL = (46, 58, 75), (150, 163, 176), (248, 250, 252)
#: Strokes of a target: lists of [x_mm, y_mm] points.
Strokes = list[list[list[float]]]


class ProgressPage(Page):
    """Charts, the latest attempts and check-ins, and tracing replays (see module)."""

    def __init__(self, console: ConsoleScene) -> None:
        self.page = Widgets(console)
        self.console, self.manager = console, console.manager
        page = self.page
        self.children = [
            p for p in self.console.stage.repository.list_profiles() if p.alias != GUEST_ALIAS
        ]
        names = [p.alias for p in self.children] or ["(no children yet)"]
        self.titles = {activity_class(slug).title: slug for slug in REGISTRY}
        child, activity, replay = page.row(0, (0.34, 0.42, 0.24))
        self.child = page.drop_down(names, child)
        self.activity = page.drop_down(list(self.titles), activity)
        self.replay = page.add(UIButton(replay, "Replay", self.manager))
        top = ROW_MM + GAP_MM
        landscape = page.width > page.height
        chart_w = page.width * 0.6 if landscape else page.width
        chart_h = page.height - top if landscape else (page.height - top) * 0.6
        self.chart = page.rect(0, top, chart_w, chart_h)
        text = (
            page.rect(chart_w + GAP_MM, top, page.width - chart_w - GAP_MM, chart_h)
            if landscape
            else page.rect(
                0, top + chart_h + GAP_MM, page.width, page.height - top - chart_h - GAP_MM
            )
        )
        self.details = page.add(UITextBox("", text, self.manager))
        self.replaying: dict[str, Any] | None = None
        self._charts: pygame.Surface | None = None
        self.load()

    def kill(self) -> None:
        self.page.kill()

    # -- data ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the chosen child's attempts of the chosen activity."""
        self.replaying, self._charts = None, None
        names = [p.alias for p in self.children]
        alias = chosen(self.child)
        self.slug = self.titles[chosen(self.activity)]
        if alias not in names:
            self.series, self.steps = Series(self.slug, self.slug, ()), []
            self.details.set_text("No children yet.")
            self.replay.disable()
            return
        child = self.children[names.index(alias)]
        attempts = tuple(
            self.console.stage.repository.attempts(
                selection=Selection(activity=self.slug, profile_id=child.id)
            )
        )
        self.series = Series(self.slug, chosen(self.activity), attempts)
        self.steps = level_changes(attempts, self.console.stage.repository.level_changes(child.id))
        self.details.set_text(self._details(attempts, child.alias))
        if shown(showing(), self.slug).replayable and self._latest_trace() is not None:
            self.replay.enable()
        else:
            self.replay.disable()

    def _details(self, attempts: tuple[StoredAttempt, ...], alias: str) -> str:
        lines = [f"<b>{html.escape(alias)}: {len(attempts)} attempt(s)</b>", "<b>Latest</b>"]
        for a in reversed(attempts[-8:]):
            state = "completed" if a.completed else f"stopped ({a.abort_reason})"
            accuracy = "-" if a.accuracy is None else f"{a.accuracy:.2f}"
            time_s = "-" if a.completion_time_s is None else f"{a.completion_time_s:.1f} s"
            lines.append(
                f"{a.started_at[:16].replace('T', ' ')} level {a.level}: {state}, "
                f"accuracy {accuracy}, time {time_s}"
            )
        ids = {a.id for a in attempts}
        pairs = [
            p for p in before_after_pairs(self.console.stage.repository.check_ins(alias))
            if p.attempt_id in ids
        ]  # fmt: skip
        if pairs:
            lines.append("<b>Check-ins (before → after)</b>")
        for pair in pairs[-5:]:
            before = describe(pair.before) if pair.asked_before else "not asked"
            after = describe(pair.after) if pair.asked_after else "not asked"
            lines.append(f"{pair.asked_at[:16].replace('T', ' ')}: {before} → {after}")
        return "<br>".join(
            html.escape(line) if not line.startswith("<b>") else line for line in lines
        )

    def _latest_trace(self) -> tuple[StoredAttempt, dict[str, Any], list[dict[str, Any]]] | None:
        """The latest attempt with a target and samples to replay."""
        for attempt in reversed(self.series.attempts[-10:]):
            target = self.console.stage.repository.target(attempt.id)
            samples = self.console.stage.repository.samples(attempt.id)
            if target and target.get("items") and samples:
                return attempt, target, samples
        return None

    # -- events -------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in (
            self.child,
            self.activity,
        ):
            self.load()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.replay:
            found = self._latest_trace()
            if found is not None:
                _attempt, target, samples = found
                self.replaying = {
                    "start": self.console.stage.clock.now(),
                    "target": target,
                    "samples": samples,
                }

    # -- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if self.replaying is not None:
            pygame.draw.rect(surface, PANEL, self.chart)
            pygame.draw.rect(surface, GREY, self.chart, 1)
            self._draw_replay(surface)
            return
        if self._charts is None:  # drawn once per child and activity, then one blit a frame
            self._charts = self._draw_charts()
        surface.blit(self._charts, self.chart.topleft)

    def _draw_charts(self) -> pygame.Surface:
        layer = pygame.Surface(self.chart.size)
        panel = layer.get_rect()
        layer.fill(PANEL)
        pygame.draw.rect(layer, GREY, panel, 1)
        top = panel.inflate(-panel.w // 12, -panel.h // 10)
        upper = pygame.Rect(top.x, top.y, top.w, top.h * 45 // 100)
        lower = pygame.Rect(top.x, top.y + top.h * 55 // 100, top.w, top.h * 45 // 100)
        self._chart(layer, upper, "accuracy", "accuracy 0..1", 1.0)
        times = self.series.points("completion_time_s")[1]
        self._chart(layer, lower, "completion_time_s", "time (s)", max(times, default=1.0) * 1.1)
        return layer

    def _chart(
        self, surface: pygame.Surface, rect: pygame.Rect, value: str, title: str, top: float
    ) -> None:
        size = max(14, self.console.stage.metrics.font_px(3.0))
        blit_centred(surface, title, size, INK, (rect.centerx, rect.y - size // 2))
        pygame.draw.line(surface, GREY, rect.bottomleft, rect.bottomright)
        pygame.draw.line(surface, GREY, rect.bottomleft, rect.topleft)
        small = max(12, size * 3 // 4)
        top_text = f"{top:g}" if top == 1.0 else f"{top:.0f}"
        blit_centred(surface, top_text, small, INK, (rect.x - small, rect.y))
        blit_centred(surface, "0", small, INK, (rect.x - small, rect.bottom))
        count = len(self.series.attempts)
        if count == 0:
            blit_centred(surface, "no attempts yet", size, INK, rect.center)
            return

        def at(x: float, y: float) -> tuple[int, int]:
            share = 0.5 if count == 1 else (x - 1) / (count - 1)
            return (
                rect.x + round(share * rect.w),
                rect.bottom - round(min(1.0, max(0.0, y / (top or 1.0))) * rect.h),
            )

        for step in self.steps:  # level changes: dashed lines
            x = at(step.index + 1, 0)[0]
            for dash in range(rect.y, rect.bottom, 8):
                pygame.draw.line(surface, GREY, (x, dash), (x, min(rect.bottom, dash + 4)))
        radius = max(3, self.console.stage.metrics.px(1.0))
        for completed in (True, False):
            xs, ys = self.series.points(value, completed=completed)
            for x, y in zip(xs, ys, strict=True):
                pygame.draw.circle(surface, INK, at(x, y), radius, 0 if completed else 2)
        for found in self.series.trends(value):  # one line per level run, never across
            if found.segment is not None:
                start, end = found.segment
                pygame.draw.line(surface, GREY, at(*start), at(*end), 2)
        if not self.series.has(value):
            blit_centred(surface, "nothing to score", size, INK, rect.center)

    def _draw_replay(self, surface: pygame.Surface) -> None:
        """The latest traced attempt: the target paths, and the child's contacts up to
        the moment reached (played at the speed the child moved)."""
        assert self.replaying is not None
        target, samples = self.replaying["target"], self.replaying["samples"]
        t = self.console.stage.clock.now() - self.replaying["start"]
        items = target["items"]
        item = next((i for i in reversed(items) if i.get("shown_at_s", 0) <= t), items[0])
        strokes: Strokes = item.get("strokes") or item.get("left", []) + item.get("right", [])
        points = [p for stroke in strokes for p in stroke]
        if not points:
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        margin = float(target.get("tolerance_mm", 5)) * 2
        left, right = min(xs) - margin, max(xs) + margin
        low, high = min(ys) - margin, max(ys) + margin
        scale = min(self.chart.w / (right - left), self.chart.h / (high - low))

        def at(x: float, y: float) -> tuple[int, int]:
            return (
                round(self.chart.centerx + (x - (left + right) / 2) * scale),
                round(self.chart.centery + (y - (low + high) / 2) * scale),
            )

        band = max(2, round(float(target.get("tolerance_mm", 5)) * 2 * scale))
        for stroke in strokes:  # the band (round joins), then its centre line
            for point in stroke:
                pygame.draw.circle(surface, (214, 222, 230), at(*point), band // 2)
            if len(stroke) > 1:
                pygame.draw.lines(surface, (214, 222, 230), False, [at(*p) for p in stroke], band)
        for stroke in strokes:
            if len(stroke) > 1:
                pygame.draw.lines(surface, GREY, False, [at(*p) for p in stroke], 1)
        shown = float(item.get("shown_at_s", 0.0))
        trails: dict[int, list[tuple[int, int]]] = {}
        for sample in samples:
            if shown <= sample["t_s"] <= t:
                trail = trails.setdefault(sample["pointer_id"], [])
                trail.append(at(sample["x_mm"], sample["y_mm"]))
                if sample["phase"] in ("up", "cancel"):
                    self._trail(surface, trail)
                    trails[sample["pointer_id"]] = []
        for trail in trails.values():
            self._trail(surface, trail)

    @staticmethod
    def _trail(surface: pygame.Surface, trail: list[tuple[int, int]]) -> None:
        if len(trail) > 1:
            pygame.draw.lines(surface, INK, False, trail, 3)
