"""Wrapping the command line's text to a terminal's columns, Chinese included.

A terminal draws a Chinese, Japanese or Korean character (East Asian width W or F) two
columns wide, and such text has no spaces between words: ``textwrap`` counts it one
column a character and breaks only at spaces, so a Chinese description came out as one
long line. :func:`wrap` breaks between wide characters too (never before a closing
punctuation mark such as ，or 。) and counts them as two. Text without a wide character is
wrapped by ``textwrap`` as before, so English, Spanish and Arabic help are unchanged.
"""

from __future__ import annotations

import textwrap
import unicodedata

#: Marks a line may not start with (they close what stands before them).
NO_BREAK_BEFORE = frozenset("，。、：；！？）」』】〉》…,.;:!?)]}")


def is_wide(char: str) -> bool:
    """True for a character a terminal draws two columns wide."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def columns(text: str) -> int:
    """How many terminal columns `text` takes (a wide character counts as two)."""
    return sum(2 if is_wide(char) else 1 for char in text)


def wrap(text: str, width: int) -> list[str]:
    """`text`'s lines at most `width` columns wide (a word or option longer than that
    keeps a line of its own), its runs of whitespace made single spaces. A closing mark
    that would begin a line takes the word or character before it along instead."""
    text = " ".join(text.split())
    if not any(is_wide(char) for char in text):
        return textwrap.wrap(text, width)
    lines: list[list[str]] = [[]]
    for token in _tokens(text):
        line = lines[-1]
        if columns("".join([*line, token]).strip()) <= width or not line:
            line.append(token)
        elif token == " ":
            lines.append([])
        elif token[0] in NO_BREAK_BEFORE and len(line) > 1 and line[-1] != " ":
            lines.append([line.pop(), token])
        else:
            lines.append([token])
    return [said for said in ("".join(line).strip() for line in lines) if said]


def _tokens(text: str) -> list[str]:
    """Single spaces, narrow words, and wide characters one by one (a line may break at a
    space or next to a wide character, never inside a narrow word such as an option)."""
    tokens: list[str] = []
    for char in text:
        if (
            char == " "
            or is_wide(char)
            or not tokens
            or tokens[-1] == " "
            or is_wide(tokens[-1][-1])
        ):
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens
