"""A level change's reason on the report (which may go to a family) in plain words: "moved
up a level after 3 good tries in a row over 2 sessions", not the rule's "accuracy >= 0.80";
in the reader's language; what is stored is never changed, and what an adult typed is
shown as typed."""

from __future__ import annotations

import pytest

from sensory_games.domain.language import words
from sensory_games.domain.level_reasons import (
    FROM_BUNDLE,
    KNOWN,
    SET_BY_THERAPIST,
    SET_IN_CONSOLE,
    level_reason,
    recognised,
)
from sensory_games.domain.mastery import MasteryRule, decide
from sensory_games.services.report.level_words import plain_reason

#: A reason as the app before the sessions and the tracing bars stored it.
OLD_ROW = "mastery: 3 in a row with accuracy >= 0.80 at level 2"


class Outcome:
    """An attempt as the mastery rule reads it (coverage measured when `traced`)."""

    def __init__(self, accuracy: float, session_id: str, traced: bool) -> None:
        self.level, self.completed, self.accuracy, self.abort_reason = 2, True, accuracy, None
        self.session_id, self.traced = session_id, traced

    def metric(self, name: str) -> float | None:
        return {"coverage": 0.95, "extra_lifts": 0.0}.get(name) if self.traced else None


def reason(accuracies: list[float], sessions: list[str], traced: bool) -> str:
    """The reason the mastery rule stores after these attempts at level 2."""
    run = [Outcome(a, s, traced) for a, s in zip(accuracies, sessions, strict=True)]
    decision = decide(MasteryRule(), 2, 1, 8, run)
    assert decision is not None
    return decision.reason


def test_the_rules_reasons_read_as_what_happened() -> None:
    en = words("en")
    up_traced = reason([0.9, 0.9, 0.95], ["A", "A", "B"], traced=True)
    assert ">=" in up_traced  # (stored in the rule's terms, as before)
    assert plain_reason(up_traced, en) == (
        "moved up a level after 3 good tries in a row over 2 sessions"
    )
    up_run = reason([0.9, 0.9, 0.9, 0.9], ["A", "B", "C", "C"], traced=False)
    assert (
        plain_reason(up_run, en) == "moved up a level after 4 good tries in a row over 3 sessions"
    )
    down = reason([0.1, 0.2], ["A", "A"], traced=False)
    assert plain_reason(down, en) == (
        "moved back a level to make it easier, after 2 hard tries in a row"
    )
    assert plain_reason(OLD_ROW, en) == "moved up a level after 3 good tries in a row"
    one_session = level_reason(
        KNOWN[1], count=1, sessions=1, accuracy="0.80", level=3
    )  # a clinic's rule of one good attempt in one session
    assert plain_reason(one_session, en) == "moved up a level after 1 good try in a row"
    assert plain_reason(level_reason(SET_IN_CONSOLE), en) == "chosen by the therapist"
    assert plain_reason(level_reason(SET_BY_THERAPIST), en) == "chosen by the therapist"
    bundle = level_reason(FROM_BUNDLE, device="3f2a9c1d", day="2026-11-02")
    assert plain_reason(bundle, en) == "brought over from another device"  # no device id


@pytest.mark.parametrize("language", ["es", "ar", "zh"])
@pytest.mark.parametrize("template", KNOWN)
def test_every_reason_is_said_plainly_in_the_readers_language(template, language) -> None:
    values = {"count": 3, "sessions": 2, "accuracy": "0.80", "coverage": "0.90", "lifts": 2,
              "level": 2, "device": "3f2a9c1d", "day": "2026-11-02"}  # fmt: skip
    stored = level_reason(
        template, **{k: v for k, v in values.items() if "{" + k + "}" in template}
    )
    plain, english = plain_reason(stored, words(language)), plain_reason(stored, words("en"))
    assert plain != english and plain != stored
    for rule_word in (">=", "<", "0.80", "mastery", "3f2a9c1d"):
        assert rule_word not in plain and rule_word not in english
    if "{count}" in template:
        assert "3" in plain and ("2" in plain) == ("{sessions}" in template)
    assert recognised(stored) == (template, {k: str(values[k]) for k in recognised(stored)[1]})


def test_spanish_and_arabic_say_the_counts_in_the_right_form() -> None:
    up = reason([0.9, 0.9, 0.95], ["A", "A", "B"], traced=True)
    assert plain_reason(up, words("es")) == (
        "subió un nivel tras 3 intentos buenos seguidos en 2 sesiones"
    )
    down = reason([0.1, 0.2], ["A", "A"], traced=False)
    assert plain_reason(down, words("ar")) == (
        "نزل مستوى ليصبح أسهل، بعد محاولتين صعبتين متتاليتين (2)"
    )


def test_what_an_adult_typed_is_shown_as_typed() -> None:
    assert plain_reason("shaky today, try again next week", words("es")) == (
        "shaky today, try again next week"
    )
    # (typed to look like the rule's words, with no number to count: said as the rule's)
    odd = "mastery: many in a row given up or with accuracy < 0.40 at level 2"
    assert plain_reason(odd, words("en")) == odd
    assert plain_reason(odd, words("es")).startswith("regla de dominio: many")
