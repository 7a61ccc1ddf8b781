"""Aliases in the scripts a clinic meets are drawn with real glyphs, not boxes: Noto Sans,
else the Noto font of the text's script that pygame_gui installs (ui/fonts.py)."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.domain.bidi import visual_runs
from sensory_games.ui.fonts import FACES, face_of, missing
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
    "B12", placed left of it; "Ana محمد" reads left to right with the Arabic joined (and a
    number after Arabic letters goes with them, as Unicode says)."""
    assert visual_runs("דניאל B12") == [("B12", False), ("דניאל ", True)]
    assert visual_runs("Ana محمد") == [("Ana ", False), ("محمد", True)]
    assert visual_runs("Ana محمد 12") == [("Ana ", False), ("12", False), ("محمد ", True)]
    assert visual_runs("Sam") == [("Sam", False)]
    line = text_surface("דניאל B12", 40, (0, 0, 0))
    latin = text_surface("B12", 40, (0, 0, 0))
    left = line.subsurface((0, 0, latin.get_width(), line.get_height()))
    assert pygame.mask.from_surface(left).count() > 0  # (B12 is at the left)
    assert missing("Ana") == "" and missing("محمد") == ""
    assert line.get_width() == text_surface("דניאל ", 40, (0, 0, 0)).get_width() + latin.get_width()


#: Lines that need more than one face or direction: brackets the Arabic face lacks, a
#: sentence ending after a bracket, Latin and digits inside Hebrew, Chinese with Latin.
ARABIC = ("محمد (2)", "رمز PIN خاطئ (المتبقي قبل القفل: 4)", "المدة 5 م.ث). حاول مرة أخرى.")
MIXED = (*ARABIC, "(لا يوجد أطفال بعد)", "דניאל B12", "Ana محمد 12", "PIN 错误（还剩 4 次）")


@pytest.mark.parametrize("line", MIXED)
def test_the_childs_screens_and_the_console_draw_a_line_in_the_same_pieces(line: str) -> None:
    """One place (ui/fonts.drawn_pieces) decides which face draws which character and in
    which order: ui/text (the child's screens) and the console's ScriptFont draw the same
    pieces in the same faces, as wide, and every piece has its glyphs in its face."""
    from sensory_games.engine.console import fonts as console_fonts
    from sensory_games.ui import text
    from sensory_games.ui.fonts import drawn_pieces, face_font, has_glyphs

    pieces = drawn_pieces(line)
    shown = "".join(p for p, _f in pieces).translate(ONE_BRACKET)
    assert sorted(shown) == sorted(line.translate(ONE_BRACKET))  # (every character, once)
    assert all(has_glyphs(FACES[face].file, piece) for piece, face in pieces), pieces
    drawn = console_fonts._line(line, 30, False)
    assert [(part, font) for part, font, _x in drawn] == [
        (piece, face_font(face, 30, False)) for piece, face in pieces
    ]
    widths = []
    for right_to_left in (False, True):  # (as the console and the screens draw it)
        width = console_fonts.ScriptFont(30, right_to_left=right_to_left).size(line)[0]
        assert text.text_surface(line, 30, (0, 0, 0), right_to_left).get_width() == width
        widths.append(width)
    assert text.measure(line, 30)[0] == max(widths)  # (a box fitted by it holds either)


#: A bracket and its mirror counted as one (a right-to-left line shows its mirror).
ONE_BRACKET = str.maketrans("(（", ")）")


def test_punctuation_in_a_right_to_left_run_reads_from_the_right() -> None:
    """ "م.ث)." ends an Arabic sentence: the closing bracket (drawn in Noto Sans, which
    does not mirror it) shows as "(", and the full stop after it is further left."""
    from sensory_games.ui.fonts import drawn_pieces

    pieces = [piece for piece, _face in drawn_pieces("المدة 5 م.ث). حاول مرة أخرى.")]
    before = pieces.index("م.ث")
    assert pieces[before - 1].strip() == ".(", pieces  # (left of "م.ث": "." then "(")
    assert pieces[-1] == "المدة " and "5" in "".join(pieces[before + 1 : -1])


def test_only_ui_fonts_orders_a_lines_pieces() -> None:
    """ui/text and the console's fonts hold no direction or bracket rules of their own."""
    from pathlib import Path

    import sensory_games

    root = Path(sensory_games.__file__).parent
    for module in ("ui/text.py", "engine/console/fonts.py"):
        source = (root / module).read_text(encoding="utf-8")
        for rule in ("direction_runs", "face_runs", "maketrans", "bidirectional"):
            assert rule not in source, (module, rule)


def test_a_line_is_measured_as_wide_as_it_is_drawn_in_either_direction() -> None:
    """Read from the right, "Oliver-Alexander: الخطة long-morning" is cut into other
    pieces, two pixels wider at 14 px: a box fitted by measure holds it either way."""
    from sensory_games.ui import text

    line = "Oliver-Alexander: الخطة long-morning"
    widths = [text.text_surface(line, 14, (0, 0, 0), rtl).get_width() for rtl in (False, True)]
    assert widths[0] != widths[1]  # (the case this is about)
    assert text.measure(line, 14)[0] == max(widths)
