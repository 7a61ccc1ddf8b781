"""A long alias shrinks to fit its tile before anything is cut, then takes two lines:
the whole alias stays readable for the adult (ui/text.fitted_size, ui/widgets.Button)."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.ui.text import broken, cut_line, fitted_size, font, measure, wrapped

LONG = "Ana-Luísa Ferreira-Gonçalves"


@pytest.fixture(autouse=True)
def fonts() -> None:
    pygame.font.init()


def test_a_short_alias_keeps_its_size() -> None:
    assert fitted_size("Mia", 24, 300, 14) == 24


def test_a_long_alias_shrinks_to_the_largest_size_that_fits() -> None:
    width = font(24).size(LONG)[0] - 40  # (too wide at 24 px)
    size = fitted_size(LONG, 24, width, 10)
    assert size < 24
    assert font(size).size(LONG)[0] <= width < font(size + 1).size(LONG)[0]


def test_too_long_even_at_the_smallest_size_it_wraps_whole_into_two_lines() -> None:
    width = font(14).size(LONG)[0] // 2 + 30
    size = fitted_size(LONG, 24, width, 14)
    assert size == 14
    lines = wrapped(LONG, size, width)
    joined = "".join(line if line.endswith("-") else f"{line} " for line in lines).strip()
    assert len(lines) == 2 and joined == LONG
    assert all(font(size).size(line)[0] <= width for line in lines)


def test_a_long_double_name_breaks_after_its_hyphen_not_inside_a_name() -> None:
    size = 20
    width = font(size).size("Charlotte-")[0] + 2
    assert wrapped("Charlotte-Elisabeth", size, width) == ("Charlotte-", "Elisabeth")
    wide = font(size).size("Anna-Sophia")[0] + 2
    assert wrapped("Anna-Sophia Marie", size, wide) == ("Anna-Sophia", "Marie")
    assert wrapped("Anna-Sophia Marie", size, 10_000) == ("Anna-Sophia Marie",)


def test_chinese_breaks_after_its_punctuation_before_inside_a_word() -> None:
    """Chinese has no spaces: a line breaks after "：" or "，" where one fits, and only
    where none does between any two characters."""
    size = 20
    width = measure("绿色：准备好", size)[0] + 2  # (not "绿色：准备好了")
    assert wrapped("绿色：准备好了", size, width) == ("绿色：", "准备好了")
    assert wrapped("你好，小朋友们", size, width) == ("你好，", "小朋友们")
    narrow = measure("准备", size)[0] + 2
    assert wrapped("准备好了", size, narrow) == ("准备", "好了")


def test_when_whole_words_take_three_lines_a_word_is_broken_to_keep_two() -> None:
    from sensory_games.ui.text import broken, font

    size = 20
    width = font(size).size("Anna-Soph")[0] + 2
    assert len(wrapped("Anna-Sophia Marie", size, width)) == 3
    lines = broken("Anna-Sophia Marie", size, width)
    assert len(lines) == 2 and "".join(lines).replace(" ", "") == "Anna-SophiaMarie"
    assert all(font(size).size(line)[0] <= width for line in lines)


def test_a_cut_line_ends_in_an_ellipsis_inside_its_width_whatever_it_is_given() -> None:
    text = "The export failed: the disk is full: free some space"
    width = measure("The export failed:", 20)[0]
    cut = cut_line(text, 20, width)
    assert cut.endswith(" …") and measure(cut, 20)[0] <= width
    assert cut_line("Short", 20, 400) == "Short"  # (whole: nothing is hidden)
    assert cut_line("Short", 20, 400, more_follows=True) == "Short …"
    assert cut_line("", 20, 400, more_follows=True) == ""
    narrow = measure(" …", 20)[0] + 2  # (not even a letter beside the "…")
    assert cut_line(text, 20, narrow) == "…"


def test_breaking_inside_words_stays_kept_for_the_names_drawn_every_frame() -> None:
    assert broken.cache_info() is not None  # (functools.lru_cache)
