"""An activity's chart page: every other session shaded behind the attempts, drawn as one
artist that takes no part in the axes' data limits (the x range is the attempts')."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import pairwise

import pytest
from records import log_attempt

from sensory_games.activities import showing
from sensory_games.services.report import ReportRequest, build_report, page_pixels
from sensory_games.services.report.activity_charts import SESSION_GREY
from sensory_games.storage import Repository

pytest.importorskip("matplotlib")

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_every_other_session_is_shaded_behind_the_chart(repository: Repository) -> None:
    """Four sessions of three attempts: sessions 2 and 4 (attempts 4-6 and 10-12) shaded
    grey from the bottom of the chart to its top, sessions 1 and 3 left white."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import PathPatch

    child = repository.add_profile(alias="Sam")
    minute = 0
    for _ in range(4):
        session = repository.start_session(child.id, NOW)
        for _ in range(3):
            minute += 1
            log_attempt(repository, child, session, minute, accuracy=0.75)
    request = ReportRequest(alias="Sam", showing=showing(), now=NOW, tz=timezone.utc)
    page = build_report(repository, request).figures[-1]  # (bubbles: one activity page)
    chart = page.axes[0]
    assert chart.get_xlim() == (0.5, 12.5)
    (shade,) = [p for p in chart.patches if isinstance(p, PathPatch)]
    assert shade.get_zorder() == 0 and shade.get_facecolor() == to_rgba(SESSION_GREY)
    corners = shade.get_path().vertices
    assert sorted({x for x, _ in corners}) == [3.5, 6.5, 9.5, 12.5]
    assert sorted({y for _, y in corners}) == [0.0, 1.0]
    pixels = page_pixels(page)
    height = pixels.shape[0]

    def colour_at(attempt: float) -> tuple[int, ...]:
        """The page's colour just above the chart's bottom edge at `attempt` (x)."""
        x, _ = chart.transData.transform((attempt, 0))
        _, y = chart.transAxes.transform((0, 0.02))
        return tuple(pixels[height - 1 - round(y), round(x)][:3])

    grey = round(float(SESSION_GREY) * 255)
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
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation

    from sensory_games.services.report import lettering
    from sensory_games.services.report.activity_charts import LABEL_GAP_IN

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
    page = build_report(repository, request).figures[-1]
    lettering.letter_pages([page])
    renderer = FigureCanvasAgg(page).get_renderer()
    rows: dict[float, list[tuple[float, float]]] = {}
    for label in page.findobj(Annotation):
        box = label.get_window_extent(renderer)
        rows.setdefault(round(box.y0), []).append((box.x0, box.x1))
    assert len(rows) == 2 and sum(len(row) for row in rows.values()) >= 10
    from sensory_games.services.report.lettering import page_texts

    counted = [t for t in page_texts([page]) if t.startswith(COUNTED[language])]
    assert len(counted) == 1  # (the page says how many there were: some are not labelled)
    for row in rows.values():
        row.sort()
        gaps = [(b[0] - a[1]) / page.dpi for a, b in pairwise(row)]
        assert min(gaps) >= LABEL_GAP_IN - 0.02, gaps


@pytest.mark.parametrize("size_mm", [20.0, 240.0])
def test_an_overlays_scale_bar_and_label_sit_inside_the_frame(size_mm: float) -> None:
    """A small shape drawn large and a mirror drawing's wide pair drawn small: the 10 mm
    bar and its label are inside the frame, clear of its edges, and under the drawing."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sensory_games.domain.language import words
    from sensory_games.services.report.data import Overlay
    from sensory_games.services.report.overlay_page import draw_overlay

    line = np.array([[10.0, 10.0], [10.0 + size_mm, 10.0 + size_mm / 3]])
    item = Overlay("a-1", (line,), 5.0, (line,), "")
    page = Figure(figsize=(8.27, 11.69), dpi=100)
    ax = page.add_axes((0.1, 0.6, 0.45, 0.2))
    draw_overlay(ax, item, 0.45 * 8.27, 0.2 * 11.69, words("en"))
    renderer = FigureCanvasAgg(page).get_renderer()
    frame = ax.get_window_extent(renderer)
    (label,) = ax.texts
    box = label.get_window_extent(renderer)
    bar = ax.lines[-1].get_window_extent(renderer)
    drawing_bottom = ax.transData.transform((0, 10.0 + size_mm / 3 + 5.0))[1]
    assert box.x0 > frame.x0 + 3 and box.x1 < frame.x1 - 3
    assert box.y0 > frame.y0 + 2 and box.y1 < drawing_bottom  # (under the drawing, y up)
    assert bar.x0 > frame.x0 + 3 and bar.y0 > frame.y0 + 2
