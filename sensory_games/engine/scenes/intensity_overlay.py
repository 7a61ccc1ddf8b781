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

from sensory_games.domain.intensity import CHANNELS, PRESETS, Intensity, Palette
from sensory_games.domain.language import N_, NC_
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.art import IconDrawer, mix
from sensory_games.ui.damage import joined
from sensory_games.ui.layout_rules import LayoutBox, text_box
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred, fitted_size, measure, text_surface
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

    @property
    def knob_r(self) -> int:
        return self.track.h // 2

    def knob_x(self, value: float) -> int:
        """Where the knob's centre is drawn for `value` (0..1)."""
        return self.track.left + self.knob_r + round(value * self._travel)

    def value_at(self, x_px: float) -> float:
        """The value (0..1) a finger at `x_px` sets: the inverse of :meth:`knob_x`."""
        return min(max((x_px - self.track.left - self.knob_r) / self._travel, 0.0), 1.0)

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
        self._picture: pygame.Surface | None = None
        self._picture_key: object = None
        self._card: pygame.Surface | None = None  # (the card and the names: _paint)
        self._card_key: object = None
        self._painted: Intensity | None = None  # (the values the picture shows)
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
        self.sliders = self._lay_sliders(pygame.Rect(inner.topleft, (sliders_w, row)), gap)
        if under:
            top = inner.top + len(CHANNELS) * row + gap
            width = (inner.w - (columns - 1) * gap) // columns
            spots = [
                (
                    inner.left + (i % columns) * (width + gap),
                    top + (i // columns) * (button_h + gap),
                )
                for i in range(len(words))
            ]
        else:
            width = button_w
            spots = [(inner.right - width, inner.top + i * (button_h + gap)) for i in range(lines)]
        self.buttons = [
            self._button(word, pygame.Rect(spot, (width, button_h)), metrics)
            for word, spot in zip(words, spots, strict=True)
        ]
        self._ring_px = 2 * metrics.px(0.8)  # (the marked preset's ring around its button)
        self._picture = self._card = None

    def _lay_sliders(self, first_row: pygame.Rect, gap: int) -> dict[str, Slider]:
        """One row per channel from `first_row` down: name, track, value."""
        label_w, value_w = self._label_w, self._value_w
        sliders: dict[str, Slider] = {}
        for index, channel in enumerate(CHANNELS):
            row = first_row.move(0, index * first_row.h)
            label = pygame.Rect(row.left, row.top, label_w, row.h)
            value = pygame.Rect(row.right - value_w, row.top, value_w, row.h)
            touch = pygame.Rect(
                label.right + gap, row.top, value.left - label.right - 2 * gap, row.h
            )
            track = touch.inflate(0, -round(row.h * 0.4))
            sliders[channel] = Slider(channel, touch, track, label, value)
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
                self._picture = None
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
        """The panel in one blit (painted again only when a value or the size changed),
        its buttons over it; only within `areas` (px: where the scene changed on a frame
        in parts, the sliders' look the same) when given. Every pixel drawn is opaque or
        blended over the panel's own opaque card, so drawing again over the last frame's
        sliders gives the same pixels."""
        palette, metrics = self.stage.child.sensory.palette, self.stage.metrics
        self._painted_picture(palette)
        if areas is None:
            self._draw_all(surface, palette, metrics)
            return
        bounds, clip = self.bounds(), surface.get_clip()
        for under in joined([area.clip(bounds) for area in areas if area.colliderect(bounds)]):
            surface.set_clip(under.clip(clip))  # (overlapping areas drawn over once, joined)
            self._draw_all(surface, palette, metrics)
        surface.set_clip(clip)

    def _painted_picture(self, palette: Palette) -> pygame.Surface:
        """The panel's picture at the values and colours now (painted again when they or
        the size changed)."""
        key = (self.stage.child.sensory.intensity, palette, self.panel.size)
        if self._picture is None or key != self._picture_key:
            self._picture = self._paint()
            self._picture_key = key
        return self._picture

    def prepare(self) -> None:
        """Paint the panel and each button's looks now, drawing nothing (before the sliders
        open: SensoryControls.prepare_overlay)."""
        palette = self.stage.child.sensory.palette
        self._painted_picture(palette)
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
        assert self._picture is not None
        surface.blit(self._picture, self.panel.topleft)
        for button in self.buttons:
            button.draw(surface, palette, metrics)
            if button.label == self.marked_preset:
                ring = button.rect.inflate(self._ring_px, self._ring_px)
                radius = max(4, min(ring.w, ring.h) // 6)
                width = max(2, metrics.px(0.5))
                pygame.draw.rect(surface, palette.ink, ring, width, border_radius=radius)

    def _paint(self) -> pygame.Surface:
        """The opaque card with each channel's name (:meth:`_card_with_names`), and each
        channel's track, knob and value (px). After a value's change (the colours and
        the size the same) only the rows whose value changed are painted again, in the
        last picture: a 1288x687 picture copied afresh took 1 ms of the frame here."""
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        values = self.stage.child.sensory.intensity
        key = (palette, self.panel.size)
        picture, last = self._picture, self._painted
        if self._card is None or key != self._card_key:
            self._card, self._card_key = self._card_with_names(palette, metrics), key
            picture = None  # (new colours or size: every row painted again)
        if picture is None or last is None:
            picture, rows = self._card.copy(), list(CHANNELS)
        else:
            now, before = values.as_dict(), last.as_dict()
            rows = [channel for channel in CHANNELS if now[channel] != before[channel]]
        shift = (-self.panel.left, -self.panel.top)
        for channel in rows:
            slider = self.sliders[channel]
            row = slider.label.union(slider.value).move(shift)
            picture.blit(self._card, row, row)  # (the card is opaque there: a copy)
            value = getattr(values, channel)
            self.shown_values[channel] = value_text(value)
            shown = text_surface(self.shown_values[channel], self.text_px, palette.ink)
            picture.blit(shown, shown.get_rect(midright=slider.value.move(shift).midright))
            track = slider.track.move(shift)
            groove = track.inflate(0, -track.h // 2)
            rounding = groove.h // 2
            pygame.draw.rect(
                picture, mix(palette.surface_edge, palette.background, 0.3), groove, 0, rounding
            )
            knob_x = slider.knob_x(value) + shift[0]
            filled = pygame.Rect(groove.left, groove.top, knob_x - groove.left, groove.h)
            pygame.draw.rect(picture, palette.calm, filled, 0, rounding)
            pygame.draw.circle(picture, palette.ink_soft, (knob_x, track.centery), slider.knob_r)
        self._painted = values
        return picture

    def _card_with_names(self, palette: Palette, metrics: ScreenMetrics) -> pygame.Surface:
        """The card and the channels' names: what a value's change leaves as it was (kept
        while the colours and the size stay; a slider moved repaints only the rest, each
        row's parts apart from every other row's name)."""
        card = pygame.Surface(self.panel.size, pygame.SRCALPHA)
        area = card.get_rect()
        radius = metrics.px(3)
        pygame.draw.rect(card, palette.surface, area, border_radius=radius)
        pygame.draw.rect(card, palette.surface_edge, area, max(2, metrics.px(0.6)), radius)
        shift = (-self.panel.left, -self.panel.top)
        rtl = self.stage.clinic_words.right_to_left
        for channel, slider in self.sliders.items():
            name = text_surface(self.say(channel), self.text_px, palette.ink, rtl)
            card.blit(name, name.get_rect(midleft=slider.label.move(shift).midleft))
        return card

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
