"""Unit tests of sensory_games/report: the pure numbers (trend, level changes, labels,
contacts) and the written PDF/PNG (pages, privacy, missing data)."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from records import contact

from sensory_games.activities import showing
from sensory_games.domain.check_in import BeforeAfter, CheckIn
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import Profile
from sensory_games.domain.report_spec import ACCURACY
from sensory_games.services.report import (
    INSTALL_HINT,
    LevelStep,
    ReportRequest,
    build_report,
    level_changes,
    report_tools_missing,
    trend,
    write_report,
)
from sensory_games.services.report.data import (
    by_activity,
    contacts,
    count_changes,
    day_ticks,
    label_rows,
    overlay,
    summarise,
)
from sensory_games.services.report.layout import page_texts
from sensory_games.services.report.trends import LevelRun, change_text, level_runs, level_trends
from sensory_games.storage import AttemptRecord, LevelChange, Repository

pytest.importorskip("uharfbuzz")

ALIAS = "Zebulon"  # distinctive: must never turn up in a pseudonymised report
UTC = timezone.utc
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY_1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY_2 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
SQUARE = [[10.0, 10.0], [60.0, 10.0], [60.0, 60.0], [10.0, 60.0], [10.0, 10.0]]


def done(accuracy: float | None, seconds: float = 20.0, **metrics: float) -> Result:
    return Result(
        completed=True,
        duration_s=seconds,
        completion_time_s=seconds,
        accuracy=accuracy,
        metrics={name: Metric(value, "ms") for name, value in metrics.items()},
    )


def stopped(accuracy: float | None, seconds: float = 8.0) -> Result:
    return Result(False, seconds, None, accuracy, abort_reason="calm_down")


def trace_target() -> dict[str, object]:
    item = {"shape": "square", "repetition": 1, "guide": "full", "shown_at_s": 0.0}
    return {"kind": "trace", "tolerance_mm": 5.0, "px_per_mm": 4.0, "items": [
        {**item, "strokes": [SQUARE]}
    ]}  # fmt: skip


def traced(start: float) -> list[PointerEvent]:
    """One contact along the square's top edge (t from `start`)."""
    return list(contact([(10.0 + 5 * i, 11.0) for i in range(11)], start + 0.5, pointer_id=7))


def save(
    repository: Repository,
    profile: Profile,
    session: str,
    at: datetime,
    activity: str,
    level: int,
    result: Result,
    *,
    samples: bool = False,
    variant: str = "standard",
) -> str:
    if result.target is None and activity == "tracing":
        result = Result(
            result.completed, result.duration_s, result.completion_time_s, result.accuracy,
            {"coverage": Metric(0.9, "0..1")}, result.abort_reason,
            trace_target() if samples else None,
        )  # fmt: skip
    record = AttemptRecord(
        session_id=session,
        profile_id=profile.id,
        activity=activity,
        variant=variant,
        level=level,
        parameters={"tolerance_mm": 5.0},
        intensity={"preset": "balanced"},
        started_at=at,
        result=result,
        samples=traced(100.0) if samples else (),
        samples_start=100.0,
    )
    repository.save_attempt(record)
    return record.id


