"""Name writing: the child's first name as glyph names, or None when it cannot be written."""

from __future__ import annotations

from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.glyphs import glyph_library
from sensory_games.domain.name_writing import first_name, name_glyphs

GLYPHS = glyph_library(DEFAULT_CONFIG_DIR).glyphs


def test_first_name_is_the_first_word_up_to_a_hyphen() -> None:
    assert first_name("Anna-Sophia Marie") == "Anna"
    assert first_name("  Oliver-Alexander ") == "Oliver"
    assert first_name("Maximilian-Benedikt") == "Maximilian"
    assert first_name("") == ""


def test_a_name_is_written_capital_first_then_lower_case() -> None:
    assert name_glyphs("mia", GLYPHS) == ["M", "i", "a"]
    assert name_glyphs("OLIVER-Alexander", GLYPHS) == ["O", "l", "i", "v", "e", "r"]


def test_accents_are_left_off_the_letters() -> None:
    """Four of the sample clinic's 40 children (Chloé, Björn, two Nguyễn) once got a cross,
    a square and a triangle instead of their name."""
    assert name_glyphs("Zoë", GLYPHS) == ["Z", "o", "e"]
    assert name_glyphs("Chloé", GLYPHS) == ["C", "h", "l", "o", "e"]
    assert name_glyphs("Björn", GLYPHS) == ["B", "j", "o", "r", "n"]
    assert name_glyphs("Nguyễn Van", GLYPHS) == ["N", "g", "u", "y", "e", "n"]
    assert name_glyphs("Émile", GLYPHS) == ["E", "m", "i", "l", "e"]


def test_names_with_letters_without_glyphs_are_not_offered() -> None:
    assert name_glyphs("Ståle", GLYPHS) == ["S", "t", "a", "l", "e"]
    assert name_glyphs("Jürgenß", GLYPHS) is None  # (ß has no glyph)
    assert name_glyphs("محمد", GLYPHS) is None
    assert name_glyphs("李明", GLYPHS) is None
    assert name_glyphs("Tom2", GLYPHS) is None
    assert name_glyphs("", GLYPHS) is None
