"""What an activity says about itself in the printed report and the console: plain data.

Each activity class declares these as class attributes (:class:`Chart`, :class:`TotalsLine`,
:class:`Overlays`; defaults, nothing extra, on :class:`~sensory_games.activities.base.Activity`).
The report and the console's progress page draw every declaration the same way, so neither
names an activity or one of its metrics: adding an activity edits neither. No pygame and no
drawing here, so anything can read the declarations.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

#: Values every attempt has, whatever its activity (not an activity's metrics): the report's
#: accuracy and completion-time charts read them by these names.
ATTEMPT_VALUES: tuple[str, ...] = ("accuracy", "completion_time_s", "duration_s")
#: The units of the values every attempt has as columns (docs/metrics.md "Universal
#: columns"), as an activity's recorded metrics give theirs.
COLUMN_UNITS: Mapping[str, str] = {"accuracy": "0..1", "completion_time_s": "s"}
#: The unit of a share (told as a percentage); every other unit (count, s, ms, mm, mm/s,
#: 1/min) measures an amount, never below 0 unless the metric is declared signed.
SHARE = "0..1"

#: What a :class:`Chart` can be: "per_hand" draws two metrics (left hand, right hand) as
#: two lines; "signed_times" one signed time per attempt around a zero line.
CHART_KINDS: tuple[str, ...] = ("per_hand", "signed_times")

#: Printed for a value an attempt does not have.
MISSING = "–"


@dataclass(frozen=True)
class Chart:
    """One more chart on the activity's report page, under accuracy and completion time.

    `metrics`: "per_hand" reads two (left hand first, then right hand), "signed_times" one.
    `axis` is the y-axis label (its unit, and how to read it); `empty` what the chart says
    when no attempt has the metrics. "per_hand" only: `fraction` puts y from 0 to 1 at
    quarters (a share or an accuracy), else y starts at 0. "signed_times" only: `legend`
    labels its line, `hollow` draws hollow squares instead of filled dots (told apart in
    black and white print).
    """

    kind: str
    title: str
    metrics: tuple[str, ...]
    axis: str
    empty: str
    fraction: bool = False
    legend: str = ""
    hollow: bool = False

    def __post_init__(self) -> None:
        if self.kind not in CHART_KINDS:
            raise ValueError(f"chart {self.title!r}: kind {self.kind!r} is not in {CHART_KINDS}")
        wanted = 2 if self.kind == "per_hand" else 1
        if len(self.metrics) != wanted:
            raise ValueError(
                Sentence.tr_n(
                    "chart {title}: a {kind} chart reads {count} metric, not {metrics}",
                    "chart {title}: a {kind} chart reads {count} metrics, not {metrics}",
                    wanted,
                    title=repr(self.title),
                    kind=self.kind,
                    count=wanted,
                    metrics=self.metrics,
                )
            )
        if self.kind == "per_hand" and (self.legend or self.hollow):
            raise ValueError(f"chart {self.title!r}: a per_hand chart labels its own lines")
        if self.kind == "signed_times" and (self.fraction or not self.legend):
            raise ValueError(
                f"chart {self.title!r}: a signed_times chart needs a legend and is not 0..1"
            )


def _fields(text: str) -> tuple[str, ...]:
    """The value names in `text`'s {name:format} fields, in order."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(text) if name)


class _Filler(string.Formatter):
    """str.format, with :data:`MISSING` for a value that is None (whatever its format)."""

    def format_field(self, value: object, format_spec: str) -> str:
        return MISSING if value is None else super().format_field(value, format_spec)


def fill(text: str, values: Mapping[str, float | None]) -> str:
    """`text` with each {name:format} replaced by values[name] (None: :data:`MISSING`)."""
    return _Filler().vformat(text, (), values)


@dataclass(frozen=True)
class TotalsLine:
    """A line under the title of the activity's report page: `text` with each
    {metric:format} field replaced by that metric's total over the attempts shown (an
    attempt without the metric adds 0), e.g. "Left hand first in {left_first:.0f} trials"."""

    text: str

    @property
    def metrics(self) -> tuple[str, ...]:
        return _fields(self.text)

    def __post_init__(self) -> None:
        if not self.metrics:
            raise ValueError(f"totals line {self.text!r} names no metric")


@dataclass(frozen=True)
class Overlays:
    """The activity's attempts have a path (the target) to draw the child's finger over:
    the report shows the latest `columns` x `rows` of them on one page.

    Each overlay's caption ends "attempt " + `scores`, each {value:format} field there
    being the attempt's value ("accuracy" or a metric; :data:`MISSING` when it has none),
    e.g. "accuracy {accuracy:.2f}".
    """

    columns: int
    rows: int
    scores: str

    @property
    def most(self) -> int:
        """How many overlays the page holds."""
        return self.columns * self.rows

    @property
    def metrics(self) -> tuple[str, ...]:
        return _fields(self.scores)

    def __post_init__(self) -> None:
        if self.columns < 1 or self.rows < 1:
            raise ValueError(f"overlays: {self.columns} x {self.rows} is not a grid")
        if not self.metrics:
            raise ValueError(f"overlay scores {self.scores!r} name no value")


