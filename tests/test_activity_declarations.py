"""Activities own what is said about them: each class declares its extra report charts,
lines of totals, path overlays and console replay as plain data (report_spec.py), and the
report and the console draw whatever is declared. Nothing in report/ or console/ names an
activity or one of its metrics, so adding an activity edits neither."""

from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from records import contact

from sensory_games.activities import REGISTRY, showing
from sensory_games.activities.base import Activity
from sensory_games.activities.bubbles import BubblesActivity
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.report_spec import (
    ATTEMPT_VALUES,
    MISSING,
    Chart,
    Overlays,
    ShownActivity,
    TotalsLine,
    fill,
    metrics_read,
    shown,
)
from sensory_games.services.report.data import overlay
from sensory_games.storage import AttemptRecord, Repository

PACKAGE = Path(__file__).resolve().parents[1] / "sensory_games"
UTC = timezone.utc
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SQUARE = [[10.0, 10.0], [60.0, 10.0], [60.0, 60.0], [10.0, 60.0], [10.0, 10.0]]


def declared_names() -> set[str]:
    """Every registered slug and every metric name an activity's declarations read."""
    return {*REGISTRY, *(name for cls in REGISTRY.values() for name in cls.reported_metrics())}


def named_in(text: str, names: set[str]) -> set[str]:
    """The `names` a string constant names: equal to one, or (for a name with an
    underscore, never an English word) containing it as a word."""
    words = set(re.findall(r"\w+", text))
    return {n for n in names if text == n or ("_" in n and n in words)}


