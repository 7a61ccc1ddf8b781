"""The adults' PIN and the keypad lockout in their own file beside the log: they survive a
damaged or replaced log, the file is owner-only and written whole or not at all, a damaged
file is moved aside and reported, and `sensory-games pin status` says where things stand."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import enter_pin, hold

from sensory_games.cli import main
from sensory_games.domain.pin import KeypadState, hash_pin, pin_matches
from sensory_games.engine.app import App
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository, StorageError
from sensory_games.storage.opening import DATABASE_NAME
from sensory_games.storage.pin_store import PIN_FILE_NAME, PIN_FORMAT, PinStore

NOW = datetime.now(timezone.utc).replace(microsecond=0)
LOCKED = KeypadState(wrong=2, lockouts=3, locked_until=NOW + timedelta(minutes=8))
LOG_PIN_KEYS = ("pin_hash", "keypad_wrong", "keypad_lockouts", "keypad_locked_until")


def pin_file(data_dir: Path) -> Path:
    return data_dir / PIN_FILE_NAME


def log_pin_keys(repository: Repository) -> dict[str, str]:
    """The PIN keys earlier versions kept in the log's meta table."""
    rows = repository.connection.execute(
        "SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?)", LOG_PIN_KEYS
    ).fetchall()
    return dict(rows)


def put_pin_in_log(repository: Repository, hashed: str, state: KeypadState) -> None:
    """Write the PIN into the log's meta table as versions before the PIN file did."""
    until = state.locked_until.isoformat() if state.locked_until else ""
    values = (hashed, str(state.wrong), str(state.lockouts), until)
    repository.connection.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        zip(LOG_PIN_KEYS, values, strict=True),
    )


@pytest.fixture
def pinned(data_dir: Path) -> str:
    """A closed data folder whose PIN is 1357, with the keypad locked; returns the hash."""
    repository = Repository(data_dir)
    hashed = hash_pin("1357")
    repository.set_pin_hash(hashed)
    repository.set_keypad_state(LOCKED)
    repository.close()
    return hashed


# -- the file ------------------------------------------------------------------------------


def test_the_pin_and_lockout_live_in_an_owner_only_file_beside_the_log(
    repository: Repository,
) -> None:
    assert not pin_file(repository.data_dir).exists()  # no PIN yet, no file
    repository.set_pin_hash(hash_pin("2468"))
    repository.set_keypad_state(LOCKED)
    path = pin_file(repository.data_dir)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == PIN_FORMAT
    assert pin_matches("2468", document["pin_hash"]) and "2468" not in path.read_text("utf-8")
    assert document["keypad"] == {
        "wrong": 2,
        "lockouts": 3,
        "locked_until": LOCKED.locked_until.isoformat(),
    }
    assert log_pin_keys(repository) == {}  # nothing about the PIN in the log
    assert [p.name for p in repository.data_dir.iterdir() if "adult-pin" in p.name] == [
        PIN_FILE_NAME
    ]  # no temporary file left


def test_a_pin_set_elsewhere_is_seen_at_once(repository: Repository) -> None:
    """`sensory-games pin set` while the kiosk runs: the running app sees the new PIN."""
    assert repository.pin_hash() is None
    other = Repository(repository.data_dir)
    other.set_pin_hash(hash_pin("2468"))
    assert pin_matches("2468", repository.pin_hash())
    other.set_pin_hash(hash_pin("8642"))  # the same size, a new file
    assert pin_matches("8642", repository.pin_hash())
    other.set_pin_hash(None)
    assert repository.pin_hash() is None
    other.close()


def test_only_a_scrypt_hash_is_ever_written(repository: Repository) -> None:
    with pytest.raises(ValueError, match="salted scrypt hash"):
        repository.set_pin_hash("2468")
    assert not pin_file(repository.data_dir).exists()


# -- the log damaged or replaced -----------------------------------------------------------


def test_the_pin_and_lockout_survive_a_damaged_log(data_dir: Path, pinned: str) -> None:
    (data_dir / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    repository = Repository(data_dir)
    try:
        assert any("a new log started" in notice for notice in repository.notices)
        assert list(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))  # the log was moved aside
        assert repository.pin_hash() == pinned  # ... but not the PIN
        assert repository.keypad_state() == LOCKED
        assert not any("PIN" in notice for notice in repository.notices)
    finally:
        repository.close()


