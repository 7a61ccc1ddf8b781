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
from sensory_games.domain.profile import GUEST_ALIAS
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen
from sensory_games.services.plans import (
    Plan,
    PlanStep,
    give_plan,
    load_plan,
    plan_names,
    steps_text,
    store_plan,
    with_step,
)
from sensory_games.storage import StorageError

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene


class PlansPage(Widgets):
    """Build a session plan step by step, save it in plans/, give it to a child."""

    MINUTES = ("1", "2", "3", "5", "10", "15", "20")
    OWN_LEVEL = "the child's"
    NEW_PLAN = "+ New plan"

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        self.config_dir = self.console.stage.config.config_dir
        self.counts = self.console.stage.child.level_counts()
        self.titles = {activity_class(slug).title: slug for slug in REGISTRY}
        self.names = {slug: title for title, slug in self.titles.items()}  # (slug -> title)
        self.steps: list[PlanStep] = []
        (plan, name), y = self.fields(0.0, [("Plan", 40.0), ("Name", 40.0)])
        self.plan = self.drop_down([self.NEW_PLAN, *plan_names(self.config_dir)], plan)
        self.name = self.add(UITextEntryLine(name, self.manager))
        self.name.set_text_length_limit(40)
        levels = [self.OWN_LEVEL, *(str(n) for n in range(1, 11))]
        step = [
            ("Activity", self.menu_mm(self.titles, 50.0)),
            ("Level", self.menu_mm(levels, 30.0)),
            ("Minutes", 16.0),
        ]
        (activity, level, minutes), y = self.fields(y, step)
        self.activity = self.drop_down(list(self.titles), activity)
        self.level = self.drop_down(levels, level)
        self.minutes = self.drop_down(list(self.MINUTES), minutes, "5")
        texts = ("Add step", "Remove last", "Save plan")
        (add, remove, save), y = self.flow(y, [self.text_mm(text) for text in texts])
        self.add_step = self.add(UIButton(add, texts[0], self.manager))
        self.remove_last = self.add(UIButton(remove, texts[1], self.manager))
        self.save = self.add(UIButton(save, texts[2], self.manager))
        children = [
            p.alias for p in self.console.stage.repository.list_profiles() if p.alias != GUEST_ALIAS
        ]
        self.children = children or ["(no children yet)"]
        (child,), y = self.fields(y, [("Child", self.menu_mm(self.children, 50.0))])
        self.child = self.drop_down(self.children, child)
        (give, take), y = self.flow(y, [self.text_mm("Give plan"), self.text_mm("No plan")])
        self.give = self.add(UIButton(give, "Give plan", self.manager))
        self.take = self.add(UIButton(take, "No plan", self.manager))
        self.status = self.status_line(y)
        self.list = self.text_box("", y + ROW_MM + GAP_MM)
        self.show_steps()

    def show_steps(self) -> None:
        lines = steps_text(self.steps, self.names) or [
            "No steps yet: choose an activity, a level and minutes, then Add step."
        ]
        self.list.set_text("<br>".join(html.escape(line) for line in lines))
        self.refit(self.list)

    def load(self, name: str) -> None:
        if name == self.NEW_PLAN:
            self.steps, text = [], ""
        else:
            try:
                self.steps, text = list(load_plan(self.config_dir, name, self.counts).steps), name
            except (ConfigError, ValueError) as error:
                self.status.set_text(str(error)[:120])
                return
        self.name.set_text(text)
        self.show_steps()

    def add_current(self) -> None:
        """Add the chosen activity, level and minutes as the plan's next step."""
        slug = self.titles[chosen(self.activity)]
        level_text = chosen(self.level)
        level = None if level_text == self.OWN_LEVEL else int(level_text)
        step = PlanStep(slug, level, float(chosen(self.minutes)))
        try:
            self.steps = list(with_step(self.steps, step, self.counts, self.names))
        except ValueError as error:
            self.status.set_text(str(error))
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
            self.status.set_text(str(error)[:120])
            return
        listed = [o[0] if isinstance(o, tuple) else o for o in self.plan.options_list]
        if name not in listed:
            self.plan.add_options([name])  # (give it from the list at once)
        self.status.set_text(f"Saved plan {name}")

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
            self.status.set_text(str(error)[:120])
            return
        self.status.set_text(
            f"{profile.alias}: plan {name}" if name else f"{profile.alias}: no plan"
        )

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
                self.status.set_text("Choose or type a plan's name to give; No plan takes one away")
        elif event.ui_element is self.take:
            self.give_plan(None)
