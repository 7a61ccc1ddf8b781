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


def test_names_with_letters_without_glyphs_are_not_offered() -> None:
    assert name_glyphs("Zoë", GLYPHS) is None
    assert name_glyphs("محمد", GLYPHS) is None
    assert name_glyphs("李明", GLYPHS) is None
    assert name_glyphs("Tom2", GLYPHS) is None
    assert name_glyphs("", GLYPHS) is None
