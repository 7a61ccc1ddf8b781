"""A child's printable progress report: a multi-page A4 PDF, or the pages stacked in one PNG.

Page 1: who, when, a per-activity summary table and the before/after check-ins. Then one
page per activity played (accuracy and completion time over the attempts with their
trends and level changes, then the charts the activity declares: per-hand timing for
the two-handed activities...), and overlays of the latest attempts on their paths for the
activities that declare them (tracing, mirror drawing). Black and white print safe.
Every word is in the language asked for (the clinic's, app.yaml `clinic.language`: the
request's `language`), dates as that language writes them; any alias in any shipped
script prints in its Noto font (:mod:`sensory_games.services.pdf.fonts`).
The numbers come from :mod:`sensory_games.services.report.data`; the drawing (the
report's own PDF writer, :mod:`sensory_games.services.pdf`, which needs uharfbuzz: the
optional `report` extra) from the page's :mod:`~sensory_games.services.report.layout`,
page 1's :mod:`~sensory_games.services.report.summary_table` and
:mod:`~sensory_games.services.report.check_in_chart`, each activity's
:mod:`~sensory_games.services.report.activity_charts` and the tracing
:mod:`~sensory_games.services.report.overlay_page`; what each activity adds from its
class's declarations (:mod:`sensory_games.domain.report_spec`), which the caller hands in
(`showing`: the report is a service and imports no activity):

    request = ReportRequest(alias="Sam", showing=activities.showing())
    write_report(Repository(folder), request, Path("sam.pdf"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sensory_games.domain.check_in import BeforeAfter, before_after_pairs
from sensory_games.domain.language import N_, SOURCE_LANGUAGE, Words, check_language, words
from sensory_games.domain.page_shapes import PageDrawing
from sensory_games.domain.report_spec import Overlays, Showing, ShownActivity, shown
from sensory_games.domain.sentence import Sentence
from sensory_games.services.private_files import private_file
from sensory_games.services.report.data import (
    LevelStep,
    Overlay,
    Series,
    by_activity,
    count_changes,
    day_text,
    level_changes,
    local,
    overlay,
    parse_utc,
    summarise,
    time_text,
    totals,
)
from sensory_games.services.report.level_words import plain_reason
from sensory_games.services.report.names import plain_key
from sensory_games.services.report.plain_summary import family_summary, stopped_text, trend_text
from sensory_games.services.report.trends import Trend, trend
from sensory_games.storage import Repository, Selection

if TYPE_CHECKING:
    from sensory_games.services.pdf import Document, Page

__all__ = [
    "FORMATS",
    "INSTALL_HINT",
    "BuiltReport",
    "LevelStep",
    "ReportSummary",
    "Trend",
    "build_report",
    "level_changes",
    "report_tools_missing",
    "trend",
    "write_report",
]

INSTALL_HINT = "the report needs the `report` extra: .venv/bin/pip install -e '.[report]'"

#: What `out`'s suffix may be.
FORMATS = (".pdf", ".png")

#: Pixels per inch of the PNG pages (an A4 page is 827 x 1169 px).
PNG_DPI = 100

#: Height of page 1's check-in chart with its title, summary and legend (in).
CHECK_IN_CHART_IN = 4.6
#: Below this much room under page 1's table (in), the check-in chart goes on a page of
#: its own: its axes would be too short to read (or, under 1.45 in, not drawable at all).
SMALLEST_CHECK_IN_CHART_IN = 3.0
#: With no check-ins, the chart is its title and one line saying so: this much room (in).
CHECK_IN_NOTE_IN = 0.6


def report_tools_missing() -> str | None:
    """The install hint when uharfbuzz (the `report` extra: the report's text shaping and
    font subsets) cannot be imported, else None."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    return None


@dataclass(frozen=True)
class ReportSummary:
    """What a written report holds: its file, pages, attempts, sessions and the activity
    slugs with a section."""

    path: Path
    pages: int
    attempts: int
    sessions: int
    activities: tuple[str, ...]


@dataclass
class BuiltReport:
    """The report's document (A4 portrait pages, not yet written) and what it covers."""

    document: Document
    attempts: int
    sessions: int
    activities: tuple[str, ...]

    @property
    def pages(self) -> list[Page]:
        """The report's pages, in order."""
        return self.document.pages