@pytest.fixture
def child(repository: Repository) -> Repository:
    """Zebulon, two sessions a week apart: bubbles (levels 1 1 2 2 3, one stopped early),
    drum (per-hand timing), calm (nothing to score), tracing (two with samples and a
    target, one without), and two before/after check-ins around the calm attempts."""
    zeb = repository.add_profile(alias=ALIAS, animal="cat", colour=1)
    other = repository.add_profile(alias="Mia", animal="owl", colour=2)
    mia_session = repository.start_session(other.id, DAY_1)
    save(repository, other, mia_session, DAY_1, "bubbles", 5, done(0.1))
    minute = timedelta(minutes=1)
    for day, levels in ((DAY_1, (1, 1, 2)), (DAY_2, (2, 3))):
        session = repository.start_session(zeb.id, day)
        at = day
        for level in levels:
            at += minute
            result = stopped(0.5) if level == 2 and day == DAY_2 else done(0.6 + 0.1 * level)
            save(repository, zeb, session, at, "bubbles", level, result)
            at += minute
            save(repository, zeb, session, at, "bilateral_drum", 1, done(
                0.8, 12.0, left_asynchrony_mean_abs_ms=40.0 + level,
                right_asynchrony_mean_abs_ms=50.0, left_within_window_share=0.8,
                right_within_window_share=0.7,
            ))  # fmt: skip
        at += minute
        calm = save(repository, zeb, session, at, "calming", 1, done(None, 60.0))
        for moment, feeling, offset in (("before", 2, -10), ("after", 4, 70)):
            repository.save_check_in(
                CheckIn(session, zeb.id, moment, feeling, at + timedelta(seconds=offset), 2.0, calm)
            )
        at += minute
        save(repository, zeb, session, at, "tracing", 1, done(0.9), samples=True)
    last = repository.start_session(zeb.id, DAY_2 + timedelta(hours=2))
    save(repository, zeb, last, DAY_2 + timedelta(hours=2), "tracing", 1, done(0.7))
    return repository


def texts(pages: list) -> list[str]:
    return page_texts(pages)


# -- pure numbers -------------------------------------------------------------------------


def test_trend_is_the_least_squares_line_and_needs_three_points():
    fit = trend([1, 2, 3, 4], [1.0, 3.0, 5.0, 7.0])
    assert fit is not None
    assert fit.slope == pytest.approx(2.0)
    assert fit.intercept == pytest.approx(-1.0)
    assert fit.n == 4
    assert fit.per(10) == pytest.approx(20.0)
    assert trend([1, 2], [0.5, 0.6]) is None
    assert trend([3, 3, 3], [0.1, 0.2, 0.3]) is None  # one x: no line
    scattered = trend([1, 2, 3], [0.5, 0.9, 0.7])
    assert scattered is not None and scattered.slope == pytest.approx(0.1)
    with pytest.raises(ValueError):
        trend([1, 2, 3], [1.0])


def test_change_text_per_ten_attempts():
    assert change_text(trend([1, 2, 3], [0.5, 0.504, 0.508]), "", 2) == "+0.04 per 10 attempts"
    assert change_text(trend([1, 2, 3], [30.0, 29.5, 29.0]), "s", 1) == "-5.0 s per 10 attempts"
    assert change_text(trend([1, 2, 3], [0.5, 0.4999, 0.4998]), "", 2) == (
        "+0.00 per 10 attempts"
    )  # never "-0.00"
    assert change_text(None, "s", 1) == "no trend (fewer than 3 points)"


def test_level_runs_split_at_every_change_and_a_level_played_again_is_a_new_run():
    assert level_runs([1, 1, 2, 2, 2, 1]) == [
        LevelRun(1, 1, 2),
        LevelRun(2, 3, 5),
        LevelRun(1, 6, 6),
    ]
    assert level_runs([]) == []


def test_a_child_who_improves_then_moves_up_has_two_rising_trends_not_a_falling_one():
    """Level 1: 0.5 0.6 0.7 (slope 0.1 an attempt); level 2, harder: 0.3 0.35 0.4 (0.05).
    One line across both would fall: over all six, mean x 3.5, mean y 0.475, Sxx 17.5,
    Sxy -0.825, slope -0.825 / 17.5 = -0.047 an attempt ("-0.47 per 10 attempts")."""
    xs, ys = [1, 2, 3, 4, 5, 6], [0.5, 0.6, 0.7, 0.3, 0.35, 0.4]
    across = trend(xs, ys)
    assert across is not None and across.slope == pytest.approx(-0.825 / 17.5)
    first, second = level_trends(level_runs([1, 1, 1, 2, 2, 2]), xs, ys)
    assert (first.level, first.xs, second.level, second.xs) == (1, (1, 2, 3), 2, (4, 5, 6))
    assert first.fit is not None and first.fit.slope == pytest.approx(0.1)
    assert second.fit is not None and second.fit.slope == pytest.approx(0.05)
    assert first.segment == (pytest.approx((1, 0.5)), pytest.approx((3, 0.7)))
    assert second.segment == (pytest.approx((4, 0.3)), pytest.approx((6, 0.4)))
    assert second.label("", 2) == "at level 2: +0.50 per 10 attempts"
    # a run with too few points has no line, and says so
    short = level_trends(level_runs([1, 1, 1, 2, 2]), xs[:5], ys[:5])
    assert short[1].fit is None and short[1].segment is None
    assert short[1].label("", 2) == "at level 2: no trend (fewer than 3 points)"
    with pytest.raises(ValueError):
        level_trends(level_runs([1]), [1], [])


