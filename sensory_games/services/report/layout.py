"""The report's A4 page: its size and margins, and the text on it (title, notes, footer,
running head) placed in inches from the top, drawn by the report's own PDF writer
(:mod:`sensory_games.services.pdf`).

Every page must read printed in black and white: text is at least 8 pt, in black and
greys. Sizes are in inches (layout) or points (fonts, lines). Lines of text start at the
reading side's margin: the left one, the right one in a language written right to left
(the whole report in Arabic), and every text is laid out in that language's direction
(an English line holding an Arabic alias reads from the left). Long lines are wrapped
to the page's width as drawn (Chinese has no spaces: it wraps between any two
characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from sensory_games.domain.language import N_, Words
from sensory_games.services.pdf import Document, Page
from sensory_games.services.pdf.chart import TICK_GAP_PT, TICK_PT, Chart
from sensory_games.services.pdf.document import PT_PER_IN
from sensory_games.services.pdf.fonts import FontSet

A4_IN = (8.27, 11.69)  # width, height (in)
LEFT_IN, RIGHT_IN = 0.95, 0.45  # page margins (in)
TOP_IN, BOTTOM_IN = 0.55, 0.6
PT = PT_PER_IN  # (points per inch: the page's layout is in inches, the PDF's in points)

#: Where a text's top is above its baseline, as a share of its size (Noto's capitals and
#: accents): a line placed by its top sits this far above its baseline.
ASCENT = 0.8
#: The distance between two lines of one text, as a share of its size.
LINE_SPACING = 1.25

#: (No file or program name: the page may go to a family.)
FOOTER = N_("Progress report · page {page} of {pages}")

#: Width of the text between the margins (in).
TEXT_WIDTH_IN = A4_IN[0] - LEFT_IN - RIGHT_IN


@cache
def report_fonts() -> FontSet:
    """The Noto faces every report draws and measures in, loaded once a process (each
    document embeds only the glyphs its own pages draw)."""
    return FontSet()


def new_document(title: str) -> Document:
    """An empty report document titled `title` (its PDF's title)."""
    return Document(report_fonts(), title=title)


def new_page(document: Document, words: Words) -> Page:
    """A blank white A4 portrait page at the end of `document`, its texts laid out in
    `words`' direction."""
    return document.page(A4_IN[0] * PT, A4_IN[1] * PT, words.right_to_left)


def y_pt(top_in: float) -> float:
    """`top_in` inches from the top of the page, as the page's y (pt, up from the bottom)."""
    return (A4_IN[1] - top_in) * PT


def finish_pages(pages: Sequence[Page], title: str, period: str, words: Words) -> None:
    """Footer on every page; the child (`title`) at the reading side and the `period` at
    the other at the top of every page but the first (two texts, never one line: a
    right-to-left alias in a left-to-right line would take the date's number into its
    own run)."""
    end_x, end_align = line_end(words)
    for number, page in enumerate(pages, start=1):
        footer = words.tr(FOOTER, page=number, pages=len(pages))
        page.text(A4_IN[0] * PT / 2, 0.3 * PT - 3, footer, 8, align="center", grey=0.25)
        if number > 1:
            note(page, 0.35 - 0.05, title, words, size=8, grey=0.25)
            page.text(end_x, y_pt(0.35) - 3, period, 8, align=end_align, grey=0.25)


def start(
    words: Words, left_in: float = LEFT_IN, width_in: float = TEXT_WIDTH_IN
) -> tuple[float, str]:
    """Where a line of text starts in a box `left_in` from the page's left edge and
    `width_in` wide: x (pt) and its alignment, at the box's left or, in a language
    written right to left, its right."""
    if words.right_to_left:
        return (left_in + width_in) * PT, "right"
    return left_in * PT, "left"


def line_end(words: Words) -> tuple[float, str]:
    """Where a line of text ends on the page's text width: x (pt) and its alignment, at
    the right margin, or the left in a language written right to left."""
    if words.right_to_left:
        return LEFT_IN * PT, "left"
    return (LEFT_IN + TEXT_WIDTH_IN) * PT, "right"


def page_title(
    page: Page, title: str, lines: Sequence[str], words: Words, top_in: float = TOP_IN
) -> float:
    """A bold title and smaller lines under it (each wrapped to the page's width);
    returns where they end (in from the top)."""
    note(page, top_in + 0.15, title, words, size=14, bold=True)
    y = top_in + 0.5
    for line in lines:
        for part in wrap(line, TEXT_WIDTH_IN, 9):
            note(page, y, part, words)
            y += 0.2
    return y + 0.1


def paragraph(page: Page, top_in: float, heading: str, lines: Sequence[str], words: Words) -> float:
    """A bold `heading` (10 pt) and `lines` (10 pt, each wrapped to the page's width)
    under it; returns where they end (in from the top)."""
    note(page, top_in, heading, words, size=10, bold=True)
    y = top_in + 0.24
    for line in lines:
        for part in wrap(line, TEXT_WIDTH_IN, 10):
            note(page, y, part, words, size=10)
            y += 0.2
    return y + 0.05


def note(
    page: Page,
    top_in: float,
    text: str,
    words: Words,
    size: float = 9,
    *,
    bold: bool = False,
    grey: float = 0.0,
    spacing: float = LINE_SPACING,
    left_in: float = LEFT_IN,
    width_in: float = TEXT_WIDTH_IN,
) -> float:
    """`text` at the reading side of a box (the page's text width unless `left_in` and
    `width_in` say otherwise), its top `top_in` inches from the top of the page, `size`
    pt, each of its own lines `spacing` times the size under the last; returns where it
    ends (in from the top)."""
    x, align = start(words, left_in, width_in)
    baseline = y_pt(top_in) - ASCENT * size
    for line in text.split("\n"):
        page.text(x, baseline, line, size, bold=bold, align=align, grey=grey)
        baseline -= spacing * size
    return A4_IN[1] - (baseline + ASCENT * size) / PT


#: Where a line may break: after a space, or before and after a character of a script
#: written without spaces (Han, kana, Hangul syllables, full-width forms).
_WIDE = r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_PIECES = re.compile(rf"\s*[{_WIDE}]|\s*[^\s{_WIDE}]+")


@lru_cache(maxsize=4096)
def text_width_in(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` is drawn in the report's fonts at `size_pt` (in)."""
    runs = report_fonts().shape(text, size_pt, bold, None)
    return sum(run.width_pt for run in runs) / PT


def wrap(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """`text` cut into lines no wider than `width_in` drawn at `size_pt` (a word wider
    than that stays whole on its own line); its own line breaks are kept.

    Each line takes as many pieces (words, or wide characters) as fit: the same lines as
    adding one piece at a time until the next would not fit, found with a few
    measurements (:func:`_line_end`) rather than one per piece."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        pieces = _PIECES.findall(paragraph)
        first = 0
        while first < len(pieces):
            end = _line_end(pieces, first, width_in, size_pt, bold)
            lines.append(_line(pieces, first, end))
            first = end
        if not pieces:
            lines.append("")
    return lines


def _line(pieces: Sequence[str], first: int, end: int) -> str:
    """The line of `pieces[first:end]` (a line after the first starts without spaces)."""
    head = pieces[first] if first == 0 else pieces[first].lstrip()
    return head + "".join(pieces[first + 1 : end])


def _line_end(
    pieces: Sequence[str], first: int, width_in: float, size_pt: float, bold: bool
) -> int:
    """One past the last of `pieces` on the line starting at `first`: all the rest if
    they fit (one measurement: most lines), else the most that fit, found by halving
    (a line grows wider with every piece); at least the first piece."""

    def fits(end: int) -> bool:
        return text_width_in(_line(pieces, first, end), size_pt, bold) <= width_in

    if fits(len(pieces)):
        return len(pieces)
    low, high = first + 1, len(pieces) - 1  # the answer: in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def chart(
    page: Page,
    top_in: float,
    height_in: float,
    left_in: float = LEFT_IN,
    width_in: float | None = None,
    x_limits: tuple[float, float] = (0.0, 1.0),
    y_limits: tuple[float, float] = (0.0, 1.0),
) -> Chart:
    """A chart's frame `top_in` in from the top, `height_in` tall; from the left margin
    to the right one unless `left_in` and `width_in` say otherwise (in)."""
    width = TEXT_WIDTH_IN if width_in is None else width_in
    return Chart(
        page,
        left_in * PT,
        y_pt(top_in + height_in),
        width * PT,
        height_in * PT,
        x_limits,
        y_limits,
    )


def empty(chart: Chart, text: str) -> None:
    """Why a chart has nothing to show, in its middle, on white (the chart's level lines
    and shading stop at it rather than run through its words)."""
    page = chart.page
    size = 10.0
    width = page.measure(text, size)
    middle_x = chart.x_pt + chart.width_pt / 2
    middle_y = chart.y_pt + chart.height_pt / 2
    pad = 3.0
    page.rectangle(
        middle_x - width / 2 - pad, middle_y - size / 2 - pad, width + 2 * pad, size + 2 * pad,
        1.0, None,
    )  # fmt: skip
    page.text(middle_x, middle_y - 0.35 * size, text, size, align="center", grey=0.2)


def axis_labels(chart: Chart, x_label: str | None, y_label: str | None, size: float = 9) -> None:
    """What the chart's axes count: `x_label` centred under its tick labels, `y_label`
    reading upwards left of its tick labels (None: none)."""
    page = chart.page
    if x_label:
        below = chart.y_pt - TICK_PT - TICK_GAP_PT - 8 - 6 - ASCENT * size
        page.text(chart.x_pt + chart.width_pt / 2, below, x_label, size, align="center")
    if y_label:
        widest = max((page.measure(label, 8) for label in chart.y_labels), default=0.0)
        x = chart.x_pt - TICK_PT - TICK_GAP_PT - widest - 4
        middle = chart.y_pt + chart.height_pt / 2
        page.text(x, middle, y_label, size, align="center", rotated=True)


def page_texts(pages: Iterable[Page]) -> list[str]:
    """Every text the `pages` show, in the order they were placed."""
    return [placed.text for page in pages for placed in page.texts if placed.text]
