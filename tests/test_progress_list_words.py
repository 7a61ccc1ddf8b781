"""The progress page in the clinic's words: each check-in cell says its own scale's words
(a 2 on the zones is not a 2 on the faces), the list's and the charts' dates are written
as the clinic's language writes a short date (the date column sized for the widest), and
level marks are the language's short form of "level 3"."""

from __future__ import annotations

from datetime import datetime, timezone

import pygame
import pytest
from records import at, log_attempt

from sensory_games.domain.check_in import SCALES, BeforeAfter
from sensory_games.domain.language import LANGUAGES, words
from sensory_games.engine.console.progress_chart import draw_charts, label_px, level_mark
from sensory_games.engine.console.progress_list import (
    attempt_line,
    column_widths,
    natural_width,
)
from sensory_games.services.report.data import Series, day_text, level_changes
from sensory_games.storage import Repository, Selection
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import measure

DAY = 24 * 60  # minutes
METRICS = ScreenMetrics(1280, 800, 220 / 25.4)


def pair(scale: str, before: int | None, after: int | None) -> BeforeAfter:
    return BeforeAfter("s", "a", "2026-03-02T09:00:00.000Z", before, after, True, True, scale)


@pytest.fixture
def first(repository: Repository):
    """One attempt of Mia's (Monday 2 March 2026, 09:01 UTC, level 3)."""
    child = repository.add_profile(alias="Mia", animal="cat", colour=1)
    session = repository.start_session(child.id, at(0))
    log_attempt(repository, child, session, 1, level=3)
    [attempt] = repository.attempts()
    return attempt


def test_each_check_in_cell_says_its_own_scales_words(first) -> None:
    """The same numbers on the faces and on the zones are different cells: 2 to 3 is
    worried to okay (more settled) on the faces, green to yellow (less) on the zones."""
    english = words("en")
    faces = attempt_line(first, pair("faces", 2, 3), timezone.utc, english)[-1]
    zones = attempt_line(first, pair("zones", 2, 3), timezone.utc, english)[-1]
    three = attempt_line(first, pair("three_faces", 1, 3), timezone.utc, english)[-1]
    assert (faces, zones, three) == ("worried to okay", "green to yellow", "sad to happy")
    assert attempt_line(first, pair("zones", None, 4), timezone.utc, english)[-1] == "? to red"
    not_asked = BeforeAfter("s", "a", "t", None, 5, False, True, "faces")
    assert attempt_line(first, not_asked, timezone.utc, english)[-1] == "- to calm"
    assert attempt_line(first, None, timezone.utc, english)[-1] == "-"
    spanish = words("es")
    cell = attempt_line(first, pair("zones", 3, 2), timezone.utc, spanish)[-1]
    assert cell == "amarillo a verde"
    cell = attempt_line(first, pair("faces", 1, 5), timezone.utc, spanish)[-1]
    assert cell == "triste a en calma"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_check_in_cell_fits_its_column(first, language) -> None:
    said = words(language)
    size = label_px(METRICS)
    width = column_widths(size, said)[-1]
    for name, scale in SCALES.items():
        for before in scale.points:
            for after in scale.points:
                cell = attempt_line(first, pair(name, before.value, after.value), None, said)[-1]
                assert measure(cell, size)[0] < width, (language, cell)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_lists_dates_and_levels_are_in_the_clinics_language(first, language) -> None:
    """The date as the language writes it (zh: 3月2日, not "2 Mar"), the level's short
    form (es: N3), and the date column wide enough for the widest date of every month."""
    said = words(language)
    when, level, *_ = attempt_line(first, None, timezone.utc, said)
    moment = datetime(2026, 3, 2, 9, 1, tzinfo=timezone.utc)
    assert when == f"{day_text(moment, year=False, language=language)} 09:01"
    assert level == said.tr("L{level}", level=3) == level_mark(3, said)
    size = label_px(METRICS)
    width = column_widths(size, said)[0]
    for month in range(1, 13):
        day = datetime(2026, month, 28, 23, 59)
        text = f"{day_text(day, year=False, language=language)} 23:59"
        assert measure(text, size)[0] < width, (language, text)
    assert natural_width(size, 4, said) >= sum(column_widths(size, said))


def test_the_words_are_not_english_where_the_clinic_is_not(first) -> None:
    when, level, *_ = attempt_line(first, None, timezone.utc, words("zh"))
    assert when.startswith("3月2日") and level == "3级"
    assert attempt_line(first, None, timezone.utc, words("es"))[:2] == ("2 mar 09:01", "N3")


def test_the_charts_days_and_level_marks_are_in_the_clinics_language(
    repository: Repository,
) -> None:
    child = repository.add_profile(alias="Mia", animal="cat", colour=1)
    session = repository.start_session(child.id, at(0))
    for minutes, level in ((1, 1), (DAY + 1, 2), (3 * DAY, 3)):
        log_attempt(repository, child, session, minutes, level=level)
    attempts = tuple(repository.attempts(selection=Selection(activity="bubbles")))
    series = Series("bubbles", "Pop", attempts)
    for language, days, marks in (
        ("zh", ["3月2日", "3月3日", "3月5日"], ["2级", "3级"]),
        ("es", ["2 mar", "3 mar", "5 mar"], ["N2", "N3"]),
    ):
        surface = pygame.Surface((600, 480))
        drawn = draw_charts(
            surface, series, level_changes(attempts), METRICS, timezone.utc, words(language)
        )
        assert [text for text, _rect in drawn.days[0]] == days
        assert [text for text, _rect in drawn.levels] == marks
        every = [rect for placed in drawn.days for _text, rect in placed]
        assert all(surface.get_rect().contains(rect) for rect in every)
