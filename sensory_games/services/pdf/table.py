"""A table of text on a page, as the report's summary shows one: a bold header row, rows
of cells between thin horizontal rules, columns of given widths; each cell's text
centred, but for one column aligned to the reading side (the activity's names). In a
language written right to left the columns are given from the right."""

from __future__ import annotations

from collections.abc import Sequence

from sensory_games.services.pdf.document import Page

#: A row's height for each line of its text, as a share of the text's size.
LINE_SPACING = 1.6
#: Room between a rule and the text beside it, and a cell's text and its sides (pt).
PAD_PT = 3.0


def table(
    page: Page,
    x: float,
    top: float,
    widths: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    size_pt: float,
    *,
    aligned_column: int | None = None,
    right_to_left: bool = False,
    rule_pt: float = 0.6,
) -> float:
    """Draw the table with its top-left corner at (`x`, `top`) (pt, y up), columns
    `widths` (pt) from the left; a header cell's lines are split at "\\n". The
    `aligned_column`'s cells start at its reading side (the left, or the right in
    `right_to_left`). Returns the table's bottom (pt)."""
    lines = max((head.count("\n") + 1 for head in header), default=1)
    heights = [size_pt * LINE_SPACING * max(lines, 1) + PAD_PT] + [
        size_pt * LINE_SPACING + PAD_PT
    ] * len(rows)
    edges = [x]
    for width in widths:
        edges.append(edges[-1] + width)
    y = top
    page.line([(x, y), (edges[-1], y)], rule_pt)
    for number, (cells, height) in enumerate(zip([header, *rows], heights, strict=True)):
        bold = number == 0
        for column, cell in enumerate(cells):
            parts = cell.split("\n")
            first = y - (height - size_pt * LINE_SPACING * (len(parts) - 1)) / 2 - size_pt * 0.35
            for k, part in enumerate(parts):
                baseline = first - k * size_pt * LINE_SPACING
                left, right = edges[column], edges[column + 1]
                if column == aligned_column:
                    place, align = (
                        (right - PAD_PT, "right")
                        if right_to_left
                        else (
                            left + PAD_PT,
                            "left",
                        )
                    )
                else:
                    place, align = (left + right) / 2, "center"
                page.text(
                    place, baseline, part, size_pt, bold=bold, align=align,
                    right_to_left=right_to_left,
                )  # fmt: skip
        y -= height
        page.line([(x, y), (edges[-1], y)], rule_pt)
    return y