def test_the_pin_survives_the_log_replaced_by_another_devices_log(
    data_dir: Path, pinned: str, tmp_path: Path
) -> None:
    """Another kiosk's log copied in (made by an earlier version, with its own PIN in it):
    this kiosk's PIN file wins and the other PIN is dropped from the log."""
    other = Repository(tmp_path / "other-kiosk")
    put_pin_in_log(other, hash_pin("9999"), KeypadState())
    other_device = other.device_id
    other.close()
    shutil.copyfile(other.path, data_dir / DATABASE_NAME)
    repository = Repository(data_dir)
    try:
        assert repository.device_id == other_device
        assert repository.pin_hash() == pinned and repository.keypad_state() == LOCKED
        assert log_pin_keys(repository) == {}
        assert repository.notices == []
    finally:
        repository.close()


def test_an_old_log_keeps_its_pin_and_lockout(data_dir: Path) -> None:
    """A log from before the PIN file: its PIN moves into the file, then leaves the log."""
    old = Repository(data_dir)
    hashed = hash_pin("1357")
    put_pin_in_log(old, hashed, LOCKED)
    old.close()
    assert not pin_file(data_dir).exists()
    repository = Repository(data_dir)
    try:
        assert repository.pin_hash() == hashed and repository.keypad_state() == LOCKED
        assert json.loads(pin_file(data_dir).read_text("utf-8"))["pin_hash"] == hashed
        assert log_pin_keys(repository) == {}
        assert repository.notices == []
    finally:
        repository.close()
    pin_file(data_dir).unlink()  # the log no longer has it: no second copy anywhere
    again = Repository(data_dir)
    assert again.pin_hash() is None
    again.close()


def test_an_old_log_whose_pin_cannot_be_moved_keeps_it(data_dir: Path, monkeypatch) -> None:
    old = Repository(data_dir)
    hashed = hash_pin("1357")
    put_pin_in_log(old, hashed, KeypadState())
    old.close()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("sensory_games.storage.pin_store.os.replace", refuse)
    repository = Repository(data_dir)
    try:
        assert repository.pin_hash() == hashed  # kept, from memory
        assert log_pin_keys(repository)["pin_hash"] == hashed  # and still in the log
        assert any("No space left on device" in notice for notice in repository.notices)
    finally:
        repository.close()
    monkeypatch.undo()
    repository = Repository(data_dir)  # the next opening moves it
    assert repository.pin_hash() == hashed and log_pin_keys(repository) == {}
    repository.close()


def test_the_kiosk_still_asks_for_the_pin_after_the_log_was_damaged(
    data_dir: Path, pinned: str, config, clock
) -> None:
    """The bug this file fixes: a damaged log no longer lets the next corner hold choose
    a new PIN."""
    repository = Repository(data_dir)
    repository.set_keypad_state(KeypadState())  # unlocked, for this test
    repository.close()
    (data_dir / DATABASE_NAME).write_bytes(b"\0garbage" * 512)
    repository = Repository(data_dir)
    app = App(config, repository, clock, window_size=(1280, 800), headless=True, kiosk=True)
    try:
        app.push(ProfilePickerScene(app.stage))
        hold(app, clock, app.metrics.width_mm - 4, 4, seconds=3.2)
        pad = app.top
        assert isinstance(pad, PinPadScene) and not pad.choosing
        enter_pin(app, clock, "0000")
        assert isinstance(app.top, PinPadScene)
        enter_pin(app, clock, "1357")
        assert isinstance(app.top, AdultMenuScene)
    finally:
        repository.close()


# -- writing whole or not at all ----------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(
    data_dir: Path, pinned: str, monkeypatch
) -> None:
    repository = Repository(data_dir)
    before = pin_file(data_dir).read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("sensory_games.storage.pin_store.os.replace", crash)
    try:
        with pytest.raises(StorageError, match=r"could not be written.*left as it was"):
            repository.set_pin_hash(hash_pin("2468"))
        with pytest.raises(StorageError):
            repository.set_keypad_state(KeypadState())
        assert pin_file(data_dir).read_bytes() == before
        assert sorted(p.name for p in data_dir.iterdir() if "adult-pin" in p.name) == [
            PIN_FILE_NAME
        ]
        assert repository.pin_hash() == pinned  # (the new PIN was refused: the old holds)
        assert repository.keypad_state() == KeypadState()  # (the keypad as last asked)
    finally:
        repository.close()
    assert Repository(data_dir).keypad_state() == LOCKED  # (the file, as it was)


