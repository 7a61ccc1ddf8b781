"""The console's Levels page: a child's level in an activity, the range the mastery rule
may move between, and whose rule applies (through sensory_games.services.levels, as
`sensory-games levels` does)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, ClassVar

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu

from sensory_games.activities import REGISTRY, activity_class
from sensory_games.domain.profile import GUEST_ALIAS, Profile
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen, select
from sensory_games.services.levels import (
    MASTERY_WORDS,
    ChildLevels,
    LevelsChange,
    LevelsError,
    MasterySetting,
)

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The reason stored with a level set on the Levels page (it has no field for one).
CONSOLE_REASON = "set in the console"


class LevelsPage(Widgets):
    """A child's level in an activity, the range the mastery rule may use, and the rule."""

    #: The mastery rule menu: each setting as the audit list says it.
    RULES: ClassVar[dict[str, MasterySetting]] = {
        words: setting for setting, words in MASTERY_WORDS.items()
    }

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        self.profiles = [
            p for p in self.console.stage.repository.list_profiles() if p.alias != GUEST_ALIAS
        ]
        self.titles = {
            activity_class(s).title: s for s in REGISTRY if activity_class(s).levels_are_steps
        }
        self.slugs = list(self.titles.values())
        every = self.console.stage.child.level_counts()
        counts = {slug: every[slug] for slug in self.slugs}
        self.levels = ChildLevels(
            self.console.stage.repository, counts, self.console.stage.config.mastery
        )
        names = [p.alias for p in self.profiles] or ["(no children yet)"]
        fields = [
            ("Child", self.menu_mm(names, 50.0)), ("Activity", self.menu_mm(self.titles, 50.0)),
            ("Level now", 18.0), ("Lowest", 18.0), ("Highest", 18.0),
            ("Mastery rule", self.menu_mm(self.RULES, 50.0)),
        ]  # fmt: skip
        rects, y = self.fields(0.0, fields)
        self.child = self.drop_down(names, rects[0])
        self.activity = self.drop_down(list(self.titles), rects[1])
        self.level_at, self.range_at = rects[2], (rects[3], rects[4])
        self.rule = self.drop_down(list(self.RULES), rects[5])
        (save,), y = self.flow(y, [self.text_mm("Save") * 2])
        self.save = self.add(UIButton(save, "Save", self.manager))
        self.status = self.status_line(y)
        self.history = self.text_box("", y + ROW_MM + GAP_MM)
        self.level: UIDropDownMenu | None = None
        self.lowest: UIDropDownMenu | None = None
        self.highest: UIDropDownMenu | None = None
        if self.profiles:
            self.load()
        else:
            self.save.disable()

    def _levels_menu(self, rect: pygame.Rect, count: int, value: int) -> UIDropDownMenu:
        return self.drop_down([str(n) for n in range(1, count + 1)], rect, str(value))

    @property
    def profile(self) -> Profile | None:
        names = [p.alias for p in self.profiles]
        text = chosen(self.child)
        return self.profiles[names.index(text)] if text in names else None

    def load(self) -> None:
        """Show the chosen child's level, range and rule in the chosen activity."""
        profile, slug = self.profile, self.titles[chosen(self.activity)]
        if profile is None:
            return
        shown = self.levels.of(profile.id, slug)
        for menu in (self.level, self.lowest, self.highest):
            if menu is not None:
                self.remove(menu)
        self.level = self._levels_menu(self.level_at, shown.count, shown.level or 1)
        self.lowest = self._levels_menu(self.range_at[0], shown.count, shown.lowest)
        self.highest = self._levels_menu(self.range_at[1], shown.count, shown.highest)
        select(self.rule, MASTERY_WORDS[shown.mastery])
        lines = [
            f"{html.escape(c.changed_at[:16].replace('T', ' '))}: "
            f"{'-' if c.from_level is None else c.from_level} → {c.to_level}, "
            f"{html.escape(c.reason)}"
            for c in reversed(self.levels.latest_changes(profile.id, 20, slug))
        ]
        self.history.set_text("<br>".join(["<b>Level changes</b>", *lines]))
        self.refit(self.history)

    def save_levels(self) -> None:
        """Store the chosen level, range and rule; the status line says what happened."""
        profile, slug = self.profile, self.titles[chosen(self.activity)]
        if profile is None or self.level is None or self.lowest is None or self.highest is None:
            return
        level, lowest, highest = (int(chosen(m)) for m in (self.level, self.lowest, self.highest))
        change = LevelsChange(
            slug, CONSOLE_REASON, level, lowest, highest, self.RULES[chosen(self.rule)]
        )
        try:
            self.levels.change(profile.id, change, "console", self.console.stage.clock.wall_utc())
        except LevelsError as error:
            self.status.set_text(f"Nothing saved: {error}")
            return
        self.status.set_text(f"Saved {profile.alias}'s {slug}")
        self.load()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in (
            self.child,
            self.activity,
        ):
            self.status.set_text("")
            self.load()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.save:
            self.save_levels()
