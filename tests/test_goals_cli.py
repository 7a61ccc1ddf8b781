"""`sensory-games goals add|list|end` and `sensory-games notes add|list`: what they print
and their one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers import TRACING_LEVELS
from records import at, log_attempt

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.outcome import Metric
from sensory_games.storage import Repository

ADD = [
    "goals", "add", "Sam", "--activity", "tracing", "--level", "4", "--metric", "extra_lifts",
    "--scale", "6,4,2,1,0", "--baseline", "-2", "--start", "2026-03-02", "--attempts", "3",
]  # fmt: skip


@contextmanager
def opened(data_dir: Path) -> Iterator[Repository]:
    log = Repository(data_dir)
    try:
        yield log
    finally:
        log.close()


def run(args: list[str], data_dir: Path, capsys) -> tuple[int, str, str]:
    code = main([*args[:2], "--data-dir", str(data_dir), *args[2:]])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_goal_is_added_listed_with_its_attainment_and_ended(data_dir: Path, capsys) -> None:
    with opened(data_dir) as log:
        child = log.add_profile(alias="Sam")
        session = log.start_session(child.id, at(0))
        for minute, lifts in ((1, 4), (2, 2), (3, 3)):
            log_attempt(log, child, session, minute, activity="tracing", level=4,
                        metrics={"extra_lifts": Metric(lifts, "count")})  # fmt: skip
    code, out, err = run(ADD, data_dir, capsys)
    assert (code, err) == (0, "")
    goal_id = out.split()[1]
    code, out, _ = run(["goals", "list", "Sam"], data_dir, capsys)
    assert code == 0
    assert f"{goal_id}  tracing level 4  extra_lifts" in out
    assert "-2..+2: 6 / 4 / 2 / 1 / 0 (less is better); baseline -2" in out
    # median of 4, 2, 3 is 3: at or below -1's 4, above 0's 2
    assert "attainment -1: median 3 of the last 3 (of 3): 4, 2, 3" in out
    assert "T-score (1 goal): 40.0" in out
    assert run(["goals", "end", "Sam", goal_id], data_dir, capsys)[:2] == (
        0, f"goal {goal_id} ended\n",
    )  # fmt: skip
    assert goal_id not in run(["goals", "list", "Sam"], data_dir, capsys)[1]
    assert goal_id in run(["goals", "list", "Sam", "--all"], data_dir, capsys)[1]


def test_bad_goals_are_one_line_errors(data_dir: Path, capsys) -> None:
    with opened(data_dir) as log:
        log.add_profile(alias="Sam")
    for change, says in (
        ({"--scale": "6,4,x,1,0"}, "--scale '6,4,x,1,0': must be five numbers separated by commas"),
        ({"--scale": "6,4,2"}, "thresholds = [6.0, 4.0, 2.0]: must be five numbers"),
        ({"--baseline": "0"}, "baseline = 0: must be -2 or -1"),
        ({"--level": "99"}, f"level = 99: tracing has levels 1 to {TRACING_LEVELS}"),
        ({"--start": "2026-13-01"}, "--start '2026-13-01': must be a day like 2026-12-01"),
        # metrics that could never be scored: a typo, the old name, percent for a share,
        # negative seconds
        ({"--metric": "extra_lift"}, "metric = 'extra_lift': tracing records: accuracy, "),
        ({"--metric": "pen_lifts"}, "extra_lifts, help_given, in_air_time_s, ncv_per_stroke"),
        ({"--metric": "accuracy", "--scale": "5,6.5,8,9,9.5"}, "accuracy is a share: each must"),
        ({"--metric": "completion_time_s", "--scale": "3,2,1,0,-1"},
         "completion_time_s (s) is never below 0"),
    ):  # fmt: skip
        args = list(ADD)
        for option, value in change.items():
            args[args.index(option) + 1] = value
        code, out, err = run(args, data_dir, capsys)
        assert code == EXIT_USAGE and out == ""
        assert err.startswith("sensory-games: ") and says in err and err.count("\n") == 1


def test_a_note_is_written_on_a_session_and_listed_under_it(data_dir: Path, capsys) -> None:
    with opened(data_dir) as log:
        child = log.add_profile(alias="Sam")
        session = log.start_session(child.id, at(0))
    code, out, _ = run(
        ["notes", "add", "--session", session[:8], "--author", "JS", "tired today"],
        data_dir,
        capsys,
    )
    # whose session it is, so a mistyped id is noticed
    assert (code, out) == (
        0, f"note saved on session {session[:8]} of Sam, started 2026-03-02T09:00 UTC\n"
    )  # fmt: skip
    run(["notes", "add", "--session", session[:8], "calm\nthen tired\n  after drum"], data_dir,
        capsys)  # fmt: skip
    code, out, _ = run(["notes", "list", "Sam"], data_dir, capsys)
    lines = out.splitlines()
    assert lines[1] == f"  {session[:8]}  2026-03-02T09:00"
    assert lines[2].endswith("(JS): tired today")
    # a note's later lines stand under its text, deeper than the next note
    assert lines[3].endswith(": calm") and lines[3].startswith("      2")
    assert lines[4:] == ["        then tired", "          after drum"]
    code, _, err = run(["notes", "add", "--session", "zzzzzzzz", "x"], data_dir, capsys)
    assert code == EXIT_USAGE
    assert err == "sensory-games: session = 'zzzzzzzz': no session in this log has that id\n"