def attempt(activity: str, level: int, n: int) -> SimpleNamespace:
    return SimpleNamespace(id=f"a{n}", activity=activity, level=level, started_at=f"t{n}")


def test_level_changes_per_activity_ignoring_others_in_between():
    sequence = [
        attempt("bubbles", 1, 0),
        attempt("tracing", 4, 1),
        attempt("bubbles", 1, 2),
        attempt("tracing", 4, 3),
        attempt("bubbles", 2, 4),
        attempt("tracing", 3, 5),
        attempt("bubbles", 2, 6),
        attempt("calming", 9, 7),
        attempt("bubbles", 3, 8),
        attempt("bubbles", 2, 9),
    ]
    assert level_changes(sequence) == [
        LevelStep("bubbles", 2, "a4", "t4", 1, 2),
        LevelStep("tracing", 2, "a5", "t5", 4, 3),
        LevelStep("bubbles", 4, "a8", "t8", 2, 3),
        LevelStep("bubbles", 5, "a9", "t9", 3, 2),
    ]
    assert [step.label for step in level_changes(sequence)][:2] == ["level 1→2", "level 4→3"]
    assert level_changes([]) == []
    assert level_changes([attempt("bubbles", 1, 0), attempt("bubbles", 1, 1)]) == []


def test_a_recorded_level_change_between_the_attempts_gives_the_reason():
    def change(activity: str, to_level: int, at: str, reason: str) -> LevelChange:
        return LevelChange("c", "d", "p", activity, None, to_level, reason, at)

    sequence = [attempt("bubbles", 1, 1), attempt("bubbles", 2, 3), attempt("bubbles", 3, 5)]
    recorded = [
        change("bubbles", 2, "t0", "too early: before the first attempt"),
        change("bubbles", 2, "t2", "therapist: ready"),
        change("tracing", 3, "t4", "another activity"),
        change("bubbles", 4, "t4", "a level never played"),
    ]
    assert [(s.label, s.reason) for s in level_changes(sequence, recorded)] == [
        ("level 1→2", "therapist: ready"),
        ("level 2→3", None),
    ]


def test_label_rows_stack_then_leave_out():
    # widths 2: the 2nd overlaps the 1st (row 1), the 3rd overlaps both (left out), the
    # 4th fits on row 0 again
    assert label_rows([1.0, 2.0, 2.5, 3.5], [2.0] * 4, rows=2) == [0, 1, None, 0]
    assert label_rows([], [], rows=2) == []


def test_day_ticks_first_attempt_of_each_day_thinned():
    times = ["2026-03-02T09:00:00.000Z", "2026-03-02T10:00:00.000Z", "2026-03-09T09:00:00.000Z"]
    assert day_ticks(times, UTC) == [(1, "2 Mar"), (3, "9 Mar")]
    many = [f"2026-03-{day:02d}T09:00:00.000Z" for day in range(1, 21)]
    ticks = day_ticks(many, UTC, most=5)
    assert len(ticks) == 5
    assert ticks[0] == (1, "1 Mar") and ticks[-1] == (20, "20 Mar")


