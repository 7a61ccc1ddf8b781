"""The app's own files in its folders, written so a crash never leaves half of one: the
partial file (owner-only, flushed to the disk, then renamed over the target), the name a
damaged file is moved aside to, and the folder flush after a rename. Storage uses them for
the log's and the PIN's files; services.private_files builds the exports' checks on them."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: At most this many characters of the target's name go into its partial file's name
#: (a file name holds 255 bytes; the pid and random part need the rest).
PARTIAL_NAME_CHARS = 100


def write_own_file(out: Path, content: str | bytes) -> None:
    """One of the app's own files in its folders (the fallback file of records the log
    could not take, the adults' PIN file): written as exports are (owner-only, all at
    once, flushed to the disk before it replaces the old one), under a name no export may
    take."""
    with atomic_file(Path(out), lambda: None) as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


def aside_name(path: Path, label: str) -> Path:
    """Where a damaged (or otherwise unusable) file is moved so that nothing is deleted:
    `<name>.<label>-<UTC time>`, with -2, -3... when that is taken."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while os.path.lexists(target):
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    return target


def sync_folder(folder: Path) -> None:
    """Flush the folder's entry for a renamed file to the disk (POSIX; elsewhere the
    rename is already as durable as the platform makes it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_file(out: Path, recheck: Callable[[], None]) -> Iterator[BinaryIO]:
    """The partial file behind write_own_file and the exports' private_file: written,
    flushed to the disk (fsync), `recheck`ed, then renamed over `out`; removed on any
    failure."""
    partial = out.with_name(
        f".{out.name[:PARTIAL_NAME_CHARS]}.{os.getpid()}.{secrets.token_hex(4)}.partial"
    )
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(partial, flags, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # (exactly: whatever the umask)
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        recheck()  # (something may have appeared at `out` meanwhile)
        os.replace(partial, out)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    sync_folder(out.parent)


def copy_private(source: Path, target: Path) -> None:
    """Copy `source` to a new file `target` readable by its owner only (mode 0o600)."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    with Path(source).open("rb") as reader, os.fdopen(os.open(target, flags, 0o600), "wb") as w:
        shutil.copyfileobj(reader, w, 1 << 20)
