"""The progress page's list of the latest attempts: one compact line each (day and time,
level, score, time, the check-in before and after it), latest first, as many as the
panel holds. Every text is in the clinic's language: the day as it writes a short date,
the level in its short form, and each check-in in its own scale's words (`worried to
calm` on the faces, `yellow to green` on the zones: a 2 means something else on each, so
a bare number would mix them up). The page sizes the panel for at least
:data:`LEAST_SHOWN` attempts on every clinic screen, so the list needs no scroll bar;
the charts show every attempt.

Drawn into a surface the page shows as a pygame_gui image, in columns measured from the
widest text a column can hold, at the charts' text size (capitals of at least 3 mm).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

import pygame

from sensory_games.domain.check_in import SCALES, BeforeAfter
from sensory_games.domain.language import N_, Words
from sensory_games.engine.console.progress_chart import (
    GREY,
    INK,
    PANEL,
    level_mark,
    widest_day_px,
)
from sensory_games.services.report.data import day_text, local
from sensory_games.storage import StoredAttempt
from sensory_games.ui.text import font, measure, text_surface, wrapped

#: The list shows at least this many attempts on every clinic screen.
LEAST_SHOWN = 10
#: Column headings (marked for the catalogs; shown in the clinic's language).
COLUMNS: tuple[str, ...] = (N_("When"), N_("Level"), N_("Score"), N_("Time"), N_("Check-in"))
#: The panel's last lines, when there is room: this, then each listed scale's words.
LEGEND = N_("Check-in: feeling before to after")
#: Lines besides the attempts: the title and the column headings.
HEAD_LINES = 2
#: A feeling in a list cell, short, where a scale's own words are long: the zones by
#: their colour alone (domain/check_in.py ZONES, values 1..4), the legend giving the rest.
SHORT_WORDS: dict[str, tuple[str, ...]] = {
    "zones": (N_("blue"), N_("green"), N_("yellow"), N_("red")),
}
#: The level the Level column is sized for (two digits: the shipped activities have ten).
WIDEST_LEVEL = 10
#: What a side of a check-in shows when it was asked but not answered, and not asked.
UNANSWERED, NOT_ASKED = "?", "-"


def title(count: int, words: Words) -> str:
    """The panel's first line: how many attempts, latest first."""
    return words.tr_n(
        "{number} attempt, latest first", "{number} attempts, latest first", count, number=count
    )


def feeling(before: str, after: str, words: Words) -> str:
    """`worried to calm`: the feeling before an attempt and after it (the font has no
    arrow)."""
    return words.tr("{before} to {after}", before=before, after=after)


def feeling_word(scale: str, value: int, words: Words) -> str:
    """The short words of `value` on `scale` in `words`: `worried` (five faces), `green`
    (zones: SHORT_WORDS)."""
    short = SHORT_WORDS.get(scale)
    english = short[value - 1] if short else SCALES[scale].point(value).words
    return words.tr(english)


def widest_feeling(words: Words, size_px: int) -> str:
    """The widest check-in cell any scale can show in `words` (its widest word both
    before and after): what the column is sized for."""
    cells = []
    for name, scale in SCALES.items():
        shown = [feeling_word(name, p.value, words) for p in scale.points]
        wide = max(shown, key=lambda text: measure(text, size_px)[0])
        cells.append(feeling(wide, wide, words))
    return max(cells, key=lambda text: measure(text, size_px)[0])


def scale_legend(scale: str, words: Words) -> str:
    """What the numbers of one check-in scale mean, in `words`: `five faces: 1 sad,
    2 worried, 3 okay, 4 happy, 5 calm` (domain/check_in.py SCALES)."""
    points = [
        words.tr("{value} {feeling}", value=point.value, feeling=words.tr(point.words))
        for point in SCALES[scale].points
    ]
    listed = points[0]
    for point in points[1:]:
        listed = words.tr("{first}, {next}", first=listed, next=point)
    return words.tr("{scale}: {points}", scale=words.tr(SCALES[scale].title), points=listed)


def legend_lines(pairs: Sequence[BeforeAfter], words: Words) -> list[str]:
    """The legend of a list of `pairs`: its heading and the words of each scale the
    pairs were asked on (in SCALES' order; none when no pair was)."""
    scales = [name for name in SCALES if any(p.scale == name for p in pairs)]
    if not scales:
        return []
    return [words.tr(LEGEND), *(scale_legend(name, words) for name in scales)]