def test_a_keypad_locked_on_a_full_disk_stays_locked_however_often_it_is_opened(
    data_dir: Path, pinned: str, config, clock, monkeypatch
) -> None:
    """Five wrong PINs lock the keypad; the disk refuses to keep that: opening the keypad
    again must not give a fresh one (that would allow unlimited guessing)."""
    repository = Repository(data_dir)
    repository.set_keypad_state(KeypadState())

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("sensory_games.storage.pin_store.os.replace", full)
    app = App(config, repository, clock, window_size=(1280, 800), headless=True, kiosk=True)
    try:
        app.push(ProfilePickerScene(app.stage))
        hold(app, clock, app.metrics.width_mm - 4, 4, seconds=3.2)
        for _ in range(5):
            enter_pin(app, clock, "0000")
        assert app.top.state.locked_for_s(clock.wall_utc()) > 0
        app.pop()  # the house key: back to "who is playing?"
        hold(app, clock, app.metrics.width_mm - 4, 4, seconds=3.2)
        pad = app.top
        assert isinstance(pad, PinPadScene) and pad.state.locked_for_s(clock.wall_utc()) > 0
        enter_pin(app, clock, "1357")  # the right PIN, while locked: nothing opens
        assert not isinstance(app.top, AdultMenuScene)
    finally:
        repository.close()


def test_a_half_written_file_from_a_crash_is_ignored(data_dir: Path, pinned: str) -> None:
    """A power cut before the rename leaves a temporary file: the PIN file is untouched."""
    (data_dir / f".{PIN_FILE_NAME}.x1y2z3.partial").write_bytes(b'{"format": "sensory_ga')
    repository = Repository(data_dir)
    try:
        assert repository.pin_hash() == pinned and repository.notices == []
    finally:
        repository.close()


# -- a damaged PIN file ----------------------------------------------------------------------


def good_document() -> dict[str, object]:
    return {
        "format": PIN_FORMAT,
        "pin_hash": hash_pin("1357"),
        "keypad": {"wrong": 0, "lockouts": 0, "locked_until": None},
    }


def damaged(**changes: object) -> bytes:
    document = good_document()
    for key, value in changes.items():
        if key.startswith("keypad_"):
            document["keypad"][key.removeprefix("keypad_")] = value  # type: ignore[index]
        else:
            document[key] = value
    return json.dumps(document).encode("utf-8")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "not JSON"),
        (b"\x00\x01garbage", "not JSON"),
        (b"\xff\xfe\xfd", "not UTF-8 text"),
        (b'{"format": "sensory_games-adult-pin-1", "pin_h', "not JSON"),
        (b"[1, 2, 3]", "format 'list'"),
        (damaged(format="sensory_games-adult-pin-9"), "format 'sensory_games-adult-pin-9'"),
        (damaged(pin_hash="1357"), "pin_hash is not a salted scrypt hash"),
        (damaged(pin_hash="scrypt$16384$8$1$c2FsdA==$aGFzaA=="), "not a salted scrypt hash"),
        (damaged(pin_hash=1357), "not a salted scrypt hash"),
        (damaged(keypad="open"), "keypad is not a mapping"),
        (damaged(keypad_wrong=-1), "keypad.wrong is -1"),
        (damaged(keypad_lockouts=True), "keypad.lockouts is True"),
        (damaged(keypad_locked_until="tomorrow"), "keypad.locked_until is 'tomorrow'"),
        (damaged(keypad_locked_until="2026-11-28T09:00:00"), "not a UTC time"),
    ],
)
def test_a_damaged_pin_file_is_moved_aside_and_reported(
    data_dir: Path, pinned: str, content: bytes, why: str
) -> None:
    pin_file(data_dir).write_bytes(content)
    repository = Repository(data_dir)
    try:
        assert repository.pin_hash() is None and repository.keypad_state() == KeypadState()
        [moved] = data_dir.glob(f"{PIN_FILE_NAME}.damaged-*")
        assert moved.read_bytes() == content  # kept, never deleted
        assert not pin_file(data_dir).exists()
        [notice] = repository.notices
        assert why in notice and moved.name in notice
        assert "no PIN is set now: the next hold of the corner chooses one" in notice
        repository.set_pin_hash(hash_pin("2468"))  # a new PIN is written afresh
        assert pin_matches("2468", repository.pin_hash())
    finally:
        repository.close()


def test_every_damaged_pin_file_is_kept(data_dir: Path) -> None:
    for content in (b"first", b"second"):
        pin_file(data_dir).parent.mkdir(parents=True, exist_ok=True)
        pin_file(data_dir).write_bytes(content)
        Repository(data_dir).close()
    moved = sorted(data_dir.glob(f"{PIN_FILE_NAME}.damaged-*"))
    assert sorted(path.read_bytes() for path in moved) == [b"first", b"second"]


