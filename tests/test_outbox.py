"""Nothing is reported saved unless it is in the log: what the log refuses waits in the
outbox and in a fallback file (a complete JSON export, samples and all) that `recover`
brings back; start-up says one is waiting; autoplay counts only committed attempts and
exits non-zero when any could not be written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import on_the_menu
from test_storage_faults import FAULTS, play_one

from sensory_games.app import App
from sensory_games.cli import main
from sensory_games.merge import merge, read_source
from sensory_games.outbox import waiting_files
from sensory_games.records import check_document
from sensory_games.scenes.play import ActivityScene
from sensory_games.storage import Repository

ROOT = Path(__file__).resolve().parent.parent


def play_tracing(app, clock) -> None:
    """One tracing attempt (samples and a target), ended by the child early."""
    from helpers import run_frames

    scene = ActivityScene(app, "tracing", 1, seed=4)
    app.push(scene)
    bot = scene.activity.bot_class(scene.activity, 4, 0.8)
    import pygame

    for _ in range(round(3 * app.fps)):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame()
    scene.back()
    run_frames(app, clock, 0.2)


def test_what_the_log_refuses_waits_in_a_complete_fallback_file(make_app, clock, repository):
    app = make_app()
    repository.guest_profile()
    with FAULTS["locked by another program"](repository):
        on_the_menu(app, repository)  # even the session's start is refused
        play_one(app, clock, 1)
        play_tracing(app, clock)
        assert len(app.unsaved_attempts) == 2
        [file] = waiting_files(app.outbox.folders)
        assert file.parent == repository.data_dir
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert "kept in" in app.warnings[-1] and str(file) in app.warnings[-1]
        document = json.loads(file.read_text(encoding="utf-8"))
        check_document(document)  # every record as merge takes it
        [profile] = document["profiles"]
        [session] = profile["sessions"]
        assert profile["profile"] == "Guest" and session["started_at"]
        attempts = session["attempts"]
        assert [a["attempt_id"] for a in attempts] == [a.id for a in app.unsaved_attempts]
        traced = attempts[1]
        assert traced["samples"] and traced["target"]["kind"] == "trace"
        assert traced["device_id"] == repository.device_id
        assert traced["origin"] == "child" and traced["pointer"] in ("finger", "stylus")
        assert traced["px_per_mm"] == pytest.approx(app.metrics.px_per_mm)
        # the same records as an export of the log would hold: merge it elsewhere
        other = Repository(repository.data_dir.parent / "other")
        merge(other, read_source(file), file.name)
        assert [a.id for a in other.attempts()] == [a["attempt_id"] for a in attempts]
        assert len(other.samples(traced["attempt_id"])) == len(traced["samples"])
        other.close()
    play_one(app, clock, 3)  # the lock is gone: everything is written, the file removed
    assert app.unsaved_attempts == [] and waiting_files(app.outbox.folders) == []
    assert len(list(repository.attempts())) == 3


def test_a_file_left_at_closing_is_announced_and_recovered(
    make_app, clock, repository, config, data_dir, capsys
) -> None:
    app = make_app()
    on_the_menu(app, repository)
    with FAULTS["read-only folder"](repository):
        play_one(app, clock, 1)
        play_one(app, clock, 2)
        app.quit()  # the app closes while the log still refuses
    assert "bring them back with: sensory-games recover" in capsys.readouterr().err
    [file] = waiting_files([data_dir])
    ids = {a["attempt_id"] for p in json.loads(file.read_text())["profiles"]
           for s in p["sessions"] for a in s["attempts"]}  # fmt: skip
    assert len(ids) == 2
    reopened = App(config, repository, clock, window_size=(800, 480), headless=True)
    assert any(str(file) in w and "sensory-games recover" in w for w in reopened.warnings)
    repository.close()
    assert main(["recover", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "added 2 attempts" in out and "moved to" in out
    assert waiting_files([data_dir]) == [] and (data_dir / "recovered" / file.name).exists()
    again = Repository(data_dir)
    assert ids <= {a.id for a in again.attempts()}
    again.close()
    assert main(["recover", "--data-dir", str(data_dir)]) == 0
    assert "nothing to recover" in capsys.readouterr().out


def test_nowhere_to_keep_them_is_said_and_the_child_plays_on(make_app, clock, repository):
    app = make_app()
    on_the_menu(app, repository)
    app.outbox.folders = [Path(os.devnull) / "nowhere"]  # (a folder inside a device file)
    with FAULTS["locked by another program"](repository):
        play_one(app, clock, 1)
        assert app.running and len(app.unsaved_attempts) == 1
        assert "could not be saved anywhere else" in app.warnings[-1]
    play_one(app, clock, 2)
    assert len(list(repository.attempts())) == 2


def refusing_saves(monkeypatch, after: int) -> None:
    """The log takes `after` attempts, then refuses every one as SQLite does on a full
    disk (sqlite3.OperationalError: database or disk is full)."""
    real = Repository.save_attempt
    calls = {"n": 0}

    def save(self: Repository, attempt) -> bool:
        calls["n"] += 1
        if calls["n"] > after:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, attempt)

    monkeypatch.setattr(Repository, "save_attempt", save)


def test_autoplay_counts_only_committed_attempts(monkeypatch, tmp_path, capsys) -> None:
    refusing_saves(monkeypatch, after=2)
    data = tmp_path / "data"
    args = ["autoplay", "--headless", "--activity", "bubbles", "--level", "1"]
    code = main([*args, "--attempts", "5", "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.count("\nsaved attempt ") + out.startswith("saved attempt ") == 2
    assert out.count("NOT SAVED attempt ") == 3
    assert "2 attempt(s) saved for Autoplay" in out
    assert "3 attempt(s) could not be written to the log" in err and "recover" in err
    [file] = waiting_files([data])
    kept = [a for p in json.loads(file.read_text())["profiles"] for s in p["sessions"]
            for a in s["attempts"]]  # fmt: skip
    assert len(kept) == 3
    monkeypatch.undo()
    assert main(["recover", "--data-dir", str(data)]) == 0
    repository = Repository(data)
    assert len(list(repository.attempts())) == 5
    repository.close()


def test_autoplay_with_nowhere_to_keep_them_exits_non_zero(monkeypatch, tmp_path, capsys):
    refusing_saves(monkeypatch, after=0)
    monkeypatch.setattr(
        "sensory_games.app.fallback_folders", lambda *folders: [Path(os.devnull) / "x"]
    )
    code = main(["autoplay", "--headless", "--activity", "bubbles", "--level", "1",
                 "--attempts", "2", "--data-dir", str(tmp_path / "d")])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 1 and "could not be saved anywhere" in err


@pytest.mark.serial
def test_a_real_600_kb_disk(tmp_path: Path) -> None:
    """autoplay on a real 600 KB file system (tmpfs, mounted when the tests run as root):
    every "saved" line is in the log, the rest are said to be unsaved, the exit status is
    non-zero, and what was kept comes back with `recover` on a disk with room."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "TMPDIR": str(tmp_path / "system-tmp"),  # (where a file with no room goes: ours)
    }
    (tmp_path / "system-tmp").mkdir()
    try:
        data = disk / "data"
        run = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "autoplay", "--headless", "--activity",
             "tracing", "--level", "1", "--attempts", "30", "--data-dir", str(data)],
            capture_output=True, text=True, timeout=600, env=env,
        )  # fmt: skip
        saved = [line.split()[2] for line in run.stdout.splitlines()
                 if line.startswith("saved attempt ")]  # fmt: skip
        unsaved = [line.split()[3] for line in run.stdout.splitlines()
                   if line.startswith("NOT SAVED attempt ")]  # fmt: skip
        assert len(saved) + len(unsaved) == 30
        assert "Traceback" not in run.stderr
        log = sqlite3.connect(data / "sensory_games.db")
        in_log = {row[0] for row in log.execute("SELECT id FROM attempts")}
        log.close()
        assert set(saved) <= in_log
        assert f"{len(in_log)} attempt(s) saved" in run.stdout
        if len(in_log) < 30:
            assert run.returncode == 1 and "could not be written to the log" in run.stderr
        roomy = tmp_path / "roomy"
        shutil.copytree(data, roomy)
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    if unsaved:  # kept where there was room (the full disk had none: the private temp folder)
        assert run.returncode == 1 and "bring them back with" in run.stderr
        recovered = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "recover", "--data-dir", str(roomy)],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        assert recovered.returncode == 0, recovered.stderr
        repository = Repository(roomy)
        assert set(unsaved) <= {a.id for a in repository.attempts()}
        assert len(list(repository.attempts())) == 30
        repository.close()
