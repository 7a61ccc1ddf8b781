"""What went wrong, for the adult: errors.log in the data folder and the warnings the
adult menu lists.

An unexpected error is never shown to the child; it is written to errors.log (once in
full, then only counted) and said in one line among the warnings. Every other warning is
written there too, once (a start-up notice made again at every launch: once in all, when
errors.log still has it), so the adult menu (which lists only the latest that fit the
screen) can send the adult to errors.log for the rest, as long as errors.log could take
everything (`all_written`). Loads no pygame, so the child session service and the engine
can share one log.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

#: errors.log stops growing at this size (bytes): an error storm never fills the disk.
ERRORS_LOG_BYTES = 1_000_000
#: Different errors counted (each is written out once), adult warnings kept, and different
#: warnings written to errors.log (each once; later new ones are only listed).
MAX_ERROR_KINDS = 100
MAX_WARNINGS = 100
MAX_WARNINGS_WRITTEN = 1000


class ErrorLog:
    """errors.log in `data_dir` and the latest warnings for the adult (`warnings`, oldest
    first; it starts with `notices`, e.g. what the log said when it was opened).

    `all_written` says whether errors.log has everything it was handed (False once a
    write failed, the log reached ERRORS_LOG_BYTES or MAX_WARNINGS_WRITTEN were written):
    the adult menu sends the adult there for the rest only while it is True."""

    def __init__(self, data_dir: Path | str, notices: Iterable[str] = ()) -> None:
        self.path = Path(data_dir) / "errors.log"
        self.warnings: list[str] = []
        self.all_written = True
        self._error_counts: dict[str, int] = {}
        self._written: set[str] = set()  # (at most MAX_WARNINGS_WRITTEN)
        self._told: set[str] = set()  # problems said already (tell_problems)
        notices = list(notices)
        # Some start-up notices are derived again at every launch (a log that cannot use
        # WAL journaling says so each time): one errors.log has already is not appended.
        logged = self._logged() if notices else b""
        self._written.update(notice for notice in notices if f"\n{notice}\n".encode() in logged)
        for notice in notices:
            self.warn(notice)

    def _logged(self) -> bytes:
        """What errors.log holds (b"" when it cannot be read): at most twice its cap, the
        cap being checked before an entry is appended (the last entry may pass it)."""
        try:
            with self.path.open("rb") as handle:
                return handle.read(2 * ERRORS_LOG_BYTES)
        except OSError:
            return b""

    def warn(self, warning: str) -> None:
        """Tell the adult (the adult menu lists the latest warnings) and write the warning
        to errors.log the first time it is said."""
        self._list(warning)
        self.record(warning)

    def record(self, text: str) -> None:
        """Write `text` (a warning, a failed export: what the adult may want to read in
        full) to errors.log, the first time only; a Sentence in English (IT reads it)."""
        if text in self._written:
            return
        if len(self._written) >= MAX_WARNINGS_WRITTEN:
            self.all_written = False
            return
        self._written.add(text)
        try:
            self._append(f"--- {datetime.now(timezone.utc).isoformat()}\n{text}\n")
        except OSError:  # (unwritten: the adult menu still says it, and no longer
            self.all_written = False  # sends the adult to errors.log for the rest)

    def _list(self, warning: str) -> None:
        """Add `warning` to the adult's list: the same warning twice in a row is said once,
        and only the latest MAX_WARNINGS are kept."""
        if warning not in self.warnings[-1:]:
            self.warnings.append(warning)
        del self.warnings[:-MAX_WARNINGS]

    def log_error(self, trace: str) -> None:
        """Append an error to errors.log and warn the adult. An error is known by its kind
        and the line that raised it: the first time it is written out whole, then only
        counted (a note at 10, 100, 1000... times), so an error in every frame never fills
        the disk; the log stops growing at ERRORS_LOG_BYTES."""
        lines = trace.strip().splitlines()
        where = next((line.strip() for line in reversed(lines) if line.strip().startswith(
            "File ")), "")  # fmt: skip
        kind = lines[-1].split(":", 1)[0] if lines else "error"
        signature = f"{kind} at {where}"
        seen = self._error_counts.get(signature, 0)
        if seen or len(self._error_counts) < MAX_ERROR_KINDS:
            self._error_counts[signature] = seen + 1
        log = self.path
        if seen == 0:
            text = f"--- {datetime.now(timezone.utc).isoformat()}\n{trace}"
            warning = f"an internal error was logged in {log}"
        elif math.log10(seen + 1).is_integer():
            summary = lines[-1] if lines else "error"
            text = f"--- {datetime.now(timezone.utc).isoformat()} (x{seen + 1}) {summary}\n"
            warning = f"an internal error came back {seen + 1} times (see {log})"
        else:
            return
        try:
            self._append(text)
        except OSError as error:
            self.all_written = False
            warning = f"an internal error happened ({kind}; not logged: {error})"
        self._list(warning)  # (errors.log has the error itself: no line about it)

    def tell_problems(self, problems: Iterable[str]) -> None:
        """Warn the adult of each of `problems` (a broken file the app works around: a
        picture, a catalog; in the clinic's language) and write it to errors.log, each
        once however often it is handed in (even past MAX_WARNINGS_WRITTEN: what was said
        is remembered apart from what was written; problems name the app's own files, so
        there are only so many)."""
        for problem in problems:
            if problem not in self._told:
                self._told.add(problem)
                self.warn(problem)

    def _append(self, text: str) -> None:
        """Add `text` to errors.log (owner-only), unless it has reached ERRORS_LOG_BYTES
        (OSError then, as for a write that fails)."""
        log = self.path
        if log.exists() and log.stat().st_size > ERRORS_LOG_BYTES:
            raise OSError("errors.log is full")
        descriptor = os.open(log, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(text)
