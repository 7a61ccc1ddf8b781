"""Extract the app's words into its gettext catalogs, and say what is left to translate.

    make catalogs                 -> every marked text of sensory_games/ extracted (Babel)
                                     into sensory_games/locale/<language>/<area>.po for each
                                     shipped language: new texts added untranslated, texts
                                     no longer in the code dropped, translations kept
    python scripts/catalogs.py --check   -> exit 1 and list what is missing, change nothing

A text goes to the area of the module it is written in (AREAS: the longest matching path),
so the words of the child's screens, the console, the report, the command line and the
voice prompts are translated (and reviewed) in separate files. The app reads every area
file of a language together (sensory_games.domain.language).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sensory_games"
LOCALE = PACKAGE / "locale"
sys.path.insert(0, str(ROOT))

from sensory_games.domain.language import (  # noqa: E402
    EXTRACT_KEYWORDS,
    LANGUAGES,
    SOURCE_LANGUAGE,
)

#: The catalogs' headers carry fixed dates, so `make catalogs` changes a file only when
#: its texts change (the git history says when a translation was made).
STAMP = datetime(2026, 12, 6, tzinfo=timezone.utc)
HEADER = {
    "project": "sensory_games",
    "copyright_holder": "the sensory_games team",
    "msgid_bugs_address": "the clinic's sensory_games contact",
    "last_translator": "the sensory_games team",
    "language_team": "the sensory_games team",
    "creation_date": STAMP,
    "revision_date": STAMP,
}

#: Where a module's texts go: the longest matching path (relative to sensory_games/) wins.
AREAS: dict[str, str] = {
    "": "messages",  # what the services, the log and the configuration say to an adult
    "activities": "screens",
    "ui": "screens",
    "engine": "screens",
    "engine/console": "console",
    "services/report": "report",
    "cli": "cli",
    "domain/check_in.py": "check_in",
    "engine/scenes/check_in.py": "check_in",
    "domain/prompts.py": "voice",
}


def area_of(module: Path) -> str:
    """The area whose catalog holds the texts of `module` (a path under sensory_games/)."""
    relative = module.relative_to(PACKAGE).as_posix()
    best = max(
        (p for p in AREAS if p == "" or relative == p or relative.startswith(p + "/")),
        key=len,
    )
    return AREAS[best]


#: A marked text: (its context or None, its msgid or (singular, plural)).
Key = tuple[str | None, str | tuple[str, str]]


@dataclass
class Extracted:
    """Every marked text of the package, by area: {area: {key: [where]}}."""

    areas: dict[str, dict[Key, list[tuple[str, int]]]] = field(default_factory=dict)


def extract() -> Extracted:
    """Every text marked with tr / tr_n / N_ / NC_ in the package's modules, by area."""
    found = Extracted({area: {} for area in sorted(set(AREAS.values()))})
    for module in sorted(PACKAGE.rglob("*.py")):
        texts = found.areas[area_of(module)]
        where = module.relative_to(ROOT).as_posix()
        for line, message, _comments, context in extract_from_file(
            "python", str(module), keywords=EXTRACT_KEYWORDS
        ):
            text = message if isinstance(message, str) else (message[0], message[1])
            texts.setdefault((context, text), []).append((where, line))
    return found


def template(area: str, texts: dict[Key, list[tuple[str, int]]]) -> Catalog:
    """The area's template catalog (a .pot in memory)."""
    catalog = Catalog(domain=area, **HEADER)
    for (context, text), places in texts.items():
        catalog.add(text, locations=places, context=context)
    return catalog


def translated_catalogs() -> Iterator[tuple[str, str, Path]]:
    """(language, area, file) of every catalog a translated language should have."""
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        for area in sorted(set(AREAS.values())):
            yield language, area, LOCALE / language / f"{area}.po"


def missing(found: Extracted) -> list[str]:
    """One line per text a shipped language lacks (absent, empty, fuzzy, or its {fields}
    not those of the English), or whose catalog file is missing."""
    problems: list[str] = []
    for language, area, file in translated_catalogs():
        texts = found.areas[area]
        if not file.exists():
            if texts:
                problems.append(f"{file.relative_to(LOCALE.parent)}: missing ({len(texts)} texts)")
            continue
        with file.open("rb") as stream:
            catalog = read_po(stream, locale=language)
        for context, text in texts:
            english = text if isinstance(text, str) else text[0]
            message = catalog.get(english, context=context)
            shown = f"{english} [{context}]" if context else english
            strings = () if message is None else message.string
            strings = (strings,) if isinstance(strings, str) else tuple(strings)
            if message is None or message.fuzzy or not strings or not all(strings):
                problems.append(f"{file.relative_to(LOCALE.parent)}: not translated: {shown!r}")
                continue
            wanted = _fields(english)
            if any(_fields(s) != wanted for s in strings):
                problems.append(f"{file.relative_to(LOCALE.parent)}: fields differ from {shown!r}")
    return problems


def differing() -> list[str]:
    """One line per text a language translates differently in two of its area files: the
    app merges a language's areas by text (sensory_games.domain.language), so one of the
    two would be lost. The same words meaning two things get a context (msgctxt) instead."""
    problems: list[str] = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        said: dict[tuple[str | None, str], dict[tuple[str, ...], list[str]]] = {}
        for file in sorted((LOCALE / language).glob("*.po")):
            with file.open("rb") as stream:
                catalog = read_po(stream, locale=language)
            for message in catalog:
                strings = message.string
                strings = (strings,) if isinstance(strings, str) else tuple(strings)
                if not message.id or message.fuzzy or not all(strings):
                    continue
                text = message.id if isinstance(message.id, str) else message.id[0]
                ways = said.setdefault((message.context, text), {})
                ways.setdefault(strings, []).append(file.stem)
        for (context, text), ways in said.items():
            if len(ways) > 1:
                shown = " / ".join(
                    f"{' | '.join(strings)!r} ({', '.join(areas)})"
                    for strings, areas in ways.items()
                )
                where = f" [{context}]" if context else ""
                problems.append(f"{language}: {text!r}{where} differs between areas: {shown}")
    return problems


def _fields(text: str) -> set[str]:
    """The {fields} of a text (what str.format fills in)."""
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def update(found: Extracted) -> None:
    """Write every language's area catalogs: new texts added, old ones dropped."""
    for language, area, file in translated_catalogs():
        pot = template(area, found.areas[area])
        if file.exists():
            with file.open("rb") as stream:
                catalog = read_po(stream, locale=language)
        else:
            catalog = Catalog(locale=language, domain=area, **HEADER)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: the catalog is meant to be used
        catalog.revision_date = STAMP
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("wb") as stream:
            write_po(stream, catalog, sort_output=True, include_lineno=False, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any")
    args = parser.parse_args(argv)
    found = extract()
    if not args.check:
        update(found)
    problems = missing(found) + differing()
    for problem in problems:
        print(problem)
    counts = ", ".join(f"{area} {len(texts)}" for area, texts in found.areas.items())
    print(f"{sum(len(t) for t in found.areas.values())} texts ({counts}); {len(problems)} to do")
    return 1 if problems and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
