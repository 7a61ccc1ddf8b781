"""The console's Plans page: build a session plan step by step, save it in plans/,
give it to a child or take it away (through sensory_games.services.plans)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryLine

from sensory_games.activities import REGISTRY, activity_class
from sensory_games.domain.config import ConfigError
from sensory_games.domain.language import N_
from sensory_games.domain.profile import GUEST_ALIAS
from sensory_games.domain.sentence import render
from sensory_games.engine.console.levels import NO_CHILDREN
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen
from sensory_games.services.plans import (
    Plan,
    PlanStep,
    give_plan,
    load_plan,
    plan_names,
    store_plan,
    with_step,
)
from sensory_games.storage import StorageError

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene


class PlansPage(Widgets):
    """Build a session plan step by step, save it in plans/, give it to a child."""

    MINUTES = ("1", "2", "3", "5", "10", "15", "20")
    OWN_LEVEL = N_("the child's")
    NEW_PLAN = N_("+ New plan")

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        tr = self.tr
        self.config_dir = self.console.stage.config.config_dir
        self.counts = self.console.stage.child.level_counts()
        self.titles = {tr(activity_class(slug).title): slug for slug in REGISTRY}
        self.names = {slug: title for title, slug in self.titles.items()}  # (slug -> title)
        self.steps: list[PlanStep] = []
        (plan, name), y = self.fields(0.0, [(tr("Plan"), 40.0), (tr("Name"), 40.0)])
        self.new_plan = tr(self.NEW_PLAN)
        self.plan = self.drop_down([self.new_plan, *plan_names(self.config_dir)], plan)
        self.name = self.add(UITextEntryLine(name, self.manager))
        self.name.set_text_length_limit(40)
        most = max(self.counts.values(), default=10)  # the longest activity's levels
        levels = {"": tr(self.OWN_LEVEL), **{str(n): str(n) for n in range(1, most + 1)}}
        step = [
            (tr("Activity"), self.menu_mm(self.titles, 50.0)),
            (tr("Level"), self.menu_mm(levels.values(), 30.0)),
            (tr("Minutes"), self.menu_mm(self.MINUTES, 16.0)),
        ]
        (activity, level, minutes), y = self.fields(y, step)
        self.activity = self.drop_down(list(self.titles), activity)
        self.level = self.choice(levels, level, "")
        self.minutes = self.drop_down(list(self.MINUTES), minutes, "5")
        texts = (tr("Add step"), tr("Remove last"), tr("Save plan"))
        (add, remove, save), y = self.flow(y, [self.text_mm(text) for text in texts])
        self.add_step = self.add(UIButton(add, texts[0], self.manager))
        self.remove_last = self.add(UIButton(remove, texts[1], self.manager))
        self.save = self.add(UIButton(save, texts[2], self.manager))
        children = [
            p.alias for p in self.console.stage.repository.list_profiles() if p.alias != GUEST_ALIAS
        ]
        self.children = children or [tr(NO_CHILDREN)]
        (child,), y = self.fields(y, [(tr("Child"), self.menu_mm(self.children, 50.0))])
        self.child = self.drop_down(self.children, child, self.playing(self.children))
        giving = (tr("Give plan"), tr("No plan"))
        (give, take), y = self.flow(y, [self.text_mm(text) for text in giving])
        self.give = self.add(UIButton(give, giving[0], self.manager))
        self.take = self.add(UIButton(take, giving[1], self.manager))
        self.status = self.status_line(y)
        self.list = self.text_box("", y + ROW_MM + GAP_MM)
        self.show_steps()

    def step_line(self, number: int, step: PlanStep) -> str:
        """`1. Trace the path, level 2, 5 min`: one step in the clinic's words."""
        activity, minutes = self.names.get(step.activity, step.activity), f"{step.minutes:g}"
        if step.level is None:
            return self.tr("{number}. {activity}, {minutes} min", number=number,
                           activity=activity, minutes=minutes)  # fmt: skip
        return self.tr("{number}. {activity}, level {level}, {minutes} min", number=number,
                       activity=activity, level=step.level, minutes=minutes)  # fmt: skip

    def show_steps(self) -> None:
        lines = [self.step_line(n, s) for n, s in enumerate(self.steps, start=1)] or [
            self.tr("No steps yet: choose an activity, a level and minutes, then Add step.")
        ]
        self.list.set_text("<br>".join(html.escape(line) for line in lines))
        self.refit(self.list)

    def load(self, name: str) -> None:
        if name == self.new_plan:
            self.steps, text = [], ""
        else:
            try:
                self.steps, text = list(load_plan(self.config_dir, name, self.counts).steps), name
            except (ConfigError, ValueError) as error:
                self.status.set_text(render(error, self.words)[:120])
                return
        self.name.set_text(text)
        self.show_steps()

    def add_current(self) -> None:
        """Add the chosen activity, level and minutes as the plan's next step."""
        slug = self.titles[chosen(self.activity)]
        level_text = self.value(self.level)
        level = int(level_text) if level_text else None
        step = PlanStep(slug, level, float(chosen(self.minutes)))
        try:
            self.steps = list(with_step(self.steps, step, self.counts, self.names))
        except ValueError as error:
            self.status.set_text(render(error, self.words))
            return
        self.status.set_text("")
        self.show_steps()

    def save_current(self) -> None:
        """Save the steps under the name typed (plans/NAME.yaml)."""
        name = self.name.get_text().strip()
        try:
            store_plan(
                self.console.stage.repository,
                self.config_dir,
                Plan(name, tuple(self.steps)),
                self.counts,
                "console",
                self.console.stage.clock.wall_utc(),
            )
        except (ValueError, OSError, StorageError) as error:
            self.status.set_text(render(error, self.words)[:120])
            return
        listed = [o[0] if isinstance(o, tuple) else o for o in self.plan.options_list]
        if name not in listed:
            self.plan.add_options([name])  # (give it from the list at once)
        self.status.set_text(self.tr("Saved plan {name}", name=name))

    def give_plan(self, name: str | None) -> None:
        """Give the chosen child the plan `name` (None: no plan)."""
        repository = self.console.stage.repository
        profile = repository.profile_by_alias(chosen(self.child))
        if profile is None:
            return
        try:
            give_plan(
                repository,
                self.config_dir,
                profile,
                name,
                "console",
                self.console.stage.clock.wall_utc(),
            )
        except (ValueError, StorageError) as error:
            self.status.set_text(render(error, self.words)[:120])
            return
        if name:
            self.status.set_text(self.tr("{alias}: plan {name}", alias=profile.alias, name=name))
        else:
            self.status.set_text(self.tr("{alias}: no plan", alias=profile.alias))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.plan:
            self.load(chosen(self.plan))
        elif event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        elif event.ui_element is self.add_step:
            self.add_current()
        elif event.ui_element is self.remove_last and self.steps:
            self.steps.pop()
            self.show_steps()
        elif event.ui_element is self.save:
            self.save_current()
        elif event.ui_element is self.give:
            name = self.name.get_text().strip()
            if name:
                self.give_plan(name)
            else:  # (an empty name never takes a child's plan away: No plan does)
                said = N_("Choose or type a plan's name to give; No plan takes one away")
                self.status.set_text(self.tr(said))
        elif event.ui_element is self.take:
            self.give_plan(None)
