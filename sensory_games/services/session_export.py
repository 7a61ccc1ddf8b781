"""The adult menu's Export: one child's log (or everyone's) written to a folder in one go.

Into `<export folder>/<date>-<time>-<alias>/`: attempts.csv, attempts-excel.csv (the same
rows for a double-click in Excel: byte order mark, the clinic's separator, decimal mark
and local time from app.yaml `export:`, by default this computer's; always written, since
a therapist opens what the USB stick holds in Excel), attempts.json (with raw samples and
targets, mergeable on another device), check-ins.csv and, with the `report` extra
installed, report.pdf (in the clinic's language, app.yaml `clinic.language`, as is the
line that says what was written). The export folder is `storage.export_dir` in app.yaml (a USB
stick, a clinic share), else exports/ in the data folder.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from errno import EACCES, ENOENT, ENOSPC, ENOTDIR, EPERM, EROFS
from pathlib import Path

from sensory_games.domain.config import ExportConfig
from sensory_games.domain.language import N_, SOURCE_LANGUAGE
from sensory_games.domain.profile import GUEST_ALIAS, Profile
from sensory_games.domain.report_spec import Showing
from sensory_games.domain.sentence import Sentence, sentence
from sensory_games.services.excel import clinic_style, write_excel_csv
from sensory_games.services.export import write_check_ins, write_export
from sensory_games.services.private_files import named_paths
from sensory_games.storage import Repository, Selection
from sensory_games.storage.files import safe_name


@dataclass(frozen=True)
class ExportedFiles:
    """What an export wrote: the folder, its files and the attempts in them."""

    folder: Path
    files: tuple[str, ...]
    attempts: int
    #: What the Excel copy had to guess and how to choose instead ("" when nothing).
    note: str = ""

    def describe(self) -> Sentence:
        """One line for the adult menu (said in the clinic's language) and the audit list
        (English); `note` is shown under it."""
        return Sentence.tr_n(
            "{count} attempt exported to {folder} ({files})",
            "{count} attempts exported to {folder} ({files})",
            self.attempts,
            count=self.attempts,
            folder=self.folder,
            files=", ".join(self.files),
        )


def folder_name(alias: str | None, now: datetime) -> str:
    """`20261128-0930-Mia`: sortable, and safe as a file name whatever the alias holds."""
    return f"{now:%Y%m%d-%H%M}-{safe_name(alias or 'everyone')}"


#: What an export may write into its folder (export_child removes them if it fails).
EXPORT_FILES = (
    "attempts.csv",
    "attempts-excel.csv",
    "attempts.json",
    "check-ins.csv",
    "report.pdf",
)
#: Why an export failed on a full disk, in words a therapist can act on.
FULL_DISK = Sentence(
    N_(
        "the disk is full: free some space or choose another export folder"
        " (storage.export_dir in app.yaml)"
    )
)


#: Why the export folder could not be written in, in words a therapist or IT can act on,
#: by the error number (the others are said as the system says them).
FOLDER_PROBLEMS = {
    ENOTDIR: N_(
        "{folder} is not a folder (a file has its name): choose another export folder"
        " (storage.export_dir in app.yaml)"
    ),
    ENOENT: N_(
        "{folder} is not there (a USB stick taken out?): put it back or choose another"
        " export folder (storage.export_dir in app.yaml)"
    ),
    EACCES: N_(
        "this app may not write in {folder} (no permission, or a locked or read-only"
        " stick): choose another export folder (storage.export_dir in app.yaml)"
    ),
}
FOLDER_PROBLEMS[EPERM] = FOLDER_PROBLEMS[EROFS] = FOLDER_PROBLEMS[EACCES]


def why_it_failed(error: Exception, export_dir: Path) -> Sentence | Exception:
    """A failed export's reason in plain words where one is known (a full disk; the export
    folder a file, missing or not writable: only for an error about a path in it, not one
    about a font or a cache elsewhere), else the error itself."""
    if not isinstance(error, OSError):
        return error
    if error.errno == ENOSPC:
        return FULL_DISK
    folder = export_dir.absolute()  # (as written: no link followed)
    if error.errno in FOLDER_PROBLEMS and any(p.is_relative_to(folder) for p in named_paths(error)):
        return Sentence(FOLDER_PROBLEMS[error.errno], folder=export_dir)
    return error


class ExportFailed(Exception):
    """An export that could not be finished (a full stick, a folder that cannot be
    written, a report that cannot be drawn). Its one argument is the Sentence that says
    why, and that nothing of it was kept when that is so (rendered in the clinic's words
    by the adult menu)."""


def export_child(
    repository: Repository,
    profile: Profile | None,
    export_dir: Path,
    now: datetime,
    showing: Showing,
    conventions: ExportConfig | None = None,
    language: str = SOURCE_LANGUAGE,
) -> ExportedFiles:
    """Write `profile`'s log (everyone's when None or the Guest) under `export_dir`;
    `showing`: what the report shows of each activity (`activities.showing()`);
    `conventions`: the clinic's for the Excel copy (app.yaml `export:`; None: auto);
    `language`: the report's, a shipped code (the clinic's, app.yaml `clinic.language`).

    The clinic's export folder must be there (it is never made: see
    _missing_export_folder). All or nothing: when a file cannot be written, the files
    this export had written
    and the folder it made are removed, so a stick never holds half an export that looks
    whole, and ExportFailed says why (a full disk, or a folder that cannot be written in, in
    plain words: why_it_failed). (A folder that was
    there already, an export of the same minute's, is left as it is.)"""
    alias = profile.alias if profile and profile.alias != GUEST_ALIAS else None
    missing = _missing_export_folder(Path(export_dir), repository.data_dir)
    if missing is not None:
        raise ExportFailed(missing)
    folder = Path(export_dir) / folder_name(alias, now)
    made_folder = not folder.exists()
    try:
        return _write_files(repository, alias, folder, showing, conventions, language)
    except Exception as error:
        why = why_it_failed(error, Path(export_dir))
        if not made_folder or not folder.exists():  # (a folder of the same minute's export:
            raise ExportFailed(sentence(why)) from error  # its files stay; or none was made)
        with suppress(OSError):
            for name in EXPORT_FILES:
                (folder / name).unlink(missing_ok=True)
            folder.rmdir()  # (only when empty: nothing but this export's was in it)
        if folder.exists():  # (what could not be removed stays, and is not denied)
            raise ExportFailed(sentence(why)) from error
        kept_none = N_("{reason}; nothing of it was kept in {folder}")  # (why first: a cut note)
        raise ExportFailed(Sentence(kept_none, folder=folder, reason=why)) from error


def _missing_export_folder(export_dir: Path, data_dir: Path) -> Sentence | None:
    """What to say of a clinic's export folder (storage.export_dir) that is not there or
    not a folder (FOLDER_PROBLEMS), else None. Such a folder is never made by an export:
    a USB stick taken out, or a share not mounted, would otherwise have the children's
    files written on this device's own disk under a success note. (The data folder's
    exports/, the default, is made when first needed.)"""
    default = os.path.realpath(data_dir / "exports")  # (links, "..": the same folder)
    if export_dir.is_dir() or os.path.realpath(export_dir) == default:
        return None
    code = ENOTDIR if export_dir.exists() else ENOENT  # (a link to a folder gone: not there)
    return Sentence(FOLDER_PROBLEMS[code], folder=export_dir)


def _write_files(
    repository: Repository,
    alias: str | None,
    folder: Path,
    showing: Showing,
    conventions: ExportConfig | None,
    language: str,
) -> ExportedFiles:
    """export_child's files, written into `folder` (`alias`: the child's, None for all)."""
    selection = Selection(alias)
    attempts = write_export(repository, "csv", folder / "attempts.csv", selection)
    excel = folder / "attempts-excel.csv"
    chosen = conventions or ExportConfig()
    style = clinic_style(chosen.decimal_mark, chosen.time_zone, chosen.list_separator)
    write_excel_csv(repository, "attempts", excel, style, selection, None)
    write_export(repository, "json", folder / "attempts.json", selection, samples=True)
    write_check_ins(repository, folder / "check-ins.csv", selection)
    files = ["attempts.csv", excel.name, "attempts.json", "check-ins.csv"]
    if alias is not None:
        from sensory_games.services.report import (
            ReportRequest,
            report_tools_missing,
            write_report,
        )

        if report_tools_missing() is None:
            request = ReportRequest(alias=alias, showing=showing, language=language)
            write_report(repository, request, folder / "report.pdf")
            files.append("report.pdf")
    how = Sentence(
        N_("{first} and {second} in app.yaml"),
        first="export.decimal_mark",
        second="export.list_separator",
    )
    note = style.note(how)
    return ExportedFiles(folder, tuple(files), attempts, note)
