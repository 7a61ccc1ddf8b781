"""An activity's chart page: every other session shaded behind the attempts, the level
labels apart, an overlay's scale bar inside its frame."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import pairwise

import pytest
from records import log_attempt

from sensory_games.activities import showing
from sensory_games.services.report import ReportRequest, build_report
from sensory_games.services.report.activity_charts import SESSION_GREY
from sensory_games.storage import Repository
from sensory_games.ui.page_pixels import page_pixels

pytest.importorskip("uharfbuzz")

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_every_other_session_is_shaded_behind_the_chart(repository: Repository) -> None:
    """Four sessions of three attempts: sessions 2 and 4 (attempts 4-6 and 10-12) shaded
    grey from the bottom of the chart to its top, sessions 1 and 3 left white."""
    from sensory_games.services.pdf.document import Box

    child = repository.add_profile(alias="Sam")
    minute = 0
    for _ in range(4):
        session = repository.start_session(child.id, NOW)
        for _ in range(3):
            minute += 1
            log_attempt(repository, child, session, minute, accuracy=0.75)
    request = ReportRequest(alias="Sam", showing=showing(), now=NOW, tz=timezone.utc)
    page = build_report(repository, request).pages[-1]  # (bubbles: one activity page)
    chart = page.charts[0]
    assert chart.x_limits == (0.5, 12.5)
    shades = [s for s in page.shapes if isinstance(s, Box) and s.fill == SESSION_GREY]
    shades = [s for s in shades if s.y == chart.y_pt]  # (the first chart's)
    edges = sorted({round(x, 3) for s in shades for x in (s.x, s.x + s.w)})
    assert edges == [round(chart.at(x, 0)[0], 3) for x in (3.5, 6.5, 9.5, 12.5)]
    assert {s.h for s in shades} == {chart.height_pt}  # (bottom to top)
    first_shape = page.shapes.index(shades[0])
    assert all(not isinstance(s, Box) or s.fill is not None for s in page.shapes[:first_shape])
    pixels = page_pixels(page.drawing(), 100)
    scale = 100 / 72  # (px per pt)

    def colour_at(attempt: float) -> tuple[int, ...]:
        """The page's colour just above the chart's bottom edge at `attempt` (x)."""
        x, y = chart.at(attempt, 0)
        y += 0.02 * chart.height_pt
        return tuple(int(v) for v in pixels[round((page.height_pt - y) * scale), round(x * scale)])

    grey = round(SESSION_GREY * 255)
    assert [colour_at(a) for a in (2, 5, 8, 11)] == [
        (255, 255, 255),
        (grey, grey, grey),
        (255, 255, 255),
        (grey, grey, grey),
    ]


#: How an activity page's line saying how many level changes there were begins.
COUNTED = {"en": "Level changes: ", "ar": "تغييرات المستوى: "}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_level_labels_in_a_row_stand_apart(repository: Repository, language: str) -> None:
    """A level changed every few attempts over 120 attempts: the labels over the level
    lines that are shown leave at least LABEL_GAP_IN between neighbours in a row (Arabic
    writes "level 4 to 5" in words: at a word's space apart they read as one run)."""
    from sensory_games.services.report.activity_charts import LABEL_GAP_IN, LABEL_ROW_IN
    from sensory_games.services.report.layout import page_texts

    child = repository.add_profile(alias="Lev")
    levels = [1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6]
    for day in range(40):
        session = repository.start_session(child.id, NOW)
        for n in range(3):
            level = levels[((day * 3 + n) // 4) % len(levels)]
            log_attempt(repository, child, session, day * 60 + n, accuracy=0.8, level=level)
    request = ReportRequest(
        alias="Lev", showing=showing(), now=NOW, tz=timezone.utc, language=language
    )
    page = build_report(repository, request).pages[-1]
    top = page.charts[0].y_pt + page.charts[0].height_pt
    rows: dict[float, list[tuple[float, float]]] = {}
    for label in page.texts:  # (the labels' rows: between the chart and its title)
        if top < label.y < top + 2 * LABEL_ROW_IN * 72 and not label.bold:
            rows.setdefault(round(label.y), []).append((label.x, label.x + label.width_pt))
    assert len(rows) == 2 and sum(len(row) for row in rows.values()) >= 10
    counted = [t for t in page_texts([page]) if t.startswith(COUNTED[language])]
    assert len(counted) == 1  # (the page says how many there were: some are not labelled)
    for row in rows.values():
        row.sort()
        gaps = [(b[0] - a[1]) / 72 for a, b in pairwise(row)]
        assert min(gaps) >= LABEL_GAP_IN - 0.02, gaps


@pytest.mark.parametrize("size_mm", [20.0, 240.0])
def test_an_overlays_scale_bar_and_label_sit_inside_the_frame(size_mm: float) -> None:
    """A small shape drawn large and a mirror drawing's wide pair drawn small: the 10 mm
    bar and its label are inside the frame, clear of its edges, and under the drawing."""
    import numpy as np

    from sensory_games.domain.language import words
    from sensory_games.services.report.data import Overlay
    from sensory_games.services.report.layout import new_document, new_page
    from sensory_games.services.report.overlay_page import draw_overlay

    line = np.array([[10.0, 10.0], [10.0 + size_mm, 10.0 + size_mm / 3]])
    item = Overlay("a-1", (line,), 5.0, (line,), "")
    said = words("en")
    page = new_page(new_document(""), said)
    frame = draw_overlay(page, 2.0, 0.8, item, 0.45 * 8.27, 0.2 * 11.69, said)
    (label,) = [t for t in page.texts if t.text == "10 mm"]
    left, right = label.x, label.x + label.width_pt
    bottom, top = label.y - 0.25 * label.size_pt, label.y + 0.8 * label.size_pt
    (bar,) = [d for d in frame.drawn if d.label == "10 mm"]
    bar_x, bar_y = frame.at(bar.xs[0], bar.ys[0])
    _, drawing_bottom = frame.at(0, 10.0 + size_mm / 3 + 5.0)
    assert left > frame.x_pt + 3 and right < frame.x_pt + frame.width_pt - 3
    assert bottom > frame.y_pt + 2 and top < drawing_bottom  # (under the drawing, y up)
    assert bar_x > frame.x_pt + 3 and bar_y > frame.y_pt + 2
