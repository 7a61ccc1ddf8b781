"""What a therapist and a family read: the report's plain-language summary (computed from
the attempts, within the latest level), the measures each activity follows (trended per
level, never a time the level fixes), the calm page's calm measures, no file or program
names on any page, and the console's charts of the same measures."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pygame
import pytest
from records import log_attempt
from test_progress_page import NAMED, progress_app

from sensory_games.activities import REGISTRY, showing
from sensory_games.domain.language import words
from sensory_games.domain.outcome import Metric
from sensory_games.domain.report_spec import ACCURACY, COMPLETION_TIME
from sensory_games.engine.console.progress_chart import charted, draw_charts
from sensory_games.engine.console.widgets import select
from sensory_games.engine.sample_clinic import SampleClinic
from sensory_games.services.report import ReportRequest, build_report
from sensory_games.services.report.data import Series, level_changes
from sensory_games.services.report.layout import page_texts
from sensory_games.services.report.plain_summary import latest_change
from sensory_games.storage import Repository, Selection
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.screen_matrix import ClinicScreen

pytest.importorskip("uharfbuzz")

UTC = timezone.utc
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FOLLOWED = {slug: cls.report_followed for slug, cls in REGISTRY.items()}
#: A file name (errors.log, docs/metrics.md) or a program's key (extra_lifts, calm_down).
FILE_NAME = re.compile(r"[\w-]+\.(md|log|py|yaml|yml|json|csv|po|db|sqlite)\b")
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


def report(repository: Repository, alias: str, language: str = "en") -> list[list[str]]:
    """Each page's texts of `alias`'s report."""
    request = ReportRequest(alias=alias, now=NOW, tz=UTC, showing=showing(), language=language)
    return [page_texts([fig]) for fig in build_report(repository, request).pages]


@pytest.fixture
def zoe(repository: Repository) -> Repository:
    """Zoe, two sessions of 20 s attempts. Tracing: three at level 1 (accuracy 0.1), then
    six at level 2 (accuracy 0.6 0.62 0.7 0.8 0.85 0.9, coverage 0.9 throughout). Drum at
    level 1: mean |asynchrony| 80 78 83 81 ms, accuracy 0.9 0.85 0.8 0.7."""
    child = repository.add_profile(alias="Zoe", animal="cat", colour=1)
    first, second = (repository.start_session(child.id, NOW) for _ in range(2))
    minute = 0
    for level, accuracy in [(1, 0.1)] * 3 + [(2, a) for a in (0.6, 0.62, 0.7, 0.8, 0.85, 0.9)]:
        minute += 1
        coverage = {"coverage": Metric(0.9, "0..1")}
        log_attempt(repository, child, first, minute, activity="tracing", level=level,
                    accuracy=accuracy, metrics=coverage)  # fmt: skip
    for ms, accuracy in zip((80, 78, 83, 81), (0.9, 0.85, 0.8, 0.7), strict=True):
        minute += 1
        timing = {"asynchrony_mean_abs_ms": Metric(ms, "ms")}
        log_attempt(repository, child, second, minute, activity="bilateral_drum",
                    accuracy=accuracy, completion_time_s=20.0, metrics=timing)  # fmt: skip
    return repository


def test_the_summary_opens_the_report_and_is_computed_within_the_latest_level(zoe) -> None:
    first = report(zoe, "Zoe")[0]
    start = first.index("In short")
    assert first[start + 1 : start + 8] == [
        "Zoe played 13 times in 2 sessions: about 4 minutes of play in all.",  # 13 x 20 s
        "Drum to the beat: played 4 times, at level 1.",
        # medians of the first and last two of four: 79 -> 82 ms, 0.875 -> 0.75
        "Drum to the beat: how far the taps were from the beat stayed about the same, around "
        "82 ms (level 1).",
        "Drum to the beat: the beats hit on time slipped, from 88% to 75% (level 1).",
        "Trace the path: played 9 times, from level 1 to level 2.",
        # level 2 only (level 1's 0.1 left out): medians of the first and last three
        "Trace the path: how much of the task was done right improved, from 62% to 85% (level 2).",
        "Trace the path: how much of the line was traced stayed about the same, around 90% "
        "(level 2).",
    ]
    # (extra lifts and drawing time are not recorded in these attempts: nothing said)
    assert not any("lifts" in line or "drawing" in line for line in first)


def test_a_change_needs_four_values_at_the_latest_level(repository: Repository) -> None:
    child = repository.add_profile(alias="Ali", animal="owl", colour=2)
    session = repository.start_session(child.id, NOW)
    for minute, level in enumerate((1, 1, 1, 1, 2, 2, 2), start=1):
        log_attempt(repository, child, session, minute, level=level, accuracy=0.2 * level)
    attempts = tuple(repository.attempts(selection=Selection("Ali")))
    series = Series("bubbles", "Pop the bubbles", attempts)
    assert latest_change(series, ACCURACY) is None  # three at level 2: too few
    assert latest_change(Series("bubbles", "Pop", attempts[:4]), ACCURACY) is not None
    assert latest_change(series, COMPLETION_TIME) is None
    first = report(repository, "Ali")[0]
    assert "Too few attempts at one level yet to tell a change (it takes 4)." in first


def test_drum_and_calm_never_chart_or_trend_a_time_their_level_fixes(zoe) -> None:
    drum = report(zoe, "Zoe")[1]
    assert "Drum to the beat" in drum
    assert "Completion time" not in drum and not any("Completion time" in t for t in drum)
    assert "Time off the beat (mean |asynchrony|) trend at level 1: +8.0 ms per 10 attempts" in drum
    for slug in ("bilateral_drum", "calming"):
        assert COMPLETION_TIME.value not in {m.value for m in FOLLOWED[slug]}
    assert FOLLOWED["tracing"][0] == ACCURACY  # and tracing follows what an OT follows
    assert [m.value for m in FOLLOWED["tracing"][1:]] == [
        "extra_lifts",
        "drawing_time_s",
        "coverage",
    ]


def test_the_calm_page_shows_calm_measures(repository: Repository) -> None:
    child = repository.add_profile(alias="Kai", animal="mouse", colour=3)
    session = repository.start_session(child.id, NOW)
    for minute, adherence in enumerate((0.5, 0.6, 0.7), start=1):
        calm = {
            "adherence": Metric(adherence, "0..1"),
            "restlessness_per_min": Metric(4.0 - minute, "1/min"),
            "cycles_completed": Metric(5, "count"),
            "cycles_total": Metric(6, "count"),
        }
        log_attempt(repository, child, session, minute, activity="calming", accuracy=None,
                    completion_time_s=60.0, metrics=calm)  # fmt: skip
    log_attempt(
        repository, child, session, 9, activity="calming", accuracy=None, completion_time_s=None
    )  # fmt: skip (stopped early: the calm-down button)
    page = report(repository, "Kai")[1]
    assert "Calm" in page
    assert {"Following the breathing guide", "Touches not asked for, per minute"} <= set(page)
    assert "Breaths finished: 15 of 18" in page
    assert "Stopped early: 1 attempt (calm-down break: 1)" in page
    assert "Accuracy" not in page and "Completion time" not in page


def test_no_page_prints_a_file_name_or_a_program_key(
    sample_clinic_made: tuple[SampleClinic, Path], tmp_path: Path
) -> None:
    clinic, folder = sample_clinic_made  # (the process's own, made with a fresh VirtualClock)
    shutil.copytree(folder / "data", tmp_path / "data")  # (which stays as it was made)
    repository = Repository(tmp_path / "data")
    try:
        for language in ("en", "es"):
            for child in clinic.history:
                texts = [t for page in report(repository, child.alias, language) for t in page]
                assert len(texts) > 100
                assert [t for t in texts if FILE_NAME.search(t)] == []
                assert [t for t in texts if SNAKE_CASE.search(t)] == []
    finally:
        repository.close()


def test_the_console_charts_the_first_followed_measures_that_have_values(zoe) -> None:
    attempts = tuple(zoe.attempts(selection=Selection(activity="tracing")))
    series = Series("tracing", "Trace the path", attempts)
    accuracy, coverage = FOLLOWED["tracing"][0], FOLLOWED["tracing"][3]
    assert charted(series, FOLLOWED["tracing"]) == (accuracy, coverage)  # no lifts recorded
    drum = Series("bilateral_drum", "Drum", tuple(zoe.attempts(selection=Selection(
        activity="bilateral_drum"))))  # fmt: skip
    surface = pygame.Surface((900, 480))  # (wide enough for the titles whole)
    metrics = ScreenMetrics(1280, 800, 220 / 25.4)
    drawn = draw_charts(surface, drum, [], metrics, UTC, words("en"), FOLLOWED["bilateral_drum"])
    assert [title for title, _ in drawn.titles] == [
        "Time off the beat (mean |asynchrony|) (ms)",
        "Beats hit on time",
    ]
    assert drawn.axes[1].top == 1.0  # a share: 0 to 100 %
    steps = level_changes(attempts)
    drawn = draw_charts(surface, series, steps, metrics, UTC, words("en"), FOLLOWED["tracing"])
    assert [title for title, _ in drawn.titles] == ["Accuracy", "Coverage"]


@pytest.mark.parametrize("screen", NAMED, ids=lambda s: s.name)
@pytest.mark.parametrize("activity", ["Drum to the beat", "Calm", "Trace the path"])
def test_the_consoles_chart_titles_fit_on_the_named_screens(
    config, zoe, clock, screen: ClinicScreen, activity: str
) -> None:
    _app, console = progress_app(config, zoe, clock, screen)
    page = console.page
    select(page.activity, activity)
    page.load()
    area = pygame.Rect((0, 0), page.chart.size)
    assert len(page.drawn.titles) == 2
    assert all(area.contains(rect) for _title, rect in page.drawn.titles)
