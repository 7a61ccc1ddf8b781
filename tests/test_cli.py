"""The command line: every expected failure is one plain line, never a traceback."""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sensory_games.cli import EXIT_NO_DISPLAY, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_launcher_without_a_display_says_so_in_one_sentence() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == EXIT_NO_DISPLAY
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "make demo" in lines[0]


def test_autoplay_logs_real_attempts_and_export_has_one_row_each(tmp_path, capsys) -> None:
    data = str(tmp_path / "data")
    code, out, _ = run(
        [
            "autoplay",
            "--headless",
            "--activity",
            "bubbles",
            "--level",
            "2",
            "--attempts",
            "3",
            "--seed",
            "5",
            "--data-dir",
            data,
        ],
        capsys,
    )
    assert code == 0
    saved = [line for line in out.splitlines() if line.startswith("saved attempt ")]
    assert len(saved) == 3
    code, out, _ = run(
        ["export", "--format", "csv", "--data-dir", data, "--out", str(tmp_path / "a.csv")], capsys
    )
    assert code == 0 and "3 attempts" in out
    rows = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8", newline="")))
    assert [row["attempt_id"] for row in rows] == [line.split()[2] for line in saved]
    assert {row["profile"] for row in rows} == {"Autoplay"}
    assert {row["level"] for row in rows} == {"2"}


def test_autoplay_records_frames_at_the_asked_rate(tmp_path, capsys) -> None:
    frames = tmp_path / "frames"
    code, _, _ = run(
        [
            "autoplay",
            "--headless",
            "--activity",
            "bubbles",
            "--level",
            "1",
            "--skill",
            "1",
            "--data-dir",
            str(tmp_path / "d"),
            "--record-frames",
            str(frames),
            "--record-fps",
            "4",
            "--windowed",
            "640x480",
        ],
        capsys,
    )
    assert code == 0
    names = sorted(p.name for p in frames.iterdir())
    assert names[0] == "frame_00001.png" and len(names) >= 8


def test_same_seed_gives_the_same_attempts(tmp_path, capsys) -> None:
    outputs = []
    for run_dir in ("a", "b"):
        run(
            [
                "autoplay",
                "--headless",
                "--activity",
                "all",
                "--level",
                "2",  # every activity (its second level: quick, and not the simplest)
                "--attempts",
                "1",
                "--seed",
                "9",
                "--data-dir",
                str(tmp_path / run_dir),
            ],
            capsys,
        )
        run(
            [
                "export",
                "--data-dir",
                str(tmp_path / run_dir),
                "--out",
                str(tmp_path / f"{run_dir}.csv"),
            ],
            capsys,
        )
        rows = list(csv.reader((tmp_path / f"{run_dir}.csv").open(newline="")))
        outputs.append([row[4:7] + row[8:12] + row[13:] for row in rows])
    assert outputs[0] == outputs[1]


def test_profiles_add_list_show(tmp_path, capsys) -> None:
    data = ["--data-dir", str(tmp_path)]
    code, out, _ = run(
        [
            "profiles",
            "add",
            "Sam",
            "--animal",
            "cat",
            "--age-band",
            "3-5",
            "--hand",
            "left",
            "--intensity",
            "calm",
            *data,
        ],
        capsys,
    )
    assert code == 0 and "added Sam" in out
    code, out, _ = run(["profiles", "list", *data], capsys)
    assert "Sam" in out and "calm" in out
    code, out, _ = run(["profiles", "show", "sam", *data], capsys)
    assert "dominant hand: left" in out and "visual 0.30" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["profiles", "add", "Sam", "--age-band", "40"], "age_band = '40': must be one of"),
        (["profiles", "show", "Nobody"], "no profile called 'Nobody'"),
        (["export", "--profile", "Nobody"], "no profile called 'Nobody'"),
        (["autoplay", "--headless", "--activity", "nope"], "no activity 'nope'"),
        (
            ["autoplay", "--headless", "--activity", "bubbles", "--level", "99"],
            "--level 99: bubbles has levels 1 to 6",
        ),
    ],
)
def test_mistakes_are_one_line_with_exit_status_2(tmp_path, capsys, args, needle) -> None:
    main(["profiles", "add", "Sam", "--data-dir", str(tmp_path)])
    capsys.readouterr()
    code, _, err = run([*args, "--data-dir", str(tmp_path)], capsys)
    assert code == EXIT_USAGE
    assert needle in err and len(err.strip().splitlines()) == 1


def test_a_broken_config_stops_start_up_naming_file_key_and_value(
    tmp_path, config_copy, capsys, monkeypatch
) -> None:
    levels = config_copy / "activities" / "bubbles.yaml"
    levels.write_text(levels.read_text().replace("target_mm: 35", "target_mm: -3"))
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(config_copy))
    code, _, err = run(["autoplay", "--headless", "--data-dir", str(tmp_path)], capsys)
    assert code == EXIT_USAGE
    assert "bubbles.yaml: levels[2].target_mm = -3: must be a number between 8 and 80 mm" in err