def test_nothing_in_the_report_or_the_console_names_an_activity_or_its_metrics() -> None:
    names = declared_names()
    assert {"tracing", "bilateral_mirror", "left_accuracy", "coverage"} <= names  # real names
    found = []
    for folder in ("services/report", "engine/console"):
        for file in sorted((PACKAGE / folder).glob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found += [f"{file.name}:{node.lineno} {n}" for n in named_in(node.value, names)]
    assert found == []


#: The places outside activities/ that name an activity's slug or metric, and why each may.
NAMED_ON_PURPOSE = {
    # the check_in.calming setting of configs/app.yaml: a key of the settings file (ask
    # around the calm-down), named like the activity but no activity id
    ("domain/config.py", "calming"),
    # the tracing measures (tracing and mirror drawing score paths with it) are named and
    # given their units where they are computed
    ("domain/path_scoring.py", "coverage"),
    ("domain/path_scoring.py", "extra_lifts"),
    ("domain/path_scoring.py", "drawing_time_s"),
    # a goal's metric is any an activity records: its docstring's and the command line's
    # worked example (a tracing goal on extra lifts) name one
    ("domain/goals.py", "extra_lifts"),
    ("cli/examples.py", "extra_lifts"),
    # the mastery rule's limits on the agreed tracing measures (app.yaml
    # mastery.advance_coverage, advance_extra_lifts), read from an attempt's metrics by
    # name: an activity that does not measure them is not asked for them
    ("domain/mastery.py", "coverage"),
    ("domain/mastery.py", "extra_lifts"),
    # the example in TotalsLine's docstring of the text a declaration gives
    ("domain/report_spec.py", "left_first"),
    # the sample clinic that make screenshots and the layout check show: data, the history
    # of one made-up clinic, which played these three activities (no behaviour hangs on it)
    ("engine/sample_clinic.py", "tracing"),
    ("engine/sample_clinic.py", "bilateral_drum"),
    ("engine/sample_clinic.py", "calming"),
}


def slugs_and_metrics_named(folder: Path) -> set[tuple[str, str]]:
    """(file relative to the package, name) for each slug or declared metric named in a
    string constant of a module under `folder`, activities/ left out."""
    names = declared_names()
    found = set()
    for file in sorted(folder.rglob("*.py")):
        relative = file.relative_to(PACKAGE)
        if relative.parts[0] == "activities":
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= {(relative.as_posix(), n) for n in named_in(node.value, names)}
    return found


def test_nothing_outside_the_activities_names_an_activity_or_its_metrics() -> None:
    """The whole package: a new activity edits only activities/ (and its configs); what
    the rest needs to know of it, it reads from the activity's declarations."""
    found = slugs_and_metrics_named(PACKAGE)
    assert ("domain/config.py", "calming") in found  # the scan reached the whole package
    assert sorted(found - NAMED_ON_PURPOSE) == []


def test_the_scan_catches_a_slug_or_a_metric_in_code_and_in_words() -> None:
    names = {"tracing", "left_accuracy"}
    assert named_in("tracing", names) == {"tracing"}
    assert named_in("accuracy: {left_accuracy}", names) == {"left_accuracy"}
    assert named_in("overlays of the tracing attempts", names) == set()  # prose, not a slug


#: The activities the report and the console named before each declared itself.
BEFORE = (
    "bilateral_both",
    "bilateral_drum",
    "bilateral_hold",
    "bilateral_mirror",
    "bubbles",
    "calming",
    "tracing",
)


def test_the_declarations_are_what_the_report_and_console_showed_before() -> None:
    """The charts kinds, overlay grids and replays the report and console hard-coded, for
    the seven activities they knew (a new activity declares what it likes)."""
    before = {slug: REGISTRY[slug] for slug in BEFORE}
    charts = {
        slug: [(c.kind, c.metrics) for c in cls.report_charts] for slug, cls in before.items()
    }
    assert {slug: kinds for slug, kinds in charts.items() if kinds} == {
        "bilateral_both": [("signed_times", ("onset_gap_signed_mean_ms",))],
        "bilateral_drum": [
            ("per_hand", ("left_asynchrony_mean_abs_ms", "right_asynchrony_mean_abs_ms")),
            ("per_hand", ("left_within_window_share", "right_within_window_share")),
        ],
        "bilateral_mirror": [
            ("per_hand", ("left_accuracy", "right_accuracy")),
            ("signed_times", ("lag_mean_ms",)),
        ],
    }
    grids = {
        slug: (cls.report_overlays.columns, cls.report_overlays.rows)
        for slug, cls in before.items()
        if cls.report_overlays
    }
    assert grids == {"bilateral_mirror": (1, 4), "tracing": (2, 3)}
    assert {slug for slug, cls in before.items() if cls.replayable} == set(grids)


def test_an_activity_no_longer_installed_gets_the_defaults() -> None:
    what = shown(showing(), "retired_game")
    assert what == ShownActivity("retired_game", (), (), None, False)
    assert Activity.reported_metrics() == frozenset()


def test_the_report_and_console_are_shown_every_activity_as_its_class_declares() -> None:
    assert showing().keys() == REGISTRY.keys()
    for slug, cls in REGISTRY.items():
        what = showing()[slug]
        assert (what.title, what.charts, what.totals) == (
            cls.title,
            cls.report_charts,
            cls.report_totals,
        )
        assert (what.overlays, what.replayable) == (cls.report_overlays, cls.replayable)


# -- the spec types -----------------------------------------------------------------------


def test_fill_prints_a_missing_value_as_a_dash_whatever_its_format() -> None:
    text = "accuracy {accuracy:.2f}, coverage {coverage:.2f}"
    assert fill(text, {"accuracy": 0.5, "coverage": None}) == f"accuracy 0.50, coverage {MISSING}"
    assert fill("{left_first:.0f} trials", {"left_first": 3.0}) == "3 trials"


def test_lines_and_overlays_read_the_metrics_their_text_names() -> None:
    line = TotalsLine("Left first {left_first:.0f}, right first {right_first:.0f}.")
    assert line.metrics == ("left_first", "right_first")
    spec = Overlays(2, 3, "accuracy {accuracy:.2f}, coverage {coverage:.2f}")
    assert (spec.most, spec.metrics) == (6, ("accuracy", "coverage"))
    # accuracy is every attempt's, not an activity's metric:
    assert metrics_read((), (line,), spec) == {"left_first", "right_first", "coverage"}
    assert set(ATTEMPT_VALUES) == {"accuracy", "completion_time_s", "duration_s"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("bars", "T", ("a",), "ms", "none"), "kind 'bars' is not in"),
        (("per_hand", "T", ("a",), "ms", "none"), "reads 2 metrics"),
        (("signed_times", "T", ("a", "b"), "ms", "none"), "reads 1 metric,"),
        (("signed_times", "T", ("a",), "ms", "none"), "needs a legend"),
    ],
)
def test_a_chart_that_cannot_be_drawn_is_refused_when_declared(arguments, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Chart(*arguments)


def test_lines_and_overlays_that_name_nothing_are_refused() -> None:
    with pytest.raises(ValueError, match="names no metric"):
        TotalsLine("Left hand first.")
    with pytest.raises(ValueError, match="is not a grid"):
        Overlays(0, 3, "accuracy {accuracy:.2f}")


# -- the report draws what is declared ----------------------------------------------------


def bubbles_attempt(repository: Repository, n: int, pops: tuple[float, float]) -> None:
    """A completed bubbles attempt with two per-hand metrics, a target path and a contact."""
    child = repository.profile_by_alias("Zebulon") or repository.add_profile(
        alias="Zebulon", animal="cat", colour=1
    )
    at = NOW - timedelta(days=1, minutes=-n)
    session = repository.start_session(child.id, at)
    target = {"kind": "trace", "tolerance_mm": 5.0, "items": [{"shape": "square",
              "shown_at_s": 0.0, "strokes": [SQUARE]}]}  # fmt: skip
    metrics = {"left_pops": Metric(pops[0], "count"), "right_pops": Metric(pops[1], "count")}
    repository.save_attempt(
        AttemptRecord(
            session_id=session,
            profile_id=child.id,
            activity="bubbles",
            variant="standard",
            level=1,
            parameters={},
            intensity={"preset": "balanced"},
            started_at=at,
            result=Result(True, 20.0, 20.0, 0.75, metrics, None, target),
            samples=list(contact([(10.0 + 5 * i, 11.0) for i in range(11)], 100.5, pointer_id=7)),
            samples_start=100.0,
        )
    )


def test_a_declared_chart_totals_and_overlays_reach_the_report_unedited(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bubbles declares nothing extra today: give it a chart, a line of totals and
    overlays, and the report draws them (nothing in the report changed)."""
    pytest.importorskip("uharfbuzz")
    from sensory_games.services.report import ReportRequest, build_report
    from sensory_games.services.report.layout import page_texts

    chart = Chart("per_hand", "Pops per hand", ("left_pops", "right_pops"), "count", "no pops")
    monkeypatch.setattr(BubblesActivity, "report_charts", (chart,))
    line = TotalsLine("Popped {left_pops:.0f} with the left hand in all.")
    monkeypatch.setattr(BubblesActivity, "report_totals", (line,))
    monkeypatch.setattr(BubblesActivity, "report_overlays", Overlays(1, 2, "pops {right_pops:.0f}"))
    for n, pops in enumerate(((3.0, 4.0), (5.0, 6.0), (7.0, 8.0))):
        bubbles_attempt(repository, n, pops)
    pages = build_report(
        repository, ReportRequest(alias="Zebulon", now=NOW, tz=UTC, showing=showing())
    ).pages
    assert len(pages) == 3  # page 1, the bubbles page, its overlays
    page = pages[1]
    titles = [c.title_text for c in page.charts]
    assert titles == ["Accuracy", "Completion time", "Pops per hand"]
    hands = page.charts[2]
    assert hands.legend_words == ["left hand", "right hand"]
    assert [list(d.ys) for d in hands.drawn if d.label] == [[3, 5, 7], [4, 6, 8]]
    words = page_texts([page])
    assert "Popped 15 with the left hand in all." in words
    captions = [t for t in page_texts([pages[2]]) if "attempt pops" in t]
    assert captions == ["attempt pops 8", "attempt pops 6"]


def test_an_attempt_of_an_activity_without_overlays_has_none(repository: Repository) -> None:
    bubbles_attempt(repository, 0, (1.0, 2.0))  # a trace target and samples, no declaration
    (attempt,) = repository.attempts()
    target, samples = repository.target(attempt.id), repository.samples(attempt.id)
    assert target and samples
    assert overlay(attempt, target, samples, UTC, shown(showing(), "bubbles").overlays) is None


def test_every_variant_a_shipped_level_stores_has_a_name_in_the_report(
    make_app, repository: Repository
) -> None:
    """The variant each shipped level logs (Calm's "breathing-balloon", tracing's guides...)
    is one the activity names for the report and the console: none printed as stored."""
    from helpers import open_activity

    from sensory_games.engine.scenes.activity_menu import ActivityMenuScene

    app = make_app((800, 480))
    unnamed = []
    for slug, activity_class in sorted(REGISTRY.items()):
        for level in range(1, len(app.child.levels(slug)) + 1):
            scene = open_activity(app, repository, slug, level)
            if scene.activity.variant not in activity_class.report_variants:
                unnamed.append((slug, level, scene.activity.variant))
            app.stack.pop_to(ActivityMenuScene)
    assert unnamed == []