def attempt_line(
    attempt: StoredAttempt, pair: BeforeAfter | None, tz: tzinfo | None, words: Words
) -> tuple[str, ...]:
    """One attempt's columns: `28 Nov 14:05`, `L3`, `0.82` (- unscored), `41.2 s` or
    `stopped`, `worried to calm` (feeling before, after, in its scale's words; ?
    unanswered, - not asked or no check-in), all in `words`' language."""
    moment = local(attempt.started_at, tz)
    score = "-" if attempt.accuracy is None else f"{attempt.accuracy:.2f}"
    if not attempt.completed:
        time = words.tr("stopped")
    else:
        seconds = attempt.completion_time_s
        shown = "-" if seconds is None else f"{seconds:.1f}"
        time = "-" if seconds is None else words.tr("{seconds} s", seconds=shown)
    felt = NOT_ASKED
    if pair is not None:
        sides = ((pair.asked_before, pair.before), (pair.asked_after, pair.after))
        before, after = (
            NOT_ASKED
            if not asked
            else UNANSWERED
            if value is None
            else feeling_word(pair.scale, value, words)
            for asked, value in sides
        )
        felt = feeling(before, after, words)
    return (
        f"{day_text(moment, year=False, language=words.language)} {moment:%H:%M}",
        level_mark(attempt.level, words),
        score,
        time,
        felt,
    )


def latest_lines(
    attempts: Sequence[StoredAttempt],
    pairs: Sequence[BeforeAfter],
    tz: tzinfo | None,
    words: Words,
) -> list[tuple[str, ...]]:
    """Every attempt's line, latest first, each with its own before/after check-in."""
    by_attempt = {p.attempt_id: p for p in pairs if p.attempt_id is not None}
    return [attempt_line(a, by_attempt.get(a.id), tz, words) for a in reversed(attempts)]


def column_widths(size_px: int, words: Words) -> list[int]:
    """Each column's width (px): its heading or the widest text it can hold in `words`'
    language (the widest date it writes, the highest level, the widest check-in), and a
    space."""
    times = (words.tr("stopped"), words.tr("{seconds} s", seconds="999.9"))
    held = (
        (level_mark(WIDEST_LEVEL, words),),
        ("0.00",),
        times,
        (widest_feeling(words, size_px),),
    )
    space = measure("  ", size_px)[0]
    when = max(
        widest_day_px(size_px, words.language, " 23:59"), measure(words.tr(COLUMNS[0]), size_px)[0]
    )
    return [when + space] + [
        max(measure(text, size_px)[0] for text in (words.tr(head), *texts)) + space
        for head, texts in zip(COLUMNS[1:], held, strict=True)
    ]


def natural_width(size_px: int, pad_px: int, words: Words) -> int:
    """The panel width (px) its widest line needs, `pad_px` either side."""
    return 2 * pad_px + max(
        sum(column_widths(size_px, words)), measure(title(9999, words), size_px)[0]
    )


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
    words: Words,
    note: str | None = None,
    legend: Sequence[str] = (),
) -> int:
    """The title, the headings and as many `lines` as fit, then the `legend`
    (legend_lines: wrapped to the panel's width) if it all fits below them and a line
    shown has a check-in; `note` instead of the table (no child...). Every line starts at
    the panel's right in a language written right to left, its columns from the right.
    Returns the number of attempts drawn."""
    surface.fill(PANEL)
    pygame.draw.rect(surface, GREY, surface.get_rect(), 1)
    step = font(size_px).get_linesize()
    inner = surface.get_rect().inflate(-2 * pad_px, -2 * pad_px)
    y = inner.y
    at = _placer(surface, inner, size_px, words.right_to_left)
    if note is not None:
        at(note, 0, y, INK)
        return 0
    at(title(len(lines), words), 0, y, INK)
    widths = column_widths(size_px, words)
    y += step
    _row(at, [words.tr(head) for head in COLUMNS], widths, y, GREY)
    shown = lines[: fitting(surface.get_height(), size_px, pad_px)]
    for line in shown:
        y += step
        _row(at, line, widths, y, INK)
    said = [part for text in legend for part in wrapped(text, size_px, inner.w)]
    room = y + (len(said) + 1) * step <= surface.get_height() - pad_px
    if said and room and any(line[-1] != NOT_ASKED for line in shown):
        for part in said:
            y += step
            at(part, 0, y, GREY)
    return len(shown)


#: Draws a text in a column: (text, the column's start px from the line's start, y px,
#: colour).
Placer = Callable[[str, int, int, tuple[int, int, int]], None]


def _placer(surface: pygame.Surface, inner: pygame.Rect, size_px: int, rtl: bool) -> Placer:
    """How a text is put in a column of `inner`: from its left, or from its right in a
    language written right to left (the first column at the right)."""

    def at(text: str, start: int, y: int, colour: tuple[int, int, int]) -> None:
        rendered = text_surface(text, size_px, colour, rtl)
        x = inner.right - start - rendered.get_width() if rtl else inner.x + start
        surface.blit(rendered, (x, y))

    return at


def _row(
    at: Placer,
    cells: Sequence[str],
    widths: Sequence[int],
    y: int,
    colour: tuple[int, int, int],
) -> None:
    start = 0
    for cell, width in zip(cells, widths, strict=True):
        at(cell, start, y, colour)
        start += width
