"""Why a child's level changed, in plain words for the report (which may go to a family).

The log stores a level change's reason in the mastery rule's terms ("mastery: 3 in a row
(sessions: 2) with accuracy >= 0.80, ... at level 2": domain/level_reasons.py), which the
console and the command line show to the therapist. A parent reads "moved up a level after
3 good tries in a row over 2 sessions" instead: the same event, the bars left out (the
therapist's pages keep them), in the reader's language. What is stored never changes; a
reason an adult typed is their own words and is shown as typed.
"""

from __future__ import annotations

from sensory_games.domain.language import Words
from sensory_games.domain.level_reasons import (
    FROM_BUNDLE,
    MASTERY_DOWN,
    MASTERY_UP,
    MASTERY_UP_RUN,
    MASTERY_UP_TRACED,
    SET_BY_THERAPIST,
    SET_IN_CONSOLE,
    reason_in,
    recognised,
)

#: The rule's reasons for moving up (the oldest rows say no sessions: counted as one).
_UP = (MASTERY_UP, MASTERY_UP_RUN, MASTERY_UP_TRACED)


def plain_reason(stored: str, words: Words) -> str:
    """`stored` (a level change's reason as the log keeps it) in plain words in `words`'
    language: moved up or back and after how many tries (over how many sessions), or who
    chose the level; what an adult typed as it is; a reason in the rule's form whose
    counts are not numbers (typed to look like one) as :func:`reason_in` says it."""
    found = recognised(stored)
    if found is None:
        return stored
    template, values = found
    if template in (SET_IN_CONSOLE, SET_BY_THERAPIST):
        return words.tr("chosen by the therapist")
    if template == FROM_BUNDLE:
        return words.tr("brought over from another device")
    try:
        count = int(values["count"])
        sessions = int(values.get("sessions", "1"))
    except ValueError:
        return reason_in(stored, words)
    if template == MASTERY_DOWN:
        return words.tr_n(
            "moved back a level to make it easier, after {count} hard try in a row",
            "moved back a level to make it easier, after {count} hard tries in a row",
            count,
            count=count,
        )
    assert template in _UP  # (every other known reason is said above)
    if sessions > 1:
        return words.tr_n(
            "moved up a level after {count} good try in a row over {sessions} sessions",
            "moved up a level after {count} good tries in a row over {sessions} sessions",
            count,
            count=count,
            sessions=sessions,
        )
    return words.tr_n(
        "moved up a level after {count} good try in a row",
        "moved up a level after {count} good tries in a row",
        count,
        count=count,
    )