def test_check_in_counts():
    pairs = [
        BeforeAfter("s", "a", "t", 2, 4, True, True),
        BeforeAfter("s", "b", "t", 3, 3, True, True),
        BeforeAfter("s", "c", "t", 4, 1, True, True),
        BeforeAfter("s", "d", "t", 2, None, True, True),
        BeforeAfter("s", None, "t", None, 5, False, True),
    ]
    counts = count_changes(pairs)
    assert (counts.improved, counts.same, counts.worse, counts.unpaired) == (1, 1, 1, 2)
    assert counts.text == (
        "Of 5 before/after pairs: 1 more settled after, 1 the same, 1 less settled, "
        "2 not both answered"
    )


def test_contacts_group_samples_down_to_up_in_the_time_window():
    samples = [
        {"t_s": 0.5, "pointer_id": 1, "phase": "down", "x_mm": 0.0, "y_mm": 0.0},
        {"t_s": 0.6, "pointer_id": 2, "phase": "down", "x_mm": 9.0, "y_mm": 9.0},
        {"t_s": 0.7, "pointer_id": 1, "phase": "move", "x_mm": 1.0, "y_mm": 0.0},
        {"t_s": 0.8, "pointer_id": 1, "phase": "up", "x_mm": 2.0, "y_mm": 0.0},
        {"t_s": 0.9, "pointer_id": 2, "phase": "cancel", "x_mm": 9.5, "y_mm": 9.0},
        {"t_s": 2.5, "pointer_id": 3, "phase": "down", "x_mm": 5.0, "y_mm": 5.0},
        {"t_s": 2.6, "pointer_id": 3, "phase": "up", "x_mm": 6.0, "y_mm": 5.0},
    ]
    found = contacts(samples, 0.0, 2.0)
    assert [c.tolist() for c in found] == [
        [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]],
        [[9.0, 9.0], [9.5, 9.0]],
    ]
    assert [c.tolist() for c in contacts(samples, 2.0, float("inf"))] == [[[5.0, 5.0], [6.0, 5.0]]]


def test_summary_and_overlay_from_stored_attempts(child: Repository):
    attempts = list(child.attempts(ALIAS))
    rows = {s.slug: summarise(s) for s in by_activity(attempts, showing())}
    bubbles = rows["bubbles"]
    assert (bubbles.attempts, bubbles.completed, bubbles.level) == (5, 4, 3)
    assert bubbles.accuracy_first == pytest.approx(0.7)  # median of 0.7 0.7 0.8 0.5 0.9
    assert rows["calming"].accuracy_first is None
    tracings = [a for a in attempts if a.activity == "tracing"]
    spec = showing()["tracing"].overlays
    first = tracings[0]
    drawn = overlay(first, child.target(first.id), child.samples(first.id), UTC, spec)
    assert drawn is not None
    assert len(drawn.contacts) == 1 and len(drawn.contacts[0]) == 11
    assert drawn.bounds == (5.0, 5.0, 65.0, 65.0)  # the square plus the 5 mm band
    assert "“square”" in drawn.caption and "accuracy 0.90, coverage 0.90" in drawn.caption
    assert overlay(tracings[-1], child.target(tracings[-1].id), [], UTC, spec) is None


# -- whole reports ------------------------------------------------------------------------


def test_pdf_report_pages_and_privacy(child: Repository, tmp_path: Path):
    out = tmp_path / "reports" / "zeb.pdf"
    summary = write_report(
        child, ReportRequest(alias=ALIAS, now=NOW, tz=UTC, showing=showing()), out
    )
    # page 1, one page per activity (bubbles, drum, calm, tracing), tracing overlays
    assert summary.pages == 6
    assert summary.attempts == 15
    assert summary.sessions == 3
    assert summary.activities == ("bilateral_drum", "bubbles", "calming", "tracing")
    assert summary.path == out
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 6
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["zeb.pdf"]  # no .partial left


