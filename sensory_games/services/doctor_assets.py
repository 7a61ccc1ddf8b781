"""`sensory-games doctor`'s checks of the files the app ships and works around when they
are broken: the catalogs of its languages and its pictures. A broken one does not stop
the app (English words, a plainer drawing, silence stand in), so each is a WARN naming
the file.

The pictures can only be drawn with pygame, and the voice clips are found where the
player finds them: the command line looks (ui.pictures.check_every_picture,
ui.voice.clip_problems) and hands what it found in here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sensory_games.domain.catalog_check import catalog_problems
from sensory_games.domain.language import LANGUAGES, N_
from sensory_games.domain.sentence import Listed, Sentence
from sensory_games.services.findings import Finding, Status

#: A finding names at most this many broken files (it stays one line), then a count.
MOST_NAMED = 3
#: What to do about a broken shipped file.
REINSTALL = N_("reinstall or update the app (the package's files were changed)")


def check_translations(folder: Path | None = None) -> Finding:
    """Every shipped language's catalog files read (`folder`: the locale folder, default
    the shipped one)."""
    found = [problem for code in LANGUAGES for problem in catalog_problems(code, folder)]
    if not found:
        return Finding("translations", Status.OK, Sentence(N_("every language's words read")))
    return Finding("translations", Status.WARN, _named(found), Sentence(REINSTALL))


def check_pictures(found: Sequence[Sentence]) -> Finding:
    """The shipped pictures draw (`found`: what could not be drawn, one Sentence each)."""
    if not found:
        return Finding("pictures", Status.OK, Sentence(N_("every picture draws")))
    return Finding("pictures", Status.WARN, _named(found), Sentence(REINSTALL))


def check_voice(found: Sequence[Sentence]) -> Finding:
    """Every prompt has a clip that can be said in every shipped language (the clinic's
    recordings first, else the shipped clip; `found`: what keeps one from being said)."""
    if not found:
        return Finding("voice", Status.OK, Sentence(N_("every prompt can be said")))
    return Finding(
        "voice",
        Status.WARN,
        _named(found),
        Sentence(N_("record it again on the console's Voice page, or reinstall the app")),
    )


def _named(found: Sequence[Sentence]) -> Sentence:
    """The first MOST_NAMED problems, then how many more."""
    shown = Listed(found[:MOST_NAMED])
    more = len(found) - MOST_NAMED
    if more <= 0:
        return Sentence("{problems}", problems=shown)  # (nothing to translate around them)
    return Sentence(N_("{problems} (and {count} more)"), problems=shown, count=more)
