"""The console's Profiles page: add a child, edit their settings and the therapist's
notes, archive or restore them (through sensory_games.services.profiles)."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryBox, UITextEntryLine

from sensory_games.domain.aliases import ALIAS_MOST_CHARS
from sensory_games.domain.check_in import SCALES
from sensory_games.domain.intensity import CHANNELS, PRESETS, Intensity, preset
from sensory_games.domain.language import LANGUAGES, N_, NC_
from sensory_games.domain.profile import (
    AGE_BANDS,
    ANIMALS,
    GUEST_ALIAS,
    HANDS,
    POINTERS,
    Profile,
    free_avatar,
)
from sensory_games.domain.schema import SchemaError
from sensory_games.domain.sentence import render
from sensory_games.engine.console.scroll import ScrollArea
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen, select
from sensory_games.services.profiles import ChildSettings, add_child, edit_child, set_archived
from sensory_games.storage import StorageError

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

NEW_CHILD = N_("+ New child")
#: What a sensory channel can be set to on the console (0.05 steps, as the presets are).
CHANNEL_STEPS = tuple(f"{step / 20:.2f}" for step in range(21))
#: The words of the values a profile stores (avatar animals, hands, pointers, presets),
#: shown in the clinic's language (marked here for the catalogs).
VALUE_WORDS: dict[str, str] = {
    "cat": N_("cat"), "bear": N_("bear"), "rabbit": N_("rabbit"), "frog": N_("frog"),
    "owl": N_("owl"), "mouse": N_("mouse"),
    "left": N_("left"), "right": N_("right"), "both": N_("both"),
    "unknown": NC_("dominant hand", "unknown"),
    "finger": N_("finger"), "stylus": N_("stylus"),
    "calm": NC_("sensory preset", "calm"), "balanced": N_("balanced"), "alerting": N_("alerting"),
}  # fmt: skip
#: The sensory channels' labels.
CHANNEL_WORDS: dict[str, str] = {
    "visual": N_("Visual"), "motion": N_("Motion"), "sound": N_("Sound"),
    "complexity": N_("Complexity"), "feedback": N_("Feedback"),
}  # fmt: skip
#: Spoken prompts on or off (Profile.voice), as the voice drop-down stores them.
VOICE_VALUES = {"on": True, "off": False}


class ProfilesPage(Widgets):
    """Create, edit, archive a child's profile; the therapist's notes.

    The children are a column of buttons in a scroll area of their own (left of the form
    on a wide page, above it on a narrow one), so 40 children with long aliases stay one
    finger tap each; the form reflows and scrolls (widgets.py)."""

    #: The children's column on a landscape page: its share of the width, at most LIST_MM
    #: (mm); a portrait page puts the column above the form, LIST_SHARE of its height.
    LIST_MM, LIST_SHARE = 70.0, 0.3

    def __init__(self, console: ConsoleScene) -> None:
        left, top, width, height = console.area_mm
        if width > height:  # the children beside the form (on the right, right to left)
            list_w = min(self.LIST_MM, width * 0.4)
            form_w = width - list_w - GAP_MM
            if console.words.right_to_left:
                roster = (left + form_w + GAP_MM, top, list_w, height)
                form = (left, top, form_w, height)
            else:
                roster = (left, top, list_w, height)
                form = (left + list_w + GAP_MM, top, form_w, height)
        else:  # the children on top, the form below
            list_h = max(3 * ROW_MM, height * self.LIST_SHARE)
            roster = (left, top, width, list_h)
            form = (left, top + list_h + GAP_MM, width, height - list_h - GAP_MM)
        super().__init__(console, form)
        self.roster = Widgets(console, roster)
        self.child_buttons: list[UIButton] = []
        self.selected: Profile | None = None
        (alias,), y = self.fields(0.0, [(self.tr("Alias"), 45.0)])
        self.alias = self.add(UITextEntryLine(alias, self.manager))
        self.alias.set_text_length_limit(ALIAS_MOST_CHARS)
        tr = self.tr
        shown = {value: tr(words) for value, words in VALUE_WORDS.items()}
        languages = {"": tr("the clinic's language"), **LANGUAGES}  # (each by its own name)
        voices = {"on": tr("on"), "off": tr("off")}
        scales = {"": tr("the clinic's scale"), **{n: tr(s.title) for n, s in SCALES.items()}}
        menus = [
            (tr("Animal"), self.menu_mm([shown[a] for a in ANIMALS], 30.0)),
            (tr("Colour"), self.menu_mm("012345", 18.0)),
            (tr("Age band"), self.menu_mm(AGE_BANDS, 22.0)),
            (tr("Hand"), self.menu_mm([shown[h] for h in HANDS], 30.0)),
            (tr("Preset"), self.menu_mm([shown[p] for p in PRESETS], 32.0)),
            (tr("Uses"), self.menu_mm([shown[p] for p in POINTERS], 28.0)),
            (tr("Language"), self.menu_mm(languages.values(), 30.0)),
            (tr("Voice"), self.menu_mm(voices.values(), 20.0)),
            (tr("Check-in"), self.menu_mm(scales.values(), 30.0)),
        ]  # fmt: skip
        rects, y = self.fields(y, menus)
        animal, colour, age, hand, preset_at, uses, language, voice, scale = rects
        self.animal = self.choice({a: shown[a] for a in ANIMALS}, animal, ANIMALS[0])
        self.colour = self.drop_down([str(c) for c in range(6)], colour)
        self.age = self.drop_down(AGE_BANDS, age, "6-8")
        self.hand = self.choice({h: shown[h] for h in HANDS}, hand, "unknown")
        self.preset = self.choice({p: shown[p] for p in PRESETS}, preset_at, "balanced")
        self.pointer = self.choice({p: shown[p] for p in POINTERS}, uses, "finger")
        self.language = self.choice(languages, language, "")
        self.voice = self.choice(voices, voice, "on")
        self.scale = self.choice(scales, scale, "")
        step_mm = self.menu_mm(CHANNEL_STEPS, 26.0)
        rects, y = self.fields(y, [(tr(CHANNEL_WORDS[name]), step_mm) for name in CHANNELS])
        self.channels = {
            name: self.drop_down(CHANNEL_STEPS, rect, "0.50")
            for name, rect in zip(CHANNELS, rects, strict=True)
        }
        self.label(0, y, self.width, tr("Notes"))
        notes_h = min(4 * ROW_MM, self.height)  # (wholly in view when scrolled to)
        self.notes = self.add(
            UITextEntryBox(
                self.rect(0, y + ROW_MM + GAP_MM / 3, self.width, notes_h), "", self.manager
            )
        )
        y += ROW_MM + notes_h + GAP_MM * 4 / 3
        texts = (tr("Save"), tr("Archive"), tr("Restore"))
        least = [2 * self.text_mm(texts[0]), 2 * max(self.text_mm(t) for t in texts[1:])]
        (save, archive), y = self.flow(y, least)
        self.save = self.add(UIButton(save, texts[0], self.manager))
        self.archive = self.add(UIButton(archive, texts[1], self.manager))
        self.status = self.status_line(y)
        self.refresh()
        self.load(None)

    def scroll_areas(self) -> tuple[ScrollArea, ...]:
        return (self.area, self.roster.area)

    def kill(self) -> None:
        super().kill()
        self.roster.kill()

    def refresh(self) -> None:
        """The list of children (archived ones marked), and the new-child entry."""
        self.profiles = [
            p for p in self.console.stage.repository.list_profiles(include_archived=True)
            if p.alias != GUEST_ALIAS
        ]  # fmt: skip
        items = [self.tr(NEW_CHILD)] + [
            self.tr("{alias} (archived)", alias=p.alias) if p.archived else p.alias
            for p in self.profiles
        ]
        for button in self.child_buttons:
            self.roster.remove(button)
        self.child_buttons = [
            self.roster.add(
                UIButton(rect, self.roster.fitted(text, self.roster.width), self.manager)
            )
            for rect, text in zip(self.roster.column(len(items)), items, strict=True)
        ]

    def load(self, profile: Profile | None) -> None:
        """Show one child's settings (None: an empty form for a new child); their button
        in the list is shown selected, so it is plain whose settings are being edited."""
        self.selected = profile
        ids = [None, *(p.id for p in self.profiles)]  # (+ New child first)
        chosen_at = ids.index(profile.id) if profile is not None and profile.id in ids else 0
        for index, button in enumerate(self.child_buttons):
            if index == chosen_at:
                button.select()
            else:
                button.unselect()
        alias = profile.alias if profile else ""
        self.alias.set_text_length_limit(max(ALIAS_MOST_CHARS, len(alias)))  # (an older log's)
        self.alias.set_text(alias)
        free = free_avatar(
            (p.animal, p.colour) for p in self.console.stage.repository.list_profiles()
        )
        select(self.colour, str(profile.colour if profile else free[1]))
        select(self.age, profile.age_band if profile else "6-8")
        config = self.console.stage.config  # a new child starts from the clinic's defaults
        for menu, value in (
            (self.animal, profile.animal if profile else free[0]),
            (self.hand, profile.dominant_hand if profile else "unknown"),
            (self.pointer, profile.pointer if profile else "finger"),
            (self.preset, profile.intensity_preset if profile else config.intensity_preset),
            (self.language, profile.language if profile else ""),
            (self.voice, "on" if profile is None or profile.voice else "off"),
            (self.scale, profile.check_in_scale if profile else ""),
        ):
            self.set_value(menu, value)
        default = preset(config.intensity_preset, config.new_profile_overrides())
        self.show_channels(profile.intensity if profile else default)
        self.notes.set_text(profile.notes if profile else "")
        archived = profile is not None and profile.archived
        self.archive.set_text(self.tr("Restore") if archived else self.tr("Archive"))
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

    def settings(self) -> ChildSettings:
        """The child's settings as the form shows them: the language ("" = the
        clinic's), spoken prompts on or off and the check-in scale ("" = the clinic's)
        among them."""
        form = {
            "alias": self.alias.get_text(),
            "animal": self.value(self.animal),
            "colour": int(chosen(self.colour)),
            "age_band": chosen(self.age),
            "dominant_hand": self.value(self.hand),
            "pointer": self.value(self.pointer),
            "intensity_preset": self.value(self.preset),
            "language": self.value(self.language),
            "voice": VOICE_VALUES[self.value(self.voice)],
            "check_in_scale": self.value(self.scale),
        }
        return ChildSettings(**{f.name: form[f.name] for f in fields(ChildSettings)})

    def save_profile(self) -> None:
        """Add the new child or store the edits; the status line says what happened."""
        console, notes = self.console, self.notes.get_text()
        at = console.stage.clock.wall_utc()
        repository, settings = console.stage.repository, self.settings()
        try:
            if self.selected is None:  # (every setting in the one write and audit entry)
                channels = self.chosen_intensity().as_dict()
                profile = add_child(
                    repository, settings, "console", channels=channels, notes=notes, at=at
                )
            else:
                profile = edit_child(
                    repository,
                    self.selected,
                    settings,
                    "console",
                    intensity=self.chosen_intensity(),
                    notes=notes,
                    at=at,
                )
        except SchemaError as error:  # (the notes are not echoed: long, and about a child)
            refused = self.tr("Notes: {allowed}; nothing saved", allowed=error.allowed)
            self.status.set_text(refused if error.key == "notes" else render(error, self.words))
            return
        except StorageError as error:
            self.status.set_text(self.tr("Nothing saved: {error}", error=error))
            return
        self.status.set_text(self.tr("Saved {alias}", alias=profile.alias))
        self.refresh()
        self.load(profile)

    def toggle_archive(self) -> None:
        """Archive (hidden from "who is playing?", nothing deleted) or restore the child."""
        if self.selected is None:
            return
        archived, console = not self.selected.archived, self.console
        try:
            profile = set_archived(
                console.stage.repository,
                self.selected,
                archived,
                "console",
                console.stage.clock.wall_utc(),
            )
        except (SchemaError, StorageError) as error:
            self.status.set_text(self.tr("Nothing saved: {error}", error=error))
            return
        said = N_("{alias} archived") if archived else N_("{alias} restored")
        self.status.set_text(self.tr(said, alias=profile.alias))
        self.refresh()
        self.load(profile)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.child_buttons:
            index = self.child_buttons.index(event.ui_element)
            self.load(None if index == 0 else self.profiles[index - 1])
            self.status.set_text("")
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.preset:
            self.show_channels(PRESETS[self.value(self.preset)])  # (then fine-tune any of them)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.save:
            self.save_profile()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.archive:
            self.toggle_archive()
