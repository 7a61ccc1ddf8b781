"""Several processes on one data folder, a log locked by another program, and a data
folder that cannot be written (a backup on read-only media).

The fast tests make the races happen on purpose and in order: a second connection does
its write at the very moment the first starts its transaction (SQLite's trace callback
runs it there). The tests marked serial start real processes, as the clinic's kiosk app,
an autoplay and the console do.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from old_logs import log_at_version
from records import at, fill_device

from sensory_games.domain.profile import GUEST_ALIAS
from sensory_games.domain.schema import SchemaError
from sensory_games.storage import Difficulty, Repository, StorageError
from sensory_games.storage import opening as repository_module
from sensory_games.storage.migrations import LATEST_VERSION, migrate
from sensory_games.storage.opening import DATABASE_NAME, LOCK_WAIT_ENV, WRITE_BUSY_TIMEOUT_S

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def when_it_begins(connection: sqlite3.Connection, other_write: Callable[[], None]) -> list[str]:
    """Run `other_write` (on another connection) once, at the moment `connection` starts
    its next BEGIN IMMEDIATE: another process's write landing just then. Returns a list
    that says "done" once it ran."""
    ran: list[str] = []

    def trace(statement: str) -> None:
        if statement == "BEGIN IMMEDIATE" and not ran:
            ran.append("done")
            other_write()

    connection.set_trace_callback(trace)
    return ran


def user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


# -- the schema steps and the first-time set-up --------------------------------------------


def test_a_schema_step_another_process_just_ran_is_not_run_again(tmp_path: Path) -> None:
    """The second process read the old version, then waited for the lock while the first
    upgraded the log: it must see the new version inside its lock and skip the step
    (before, it ran ALTER TABLE again: "duplicate column name: pointer")."""
    path = tmp_path / DATABASE_NAME
    log_at_version(path, LATEST_VERSION - 1)
    first = sqlite3.connect(path, isolation_level=None)
    second = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    ran = when_it_begins(second, lambda: migrate(first, "now"))
    assert migrate(second, "now") == LATEST_VERSION
    assert ran == ["done"]
    columns = [row[1] for row in second.execute("PRAGMA table_info(attempts)")]
    assert columns.count("pointer") == 1
    assert second.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    first.close()
    second.close()


def test_a_new_log_gets_one_device_id_when_two_set_it_up_at_once(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    first = sqlite3.connect(path, isolation_level=None)
    second = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    ran = when_it_begins(second, lambda: migrate(first, "now"))
    migrate(second, "now")
    assert ran == ["done"]
    assert second.execute("SELECT count(*) FROM meta WHERE key = 'device_id'").fetchone() == (1,)
    first.close()
    second.close()


def test_the_log_file_made_by_another_process_meanwhile_is_used(tmp_path: Path) -> None:
    """Both processes saw no log; the other one created it first (O_EXCL lost)."""
    path = tmp_path / DATABASE_NAME
    path.write_bytes(b"")
    repository_module._create_private(path)  # no FileExistsError
    assert path.read_bytes() == b""


def test_an_up_to_date_log_opens_without_the_write_lock(repository: Repository) -> None:
    """Opening a current log only reads: another program's long write does not hold it up."""
    holder = sqlite3.connect(repository.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a write in progress elsewhere
    try:
        again = Repository(repository.data_dir, lock_wait_s=0)
        assert again.device_id == repository.device_id
        again.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- one profile, however many processes ask for it ------------------------------------------


def test_adding_an_alias_another_process_just_took_is_the_usual_schema_error(
    data_dir: Path, repository: Repository
) -> None:
    other = Repository(data_dir)
    when_it_begins(repository.connection, lambda: other.add_profile(alias="Mia"))
    with pytest.raises(SchemaError, match="already used"):
        repository.add_profile(alias="MIA")
    assert [p.alias for p in repository.list_profiles()] == ["Mia"]
    other.close()


def test_two_asking_for_the_same_new_profile_get_the_same_one(
    data_dir: Path, repository: Repository
) -> None:
    other = Repository(data_dir)
    theirs: list = []
    ran = when_it_begins(
        repository.connection, lambda: theirs.append(other.profile_or_new(alias="Mia"))
    )
    mine = repository.profile_or_new(alias="Mia", animal="owl", colour=1)
    assert ran == ["done"] and mine == theirs[0]
    assert len(repository.list_profiles(include_archived=True)) == 1
    assert repository.profile_or_new(alias="mia") == mine  # found: nothing written
    other.close()


def test_the_guest_made_by_another_process_meanwhile_is_the_one_guest(
    data_dir: Path, repository: Repository
) -> None:
    other = Repository(data_dir)
    theirs: list = []
    when_it_begins(repository.connection, lambda: theirs.append(other.guest_profile()))
    assert repository.guest_profile() == theirs[0]
    assert [p.alias for p in repository.list_profiles()] == [GUEST_ALIAS]
    other.close()


def test_an_archived_profile_still_holds_its_alias_for_get_or_create(
    repository: Repository,
) -> None:
    from dataclasses import replace

    mia = repository.add_profile(alias="Mia")
    repository.update_profile(replace(mia, archived=True))
    with pytest.raises(SchemaError, match="already used"):
        repository.profile_or_new(alias="Mia")


def test_renaming_to_an_alias_another_process_just_took_is_a_schema_error(
    data_dir: Path, repository: Repository
) -> None:
    from dataclasses import replace

    sam = repository.add_profile(alias="Sam")
    other = Repository(data_dir)
    when_it_begins(repository.connection, lambda: other.add_profile(alias="Zoë"))
    with pytest.raises(SchemaError, match="already used"):
        repository.update_profile(replace(sam, alias="ZOË"))
    assert repository.profile_by_alias("Sam") == sam
    other.close()


# -- a log another program holds locked -------------------------------------------------------


def hold_exclusively(path: Path) -> sqlite3.Connection:
    """Another program holding the whole log (even readers wait)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_opening_waits_for_a_lock_and_opens_once_it_is_released(data_dir: Path) -> None:
    Repository(data_dir).close()
    holder = hold_exclusively(data_dir / DATABASE_NAME)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:
            holder.close()  # the other program lets go during the wait

    repository = Repository(data_dir, lock_wait_s=60, sleep=pause)
    assert pauses == [0.05, 0.1, 0.2]  # tried again with growing pauses
    assert repository.notices == [] and repository.list_profiles() == []
    repository.close()


def test_a_lock_that_stays_gives_one_line_after_the_wait(data_dir: Path) -> None:
    Repository(data_dir).close()
    holder = hold_exclusively(data_dir / DATABASE_NAME)
    started = time.monotonic()
    try:
        with pytest.raises(StorageError) as caught:
            Repository(data_dir, lock_wait_s=0.4)
    finally:
        holder.close()
    waited = time.monotonic() - started
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"the log {data_dir / DATABASE_NAME} is locked by another program")
    assert message.endswith("close it and try again")
    assert 0.4 <= waited < 3.0


def test_the_wait_comes_from_the_environment(data_dir: Path, monkeypatch) -> None:
    Repository(data_dir).close()
    monkeypatch.setenv(LOCK_WAIT_ENV, "0")
    holder = hold_exclusively(data_dir / DATABASE_NAME)
    try:
        with pytest.raises(StorageError, match="waited 0 s"):
            Repository(data_dir)
        for bad in ("soon", "-1", "nan", "99999"):
            monkeypatch.setenv(LOCK_WAIT_ENV, bad)
            with pytest.raises(StorageError, match=f"{LOCK_WAIT_ENV}=.*0 to 3600"):
                Repository(data_dir)
    finally:
        holder.close()


def test_every_write_waits_on_the_busy_timeout_then_says_locked(repository: Repository) -> None:
    assert repository.connection.execute("PRAGMA busy_timeout").fetchone() == (
        round(WRITE_BUSY_TIMEOUT_S * 1000),
    )
    child = repository.add_profile(alias="Mia")
    repository.connection.execute("PRAGMA busy_timeout = 50")  # keep the test short
    holder = sqlite3.connect(repository.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        for write in writes(repository, child.id, log_only=True):
            with pytest.raises(StorageError, match="is locked by another program"):
                write()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    repository.audit("test", "the lock is gone")  # and writes work again
    assert not repository.connection.in_transaction


# -- a data folder that cannot be written -----------------------------------------------------


def writes(
    repository: Repository, child_id: str, log_only: bool = False
) -> Iterator[Callable[[], object]]:
    """One call of every way the app writes to the data folder (`log_only`: to the log,
    not the PIN file beside it)."""
    from dataclasses import replace

    from records import attempt

    from sensory_games.domain.check_in import CheckIn
    from sensory_games.domain.pin import KeypadState, hash_pin
    from sensory_games.storage import DeviceLatency

    child = next(p for p in repository.list_profiles() if p.id == child_id)
    session = "no-session-needed"
    yield lambda: repository.add_profile(alias="Zed")
    yield lambda: repository.profile_or_new(alias="Zed")
    yield lambda: repository.update_profile(replace(child, notes="calmer today"))
    yield lambda: repository.set_plan(child.id, "warm-up")
    yield lambda: repository.start_session(child.id, at(0))
    yield lambda: repository.end_session(session, at(1))
    yield lambda: repository.save_attempt(attempt(child, session, 2))
    yield lambda: repository.save_check_in(CheckIn(session, child.id, "before", 3, at(3), 1.0))
    yield lambda: repository.set_level(child.id, "bubbles", 2, "test")
    yield lambda: repository.set_difficulty(child.id, "bubbles", Difficulty(1, 3))
    yield lambda: repository.audit("test", "a line")
    if not log_only:
        yield lambda: repository.set_pin_hash(hash_pin("2468"))
        yield lambda: repository.set_keypad_state(KeypadState(1, 0, None))
    yield lambda: repository.set_device_latency(DeviceLatency(10.0, 2.0, 8, "2026"))

    def transfer() -> None:
        with repository.transaction():
            pass

    yield transfer


@pytest.fixture
def unwritable(monkeypatch) -> Callable[[Path], None]:
    """Make `folder` look read-only to the repository (as root, chmod would not stop us;
    the real thing is test_a_read_only_folder_still_allows_every_reading_command)."""

    def make(folder: Path) -> None:
        real = os.access

        def access(path: os.PathLike[str] | str, mode: int, **kwargs: object) -> bool:
            if mode & os.W_OK and Path(path).resolve().is_relative_to(folder.resolve()):
                return False
            return real(path, mode, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(repository_module.os, "access", access)

    return make


def test_a_read_only_folder_opens_for_reading_and_refuses_every_write(
    data_dir: Path, unwritable
) -> None:
    writable = Repository(data_dir)
    child = fill_device(writable, "Mia")
    writable.close()
    before = hashlib.sha256((data_dir / DATABASE_NAME).read_bytes()).hexdigest()
    unwritable(data_dir)
    repository = Repository(data_dir)
    assert repository.read_only
    assert repository.notices == [
        f"the data folder {data_dir} is read-only: the log was opened for reading only"
    ]
    assert [p.alias for p in repository.list_profiles()] == ["Guest", "Mia"]
    assert len(list(repository.attempts())) == 5
    assert repository.guest_profile().alias == GUEST_ALIAS  # there already: nothing written
    refused = 0
    for write in writes(repository, child.id):
        with pytest.raises(StorageError, match=f"the data folder {data_dir} is read-only: "):
            write()
        refused += 1
    assert refused == 15
    repository.close()
    after = hashlib.sha256((data_dir / DATABASE_NAME).read_bytes()).hexdigest()
    assert after == before


def test_a_read_only_log_from_an_older_app_is_refused_in_one_line(
    data_dir: Path, unwritable
) -> None:
    log_at_version(data_dir / DATABASE_NAME, LATEST_VERSION - 2)
    unwritable(data_dir)
    with pytest.raises(StorageError) as caught:
        Repository(data_dir)
    assert str(caught.value) == (
        f"the log {DATABASE_NAME} is at schema version {LATEST_VERSION - 2} and this app "
        f"needs {LATEST_VERSION}; the data folder {data_dir} is read-only, so it cannot be "
        "upgraded there: copy the folder somewhere writable and open it there (--data-dir)"
    )
    assert user_version(data_dir / DATABASE_NAME) == LATEST_VERSION - 2


def test_a_new_log_the_folder_let_be_made_but_no_more_says_so_in_one_line(
    data_dir: Path, unwritable
) -> None:
    """A full disk lets SQLite make the file, then nothing more: the log is empty (never
    set up), and the line says to free space, not that an old log needs upgrading."""
    log_at_version(data_dir / DATABASE_NAME, 0)
    unwritable(data_dir)
    with pytest.raises(StorageError) as caught:
        Repository(data_dir)
    assert str(caught.value) == (
        f"the data folder {data_dir} is read-only, so a new log ({DATABASE_NAME}) could not be"
        " made there: free some space or make the folder writable, or choose another"
        " (--data-dir)"
    )
    other = data_dir / DATABASE_NAME  # (a file with tables but no version: not a new log)
    other.unlink()
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (line TEXT)")
    connection.close()
    with pytest.raises(StorageError, match="is at schema version 0 and this app needs"):
        Repository(data_dir)


def test_a_read_only_folder_without_a_log_says_so(data_dir: Path, unwritable) -> None:
    data_dir.mkdir()
    unwritable(data_dir)
    with pytest.raises(StorageError, match="is read-only and holds no log"):
        Repository(data_dir)
    assert not (data_dir / DATABASE_NAME).exists()


def test_a_damaged_read_only_log_is_left_where_it_is(data_dir: Path, unwritable) -> None:
    data_dir.mkdir()
    (data_dir / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    unwritable(data_dir)
    with pytest.raises(StorageError, match=r"cannot open the log .*left as it is"):
        Repository(data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == [DATABASE_NAME]


# -- real processes ---------------------------------------------------------------------------


def _open_and_ask_for_profiles(folder: Path, start, results) -> None:  # type: ignore[no-untyped-def]
    """One process of the fresh-folder race (runs in a forked child)."""
    try:
        start.wait(timeout=30)
        repository = Repository(folder)
        start.wait(timeout=30)  # all open: now all ask for the same new profiles at once
        mia = repository.profile_or_new(alias="Mia")
        try:
            repository.add_profile(alias="Sam")
            added = "added"
        except SchemaError as error:
            added = f"SchemaError: {error}"
        results.put((repository.device_id, repository.notices, mia.id, added))
        repository.close()
    except BaseException:  # the test reports whatever went wrong, with its traceback
        results.put(("failed", traceback.format_exc()))


@pytest.mark.serial
@pytest.mark.parametrize("round_", range(10))
def test_processes_opening_a_new_folder_at_once_share_one_log(tmp_path: Path, round_: int) -> None:
    """4 processes open a new data folder at the same moment, then ask for the same new
    profile and add the same alias (before: 'duplicate column name', IntegrityError)."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(4), context.Queue()
    folder = tmp_path / "new-folder"
    processes = [
        context.Process(target=_open_and_ask_for_profiles, args=(folder, start, results))
        for _ in range(4)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    failures = [report[1] for report in reports if report[0] == "failed"]
    assert failures == []
    opened = Repository(folder)
    assert {report[0] for report in reports} == {opened.device_id}
    opened.close()
    assert all(report[1] == [] for report in reports)  # no notices: nothing moved aside
    assert len({report[2] for report in reports}) == 1  # one Mia for all
    added = [report[3] for report in reports]
    assert added.count("added") == 1, added
    refused = [text for text in added if text != "added"]
    assert all(text.startswith("SchemaError: ") for text in refused), refused
    assert all(text.endswith("is already used by another profile") for text in refused)
    assert user_version(folder / DATABASE_NAME) == LATEST_VERSION
    check = sqlite3.connect(folder / DATABASE_NAME)
    assert check.execute("SELECT count(*) FROM meta WHERE key = 'device_id'").fetchone() == (1,)
    assert check.execute("SELECT count(*) FROM profiles").fetchone() == (2,)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `python main.py ARGS` (the sensory-games command) as its own process."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**ENV, **(env or {})},
    )


AUTOPLAY_ONE = "autoplay --headless --activity bubbles --level 1 --attempts 1"


@pytest.mark.serial
def test_two_autoplays_on_a_new_folder_with_the_same_profile(tmp_path: Path) -> None:
    """The issue's case, end to end (before: a traceback in about 1 run of 9)."""
    folder = tmp_path / "shared"
    runs = [
        cli(*AUTOPLAY_ONE.split(), "--profile", "Mia", "--data-dir", str(folder)) for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert "Traceback" not in err
        assert run.returncode == 0, err
        assert "1 attempt saved for Mia" in out
    repository = Repository(folder)
    assert [p.alias for p in repository.list_profiles() if p.alias == "Mia"] == ["Mia"]
    assert {a.profile_alias for a in repository.attempts()} == {"Mia"}
    assert len(list(repository.attempts())) == 2
    repository.close()


HOLDER = """
import sqlite3, sys, time
holder = sqlite3.connect(sys.argv[1], isolation_level=None)
holder.execute("PRAGMA locking_mode=EXCLUSIVE")
holder.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
holder.close()
"""


def hold_in_another_process(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program (its own process) holds the whole log for `seconds`."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


@pytest.mark.serial
def test_a_log_locked_by_another_process_gives_one_line_and_exit_2(data_dir: Path) -> None:
    Repository(data_dir).close()
    holder = hold_in_another_process(data_dir / DATABASE_NAME, 60)
    try:
        run = cli("profiles", "list", "--data-dir", str(data_dir), env={LOCK_WAIT_ENV: "0.3"})
        out, err = run.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 2
    assert out == ""
    assert err.splitlines() == [
        f"sensory-games: the log {data_dir / DATABASE_NAME} is locked by another program "
        "(database is locked, waited 0.3 s); close it and try again"
    ]


@pytest.mark.serial
def test_a_lock_released_during_the_wait_lets_the_command_run(data_dir: Path) -> None:
    Repository(data_dir).close()
    started = time.monotonic()
    holder = hold_in_another_process(data_dir / DATABASE_NAME, 2.0)
    run = cli("profiles", "add", "Ava", "--data-dir", str(data_dir))
    out, err = run.communicate(timeout=60)
    holder.wait(timeout=30)
    assert (run.returncode, err) == (0, "")
    assert out.startswith("added Ava")
    assert time.monotonic() - started >= 2.0  # it could only open once the lock was gone


# -- a read-only data folder, for real ------------------------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2

READER = """
import contextlib, io, json, os, sys, traceback
from sensory_games.cli import main
folder = sys.argv[1]
probe = os.path.join(folder, "probe")
try:
    open(probe, "x").close()
    os.remove(probe)
    writable = True
except OSError:
    writable = False
results = {"writable": writable, "runs": []}
for argv in json.loads(sys.argv[2]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except BaseException:
            code, err = "traceback", io.StringIO(traceback.format_exc())
    results["runs"].append([code, out.getvalue(), err.getvalue()])
print(json.dumps(results))
"""


def _without_root_file_powers() -> None:
    """Run in the child before exec: root keeps its user id but loses the capabilities
    that let it ignore file permissions (the interpreter stays readable, which it would
    not be for 'nobody' when it lives under root's own 0700 home, as here)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def read_as_unprivileged(folder: Path, commands: list[list[str]]) -> list[list]:
    """Run the CLI `commands` in one process that cannot write to `folder` (chmod a-w;
    as root, without the capabilities that ignore it); [exit code, stdout, stderr] each."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", READER, str(folder), json.dumps(commands)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=ENV,
            timeout=120,
            preexec_fn=_without_root_file_powers if os.geteuid() == 0 else None,
        )
    except subprocess.SubprocessError as error:
        pytest.skip(f"cannot run a process without write access here: {error}")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    if results["writable"]:
        pytest.skip("this machine lets every process write to a chmod a-w folder")
    return results["runs"]


def copy_while_running(source: Path, target: Path) -> None:
    """Copy the log and its -wal (not the -shm) while the app has just added "Late" and
    not yet folded it into the .db: a backup taken of a running kiosk."""
    import shutil

    repository = Repository(source)
    repository.connection.execute("PRAGMA wal_autocheckpoint = 0")
    repository.add_profile(alias="Late")
    target.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{source / DATABASE_NAME}{suffix}", f"{target / DATABASE_NAME}{suffix}")
    repository.connection.execute("DELETE FROM profiles WHERE alias = 'Late'")
    repository.close()


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.serial
def test_a_read_only_folder_still_allows_every_reading_command(tmp_path: Path) -> None:
    pytest.importorskip("uharfbuzz")
    backup, old, out = tmp_path / "backup", tmp_path / "old", tmp_path / "out"
    copied = tmp_path / "copied-while-running"
    out.mkdir()
    repository = Repository(backup)
    fill_device(repository, "Mia")
    repository.close()  # the last connection folds the WAL in: only the .db is left
    copy_while_running(backup, copied)
    log_at_version(old / DATABASE_NAME, LATEST_VERSION - 1)
    for folder in (backup, old, copied):
        for path in (*folder.iterdir(), folder):
            path.chmod(path.stat().st_mode & ~0o222)  # chmod a-w
    kept = files(backup)
    try:
        runs = read_as_unprivileged(
            backup,
            [
                [*command.split(), "--data-dir", str(folder)]
                for command, folder in (
                    ("profiles list", backup),
                    ("profiles show Mia", backup),
                    ("levels Mia", backup),
                    ("audit", backup),
                    (f"export --out {out / 'all.csv'}", backup),
                    (f"report --profile Mia --out {out / 'mia.pdf'}", backup),
                    ("levels Mia --activity bubbles --level 2", backup),
                    ("profiles add Zed", backup),
                    ("autoplay --headless", backup),
                    ("profiles list", old),
                    ("profiles list", copied),
                )
            ],
        )
    finally:
        for folder in (backup, old, copied):
            for path in (folder, *folder.iterdir()):
                path.chmod(path.stat().st_mode | 0o200)
    listed, shown, levels, audit, export, report, set_level, add, play, older, copy = runs
    opened = [
        f"sensory-games: note: the data folder {backup} is read-only: the log was opened "
        "for reading only",
        f"sensory-games: note: the log {DATABASE_NAME} is read as it is on disk (immutable: "
        "SQLite's shared-memory file cannot be made in that folder), so changes another "
        "program makes meanwhile are not seen",
    ]
    for code, _out, err in (listed, shown, levels, audit):
        assert (code, err.splitlines()) == (0, opened)
    assert [line.split()[0] for line in listed[1].splitlines()] == ["Guest", "Mia"]
    assert "alias:         Mia" in shown[1]
    assert levels[1].startswith("Mia: level now")
    assert audit[1] == "nothing on the audit list yet\n"
    for (code, _out, err), what in ((export, "export"), (report, "report")):
        assert code == 0, err
        assert err.splitlines() == [
            *opened,
            f"sensory-games: note: this {what} is not on the audit list: the data folder "
            f"{backup} is read-only",
        ]
    assert export[1].startswith("5 attempts written to")
    assert (out / "all.csv").read_text().count("\n") == 6
    assert (out / "mia.pdf").read_bytes().startswith(b"%PDF")
    refused = (
        f"sensory-games: the data folder {backup} is read-only: nothing can be saved to its "
        "log (copy the folder somewhere writable to make changes there)"
    )
    for code, _out, err in (set_level, add):
        assert (code, err.splitlines()) == (2, [*opened, refused])
    assert play[0] == 2 and play[2].splitlines()[-1] == (
        f"sensory-games: the data folder {backup} is read-only: attempts could not be saved "
        "there; choose a writable one with --data-dir"
    )
    assert older[0] == 2
    assert (
        older[2]
        .splitlines()[-1]
        .endswith(
            "so it cannot be upgraded there: copy the folder somewhere writable and open it "
            "there (--data-dir)"
        )
    )
    assert files(backup) == kept  # nothing in the backup changed, nothing was added
    assert user_version(old / DATABASE_NAME) == LATEST_VERSION - 1
    assert copy[0] == 0  # what reached the .db is read; the note says what is not
    assert [line.split()[0] for line in copy[1].splitlines()] == ["Guest", "Mia"]
    unseen = (
        "so changes another program makes meanwhile are not seen, nor the latest changes "
        f"in {DATABASE_NAME}-wal (copy the folder somewhere writable to read those too)"
    )
    assert copy[2].splitlines()[-1].endswith(unseen)  # "Late" is only in the -wal
