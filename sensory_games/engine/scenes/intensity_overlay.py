"""The therapist's live sensory overlay: five sliders and the presets, over the activity.

Opened with F2 on a keyboard or from the adult menu (top-right corner held 3 s), never by
a child's ordinary touch. The activity keeps running underneath; touches outside the
panel still reach it. Every change applies from the next frame and is written into the
running attempt with its time.

The panel is opaque (the words must read over any picture) and lies clear of the calm
button's corner and the adult corner, so a child can still ask for calm and the adult can
still reach their menu while it is open. Each slider shows its value (a percentage) and
the preset in force is ringed; after a slider change the settings are the adult's own
("custom") and no preset is ringed. On a short screen the preset buttons move to a column
beside the sliders; on a narrow one they wrap under them.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import CHANNELS, PRESETS, Colour, Palette
from sensory_games.domain.language import N_, NC_
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.scenes.adult_menu import column_of
from sensory_games.ui.art import IconDrawer, mix
from sensory_games.ui.damage import joined
from sensory_games.ui.layout_rules import LayoutBox, text_box
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred, fitted_size, measure, tinted_text
from sensory_games.ui.widgets import ADULT_CORNER_MM, Button, calm_button_reserved_mm

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: Clear space around the panel, inside its edge, and between rows and buttons (mm).
MARGIN_MM, PAD_MM, GAP_MM = 2.0, 3.0, 2.0
#: A slider's row (its own touch band): preferred and smallest height (mm); an adult's
#: target is at least 9 mm.
ROW_MM = (12.0, 9.5)
#: A preset button's height (mm): preferred and smallest.
BUTTON_MM = (12.0, 10.0)
#: The widest the panel grows on a large screen (mm), and the shortest track it gives a
#: slider before its buttons leave the column beside the sliders for a row under them.
PANEL_WIDTH_MM, TRACK_MM = 150.0, 40.0
#: Capitals (mm) of the channels' names, their values and the buttons' words (at least
#: the 3 mm of every adult text).
TEXT_MM, SMALLEST_TEXT_MM = 3.4, 3.0
#: The widest value a slider shows.
WIDEST_VALUE = "100%"
#: Every word the panel writes, by the name it stands for: the channels' names
#: (domain.intensity.CHANNELS), the presets' (PRESETS) and the close button's, marked here
#: for the catalogs and written in the clinic's language (the names stay the keys of the
#: code and the log). "calm" is a preset here, not a child's feeling (the check-in's).
PANEL_WORDS: dict[str, str] = {
    "visual": N_("visual"),
    "motion": N_("motion"),
    "sound": N_("sound"),
    "complexity": N_("complexity"),
    "feedback": N_("feedback"),
    "calm": NC_("sensory preset", "calm"),
    "balanced": N_("balanced"),
    "alerting": N_("alerting"),
    "close": N_("close"),
}


def value_text(value: float) -> str:
    """A channel's value as the panel shows it: a whole percentage ("60%")."""
    return f"{round(value * 100)}%"


@dataclass(frozen=True)
class Slider:
    """One channel's slider on the screen (px).

    `touch` is the band an adult touches (no other slider's band overlaps it), `track`
    the bar drawn in it, `label` and `value` where its name and value are written. The
    knob (radius `knob_r`) travels the track less its radius at each end: 0 and 1 are
    both reached and the knob never overhangs the track."""

    channel: str
    touch: pygame.Rect
    track: pygame.Rect
    label: pygame.Rect
    value: pygame.Rect
    #: Read right to left (an Arabic clinic's panel): 0 at the track's right end, the
    #: filled part from the right, as such a reader's sliders go.
    mirrored: bool = False

    @property
    def knob_r(self) -> int:
        return self.track.h // 2

    def knob_x(self, value: float) -> int:
        """Where the knob's centre is drawn for `value` (0..1)."""
        if self.mirrored:
            return self.track.right - self.knob_r - round(value * self._travel)
        return self.track.left + self.knob_r + round(value * self._travel)

    def value_at(self, x_px: float) -> float:
        """The value (0..1) a finger at `x_px` sets: the inverse of :meth:`knob_x`."""
        if self.mirrored:
            share = (self.track.right - self.knob_r - x_px) / self._travel
        else:
            share = (x_px - self.track.left - self.knob_r) / self._travel
        return min(max(share, 0.0), 1.0)

    def filled(self, groove: pygame.Rect, value: float) -> pygame.Rect:
        """The part of `groove` (px) from the track's 0 end to the knob at `value`."""
        knob_x = self.knob_x(value)
        if self.mirrored:
            return pygame.Rect(knob_x, groove.top, groove.right - knob_x, groove.h)
        return pygame.Rect(groove.left, groove.top, knob_x - groove.left, groove.h)

    @property
    def _travel(self) -> int:
        return max(1, self.track.w - 2 * self.knob_r)


