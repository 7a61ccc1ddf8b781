"""Page 1's per-activity summary table: attempts, completed, accuracy of the first and
last five scored attempts and the level now, with how to read it under the table."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from sensory_games.services.report.data import Summary
from sensory_games.services.report.layout import LEFT_IN, axes, fx, fy


def summary_table(fig: Figure, top_in: float, rows: Sequence[Summary]) -> float:
    """The per-activity table; returns where it ends (in from the top)."""
    header = (
        "Activity",
        "Attempts",
        "Completed",
        "Accuracy\nfirst 5",
        "Accuracy\nlast 5",
        "Level\nnow",
    )
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
        ]
        for r in rows
    ]
    table = ax.table(
        cellText=cells,
        colLabels=header,
        colWidths=[0.34, 0.12, 0.13, 0.14, 0.14, 0.13],
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
        if col == 0:
            cell.set_text_props(ha="left")
            cell.PAD = 0.02
        if row == 0:
            cell.set_text_props(weight="bold")
            cell.set_height(cell.get_height() * 1.6)
    fig.text(
        fx(LEFT_IN),
        1 - fy(top_in + height + 0.1),
        "Accuracy: median (0..1) of the first and of the last 5 scored attempts (they overlap\n"
        "when an activity has fewer than 10 scored); –: nothing to score. Level now: the\n"
        "child's current level (of their latest attempt, or set by an adult or a bundle since).",
        fontsize=8,
        va="top",
        color="0.2",
        linespacing=1.4,
    )
    return top_in + height + 0.55


def _acc(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
