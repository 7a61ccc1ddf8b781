"""What the activities declare for the report (charts, totals, overlays, the names of
the variants they store), the tracing shapes' keys and why an attempt stopped early are
said in the report's language (es, ar, zh), not printed as stored; and a chart from 0
leaves room over its highest point (its marker is not cut by the frame)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("uharfbuzz")

from test_report import done, save

from sensory_games.activities import REGISTRY, activity_class, showing
from sensory_games.domain.language import words
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.report_spec import Chart
from sensory_games.services.report import ReportRequest, build_report
from sensory_games.services.report.activity_charts import HEADROOM, activity_page
from sensory_games.services.report.data import by_activity
from sensory_games.services.report.layout import new_document, new_page, page_texts
from sensory_games.services.report.names import ABORT_REASON_NAMES, SHAPE_NAMES, shape_name
from sensory_games.storage import Repository

UTC = timezone.utc
DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LANGUAGES = ("es", "ar", "zh")
#: Declared texts that are the same in every language (a range of numbers).
SAME_EVERYWHERE = {"0..1"}


def declared_texts() -> set[str]:
    """Every text an installed activity declares for the report."""
    found: set[str] = set()
    for slug in REGISTRY:
        what = activity_class(slug).declarations()
        for chart in what.charts:
            found |= {chart.title, chart.axis, chart.empty, chart.legend}
        found |= {line.text for line in what.totals}
        if what.overlays:
            found.add(what.overlays.scores)
        found |= set(what.variants.values())
        found |= {text for m in what.followed for text in (m.title, m.plain, m.unit)}
    return found - {""} - SAME_EVERYWHERE


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_declared_text_shape_and_variant_has_a_translation(language: str) -> None:
    said = words(language)
    texts = declared_texts() | set(SHAPE_NAMES.values()) | set(ABORT_REASON_NAMES.values())
    assert "Timing per hand: mean |asynchrony| to the beat" in texts
    same = {"zigzag", "error", "s", "ms"} if language == "es" else set()  # (es: the same; SI)
    untranslated = sorted(t for t in texts if said.tr(t) == t and t not in same)
    assert not untranslated, untranslated


def test_a_shape_key_is_said_in_words() -> None:
    assert shape_name("horizontal_line", words("en")) == "horizontal line"
    assert shape_name("horizontal_line", words("zh")) == "横线"
    assert shape_name("my_own_star", words("ar")) == "my own star"  # a clinic's own shape
    assert shape_name("B", words("es")) == "B"


def drummer_and_tracer(repository: Repository) -> None:
    """Sam plays the drum by touch (per-hand timing) and traces a horizontal line
    left-handed (an overlay page)."""
    child = repository.add_profile(alias="Sam", animal="cat", colour=1)
    session = repository.start_session(child.id, DAY)
    for n in range(3):
        drum = done(0.8, 12.0, left_asynchrony_mean_abs_ms=40.0 + n,
                    right_asynchrony_mean_abs_ms=55.0 + n)  # fmt: skip
        at = DAY + timedelta(minutes=n)
        save(repository, child, session, at, "bilateral_drum", 1, drum, variant="touch")
    item = {"shape": "horizontal_line", "repetition": 1, "guide": "full", "shown_at_s": 0.0,
            "strokes": [[[10.0, 10.0], [60.0, 10.0]]]}  # fmt: skip
    target = {"kind": "trace", "tolerance_mm": 5.0, "px_per_mm": 4.0, "items": [item]}
    traced_ok = Result(True, 20.0, 20.0, 1.0, {"coverage": Metric(0.95, "0..1")}, None, target)
    at = DAY + timedelta(minutes=9)
    save(repository, child, session, at, "tracing", 1, traced_ok, samples=True,
         variant="left-handed")  # fmt: skip


#: What the tester found in English in an Arabic or Chinese report.
FOUND_IN_ENGLISH = (
    "Timing per hand",
    "ms (lower: closer)",
    "Beats hit within the window",
    "share 0..1",
    "touch",
    "left-handed",
    "horizontal_line",
    "accuracy 1.00",
    "coverage 0.95",
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_drum_and_tracing_pages_have_no_english_left(
    repository: Repository, language: str
) -> None:
    drummer_and_tracer(repository)
    request = ReportRequest(alias="Sam", tz=UTC, showing=showing(), language=language)
    joined = "\n".join(page_texts(build_report(repository, request).pages))
    left = [english for english in FOUND_IN_ENGLISH if english in joined]
    assert not left, (left, joined)
    said = words(language)
    for shown in ("touch screen", "left-handed", "horizontal line", "Accuracy per hand"):
        if shown != "Accuracy per hand":  # (mirror is not played here)
            assert said.tr(shown) in joined, shown
    assert said.tr("Timing per hand: mean |asynchrony| to the beat") in joined


def test_a_chart_from_zero_keeps_its_highest_point_inside_the_frame(
    repository: Repository,
) -> None:
    drummer_and_tracer(repository)
    series = next(s for s in by_activity(list(repository.attempts("Sam")), showing()) if s.slug
                  == "bilateral_drum")  # fmt: skip
    timing = activity_class("bilateral_drum").report_charts[0]
    assert isinstance(timing, Chart) and not timing.fraction
    said = words("en")
    page = new_page(new_document(""), said)
    activity_page(page, 1.0, series, (), UTC, said, (timing,))
    chart = page.charts[-1]
    highest = 57.0  # the right hand's last timing (ms)
    bottom, top = chart.y_limits
    assert bottom == 0
    assert top >= highest * (1 + HEADROOM) - 1e-9