def test_report_content(child: Repository):
    built = build_report(child, ReportRequest(alias=ALIAS, now=NOW, tz=UTC, showing=showing()))
    words = texts(built.pages)
    assert f"Progress report: {ALIAS}" in words
    assert "Period: 2 Mar 2026 – 9 Mar 2026" in words
    assert "Generated: 10 Mar 2026 12:00" in words
    assert "3 sessions, 15 attempts, on 1 device" in words
    # the calm page charts calm measures, never an accuracy or a completion time
    assert "Following the breathing guide" in words
    assert "Touches not asked for, per minute" in words
    assert "level 1→2" in words and "level 2→3" in words
    assert not [w for w in words if w.startswith("Level changes:")]  # (both labelled)
    assert "trend per level" in words  # the legend; the trend itself in the lines above
    assert any(w.startswith("Accuracy trend at level 3: ") for w in words)
    assert (
        "Of 2 before/after pairs: 2 more settled after, 0 the same, 0 less settled, "
        "0 not both answered" in words
    )
    for number in range(1, 7):
        assert f"Progress report · page {number} of 6" in words
    assert "Pop the bubbles" in words and "Drum to the beat" in words


def test_since_keeps_the_later_attempts(child: Repository):
    built = build_report(
        child, ReportRequest(alias=ALIAS, since="2026-03-05", now=NOW, tz=UTC, showing=showing())
    )
    assert built.attempts == 7
    assert "Period: 5 Mar 2026 – 9 Mar 2026" in texts(built.pages)


def test_title_name_replaces_the_alias_everywhere(child: Repository, tmp_path: Path):
    built = build_report(
        child,
        ReportRequest(alias=ALIAS, title_name="Child 7F3A", now=NOW, tz=UTC, showing=showing()),
    )
    words = texts(built.pages)
    assert "Progress report: Child 7F3A" in words
    assert not [w for w in words if ALIAS.lower() in w.lower()]
    out = tmp_path / "pseudonymised.pdf"
    write_report(
        child,
        ReportRequest(alias=ALIAS, title_name="Child 7F3A", now=NOW, tz=UTC, showing=showing()),
        out,
    )
    [title] = re.findall(rb"/Title <FEFF([0-9A-F]*)>", out.read_bytes())
    assert bytes.fromhex(title.decode()).decode("utf-16-be") == "Progress report: Child 7F3A"


def test_png_stacks_the_pages(child: Repository, tmp_path: Path):
    import pygame

    from sensory_games.ui.page_pixels import save_png

    out = tmp_path / "zeb.png"
    summary = write_report(
        child, ReportRequest(alias=ALIAS, now=NOW, tz=UTC, showing=showing()), out, save_png
    )
    image = pygame.surfarray.array3d(pygame.image.load(out)).swapaxes(0, 1) / 255
    height, width = image.shape[:2]
    assert height / width == pytest.approx(summary.pages * 11.69 / 8.27, rel=0.01)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    page = height // summary.pages
    assert image[:page].mean() < 1.0 and image[-page:].mean() < 1.0  # no blank page
    with pytest.raises(ValueError, match="needs a painter"):  # (a service draws no pixels)
        write_report(child, ReportRequest(alias=ALIAS, showing=showing()), tmp_path / "z.png")
    assert not (tmp_path / "z.png").exists()


def test_no_attempts_is_one_page(repository: Repository, tmp_path: Path):
    repository.add_profile(alias="Newcomer", animal="cat", colour=1)
    out = tmp_path / "new.pdf"
    summary = write_report(
        repository, ReportRequest(alias="Newcomer", now=NOW, tz=UTC, showing=showing()), out
    )
    assert (summary.pages, summary.attempts, summary.activities) == (1, 0, ())
    assert out.read_bytes().startswith(b"%PDF")
    words = texts(
        build_report(
            repository, ReportRequest(alias="Newcomer", now=NOW, tz=UTC, showing=showing())
        ).pages
    )
    assert "No attempts in this period." in words
    assert "No before/after check-ins in this period." in words
    assert "Period: up to 10 Mar 2026" in words


