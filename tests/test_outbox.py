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

from sensory_games.cli import main
from sensory_games.domain.records import check_document
from sensory_games.engine.app import App
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.services.merge import merge, read_source
from sensory_games.services.outbox import waiting_files
from sensory_games.storage import Repository

ROOT = Path(__file__).resolve().parent.parent


def play_tracing(app, clock) -> None:
    """One tracing attempt (samples and a target), ended by the child early."""
    from helpers import play_in_app, run_frames

    scene = ActivityScene(app.stage, "tracing", 1, seed=4)
    app.push(scene)
    bot = scene.activity.bot_class(scene.activity, 4, 0.8)
    play_in_app(app, clock, bot, lambda: False, 3.0)  # 3 s of tracing, not to the end
    scene.back()
    run_frames(app, clock, 0.2)


def test_what_the_log_refuses_waits_in_a_complete_fallback_file(make_app, clock, repository):
    app = make_app()
    repository.guest_profile()
    with FAULTS["locked by another program"](repository):
        on_the_menu(app, repository)  # even the session's start is refused
        play_one(app, clock, 1)
        play_tracing(app, clock)
        assert len(app.child.unsaved_attempts) == 2
        [file] = waiting_files(app.child.outbox.folders, repository.device_id)
        assert file.parent == repository.data_dir
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert "kept in" in app.errors.warnings[-1] and str(file) in app.errors.warnings[-1]
        document = json.loads(file.read_text(encoding="utf-8"))
        check_document(document)  # every record as merge takes it
        [profile] = document["profiles"]
        [session] = profile["sessions"]
        assert profile["profile"] == "Guest" and session["started_at"]
        attempts = session["attempts"]
        assert [a["attempt_id"] for a in attempts] == [a.id for a in app.child.unsaved_attempts]
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
    assert (
        app.child.unsaved_attempts == []
        and waiting_files(app.child.outbox.folders, repository.device_id) == []
    )
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
    device = repository.device_id
    [file] = waiting_files([data_dir], device)
    ids = {a["attempt_id"] for p in json.loads(file.read_text())["profiles"]
           for s in p["sessions"] for a in s["attempts"]}  # fmt: skip
    assert len(ids) == 2
    reopened = App(config, repository, clock, window_size=(800, 480), headless=True)
    assert any(str(file) in w and "sensory-games recover" in w for w in reopened.errors.warnings)
    repository.close()
    assert main(["recover", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "added 2 attempts" in out and "moved to" in out
    assert waiting_files([data_dir], device) == [] and (data_dir / "recovered" / file.name).exists()
    again = Repository(data_dir)
    assert ids <= {a.id for a in again.attempts()}
    again.close()
    assert main(["recover", "--data-dir", str(data_dir)]) == 0
    assert "nothing to recover" in capsys.readouterr().out


def test_nowhere_to_keep_them_is_said_and_the_child_plays_on(make_app, clock, repository):
    app = make_app()
    on_the_menu(app, repository)
    app.child.outbox.folders = [Path(os.devnull) / "nowhere"]  # (a folder inside a device file)
    with FAULTS["locked by another program"](repository):
        play_one(app, clock, 1)
        assert app.running and len(app.child.unsaved_attempts) == 1
        assert "could not be saved anywhere else" in app.errors.warnings[-1]
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
    assert "2 attempts saved for Autoplay" in out
    assert "3 attempts could not be written to the log" in err and "recover" in err
    assert err.count("could not be written to the log") == 1  # (said once, not twice)
    device = (
        sqlite3.connect(data / "sensory_games.db")
        .execute("SELECT value FROM meta WHERE key = 'device_id'")
        .fetchone()[0]
    )
    [file] = waiting_files([data], device)
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
        "sensory_games.services.child_session.fallback_folders", lambda *_: [Path(os.devnull) / "x"]
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
        assert f"{len(in_log)} attempts saved" in run.stdout
        assert unsaved, "600 KB must be too small for 30 traced attempts (the test's premise)"
        assert run.returncode == 1 and "could not be written to the log" in run.stderr
        roomy = tmp_path / "roomy"
        shutil.copytree(data, roomy)
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    # kept where there was room (the full disk had none: the private temp folder)
    assert "bring them back with" in run.stderr
    recovered = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "recover", "--data-dir", str(roomy)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert recovered.returncode == 0, recovered.stderr
    repository = Repository(roomy)
    assert set(unsaved) <= {a.id for a in repository.attempts()}
    assert len(list(repository.attempts())) == 30
    repository.close()


def test_a_file_already_kept_is_never_removed_when_no_folder_takes_the_next(
    make_app, clock, repository
) -> None:
    app = make_app()
    on_the_menu(app, repository)
    with FAULTS["locked by another program"](repository):
        play_one(app, clock, 1)
        [file] = waiting_files(app.child.outbox.folders, repository.device_id)
        app.child.outbox.folders = [Path(os.devnull) / "nowhere"]  # (the disk is now full too)
        play_one(app, clock, 2)
        assert file.exists() and len(app.child.unsaved_attempts) == 2  # the older copy stays


def test_a_locked_log_costs_a_child_one_wait_not_one_per_record(
    make_app, clock, repository, monkeypatch
) -> None:
    """Every write that finds the log locked waits out SQLite's busy timeout; the outbox
    stops at the first refusal, so five waiting records cost one wait."""
    app = make_app()
    on_the_menu(app, repository)
    with FAULTS["locked by another program"](repository):
        for seed in range(4):
            play_one(app, clock, seed)
        tries = {"n": 0}
        real = repository.save_attempt

        def counted(attempt):
            tries["n"] += 1
            return real(attempt)

        monkeypatch.setattr(repository, "save_attempt", counted)
        app.child.outbox.flush()
        assert tries["n"] <= 1 and len(app.child.unsaved_attempts) == 4


def test_a_before_check_in_written_in_time_is_linked_when_its_attempt_is_recovered(
    make_app, clock, repository, config, data_dir
) -> None:
    """The child answered "how do you feel?" (written), then the disk refused the calm
    attempt: recovering it links the answer to it, as if nothing had happened."""
    from sensory_games.domain.check_in import CheckIn

    app = make_app()
    on_the_menu(app, repository)
    before = CheckIn(app.child.session_id, app.child.profile.id, "before", 2, clock.wall_utc(), 1.0)
    assert app.child.save_check_in(before)
    with FAULTS["read-only folder"](repository):
        scene = ActivityScene(app.stage, "calming", 1, seed=1, before=before)
        app.push(scene)
        from helpers import run_frames

        run_frames(app, clock, 1.0)
        scene.back()
        run_frames(app, clock, 0.2)
        assert len(app.child.unsaved_attempts) == 1
        app.quit()
    repository.close()
    assert main(["recover", "--data-dir", str(data_dir)]) == 0
    again = Repository(data_dir)
    [attempt] = list(again.attempts())
    assert attempt.feeling_before == 2
    again.close()


def test_recover_keeps_a_file_whose_records_could_not_all_be_merged(
    make_app, clock, repository, data_dir, capsys
) -> None:
    """The log was started afresh and the same alias added again (another child to the
    app): the file's records are a conflict, so the file stays and waits."""
    app = make_app()
    on_the_menu(app, repository)
    mia = repository.add_profile(alias="Mia", animal="cat", colour=2)
    app.stage.start_session(mia)
    with FAULTS["read-only folder"](repository):
        play_one(app, clock, 1)
        app.quit()
    repository.connection.execute(
        "UPDATE profiles SET alias = 'Mia 1', alias_key = 'mia 1' WHERE id = ?", (mia.id,)
    )
    repository.add_profile(alias="Mia", animal="owl", colour=1)
    device = repository.device_id
    repository.close()
    capsys.readouterr()
    assert main(["recover", "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "conflict" in out and "stays where it is" in out
    assert len(waiting_files([data_dir], device)) == 1


def test_only_this_devices_files_are_announced_and_recovered(tmp_path, capsys) -> None:
    """The export folder or the temporary folder may be shared by several data folders."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "unsaved-another-device-20260101T000000Z-1-abc.json").write_text("{}")
    assert main(["recover", "--data-dir", str(tmp_path / "data")]) == 0
    captured = capsys.readouterr()
    assert "nothing to recover" in captured.out and "another-device" not in captured.err


def test_an_attempt_the_checks_refuse_never_enters_the_log(make_app, clock, repository):
    """A bug that records a screen density of 0 (every length would divide by it): the
    attempt is kept in its own file and the adult is warned; the log, and every export of
    it, stays readable."""
    from dataclasses import replace

    app = make_app()
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, "bubbles", 1, seed=1)
    app.push(scene)
    real_save = app.child.save_attempt

    def with_a_bug(attempt):
        return real_save(replace(attempt, px_per_mm=0.0))

    app.child.save_attempt = with_a_bug
    scene.back()
    assert list(repository.attempts()) == []
    assert any("was not saved" in w and "px_per_mm = 0.0" in w for w in app.errors.warnings)
    assert list(repository.data_dir.glob("refused-*.json"))
