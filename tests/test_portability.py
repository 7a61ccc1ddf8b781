"""Windows and macOS: every path that writes a file works with the POSIX-only calls taken
away (os.fchmod, which Windows has only from Python 3.13; os.getuid; os.O_NOFOLLOW; a
folder opened to flush it), and each platform function in storage/files.py takes its
documented fallback there (docs/platforms.md).

The `windows` fixture makes this Linux machine answer as Windows does for everything the
app's file code asks: the functions are removed from `os`, opening a folder raises
PermissionError, os.O_BINARY exists (and must be passed: Windows opens a descriptor
without it in text mode, turning each \\n written into \\r\\n), and storage.files takes
its Windows branch (no mode bits). What it cannot show is real NTFS behaviour: ACLs, a
rename over a file another program holds open (docs/platforms.md lists what is untested).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from records import at, attempt, fill_device

from sensory_games.domain.pin import hash_pin, pin_matches
from sensory_games.domain.records import check_document
from sensory_games.services.bundle import import_bundle, read_bundle, write_bundle
from sensory_games.services.export import write_export
from sensory_games.services.merge import merge, read_source
from sensory_games.services.outbox import Outbox, waiting_files
from sensory_games.services.private_files import (
    TEMPORARY_FOLDER,
    remove_stale_leftovers,
    write_private,
)
from sensory_games.storage import Repository, files
from sensory_games.storage.opening import DATABASE_NAME
from sensory_games.storage.pin_store import PIN_FILE_NAME

#: The bit the fake os.O_BINARY stands for (no Linux open flag uses it).
FAKE_BINARY = 1 << 30
#: The POSIX-only names Windows' os module lacks (before Python 3.13 for fchmod).
POSIX_ONLY = ("fchmod", "getuid", "geteuid", "getgid", "O_NOFOLLOW")
LONG_AGO_S = 2 * 60 * 60
LEVEL_COUNTS = {"bubbles": 5, "tracing": 8, "calming": 10, "bilateral_drum": 6}


@dataclass
class WindowsLike:
    """What the fake platform saw: every os.open (path, flags as the app passed them) and
    every os.chmod the app asked for."""

    opened: list[tuple[str, int]] = field(default_factory=list)
    chmods: list[str] = field(default_factory=list)

    def written_through_partials(self) -> list[int]:
        """The flags of each partial file opened (exports, reports, bundles, own files)."""
        return [flags for path, flags in self.opened if path.endswith(".partial")]


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[WindowsLike]:
    """This machine answering the app's file calls as Windows does (see the module)."""
    seen = WindowsLike()
    real_open, real_chmod = os.open, os.chmod

    def open_as_windows(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if os.path.isdir(path):  # (Windows cannot open a folder as a file)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        seen.opened.append((str(path), flags))
        return real_open(path, flags & ~FAKE_BINARY, mode, **kwargs)

    def chmod_as_seen(path: Any, mode: int, **kwargs: Any) -> None:
        seen.chmods.append(str(path))
        real_chmod(path, mode, **kwargs)

    for name in POSIX_ONLY:
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(os, "O_BINARY", FAKE_BINARY, raising=False)
    monkeypatch.setattr(os, "open", open_as_windows)
    monkeypatch.setattr(os, "chmod", chmod_as_seen)
    monkeypatch.setattr(files, "PERMISSION_BITS", False)
    # shutil.rmtree chose its folder-descriptor walk at import, as it does not on Windows
    monkeypatch.setattr(shutil, "_use_fd_functions", False, raising=False)
    yield seen
    partials = seen.written_through_partials()
    assert all(flags & FAKE_BINARY for flags in partials), "a file was opened in text mode"
    assert not seen.chmods, f"mode bits were changed on Windows: {seen.chmods}"


def no_partials_left(folder: Path) -> None:
    assert not [p.name for p in folder.rglob("*.partial")], "a half-written file was left"


# -- the file-writing paths, as on Windows -------------------------------------------------


def test_csv_and_json_exports_are_written_whole(repository, windows, tmp_path) -> None:
    mia = fill_device(repository, "Mia")
    out = tmp_path / "exports"
    assert write_export(repository, "csv", out / "mia.csv") == 5
    rows = list(csv.DictReader(io.StringIO((out / "mia.csv").read_text("utf-8"))))
    assert len(rows) == 5 and {r["profile"] for r in rows} == {"Mia", "Guest"}
    assert b"\r\r\n" not in (out / "mia.csv").read_bytes()
    assert write_export(repository, "json", out / "mia.json", samples=True) == 5
    document = json.loads((out / "mia.json").read_text("utf-8"))
    check_document(document)
    [profile] = [p for p in document["profiles"] if p["profile_id"] == mia.id]
    assert sum(len(s["attempts"]) for s in profile["sessions"]) == 4
    assert len(windows.written_through_partials()) == 2
    no_partials_left(out)


def test_a_png_and_a_pdf_report_keep_their_bytes(repository, windows, tmp_path) -> None:
    pytest.importorskip("uharfbuzz")
    from sensory_games.activities import showing
    from sensory_games.services.report import ReportRequest, write_report
    from sensory_games.ui.page_pixels import save_png

    fill_device(repository, "Mia")
    request = ReportRequest(alias="Mia", showing=showing(), now=at(600), tz=timezone.utc)
    png = write_report(repository, request, tmp_path / "mia.png", save_png).path
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")  # (the bytes text mode breaks)
    pdf = write_report(repository, request, tmp_path / "mia.pdf").path
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert len(windows.written_through_partials()) == 2
    no_partials_left(tmp_path)


def test_a_profile_bundle_is_written_and_imports(repository, windows, tmp_path) -> None:
    fill_device(repository, "Mia")
    repository.set_level(repository.profile_by_alias("Mia").id, "tracing", 4, "therapist")
    out = tmp_path / "mia.yaml"
    write_bundle(repository, "Mia", out)
    other = Repository(tmp_path / "family-tablet")
    try:
        import_bundle(other, read_bundle(out, LEVEL_COUNTS))
        child = other.profile_by_alias("Mia")
        assert child is not None and other.current_levels(child.id)["tracing"] == 4
    finally:
        other.close()
    assert len(windows.written_through_partials()) == 1


def test_the_pin_file_is_written_read_and_replaced(data_dir, windows) -> None:
    repository = Repository(data_dir)
    repository.set_pin_hash(hash_pin("2468"))
    repository.set_pin_hash(hash_pin("1357"))  # (a rename over the old file)
    repository.close()
    again = Repository(data_dir)
    try:
        assert pin_matches("1357", again.pin_hash())
    finally:
        again.close()
    assert [p.name for p in data_dir.iterdir() if PIN_FILE_NAME in p.name] == [PIN_FILE_NAME]
    assert len(windows.written_through_partials()) == 2


def test_the_outboxs_fallback_file_takes_what_the_log_refuses(
    repository, windows, tmp_path, monkeypatch
) -> None:
    child = repository.add_profile(alias="Mia", animal="cat", colour=2)
    box = Outbox(repository, [tmp_path / "temp" / "unsaved"], now=lambda: at(2))
    session = box.start_session(child, at(0))

    def full_disk(*_: object) -> bool:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(repository, "save_attempt", full_disk)
    refused = attempt(child, session, 1)
    box.add_attempt(refused)
    assert box.flush() == [] and box.pending == 1
    kept = box.keep()
    assert kept is not None and kept.parent == tmp_path / "temp" / "unsaved"
    assert waiting_files(box.folders, repository.device_id) == [kept]
    document = json.loads(kept.read_text("utf-8"))
    check_document(document)
    [profile] = document["profiles"]
    assert [a["attempt_id"] for s in profile["sessions"] for a in s["attempts"]] == [refused.id]
    assert len(windows.written_through_partials()) == 1


def test_a_merge_of_an_export_and_of_a_log_file(data_dir, windows, tmp_path) -> None:
    kiosk = Repository(tmp_path / "kiosk-2")
    fill_device(kiosk, "Noor")
    kiosk.close()
    source = tmp_path / "kiosk-2" / DATABASE_NAME
    here = Repository(data_dir)
    try:
        # a log file: copied (copy_private) into the data folder's .tmp/ and read there
        report = merge(here, read_source(source, data_dir=data_dir), source.name)
        assert report.added["attempt"] == 5
        assert os.listdir(data_dir / TEMPORARY_FOLDER) == []
        [copy, *_] = [f for p, f in windows.opened if p.endswith(DATABASE_NAME) and "merge-" in p]
        assert copy & FAKE_BINARY  # (copy_private's open: the log's own opening follows)
        # an export of it: the same records, nothing new
        write_export(here, "json", tmp_path / "all.json", samples=True)
        again = merge(here, read_source(tmp_path / "all.json"), "all.json")
        assert again.added["attempt"] == 0
    finally:
        here.close()


def test_a_damaged_log_is_moved_aside_whole(data_dir, windows) -> None:
    data_dir.mkdir(parents=True)
    damaged = b"not a database\n" * 100
    (data_dir / DATABASE_NAME).write_bytes(damaged)
    repository = Repository(data_dir)
    try:
        [moved] = data_dir.glob(f"{DATABASE_NAME}.damaged-*")
        assert moved.read_bytes() == damaged
        assert any(moved.name in notice for notice in repository.notices)
        assert repository.add_profile(alias="Mia", animal="cat", colour=2).alias == "Mia"
    finally:
        repository.close()


def test_stale_partial_files_are_cleaned_up(data_dir, windows) -> None:
    exports = data_dir / "exports"
    exports.mkdir(parents=True)
    stale = [data_dir / ".mia.csv.123.0badc0de.partial", exports / ".mia.json.partial"]
    fresh = exports / ".noor.csv.456.0badf00d.partial"
    for path in (*stale, fresh):
        path.write_bytes(b"half")
    for path in stale:
        os.utime(path, (time.time() - LONG_AGO_S,) * 2)
    write_private(exports / "noor.csv", "a,b\n1,2\n", data_dir=data_dir)
    assert not stale[1].exists() and fresh.exists()  # (its folder, before the write)
    assert remove_stale_leftovers(data_dir) == [stale[0]]
    assert (exports / "noor.csv").read_bytes() == b"a,b\n1,2\n"


# -- each platform function takes its fallback ---------------------------------------------


def test_restrict_to_owner_leaves_the_inherited_acl_on_windows(windows, tmp_path) -> None:
    path = tmp_path / "file"
    path.write_bytes(b"x")
    os.chmod(path, 0o644)
    windows.chmods.clear()  # (the test's own chmod)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert files.restrict_to_owner(descriptor) == files.INHERITED_ACL
    finally:
        os.close(descriptor)
    assert files.restrict_to_owner(path) == files.INHERITED_ACL
    assert files.restrict_to_owner(tmp_path, folder=True) == files.INHERITED_ACL
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # untouched: the ACL decides


def test_restrict_to_owner_without_fchmod_keeps_the_creation_mode(tmp_path, monkeypatch):
    """POSIX without os.fchmod: a descriptor keeps os.open's mode (0600 less the umask)."""
    monkeypatch.delattr(os, "fchmod")
    path = tmp_path / "file"
    descriptor = os.open(path, files.new_file_flags(), 0o600)
    try:
        assert files.restrict_to_owner(descriptor) == files.CREATION_MODE
    finally:
        os.close(descriptor)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@pytest.mark.skipif(os.name != "posix", reason="mode bits decide access on POSIX only")
def test_restrict_to_owner_sets_the_mode_exactly_on_posix(tmp_path) -> None:
    old_mask = os.umask(0)
    try:
        path = tmp_path / "file"
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)
        try:
            assert files.restrict_to_owner(descriptor) == files.MODE_SET
        finally:
            os.close(descriptor)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        os.chmod(path, 0o666)
        assert files.restrict_to_owner(path) == files.MODE_SET
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        (tmp_path / "folder").mkdir(mode=0o777)
        assert files.restrict_to_owner(tmp_path / "folder", folder=True) == files.MODE_SET
        assert stat.S_IMODE((tmp_path / "folder").stat().st_mode) == 0o700
    finally:
        os.umask(old_mask)


