"""The console's Goals page: a child's goals on a Goal Attainment Scale, each with its
attainment now (-2..+2) and the values behind it; a new goal is set and an open one ended
through sensory_games.services.goals, as `sensory-games goals` does."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UITextEntryLine

from sensory_games.activities import REGISTRY, activity_class, showing
from sensory_games.domain.goals import GoalError, GoalScale, t_score
from sensory_games.domain.language import N_
from sensory_games.domain.profile import GUEST_ALIAS
from sensory_games.domain.report_spec import shown
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen
from sensory_games.services.goals import ChildGoals, GoalRequest, GoalShown
from sensory_games.services.report import goal_words

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The baselines a goal may start from, as the menu says them (U+2212: services/report/
#: goal_words.py).
BASELINE_WORDS = {"-2": N_("−2 much less than expected"), "-1": N_("−1 less than expected")}
#: What the goal menu says when the child has no open goal.
NO_GOALS = N_("(no open goals)")


class GoalsPage(Widgets):
    """A child's goals with their attainment; a form to set one, a menu and button to end
    one."""

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        tr, stage = self.tr, self.console.stage
        self.children = {
            p.alias: p.id for p in stage.repository.list_profiles() if p.alias != GUEST_ALIAS
        }
        self.activities = {tr(activity_class(slug).title): slug for slug in REGISTRY}
        counts = stage.child.level_counts()
        self.showing = showing()
        self.goals = ChildGoals(stage.repository, counts, self.showing)
        every_metric = [w for slug in REGISTRY for w in self.metric_words(slug).values()]
        names = list(self.children) or [tr("(no children yet)")]
        levels = [str(n) for n in range(1, max(counts.values(), default=1) + 1)]
        baselines = {value: tr(words) for value, words in BASELINE_WORDS.items()}
        rects, y = self.fields(
            0.0,
            [
                (tr("Child"), self.menu_mm(names, 50.0)),
                (tr("Activity"), self.menu_mm(self.activities, 50.0)),
                (tr("Level"), self.menu_mm(levels, 18.0)),
                (tr("Metric"), self.menu_mm(every_metric, 40.0)),
                (tr("Scale -2..+2"), 60.0),
                (tr("Baseline"), self.menu_mm(baselines.values(), 40.0)),
                (tr("Goal in words"), 60.0),
            ],
        )
        self.child = self.drop_down(names, rects[0], self.playing(names))
        self.activity = self.drop_down(list(self.activities), rects[1])
        self.level = self.drop_down(levels, rects[2])
        self.metric_at = rects[3]
        self.metric = self.choice(self.metric_words(self.slug), self.metric_at, "accuracy")
        self.scale = self.add(
            UITextEntryLine(rects[4], self.manager, initial_text="0.5, 0.6, 0.7, 0.8, 0.9")
        )
        self.baseline = self.choice(baselines, rects[5], "-1")
        self.description = self.add(UITextEntryLine(rects[6], self.manager))
        ending = self.menu_mm([tr(NO_GOALS), "00000000 " + "m" * 30], 50.0)
        buttons = [self.text_mm(tr("Set goal")) * 2, ending, self.text_mm(tr("End goal")) * 2]
        (add, self.goal_at, end), y = self.flow(y, buttons)
        self.set_goal = self.add(UIButton(add, tr("Set goal"), self.manager))
        self.end = self.add(UIButton(end, tr("End goal"), self.manager))
        self.goal_menu: UIDropDownMenu | None = None
        self.status = self.status_line(y)
        self.listing = self.text_box("", y + ROW_MM + GAP_MM)
        self.shown: list[GoalShown] = []
        if self.children:
            self.load()
        else:
            self.set_goal.disable()
            self.end.disable()

    def load(self) -> None:
        """List the chosen child's open goals with their attainment, and the end menu."""
        profile_id = self.children.get(chosen(self.child))
        if profile_id is None:
            return
        self.shown = self.goals.shown(profile_id)
        if self.goal_menu is not None:
            self.remove(self.goal_menu)
        options = [self._named(item) for item in self.shown] or [self.tr(NO_GOALS)]
        self.goal_menu = self.drop_down(options, self.goal_at)
        heading = html.escape(self.tr("Open goals"))
        lines = [f"<b>{heading}</b>"]
        lines += [html.escape(self._line(item)) for item in self.shown]
        levels = [item.attainment.level for item in self.shown]
        summary = t_score([level for level in levels if level is not None])
        if summary is not None:
            lines.append(html.escape(self.tr("T-score: {t:.1f}", t=summary)))
        self.listing.set_text("<br>".join(lines))
        self.refit(self.listing)

    @property
    def slug(self) -> str:
        """The activity chosen in the form."""
        return self.activities[chosen(self.activity)]

    def metric_words(self, slug: str) -> dict[str, str]:
        """The metrics `slug` records, each in words (services/report/goal_words.py), the
        measures its report follows first; a label two metrics share gets its key."""
        activity = shown(self.showing, slug)
        followed = [m.value for m in activity.followed if m.value in activity.recorded]
        names = [*followed, *sorted(set(activity.recorded) - set(followed))]
        said = {name: goal_words.metric_label(activity, name, self.words) for name in names}
        labels = list(said.values())
        return {n: w if labels.count(w) == 1 else f"{w} ({n})" for n, w in said.items()}

    def _named(self, item: GoalShown) -> str:
        """The goal in the end menu: its id and heading (`3f2a9c1d Trace the path, level
        3: Extra lifts`)."""
        activity = shown(self.showing, item.goal.activity)
        return f"{item.goal.id[:8]} {goal_words.heading(item, activity, self.words)}"

    def _line(self, item: GoalShown) -> str:
        """One goal as the report's Goals page says it: what it measures, its scale, its
        baseline and dates, its attainment and the values behind it."""
        activity = shown(self.showing, item.goal.activity)
        parts = [
            self._named(item),
            item.goal.description,
            goal_words.scale_text(item, activity, self.words),
            goal_words.dates_text(item, self.words),
            goal_words.attainment_text(item, activity, self.words),
        ]
        return "; ".join(part for part in parts if part)

    def save_goal(self) -> None:
        """Set the goal the form describes; the status line says what happened."""
        profile_id = self.children.get(chosen(self.child))
        if profile_id is None:
            return
        try:
            thresholds = tuple(float(part) for part in self.scale.get_text().split(","))
        except ValueError:
            self.status.set_text(self.tr("Nothing saved: the scale must be five numbers"))
            return
        slug, metric = self.slug, self.value(self.metric)
        scale = GoalScale(slug, int(chosen(self.level)), metric, thresholds)  # type: ignore[arg-type]
        today = self.console.stage.clock.wall_utc().date()
        request = GoalRequest(
            scale, int(self.value(self.baseline)), today, description=self.description.get_text()
        )
        try:
            goal = self.goals.add(profile_id, request, "console")
        except GoalError as error:
            self.status.set_text(self.tr("Nothing saved: {error}", error=error))
            return
        self.status.set_text(self.tr("Goal {id} set", id=goal.id[:8]))
        self.load()

    def end_goal(self) -> None:
        """End the goal chosen in the end menu."""
        profile_id = self.children.get(chosen(self.child))
        named = [self._named(item) for item in self.shown]
        if profile_id is None or self.goal_menu is None or chosen(self.goal_menu) not in named:
            return
        goal = self.shown[named.index(chosen(self.goal_menu))].goal
        self.goals.end(profile_id, goal.id, "console")
        self.status.set_text(self.tr("Goal {id} ended", id=goal.id[:8]))
        self.load()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.activity:
            self.remove(self.metric)
            self.metric = self.choice(self.metric_words(self.slug), self.metric_at, "accuracy")
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.child:
            self.status.set_text("")
            self.load()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.set_goal:
            self.save_goal()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.end:
            self.end_goal()
