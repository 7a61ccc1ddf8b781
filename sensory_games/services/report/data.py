"""The numbers behind a progress report, without any drawing (the drawing is in the page modules).

Everything takes stored records (:class:`~sensory_games.storage.StoredAttempt`,
before/after pairs) and returns plain values: per-activity series and their trends per
level (:mod:`~sensory_games.services.report.trends`), level changes, the summary table,
tick labels, and the tracing overlays' strokes and contacts.
Times are stored as UTC ISO-8601 text; the report prints them in a chosen time zone.
Words are in the language of the :class:`~sensory_games.domain.language.Words` handed in
(English when none is).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Any, Protocol

import numpy as np

from sensory_games.domain.check_in import BeforeAfter
from sensory_games.domain.language import SOURCE_LANGUAGE, Words, words
from sensory_games.domain.report_spec import (
    ATTEMPT_VALUES,
    Overlays,
    Showing,
    TotalsLine,
    fill,
    shown,
)
from sensory_games.services.report.names import abort_reason, shape_name
from sensory_games.services.report.trends import LevelRun, LevelTrend, level_runs, level_trends
from sensory_games.storage import LevelChange, StoredAttempt

#: The words of a report when no language is asked for.
ENGLISH = words(SOURCE_LANGUAGE)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: The summary table compares the median accuracy of the first and last this-many
#: scored attempts.
SUMMARY_WINDOW = 5


# -- time ---------------------------------------------------------------------------------


def parse_utc(text: str) -> datetime:
    """A stored UTC ISO-8601 time (`2026-11-28T10:02:03.123Z`) or date (`2026-11-28`) as an
    aware datetime; raises ValueError on anything else."""
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    moment = datetime.fromisoformat(cleaned)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local(text: str, tz: tzinfo | None) -> datetime:
    """A stored UTC time in time zone `tz` (None: this computer's)."""
    return parse_utc(text).astimezone(tz)


def day_text(moment: datetime, year: bool = True, language: str = SOURCE_LANGUAGE) -> str:
    """`28 Nov 2026` (or `28 Nov`) in English, the day first whatever the clinic's country;
    in another language as its speakers write a short date (Babel's CLDR data: `28 nov
    2026`, `2026年11月28日`, `28 نوفمبر 2026`)."""
    if language != SOURCE_LANGUAGE:
        from babel.dates import format_skeleton

        return format_skeleton("yMMMd" if year else "MMMd", moment, locale=language)
    text = f"{moment.day} {MONTHS[moment.month - 1]}"
    return f"{text} {moment.year}" if year else text


def time_text(moment: datetime, language: str = SOURCE_LANGUAGE) -> str:
    """`28 Nov 2026 09:44` (24-hour clock; the date as :func:`day_text` writes it)."""
    return f"{day_text(moment, language=language)} {moment:%H:%M}"


# -- level changes ------------------------------------------------------------------------


class Levelled(Protocol):
    """What :func:`level_changes` reads of an attempt."""

    @property
    def id(self) -> str: ...
    @property
    def activity(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def started_at(self) -> str: ...


@dataclass(frozen=True)
class LevelStep:
    """The level of `activity` went from `from_level` to `to_level` at the attempt
    `attempt_id`, the `index`-th (0-based) attempt of that activity. `reason` is why, when
    known (a stored level change: adult, bundle...); None when seen only in the attempts."""

    activity: str
    index: int
    attempt_id: str
    at: str
    from_level: int
    to_level: int
    reason: str | None = None

    @property
    def label(self) -> str:
        """`level 2→3`, in English (the console's chart)."""
        return self.label_in(ENGLISH)

    def label_in(self, words: Words) -> str:
        """`level 2→3` in `words`' language."""
        return words.tr("level {before}→{after}", before=self.from_level, after=self.to_level)


def level_changes(
    attempts: Iterable[Levelled], recorded: Iterable[LevelChange] = ()
) -> list[LevelStep]:
    """Every attempt whose level differs from the previous attempt of the same activity
    (other activities in between do not matter), in the order given. A `recorded` level
    change (an adult's, a bundle's) to that level between the two attempts gives the
    step its reason."""
    reasons: dict[str, list[LevelChange]] = {}
    for change in recorded:
        reasons.setdefault(change.activity, []).append(change)
    previous: dict[str, Levelled] = {}
    count: dict[str, int] = {}
    steps = []
    for attempt in attempts:
        index = count.get(attempt.activity, 0)
        count[attempt.activity] = index + 1
        before = previous.get(attempt.activity)
        if before is not None and before.level != attempt.level:
            why = [
                c.reason
                for c in reasons.get(attempt.activity, ())
                if c.to_level == attempt.level
                and before.started_at <= c.changed_at <= attempt.started_at
            ]
            steps.append(
                LevelStep(
                    attempt.activity,
                    index,
                    attempt.id,
                    attempt.started_at,
                    before.level,
                    attempt.level,
                    why[-1] if why else None,
                )
            )
        previous[attempt.activity] = attempt
    return steps


# -- per-activity series ------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One activity's attempts (in start order) with their attempt numbers 1..n."""

    slug: str
    title: str
    attempts: tuple[StoredAttempt, ...]

    @property
    def numbers(self) -> np.ndarray:
        return np.arange(1, len(self.attempts) + 1, dtype=float)

    def points(self, value: str, completed: bool | None = None) -> tuple[list[int], list[float]]:
        """(attempt numbers, values) of the attempts that have `value`: "accuracy",
        "completion_time_s", "duration_s" or a metric name; `completed` True/False keeps
        only completed / aborted attempts."""
        xs, ys = [], []
        for number, attempt in enumerate(self.attempts, start=1):
            if completed is not None and attempt.completed != completed:
                continue
            y = metric_value(attempt, value)
            if y is not None:
                xs.append(number)
                ys.append(y)
        return xs, ys

    def has(self, value: str) -> bool:
        return any(metric_value(a, value) is not None for a in self.attempts)

    @property
    def runs(self) -> list[LevelRun]:
        """The runs of attempts at one level, in order (a level change starts a new one)."""
        return level_runs([a.level for a in self.attempts])

    def trends(self, value: str, completed: bool | None = None) -> list[LevelTrend]:
        """The trend of `value` (as :meth:`points` reads it) within each level run: never
        one line across a level change, which resets the difficulty."""
        return level_trends(self.runs, *self.points(value, completed))


def metric_value(attempt: StoredAttempt, name: str) -> float | None:
    """`name`'s value for this attempt: one of ATTEMPT_VALUES (accuracy, completion time,
    duration) or a metric's (its unit as docs/metrics.md says); None when it has none."""
    if name in ATTEMPT_VALUES:
        value = getattr(attempt, name)
        return None if value is None else float(value)
    value = attempt.metric(name)
    return None if value is None else float(value)


def totals(series: Series, line: TotalsLine) -> str:
    """`line`'s text with its metrics' totals over the series' attempts."""
    return fill(
        line.text,
        {name: sum(metric_value(a, name) or 0.0 for a in series.attempts) for name in line.metrics},
    )


def by_activity(attempts: Sequence[StoredAttempt], showing: Showing) -> list[Series]:
    """The attempts split per activity, in slug order, each titled as `showing` says."""
    groups: dict[str, list[StoredAttempt]] = {}
    for attempt in attempts:
        groups.setdefault(attempt.activity, []).append(attempt)
    return [
        Series(slug, shown(showing, slug).title, tuple(groups[slug])) for slug in sorted(groups)
    ]


@dataclass(frozen=True)
class Summary:
    """One row of the page-1 table. Accuracies are medians (0..1) of the first and last
    :data:`SUMMARY_WINDOW` scored attempts (they overlap below twice that many)."""

    title: str
    attempts: int
    completed: int
    accuracy_first: float | None
    accuracy_last: float | None
    level: int
    accuracy_trend: LevelTrend | None = None


def summarise(series: Series) -> Summary:
    """The table row of `series` (at least one attempt), with the accuracy trend of its
    latest level run (the level the child played last), not one across levels."""
    _, scored = series.points("accuracy")
    trends = series.trends("accuracy")
    return Summary(
        series.title,
        len(series.attempts),
        sum(a.completed for a in series.attempts),
        statistics.median(scored[:SUMMARY_WINDOW]) if scored else None,
        statistics.median(scored[-SUMMARY_WINDOW:]) if scored else None,
        series.attempts[-1].level,
        trends[-1] if trends else None,
    )


def session_blocks(attempts: Sequence[StoredAttempt]) -> list[tuple[int, int]]:
    """Runs of consecutive attempts from one session, as (first, last) attempt numbers."""
    blocks: list[tuple[int, int]] = []
    for number, attempt in enumerate(attempts, start=1):
        if blocks and attempts[blocks[-1][1] - 1].session_id == attempt.session_id:
            blocks[-1] = (blocks[-1][0], number)
        else:
            blocks.append((number, number))
    return blocks


def day_ticks(
    times: Sequence[str], tz: tzinfo | None, most: int = 8, language: str = SOURCE_LANGUAGE
) -> list[tuple[int, str]]:
    """(position 1..n, `28 Nov`) at the first of `times` on each local day, thinned evenly
    to at most `most` (the first and the last day are always kept); dates in `language`."""
    ticks: list[tuple[int, str]] = []
    last_day = None
    for number, text in enumerate(times, start=1):
        moment = local(text, tz)
        if moment.date() != last_day:
            last_day = moment.date()
            ticks.append((number, day_text(moment, year=False, language=language)))
    if len(ticks) <= most:
        return ticks
    keep = sorted({round(i * (len(ticks) - 1) / (most - 1)) for i in range(most)})
    return [ticks[i] for i in keep]


def label_rows(
    positions: Sequence[float], widths: Sequence[float], rows: int = 2
) -> list[int | None]:
    """Row (0 = lowest) for each label centred at the sorted `positions` with `widths`
    (same unit), the lowest row where it does not overlap the previous label of that row;
    None: no room in any row (the label is left out)."""
    ends = [float("-inf")] * rows
    placed: list[int | None] = []
    for centre, width in zip(positions, widths, strict=True):
        row = next((r for r in range(rows) if centre - width / 2 >= ends[r]), None)
        if row is not None:
            ends[row] = centre + width / 2
        placed.append(row)
    return placed


# -- check-ins ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInCounts:
    """Before/after pairs by their change on the 1..5 scale; `unpaired` lacks an answer."""

    improved: int
    same: int
    worse: int
    unpaired: int

    @property
    def text(self) -> str:
        """The counts in one English sentence."""
        return self.text_in(ENGLISH)

    def text_in(self, words: Words) -> str:
        """The counts in one sentence in `words`' language."""
        total = self.improved + self.same + self.worse + self.unpaired
        return words.tr_n(
            "Of {total} before/after pair: {improved} more settled after, {same} the same, "
            "{worse} less settled, {unpaired} not both answered",
            "Of {total} before/after pairs: {improved} more settled after, {same} the same, "
            "{worse} less settled, {unpaired} not both answered",
            total,
            total=total,
            improved=self.improved,
            same=self.same,
            worse=self.worse,
            unpaired=self.unpaired,
        )


def count_changes(pairs: Iterable[BeforeAfter]) -> CheckInCounts:
    changes = [p.change for p in pairs]
    return CheckInCounts(
        sum(c is not None and c > 0 for c in changes),
        sum(c == 0 for c in changes),
        sum(c is not None and c < 0 for c in changes),
        sum(c is None for c in changes),
    )


# -- tracing overlays ---------------------------------------------------------------------

Stroke = np.ndarray  # (k, 2) x, y in screen mm


def contacts(samples: Iterable[dict[str, Any]], start_s: float, end_s: float) -> list[Stroke]:
    """The pointer contacts (finger down .. up or cancel) that began between `start_s`
    (inclusive) and `end_s` (exclusive) seconds into the attempt, as (k, 2) mm arrays."""
    open_paths: dict[int, list[tuple[float, float]]] = {}
    done: list[Stroke] = []
    for sample in samples:
        pointer = int(sample["pointer_id"])
        point = (float(sample["x_mm"]), float(sample["y_mm"]))
        if sample["phase"] == "down":
            if pointer in open_paths:  # a down without its up: close the old contact
                done.append(np.asarray(open_paths.pop(pointer)))
            if start_s <= float(sample["t_s"]) < end_s:
                open_paths[pointer] = [point]
        elif pointer in open_paths:
            open_paths[pointer].append(point)
            if sample["phase"] in ("up", "cancel"):
                done.append(np.asarray(open_paths.pop(pointer)))
    done.extend(np.asarray(p) for p in open_paths.values())
    return [c for c in done if len(c)]


@dataclass(frozen=True)
class Overlay:
    """One shape of one attempt to draw: the target strokes (mm), the band half-width
    (mm), the child's contacts (mm) and a caption."""

    attempt_id: str
    strokes: tuple[Stroke, ...]
    tolerance_mm: float
    contacts: tuple[Stroke, ...]
    caption: str

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the target plus the band, in mm."""
        points = np.concatenate(self.strokes)
        lo, hi = points.min(axis=0), points.max(axis=0)
        pad = self.tolerance_mm
        return float(lo[0] - pad), float(lo[1] - pad), float(hi[0] + pad), float(hi[1] + pad)


def overlay(
    attempt: StoredAttempt,
    target: dict[str, Any] | None,
    samples: Sequence[dict[str, Any]],
    tz: tzinfo | None,
    spec: Overlays | None,
    words: Words = ENGLISH,
) -> Overlay | None:
    """The last shape the child touched of an attempt whose activity declares overlays
    (`spec`: tracing, mirror drawing...), or None: no overlays declared, no usable target
    or samples. Its caption is in `words`' language."""
    if spec is None or not target or not samples:
        return None
    items = target.get("items") or []
    kind = target.get("kind")
    tolerance = float(target.get("tolerance_mm") or attempt.parameters.get("tolerance_mm") or 5)
    starts = [float(item.get("shown_at_s", 0.0)) for item in items]
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        paths = (
            item.get("strokes")
            if kind == "trace"
            else [
                *(item.get("left") or []),
                *(item.get("right") or []),
            ]
        )
        strokes = tuple(np.asarray(p, float) for p in paths or [] if len(p) >= 2)
        end = starts[index + 1] if index + 1 < len(items) else float("inf")
        touched = tuple(contacts(samples, starts[index], end))
        if strokes and touched:
            return Overlay(
                attempt.id,
                strokes,
                tolerance,
                touched,
                _caption(attempt, spec, item, index, items, tz, words),
            )
    return None


def _caption(
    attempt: StoredAttempt,
    spec: Overlays,
    item: dict[str, Any],
    index: int,
    items: list[Any],
    tz: tzinfo | None,
    words: Words,
) -> str:
    """Three lines: when and at which level, which shape, the attempt's scores."""
    shape = str(item.get("shape", "?"))
    values = {name: metric_value(attempt, name) for name in spec.metrics}
    scores = fill(words.tr(spec.scores), values)
    when = time_text(local(attempt.started_at, tz), words.language)
    which = words.tr(
        "shape “{shape}” ({number} of {count})",
        shape=shape_name(shape, words),
        number=index + 1,
        count=len(items),
    )
    if not attempt.completed:
        which = words.tr(
            "{shape}, stopped early ({reason})",
            shape=which,
            reason=abort_reason(attempt.abort_reason, words),
        )
    return "\n".join(
        (
            words.tr("{time}, level {level}", time=when, level=attempt.level),
            which,
            words.tr("attempt {scores}", scores=scores),
        )
    )
