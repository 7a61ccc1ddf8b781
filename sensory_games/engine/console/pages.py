"""The console's pages: profiles, levels, plans and the audit list (pygame_gui widgets)."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any, ClassVar

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UISelectionList,
    UITextBox,
    UITextEntryBox,
    UITextEntryLine,
)

from sensory_games.activities import REGISTRY, activity_class
from sensory_games.domain.config import ConfigError
from sensory_games.domain.intensity import CHANNELS, PRESETS, Intensity, preset
from sensory_games.domain.profile import AGE_BANDS, ANIMALS, GUEST_ALIAS, HANDS, POINTERS, Profile
from sensory_games.domain.schema import SchemaError
from sensory_games.engine.console.scene import ConsoleScene, Page
from sensory_games.services.levels import (
    MASTERY_WORDS,
    ChildLevels,
    LevelsChange,
    LevelsError,
    MasterySetting,
)
from sensory_games.services.plans import (
    MOST_STEPS,
    Plan,
    PlanStep,
    check_name,
    load_plan,
    plan_names,
    save_plan,
    steps_text,
)
from sensory_games.storage.profiles import MAX_NOTES

GAP_MM = 3.0
ROW_MM = 10.0
NEW_CHILD = "+ New child"
#: The reason stored with a level set on the Levels page (it has no field for one).
CONSOLE_REASON = "set in the console"
#: What a sensory channel can be set to on the console (0.05 steps, as the presets are).
CHANNEL_STEPS = tuple(f"{step / 20:.2f}" for step in range(21))


def select(menu: UIDropDownMenu, text: str) -> None:
    """Show `text` as a drop-down's selected option (the closed drop-down keeps its own
    copy of the selection and its own button in this pygame_gui version: all are set)."""
    menu.selected_option = (text, text)
    state = menu.current_state
    if hasattr(state, "selected_option"):
        state.selected_option = (text, text)
    shown = getattr(state, "selected_option_button", None)  # (the closed drop-down's face)
    if shown is not None:
        shown.set_text(text)


def chosen(menu: UIDropDownMenu) -> str:
    """The text of a drop-down's selected option."""
    option = menu.selected_option
    return option[0] if isinstance(option, tuple) else str(option)


class Widgets(Page):
    """A page of widgets laid out in rows in the console's page area; `kill` removes them."""

    def __init__(self, console: ConsoleScene) -> None:
        self.console = console
        self.app = console.app
        self.manager = console.manager
        self.widgets: list[Any] = []
        self.left, self.top, self.width, self.height = console.area_mm

    def add(self, widget: Any) -> Any:
        self.widgets.append(widget)
        return widget

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> pygame.Rect:
        return self.console.rect(self.left + x_mm, self.top + y_mm, w_mm, h_mm)

    def row(self, y: float, shares: tuple[float, ...]) -> list[pygame.Rect]:
        """Rects side by side at `y` taking these shares of the page width (gaps between),
        so a row fits a portrait screen as well as a landscape one."""
        return self.row_in(0.0, self.width, y, shares)

    def row_in(
        self, left: float, width: float, y: float, shares: tuple[float, ...]
    ) -> list[pygame.Rect]:
        """The same within `width` mm from `left` mm."""
        free = width - GAP_MM * (len(shares) - 1)
        rects, x = [], left
        for share in shares:
            rects.append(self.rect(x, y, free * share, ROW_MM))
            x += free * share + GAP_MM
        return rects

    def label(self, x: float, y: float, w: float, text: str) -> UILabel:
        return self.add(UILabel(self.rect(x, y, w, ROW_MM), text, self.manager))

    def kill(self) -> None:
        for widget in self.widgets:
            widget.kill()
        self.widgets = []


