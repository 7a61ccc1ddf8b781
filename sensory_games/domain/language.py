"""The languages the app speaks, and the words of each.

Every word a child or an adult reads (and every voice prompt's transcript) is written in
English in the code, marked for extraction, and looked up at the moment it is shown in
the gettext catalogs shipped in ``sensory_games/locale/<language>/<area>.po`` (one file
per area of the app: see scripts/catalogs.py, which `make catalogs` runs to extract and
update them). The catalogs are read with Babel and compiled in memory, once per language,
the first time that language is needed: there is no compiled file to keep in step.

How code marks words:

- ``words.tr("Who is playing?")``: the words in that language, now (a screen's text);
- ``words.tr("{count} attempts", count=n)``: with values put into the translated text;
- ``words.tr_n("one attempt", "{count} attempts", n, count=n)``: a count's right form;
- ``N_("Sad")``: only marks a constant for extraction (a table of names defined before
  any language is known); it is translated where it is shown, ``words.tr(name)``;
- ``NC_("sensory preset", "calm")``: the same for words that another part of the app uses
  for something else (a child's feeling is "calm" too) and that a language says otherwise
  there: the constant carries its context (gettext's msgctxt) to ``words.tr``.

All areas' catalogs of a language are read as one, so the same English (in the same
context) has one translation in every area: `scripts/catalogs.py --check` says where two
areas differ.

Two languages are in play at once: the child's (their profile's, else the clinic's) for
the child's screens and voice, and the clinic's (app.yaml ``clinic.language``) for the
console, the report and the command line.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

#: The language the words are written in, in the code.
SOURCE_LANGUAGE = "en"

#: The shipped languages, each by its code and its own name (as a speaker reads it).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "ar": "العربية",
    "zh": "中文",
}

#: Languages written right to left: their screens are mirrored where direction matters.
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})

#: Keywords that mark words in the code, as Babel's extractor is given them.
EXTRACT_KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "tr": None,
    "tr_n": (1, 2),
    "N_": None,
    "NC_": ((1, "c"), 2),
}


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it (yet)."""
    return message


class InContext(str):
    """English words that mean something particular here (`context`: what they are
    about, e.g. "sensory preset"), translated as such (a catalog's msgctxt). It is still
    those English words as a ``str``: a key, a log line, a comparison see them."""

    context: str

    def __new__(cls, context: str, message: str) -> InContext:
        text = super().__new__(cls, message)
        text.context = context
        return text

    def __reduce__(self) -> tuple[object, ...]:  # (a str subclass's extra state, for copies)
        return (InContext, (self.context, str(self)))


def NC_(context: str, message: str) -> InContext:
    """Mark `message`, in `context`, for the catalogs without translating it (yet). Both
    are written as literal strings (the extractor reads them from the code), e.g. a
    sensory preset's name "calm" (a child's feeling on the check-in is "calm" too)."""
    return InContext(context, message)


def locale_dir() -> Path:
    """The shipped catalogs (sensory_games/locale/), wherever the package is installed."""
    return Path(str(resources.files("sensory_games") / "locale"))


def check_language(code: str, *, allow_empty: bool = False) -> str:
    """`code` if it is a shipped language (or "" when `allow_empty`: "the clinic's");
    ValueError naming the shipped ones otherwise (its Sentence said in the reader's words)."""
    if code in LANGUAGES or (allow_empty and code == ""):
        return code
    from sensory_games.domain.sentence import Sentence  # (sentence imports this module)

    shipped = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
    raise ValueError(
        Sentence(
            N_("{code} is not a shipped language; use one of {shipped}"),
            code=repr(code),
            shipped=shipped,
        )
    )


@dataclass(frozen=True)
class Words:
    """The words of one language: `tr` and `tr_n` look a text up in its catalogs.

    `on_screen`: the words of a screen the app draws itself (ui/text, the console's
    fonts), where a file's path in a right-to-left sentence is isolated left to right
    (domain/sentence.shown); a terminal, a log or a file gets the bare path, which a
    person may copy and a program read (screen_words gives the screen's)."""

    language: str
    translations: gettext.NullTranslations
    on_screen: bool = False

    @property
    def right_to_left(self) -> bool:
        """True for a language written right to left (its screens are mirrored)."""
        return self.language in RIGHT_TO_LEFT

    def tr(self, message: str, /, **values: object) -> str:
        """`message` in this language (in its context if marked with NC_), with `values`
        put into its {fields} (a Sentence or an error among them said in this language too,
        not in its English)."""
        if isinstance(message, InContext):
            text = self.translations.pgettext(message.context, message)
        else:
            text = self.translations.gettext(message)
        return self._filled(text, values)

    def tr_n(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form of a counted text this language uses for `count`, with `values`."""
        return self._filled(self.translations.ngettext(singular, plural, count), values)

    def _filled(self, text: str, values: dict[str, object]) -> str:
        """`text` with `values` put in, each as sentence.shown says it in this language (a
        text with no values is never formatted: braces written in it stay)."""
        if not values:
            return text
        from sensory_games.domain.sentence import shown  # (sentence imports this module)

        return text.format(**{name: shown(value, self) for name, value in values.items()})


@cache  # (asked for every frame's words: made once per language)
def screen_words(language: str) -> Words:
    """The words of `language` for a screen the app draws (Words.on_screen)."""
    return replace(words(language), on_screen=True)


@cache
def words(language: str) -> Words:
    """The words of `language` (a shipped code; anything else gets the source words).
    Its catalogs are read and compiled once, the first time it is asked for."""
    if language not in LANGUAGES or language == SOURCE_LANGUAGE:
        return Words(SOURCE_LANGUAGE, gettext.NullTranslations())
    return Words(language, _compiled(language, locale_dir()))


def _compiled(language: str, folder: Path) -> gettext.GNUTranslations:
    """Every area's catalog of `language` merged and compiled to gettext's binary form in
    memory (Babel reads the .po text; the standard library's gettext looks words up).
    A message missing or not yet translated falls back to the English of the code."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged = Catalog(locale=language)
    for po_file in sorted((folder / language).glob("*.po")):
        with po_file.open("rb") as stream:
            area = read_po(stream, locale=language)
        for message in area:
            if message.id and message.string and not message.fuzzy:
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
