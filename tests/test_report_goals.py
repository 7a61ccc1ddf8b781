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

pytest.importorskip("matplotlib")

from sensory_games.services.report import ReportRequest, build_report
from sensory_games.services.report.lettering import page_texts

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=timezone.utc)


def report_texts(repository: Repository) -> tuple[int, list[str]]:
    request = ReportRequest(alias="Mia", now=NOW, tz=timezone.utc, showing=showing())
    built = build_report(repository, request)
    return len(built.figures), page_texts(built.figures)


def test_open_goals_get_a_page_with_their_attainment_and_notes_stay_out(repository) -> None:
    mia = repository.add_profile(alias="Mia")
    session = repository.start_session(mia.id, at(0))
    for minute, accuracy in ((1, 0.62), (2, 0.75), (3, 0.71)):
        log_attempt(repository, mia, session, minute, level=2, accuracy=accuracy)
    pages_before, _ = report_texts(repository)
    goals = ChildGoals(repository, {"bubbles": 5})
    scale = GoalScale("bubbles", 2, "accuracy", (0.5, 0.6, 0.7, 0.8, 0.9))
    request = GoalRequest(scale, -1, date(2026, 3, 2), description="pops most bubbles")
    goals.add(mia.id, request, "console")
    ended = goals.add(
        mia.id, GoalRequest(scale, -2, date(2026, 3, 2), description="old"), "console"
    )
    goals.end(mia.id, ended.id, "console")
    goals.add_note(session, "JS", "private clinical remark", "console")
    pages, texts = report_texts(repository)
    assert pages == pages_before + 1
    assert "Goals" in texts
    assert "Pop the bubbles, level 2: accuracy" in texts
    assert "pops most bubbles" in texts and "old" not in texts
    assert "-2: ≥ 0.5   -1: ≥ 0.6   +0: ≥ 0.7   +1: ≥ 0.8   +2: ≥ 0.9" in texts
    assert "Baseline -1, since 2026-03-02" in texts
    assert "Now +0: median 0.71 of the latest 3 (0.62, 0.75, 0.71)" in texts
    assert "T-score over the goals: 50.0" in texts
    assert not any("private clinical remark" in text for text in texts)


def test_no_goals_no_page(repository) -> None:
    repository.add_profile(alias="Mia")
    _, texts = report_texts(repository)
    assert "Goals" not in texts
