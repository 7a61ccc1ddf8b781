"""The report's line wrapping: each line takes every piece (word, or wide character) that
fits as drawn, the same lines as adding one piece at a time, found with few
measurements (a report of 1,000 attempts wraps hundreds of lines: measuring each
prefix of each line was a quarter of its time)."""

from __future__ import annotations

import pytest

pytest.importorskip("uharfbuzz")

from sensory_games.services.report import layout
from sensory_games.services.report.layout import _PIECES, text_width_in, wrap

#: Texts in several scripts: words, a word wider than the width, Chinese (no spaces),
#: Arabic (right to left), a leading space, blank and trailing lines.
TEXTS = (
    "Black dots: completed attempts; hollow triangles: stopped early. Shaded: every other "
    "session; dash-dot lines: level changes. Trend lines: least squares within each level.",
    "supercalifragilisticexpialidocious-and-then-some-more-letters-still no room here",
    "黑点表示完成的尝试，空心三角形表示提前停止。" * 4,
    "النقاط السوداء: المحاولات المكتملة؛ المثلثات المجوفة: توقفت مبكرا. مستوى 2→3 " * 2,
    "  a leading space\n\nthen a blank line, and Nguyễn ნინო अर्जुन 山田花子 at the end\n",
)


def one_piece_at_a_time(text: str, width_in: float, size_pt: float) -> list[str]:
    """The lines a piece-by-piece wrap gives: what :func:`wrap` must give."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _PIECES.findall(paragraph):
            if line and text_width_in(line + piece, size_pt) > width_in:
                lines.append(line)
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line)
    return lines


@pytest.mark.parametrize("width_in", [6.87, 3.0, 1.2])
@pytest.mark.parametrize("text", TEXTS)
def test_each_line_takes_every_piece_that_fits(text: str, width_in: float) -> None:
    lines = wrap(text, width_in, 9)
    assert lines == one_piece_at_a_time(text, width_in, 9)
    assert len(lines) >= text.count("\n") + 1  # (its own line breaks are kept)


def test_a_word_wider_than_the_line_stays_whole_on_its_own_line() -> None:
    word = "Maximilian-Benedikt-Oliver-Alexander"
    assert wrap(f"to {word} and back", 1.0, 10) == ["to", word, "and back"]


def test_a_line_that_fits_is_measured_once_and_a_long_one_a_few_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    measured: list[str] = []

    def counting(text: str, size_pt: float, bold: bool = False) -> float:
        measured.append(text)
        return text_width_in(text, size_pt, bold)

    monkeypatch.setattr(layout, "text_width_in", counting)
    assert wrap("Period: 5 Mar 2026 – 9 Mar 2026", 6.87, 9) == ["Period: 5 Mar 2026 – 9 Mar 2026"]
    assert len(measured) == 1
    measured.clear()
    long = TEXTS[0] * 3
    lines = wrap(long, 6.87, 9)
    pieces = len(_PIECES.findall(long))
    assert len(lines) >= 5
    assert len(measured) <= 7 * len(lines) < pieces  # (piece by piece: one per piece)