class ProfilesPage(Widgets):
    """Create, edit, archive a child's profile; the therapist's notes."""

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        self.selected: Profile | None = None
        pitch = ROW_MM + GAP_MM
        if self.width > self.height:  # the list of children left, the form right
            list_w = min(70.0, self.width * 0.35)
            list_rect = self.rect(0, 0, list_w, self.height - ROW_MM - GAP_MM)
            x, w, y0 = list_w + GAP_MM * 2, self.width - list_w - GAP_MM * 2, 0.0
        else:  # portrait: the list on top, the form below it
            list_rect = self.rect(0, 0, self.width, 4 * pitch - GAP_MM)
            x, w, y0 = 0.0, self.width, 4 * pitch
        self.children = self.add(UISelectionList(list_rect, [], self.manager))

        def labels(y: float, rects: list[pygame.Rect], texts: tuple[str, ...]) -> None:
            for rect, text in zip(rects, texts, strict=True):
                self.add(UILabel(rect, text, self.manager))

        label, alias = self.row_in(x, w, y0, (0.3, 0.7))
        labels(y0, [label], ("Alias",))
        self.alias = self.add(UITextEntryLine(alias, self.manager))
        self.alias.set_text_length_limit(60)
        a_label, animal, c_label, colour = self.row_in(x, w, y0 + pitch, (0.2, 0.3, 0.2, 0.3))
        labels(y0 + pitch, [a_label, c_label], ("Animal", "Colour"))
        self.animal = self.add(UIDropDownMenu(list(ANIMALS), ANIMALS[0], animal, self.manager))
        self.colour = self.add(
            UIDropDownMenu([str(c) for c in range(6)], "0", colour, self.manager)
        )
        g_label, age, h_label, hand = self.row_in(x, w, y0 + 2 * pitch, (0.2, 0.3, 0.2, 0.3))
        labels(y0 + 2 * pitch, [g_label, h_label], ("Age band", "Hand"))
        self.age = self.add(UIDropDownMenu(list(AGE_BANDS), "6-8", age, self.manager))
        self.hand = self.add(UIDropDownMenu(list(HANDS), "unknown", hand, self.manager))
        p_label, preset_at, u_label, uses = self.row_in(x, w, y0 + 3 * pitch, (0.2, 0.3, 0.2, 0.3))
        labels(y0 + 3 * pitch, [p_label, u_label], ("Preset", "Uses"))
        self.preset = self.add(UIDropDownMenu(list(PRESETS), "balanced", preset_at, self.manager))
        self.pointer = self.add(UIDropDownMenu(list(POINTERS), "finger", uses, self.manager))
        shares = (0.2,) * len(CHANNELS)
        labels(y0 + 4 * pitch, self.row_in(x, w, y0 + 4 * pitch, shares), CHANNELS)
        self.channels = {
            name: self.add(UIDropDownMenu(list(CHANNEL_STEPS), "0.50", rect, self.manager))
            for name, rect in zip(CHANNELS, self.row_in(x, w, y0 + 5 * pitch, shares), strict=True)
        }
        n_label, notes = self.row_in(x, w, y0 + 6 * pitch, (0.3, 0.7))
        labels(y0 + 6 * pitch, [n_label], ("Notes",))
        notes_h = max(ROW_MM, self.height - y0 - 6 * pitch - ROW_MM - GAP_MM)
        self.notes = self.add(
            UITextEntryBox(
                pygame.Rect(notes.x, notes.y, notes.w, self.console.app.metrics.px(notes_h)),
                "",
                self.manager,
            )
        )
        bottom = self.height - ROW_MM
        save, archive, status = self.row_in(x, w, bottom, (0.25, 0.25, 0.5))
        self.save = self.add(UIButton(save, "Save", self.manager))
        self.archive = self.add(UIButton(archive, "Archive", self.manager))
        self.status = self.add(UILabel(status, "", self.manager))
        self.refresh()
        self.load(None)

    def refresh(self) -> None:
        """The list of children (archived ones marked), and the new-child entry."""
        self.profiles = [
            p for p in self.app.repository.list_profiles(include_archived=True)
            if p.alias != GUEST_ALIAS
        ]  # fmt: skip
        items = [NEW_CHILD] + [
            f"{p.alias} (archived)" if p.archived else p.alias for p in self.profiles
        ]
        self.children.set_item_list(items)

    def load(self, profile: Profile | None) -> None:
        """Show one child's settings (None: an empty form for a new child)."""
        self.selected = profile
        self.alias.set_text(profile.alias if profile else "")
        for menu, value in (
            (self.animal, profile.animal if profile else ANIMALS[0]),
            (self.colour, str(profile.colour) if profile else "0"),
            (self.age, profile.age_band if profile else "6-8"),
            (self.hand, profile.dominant_hand if profile else "unknown"),
            (self.pointer, profile.pointer if profile else "finger"),
            (
                self.preset,
                profile.intensity_preset if profile else self.app.config.intensity_preset,
            ),
        ):
            select(menu, value)
        config = self.app.config  # a new child starts from the clinic's defaults
        default = preset(config.intensity_preset, config.new_profile_overrides())
        self.show_channels(profile.intensity if profile else default)
        self.notes.set_text(profile.notes if profile else "")
        self.archive.set_text("Restore" if profile and profile.archived else "Archive")
        if profile is None:
            self.archive.disable()
        else:
            self.archive.enable()

    def show_channels(self, intensity: Intensity) -> None:
        """Put a child's (or a preset's) five channel values in their drop-downs."""
        for name, menu in self.channels.items():
            select(menu, f"{round(getattr(intensity, name) * 20) / 20:.2f}")  # (0.05 steps)

    def chosen_intensity(self) -> Intensity:
        return Intensity(**{name: float(chosen(menu)) for name, menu in self.channels.items()})

    def values(self) -> dict[str, Any]:
        return {
            "alias": self.alias.get_text(),
            "animal": chosen(self.animal),
            "colour": int(chosen(self.colour)),
            "age_band": chosen(self.age),
            "dominant_hand": chosen(self.hand),
            "pointer": chosen(self.pointer),
            "intensity_preset": chosen(self.preset),
        }

    def save_profile(self) -> None:
        """Add the new child or store the edits; the status line says what happened."""
        values, repository = self.values(), self.app.repository
        if len(self.notes.get_text()) > MAX_NOTES:
            self.status.set_text(f"Notes: at most {MAX_NOTES} characters; nothing saved")
            return
        try:
            if self.selected is None:
                profile = repository.add_profile(self.chosen_intensity().as_dict(), **values)
                if self.notes.get_text():
                    profile = repository.update_profile(
                        replace(profile, notes=self.notes.get_text())
                    )
                self.app.child.audit("profile added", f"{profile.alias} (console)", profile.id)
            else:
                intensity = self.chosen_intensity()
                profile = repository.update_profile(
                    replace(
                        self.selected, **values, intensity=intensity, notes=self.notes.get_text()
                    )
                )
                self.app.child.audit("profile edited", f"{profile.alias} (console)", profile.id)
        except SchemaError as error:
            self.status.set_text(str(error))
            return
        self.status.set_text(f"Saved {profile.alias}")
        self.refresh()
        self.load(profile)

    def toggle_archive(self) -> None:
        """Archive (hidden from "who is playing?", nothing deleted) or restore the child."""
        if self.selected is None:
            return
        archived = not self.selected.archived
        profile = self.app.repository.update_profile(replace(self.selected, archived=archived))
        action = "profile archived" if archived else "profile restored"
        self.app.child.audit(action, f"{profile.alias} (console)", profile.id)
        self.status.set_text(f"{profile.alias} {'archived' if archived else 'restored'}")
        self.refresh()
        self.load(profile)

    def handle(self, event: pygame.event.Event) -> None:
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.children
        ):
            index = [NEW_CHILD, *(p.alias for p in self.profiles)]
            text = event.text.removesuffix(" (archived)")
            self.load(None if text == NEW_CHILD else self.profiles[index.index(text) - 1])
            self.status.set_text("")
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.preset:
            self.show_channels(PRESETS[chosen(self.preset)])  # (then fine-tune any of them)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.save:
            self.save_profile()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.archive:
            self.toggle_archive()


