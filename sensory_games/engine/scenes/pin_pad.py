"""The adults' PIN keypad, between the corner long-press and the adult menu.

Big keys (1-9, 0, delete, OK) for one free hand, dots for the digits typed, and a back
arrow to the child's screen. With no PIN yet (first run) it asks for a new one twice.
Wrong PINs count toward the keypad lockout (sensory_games/domain/pin.py), kept beside the log
(storage/pin_store.py); while locked the keys do nothing and the wait is shown.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.domain.pin import (
    PIN_DIGITS,
    WRONG_BEFORE_LOCK,
    KeypadState,
    PinError,
    after_try,
    check_pin,
    hash_pin,
    pin_matches,
)
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.base import Scene
from sensory_games.ui import art
from sensory_games.ui.damage import StillPicture
from sensory_games.ui.layout_rules import LayoutBox, line_box
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred, fitted_size, font, wrapped
from sensory_games.ui.widgets import Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

KEY_MM, GAP_MM = 20.0, 4.0
#: The back button (mm): left, top, width, height.
BACK_MM = (6.0, 6.0, 18.0, 18.0)
#: The keys in reading order ("<" deletes the last digit).
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "<", "0", "OK")


def header_mm(metrics: ScreenMetrics) -> tuple[float, float, float, float]:
    """Heights (mm from the top) of the title, the dots, the note and the first key row:
    roomy on a tablet, compact on a short (7-inch) panel so four rows of 12 mm keys fit."""
    if metrics.height_mm >= 4 * KEY_MM + 3 * GAP_MM + 48.0:
        return 14.0, 27.0, 34.0, 40.0
    return 7.0, 14.0, 20.0, 25.0


def key_rects(metrics: ScreenMetrics) -> list[pygame.Rect]:
    """A 3 x 4 keypad in the middle of the screen, below the title and the dots; keys get
    smaller (never under 12 mm) on a short screen."""
    top = header_mm(metrics)[3]
    room = metrics.height_mm - top - 3.0
    key = max(12.0, min(KEY_MM, (room - 3 * GAP_MM) / 4))
    gap = GAP_MM if key > 12.0 else max(2.0, min(GAP_MM, (room - 4 * key) / 3))
    left = metrics.width_mm / 2 - (3 * key + 2 * gap) / 2
    return [
        metrics.rect_mm(left + (i % 3) * (key + gap), top + (i // 3) * (key + gap), key, key)
        for i in range(len(KEYS))
    ]


def _key_face(text: str) -> art.IconDrawer:
    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        if text == "<":
            art.draw_back_icon(surface, rect.inflate(-rect.w // 4, -rect.h // 4), palette)
        else:
            blit_centred(surface, text, rect.h * 2 // 5, palette.ink, rect.center)

    return face


class PinPadScene(Scene):
    """Type the PIN (or choose one) to reach the adult menu."""

    animated = False
    over_play = True

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.typed = ""
        self._still = StillPicture()  # (its picture, painted when it changes)
        self.choosing = stage.repository.pin_hash() is None
        self.state = stage.repository.keypad_state()  # (read once; written on every try)
        self.first_choice: str | None = None
        self.note = ""
        self.keys: list[Button] = []
        self.back_button: Button | None = None
        self.layout(stage.metrics)

    @property
    def title(self) -> str:
        """What the keypad asks for, in the clinic's language."""
        tr = self.stage.clinic_words.tr
        if not self.choosing:
            return tr("Adults only: type the PIN")
        if self.first_choice is None:
            low, high = PIN_DIGITS
            return tr(
                "Choose a PIN for the adult menu ({low} to {high} digits)", low=low, high=high
            )
        return tr("Type the same PIN again")

    def resize(self, metrics: ScreenMetrics) -> None:
        self.layout(metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        self.keys = [
            Button(rect, _key_face(key), partial(self.press, key), label=key)
            for rect, key in zip(key_rects(metrics), KEYS, strict=True)
        ]
        self.back_button = Button(
            metrics.rect_mm(*BACK_MM), art.draw_home_icon, self.stage.pop, label="Back"
        )

    # -- keys --------------------------------------------------------------------------

    def locked_for_s(self) -> float:
        return self.state.locked_for_s(self.stage.clock.wall_utc())

    def press(self, key: str) -> None:
        self.stage.request_redraw()
        if not self.choosing and self.locked_for_s() > 0:
            return
        if key == "<":
            self.typed = self.typed[:-1]
        elif key == "OK":
            self.submit()
        elif len(self.typed) < PIN_DIGITS[1]:
            self.typed += key

    def submit(self) -> None:
        typed, self.typed = self.typed, ""
        if self.choosing:
            self.choose(typed)
            return
        stored = self.stage.repository.pin_hash() or ""
        right = pin_matches(typed, stored)
        state = after_try(self.state, right, self.stage.clock.wall_utc())
        self._keep(state)
        if right:
            self.stage.replace(AdultMenuScene(self.stage))
        elif state.locked_until is not None:
            self.note = ""  # the lock is shown while it lasts
            locked_s = state.locked_for_s(self.stage.clock.wall_utc())
            self.stage.child.audit(
                "keypad locked", f"{WRONG_BEFORE_LOCK} wrong PINs: {locked_s:.0f} s"
            )
        else:
            left = WRONG_BEFORE_LOCK - state.wrong
            self.note = self.stage.clinic_words.tr_n(
                "Wrong PIN ({left} more try before a lock)",
                "Wrong PIN ({left} more tries before a lock)",
                left,
                left=left,
            )

    def choose(self, typed: str) -> None:
        tr = self.stage.clinic_words.tr
        try:
            check_pin(typed)
        except PinError:
            low, high = PIN_DIGITS
            self.note = tr("A PIN is {low} to {high} digits", low=low, high=high)
            return
        if self.first_choice is None:
            self.first_choice, self.note = typed, ""
            return
        if typed != self.first_choice:
            self.first_choice, self.note = None, tr("The two PINs differ: choose again")
            return
        try:
            self.stage.repository.set_pin_hash(hash_pin(typed))
        except Exception as error:  # the disk refused: say so, let the adult in this once
            self.stage.errors.warnings.append(
                tr("the PIN could not be saved ({error})", error=error)
            )
        else:
            self.stage.child.audit("PIN set", "chosen on the keypad")
        self.stage.replace(AdultMenuScene(self.stage))

    def _keep(self, state: KeypadState) -> None:
        self.state = state
        try:
            self.stage.repository.set_keypad_state(state)
        except Exception as error:
            self.stage.errors.warnings.append(
                self.stage.clinic_words.tr(
                    "the keypad state could not be saved ({error})", error=error
                )
            )

    def handle(self, pointer: PointerEvent) -> bool:
        buttons = [*self.keys, self.back_button] if self.back_button else self.keys
        return any(button.handle(pointer, self.stage.metrics) for button in buttons)

    def update(self, dt: float) -> None:
        if not self.choosing and self.locked_for_s() > 0:
            self.stage.request_redraw()  # the countdown

    # -- drawing -----------------------------------------------------------------------

    def shown_note(self) -> str:
        """The line under the dots: the lock-out's wait, or what the last try did."""
        locked = 0.0 if self.choosing else self.locked_for_s()
        wait = f"{int(locked // 60)}:{int(locked % 60):02d}"
        if locked <= 0:
            return self.note
        return self.stage.clinic_words.tr("Locked after wrong PINs: wait {wait}", wait=wait)

    def title_lines(self) -> tuple[int, list[tuple[str, int]]]:
        """The title's font size (px) and its lines with their heights (px): as large as
        fits between the back button and its mirror on the right (capitals 4 mm down to
        3 mm), wrapped there on a narrow screen, centred on the title's height."""
        metrics = self.stage.metrics
        beside = metrics.width_px - 2 * (metrics.px(BACK_MM[0] + BACK_MM[2]) + metrics.px(2.0))
        size = fitted_size(self.title, metrics.font_px(4.0), beside, metrics.font_px(3.0))
        lines = wrapped(self.title, size, beside)
        pitch = font(size).get_linesize()
        top = metrics.px(header_mm(metrics)[0]) - (len(lines) - 1) * pitch // 2
        return size, [(line, top + index * pitch) for index, line in enumerate(lines)]

    def layout_boxes(self) -> list[LayoutBox]:
        metrics = self.stage.metrics
        _title_y, _dots_y, note_y, _keys_y = (metrics.px(mm) for mm in header_mm(metrics))
        size, lines = self.title_lines()
        boxes = [line_box("title", line, size, y, metrics) for line, y in lines]
        if self.shown_note():
            boxes.append(line_box("note", self.shown_note(), metrics.font_px(3.0), note_y, metrics))
        keys = [*self.keys, *([self.back_button] if self.back_button else [])]
        return boxes + [box for key in keys for box in key.layout_boxes("adult", metrics)]

    def draw(self, surface: pygame.Surface) -> None:
        """The keypad's picture, painted only when what it shows changed (ui/damage.py
        StillPicture): a finger resting on it draws nothing."""
        look = (
            self.stage.metrics,
            self.stage.child.sensory.palette,
            self.title_lines(),
            len(self.typed),
            self.shown_note(),
            tuple(key.pressed for key in self.keys),
            self.back_button is not None and self.back_button.pressed,
        )
        self._still.draw(surface, self.stage.damage, look, self._paint)

    def pause(self) -> None:
        self._still.forget()  # (8 MB at 1920x1080, while an adult screen covers it)

    def _paint(self, surface: pygame.Surface) -> None:
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        surface.fill(palette.background_edge)
        centre_x, rtl = metrics.width_px // 2, self.stage.clinic_words.right_to_left
        size, lines = self.title_lines()
        for line, y in lines:
            blit_centred(surface, line, size, palette.ink, (centre_x, y), rtl)
        digits = PIN_DIGITS[1]
        step = metrics.px(7)
        left = centre_x - (digits - 1) * step // 2
        for index in range(digits):
            centre = (left + index * step, metrics.px(header_mm(metrics)[1]))
            filled = index < len(self.typed)
            pygame.draw.circle(
                surface,
                palette.ink,
                centre,
                metrics.px(2.2),
                0 if filled else max(1, metrics.px(0.4)),
            )
        note = self.shown_note()
        if note:
            blit_centred(
                surface,
                note,
                metrics.font_px(3.0),
                palette.ink,
                (centre_x, metrics.px(header_mm(metrics)[2])),
                rtl,
            )
        for key in self.keys:
            key.draw(surface, palette, metrics)
        if self.back_button is not None:
            self.back_button.draw(surface, palette, metrics)