def _suffix(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        given = (
            Sentence(N_("not {suffix}"), suffix=repr(out.suffix))
            if out.suffix
            else Sentence(N_("not a file without a suffix"))
        )
        raise ValueError(
            Sentence(
                N_(
                    "{file}: a report is written as .pdf (pages) or .png (pages stacked in one"
                    " image), {given}"
                ),
                file=out,
                given=given,
            )
        )
    return suffix


@dataclass(frozen=True, kw_only=True)
class ReportRequest:
    """Whose progress report, over which attempts, printed how.

    `alias`: the child; `since`/`before`: attempts started at or after `since` and before
    `before` (UTC ISO-8601 dates or times; None: no limit); `title_name` is printed instead
    of the alias (a pseudonymised report: the alias then appears nowhere in it); `now` the
    "generated" time (default: the clock); `tz` the time zone dates are printed in
    (default: this computer's); `showing`: what is shown of each activity
    (`sensory_games.activities.showing()`: the report imports no activity); `language`
    the report's (a shipped language's code: the clinic's, app.yaml `clinic.language`)."""

    alias: str
    showing: Showing
    since: str | None = None
    before: str | None = None
    title_name: str | None = None
    now: datetime | None = None
    tz: tzinfo | None = None
    language: str = SOURCE_LANGUAGE

    @property
    def name(self) -> str:
        """The name the report prints: the pseudonym, or the alias."""
        return self.title_name or self.alias


#: Draws pages (their drawings, at a resolution in pixels per inch) into one PNG written
#: to a file: ui/page_pixels.py's `save_png`, handed in by whoever asks for a PNG (a
#: service draws no pixels).
PngPainter = Callable[[Sequence[PageDrawing], BinaryIO, float], None]


def write_report(
    repository: Repository,
    request: ReportRequest,
    out: Path,
    paint_png: PngPainter | None = None,
) -> ReportSummary:
    """Write the `request`ed progress report to `out` (.pdf, or .png drawn by
    `paint_png`; anything else: ValueError). The file is readable by its owner only and
    appears all at once (written to a .partial file, then renamed)."""
    suffix = _suffix(out)
    if suffix == ".png" and paint_png is None:  # (a caller's mistake: never the user's)
        raise ValueError(f"{out}: a PNG report needs a painter (ui/page_pixels.save_png)")
    built = build_report(repository, request)
    with private_file(out, data_dir=repository.data_dir) as handle:
        if paint_png is not None and suffix == ".png":
            paint_png([page.drawing() for page in built.pages], handle, PNG_DPI)
        else:
            built.document.write(handle)
    return ReportSummary(out, len(built.pages), built.attempts, built.sessions, built.activities)


def build_report(repository: Repository, request: ReportRequest) -> BuiltReport:
    """The report's pages (see :func:`write_report`); nothing is written. Reads only the
    samples of the latest attempts that have overlays."""
    from sensory_games.services.report import layout
    from sensory_games.services.report.check_in_chart import check_in_chart
    from sensory_games.services.report.goals_page import goals_page
    from sensory_games.services.report.summary_table import summary_table

    alias, since, tz, showing = request.alias, request.since, request.tz, request.showing
    said = words(check_language(request.language))
    language = said.language
    start = parse_utc(since) if since else None
    moment = (request.now or datetime.now().astimezone()).astimezone(tz)
    selection = Selection(alias, since=since, before=request.before)
    attempts = list(repository.attempts(selection=selection))
    check_ins = list(repository.check_ins(selection=selection))
    pairs = before_after_pairs(check_ins)
    name = request.name
    series = [replace(s, title=said.tr(s.title)) for s in by_activity(attempts, showing)]
    child = repository.profile_by_alias(alias, include_archived=True)
    steps = level_changes(attempts, repository.level_changes(child.id) if child else ())
    # (a session where the child only answered the check-ins, and played nothing, counts)
    sessions = len({a.session_id for a in attempts} | {c.session_id for c in check_ins})
    times = sorted([a.started_at for a in attempts] + [c.asked_at for c in check_ins])
    end = parse_utc(request.before) - timedelta(microseconds=1) if request.before else None
    period = _period(times, start, min(moment, end) if end else moment, tz, said)
    title = said.tr("Progress report: {name}", name=name)
    document = layout.new_document(title)
    first = layout.new_page(document, said)
    devices = len({a.device_id for a in attempts} | {c.device_id for c in check_ins})
    lines = [
        said.tr("Period: {period}", period=period),
        said.tr("Generated: {time}", time=time_text(moment, language)),
        said.tr(
            "{sessions}, {attempts}, on {devices}",
            sessions=said.tr_n("{count} session", "{count} sessions", sessions, count=sessions),
            attempts=_attempts(said, len(attempts)),
            devices=said.tr_n("{count} device", "{count} devices", devices, count=devices),
        ),
    ]
    simulated = sum(a.origin != "child" for a in attempts)
    if simulated:
        lines.append(
            said.tr_n(
                "{count} of these attempts was played by the simulated child (autoplay), "
                "not by the child.",
                "{count} of these attempts were played by the simulated child (autoplay), "
                "not by the child.",
                simulated,
                count=simulated,
            )
        )
    y = layout.page_title(first, title, lines, said)
    told = family_summary(name, series, pairs, showing, said)
    if told:
        y = layout.paragraph(first, y + 0.05, said.tr("In short"), told, said)
    if attempts:
        rows = [summarise(s) for s in series]
        if child is not None:  # a level set after the last attempt counts too
            rows = [
                replace(row, level=repository.last_level(child.id, s.slug) or row.level)
                for row, s in zip(rows, series, strict=True)
            ]
        y = summary_table(first, y + 0.1, rows, said)
    else:
        layout.note(first, y + 0.2, said.tr("No attempts in this period."), said, size=12)
        y += 0.8
    height = min(CHECK_IN_CHART_IN, layout.A4_IN[1] - y - 1.0)
    needed = SMALLEST_CHECK_IN_CHART_IN if pairs else CHECK_IN_NOTE_IN
    if height < needed:  # (a long table: the chart, or its note, gets a page)
        layout.new_page(document, said)
        y, height = layout.TOP_IN, CHECK_IN_CHART_IN
    check_in_chart(document.pages[-1], y + 0.15, height, pairs, tz, said)
    hidden = request.title_name is not None  # (pseudonymised: no typed descriptions)
    if child:
        goals_page(document, repository, child.id, showing, said, hidden)
    for item in series:
        what = shown(showing, item.slug)
        _activity_page(document, item, what, steps, pairs, tz, said)
        spec = what.overlays
        overlays = _overlays(repository, item, spec, tz, said) if spec else []
        if spec and overlays:
            _overlay_page(document, item, spec, overlays, said)
    layout.finish_pages(document.pages, title, period, said)
    return BuiltReport(document, len(attempts), sessions, tuple(s.slug for s in series))


def _attempts(said: Words, count: int) -> str:
    """`3 attempts`, in the form `said`'s language uses for `count`."""
    return said.tr_n("{count} attempt", "{count} attempts", count, count=count)


def _period(
    times: Sequence[str],
    start: datetime | None,
    now: datetime,
    tz: tzinfo | None,
    said: Words,
) -> str:
    """The days the report covers (`times`: when each attempt started and each check-in
    was asked, UTC ISO-8601, in order): `5 Mar 2026 – 9 Mar 2026`, one day, or
    `up to ...`; with nothing in it, up to `now` (the last moment asked for, when that is
    earlier: `--until 1 Mar` says so, not today)."""
    first = start.astimezone(tz) if start else None
    if times:
        first = first or local(times[0], tz)
        last = local(times[-1], tz)
    else:
        last = now
    if first is None:
        return said.tr("up to {day}", day=day_text(last, language=said.language))
    same = first.date() == last.date()
    days = [day_text(moment, language=said.language) for moment in (first, last)]
    return days[0] if same else said.tr("{first} – {last}", first=days[0], last=days[1])


def _activity_page(
    document: Document,
    series: Series,
    what: ShownActivity,
    steps: Sequence[LevelStep],
    pairs: Sequence[BeforeAfter],
    tz: tzinfo | None,
    said: Words,
) -> None:
    from sensory_games.services.report import layout
    from sensory_games.services.report.activity_charts import activity_page

    page = layout.new_page(document, said)
    own = [s for s in steps if s.activity == series.slug]
    ids = {a.id for a in series.attempts}
    lines = _activity_lines(series, what, own, tz, said)
    own_pairs = [p for p in pairs if p.attempt_id in ids]
    if own_pairs:  # (the calm activities: how the child felt before and after)
        lines.append(count_changes(own_pairs).text_in(said))
    y = layout.page_title(page, series.title, lines, said)
    activity_page(page, y, series, own, tz, said, what.charts, what.followed)


def _activity_lines(
    series: Series,
    what: ShownActivity,
    steps: Sequence[LevelStep],
    tz: tzinfo | None,
    said: Words,
) -> list[str]:
    """What the page's charts cover and how to read them (each line wrapped to the
    page's width where it is drawn)."""
    attempts = series.attempts
    levels = sorted({a.level for a in attempts})
    if len(levels) == 1:
        level_text = said.tr("level {level}", level=levels[0])
    else:
        level_text = said.tr("levels {first}–{last}", first=levels[0], last=levels[-1])
    completed = sum(a.completed for a in attempts)
    sessions = len({a.session_id for a in attempts})
    variants = sorted({a.variant for a in attempts})
    variant_words = [plain_key(said.tr(what.variant_name(v))) for v in variants]
    in_sessions = said.tr_n("{count} session", "{count} sessions", sessions, count=sessions)
    lines = [
        said.tr(
            "{attempts} ({completed} completed) in {sessions}, {levels}",
            attempts=_attempts(said, len(attempts)),
            completed=completed,
            sessions=in_sessions,
            levels=level_text,
        ),
        said.tr_n(
            "Variant: {names}",
            "Variants: {names}",
            len(variants),
            names=", ".join(variant_words),
        ),
        said.tr(
            "Black dots: completed attempts; hollow triangles: stopped early. Shaded: every "
            "other session; dash-dot lines: level changes. Trend lines: least squares within "
            "each level (a new level resets difficulty)."
        ),
        *(
            said.tr(
                "{measure} trend {trend}",
                measure=said.tr(m.title),
                trend=trend_text(series, m, said),
            )
            for m in what.followed
            if series.has(m.value)
        ),
    ]
    stopped = stopped_text(attempts, said)
    if stopped:
        lines.append(stopped)
    unscored = sum(a.accuracy is None for a in attempts)
    if unscored:
        lines.append(
            said.tr_n(
                "Accuracy: {count} of {total} attempt had nothing to score (not shown).",
                "Accuracy: {count} of {total} attempts had nothing to score (not shown).",
                len(attempts),
                count=unscored,
                total=len(attempts),
            )
        )
    from sensory_games.services.report.activity_charts import unlabelled

    if steps and unlabelled(series, steps, said):  # (how many: some have no label)
        lines.append(
            said.tr_n(
                "Level changes: {count} (a dash-dot line).",
                "Level changes: {count} (dash-dot lines, labelled above the first chart where"
                " there is room).",
                len(steps),
                count=len(steps),
            )
        )
    for step, why in [(s, s.reason) for s in steps if s.reason][-3:]:  # the latest, with why
        day = day_text(local(step.at, tz), language=said.language)
        change, reason = step.label_in(said), plain_reason(why, said)
        lines.append(said.tr("{day}: {change}, {reason}", day=day, change=change, reason=reason))
    lines.extend(totals(series, replace(line, text=said.tr(line.text))) for line in what.totals)
    return lines


def _overlays(
    repository: Repository, series: Series, spec: Overlays, tz: tzinfo | None, said: Words
) -> list[Overlay]:
    """The latest attempts that have a target and samples (newest first), as many as the
    activity's overlay page holds; looks at a few more attempts than it shows, never all
    of them."""
    most = spec.most
    found: list[Overlay] = []
    for attempt in list(reversed(series.attempts))[: most * 3]:
        item = overlay(
            attempt, repository.target(attempt.id), repository.samples(attempt.id), tz, spec, said
        )
        if item is not None:
            found.append(item)
            if len(found) == most:
                break
    return found


def _overlay_page(
    document: Document, series: Series, spec: Overlays, overlays: Sequence[Overlay], said: Words
) -> None:
    from sensory_games.services.report import layout
    from sensory_games.services.report.overlay_page import OVERLAY_KEY, overlay_page

    page = layout.new_page(document, said)
    title = said.tr_n(
        "{title}: the latest {count} attempt on the path",
        "{title}: the latest {count} attempts on the path",
        len(overlays),
        title=series.title,
        count=len(overlays),
    )
    y = layout.page_title(page, title, [said.tr(OVERLAY_KEY)], said)
    overlay_page(page, y + 0.1, overlays, said, columns=spec.columns, rows=spec.rows)
