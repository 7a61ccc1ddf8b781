"""The console's font: every widget's text in the Noto face of its script.

pygame_gui draws a widget's text in one font file, Noto Sans, which has no glyph for
山田花子, محمد or דניאל: a child's alias in those scripts, or a page in Chinese or
Arabic, would show boxes. So the console's fonts are replaced, in the UI manager's font
dictionary, by a :class:`ScriptFont`: it measures and draws a line in the pieces
ui/fonts.drawn_pieces cuts it into, as the child's screens do, each in its face (Noto
Sans, Simplified Chinese, Arabic and Hebrew shaped right to left, Devanagari,
Georgian...), side by side on one baseline, placed from the right when the line reads
right to left. The theme needs no font per element,
and a drop-down's rows, a button, a label and a text box all read "Noor", "محمد" and
"山田花子" alike. The sizes are the console's; the regular and bold styles are both
replaced (a text box's <b>).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pygame
from pygame_gui import UIManager
from pygame_gui.core.interfaces.gui_font_interface import IGUIFontInterface
from pygame_gui.core.ui_font_dictionary import UIFontDictionary

from sensory_games.domain.bidi import reading_direction
from sensory_games.ui.fonts import drawn_pieces, face_font, font_for
from sensory_games.ui.text import printable

#: pygame_gui's id of a Noto Sans font it loaded: its style and its size (px).
_NOTO_SANS_ID = re.compile(r"^noto_sans_(regular|bold)_aa_(\d+)$")


@lru_cache(maxsize=2048)
def _line(
    text: str, size_px: int, bold: bool, right_to_left: bool | None = None
) -> tuple[tuple[str, pygame.font.Font, int], ...]:
    """`text` as drawn: its parts, each of one direction and one face, with that face
    and its x (px), left to right (a line that reads right to left from the right; see
    ScriptFont for `right_to_left`)."""
    pieces = drawn_pieces(printable(text), right_to_left)
    parts = [(part, face_font(index, size_px, bold)) for part, index in pieces]
    placed, x = [], 0
    for part, face in parts:
        placed.append((part, face, x))
        x += face.size(part)[0]
    return tuple(placed)


@lru_cache(maxsize=2048)
def _extent(
    text: str, size_px: int, bold: bool, right_to_left: bool | None = None
) -> tuple[int, int, int]:
    """The width, the height and the baseline (px from the top) of `text` as drawn: a
    Noto Sans line, taller only where a run's ink reaches past it. (The Arabic font's
    line is twice Noto Sans's, room for marks stacked high that a name seldom has: by its
    line, an Arabic word would not fit a row that holds every other script.)"""
    if not text:
        return 0, 0, 0
    latin = font_for("A", size_px, bold)
    ascent, descent, width = latin.get_ascent(), latin.get_height() - latin.get_ascent(), 0
    for part, face, x in _line(text, size_px, bold, right_to_left):
        drawn = face.render(part, True, (255, 255, 255))
        ink = drawn.get_bounding_rect()
        if ink.h:
            ascent = max(ascent, face.get_ascent() - ink.top)
            descent = max(descent, ink.bottom - face.get_ascent())
        width = x + drawn.get_width()
    return width, ascent + descent, ascent


class ScriptFont(IGUIFontInterface):
    """A font for pygame_gui that draws each run of a text in the face of its script
    (see module); `size_px`: its size, `bold`: the bold faces, `right_to_left`: whether
    every line reads right to left (the console's language does: an Arabic line that
    starts with a number or a Latin name still starts at the right), None: each line as
    its first strong letter says."""

    #: (pygame_gui asks; the console underlines nothing)
    underline: bool = False
    underline_adjustment: float = 0.0

    def __init__(self, size_px: int, bold: bool = False, right_to_left: bool | None = None) -> None:
        self.size_px, self.bold, self.right_to_left = size_px, bold, right_to_left
        self.antialiased = True

    def direction(self, text: str) -> bool | None:
        """How `text` is laid out: as the console's language reads, except a line with no
        letter of its direction at all (domain/bidi.reading_direction): an English record
        on the Audit page reads left to right in an Arabic console."""
        return reading_direction(text, self.right_to_left)

    def size(self, text: str) -> tuple[int, int]:
        width, height, _baseline = _extent(text, self.size_px, self.bold, self.direction(text))
        return width, height

    def get_rect(self, text: str) -> pygame.Rect:
        """The text's size, its top at its baseline (as pygame_gui's own fonts say)."""
        width, height, baseline = _extent(text, self.size_px, self.bold, self.direction(text))
        return pygame.Rect(0, baseline, width, height)

    def get_metrics(self, text: str) -> list[tuple[int, int, int, int, int] | None]:
        """Each character's metrics in the face that draws it (a text cursor's steps)."""
        return [font_for(c, self.size_px, self.bold).metrics(c)[0] for c in text]

    def render_premul(self, text: str, text_color: pygame.Color) -> pygame.Surface:
        width, height, baseline = _extent(text, self.size_px, self.bold, self.direction(text))
        return self.render_premul_to(text, text_color, (width, height), (0, baseline))

    def render_premul_to(
        self,
        text: str,
        text_colour: pygame.Color,
        surf_size: tuple[int, int],
        surf_position: tuple[int, int],
    ) -> pygame.Surface:
        """The text drawn on a clear surface of `surf_size`, its baseline's left end at
        `surf_position`, in premultiplied alpha (what pygame_gui blends)."""
        surface = pygame.Surface(surf_size, pygame.SRCALPHA, 32)
        direction = self.direction(text)
        _width, _height, baseline = _extent(text, self.size_px, self.bold, direction)
        left, top = surf_position[0], surf_position[1] - baseline
        for part, face, x in _line(text, self.size_px, self.bold, direction):
            drawn = face.render(part, self.antialiased, text_colour).convert_alpha()
            if drawn.get_width() and drawn.get_height():
                at = (left + x, top + baseline - face.get_ascent())
                surface.blit(drawn.premul_alpha(), at, special_flags=pygame.BLEND_PREMULTIPLIED)
        return surface

    def get_point_size(self) -> int:
        return self.size_px

    def get_padding_height(self) -> int:
        """What pygame_gui centres a line by: Noto Sans's descent and one pixel."""
        return -font_for("A", self.size_px, self.bold).get_descent() + 1

    def get_direction(self) -> int:
        """Left to right: pygame_gui lays a line's pieces out left to right, and this font
        orders the runs inside each piece itself."""
        return pygame.DIRECTION_LTR


def use_script_fonts(manager: UIManager, right_to_left: bool = False) -> None:
    """Replace every Noto Sans font `manager` has loaded (call it after preloading the
    console's sizes, before building widgets) by a :class:`ScriptFont` of its size and
    style: the theme's elements share these fonts, so all of them draw every script;
    `right_to_left`: whether the console's language is read right to left (its lines
    start at the right); a left-to-right console's lines all start at the left, an Arabic
    alias at the start of one ("محمد: no plan") too."""
    dictionary = manager.get_theme().get_font_dictionary()
    if not isinstance(dictionary, UIFontDictionary):  # (pygame_gui 0.6's: its loaded fonts)
        raise TypeError(f"pygame_gui's font dictionary is a {type(dictionary).__name__}")
    for font_id, resource in dictionary.loaded_fonts.items():
        matched = _NOTO_SANS_ID.match(font_id)
        if matched is not None:
            style, size = matched.groups()
            resource.loaded_font = ScriptFont(
                int(size), bold=style == "bold", right_to_left=right_to_left
            )