def test_a_child_who_only_checked_in_has_those_sessions_and_days_on_page_1(
    repository: Repository,
):
    """Two sessions where the child answered the check-ins but played nothing (came in,
    did not want to play): they were sessions, on this device, on those days."""
    child = repository.add_profile(alias="Shy", animal="cat", colour=1)
    for day in (2, 4):
        at = datetime(2026, 3, day, 10, tzinfo=UTC)
        session = repository.start_session(child.id, at)
        for moment, minutes in (("session_start", 0), ("session_end", 5)):
            asked = at + timedelta(minutes=minutes)
            repository.save_check_in(CheckIn(session, child.id, moment, 3, asked, 2.0))
    request = ReportRequest(alias="Shy", now=NOW, tz=UTC, showing=showing())
    built = build_report(repository, request)
    words = texts(built.pages)
    assert "2 sessions, 0 attempts, on 1 device" in words
    assert "Period: 2 Mar 2026 – 4 Mar 2026" in words
    assert "No attempts in this period." in words
    assert built.sessions == 2


def test_a_period_with_nothing_in_it_ends_where_it_was_asked_to(repository: Repository):
    """`--until 1 Mar` (before 2 Mar) with nothing played by then: "up to 1 Mar 2026",
    not the day the report was made; an end after today stays today."""
    repository.add_profile(alias="Newcomer", animal="cat", colour=1)
    for before, said in (("2026-03-02", "1 Mar 2026"), ("2027-01-01", "10 Mar 2026")):
        request = ReportRequest(alias="Newcomer", before=before, now=NOW, tz=UTC, showing=showing())
        assert f"Period: up to {said}" in texts(build_report(repository, request).pages)


def test_unknown_suffix_is_refused_before_anything_is_written(child: Repository, tmp_path: Path):
    for name in ("zeb.svg", "zeb", "zeb.pdf.txt"):
        with pytest.raises(ValueError, match=r"\.pdf .* \.png"):
            write_report(child, ReportRequest(alias=ALIAS, showing=showing()), tmp_path / name)
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_importing_the_report_loads_no_pygame_activity_or_harfbuzz() -> None:
    """Only drawing a report loads uharfbuzz (the optional extra) and, through the
    activities' declarations or a PNG, pygame: the CLI can say what is missing first. A
    fresh interpreter (this one has both loaded already)."""
    probe = (
        "import sys, sensory_games.services.report, sensory_games.services.report.data\n"
        "print(sorted(m for m in ('pygame', 'uharfbuzz', 'sensory_games.activities') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert loaded == "[]"


def test_report_tools_missing_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch):
    assert report_tools_missing() is None
    monkeypatch.setitem(sys.modules, "uharfbuzz", None)
    assert report_tools_missing() == INSTALL_HINT
    assert ".[report]" in INSTALL_HINT


