"""The console's Profiles page: add a child, edit their settings and the therapist's
notes, archive or restore them (through sensory_games.services.profiles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UISelectionList,
    UITextEntryBox,
    UITextEntryLine,
)

from sensory_games.domain.intensity import CHANNELS, PRESETS, Intensity, preset
from sensory_games.domain.profile import AGE_BANDS, ANIMALS, GUEST_ALIAS, HANDS, POINTERS, Profile
from sensory_games.domain.schema import SchemaError
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen, select
from sensory_games.services.profiles import ChildSettings, add_child, edit_child, set_archived
from sensory_games.storage import StorageError

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

NEW_CHILD = "+ New child"
#: What a sensory channel can be set to on the console (0.05 steps, as the presets are).
CHANNEL_STEPS = tuple(f"{step / 20:.2f}" for step in range(21))


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
                pygame.Rect(notes.x, notes.y, notes.w, self.console.stage.metrics.px(notes_h)),
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
            p for p in self.console.stage.repository.list_profiles(include_archived=True)
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
