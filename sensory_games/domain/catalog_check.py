"""Whether a language's catalog files (sensory_games/locale/<language>/*.po) can be read.

The app reads the catalogs leniently (domain/language.py): a file with a broken line, or
one emptied by a bad copy, still starts the app, and its words silently show in English.
This check says so, naming the file and line, for the adult's warnings (engine) and
`sensory-games doctor`. It reads the files as text, line by line: a catalog line is a
comment, a keyword (msgid, msgid_plural, msgctxt, msgstr, msgstr[n]) with one quoted
string, a quoted string continuing the one above, or blank.
"""

from __future__ import annotations

import re
from pathlib import Path

from sensory_games.domain.language import N_, SOURCE_LANGUAGE, locale_dir
from sensory_games.domain.sentence import Sentence

# The patterns run over a whole file at once (its lines joined with "\n" only), so none
# may reach past a line's end: `_SPACE` is any white space but "\n", a quoted string
# holds no "\n" (`.` never matches one).
_SPACE = r"[^\S\n]"
_QUOTED = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # (runs of plain characters: quicker to match)
_KEYWORD = r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)"
#: One line of a .po file (see the module's docstring).
CATALOG_LINE = re.compile(rf"^{_SPACE}*(?:#.*|{_KEYWORD}{_SPACE}+{_QUOTED}|{_QUOTED})?{_SPACE}*$")
#: The catalog lines a file starts with, each with its "\n": one match from the start
#: of the whole text (a line at a time, the app's start-up check of every catalog took
#: about 15 ms).
_GOOD_LINES = re.compile(rf"(?:{CATALOG_LINE.pattern[1:-1]}\n)*")
#: A translated message's msgstr line (a non-empty string).
_TRANSLATED = re.compile(rf'^msgstr(?:\[\d+\])?{_SPACE}+"(?:[^"\\\n]|\\.)+"', re.MULTILINE)


def catalog_problems(language: str, folder: Path | None = None) -> list[Sentence]:
    """What is wrong with `language`'s catalog files under `folder` (default: the shipped
    sensory_games/locale/), one Sentence each naming the file (and line); [] for the
    source language, which has none."""
    return [p for file in catalog_files(language, folder) if (p := file_problem(file))]


def catalog_files(language: str, folder: Path | None = None) -> list[Path]:
    """`language`'s catalog files under `folder` (default: the shipped
    sensory_games/locale/), in name order; [] for the source language."""
    if language == SOURCE_LANGUAGE:
        return []
    return sorted(((folder or locale_dir()) / language).glob("*.po"))


def file_problem(file: Path) -> Sentence | None:
    """The first thing wrong with one catalog file, or None when it reads."""
    try:
        text = "\n".join(file.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError) as error:
        return Sentence(
            N_("{file} cannot be read ({reason}): its words show in English"),
            file=file,
            reason=error,
        )
    good = _GOOD_LINES.match(text)  # (always matches: lines ending "\n", maybe none)
    first_bad = good.end() if good is not None else 0  # (or the last line, no "\n")
    bad = text[first_bad:].partition("\n")[0]
    if first_bad < len(text) and not CATALOG_LINE.match(bad):
        return Sentence(
            N_(
                "{file}, line {line}: not a catalog line ({text}); the words after it may"
                " show in English"
            ),
            file=file,
            line=text.count("\n", 0, first_bad) + 1,
            text=bad.strip()[:40],
        )
    # (the header's own msgstr "" is empty; its lines follow as continuations)
    if _TRANSLATED.search(text) is None:
        return Sentence(
            N_("{file} has no translations (emptied?): its words show in English"), file=file
        )
    return None
