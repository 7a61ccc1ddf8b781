"""The console's Profiles page: add a child, edit their settings and the therapist's
notes, archive or restore them (through sensory_games.services.profiles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryBox, UITextEntryLine

from sensory_games.domain.aliases import ALIAS_MOST_CHARS
from sensory_games.domain.intensity import CHANNELS, PRESETS, Intensity, preset
from sensory_games.domain.profile import AGE_BANDS, ANIMALS, GUEST_ALIAS, HANDS, POINTERS, Profile
from sensory_games.domain.schema import SchemaError
from sensory_games.engine.console.scroll import ScrollArea
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen, select
from sensory_games.services.profiles import ChildSettings, add_child, edit_child, set_archived
from sensory_games.storage import StorageError

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

NEW_CHILD = "+ New child"
#: What a sensory channel can be set to on the console (0.05 steps, as the presets are).
CHANNEL_STEPS = tuple(f"{step / 20:.2f}" for step in range(21))


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
        if width > height:  # the children left, the form right
            list_w = min(self.LIST_MM, width * 0.4)
            roster = (left, top, list_w, height)
            form = (left + list_w + GAP_MM, top, width - list_w - GAP_MM, height)
        else:  # the children on top, the form below
            list_h = max(3 * ROW_MM, height * self.LIST_SHARE)
            roster = (left, top, width, list_h)
            form = (left, top + list_h + GAP_MM, width, height - list_h - GAP_MM)
        super().__init__(console, form)
        self.roster = Widgets(console, roster)
        self.child_buttons: list[UIButton] = []
        self.selected: Profile | None = None
        (alias,), y = self.fields(0.0, [("Alias", 45.0)])
        self.alias = self.add(UITextEntryLine(alias, self.manager))
        self.alias.set_text_length_limit(ALIAS_MOST_CHARS)
        menus = [
            ("Animal", 30.0), ("Colour", 18.0), ("Age band", 22.0),
            ("Hand", 30.0), ("Preset", 32.0), ("Uses", 28.0),
        ]  # fmt: skip
        rects, y = self.fields(y, menus)
        animal, colour, age, hand, preset_at, uses = rects
        self.animal = self.drop_down(ANIMALS, animal)
        self.colour = self.drop_down([str(c) for c in range(6)], colour)
        self.age = self.drop_down(AGE_BANDS, age, "6-8")
        self.hand = self.drop_down(HANDS, hand, "unknown")
        self.preset = self.drop_down(list(PRESETS), preset_at, "balanced")
        self.pointer = self.drop_down(POINTERS, uses, "finger")
        rects, y = self.fields(y, [(name.capitalize(), 26.0) for name in CHANNELS])
        self.channels = {
            name: self.drop_down(CHANNEL_STEPS, rect, "0.50")
            for name, rect in zip(CHANNELS, rects, strict=True)
        }
        self.label(0, y, self.width, "Notes")
        notes_h = min(4 * ROW_MM, self.height)  # (wholly in view when scrolled to)
        self.notes = self.add(
            UITextEntryBox(
                self.rect(0, y + ROW_MM + GAP_MM / 3, self.width, notes_h), "", self.manager
            )
        )
        y += ROW_MM + notes_h + GAP_MM * 4 / 3
        (save, archive), y = self.flow(y, [self.text_mm("Save") * 2, self.text_mm("Restore") * 2])
        self.save = self.add(UIButton(save, "Save", self.manager))
        self.archive = self.add(UIButton(archive, "Archive", self.manager))
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
        items = [NEW_CHILD] + [
            f"{p.alias} (archived)" if p.archived else p.alias for p in self.profiles
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
        for menu, value in (
            (self.animal, profile.animal if profile else ANIMALS[0]),
            (self.colour, str(profile.colour) if profile else "0"),
            (self.age, profile.age_band if profile else "6-8"),
            (self.hand, profile.dominant_hand if profile else "unknown"),
            (self.pointer, profile.pointer if profile else "finger"),
            (
                self.preset,
                profile.intensity_preset if profile else self.console.stage.config.intensity_preset,
            ),
        ):
            select(menu, value)
        config = self.console.stage.config  # a new child starts from the clinic's defaults
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

    def settings(self) -> ChildSettings:
        """The child's settings as the form shows them."""
        return ChildSettings(
            alias=self.alias.get_text(),
            animal=chosen(self.animal),
            colour=int(chosen(self.colour)),
            age_band=chosen(self.age),
            dominant_hand=chosen(self.hand),
            pointer=chosen(self.pointer),
            intensity_preset=chosen(self.preset),
        )

    def save_profile(self) -> None:
        """Add the new child or store the edits; the status line says what happened."""
        console, notes = self.console, self.notes.get_text()
        at = console.stage.clock.wall_utc()
        try:
            if self.selected is None:
                intensity = self.chosen_intensity().as_dict()
                profile = add_child(
                    console.stage.repository,
                    self.settings(),
                    "console",
                    channels=intensity,
                    notes=notes,
                    at=at,
                )
            else:
                profile = edit_child(
                    console.stage.repository,
                    self.selected,
                    self.settings(),
                    "console",
                    intensity=self.chosen_intensity(),
                    notes=notes,
                    at=at,
                )
        except SchemaError as error:  # (the notes are not echoed: long, and about a child)
            notes_refused = f"Notes: {error.allowed}; nothing saved"
            self.status.set_text(notes_refused if error.key == "notes" else str(error))
            return
        except StorageError as error:
            self.status.set_text(f"Nothing saved: {error}")
            return
        self.status.set_text(f"Saved {profile.alias}")
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
            self.status.set_text(f"Nothing saved: {error}")
            return
        self.status.set_text(f"{profile.alias} {'archived' if archived else 'restored'}")
        self.refresh()
        self.load(profile)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.child_buttons:
            index = self.child_buttons.index(event.ui_element)
            self.load(None if index == 0 else self.profiles[index - 1])
            self.status.set_text("")
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.preset:
            self.show_channels(PRESETS[chosen(self.preset)])  # (then fine-tune any of them)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.save:
            self.save_profile()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.archive:
            self.toggle_archive()
