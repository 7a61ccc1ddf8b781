"""Why a level changed is stored in English (as before) and shown in the reader's
language: the console's level history, `sensory-games levels` and the report say the
reasons the app writes in es, ar and zh; rows written before, and reasons an adult typed,
still show."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from test_console_languages import console_in

from sensory_games.domain.language import words
from sensory_games.domain.level_reasons import (
    FROM_BUNDLE,
    KNOWN,
    MASTERY_UP,
    SET_IN_CONSOLE,
    level_reason,
    reason_in,
)
from sensory_games.domain.mastery import MasteryRule, decide
from sensory_games.engine.console.widgets import select

#: A reason as the app before this change stored it (the mastery rule's, word for word).
OLD_ROW = "mastery: 3 in a row with accuracy >= 0.80 at level 2"
VALUES = {
    "count": 3,
    "sessions": 2,
    "accuracy": "0.80",
    "coverage": "0.90",
    "lifts": 2,
    "level": 2,
    "device": "3f2a9c1d",
    "day": "2026-11-02",
}


@pytest.mark.parametrize("language", ["es", "ar", "zh"])
@pytest.mark.parametrize("template", KNOWN)
def test_every_reason_the_app_writes_is_shown_in_the_readers_language(template, language):
    said = words(language)
    values = {k: v for k, v in VALUES.items() if "{" + k + "}" in template}
    stored = level_reason(template, **values)
    assert reason_in(stored, said) == said.tr(template, **values) != stored
    assert reason_in(stored, words("en")) == stored


def test_an_old_row_and_a_typed_reason_still_show() -> None:
    assert reason_in(OLD_ROW, words("es")) == (
        "regla de dominio: 3 seguidos con precisión >= 0.80 en el nivel 2"
    )
    assert reason_in("shaky today", words("zh")) == "shaky today"
    assert reason_in("mastery: whatever", words("ar")) == "mastery: whatever"


def test_the_mastery_rule_stores_its_reasons_in_english() -> None:
    class Outcome:
        def __init__(self, accuracy: float, session_id: str = "A") -> None:
            self.level, self.completed, self.accuracy, self.abort_reason = 2, True, accuracy, None
            self.session_id = session_id

        def metric(self, name: str) -> float | None:
            return None

    rule = MasteryRule()
    run = [Outcome(0.9), Outcome(0.9), Outcome(0.9, "B")]
    up = decide(rule, 2, 1, 8, run)
    assert up is not None and type(up.reason) is str
    assert up.reason == "mastery: 3 in a row (sessions: 2) with accuracy >= 0.80 at level 2"
    assert reason_in(up.reason, words("es")).startswith("regla de dominio: 3 seguidos")
    down = decide(rule, 2, 1, 8, [Outcome(0.1)] * rule.step_back_after)
    assert down is not None and down.reason == (
        f"mastery: {rule.step_back_after} in a row given up or with accuracy < "
        f"{rule.step_back_accuracy:.2f} at level 2"
    )
    with pytest.raises(ValueError, match="not a known level-change reason"):
        level_reason("because")
    assert {MASTERY_UP, SET_IN_CONSOLE, FROM_BUNDLE} <= set(KNOWN)


def history(config, repository, clock, language: str, reasons: list[str]) -> str:
    """The console's level history (its text box's HTML) of a child whose tracing level
    went 1 -> 2 -> 3 ... a day apart, for each of `reasons`, in a clinic of `language`."""
    console = console_in(config, repository, clock, language)
    child = repository.profile_by_alias("محمد")
    for day, reason in enumerate(reasons):
        at = datetime(2026, 11, 20 + day, 9, tzinfo=timezone.utc)
        repository.set_level(child.id, "tracing", 2 + day, reason, at)
    console.show("levels")
    page = console.page
    select(page.child, "محمد")
    select(page.activity, next(t for t, s in page.titles.items() if s == "tracing"))
    page.load()
    return page.history.html_text


def test_the_consoles_level_history_says_why_in_the_clinics_language(
    config, repository, clock
) -> None:
    reasons = [level_reason(SET_IN_CONSOLE), OLD_ROW, "shaky today"]
    shown = history(config, repository, clock, "es", reasons)
    assert "fijado en la consola" in shown
    assert "regla de dominio: 3 seguidos con precisión &gt;= 0.80 en el nivel 2" in shown
    assert "shaky today" in shown and "mastery:" not in shown


def test_in_arabic_the_history_says_from_and_to_in_words_not_an_arrow(
    config, repository, clock
) -> None:
    """An arrow drawn in a line read right to left points back at where the level came
    from: the Arabic line says "from 2 to 3" ("من 2 إلى 3") instead."""
    shown = history(config, repository, clock, "ar", ["shaky today", OLD_ROW])
    assert "من 2 إلى 3، قاعدة الإتقان: 3 على التوالي" in shown and "→" not in shown


def test_the_consoles_levels_page_says_the_rule_in_the_clinics_language(
    config, repository, clock
) -> None:
    shown = history(config, repository, clock, "es", [])
    assert shown.startswith("la de la clínica: subir tras 3 seguidos con precisión &gt;= 0.80")
    assert "(sesiones: 2 o más)" in shown and "pausa para calmarse" in shown