def test_data_folder_comes_from_the_environment_when_not_given(
    tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("SENSORY_GAMES_DATA", str(tmp_path / "env-data"))
    code, _, _ = run(["profiles", "add", "Ada"], capsys)
    assert code == 0 and (tmp_path / "env-data" / "sensory_games.db").exists()


def test_a_damaged_log_is_moved_aside_and_reported(tmp_path, capsys) -> None:
    (tmp_path / "sensory_games.db").write_bytes(b"this is not a database" * 100)
    code, _, err = run(["profiles", "list", "--data-dir", str(tmp_path)], capsys)
    assert code == 0 and "moved to sensory_games.db.damaged-" in err
    assert len(list(tmp_path.glob("sensory_games.db.damaged-*"))) == 1


def test_export_samples_writes_every_pointer_sample_and_json_keeps_the_target(tmp_path, capsys):
    data = str(tmp_path / "data")
    run(
        [
            "autoplay",
            "--headless",
            "--activity",
            "tracing",
            "--level",
            "1",
            "--skill",
            "1",
            "--data-dir",
            data,
        ],
        capsys,
    )
    code, _, _ = run(
        ["export", "--samples", "--data-dir", data, "--out", str(tmp_path / "s.csv")], capsys
    )
    assert code == 0
    rows = list(csv.reader((tmp_path / "s.csv").open(newline="")))
    assert rows[0] == [
        "attempt_id",
        "t_ms",
        "x_mm",
        "y_mm",
        "pointer",
        "phase",
        "source",
        "key_hand",
    ]
    assert {row[6] for row in rows[1:]} == {"touch"} and {row[7] for row in rows[1:]} == {""}
    phases = [row[5] for row in rows[1:]]
    assert phases[0] == "down" and set(phases) <= {"down", "move", "up"} and "move" in phases
    times = [float(row[1]) for row in rows[1:]]
    assert times == sorted(times)
    run(
        [
            "export",
            "--samples",
            "--format",
            "json",
            "--data-dir",
            data,
            "--out",
            str(tmp_path / "s.json"),
        ],
        capsys,
    )
    import json

    attempt = json.loads((tmp_path / "s.json").read_text())["profiles"][0]["sessions"][0][
        "attempts"
    ][0]
    assert attempt["origin"] == "autoplay" and attempt["px_per_mm"] > 0
    assert attempt["target"]["items"][0]["shape"] == "vertical_line"
    assert len(attempt["samples"]) == len(rows) - 1


def test_autoplay_never_writes_into_the_clinic_log_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SENSORY_GAMES_DATA", str(tmp_path / "clinic"))
    code, out, _ = run(["autoplay", "--headless", "--activity", "bubbles", "--level", "1"], capsys)
    assert code == 0 and str(tmp_path / "clinic" / "autoplay") in out
    assert not (tmp_path / "clinic" / "sensory_games.db").exists()


def test_an_export_refuses_to_overwrite_the_log(tmp_path, capsys):
    main(["profiles", "add", "Sam", "--data-dir", str(tmp_path)])
    code, _, err = run(
        ["export", "--data-dir", str(tmp_path), "--out", str(tmp_path / "sensory_games.db")], capsys
    )
    assert code == EXIT_USAGE and "database file" in err


def test_every_command_the_parser_declares_has_one_function_that_runs_it() -> None:
    """A command added to the parser but not to entry.RUNS (or the other way round) would
    only fail when someone types it."""
    import importlib

    from sensory_games.cli.entry import RUNS
    from sensory_games.cli.parser import COMMANDS

    assert set(RUNS) == {None} | {command.name for command in COMMANDS}
    for module, function in RUNS.values():
        assert callable(getattr(importlib.import_module(f"sensory_games.cli.{module}"), function))


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "here", "export"],
        ["export", "--data-dir", "here"],
        ["--data-dir", "here", "profiles", "list"],
        ["profiles", "list", "--data-dir", "here"],
        ["--data-dir", "here"],
    ],
)
def test_the_data_folder_is_taken_before_or_after_the_command(argv: list[str]) -> None:
    from sensory_games.cli.parser import build_parser

    assert build_parser().parse_args(argv).data_dir == "here"


def test_the_safety_check_takes_no_data_folder(capsys) -> None:
    """It opens no log, so it does not pretend to use one."""
    with pytest.raises(SystemExit) as stopped:
        main(["safety-check", "--data-dir", "here"])
    assert stopped.value.code == EXIT_USAGE
    assert "unrecognized arguments: --data-dir here" in capsys.readouterr().err