#: Which way a followed measure gets better.
BETTER: tuple[str, ...] = ("higher", "lower")


@dataclass(frozen=True)
class Measure:
    """A measure a therapist follows over an activity's attempts: the report and the
    console chart it with a trend per level, and the report's summary tells a family how
    it changed at the child's latest level.

    Only what the child's play changes is followed: a time the level fixes (a drum
    pattern's length, a breathing guide's breaths) is left out by not declaring it, so no
    trend is ever drawn through it. `value` is "accuracy", "completion_time_s" or a
    metric's name (an attempt without it is skipped: a metric added later simply has no
    points yet); `title` the chart's title, `plain` the same in a family's words (no
    jargon: "how closely the finger kept to the line"); `unit` printed after a number (""
    for a count); `percent`: a 0..1 share, drawn 0..1 and told as a percentage; `better`
    "higher" or "lower"; `step` the least change (in the value's own unit, a share for a
    percent) the summary calls a change rather than "about the same"; `digits` after the
    decimal point when told.
    """

    value: str
    title: str
    plain: str
    better: str
    step: float
    unit: str = ""
    percent: bool = False
    digits: int = 0

    def __post_init__(self) -> None:
        if self.better not in BETTER:
            raise ValueError(f"measure {self.value!r}: better {self.better!r} is not in {BETTER}")
        if self.step <= 0:
            raise ValueError(f"measure {self.value!r}: step {self.step} must be above 0")


#: Followed unless an activity declares its own: accuracy and completion time.
ACCURACY_PLAIN = N_("how much of the task was done right")
TIME_PLAIN = N_("the time to finish")
ACCURACY = Measure("accuracy", N_("Accuracy"), ACCURACY_PLAIN, "higher", 0.05, percent=True)
COMPLETION_TIME = Measure(
    "completion_time_s", N_("Completion time"), TIME_PLAIN, "lower", 2.0, N_("s")
)
DEFAULT_FOLLOWED: tuple[Measure, ...] = (ACCURACY, COMPLETION_TIME)


def metrics_read(
    charts: tuple[Chart, ...],
    lines: tuple[TotalsLine, ...],
    overlays: Overlays | None,
    followed: tuple[Measure, ...] = (),
) -> frozenset[str]:
    """Every activity metric these declarations read (not the :data:`ATTEMPT_VALUES`)."""
    names = [
        *(measure.value for measure in followed),
        *(name for chart in charts for name in chart.metrics),
        *(name for line in lines for name in line.metrics),
        *(overlays.metrics if overlays else ()),
    ]
    return frozenset(names) - set(ATTEMPT_VALUES)


@dataclass(frozen=True)
class ShownActivity:
    """What the report and the console show of one activity, as its class declares it
    (activities/base.py): its title, extra charts, totals lines, trace overlays, whether
    the console replays its latest trace, its variants' names and the measures followed.
    The report and the console are handed these for every installed activity
    (`activities.showing()`), so they name no activity."""

    title: str
    charts: tuple[Chart, ...] = ()
    totals: tuple[TotalsLine, ...] = ()
    overlays: Overlays | None = None
    replayable: bool = False
    #: Its stored variants in words ("touch" -> "touch screen"), marked for the catalogs.
    variants: Mapping[str, str] = field(default_factory=dict)
    #: The measures a therapist follows, charted first with a trend per level, in order.
    followed: tuple[Measure, ...] = DEFAULT_FOLLOWED
    #: Every value its attempts can record, name -> unit as docs/metrics.md gives it
    #: (accuracy and completion_time_s, then what its scoring records): the metrics a goal
    #: may be set on.
    recorded: Mapping[str, str] = field(default_factory=lambda: dict(COLUMN_UNITS))
    #: Those of them that may be below 0 (a signed time: ahead of the beat, left first).
    signed: frozenset[str] = frozenset()

    @property
    def metrics(self) -> frozenset[str]:
        """The names of the activity metrics its declarations read."""
        return metrics_read(self.charts, self.totals, self.overlays, self.followed)

    def measure(self, name: str) -> Measure | None:
        """The followed measure of the value `name`, None when it is not followed."""
        return next((m for m in self.followed if m.value == name), None)

    def variant_name(self, variant: str) -> str:
        """`variant` in words (still English: translated where shown), or as stored."""
        return self.variants.get(variant, variant)


#: Each installed activity's declarations by slug.
Showing = Mapping[str, ShownActivity]


def shown(showing: Showing, slug: str) -> ShownActivity:
    """What is shown of `slug`; for an activity no longer installed, its slug as the title
    and nothing beyond accuracy and completion time."""
    return showing.get(slug) or ShownActivity(title=slug)