def free_area(metrics: ScreenMetrics) -> pygame.Rect:
    """Where the panel may lie (px): the larger (by its short side) of the screen right of
    the calm button's column and below the adult corner, or the full width between the
    adult corner's band and the calm button's, less a margin."""
    calm = calm_button_reserved_mm(metrics)[2]
    width, height = metrics.width_mm, metrics.height_mm
    beside = (calm, ADULT_CORNER_MM, width - calm, height - ADULT_CORNER_MM)
    between = (0.0, ADULT_CORNER_MM, width, height - ADULT_CORNER_MM - calm)
    x, y, w, h = max((beside, between), key=lambda area: min(area[2], area[3]))
    return metrics.rect_mm(x + MARGIN_MM, y + MARGIN_MM, w - 2 * MARGIN_MM, h - 2 * MARGIN_MM)


class IntensityOverlay:
    """A panel of sliders; `handle` takes the pointers that land on it."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._dragging: dict[int, str] = {}
        #: The names and values in `_ink` (_word_in), by their text and direction.
        self._inked: dict[tuple[str, bool | None], pygame.Surface] = {}
        self._ink: Colour | None = None
        #: The value written beside each slider at the last paint (for tests and checks).
        self.shown_values: dict[str, str] = {}
        self.layout(stage.metrics)

    # -- layout ---------------------------------------------------------------------------

    def layout(self, metrics: ScreenMetrics) -> None:
        """Sliders as tall as the screen allows (see module): the buttons under them, or in
        a column beside them when that gives the sliders taller rows (a short screen) and
        still leaves each track :data:`TRACK_MM` long."""
        self.laid_out_for = metrics
        px = metrics.px
        self.text_px = metrics.font_px(TEXT_MM)
        words = [*PRESETS, "close"]
        pad, gap = px(PAD_MM), px(GAP_MM)
        smallest_text = metrics.font_px(SMALLEST_TEXT_MM)
        button_w = max(measure(self.say(word), smallest_text)[0] for word in words) + 2 * pad
        self._label_w = max(measure(self.say(channel), self.text_px)[0] for channel in CHANNELS)
        self._value_w = measure(WIDEST_VALUE, self.text_px)[0]
        area = free_area(metrics)
        inner_w = min(area.w, px(PANEL_WIDTH_MM)) - 2 * pad
        inner_h = area.h - 2 * pad
        row_max, row_min = px(ROW_MM[0]), px(ROW_MM[1])
        high, low = px(BUTTON_MM[0]), px(BUTTON_MM[1])
        rows = len(CHANNELS)
        columns = min(len(words), max(0, (inner_w + gap) // (button_w + gap)))
        lines = math.ceil(len(words) / columns) if columns else len(words)
        row_under = min(row_max, (inner_h - lines * (gap + low)) // rows) if columns else 0
        row_beside = min(row_max, inner_h // rows)
        track_beside = inner_w - gap - button_w - self._label_w - self._value_w - 2 * gap
        under = row_under >= row_min and (row_under >= row_beside or track_beside < px(TRACK_MM))
        if under:
            row = row_under
            button_h = min(high, (inner_h - rows * row) // lines - gap)
            sliders_w = inner_w
            height = rows * row + lines * (gap + button_h)
        else:
            columns, lines = 1, len(words)
            row = max(row_min, row_beside)
            button_h = max(low, min(high, (inner_h - (lines - 1) * gap) // lines))
            sliders_w = inner_w - gap - button_w
            height = max(rows * row, lines * button_h + (lines - 1) * gap)
        self.panel = pygame.Rect(0, 0, inner_w + 2 * pad, height + 2 * pad)
        self.panel.midtop = (area.centerx, area.top)
        inner = self.panel.inflate(-2 * pad, -2 * pad)
        rtl = bool(self.stage.clinic_words.right_to_left)  # (the panel read from the right)
        first_row = pygame.Rect(inner.topleft, (sliders_w, row))
        if rtl:
            first_row.right = inner.right
        self.sliders = self._lay_sliders(first_row, gap, rtl)
        if under:
            top = inner.top + len(CHANNELS) * row + gap
            width = (inner.w - (columns - 1) * gap) // columns
            spots = [
                (
                    inner.left + column_of(i, columns, rtl) * (width + gap),
                    top + (i // columns) * (button_h + gap),
                )
                for i in range(len(words))
            ]
        else:
            width = button_w
            x = inner.left if rtl else inner.right - width
            spots = [(x, inner.top + i * (button_h + gap)) for i in range(lines)]
        self.buttons = [
            self._button(word, pygame.Rect(spot, (width, button_h)), metrics)
            for word, spot in zip(words, spots, strict=True)
        ]
        self._ring_px = 2 * metrics.px(0.8)  # (the marked preset's ring around its button)
        self._inked.clear()  # (the text's size may have changed)

    def _lay_sliders(
        self, first_row: pygame.Rect, gap: int, right_to_left: bool = False
    ) -> dict[str, Slider]:
        """One row per channel from `first_row` down: name, track, value (value, track,
        name from the left when read `right_to_left`, the track mirrored)."""
        label_w, value_w = self._label_w, self._value_w
        sliders: dict[str, Slider] = {}
        if right_to_left:
            label_w, value_w = value_w, label_w  # (the left one's width, the right one's)
        for index, channel in enumerate(CHANNELS):
            row = first_row.move(0, index * first_row.h)
            left = pygame.Rect(row.left, row.top, label_w, row.h)
            right = pygame.Rect(row.right - value_w, row.top, value_w, row.h)
            label, value = (right, left) if right_to_left else (left, right)
            touch = pygame.Rect(left.right + gap, row.top, right.left - left.right - 2 * gap, row.h)
            track = touch.inflate(0, -round(row.h * 0.4))
            sliders[channel] = Slider(channel, touch, track, label, value, right_to_left)
        return sliders

    def _button(self, word: str, rect: pygame.Rect, metrics: ScreenMetrics) -> Button:
        """A preset (or close) button; pressing a preset applies it at once."""
        press = self.stage.close_overlay if word == "close" else partial(self.choose_preset, word)
        shown = self.say(word)
        rtl = self.stage.clinic_words.right_to_left
        face = _word(shown, self._word_px(shown, rect, metrics) / rect.h, rtl)
        return Button(rect, face, press, label=word)

    def say(self, word: str) -> str:
        """One of the panel's :data:`PANEL_WORDS` in the clinic's language."""
        return self.stage.clinic_words.tr(PANEL_WORDS[word])

    @staticmethod
    def _word_px(word: str, rect: pygame.Rect, metrics: ScreenMetrics) -> int:
        """The font size (px) of a button's word: as large as fits `rect` less a 1.5 mm
        margin each side, from 3.8 mm capitals down to 3 mm."""
        room = rect.w - 2 * metrics.px(1.5)
        largest, smallest = metrics.font_px(TEXT_MM + 0.4), metrics.font_px(SMALLEST_TEXT_MM)
        return fitted_size(word, largest, room, smallest)

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        """True when the pointer belongs to the panel (the activity does not see it)."""
        metrics = self.stage.metrics
        point = metrics.to_px(pointer.x_mm, pointer.y_mm)
        for button in self.buttons:
            if button.handle(pointer, metrics):
                return True
        if pointer.phase == "down":
            for channel, slider in self.sliders.items():
                if slider.touch.collidepoint(point):
                    self._dragging[pointer.pointer_id] = channel
                    self._slide(channel, point[0], pointer.t)
                    return True
            return self.panel.collidepoint(point)
        dragged = self._dragging.get(pointer.pointer_id)
        if dragged is None:
            return False
        if pointer.phase in ("up", "cancel"):
            del self._dragging[pointer.pointer_id]
        else:
            self._slide(dragged, point[0], pointer.t)
        return True

    def _slide(self, channel: str, x_px: int, t: float) -> None:
        value = round(self.sliders[channel].value_at(x_px) * 20) / 20  # steps of 0.05
        current = self.stage.child.sensory.intensity
        if abs(getattr(current, channel) - value) > 1e-9:
            self.stage.set_intensity(current.with_overrides({channel: value}), t)

    def choose_preset(self, name: str) -> None:
        self.stage.set_intensity(PRESETS[name], self.stage.clock.now(), preset_name=name)

    @property
    def marked_preset(self) -> str | None:
        """The preset ringed on the panel: the child's, None when the settings are the
        adult's own ("custom")."""
        name = self.stage.child.intensity_preset
        return name if name in PRESETS else None

    # -- drawing --------------------------------------------------------------------------

    def look(self) -> Hashable:
        """A value standing for all the sliders show (a frame whose look is the last
        one's may draw them only where the scene under them changed)."""
        buttons = tuple((tuple(b.rect), b.pressed) for b in self.buttons)
        values = (self.stage.child.sensory.intensity, self.stage.child.sensory.palette)
        return (tuple(self.panel), values, buttons, self.marked_preset)

    def bounds(self) -> pygame.Rect:
        """Where the sliders draw (px): the panel, its buttons and the preset's ring."""
        ring = self._ring_px
        return self.panel.unionall([b.rect.inflate(ring, ring) for b in self.buttons])

    def draw(self, surface: pygame.Surface, areas: Sequence[pygame.Rect] | None = None) -> None:
        """The panel and its buttons over it; only within `areas` (px: where the scene
        changed on a frame in parts, the sliders' look the same) when given. Every pixel
        drawn is opaque or blended over the panel's own opaque card, so drawing again over
        the last frame's sliders gives the same pixels."""
        palette, metrics = self.stage.child.sensory.palette, self.stage.metrics
        if areas is None:
            self._draw_all(surface, palette, metrics)
            return
        bounds, clip = self.bounds(), surface.get_clip()
        for under in joined([area.clip(bounds) for area in areas if area.colliderect(bounds)]):
            surface.set_clip(under.clip(clip))  # (overlapping areas drawn over once, joined)
            self._draw_all(surface, palette, metrics)
        surface.set_clip(clip)

    def prepare(self) -> None:
        """Render the panel's words and paint each button's looks now, drawing nothing
        (before the sliders open: SensoryControls.prepare_overlay)."""
        palette, values = self.stage.child.sensory.palette, self.stage.child.sensory.intensity
        rtl = self.stage.clinic_words.right_to_left
        for channel in CHANNELS:
            self._word_in(palette.ink, self.say(channel), rtl)
            self._word_in(palette.ink, value_text(getattr(values, channel)))
        self.prepare_buttons(palette)

    def prepare_buttons(self, palette: Palette) -> None:
        """Paint each button's looks in `palette`, lifted and pressed (ui/widgets.py)."""
        for button in self.buttons:
            button.prepare(palette, self.stage.metrics)

    def preset_palettes(self) -> list[Palette]:
        """The colours each preset would give the child's screens (a preset pressed)."""
        profile = copy.copy(self.stage.child.sensory)
        palettes = []
        for intensity in PRESETS.values():
            profile.set_intensity(intensity)
            palettes.append(profile.palette)
        return palettes

    def _draw_all(self, surface: pygame.Surface, palette: Palette, metrics: ScreenMetrics) -> None:
        self._draw_panel(surface, palette, metrics)
        for button in self.buttons:
            button.draw(surface, palette, metrics)
            if button.label == self.marked_preset:
                ring = button.rect.inflate(self._ring_px, self._ring_px)
                radius = max(4, min(ring.w, ring.h) // 6)
                width = max(2, metrics.px(0.5))
                pygame.draw.rect(surface, palette.ink, ring, width, border_radius=radius)

    def _draw_panel(
        self, surface: pygame.Surface, palette: Palette, metrics: ScreenMetrics
    ) -> None:
        """The opaque card, and each channel's name, value, track and knob, drawn straight
        onto `surface` (px) each time, not kept as a picture of the panel: new colours (a
        slider dragged gives new ones each frame) then cost only the words' tint. The kept
        picture was painted again for each palette: the sliders' draw took 2.5-3 ms at
        1920x1080 here then, 0.6 ms now; in the same colours 0.6 ms now against the
        picture's 0.4-0.5 ms blit, on a frame drawn whole (a frame in parts draws only
        where the scene changed)."""
        values = self.stage.child.sensory.intensity
        radius = metrics.px(3)
        pygame.draw.rect(surface, palette.surface, self.panel, border_radius=radius)
        pygame.draw.rect(surface, palette.surface_edge, self.panel, max(2, metrics.px(0.6)), radius)
        rtl = self.stage.clinic_words.right_to_left
        groove_colour = mix(palette.surface_edge, palette.background, 0.3)
        clip = surface.get_clip()
        for channel, slider in self.sliders.items():
            value = getattr(values, channel)
            self.shown_values[channel] = value_text(value)
            if not slider.label.union(slider.value).colliderect(clip):
                continue  # (a frame in parts: a row the scene did not change under)
            name = self._word_in(palette.ink, self.say(channel), rtl)
            shown = self._word_in(palette.ink, self.shown_values[channel])
            if slider.mirrored:  # (each beside the track, on its side)
                surface.blit(name, name.get_rect(midright=slider.label.midright))
                surface.blit(shown, shown.get_rect(midleft=slider.value.midleft))
            else:
                surface.blit(name, name.get_rect(midleft=slider.label.midleft))
                surface.blit(shown, shown.get_rect(midright=slider.value.midright))
            groove = slider.track.inflate(0, -slider.track.h // 2)
            rounding = groove.h // 2
            pygame.draw.rect(surface, groove_colour, groove, 0, rounding)
            pygame.draw.rect(surface, palette.calm, slider.filled(groove, value), 0, rounding)
            knob = (slider.knob_x(value), slider.track.centery)
            pygame.draw.circle(surface, palette.ink_soft, knob, slider.knob_r)

    def _word_in(self, ink: Colour, text: str, right_to_left: bool | None = None) -> pygame.Surface:
        """A name or value of the panel in `ink`, kept while the ink stays (a new ink: the
        words tinted again, a copy each, never rendered again: text.tinted_text)."""
        if ink != self._ink:
            self._inked.clear()
            self._ink = ink
        key = (text, right_to_left)
        word = self._inked.get(key)
        if word is None:
            word = self._inked[key] = tinted_text(text, self.text_px, ink, right_to_left)
        return word

    def layout_boxes(self) -> list[LayoutBox]:
        """The sliders' touch bands and the buttons as an adult's targets, and every word
        the panel writes (names, values at their widest, the buttons' words)."""
        boxes: list[LayoutBox] = []
        for channel, slider in self.sliders.items():
            boxes.append(LayoutBox(f"slider {channel}", slider.touch, "adult"))
            boxes.append(text_box("name", self.say(channel), self.text_px, slider.label))
            boxes.append(text_box("value", WIDEST_VALUE, self.text_px, slider.value))
        for button in self.buttons:
            boxes.append(LayoutBox(f"button {button.label!r}", button.rect, "adult"))
            metrics = self.stage.metrics
            room = button.rect.inflate(-2 * metrics.px(1.5), 0)
            shown = self.say(button.label)
            size = self._word_px(shown, button.rect, metrics)
            boxes.append(text_box("word", shown, size, room))
        return boxes


def _word(text: str, size_share: float, right_to_left: bool = False) -> IconDrawer:
    """A button face that is one word, its font size `size_share` of the face's height
    (the overlay is for adults), read in the clinic's direction (`right_to_left`). A
    share, not pixels: a button draws its face larger and scales it down (smooth edges),
    and the word must scale with it."""

    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        size = max(1, round(size_share * rect.h))
        blit_centred(surface, text, size, palette.ink, rect.center, right_to_left)

    return face
