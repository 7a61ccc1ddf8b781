"""Name writing: a tracing level with `shapes: name` has the child trace (or copy) their
own first name, letter by letter, as school programmes teach it: the first letter a
capital, the others lower case.

The first name is the alias's first word, up to a hyphen ("Anna-Sophia Marie" -> Anna):
the alias is what the clinic calls the child, and a short name is what a young child
writes first. Accents and other marks over or under a letter are left off (Zoë writes
Z o e, Chloé C h l o e, Nguyễn N g u y e n: the letters' movements are the task; the
marks are added by hand afterwards). A name is offered only when every one of its
letters then has a glyph (A-Z and a-z in the shipped glyphs/); a name with other letters
(ß, Arabic, Chinese) or digits is not, and the level plays NAME_FALLBACK instead, saying
so to the adult (the attempt's variant). Nothing here stores or exports the name: the
letters are shown on screen only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container
from dataclasses import dataclass

from sensory_games.domain.glyphs import Glyph, GlyphLibrary

#: The `shapes` word that stands for the child's own first name.
NAME = "name"
#: What a name level plays when the name cannot be written with the glyphs there are:
#: the pre-writing forms that come just before letters (Beery order: + before square).
NAME_FALLBACK = "cross square triangle"


def first_name(alias: str) -> str:
    """The alias's first word, up to a hyphen; "" for an empty alias."""
    words = alias.split()
    return words[0].split("-")[0] if words else ""


def name_glyphs(alias: str, glyph_names: Container[str]) -> list[str] | None:
    """The glyph names that write the first name of `alias`: its first letter as a
    capital, the rest lower case; None when it is empty, or has a character that is not a
    letter (a digit has a glyph, but is no part of a name) or a letter with no glyph."""
    decomposed = unicodedata.normalize("NFD", first_name(alias))
    name = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not name:
        return None
    letters = [name[0].upper(), *name[1:].lower()]
    if not all(letter.isalpha() and letter in glyph_names for letter in letters):
        return None
    return letters


@dataclass(frozen=True)
class LevelShapes:
    """What a tracing level's `shapes` comes to for one child: its glyphs in order, each
    with the name it is stored under (a letter of the child's name only by its place,
    "name 2", so a stored attempt never spells the name), and whether NAME_FALLBACK
    stood in for a name that cannot be written."""

    glyphs: list[Glyph]
    stored_names: list[str]
    fell_back: bool


def level_glyphs(shapes: str, library: GlyphLibrary, alias: str) -> LevelShapes:
    """The glyphs a tracing level's `shapes` names, the word NAME standing for the first
    name of `alias` (see :func:`name_glyphs`). A name not known raises KeyError
    (GlyphLibrary.names)."""
    names, stored, fell_back = level_glyph_names(shapes, library, alias)
    return LevelShapes([library.get(name) for name in names], stored, fell_back)


def level_glyph_names(
    shapes: str, library: GlyphLibrary, alias: str
) -> tuple[list[str], list[str], bool]:
    """What `level_glyphs` gives, by name (no glyph's points worked out: a level is checked
    with it at start): the glyphs' names, the names they are stored under, whether
    NAME_FALLBACK stood in for the child's name. A name not known raises KeyError."""
    names: list[str] = []
    stored: list[str] = []
    fell_back = False
    for word in shapes.split():
        letters = name_glyphs(alias, library.glyphs) if word == NAME else None
        if letters is not None:
            names.extend(letters)
            stored.extend(f"{NAME} {k}" for k in range(1, len(letters) + 1))
            continue
        fell_back = fell_back or word == NAME
        chosen = library.names(NAME_FALLBACK if word == NAME else word)
        names.extend(chosen)
        stored.extend(chosen)
    return names, stored, fell_back
