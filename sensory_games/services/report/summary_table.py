"""Page 1's per-activity summary table: attempts, completed, accuracy of the first and
last five scored attempts and the level now, with how to read it under the table.
Words in the report's language; in one written right to left the columns run from the
right (the activity first, at the right) and the note under the table is right-aligned."""

from __future__ import annotations

from collections.abc import Sequence

from sensory_games.domain.language import N_, Words
from sensory_games.services.pdf import Page
from sensory_games.services.pdf.table import table
from sensory_games.services.report.data import Summary
from sensory_games.services.report.layout import LEFT_IN, PT, TEXT_WIDTH_IN, note, wrap, y_pt

#: The table's column heads (two lines at most each) and widths (fractions of the page's
#: text width), activity first.
COLUMNS: tuple[tuple[str, float], ...] = (
    (N_("Activity"), 0.34),
    (N_("Attempts"), 0.12),
    (N_("Completed"), 0.13),
    (N_("Accuracy\nfirst 5"), 0.14),
    (N_("Accuracy\nlast 5"), 0.14),
    (N_("Level\nnow"), 0.13),
)


def summary_table(page: Page, top_in: float, rows: Sequence[Summary], said: Words) -> float:
    """The per-activity table; returns where it ends (in from the top)."""
    order = -1 if said.right_to_left else 1  # (columns from the right, right to left)
    header = [said.tr(head) for head, _ in COLUMNS][::order]
    cells = [
        [
            r.title,
            str(r.attempts),
            str(r.completed),
            _acc(r.accuracy_first),
            _acc(r.accuracy_last),
            str(r.level),
        ][::order]
        for r in rows
    ]
    bottom = table(
        page,
        LEFT_IN * PT,
        y_pt(top_in),
        [width * TEXT_WIDTH_IN * PT for _, width in COLUMNS][::order],
        header,
        cells,
        9,
        aligned_column=0 if order == 1 else len(COLUMNS) - 1,
        right_to_left=said.right_to_left,
    )
    height = (y_pt(top_in) - bottom) / PT
    reading = said.tr(
        "Accuracy: median (0..1) of the first and of the last 5 scored attempts (they overlap "
        "when an activity has fewer than 10 scored); –: nothing to score. Level now: the "
        "child's current level (of their latest attempt, or set by an adult or a bundle since)."
    )
    lines = wrap(reading, TEXT_WIDTH_IN, 8)
    return note(page, top_in + height + 0.1, "\n".join(lines), said, size=8, grey=0.2, spacing=1.4)


def _acc(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
