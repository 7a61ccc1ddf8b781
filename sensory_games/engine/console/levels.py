"""The console's Levels page: a child's level in an activity, the range the mastery rule
may move between, and whose rule applies (through sensory_games.services.levels, as
`sensory-games levels` does)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, cast

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu

from sensory_games.activities import REGISTRY, activity_class
from sensory_games.domain.language import N_
from sensory_games.domain.level_reasons import SET_IN_CONSOLE, level_reason, reason_in
from sensory_games.domain.profile import GUEST_ALIAS, Profile
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen
from sensory_games.services.levels import ChildLevels, LevelsChange, LevelsError, MasterySetting

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The mastery rule menu: each setting in the words the audit list says it in (marked for
#: the catalogs; shown in the clinic's language).
RULE_WORDS: dict[MasterySetting, str] = {
    "clinic": N_("the clinic's"),
    "on": N_("on for this child"),
    "off": N_("off for this child"),
}
#: What the child menu says when there is no child.
NO_CHILDREN = N_("(no children yet)")


class LevelsPage(Widgets):
    """A child's level in an activity, the range the mastery rule may use, and the rule."""

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        tr = self.tr
        self.profiles = [
            p for p in self.console.stage.repository.list_profiles() if p.alias != GUEST_ALIAS
        ]
        self.titles = {  # (each activity's title in the clinic's language)
            tr(activity_class(s).title): s for s in REGISTRY if activity_class(s).levels_are_steps
        }
        self.slugs = list(self.titles.values())
        every = self.console.stage.child.level_counts()
        counts = {slug: every[slug] for slug in self.slugs}
        self.levels = ChildLevels(
            self.console.stage.repository, counts, self.console.stage.config.mastery
        )
        names = [p.alias for p in self.profiles] or [tr(NO_CHILDREN)]
        rules: dict[str, str] = {setting: tr(words) for setting, words in RULE_WORDS.items()}
        numbers = self.menu_mm([str(max(counts.values(), default=1))], 18.0)  # (a level's)
        fields = [
            (tr("Child"), self.menu_mm(names, 50.0)),
            (tr("Activity"), self.menu_mm(self.titles, 50.0)),
            (tr("Level now"), numbers), (tr("Lowest"), numbers), (tr("Highest"), numbers),
            (tr("Mastery rule"), self.menu_mm(rules.values(), 50.0)),
        ]  # fmt: skip
        rects, y = self.fields(0.0, fields)
        self.child = self.drop_down(names, rects[0], self.playing(names))
        self.activity = self.drop_down(list(self.titles), rects[1])
        self.level_at, self.range_at = rects[2], (rects[3], rects[4])
        self.rule = self.choice(rules, rects[5], "clinic")
        (save,), y = self.flow(y, [self.text_mm(tr("Save")) * 2])
        self.save = self.add(UIButton(save, tr("Save"), self.manager))
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
        self.set_value(self.rule, shown.mastery)
        lines = [
            html.escape(
                self.tr(
                    "{when}: {before} → {after}, {why}",
                    when=c.changed_at[:16].replace("T", " "),
                    before="-" if c.from_level is None else c.from_level,
                    after=c.to_level,
                    why=reason_in(c.reason, self.words),
                )
            )
            for c in reversed(self.levels.latest_changes(profile.id, 20, slug))
        ]
        rule = html.escape(shown.rule_text(self.words))
        heading = html.escape(self.tr("Level changes"))
        self.history.set_text("<br>".join([rule, f"<b>{heading}</b>", *lines]))
        self.refit(self.history)

    def save_levels(self) -> None:
        """Store the chosen level, range and rule; the status line says what happened."""
        profile, slug = self.profile, self.titles[chosen(self.activity)]
        if profile is None or self.level is None or self.lowest is None or self.highest is None:
            return
        level, lowest, highest = (int(chosen(m)) for m in (self.level, self.lowest, self.highest))
        rule = cast(MasterySetting, self.value(self.rule))  # (a choice of RULE_WORDS' keys)
        reason = level_reason(SET_IN_CONSOLE)  # (the page has no field for one)
        change = LevelsChange(slug, reason, level, lowest, highest, rule)
        try:
            self.levels.change(profile.id, change, "console", self.console.stage.clock.wall_utc())
        except LevelsError as error:
            self.status.set_text(self.tr("Nothing saved: {error}", error=error))
            return
        said = self.tr("Saved {alias}'s {activity}", alias=profile.alias, activity=slug)
        self.status.set_text(said)
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
