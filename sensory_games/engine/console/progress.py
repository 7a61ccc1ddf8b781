"""The console's progress page: one child, one activity.

The measures the activity follows (accuracy and completion time unless it declares
others; never a time its level fixes) over the attempts, dated, with a trend per level and each
level change labelled (engine/console/progress_chart.py; the numbers come from
sensory_games.services.report.data, as in the printed report); the latest attempts, one
compact line each with its check-in (engine/console/progress_list.py); and for the
activities that declare themselves replayable (tracing, mirror drawing) a replay of the
latest traced attempt: the child's finger drawn over the path at the speed it moved.
Under them, the child's session notes: read a session's, add one
(engine/console/progress_notes.py).

Charts, list and replay are drawn into pygame_gui images, so the UI's layers keep an open
drop-down above them. A wide page puts the list beside the charts; a narrow one under
them. Either way the list holds at least ten attempts (progress_list.LEAST_SHOWN) and
needs no scroll bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from sensory_games.activities import REGISTRY, activity_class, showing
from sensory_games.domain.check_in import before_after_pairs
from sensory_games.domain.profile import GUEST_ALIAS, Profile
from sensory_games.domain.report_spec import shown
from sensory_games.engine.console.levels import NO_CHILDREN
from sensory_games.engine.console.page import Page
from sensory_games.engine.console.progress_chart import (
    GREY,
    INK,
    PAD_MM,
    PANEL,
    draw_charts,
    label_px,
)
from sensory_games.engine.console.progress_list import (
    LEAST_SHOWN,
    draw_list,
    height_for,
    latest_lines,
    legend_lines,
    natural_width,
)
from sensory_games.engine.console.progress_notes import SessionNotes
from sensory_games.engine.console.scroll import ScrollArea
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen, select
from sensory_games.services.report.data import Series, level_changes
from sensory_games.storage import Selection, StoredAttempt
from sensory_games.ui.text import font

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The charts beside the list need at least this width (mm); narrower, they go above it.
LEAST_CHART_MM = 60.0
#: The page width (mm) from which the child, the activity and Replay share one row (the
#: longest alias and title fit their open lists).
ONE_ROW_MM = 200.0
#: The least height of the charts, in lines of their labels: two plots of two lines each,
#: and their titles, dates and level labels.
CHART_LINES = 12
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
        self.words = console.words
        names = [p.alias for p in self.children] or [self.words.tr(NO_CHILDREN)]
        self.titles = {self.words.tr(activity_class(slug).title): slug for slug in REGISTRY}
        if page.width >= ONE_ROW_MM:  # one row: the child's alias gets the widest part
            child, activity, replay = page.row(0, (0.42, 0.38, 0.20))
            rows = 1
        else:  # two rows: a long alias (in the open list too) and a long title keep room
            (child,) = page.row(0, (1.0,))
            wide = page.text_mm(self.words.tr("Replay")) / page.width  # (its words whole)
            share = min(0.5, max(0.3, wide))
            activity, replay = page.row(ROW_MM + GAP_MM, (1.0 - share, share))
            rows = 2
        self.child = page.drop_down(names, child, page.playing(names))  # (the child playing)
        self.activity = page.drop_down(list(self.titles), activity)
        self._open_on_a_played_activity()
        self.replay = page.add(UIButton(replay, self.words.tr("Replay"), self.manager))
        metrics = self.console.stage.metrics
        self.size, self.pad = label_px(metrics), metrics.px(PAD_MM)
        self.chart, text = self._layout(rows * (ROW_MM + GAP_MM))
        self.chart_image = page.add_image(self.chart)
        self.list_image = page.add_image(text)
        below = max(self.chart.bottom, text.bottom) / metrics.px_per_mm - page.top + GAP_MM
        self.session_notes = SessionNotes(page, below)
        self.replaying: dict[str, Any] | None = None
        self._replay_frame: pygame.Surface | None = None
        self.shown = 0  # attempts the list shows
        self.legend: list[str] = []  # the list's check-in legend (progress_list.legend_lines)
        self.load()

    def _layout(self, top: float) -> tuple[pygame.Rect, pygame.Rect]:
        """The charts' rect and the list's (px) under the row of drop-downs (`top` mm):
        side by side when the charts keep LEAST_CHART_MM beside the list's natural width,
        else the list (LEAST_SHOWN attempts high) under the charts, which keep at least
        LEAST_CHART_MM and CHART_LINES label lines in height (a short screen: the page then
        scrolls through the charts to the list)."""
        page, metrics = self.page, self.console.stage.metrics
        list_w = natural_width(self.size, self.pad, self.words) / metrics.px_per_mm  # mm
        height = page.height - top
        chart_w = page.width - list_w - GAP_MM
        if page.width > page.height and chart_w >= LEAST_CHART_MM:
            return (
                page.rect(0, top, chart_w, height),
                page.rect(chart_w + GAP_MM, top, list_w, height),
            )
        list_h = height_for(LEAST_SHOWN, self.size, self.pad) / metrics.px_per_mm + 1.0
        line_mm = font(self.size).get_linesize() / metrics.px_per_mm
        least_h = max(LEAST_CHART_MM, CHART_LINES * line_mm)  # (two plots and their labels)
        chart_h = max(least_h, height - list_h - GAP_MM)
        return (
            page.rect(0, top, page.width, chart_h),
            page.rect(0, top + chart_h + GAP_MM, page.width, list_h),
        )

    def kill(self) -> None:
        self.page.kill()

    def scroll_areas(self) -> tuple[ScrollArea, ...]:
        return self.page.scroll_areas()

    # -- data ---------------------------------------------------------------------------

    def _chosen_child(self) -> Profile | None:
        """The child chosen in the drop-down; None when there is none (no children yet)."""
        alias = chosen(self.child)
        return next((child for child in self.children if child.alias == alias), None)

    def _open_on_a_played_activity(self) -> None:
        """Show the activity the chosen child played last, unless they have played the one
        shown (a page opens, or another child is chosen, on something to see; an activity
        the adult picks stays, played or not)."""
        child = self._chosen_child()
        if child is None:
            return
        played = self.console.stage.repository.activities_played(child.id)
        slugs = {slug: title for title, slug in self.titles.items()}
        latest = next((slug for slug in played if slug in slugs), None)  # (one still offered)
        if latest is not None and self.titles[chosen(self.activity)] not in played:
            select(self.activity, slugs[latest])

    def load(self) -> None:
        """Read the chosen child's attempts of the chosen activity."""
        self.replaying = None
        child = self._chosen_child()
        self.slug = self.titles[chosen(self.activity)]
        if child is None:
            self.series, self.steps = Series(self.slug, self.slug, ()), []
            self._show_list([], self.words.tr("No children yet."))
            self._show_charts()
            self.replay.disable()
            self.session_notes.load(None)
            return
        self.session_notes.load(child.id)
        attempts = tuple(
            self.console.stage.repository.attempts(
                selection=Selection(activity=self.slug, profile_id=child.id)
            )
        )
        self.series = Series(self.slug, chosen(self.activity), attempts)
        self.steps = level_changes(attempts, self.console.stage.repository.level_changes(child.id))
        ids = {a.id for a in attempts}
        pairs = [
            p for p in before_after_pairs(self.console.stage.repository.check_ins(child.alias))
            if p.attempt_id in ids
        ]  # fmt: skip
        empty = None
        if not attempts:
            empty = self.words.tr("No attempts of {activity} yet.", activity=chosen(self.activity))
        legend = legend_lines(pairs, self.words)
        self._show_list(latest_lines(attempts, pairs, None, self.words), empty, legend)
        self._show_charts()
        if shown(showing(), self.slug).replayable and self._latest_trace() is not None:
            self.replay.enable()
        else:
            self.replay.disable()

    def _show_list(
        self, lines: list[tuple[str, ...]], note: str | None = None, legend: Sequence[str] = ()
    ) -> None:
        """The list of `lines` (progress_list.attempt_line: latest first) or a `note`,
        and the `legend` of its check-ins (progress_list.legend_lines)."""
        self.lines, self.legend = lines, list(legend)
        surface = pygame.Surface(self.list_image.rect.size)
        self.shown = draw_list(surface, lines, self.size, self.pad, self.words, note, legend)
        self.list_image.set_image(surface)

    def _show_charts(self) -> None:
        self.chart_image.set_image(self._draw_charts())

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
        if self.session_notes.handle(event):
            return
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in (
            self.child,
            self.activity,
        ):
            if event.ui_element is self.child:
                self._open_on_a_played_activity()
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

    @property
    def moving(self) -> bool:
        return self.replaying is not None

    def draw(self, surface: pygame.Surface) -> None:
        """A replay moves: its frame is drawn into the charts' image (under any pop-up;
        the UI shows it from the next frame on). The charts and the list change only on
        load."""
        if self.replaying is not None:
            if self._replay_frame is None or self._replay_frame.get_size() != self.chart.size:
                self._replay_frame = pygame.Surface(self.chart.size)  # (once: reused a frame)
            frame = self._replay_frame
            frame.fill(PANEL)
            pygame.draw.rect(frame, GREY, frame.get_rect(), 1)
            self._draw_replay(frame)
            self.chart_image.set_image(frame)

    def _draw_charts(self) -> pygame.Surface:
        """The charts of the chosen child and activity, the size of the charts' rect."""
        layer = pygame.Surface(self.chart.size)
        metrics = self.console.stage.metrics
        followed = shown(showing(), self.slug).followed
        self.drawn = draw_charts(
            layer, self.series, self.steps, metrics, said=self.words, followed=followed
        )
        return layer

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
        area = surface.get_rect()
        scale = min(area.w / (right - left), area.h / (high - low))

        def at(x: float, y: float) -> tuple[int, int]:
            return (
                round(area.centerx + (x - (left + right) / 2) * scale),
                round(area.centery + (y - (low + high) / 2) * scale),
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