def test_a_folder_is_flushed_on_posix_and_left_to_ntfs_on_windows(tmp_path, monkeypatch):
    assert files.sync_folder(tmp_path) is (os.name == "posix")
    real_open = os.open

    def no_folders(path: Any, flags: int, *args: Any) -> int:
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", no_folders)
    assert files.sync_folder(tmp_path) is False
    assert files.sync_folder(tmp_path / "missing") is False


def test_new_files_open_binary_on_windows_and_never_through_a_link_on_posix(monkeypatch):
    flags = files.new_file_flags()
    if hasattr(os, "O_NOFOLLOW"):
        assert flags & os.O_NOFOLLOW
    for name in ("O_NOFOLLOW", "O_BINARY"):
        monkeypatch.delattr(os, name, raising=False)
    assert files.new_file_flags() == os.O_CREAT | os.O_EXCL | os.O_WRONLY
    monkeypatch.setattr(os, "O_BINARY", FAKE_BINARY, raising=False)
    assert files.new_file_flags() == os.O_CREAT | os.O_EXCL | os.O_WRONLY | FAKE_BINARY


def test_the_user_is_the_login_name_without_getuid(monkeypatch) -> None:
    if hasattr(os, "getuid"):
        assert files.user_tag() == str(os.getuid())  # (as earlier versions named the folder)
    monkeypatch.delattr(os, "getuid", raising=False)
    monkeypatch.setattr(files.getpass, "getuser", lambda: "Zoë Ng/clinic")
    assert files.user_tag() == "Zoë_Ng_clinic"

    def no_name() -> str:
        raise OSError("No username set in the environment")  # (Python 3.13 on Windows)

    monkeypatch.setattr(files.getpass, "getuser", no_name)
    assert files.user_tag() == "user"


def test_ownership_is_checked_where_it_can_be(monkeypatch) -> None:
    other_user = SimpleNamespace(st_uid=os.getuid() + 1 if hasattr(os, "getuid") else 1)
    if hasattr(os, "getuid"):
        assert files.owned_by_this_user(SimpleNamespace(st_uid=os.getuid()))  # type: ignore[arg-type]
        assert not files.owned_by_this_user(other_user)  # type: ignore[arg-type]
    monkeypatch.delattr(os, "getuid", raising=False)
    assert files.owned_by_this_user(other_user)  # type: ignore[arg-type]  (Windows: st_uid 0)


def test_the_outboxs_last_folder_is_named_after_the_user(monkeypatch) -> None:
    from sensory_games.services import outbox

    monkeypatch.undo()  # (the real private_temp_folder, not the suite's stand-in)
    monkeypatch.delattr(os, "getuid", raising=False)
    monkeypatch.setattr(files.getpass, "getuser", lambda: "therapist")
    assert outbox.private_temp_folder().name == "sensory-games-unsaved-therapist"
