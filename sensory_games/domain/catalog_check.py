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

_QUOTED = r'"(?:[^"\\]|\\.)*"'
#: One line of a .po file (see the module's docstring).
CATALOG_LINE = re.compile(
    rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}|{_QUOTED})?\s*$"
)
#: A translated message's msgstr line (a non-empty string).
_TRANSLATED = re.compile(r'^msgstr(?:\[\d+\])?\s+"(?:[^"\\]|\\.)+"')


def catalog_problems(language: str, folder: Path | None = None) -> list[Sentence]:
    """What is wrong with `language`'s catalog files under `folder` (default: the shipped
    sensory_games/locale/), one Sentence each naming the file (and line); [] for the
    source language, which has none."""
    if language == SOURCE_LANGUAGE:
        return []
    found: list[Sentence] = []
    for file in sorted(((folder or locale_dir()) / language).glob("*.po")):
        problem = file_problem(file)
        if problem is not None:
            found.append(problem)
    return found


def file_problem(file: Path) -> Sentence | None:
    """The first thing wrong with one catalog file, or None when it reads."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        return Sentence(
            N_("{file} cannot be read ({reason}): its words show in English"),
            file=file,
            reason=error,
        )
    for number, text in enumerate(lines, start=1):
        if not CATALOG_LINE.match(text):
            return Sentence(
                N_(
                    "{file}, line {line}: not a catalog line ({text}); the words after it may"
                    " show in English"
                ),
                file=file,
                line=number,
                text=text.strip()[:40],
            )
    # (the header's own msgstr "" is empty; its lines follow as continuations)
    if not any(_TRANSLATED.match(text) for text in lines):
        return Sentence(N_("{file} has no translations (emptied?): its words show in English"),
                        file=file)  # fmt: skip
    return None