def test_the_cli_writes_a_report_and_says_how_to_get_the_report_extra(
    child: Repository, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sensory_games.cli import main

    child.close()
    data = str(child.data_dir)
    out = tmp_path / "mia.pdf"
    assert main(["report", "--profile", "mia", "--out", str(out), "--data-dir", data]) == 0
    assert re.match(
        r"report of Mia: \d+ pages?, \d+ attempts?, written to ", (capsys.readouterr().out)
    )
    assert out.read_bytes().startswith(b"%PDF")
    png = tmp_path / "mia.png"
    assert main(["report", "--profile", "mia", "--out", str(png), "--data-dir", data]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    capsys.readouterr()
    audit = Repository(child.data_dir)
    [detail, _] = [e.detail for e in audit.audit_entries() if e.action == "report"]
    audit.close()
    assert re.fullmatch(rf"(1 page|\d+ pages) to {re.escape(str(out.resolve()))}", detail)
    assert main(["report", "--out", str(out), "--data-dir", data]) == 2
    assert "say whose with --profile ALIAS" in capsys.readouterr().err
    assert (
        main(["report", "--profile", "mia", "--out", str(tmp_path / "r.txt"), "--data-dir", data])
        == 2
    )
    assert "a report is written as .pdf" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "uharfbuzz", None)
    assert main(["report", "--profile", "mia", "--data-dir", data]) == 2
    assert "the report needs the `report` extra" in capsys.readouterr().err


# -- trends per level, labels and dates on the charts -------------------------------------


def report_of(repository: Repository, alias: str):
    """`alias`'s whole report, in UTC, generated at NOW."""
    return build_report(repository, ReportRequest(alias=alias, now=NOW, tz=UTC, showing=showing()))


@pytest.fixture
def moved_up(repository: Repository) -> Repository:
    """Noor at bubbles: level 1 improving (0.5 0.6 0.7, 30 20 10 s), then level 2, harder
    (0.3 0.35 0.4, 40 35 30 s), one attempt a day from 2 Mar."""
    noor = repository.add_profile(alias="Noor", animal="owl", colour=3)
    session = repository.start_session(noor.id, DAY_1)
    plays = [(1, 0.5, 30.0), (1, 0.6, 20.0), (1, 0.7, 10.0), (2, 0.3, 40.0), (2, 0.35, 35.0)]
    for day, (level, accuracy, seconds) in enumerate([*plays, (2, 0.4, 30.0)]):
        at = DAY_1 + timedelta(days=day)
        save(repository, noor, session, at, "bubbles", level, done(accuracy, seconds))
    return repository


def test_the_summary_states_the_trend_at_the_latest_level(moved_up: Repository):
    [series] = by_activity(list(moved_up.attempts("Noor")), showing())
    row = summarise(series)
    assert row.level == 2
    assert row.accuracy_trend is not None
    assert row.accuracy_trend.label("", 2) == "at level 2: +0.50 per 10 attempts"
    assert [t.fit.slope for t in series.trends("accuracy") if t.fit] == [
        pytest.approx(0.1),
        pytest.approx(0.05),
    ]
    words = texts(report_of(moved_up, "Noor").pages)
    assert "Accuracy trend at level 2: +0.50 per 10 attempts" in words
    assert "Completion time trend at level 2: -50.0 s per 10 attempts" in words
    assert "trend per level" in words  # the legend (the figures are in the lines above)
    assert not [w for w in words if "-0.47" in w]  # the old line across both levels


def test_report_charts_draw_one_rising_line_per_level_labelled_and_dated(moved_up: Repository):
    built = report_of(moved_up, "Noor")
    page = built.pages[1]
    accuracy = next(c for c in page.charts if c.title_text == "Accuracy")
    [line] = [d for d in accuracy.drawn if d.label.startswith("trend per level")]
    xs, ys = list(line.xs), list(line.ys)
    # two segments split by a gap (nan): attempts 1-3 and 4-6, each rising
    assert xs[:2] == [1, 3] and xs[3:5] == [4, 6]
    assert ys[1] > ys[0] and ys[4] > ys[3]
    assert ys[0] == pytest.approx(0.5) and ys[4] == pytest.approx(0.4)
    words = texts([page])
    assert "level 1→2" in words  # over the level line
    ticks = accuracy.x_labels
    assert ticks == ["2 Mar", "3 Mar", "4 Mar", "5 Mar", "6 Mar", "7 Mar"]


def test_no_chart_title_runs_into_its_legend(child: Repository):
    """Each chart's title, left above it, and its legend, right above it, stay apart."""
    checked = 0
    for page in report_of(child, ALIAS).pages:
        for chart in page.charts:
            if chart.legend_span is None or not chart.title_text:
                continue
            title = next(t for t in page.texts if t.text == chart.title_text and t.bold)
            assert title.x + title.width_pt < chart.legend_span[0], chart.title_text
            checked += 1
    assert checked >= 2  # accuracy and completion time at least


def test_every_activity_builds_and_every_text_is_at_least_8_pt(repository: Repository):
    from sensory_games.activities import REGISTRY

    ada = repository.add_profile(alias="Ada", animal="cat", colour=1)
    session = repository.start_session(ada.id, DAY_1)
    at = DAY_1
    for slug in sorted(REGISTRY):
        for level, accuracy in ((1, 0.6), (1, 0.7), (1, 0.8), (2, 0.5)):
            at += timedelta(minutes=1)
            save(repository, ada, session, at, slug, level, done(accuracy))
    built = report_of(repository, "Ada")
    assert built.activities == tuple(sorted(REGISTRY))
    assert len(built.pages) >= 1 + len(REGISTRY)
    sizes = {t.text: t.size_pt for page in built.pages for t in page.texts if t.text}
    assert min(sizes.values()) >= 8, [w for w, size in sizes.items() if size < 8]
    words = texts(built.pages)
    accuracy_followed = [c for c in REGISTRY.values() if ACCURACY in c.report_followed]
    assert len(accuracy_followed) >= 5  # (drum and calm follow their own measures)
    count = words.count("Accuracy trend at level 2: no trend (fewer than 3 points)")
    assert count == len(accuracy_followed)


CHECK_IN_TITLE = "How the child felt: check-ins before and after"


def check_in_page(pages: list) -> int:
    """The page number (from 1) that has the check-in chart's title."""
    (found,) = [
        number
        for number, page in enumerate(pages, start=1)
        for t in page.texts
        if t.text == CHECK_IN_TITLE
    ]
    return found


def every_activity_changing(repository: Repository, check_ins: bool) -> None:
    """Ada plays all seven activities 12 times each, better every time (page 1's summary
    says so for each, and its table has seven rows); with `check_ins`, a before and an
    after around each calm attempt."""
    from sensory_games.activities import REGISTRY

    ada = repository.add_profile(alias="Ada", animal="cat", colour=1)
    session = repository.start_session(ada.id, DAY_1)
    at = DAY_1
    for slug in sorted(REGISTRY):
        for n in range(12):
            at += timedelta(minutes=1)
            accuracy = 0.4 + 0.05 * n
            attempt_id = save(repository, ada, session, at, slug, 1, done(accuracy, 30.0 - n))
            if slug == "calming" and check_ins:
                for moment, feeling, offset in (("before", 2, -10), ("after", 3 + n % 2, 40)):
                    asked = at + timedelta(seconds=offset)
                    check_in = CheckIn(session, ada.id, moment, feeling, asked, 2.0, attempt_id)
                    repository.save_check_in(check_in)


def test_a_full_first_page_moves_the_check_in_chart_to_a_page_of_its_own(
    repository: Repository,
):
    """Seven activities that all changed make page 1's summary and table so long that the
    check-in chart's axes would have no height left (a report that used to fail): the chart
    gets page 2, at full height."""
    every_activity_changing(repository, check_ins=True)
    built = report_of(repository, "Ada")
    assert check_in_page(built.pages) == 2
    (chart,) = built.pages[1].charts
    assert chart.height_pt / 72 >= 4.6 - 1.45 - 0.01  # (inches)


def test_with_no_check_ins_the_one_line_saying_so_stays_on_a_full_page_1(
    repository: Repository,
):
    every_activity_changing(repository, check_ins=False)
    built = report_of(repository, "Ada")
    assert check_in_page(built.pages) == 1  # (no near-empty page 2 for one line)
    assert "No before/after check-ins in this period." in texts(built.pages[:1])


def test_a_short_first_page_keeps_the_check_in_chart(child: Repository):
    assert check_in_page(report_of(child, ALIAS).pages) == 1


def test_a_chart_with_no_trend_has_no_trend_in_its_legend(repository: Repository):
    """Two attempts (a trend needs three at a level): no dashed line, and the legend does not
    name one; with a third the line and its legend entry are there."""
    ada = repository.add_profile(alias="Ada", animal="cat", colour=1)
    session = repository.start_session(ada.id, DAY_1)
    for n in range(3):
        at = DAY_1 + timedelta(minutes=n + 1)
        save(repository, ada, session, at, "bubbles", 1, done(0.6 + 0.1 * n))
        page = report_of(repository, "Ada").pages[-1]  # (bubbles: its own page)
        accuracy = page.charts[0]
        legend = accuracy.legend_words
        trends = [d for d in accuracy.drawn if d.label == "trend per level"]
        assert ("trend per level" in legend) == (n == 2) == bool(trends), n
