"""Where exports may be written: never over the data folder's own files (names compared
casefolded), never over a device, folder or FIFO, never into the data folder's private
space; half-written files and working copies a killed process left are removed later."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from records import at, attempt, contact

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.pseudonyms import SECRET_NAME, clinic_secret
from sensory_games.services.merge import MergeError, read_source
from sensory_games.services.private_files import (
    LOG_NAME,
    STALE_AFTER_S,
    TEMPORARY_FOLDER,
    check_output_path,
    private_file,
    remove_stale_leftovers,
    remove_stale_partials,
    temporary_folder,
    write_private,
)
from sensory_games.storage import Repository, StorageError
from sensory_games.storage.files import copy_private
from sensory_games.storage.opening import DATABASE_NAME

ROOT = Path(__file__).resolve().parent.parent
#: An mtime this long ago marks a file as left behind (past STALE_AFTER_S).
LONG_AGO_S = STALE_AFTER_S + 60


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def age(path: Path, seconds: float) -> None:
    """Set `path`'s times to `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def refusal(out: Path, data_dir: Path | None) -> str:
    """The one-line ValueError private_file raises for `out`; checks that nothing was
    written next to it."""
    before = sorted(os.listdir(out.parent)) if out.parent.is_dir() else None
    with pytest.raises(ValueError) as caught, private_file(out, data_dir=data_dir) as handle:
        handle.write(b"must never land")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{out}: not written: ")
    if before is not None:
        assert sorted(os.listdir(out.parent)) == before  # no partial file either
    return message


@pytest.fixture
def secret(data_dir: Path) -> bytes:
    """The data folder's clinic secret, made as an export would make it."""
    clinic_secret(data_dir)
    return (data_dir / SECRET_NAME).read_bytes()


def test_the_names_match_the_files_the_app_keeps() -> None:
    assert LOG_NAME == DATABASE_NAME and SECRET_NAME == "clinic-secret"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("clinic-secret", "clinic secret"),
        ("CLINIC-SECRET", "clinic secret"),
        ("clinic-secret.", "clinic secret"),  # (Windows drops a trailing dot)
        ("sensory_games.db", "attempt log"),
        ("SENSORY_GAMES.DB-WAL", "attempt log"),
        ("sensory_games.db-shm", "attempt log"),
        ("sensory_games.db-journal", "attempt log"),
        ("sensory_games.db.damaged-20261128T093000Z", "attempt log"),
        ("sensory_games.db.newer-20261128T093000Z-2-wal", "attempt log"),
        ("X.DB", "database file"),
        ("notes.Sqlite", "database file"),
        ("kiosk-2.sqlite3-wal", "database file"),
        ("errors.log", "error log"),
        ("Errors.Log", "error log"),
        ("adult-pin", "PIN file"),
        ("ADULT-PIN", "PIN file"),
        ("unsaved-attempts-20261128T093000Z.json", "could not save"),
        ("Unsaved-check-ins-1.JSON", "could not save"),
    ],
)
def test_the_data_folders_own_names_are_refused_in_any_case(data_dir, name, why) -> None:
    data_dir.mkdir()
    message = refusal(data_dir / name, data_dir)
    assert why in message and "choose another file name" in message
    assert not (data_dir / name).exists()
    # the same name anywhere else too: it is never an export's (and may be another
    # kiosk's data folder on a USB stick)
    elsewhere = data_dir.parent / "stick"
    elsewhere.mkdir()
    assert why in refusal(elsewhere / name, None)


def test_the_clinic_secret_is_never_replaced(data_dir, secret) -> None:
    refusal(data_dir / "clinic-secret", data_dir)
    refusal(data_dir / "Clinic-Secret", data_dir)
    assert (data_dir / SECRET_NAME).read_bytes() == secret


def test_a_symlink_to_the_secret_is_refused_and_left_alone(data_dir, secret, tmp_path) -> None:
    link = tmp_path / "report.csv"
    link.symlink_to(data_dir / SECRET_NAME)
    message = refusal(link, data_dir)
    assert "clinic secret" in message and str((data_dir / SECRET_NAME).resolve()) in message
    assert link.is_symlink() and (data_dir / SECRET_NAME).read_bytes() == secret


