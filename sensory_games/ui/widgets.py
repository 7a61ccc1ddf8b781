"""Big, forgiving controls for children, laid out in millimetres.

A button presses when a contact that started on it lifts on it (with a little slop),
so brushing past a button or resting a palm does nothing. Pressed buttons sink; they
never flash.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.art import (
    IconDrawer,
    PictureFace,
    draw_calm_icon,
    rounded_tile,
    smooth_surface,
)
from sensory_games.ui.kept import kept_by_bytes
from sensory_games.ui.layout_rules import LayoutBox, Role
from sensory_games.ui.screen import MIN_TOUCH_MM, ScreenMetrics
from sensory_games.ui.text import blit_centred, broken, fitted_size, font, wrapped

#: Size of the calm-down button (mm) and its distance from the screen edge (mm).
CALM_BUTTON_MM = 22.0
EDGE_MARGIN_MM = 5.0
#: The top-right square (mm) an adult holds for 3 s to open the adult menu; activities
#: keep their targets out of it.
ADULT_CORNER_MM = 18.0
#: A contact may wander this far (mm) off a button and still press it.
PRESS_SLOP_MM = 4.0


#: How many looks of a button (pictures of about its size in px, a few kB to 100 kB each)
#: are kept: pressed and lifted in two palettes.
BUTTON_LOOKS_KEPT = 4


@dataclass
class Button:
    """A picture button. `label` is for adults (drawn small when `show_label`) and tests;
    `right_to_left`: the direction of the language the label is in (words that start
    with a name read from the right in Arabic), None for an alias alone (its letters'
    own)."""

    rect: pygame.Rect
    face: IconDrawer
    on_press: Callable[[], None]
    label: str = ""
    show_label: bool = False
    tone: str = "surface"  # the palette colour it is filled with (follows live changes)
    right_to_left: bool | None = None
    _contact: int | None = field(default=None, repr=False)
    _pictures: dict[object, pygame.Surface] = field(default_factory=dict, repr=False)

    def handle(self, pointer: PointerEvent, metrics: ScreenMetrics) -> bool:
        """Track a contact that starts on the button; press when it lifts on it. The hand
        keys of a kiosk button box are not fingers and never press buttons."""
        if pointer.source == "key":
            return False
        point = metrics.to_px(pointer.x_mm, pointer.y_mm)
        if pointer.phase == "down" and self.rect.collidepoint(point):
            self._contact = pointer.pointer_id
            return True
        if pointer.pointer_id != self._contact:
            return False
        if pointer.phase == "cancel":
            self._contact = None
            return True
        if pointer.phase == "up":
            self._contact = None
            if self.rect.inflate(
                2 * metrics.px(PRESS_SLOP_MM), 2 * metrics.px(PRESS_SLOP_MM)
            ).collidepoint(point):
                self.on_press()
            return True
        return True

    @property
    def pressed(self) -> bool:
        return self._contact is not None

    def set_face(self, face: IconDrawer) -> None:
        """Show a different picture from the next frame (a press in progress carries on)."""
        self.face = face
        self._pictures.clear()

    def draw(self, surface: pygame.Surface, palette: Palette, metrics: ScreenMetrics) -> None:
        """Blit the button's picture, painted once per look (size, colours, pressed, words).
        The button keeps its last few looks (BUTTON_LOOKS_KEPT: pressed and lifted, two
        palettes), so a menu painted again when it comes back never waits for its tiles'
        pictures; a look it has not kept comes from the looks every button shares in the
        drawing budget (button_look: each new attempt's calm button is not painted
        afresh), and a face that cannot be a key is painted (supersampled, a ms or more)."""
        look = self._look(palette, metrics, self.pressed)
        picture = self._pictures.pop(look, None)
        if picture is None:
            try:
                picture = button_look(self.face, *look)
            except TypeError:
                picture = self._paint(palette, metrics)
            while len(self._pictures) >= BUTTON_LOOKS_KEPT:
                del self._pictures[next(iter(self._pictures))]  # the least recently drawn
        self._pictures[look] = picture  # (last in the dict: the most recently drawn)
        surface.blit(picture, self.rect.topleft)

    def _look(self, palette: Palette, metrics: ScreenMetrics, pressed: bool) -> tuple[object, ...]:
        """What its picture depends on (the key of its kept and shared looks)."""
        size, label = self.rect.size, self.label
        return (
            size,
            palette,
            pressed,
            metrics,
            label,
            self.show_label,
            self.tone,
            self.right_to_left,
        )

    def prepare(self, palette: Palette, metrics: ScreenMetrics) -> None:
        """Paint its looks in `palette`, lifted and pressed, into the looks every button
        shares (button_look), before a frame draws them (a face that cannot be a key is
        painted when drawn)."""
        for pressed in (False, True):
            try:
                button_look(self.face, *self._look(palette, metrics, pressed))
            except TypeError:
                return

    def _paint(self, palette: Palette, metrics: ScreenMetrics) -> pygame.Surface:
        """The tile and a face drawn with shapes drawn larger and scaled down smoothly
        (art.supersample: anti-aliased edges); a picture face (art.PictureFace: an SVG,
        anti-aliased already) and the label's words drawn sharp at the final size."""
        area = pygame.Rect((0, 0), self.rect.size)
        face_rect = area.move(0, max(2, area.h // 40)) if self.pressed else area
        lines: tuple[str, ...] = ()
        if self.show_label and self.label:
            size, lines = self.label_lines(metrics)
            lines = lines[:2]  # (still too long: two lines, cut)
            line_h = font(size).get_linesize()
            block_top = face_rect.bottom - round(face_rect.h * 0.05) - len(lines) * line_h
            top = face_rect.copy()  # (the picture above the words: smaller for two lines)
            top.h = min(round(face_rect.h * 0.78), block_top - face_rect.top)
            face_rect = top
        big, k = smooth_surface(area.size, palette.surface_edge)
        fill = getattr(palette, self.tone)
        rounded_tile(big, big.get_rect(), fill, palette.surface_edge, self.pressed)
        big_face = pygame.Rect(face_rect.x * k, face_rect.y * k, face_rect.w * k, face_rect.h * k)
        if not isinstance(self.face, PictureFace):
            self.face(big, big_face, palette)
        picture = pygame.transform.smoothscale(big, area.size)
        if isinstance(self.face, PictureFace) and not self.face.picture(
            picture, face_rect, palette
        ):  # the file cannot be drawn: its shapes, supersampled like any drawn face
            self.face.fallback(big, big_face, palette)
            picture = pygame.transform.smoothscale(big, area.size)
        for index, line in enumerate(lines):
            centre_y = block_top + index * line_h + line_h // 2
            centre = (area.centerx, centre_y)
            blit_centred(picture, line, size, palette.ink, centre, self.right_to_left)
        return picture

    def label_lines(self, metrics: ScreenMetrics) -> tuple[int, tuple[str, ...]]:
        """The font size (px) and lines of a shown label: as large as fits one line (from
        3.2 mm capitals down to 3 mm), else wrapped at that smallest size at spaces and
        hyphens, or inside a word when that takes three lines; more than two lines means
        the label is cut."""
        width = round(self.rect.w * 0.92)  # (inside the tile's rounded corners)
        size = fitted_size(self.label, metrics.font_px(3.2), width, metrics.font_px(3.0))
        lines = wrapped(self.label, size, width)
        return size, lines if len(lines) <= 2 else broken(self.label, size, width)

    def layout_boxes(self, role: Role, metrics: ScreenMetrics) -> list[LayoutBox]:
        """The button as a `role` target, and its shown label as a text (for the layout
        check: ui/layout_rules.py)."""
        boxes = [LayoutBox(f"button {self.label!r}", self.rect, role)]
        if self.show_label and self.label:
            size, lines = self.label_lines(metrics)
            name = f"label {self.label!r}"
            boxes.append(LayoutBox(name, self.rect, "text", fits=len(lines) <= 2, size_px=size))
        return boxes


def grid_rects(
    area: pygame.Rect,
    count: int,
    metrics: ScreenMetrics,
    max_tile_mm: float = 55.0,
    gap_mm: float = 6.0,
    one_line: bool = False,
) -> list[pygame.Rect]:
    """Square tiles for `count` items, as large as fit `area` (at most `max_tile_mm`),
    never smaller than :data:`MIN_TOUCH_MM`; returns as many as fit one page.
    `one_line` keeps them in one row (a wide area) or one column (a tall one), for a
    scale that is read in order.
    """
    if count <= 0:
        return []
    gap = metrics.px(gap_mm)
    smallest, largest = metrics.px(MIN_TOUCH_MM), metrics.px(max_tile_mm)
    best_size, best_cols = 0.0, 1
    choices = [count if area.w >= area.h else 1] if one_line else range(1, count + 1)
    for cols in choices:
        rows = math.ceil(count / cols)
        size = min((area.w - gap * (cols - 1)) / cols, (area.h - gap * (rows - 1)) / rows)
        if size > best_size:
            best_size, best_cols = size, cols
    size = int(min(best_size, largest))
    if size < smallest and one_line:  # no room for one line: a grid then
        return grid_rects(area, count, metrics, max_tile_mm, gap_mm)
    if size < smallest:  # too many for one page: keep tiles touchable, show fewer
        size = smallest
        best_cols = max(1, (area.w + gap) // (size + gap))
        count = min(count, best_cols * max(1, (area.h + gap) // (size + gap)))
    cols = min(best_cols, count)
    rows = math.ceil(count / cols)
    total_w, total_h = cols * size + (cols - 1) * gap, rows * size + (rows - 1) * gap
    left, top = area.centerx - total_w // 2, area.centery - total_h // 2
    return [
        pygame.Rect(left + (i % cols) * (size + gap), top + (i // cols) * (size + gap), size, size)
        for i in range(count)
    ]


def calm_button_rect(metrics: ScreenMetrics) -> pygame.Rect:
    """Bottom-left corner, the same place on every child screen."""
    return metrics.rect_mm(
        EDGE_MARGIN_MM,
        metrics.height_mm - EDGE_MARGIN_MM - CALM_BUTTON_MM,
        CALM_BUTTON_MM,
        CALM_BUTTON_MM,
    )


def calm_button_reserved_mm(metrics: ScreenMetrics) -> tuple[float, float, float, float]:
    """The corner (mm) that activities keep their targets out of."""
    size = CALM_BUTTON_MM + 2 * EDGE_MARGIN_MM
    return (0.0, metrics.height_mm - size, size, size)


def adult_corner_mm(metrics: ScreenMetrics) -> tuple[float, float, float, float]:
    """The top-right square (mm) an adult holds for the adult menu: nothing of a child's
    lies under it."""
    return (metrics.width_mm - ADULT_CORNER_MM, 0.0, ADULT_CORNER_MM, ADULT_CORNER_MM)


def make_calm_button(
    metrics: ScreenMetrics, palette: Palette, on_press: Callable[[], None]
) -> Button:
    return Button(
        calm_button_rect(metrics), draw_calm_icon, on_press, label="calm down", tone="calm"
    )


class CornerHold:
    """An adult's way in: hold a finger on the top-right corner for `hold_s` seconds.

    A child's quick tap or a brush does nothing; the contact must stay in the corner.
    """

    def __init__(self, hold_s: float = 3.0, corner_mm: float = ADULT_CORNER_MM) -> None:
        self.hold_s = hold_s
        self.corner_mm = corner_mm
        self._contact: int | None = None
        self._since = 0.0

    def _in_corner(self, pointer: PointerEvent, metrics: ScreenMetrics) -> bool:
        return pointer.x_mm >= metrics.width_mm - self.corner_mm and pointer.y_mm <= self.corner_mm

    def handle(self, pointer: PointerEvent, metrics: ScreenMetrics) -> bool:
        """Track the hold; True when the event belongs to it (not passed on)."""
        if pointer.source == "key":
            return False
        if pointer.phase == "down" and self._in_corner(pointer, metrics):
            self._contact, self._since = pointer.pointer_id, pointer.t
            return True
        if pointer.pointer_id == self._contact:
            if pointer.phase in ("up", "cancel") or not self._in_corner(pointer, metrics):
                self._contact = None
            return True
        return False

    def progress(self, now: float) -> float:
        """0..1 of the hold so far (0 when nobody is holding)."""
        if self._contact is None:
            return 0.0
        return min(1.0, (now - self._since) / self.hold_s)

    def triggered(self, now: float) -> bool:
        """True once when the hold completes."""
        if self._contact is not None and now - self._since >= self.hold_s:
            self._contact = None
            return True
        return False


@kept_by_bytes()
def button_look(
    face: IconDrawer,
    size: tuple[int, int],
    palette: Palette,
    pressed: bool,
    metrics: ScreenMetrics,
    label: str,
    show_label: bool,
    tone: str,
    right_to_left: bool | None,
) -> pygame.Surface:
    """A button's picture (Button._paint) by everything it shows, in the drawing budget."""
    button = Button(pygame.Rect((0, 0), size), face, lambda: None, label, show_label, tone)
    button.right_to_left = right_to_left
    if pressed:
        button._contact = -1  # (any contact: the pressed look)
    return button._paint(palette, metrics)


def draw_progress_dots(
    surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, done: int, total: int
) -> pygame.Rect:
    """A row of dots at the top of an activity: one filled per part done (no numbers).
    Returns where it was drawn (px)."""
    row = _progress_row(metrics, palette, done, total)
    return surface.blit(
        row, ((metrics.width_px - row.get_width()) // 2, metrics.px(6.0) - row.get_height() // 2)
    )


@kept_by_bytes(most=4)  # (the row now and a few before: each step of progress draws one)
def _progress_row(
    metrics: ScreenMetrics, palette: Palette, done: int, total: int
) -> pygame.Surface:
    dot_mm = min(5.0, metrics.width_mm * 0.6 / max(total, 1) / 1.5)
    dot, gap = metrics.px(dot_mm), metrics.px(dot_mm * 0.5)
    row = pygame.Surface((max(1, total * dot + (total - 1) * gap), dot + 2), pygame.SRCALPHA)
    for index in range(total):
        centre = (index * (dot + gap) + dot // 2, dot // 2 + 1)
        if index < done:
            pygame.draw.circle(row, palette.success, centre, dot // 2)
        else:
            pygame.draw.circle(row, palette.surface_edge, centre, dot // 2, max(1, dot // 6))
    return row
