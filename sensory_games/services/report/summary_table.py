"""Page 1's per-activity summary table: attempts, completed, accuracy of the first and
last five scored attempts and the level now, with how to read it under the table.
Words in the report's language; in one written right to left the columns run from the
right (the activity first, at the right) and the note under the table is right-aligned."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from sensory_games.domain.language import N_, Words
from sensory_games.services.report.data import Summary
from sensory_games.services.report.layout import TEXT_WIDTH_IN, axes, note, wrap

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


def summary_table(fig: Figure, top_in: float, rows: Sequence[Summary], said: Words) -> float:
    """The per-activity table; returns where it ends (in from the top)."""
    order = -1 if said.right_to_left else 1  # (columns from the right, right to left)
    header = [said.tr(head) for head, _ in COLUMNS][::order]
    height = 0.42 + 0.24 * len(rows)
    ax = axes(fig, top_in, height)
    ax.set_axis_off()
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
    activity = 0 if order == 1 else len(COLUMNS) - 1
    table = ax.table(
        cellText=cells,
        colLabels=header,
        colWidths=[width for _, width in COLUMNS][::order],
        cellLoc="center",
        colLoc="center",
        loc="upper left",
        bbox=Bbox.from_bounds(0, 0, 1, 1),  # the whole axes
        edges="horizontal",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    for (row, col), cell in table.get_celld().items():
        cell.set_linewidth(0.6)
        if col == activity:
            cell.set_text_props(ha="right" if said.right_to_left else "left")
            cell.PAD = 0.02
        if row == 0:
            cell.set_text_props(weight="bold")
            cell.set_height(cell.get_height() * 1.6)
    reading = said.tr(
        "Accuracy: median (0..1) of the first and of the last 5 scored attempts (they overlap "
        "when an activity has fewer than 10 scored); –: nothing to score. Level now: the "
        "child's current level (of their latest attempt, or set by an adult or a bundle since)."
    )
    lines = wrap(reading, TEXT_WIDTH_IN, 8)
    note(fig, top_in + height + 0.1, "\n".join(lines), said, size=8, color="0.2", linespacing=1.4)
    return top_in + height + 0.1 + len(lines) * 8 * 1.4 / 72  # 8 pt lines, spaced 1.4


def _acc(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
