"""The commands that read the log out: `export` (attempts or check-ins to CSV or JSON),
`report` (a child's progress report) and `audit` (what adults did). Exports and reports are
themselves noted on the audit list."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sensory_games.cli.clinic_language import say
from sensory_games.cli.clinic_view import read_out
from sensory_games.cli.errors import CliError
from sensory_games.cli.opening import find_profile, known_activity, open_log
from sensory_games.domain.config import AppConfig, ExportConfig
from sensory_games.domain.language import N_
from sensory_games.domain.pseudonyms import Pseudonyms, SecretError, clinic_secret
from sensory_games.domain.sentence import Sentence, sentence
from sensory_games.services.private_files import check_output_path, why_not_written
from sensory_games.storage import Repository, Selection, StorageError
from sensory_games.storage.files import safe_name

if TYPE_CHECKING:
    from sensory_games.services.export_json import Codes


def export(args: argparse.Namespace) -> int:
    """Write the selected attempts (or check-ins) to CSV or JSON, from this device's log or
    (--server) the whole clinic's record."""
    if (args.decimal or args.separator or args.tz) and not args.excel:
        raise CliError(
            N_("{decimal}, {separator} and {tz} shape the Excel copy: use them with {excel}"),
            decimal="--decimal",
            separator="--separator",
            tz="--tz",
            excel="--excel",
        )
    return read_out(args, _export)


def _export(
    args: argparse.Namespace, config: AppConfig, device: Repository, repository: Repository
) -> int:
    from sensory_games.services.export import write_check_ins, write_export

    selection = _selection(args, repository)
    codes = _pseudonyms(repository) if args.pseudonymize else None
    out = Path(
        args.out
        or device.data_dir / f"export-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.{args.format}"
    )
    try:
        check_output_path(out, data_dir=device.data_dir)  # (the clinic's record is elsewhere)
        if args.indent is not None and (args.format != "json" or args.excel):
            raise CliError(
                N_("{option} lays out the JSON export: use it with {json}"),
                option="--indent",
                json="--format json",
            )
        if args.check_ins and (args.format != "csv" or args.samples):
            raise CliError(
                N_("{option} writes its own CSV: use it with {alone} alone"),
                option="--check-ins",
                alone="--format csv",
            )
        if args.excel:
            count = _excel_export(args, config.export, repository, out, selection, codes)
        elif args.check_ins:
            count = write_check_ins(repository, out, selection, codes)
        else:
            count = write_export(
                repository,
                args.format,
                out,
                selection,
                samples=args.samples,
                codes=codes,
                indent=args.indent,
            )
        records = (
            Sentence.tr_n("{count} check-in", "{count} check-ins", count, count=count)
            if args.check_ins
            else Sentence.tr_n("{count} attempt", "{count} attempts", count, count=count)
        )
        _audit_reading(device, "export", _export_detail(args, records, out), None, args)
    except OSError as error:
        raise CliError(sentence(why_not_written(error, out))) from None
    except ValueError as error:
        raise CliError(sentence(error)) from None
    print(say(args, N_("{records} written to {file}"), records=records, file=out.resolve()))
    return 0


def _excel_export(
    args: argparse.Namespace,
    clinic: ExportConfig,
    repository: Repository,
    out: Path,
    selection: Selection,
    codes: Codes,
) -> int:
    """The CSV export's Excel copy (--excel: BOM, local times, the clinic's separators):
    the options over app.yaml `export:` (`clinic`); when the decimal mark was left to this
    computer's locale and it does not say, one note line on stderr says what was used."""
    from sensory_games.services.excel import clinic_style, write_excel_csv

    if args.format != "csv":
        raise CliError(
            N_("{option} makes a CSV for Excel: use it with {other}"),
            option="--excel",
            other="--format csv",
        )
    kind = "check-ins" if args.check_ins else "samples" if args.samples else "attempts"
    style = clinic_style(
        args.decimal or clinic.decimal_mark,
        args.tz or clinic.time_zone,
        args.separator or clinic.list_separator,
    )
    note = style.note(
        Sentence(
            N_("{decimal} (and {separator}) or {key}"),
            decimal="--decimal comma|point",
            separator="--separator",
            key="app.yaml export.decimal_mark",
        )
    )
    if note:
        print(f"sensory-games: {say(args, note)}", file=sys.stderr)
    return write_excel_csv(repository, kind, out, style, selection, codes)


def report(args: argparse.Namespace) -> int:
    """Write a child's progress report as PDF or PNG (needs the `report` extra)."""
    from sensory_games.services.report import report_tools_missing

    hint = report_tools_missing()
    if hint:
        raise CliError(hint)
    if not args.profile:
        raise CliError(N_("report: say whose with {option}"), option="--profile ALIAS")
    return read_out(args, _report)


