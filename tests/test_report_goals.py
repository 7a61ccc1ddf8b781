"""The report's Goals page (services/report/goals_page.py): each open goal with its scale,
baseline and attainment; no page without goals; session notes never printed."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from records import at, log_attempt

from sensory_games.activities import showing
from sensory_games.domain.goals import GoalScale
from sensory_games.services.goals import ChildGoals, GoalRequest
from sensory_games.storage import Repository

pytest.importorskip("uharfbuzz")

from sensory_games.services.report import ReportRequest, build_report
from sensory_games.services.report.layout import page_texts

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=timezone.utc)


def report_texts(repository: Repository, title_name: str | None = None) -> tuple[int, list[str]]:
    request = ReportRequest(
        alias="Mia", now=NOW, tz=timezone.utc, showing=showing(), title_name=title_name
    )
    built = build_report(repository, request)
    return len(built.pages), page_texts(built.pages)


def test_open_goals_get_a_page_with_their_attainment_and_notes_stay_out(repository) -> None:
    mia = repository.add_profile(alias="Mia")
    session = repository.start_session(mia.id, at(0))
    for minute, accuracy in ((1, 0.62), (2, 0.75), (3, 0.71)):
        log_attempt(repository, mia, session, minute, level=2, accuracy=accuracy)
    pages_before, _ = report_texts(repository)
    goals = ChildGoals(repository, {"bubbles": 5}, showing())
    scale = GoalScale("bubbles", 2, "accuracy", (0.5, 0.6, 0.7, 0.8, 0.9))
    request = GoalRequest(
        scale, -1, date(2026, 3, 2), date(2026, 6, 1), description="pops most bubbles"
    )
    goals.add(mia.id, request, "console")
    ended = goals.add(
        mia.id, GoalRequest(scale, -2, date(2026, 3, 2), description="old"), "console"
    )
    goals.end(mia.id, ended.id, "console")
    goals.add_note(session, "JS", "private clinical remark", "console")
    pages, texts = report_texts(repository)
    assert pages == pages_before + 1
    assert "Goals" in texts
    # the measure's label, a share as a percentage, the level with a real minus sign
    # (U+2212), dates as the report writes them, the review date
    assert "Pop the bubbles, level 2: Accuracy" in texts
    assert "pops most bubbles" in texts and "old" not in texts
    assert "\u22122: ≥ 50%   \u22121: ≥ 60%   0: ≥ 70%   +1: ≥ 80%   +2: ≥ 90%" in texts
    assert "Baseline \u22121, since 2 Mar 2026; review on 1 Jun 2026" in texts
    assert "Now 0: median 71% of the latest 3 (62%, 75%, 71%)" in texts
    assert "T-score over the goals: 50.0" in texts
    assert not any("private clinical remark" in text for text in texts)
    # a pseudonymised report: the goal without the words a therapist typed
    _, coded = report_texts(repository, title_name="C-7K2Q")
    assert "Pop the bubbles, level 2: Accuracy" in coded and "pops most bubbles" not in coded


def test_no_goals_no_page(repository) -> None:
    repository.add_profile(alias="Mia")
    _, texts = report_texts(repository)
    assert "Goals" not in texts


def test_a_goal_on_a_time_or_a_count_is_printed_with_its_unit_and_in_words(repository) -> None:
    mia = repository.add_profile(alias="Mia")
    session = repository.start_session(mia.id, at(0))
    for minute, seconds in ((1, 14.0), (2, 12.5), (3, 19.0)):
        log_attempt(repository, mia, session, minute, level=2, completion_time_s=seconds)
    goals = ChildGoals(repository, {"bubbles": 5}, showing())
    for metric, scale in (
        ("completion_time_s", (30, 25, 20, 15, 10)),
        ("missed_taps", (8, 6, 4, 2, 0)),
    ):
        request = GoalRequest(GoalScale("bubbles", 2, metric, scale), -2, date(2026, 3, 2))
        goals.add(mia.id, request, "console")
    _, texts = report_texts(repository)
    assert "Pop the bubbles, level 2: Completion time" in texts
    assert "\u22122: ≤ 30 s   \u22121: ≤ 25 s   0: ≤ 20 s   +1: ≤ 15 s   +2: ≤ 10 s" in texts
    assert "Now +1: median 14 s of the latest 3 (14 s, 12.5 s, 19 s)" in texts
    assert "Baseline \u22122, since 2 Mar 2026" in texts
    # a metric the report does not follow: its name in words, a count without a unit
    assert "Pop the bubbles, level 2: missed taps" in texts
    assert "\u22122: ≤ 8   \u22121: ≤ 6   0: ≤ 4   +1: ≤ 2   +2: ≤ 0" in texts