def test_a_folder_in_the_pin_files_place_is_moved_aside(data_dir: Path, pinned: str) -> None:
    pin_file(data_dir).unlink()
    pin_file(data_dir).mkdir()
    repository = Repository(data_dir)
    try:
        assert repository.pin_hash() is None
        assert "a folder, not a file" in repository.notices[0]
        assert [p.is_dir() for p in data_dir.glob(f"{PIN_FILE_NAME}.damaged-*")] == [True]
    finally:
        repository.close()


def test_a_pin_file_damaged_while_the_app_runs_never_raises(
    repository: Repository, make_app, clock
) -> None:
    repository.set_pin_hash(hash_pin("1357"))
    app = make_app(kiosk=True)
    app.push(ProfilePickerScene(app.stage))
    pin_file(repository.data_dir).write_bytes(b"\xff" * 40)
    hold(app, clock, app.metrics.width_mm - 4, 4, seconds=3.2)
    assert isinstance(app.top, PinPadScene) and app.top.choosing  # as if no PIN were set
    assert repository.pin_hash() is None
    assert [n for n in repository.notices if "damaged" in n] == [repository.notices[-1]]


def test_an_unreadable_pin_file_is_reported_once_and_counts_as_no_pin(
    data_dir: Path, pinned: str, monkeypatch
) -> None:
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    store = PinStore(data_dir)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert store.read().pin_hash is None and store.read().pin_hash is None
    assert len(store.notices) == 1 and "Permission denied" in store.notices[0]
    assert pin_file(data_dir).exists()  # not damaged: left where it is
    monkeypatch.undo()
    assert store.read().pin_hash == pinned  # readable again


# -- sensory-games pin status --------------------------------------------------------------


def status(data_dir: Path, capsys) -> tuple[str, str]:
    """What `sensory-games pin status` prints: (standard output, standard error)."""
    assert main(["pin", "status", "--data-dir", str(data_dir)]) == 0
    printed = capsys.readouterr()
    return printed.out, printed.err


def test_pin_status_without_a_pin(data_dir: Path, capsys) -> None:
    out, err = status(data_dir, capsys)
    assert out.startswith("no PIN is set: whoever next holds the top-right corner chooses it")
    assert "sensory-games pin set" in out and err == ""


def test_pin_status_with_a_pin_set_says_so_and_never_shows_it(
    data_dir: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2468\n"))
    assert main(["pin", "set", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    repository = Repository(data_dir)
    hashed = repository.pin_hash()
    repository.set_keypad_state(KeypadState(wrong=3))
    repository.close()
    out, _err = status(data_dir, capsys)
    assert out.splitlines() == [
        f"a PIN is set (only its salted scrypt hash is kept, in {pin_file(data_dir)})",
        "the keypad is open; wrong PINs in a row: 3 (it locks at 5); lockouts so far: 0",
    ]
    assert hashed is not None and hashed not in out and "2468" not in out


def test_pin_status_when_the_keypad_is_locked(data_dir: Path, pinned: str, capsys) -> None:
    until = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(minutes=8)
    repository = Repository(data_dir)
    repository.set_keypad_state(KeypadState(wrong=0, lockouts=3, locked_until=until))
    repository.close()
    out, _err = status(data_dir, capsys)
    assert out.splitlines()[1] == (
        f"the keypad is locked until {until:%Y-%m-%d %H:%M:%S} UTC (in 8 min); "
        "wrong PINs in a row: 0 (it locks at 5); lockouts so far: 3"
    )
    assert pinned not in out


def test_pin_status_once_the_lock_has_passed(data_dir: Path, pinned: str, capsys) -> None:
    past = datetime.now(timezone.utc) - timedelta(seconds=1)
    repository = Repository(data_dir)
    repository.set_keypad_state(KeypadState(wrong=0, lockouts=1, locked_until=past))
    repository.close()
    out, _err = status(data_dir, capsys)
    assert out.splitlines()[1].startswith("the keypad is open; wrong PINs in a row: 0")


def test_pin_status_reports_a_damaged_pin_file(data_dir: Path, pinned: str, capsys) -> None:
    pin_file(data_dir).write_text("not json", "utf-8")
    out, err = status(data_dir, capsys)
    assert out.startswith("no PIN is set")
    assert err.startswith("sensory-games: note: the PIN file adult-pin was damaged: not JSON")