def test_a_relative_path_through_dot_dot_is_caught(data_dir, secret, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    relative = Path("data") / ".." / "data"
    assert "clinic secret" in refusal(Path("./data/../data/CLINIC-SECRET"), relative)
    assert "private space" in refusal(Path("data/../data/.tmp/x.csv"), Path("./data"))
    assert (data_dir / SECRET_NAME).read_bytes() == secret


def test_only_the_data_folder_itself_and_exports_take_exports(data_dir, tmp_path) -> None:
    repository = Repository(data_dir)  # (makes the folder, as every caller has)
    repository.close()
    for place in (TEMPORARY_FOLDER, "autoplay", "backups/2026"):
        message = refusal(data_dir / place / "x.csv", data_dir)
        assert "the data folder's private space" in message and "exports/" in message
        assert not (data_dir / place / "x.csv").exists()
    # a folder outside leading into it by a symlink is inside it too
    (data_dir / "autoplay").mkdir(exist_ok=True)
    (tmp_path / "shortcut").symlink_to(data_dir / "autoplay", target_is_directory=True)
    assert "private space" in refusal(tmp_path / "shortcut" / "x.csv", data_dir)
    for allowed in ("export-1.csv", "exports/x.csv", "Exports/20261128-0930-Mia/attempts.csv"):
        write_private(data_dir / allowed, "ok\n", data_dir=data_dir)
        assert (data_dir / allowed).read_text() == "ok\n" and mode(data_dir / allowed) == 0o600
    write_private(tmp_path / "stick" / "x.csv", "ok\n", data_dir=data_dir)  # outside: fine


def test_a_folder_a_fifo_and_a_socket_are_refused_without_being_opened(
    tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "out.csv"
    folder.mkdir()
    assert "it is a folder" in refusal(folder, None)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = threading.Event()

    def refuse_fifo() -> None:
        refusal(fifo, None)  # (opening a FIFO with no reader would block here for ever)
        done.set()

    worker = threading.Thread(target=refuse_fifo, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done.is_set() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    assert "FIFO" in refusal(link, None) and link.is_symlink()
    sock_path = tmp_path / "s.csv"
    monkeypatch.chdir(tmp_path)  # (bound by a short name: a socket's path has ~100 bytes)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(sock_path.name)
        assert "it is a socket" in refusal(sock_path, None)
    assert folder.is_dir() and stat.S_ISSOCK(os.lstat(sock_path).st_mode)


ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root (who can make and could replace a device node)",
)


@ROOT_ONLY
def test_a_device_node_is_never_replaced_even_as_root(tmp_path) -> None:
    full = tmp_path / "full"  # the same device as /dev/full, here so a bug cannot break /dev
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    before = os.lstat(full)
    assert "it is a device" in refusal(full, None)
    after = os.lstat(full)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == os.makedev(1, 7)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@ROOT_ONLY
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_dev_full_itself_is_refused_by_the_check_alone() -> None:
    before = os.lstat("/dev/full")
    with pytest.raises(ValueError, match=r"^/dev/full: not written: it is a device"):
        check_output_path(Path("/dev/full"), data_dir=None)  # (only looks: never writes)
    after = os.lstat("/dev/full")
    assert (after.st_ino, after.st_rdev, after.st_mode) == (
        before.st_ino,
        before.st_rdev,
        before.st_mode,
    )


def test_check_output_path_accepts_a_new_or_a_regular_file(data_dir, tmp_path) -> None:
    check_output_path(tmp_path / "new" / "folder" / "x.csv", data_dir=data_dir)
    (tmp_path / "old.csv").write_text("an earlier export")
    check_output_path(tmp_path / "old.csv", data_dir=data_dir)
    write_private(tmp_path / "old.csv", "new", data_dir=data_dir)
    assert (tmp_path / "old.csv").read_text() == "new"


def test_a_target_that_turns_into_a_fifo_while_writing_is_not_replaced(tmp_path) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(ValueError, match="FIFO"), private_file(out, data_dir=None) as handle:
        handle.write(b"rows")
        os.mkfifo(out)
    assert stat.S_ISFIFO(os.lstat(out).st_mode)
    assert os.listdir(tmp_path) == ["x.csv"]  # the partial file is gone


# -- half-written files ------------------------------------------------------------------


def partials(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".partial"))


def test_each_writer_has_its_own_private_partial_file(tmp_path) -> None:
    out = tmp_path / "x.csv"
    with private_file(out, data_dir=None) as first, private_file(out, data_dir=None) as second:
        names = partials(tmp_path)
        assert len(names) == 2 and all(n.startswith(f".x.csv.{os.getpid()}.") for n in names)
        assert all(mode(tmp_path / n) == 0o600 for n in names)
        first.write(b"first")
        second.write(b"second")
    assert out.read_bytes() == b"first" and partials(tmp_path) == []  # the last rename wins


def test_a_failed_write_leaves_nothing(tmp_path) -> None:
    with pytest.raises(RuntimeError), private_file(tmp_path / "x.csv", data_dir=None) as handle:
        handle.write(b"half")
        raise RuntimeError("disk full")
    assert os.listdir(tmp_path) == []


def test_a_new_export_removes_the_stale_partial_files_in_its_folder(tmp_path) -> None:
    stale = tmp_path / ".attempts.json.4242.0badf00d.partial"
    legacy = tmp_path / ".export-20261128.csv.partial"  # (earlier versions' name)
    running = tmp_path / ".attempts.json.4343.00c0ffee.partial"  # another export, writing
    others = tmp_path / ".movie.mkv.partial"  # not ours: another program's download
    for path in (stale, legacy, running, others):
        path.write_bytes(b"x" * 1000)
    for path in (stale, legacy, others):
        age(path, LONG_AGO_S)
    write_private(tmp_path / "check-ins.csv", "rows", data_dir=None)
    assert partials(tmp_path) == sorted([running.name, others.name])


def test_stale_leftovers_of_the_data_folder_are_found_everywhere_the_app_writes(data_dir):
    folders = [data_dir, data_dir / "exports", data_dir / "exports" / "20261128-0930-Mia"]
    stale, fresh = [], []
    for folder in folders:
        folder.mkdir(parents=True)
        stale.append(folder / ".attempts.csv.1.12345678.partial")
        fresh.append(folder / ".attempts.csv.2.12345678.partial")
    old_copy = data_dir / TEMPORARY_FOLDER / "merge-old"
    new_copy = data_dir / TEMPORARY_FOLDER / "merge-new"
    for copy in (old_copy, new_copy):
        copy.mkdir(parents=True)
        (copy / DATABASE_NAME).write_bytes(b"SQLite format 3\x00")
    for path in stale:
        path.write_bytes(b"x")
        age(path, LONG_AGO_S)
    for path in fresh:
        path.write_bytes(b"x")
    age(old_copy / DATABASE_NAME, LONG_AGO_S)
    age(old_copy, LONG_AGO_S)
    age(new_copy, LONG_AGO_S)  # (its file is recent: a merge still reading it)
    assert sorted(remove_stale_leftovers(data_dir)) == sorted([*stale, old_copy])
    assert all(p.exists() for p in fresh) and new_copy.exists()
    assert remove_stale_partials(data_dir / "missing") == []


def test_a_working_copy_is_private_in_the_data_folder_and_removed_even_on_error(data_dir):
    source = data_dir.parent / "kiosk.db"
    source.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    with pytest.raises(RuntimeError), temporary_folder(data_dir, "merge-") as folder:
        assert folder.parent == data_dir / TEMPORARY_FOLDER
        assert mode(folder.parent) == 0o700 and mode(folder) == 0o700
        copy_private(source, folder / DATABASE_NAME)
        assert mode(folder / DATABASE_NAME) == 0o600
        assert (folder / DATABASE_NAME).read_bytes() == source.read_bytes()
        raise RuntimeError("the merge failed")
    assert os.listdir(data_dir / TEMPORARY_FOLDER) == []


def test_merging_a_log_file_uses_the_data_folder_and_leaves_nothing(data_dir, tmp_path):
    other = Repository(tmp_path / "kiosk-2")
    other.add_profile(alias="Mia", animal="cat", colour=2)
    other.close()
    document = read_source(tmp_path / "kiosk-2" / DATABASE_NAME, data_dir=data_dir)
    assert [p["profile"] for p in document["profiles"]] == ["Mia"]
    assert os.listdir(data_dir / TEMPORARY_FOLDER) == []
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(MergeError):
        read_source(damaged, data_dir=data_dir)
    assert os.listdir(data_dir / TEMPORARY_FOLDER) == []
    with pytest.raises(ValueError, match="data_dir"):  # never the system temp folder
        read_source(tmp_path / "kiosk-2" / DATABASE_NAME)


# -- the command line --------------------------------------------------------------------


def test_the_cli_refuses_to_export_over_the_secret_in_one_line(data_dir, secret, capsys):
    for out in (data_dir / SECRET_NAME, data_dir / "CLINIC-SECRET", data_dir / "x.DB"):
        code = main(["export", "--data-dir", str(data_dir), "--out", str(out)])
        _, err = capsys.readouterr()
        assert code == EXIT_USAGE
        assert err.count("\n") == 1 and err.startswith(f"sensory-games: {out}: not written")
        assert "Traceback" not in err
    assert (data_dir / SECRET_NAME).read_bytes() == secret
    assert not (data_dir / "x.DB").exists()


def test_the_cli_refuses_a_report_or_bundle_into_the_private_space(data_dir, capsys) -> None:
    main(["profiles", "add", "Mia", "--data-dir", str(data_dir)])
    out = data_dir / ".tmp" / "mia.yaml"
    code = main(["profiles", "export", "Mia", "--data-dir", str(data_dir), "--out", str(out)])
    _, err = capsys.readouterr()
    assert code == EXIT_USAGE and "private space" in err and err.count("\n") == 1
    assert not out.exists()


def test_every_cli_start_removes_what_a_killed_export_left(data_dir, capsys) -> None:
    (data_dir / "exports").mkdir(parents=True)
    stale = data_dir / "exports" / ".big.json.999.abcdef12.partial"
    stale.write_bytes(b"{" * 1000)
    age(stale, LONG_AGO_S)
    assert main(["audit", "--data-dir", str(data_dir)]) == 0
    assert not stale.exists()


# -- real processes, killed --------------------------------------------------------------


def big_log(data_dir: Path, children: int = 20, attempts: int = 5, samples: int = 2000) -> None:
    """A log whose JSON export with samples is about 50 MB, written child by child over
    a few seconds."""
    repository = Repository(data_dir)
    points = [(50.0 + k % 100, 80.0 + k % 7) for k in range(samples)]
    touches = contact(points, 100.0)
    for number in range(children):
        child = repository.add_profile(alias=f"Child {number}", animal="cat", colour=2)
        session = repository.start_session(child.id, at(0))
        for minute in range(attempts):
            record = attempt(child, session, minute, activity="tracing", tracing=True)
            assert repository.save_attempt(replace(record, samples=touches))
    repository.close()


def start(args: list[str], **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", **env},
    )


def kill_when(process: subprocess.Popen[bytes], ready, timeout_s: float = 60) -> None:
    """SIGKILL `process` as soon as `ready()` is true (polled every 5 ms); fail if the
    process ends first."""
    deadline = time.monotonic() + timeout_s
    while not ready():
        assert process.poll() is None, "the process ended before it could be killed"
        assert time.monotonic() < deadline, "the process never got there"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.serial
def test_a_killed_export_leaves_a_partial_file_the_next_export_removes(tmp_path) -> None:
    data = tmp_path / "data"
    big_log(data)
    exports = data / "exports"

    def writing() -> bool:  # the first children's records are on disk
        found = [p for p in exports.glob(".big.json.*.partial")] if exports.exists() else []
        return bool(found) and found[0].stat().st_size > 2_000_000

    export = start(["export", "--format", "json", "--samples", "--data-dir", str(data),
                    "--out", str(exports / "big.json")])  # fmt: skip
    kill_when(export, writing)
    [left] = exports.glob(".big.json.*.partial")
    assert mode(left) == 0o600 and not (exports / "big.json").exists()
    assert left.name.startswith(f".big.json.{export.pid}.")
    running = exports / ".small.csv.1.0123abcd.partial"  # another export, still writing
    running.write_bytes(b"attempt_id\r\n")
    assert main(["export", "--data-dir", str(data), "--out", str(exports / "small.csv")]) == 0
    assert left.exists()  # killed moments ago: it might still be an export in progress
    age(left, LONG_AGO_S)  # ... a quarter of an hour later
    assert main(["export", "--data-dir", str(data), "--out", str(exports / "small.csv")]) == 0
    assert not left.exists() and running.exists()
    assert (exports / "small.csv").read_text().count("\n") == 101  # header + 100 attempts


@pytest.mark.serial
def test_a_killed_merge_leaves_its_copy_in_the_data_folder_only_and_it_is_removed(tmp_path):
    kiosk, data, system_temp = tmp_path / "kiosk-2", tmp_path / "data", tmp_path / "tmp"
    big_log(kiosk)
    Repository(data).close()
    system_temp.mkdir()
    source = kiosk / DATABASE_NAME

    def copied() -> bool:  # the whole log is copied and being read
        copies = list((data / TEMPORARY_FOLDER).glob(f"merge-*/{DATABASE_NAME}"))
        return bool(copies) and copies[0].stat().st_size == source.stat().st_size

    merge = start(["merge", str(source), "--data-dir", str(data)], TMPDIR=str(system_temp))
    kill_when(merge, copied)
    [folder] = (data / TEMPORARY_FOLDER).iterdir()
    assert mode(data / TEMPORARY_FOLDER) == 0o700 and mode(folder) == 0o700
    assert mode(folder / DATABASE_NAME) == 0o600
    assert (folder / DATABASE_NAME).read_bytes()[:16] == b"SQLite format 3\x00"
    assert list(system_temp.iterdir()) == []  # nothing of the child's in the shared folder
    assert main(["audit", "--data-dir", str(data)]) == 0
    assert folder.exists()  # (it may be a merge still running)
    for path in (*folder.iterdir(), folder):
        age(path, LONG_AGO_S)
    assert main(["audit", "--data-dir", str(data)]) == 0  # the next start, later
    assert list((data / TEMPORARY_FOLDER).iterdir()) == []


@pytest.mark.parametrize("name", ["exports", "EXPORTS", "recovered", ".tmp", "autoplay"])
def test_an_export_never_takes_the_name_of_a_folder_the_app_keeps(tmp_path, name) -> None:
    """`export --out <data>/exports` would put a file where the adult menu's exports go."""
    data = tmp_path / "data"
    data.mkdir()
    with pytest.raises(ValueError, match="a folder the app keeps"):
        check_output_path(data / name, data_dir=data)
    check_output_path(tmp_path / name, data_dir=data)  # (elsewhere, any name will do)


def test_an_export_to_the_screen_is_refused_in_one_line(tmp_path: Path) -> None:
    """`--out -` means standard output to many tools; an export is a private file."""
    with pytest.raises(ValueError, match=r"^-: not written: exports are written to a file"):
        check_output_path(Path("-"), data_dir=tmp_path)
    assert not (Path.cwd() / "-").exists()


def test_a_data_folder_that_is_a_file_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("", encoding="utf-8")
    for folder in (tmp_path / "data", tmp_path / "data" / "autoplay"):
        with pytest.raises(StorageError, match=r"data is a file, not a folder"):
            Repository(folder)
