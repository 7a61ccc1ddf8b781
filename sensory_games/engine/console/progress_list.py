"""The progress page's list of the latest attempts: one compact line each (day and time,
level, score, time, the check-in before and after it), latest first, as many as the
panel holds. The page sizes the panel for at least :data:`LEAST_SHOWN` attempts on every
clinic screen, so the list needs no scroll bar; the charts show every attempt.

Drawn into a surface the page shows as a pygame_gui image, in columns measured from the
widest text a column can hold, at the charts' text size (capitals of at least 3 mm).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import pygame

from sensory_games.domain.check_in import BeforeAfter
from sensory_games.engine.console.progress_chart import GREY, INK, PANEL
from sensory_games.services.report.data import day_text, local
from sensory_games.storage import StoredAttempt
from sensory_games.ui.text import font, text_surface

#: The list shows at least this many attempts on every clinic screen.
LEAST_SHOWN = 10
#: Column headings, and the widest text each column can hold (for its width).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("When", "28 Nov 23:59"),
    ("Level", "L10"),
    ("Score", "0.00"),
    ("Time", "stopped"),
    ("Check-in", "5 to 5"),
)
#: The panel's first line (its widest form) and its last, when there is room.
TITLE, WIDEST_TITLE = "{count} attempts, latest first", "9999 attempts, latest first"
LEGEND = "Check-in: feeling before to after (1 very upset, 5 calm)"
#: Lines besides the attempts: the title and the column headings.
HEAD_LINES = 2


def attempt_line(
    attempt: StoredAttempt, pair: BeforeAfter | None, tz: tzinfo | None
) -> tuple[str, ...]:
    """One attempt's columns: `28 Nov 14:05`, `L3`, `0.82` (- unscored), `41.2 s` or
    `stopped`, `2 to 4` (feeling before, after; ? unanswered, - not asked or no check-in)."""
    moment = local(attempt.started_at, tz)
    score = "-" if attempt.accuracy is None else f"{attempt.accuracy:.2f}"
    if not attempt.completed:
        time = "stopped"
    else:
        time = "-" if attempt.completion_time_s is None else f"{attempt.completion_time_s:.1f} s"
    feeling = "-"
    if pair is not None:
        sides = ((pair.asked_before, pair.before), (pair.asked_after, pair.after))
        before, after = ("-" if not asked else "?" if v is None else str(v) for asked, v in sides)
        feeling = f"{before} to {after}"  # (the font has no arrow)
    return (
        f"{day_text(moment, year=False)} {moment:%H:%M}",
        f"L{attempt.level}",
        score,
        time,
        feeling,
    )


def latest_lines(
    attempts: Sequence[StoredAttempt], pairs: Sequence[BeforeAfter], tz: tzinfo | None
) -> list[tuple[str, ...]]:
    """Every attempt's line, latest first, each with its own before/after check-in."""
    by_attempt = {p.attempt_id: p for p in pairs if p.attempt_id is not None}
    return [attempt_line(a, by_attempt.get(a.id), tz) for a in reversed(attempts)]


def column_widths(size_px: int) -> list[int]:
    """Each column's width (px): its heading or its widest value, and a space."""
    face = font(size_px)
    space = face.size("  ")[0]
    return [max(face.size(head)[0], face.size(widest)[0]) + space for head, widest in COLUMNS]


def natural_width(size_px: int, pad_px: int) -> int:
    """The panel width (px) its widest line needs, `pad_px` either side."""
    face = font(size_px)
    return 2 * pad_px + max(sum(column_widths(size_px)), face.size(WIDEST_TITLE)[0])


def height_for(shown: int, size_px: int, pad_px: int) -> int:
    """The panel height (px) for `shown` attempts under the title and the headings."""
    return 2 * pad_px + (HEAD_LINES + shown) * font(size_px).get_linesize()


def fitting(height_px: int, size_px: int, pad_px: int) -> int:
    """How many attempts a panel `height_px` high shows."""
    return max(0, (height_px - 2 * pad_px) // font(size_px).get_linesize() - HEAD_LINES)


def draw_list(
    surface: pygame.Surface,
    lines: Sequence[tuple[str, ...]],
    size_px: int,
    pad_px: int,
    note: str | None = None,
) -> int:
    """The title, the headings and as many `lines` as fit (then the legend if there is
    room and a check-in); `note` instead of the table (no child...). Returns the number
    of attempts drawn."""
    surface.fill(PANEL)
    pygame.draw.rect(surface, GREY, surface.get_rect(), 1)
    step = font(size_px).get_linesize()
    x, y = pad_px, pad_px
    if note is not None:
        surface.blit(text_surface(note, size_px, INK), (x, y))
        return 0
    surface.blit(text_surface(TITLE.format(count=len(lines)), size_px, INK), (x, y))
    widths = column_widths(size_px)
    y += step
    _row(surface, [head for head, _widest in COLUMNS], widths, (x, y), size_px, GREY)
    shown = lines[: fitting(surface.get_height(), size_px, pad_px)]
    for line in shown:
        y += step
        _row(surface, line, widths, (x, y), size_px, INK)
    legend_fits = font(size_px).size(LEGEND)[0] <= surface.get_width() - 2 * pad_px
    room = y + 2 * step <= surface.get_height() - pad_px
    if legend_fits and room and any(line[-1] != "-" for line in shown):
        surface.blit(text_surface(LEGEND, size_px, GREY), (x, y + step))
    return len(shown)


def _row(
    surface: pygame.Surface,
    cells: Sequence[str],
    widths: Sequence[int],
    at: tuple[int, int],
    size_px: int,
    colour: tuple[int, int, int],
) -> None:
    x, y = at
    for cell, width in zip(cells, widths, strict=True):
        surface.blit(text_surface(cell, size_px, colour), (x, y))
        x += width