class LevelsPage(Widgets):
    """A child's level in an activity, the range the mastery rule may use, and the rule."""

    #: The mastery rule menu: each setting as the audit list says it.
    RULES: ClassVar[dict[str, MasterySetting]] = {
        words: setting for setting, words in MASTERY_WORDS.items()
    }

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        self.profiles = [p for p in self.app.repository.list_profiles() if p.alias != GUEST_ALIAS]
        self.titles = {
            activity_class(s).title: s for s in REGISTRY if activity_class(s).levels_are_steps
        }
        self.slugs = list(self.titles.values())
        counts = {slug: len(self.app.child.levels(slug)) for slug in self.slugs}
        self.levels = ChildLevels(self.app.repository, counts, self.app.config.mastery)
        names = [p.alias for p in self.profiles] or ["(no children yet)"]
        row = ROW_MM + GAP_MM
        for i, text in enumerate(
            ("Child", "Activity", "Level now", "Lowest", "Highest", "Mastery rule")
        ):
            self.label(0, i * row, 36.0, text)
        field_w = min(90.0, self.width - 40.0)

        def at(i: int) -> pygame.Rect:
            return self.rect(40.0, i * row, field_w, ROW_MM)

        self.child = self.add(UIDropDownMenu(names, names[0], at(0), self.manager))
        titles = list(self.titles)
        self.activity = self.add(UIDropDownMenu(titles, titles[0], at(1), self.manager))
        self.level_at, self.range_at = at(2), (at(3), at(4))
        rules = list(self.RULES)
        self.rule = self.add(UIDropDownMenu(rules, rules[0], at(5), self.manager))
        self.save = self.add(UIButton(self.rect(0, 6 * row, 36.0, ROW_MM), "Save", self.manager))
        self.status = self.label(40.0, 6 * row, field_w, "")
        self.history = self.add(
            UITextBox(
                "",
                self.rect(0, 7 * row, self.width, max(ROW_MM, self.height - 7 * row)),
                self.manager,
            )
        )
        self.level = self.lowest = self.highest = None
        if self.profiles:
            self.load()
        else:
            self.save.disable()

    def _levels_menu(self, rect: pygame.Rect, count: int, value: int) -> UIDropDownMenu:
        options = [str(n) for n in range(1, count + 1)]
        return self.add(UIDropDownMenu(options, str(value), rect, self.manager))

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
                menu.kill()
                self.widgets.remove(menu)
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
        self.history.set_text("<br>".join(["<b>Level changes</b>", *lines]) or "")

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
            self.levels.change(profile.id, change, "console", self.app.clock.wall_utc())
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


