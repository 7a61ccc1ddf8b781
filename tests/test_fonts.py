"""Aliases in the scripts a clinic meets are drawn with real glyphs, not boxes: Noto Sans,
else the Noto font of the text's script that pygame_gui installs (ui/fonts.py)."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.ui.fonts import FACES, direction_runs, face_of, missing
from sensory_games.ui.text import text_surface

DRAWN = {
    "Zoë O'Neil": "NotoSans-Regular.ttf",
    "Nguyễn Thị Minh Khai": "NotoSans-Regular.ttf",
    "Ελένη": "NotoSans-Regular.ttf",
    "Дмитрий": "NotoSans-Regular.ttf",
    "山田花子": "NotoSansSC-Regular.otf",
    "さくら": "NotoSansSC-Regular.otf",
    "김민준": "NotoSansKR-Regular.ttf",
    "محمد": "NotoSansArabic-Regular.ttf",
    "דניאל": "NotoSansHebrew-Regular.ttf",
    "ნინო": "NotoSansGeorgian-Regular.ttf",
    "अर्जुन": "NotoSans-Regular.ttf",
}


@pytest.mark.parametrize("alias", DRAWN)
def test_an_alias_in_each_script_is_drawn_whole(alias: str) -> None:
    assert missing(alias) == ""
    assert FACES[face_of(alias)].file == DRAWN[alias]


def test_arabic_and_devanagari_are_shaped_not_drawn_letter_by_letter() -> None:
    """Joined: the same letters kept apart (a zero-width non-joiner between each) draw
    differently, which they would not if nothing shaped them."""
    for word in ("محمد", "अर्जुन"):
        apart = "\u200c".join(word)
        joined = text_surface(word, 40, (0, 0, 0))
        unjoined = text_surface(apart, 40, (0, 0, 0))
        assert pygame.image.tobytes(joined, "RGBA") != pygame.image.tobytes(unjoined, "RGBA")
    assert FACES[face_of("अर्जुन")].script == "Deva"


def test_a_script_no_installed_font_has_is_reported_as_missing() -> None:
    """Thai (สมชาย) and emoji: no font for them comes with the dependencies yet."""
    assert missing("สมชาย") == "สมชาย"
    assert missing("🐻 bear") == "🐻"
    assert missing("Sam") == ""


def test_numbers_and_latin_in_a_right_to_left_alias_keep_their_order() -> None:
    """ "דניאל B12" (two Daniels told apart): the Hebrew runs right to left, "B12" stays
    "B12", placed left of it; "Ana محمد" reads left to right with the Arabic joined."""
    assert direction_runs("דניאל B12") == (["דניאל ", "B12"], True)
    assert direction_runs("Ana محمد") == (["Ana ", "محمد"], False)
    assert direction_runs("Ana محمد 12") == (["Ana ", " محمد", "12"], False)
    assert direction_runs("Sam") == (["Sam"], False)
    line = text_surface("דניאל B12", 40, (0, 0, 0))
    latin = text_surface("B12", 40, (0, 0, 0))
    left = line.subsurface((0, 0, latin.get_width(), line.get_height()))
    assert pygame.mask.from_surface(left).count() > 0  # (B12 is at the left)
    assert missing("Ana") == "" and missing("محمد") == ""
    assert line.get_width() == text_surface("דניאל ", 40, (0, 0, 0)).get_width() + latin.get_width()
