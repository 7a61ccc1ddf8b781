"""Files that hold a child's data (exports, reports, profile bundles): readable by their
owner only, and appearing all at once (written next to the target, then renamed), so a
reader never sees half a file and a failed write leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: Names an export or report may never be written over (the attempt log itself).
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


@contextlib.contextmanager
def private_file(out: Path) -> Iterator[BinaryIO]:
    """A binary handle to `.{name}.partial` next to `out` (mode 0o600), renamed over `out`
    when the block ends without error, removed otherwise. Refuses a database's name."""
    out = Path(out)
    if out.name.startswith("sensory_games.db") or out.suffix in DATABASE_SUFFIXES:
        raise ValueError(f"{out}: an export may not be written over a database file")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an older partial file may have had other rights
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
        os.replace(partial, out)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def write_private(out: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to `out` through private_file."""
    with private_file(out) as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


def safe_name(text: str, fallback: str = "child") -> str:
    """`text` as part of a file name: letters, digits, - and _ only (an alias like
    `../A/B` cannot reach another folder), at most 40 characters."""
    safe = re.sub(r"[^\w-]+", "_", text).strip("_")
    return safe[:40] or fallback