class AuditPage(Widgets):
    """What adults did, latest first."""

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        entries = self.app.repository.audit_entries()[-300:]
        lines = [
            f"{html.escape(e.at[:19].replace('T', ' '))}  <b>{html.escape(e.action)}</b>"
            + (f" [{html.escape(e.profile_alias)}]" if e.profile_alias else "")
            + f": {html.escape(e.detail)}"
            for e in reversed(entries)
        ] or ["Nothing on the audit list yet."]
        self.add(
            UITextBox("<br>".join(lines), self.rect(0, 0, self.width, self.height), self.manager)
        )


class PlansPage(Widgets):
    """Build a session plan step by step, save it in configs/plans/, give it to a child."""

    MINUTES = ("1", "2", "3", "5", "10", "15", "20")
    OWN_LEVEL = "the child's"
    NEW_PLAN = "+ New plan"

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        self.config_dir = self.app.config.config_dir
        self.counts = {slug: len(self.app.child.levels(slug)) for slug in REGISTRY}
        self.titles = {activity_class(slug).title: slug for slug in REGISTRY}
        self.steps: list[PlanStep] = []
        row = ROW_MM + GAP_MM
        names = [self.NEW_PLAN, *plan_names(self.config_dir)]
        label, plan, name = self.row(0, (0.2, 0.42, 0.38))
        self.add(UILabel(label, "Plan", self.manager))
        self.plan = self.add(UIDropDownMenu(names, names[0], plan, self.manager))
        self.name = self.add(UITextEntryLine(name, self.manager))
        self.name.set_text_length_limit(40)
        self.list = self.add(UITextBox("", self.rect(0, row, self.width, 4 * row), self.manager))
        titles = list(self.titles)
        levels = [self.OWN_LEVEL, *(str(n) for n in range(1, 11))]
        activity, level, minutes, add = self.row(5 * row + GAP_MM, (0.36, 0.24, 0.14, 0.26))
        self.activity = self.add(UIDropDownMenu(titles, titles[0], activity, self.manager))
        self.level = self.add(UIDropDownMenu(levels, levels[0], level, self.manager))
        self.minutes = self.add(UIDropDownMenu(list(self.MINUTES), "5", minutes, self.manager))
        self.add_step = self.add(UIButton(add, "Add step", self.manager))
        remove, save = self.row(6 * row + GAP_MM, (0.3, 0.3))
        self.remove = self.add(UIButton(remove, "Remove last", self.manager))
        self.save = self.add(UIButton(save, "Save plan", self.manager))
        children = [p.alias for p in self.app.repository.list_profiles() if p.alias != GUEST_ALIAS]
        self.children = children or ["(no children yet)"]
        label, child, give, take = self.row(7 * row + GAP_MM, (0.2, 0.34, 0.23, 0.23))
        self.add(UILabel(label, "Child", self.manager))
        self.child = self.add(UIDropDownMenu(self.children, self.children[0], child, self.manager))
        self.give = self.add(UIButton(give, "Give plan", self.manager))
        self.take = self.add(UIButton(take, "No plan", self.manager))
        self.status = self.label(0, 8 * row + GAP_MM, self.width, "")
        self.show_steps()

    def show_steps(self) -> None:
        titles = {slug: title for title, slug in self.titles.items()}
        lines = steps_text(self.steps, titles) or [
            "No steps yet: choose an activity, a level and minutes, then Add step."
        ]
        self.list.set_text("<br>".join(html.escape(line) for line in lines))

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
        slug = self.titles[chosen(self.activity)]
        level_text = chosen(self.level)
        level = None if level_text == self.OWN_LEVEL else int(level_text)
        if level is not None and level > self.counts[slug]:
            self.status.set_text(f"{chosen(self.activity)} has levels 1 to {self.counts[slug]}")
            return
        if len(self.steps) >= MOST_STEPS:
            self.status.set_text(f"A plan has at most {MOST_STEPS} steps")
            return
        self.steps.append(PlanStep(slug, level, float(chosen(self.minutes))))
        self.status.set_text("")
        self.show_steps()

    def save_current(self) -> None:
        if not self.steps:
            self.status.set_text("Add a step first")
            return
        try:
            name = check_name(self.name.get_text().strip())
            plan = Plan(name, tuple(self.steps))
            save_plan(self.config_dir, plan, data_dir=self.app.repository.data_dir)
        except (ValueError, OSError) as error:
            self.status.set_text(str(error)[:120])
            return
        self.app.child.audit("plan saved", f"{name}: " + "; ".join(steps_text(self.steps)))
        self.status.set_text(f"Saved plan {name}")

    def give_plan(self, name: str | None) -> None:
        profile = self.app.repository.profile_by_alias(chosen(self.child))
        if profile is None:
            return
        if name is not None and name not in plan_names(self.config_dir):
            self.status.set_text("Save the plan first")
            return
        self.app.repository.set_plan(profile.id, name)
        self.app.child.audit("plan given" if name else "plan taken away", name or "-", profile.id)
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
        elif event.ui_element is self.remove and self.steps:
            self.steps.pop()
            self.show_steps()
        elif event.ui_element is self.save:
            self.save_current()
        elif event.ui_element is self.give:
            self.give_plan(self.name.get_text().strip() or None)
        elif event.ui_element is self.take:
            self.give_plan(None)