def test_no_two_command_line_modules_import_each_other() -> None:
    """The parser, the entry point and the commands share errors.py instead of importing
    one another (the parser once imported the commands, which imported the parser back)."""
    import ast

    folder = ROOT / "sensory_games" / "cli"
    imports = {
        path.stem: {
            node.module.rpartition(".")[2]
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("sensory_games.cli.")
        }
        for path in folder.glob("*.py")
    }
    both_ways = sorted((a, b) for a, deps in imports.items() for b in deps if a in imports[b])
    assert imports["errors"] == set() and both_ways == []


def test_version_prints_the_exact_build(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--version` says which build runs: the version and the commit (sensory_games/version.py),
    as every attempt records it; main.py in this checkout says what this process says."""
    import types

    from sensory_games import __version__
    from sensory_games.version import BUILD_MODULE, build_version

    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout == f"sensory-games {build_version()}\n"
    built = types.ModuleType(BUILD_MODULE)
    built.LABEL = "g1a2b3c4"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, BUILD_MODULE, built)
    build_version.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            main(["--version"])
    finally:
        build_version.cache_clear()
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"sensory-games {__version__}+g1a2b3c4\n"


def test_ctrl_d_at_the_pin_prompt_changes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    def ended(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", ended)
    assert main(["pin", "set", "--data-dir", str(tmp_path)]) == EXIT_USAGE
    assert "no PIN was typed (the input ended): nothing changed" in capsys.readouterr().err
    assert not (tmp_path / "adult-pin").exists()


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`sensory-games config show | head -1`: the pipe closes under the printing."""
    reader = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "config", "show", "--config-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # (head stopped reading before the app wrote)
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) in (0, 141)
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_an_export_that_cannot_be_written_says_why_in_plain_words(tmp_path, capsys) -> None:
    """--out under a file (a folder's name taken): said so, naming the file in the way,
    with what to do, not "[Errno 20] Not a directory"; nothing is written."""
    from records import fill_device

    from sensory_games.storage import Repository

    data = tmp_path / "data"
    log = Repository(data)
    fill_device(log, "Mia")
    log.close()
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    for command, name in (
        (["export", "--format", "json"], "x.json"),
        (["report", "--profile", "Mia"], "x.pdf"),
        (["profiles", "export", "Mia"], "x.yaml"),
    ):
        out = afile / "sub" / name
        code, _, err = run([*command, "--data-dir", str(data), "--out", str(out)], capsys)
        assert code == 2 and f"{afile} is a file, not a folder: choose another --out" in err
        assert "Errno" not in err and afile.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (errno.EACCES, "this app may not write in {folder} (no permission, or a read-only disk)"),
        (errno.EROFS, "this app may not write in {folder} (no permission, or a read-only disk)"),
        (errno.ENOSPC, "the disk is full: free some space or choose another --out"),
    ],
)
def test_why_an_output_file_was_not_written(tmp_path, number: int, said: str) -> None:
    """The half-written copy's name is never what the IT person reads: the folder is; an
    error about a file elsewhere (a font, a cache) is said as the system says it."""
    from sensory_games.services.private_files import why_not_written

    out = tmp_path / "usb" / "x.csv"
    partial = tmp_path / "usb" / ".x.csv.123.ab.partial"
    error = OSError(number, os.strerror(number), str(partial))
    assert str(why_not_written(error, out)).startswith(said.format(folder=out.parent))
    elsewhere = OSError(number, os.strerror(number), "/home/clinic/.cache/fontlist.json")
    assert why_not_written(elsewhere, out) is elsewhere


def test_an_output_problem_above_the_folder_or_not_a_file_is_said_plainly(tmp_path) -> None:
    """No permission to make a folder above --out's (said of the folder it was to be made
    in); a device where a folder must be (/dev/null); a full disk named elsewhere (a
    cache) is not blamed on --out, one named nowhere (a write's) is."""
    from sensory_games.services.private_files import why_not_written

    (tmp_path / "usb").mkdir()
    out = tmp_path / "usb" / "new" / "sub" / "x.csv"
    above = PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / "usb/new"))
    assert str(why_not_written(above, out)).startswith(
        f"this app may not write in {tmp_path / 'usb'} (no permission"
    )
    device = FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), "/dev/null")
    assert str(why_not_written(device, Path("/dev/null/x.csv"))).startswith(
        "/dev/null is a file, not a folder"
    )
    cache = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/home/clinic/.cache/f.json")
    assert why_not_written(cache, out) is cache
    unnamed = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert str(why_not_written(unnamed, out)).startswith("the disk is full")


def test_profiles_add_says_the_longest_alias_it_takes(capsys: pytest.CaptureFixture[str]) -> None:
    """The help names the limit the app holds aliases to (it said 200 where 20 are
    taken: found by a tester)."""
    from sensory_games.domain.aliases import ALIAS_MOST_CHARS

    with pytest.raises(SystemExit):
        main(["profiles", "add", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert f"at most {ALIAS_MOST_CHARS} characters" in shown