def _report(
    args: argparse.Namespace, config: AppConfig, device: Repository, repository: Repository
) -> int:
    from sensory_games.activities import showing
    from sensory_games.services.report import ReportRequest, write_report
    from sensory_games.ui.page_pixels import save_png

    out: Path | None = None
    try:
        selection = _selection(args, repository)
        child = find_profile(repository, args.profile)
        name = _pseudonyms(repository)(child.id) if args.pseudonymize else child.alias
        out = Path(args.out or device.data_dir / f"report-{safe_name(name)}-{date.today()}.pdf")
        check_output_path(out, data_dir=device.data_dir)  # (the clinic's record is elsewhere)
        request = ReportRequest(
            alias=child.alias,
            showing=showing(),
            since=selection.since,
            before=selection.before,
            title_name=name if args.pseudonymize else None,
            language=config.language,  # the clinic's (app.yaml clinic.language)
        )
        summary = write_report(repository, request, out, paint_png=save_png)
        pages = Sentence.tr_n("{count} page", "{count} pages", summary.pages, count=summary.pages)
        clinic = " (the clinic's record)" if args.server else ""
        _audit_reading(device, "report", f"{pages}{clinic} to {out.resolve()}", child.id, args)
    except OSError as error:
        raise CliError(sentence(why_not_written(error, out) if out else error)) from None
    except ValueError as error:
        raise CliError(sentence(error)) from None
    print(
        say(
            args,
            N_("report of {name}: {pages}, {attempts}, written to {file}"),
            name=name,
            pages=pages,
            attempts=Sentence.tr_n(
                "{count} attempt", "{count} attempts", summary.attempts, count=summary.attempts
            ),
            file=out.resolve(),
        )
    )
    return 0


def audit(args: argparse.Namespace) -> int:
    """Print what adults did (from a UTC day or instant on)."""
    _config, repository = open_log(args)
    try:
        entries = repository.audit_entries(args.since.since_text if args.since else None)
    finally:
        repository.close()
    if not entries:
        print(say(args, N_("nothing on the audit list yet")))
    for entry in entries:
        who = f" [{entry.profile_alias}]" if entry.profile_alias else ""
        print(f"{entry.at[:19].replace('T', ' ')}  {entry.action}{who}: {entry.detail}")
    return 0


def _selection(args: argparse.Namespace, repository: Repository) -> Selection:
    """The export/report filters given on the command line, checked."""
    if args.profile:
        find_profile(repository, args.profile)
    activity = getattr(args, "activity", None)
    if activity is not None:
        known_activity("--activity", activity)
    return Selection(
        args.profile,
        activity,
        args.since.since_text if args.since else None,
        args.until.before_text if args.until else None,  # --until includes its day or instant
        getattr(args, "session", None),
    )


def _pseudonyms(repository: Repository) -> Pseudonyms:
    """The clinic's child codes; a secret that cannot be read or made is one line."""
    try:
        return Pseudonyms(clinic_secret(repository.data_dir))
    except (SecretError, OSError) as error:
        raise CliError(sentence(error)) from None


def _audit_reading(
    repository: Repository,
    action: str,
    detail: str,
    profile_id: str | None = None,
    args: argparse.Namespace | None = None,
) -> None:
    """Put a read-out of the log (an export, a report) on the audit list; from a read-only
    log (a backup on read-only media) a printed note says it could not be, and the
    read-out stands."""
    reason = repository.read_only_reason if repository.read_only else ""
    if not reason:
        try:
            repository.audit(action, detail, profile_id)
            return
        except StorageError as error:  # (locked by another program: the file is written)
            reason = str(error)
    if action == "export":
        note = Sentence(N_("note: this export is not on the audit list: {reason}"), reason=reason)
    else:
        note = Sentence(N_("note: this report is not on the audit list: {reason}"), reason=reason)
    print(f"sensory-games: {say(args, note)}", file=sys.stderr)


def _export_detail(args: argparse.Namespace, records: str, out: Path) -> str:
    """`csv, pseudonymised, profile Mia, since 2026-11-01: 12 attempts to /x.csv` (the
    audit list's words, stored in English: `records` counted in English)."""
    options = [args.format] + [
        label
        for label, on in (
            ("samples", args.samples),
            ("check-ins", args.check_ins),
            ("pseudonymised", args.pseudonymize),
            ("excel", args.excel),
            ("the clinic's record", args.server),
        )
        if on
    ]
    filters = [
        f"{name} {value}"
        for name in ("profile", "activity", "since", "until", "session")
        if (value := getattr(args, name, None))
    ]
    return f"{', '.join(options + filters)}: {records} to {out.resolve()}"
