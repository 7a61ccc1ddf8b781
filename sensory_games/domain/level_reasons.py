"""Why a child's level changed, stored in English and shown in the reader's language.

The log keeps a level change's reason as text (records.LEVEL_CHANGE: what an adult typed
with `sensory-games levels --reason`, or what the app wrote): the same in every clinic,
readable in an export, unchanged for rows written before this module. The reasons the app
writes itself are the texts here (:data:`KNOWN`), filled in with their values; where a
reason is shown, :func:`reason_in` recognises one of them, old rows included, and says it
again in the reader's language with the same values (services/report/level_words.py says
it in plain words for a family). A reason an adult typed is shown as typed.
"""

from __future__ import annotations

import re
from functools import cache

from sensory_games.domain.language import N_, Words

#: The mastery rule moved the child up: `count` good attempts in a row, `accuracy` (0..1,
#: two decimals) the rule's bar, at `level` (what the rule wrote before it asked for
#: sessions, coverage and extra lifts: kept to show old rows).
MASTERY_UP = N_("mastery: {count} in a row with accuracy >= {accuracy} at level {level}")
#: The mastery rule moved the child up: `count` good attempts in a row spanning
#: `sessions` sessions, `accuracy` the rule's bar, at `level` (an activity without
#: coverage or extra lifts).
MASTERY_UP_RUN = N_(
    "mastery: {count} in a row (sessions: {sessions}) with accuracy >= {accuracy} at level {level}"
)
#: As MASTERY_UP_RUN for tracing and mirror: also coverage at least `coverage` (0..1, two
#: decimals) and at most `lifts` extra lifts.
MASTERY_UP_TRACED = N_(
    "mastery: {count} in a row (sessions: {sessions}) with accuracy >= {accuracy}, "
    "coverage >= {coverage} and extra lifts <= {lifts} at level {level}"
)
#: The mastery rule moved the child back: `count` attempts in a row given up or under the
#: bar `accuracy`, at `level`.
MASTERY_DOWN = N_(
    "mastery: {count} in a row given up or with accuracy < {accuracy} at level {level}"
)
#: A level set on the console's Levels page (it has no field for a reason).
SET_IN_CONSOLE = N_("set in the console")
#: `sensory-games levels` without --reason (cli/parser.py's default).
SET_BY_THERAPIST = N_("set by the therapist")
#: A level a profile bundle brought: the first 8 characters of the sending device's id and
#: the day (YYYY-MM-DD) the bundle was made.
FROM_BUNDLE = N_("profile bundle from device {device} ({day})")

#: Every reason the app writes itself, as its English template (the more specific before
#: the less: a pattern's field matches any text).
KNOWN: tuple[str, ...] = (
    MASTERY_UP_TRACED,
    MASTERY_UP_RUN,
    MASTERY_UP,
    MASTERY_DOWN,
    SET_IN_CONSOLE,
    SET_BY_THERAPIST,
    FROM_BUNDLE,
)


def level_reason(template: str, **values: object) -> str:
    """The text stored for a reason: the English `template` (one of :data:`KNOWN`) with its
    `values` put in."""
    if template not in KNOWN:
        raise ValueError(f"{template!r} is not a known level-change reason")
    return template.format(**values)


def recognised(stored: str) -> tuple[str, dict[str, str]] | None:
    """Which of :data:`KNOWN` wrote `stored`, and its values (as text); None for a reason
    an adult typed."""
    for template, pattern in _patterns():
        matched = pattern.fullmatch(stored)
        if matched is not None:
            return template, matched.groupdict()
    return None


def reason_in(stored: str, words: Words) -> str:
    """A stored reason in `words`' language: one the app wrote (any of :data:`KNOWN`, with
    its values) translated, anything else (what an adult typed) as it is."""
    found = recognised(stored)
    return stored if found is None else words.tr(found[0], **found[1])


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each known template with the pattern its filled-in text matches (a field: any
    text); compiled when first asked for (at import, they were 4% of a cold start)."""
    return tuple(
        (template, re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(template))))
        for template in KNOWN
    )
