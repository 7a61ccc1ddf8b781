"""Keeping the log whole: `merge` (other kiosks' exports or logs into this one) and
`recover` (the records this device's log could not take, back into it). What they print
is in the clinic's language; the audit list keeps the English."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from sensory_games.activities import level_counts
from sensory_games.cli.clinic_language import say
from sensory_games.cli.opening import open_log
from sensory_games.domain.config import AppConfig
from sensory_games.domain.language import N_
from sensory_games.services import merge as merging
from sensory_games.services.merge_report import MergeReport
from sensory_games.services.outbox import fallback_folders, waiting_files
from sensory_games.storage import Repository


def merge(args: argparse.Namespace) -> int:
    """Merge other devices' JSON exports or log files into this device's log."""
    config, repository = open_log(args)
    try:
        results = _merge_files(args, repository, config, args.files, "merge")
    finally:
        repository.close()
    return 0 if all(r is not None for r in results) else 1


def recover(args: argparse.Namespace) -> int:
    """Merge this device's fallback files of unsaved records (sensory_games.services.outbox) back
    into the log. A file wholly merged is moved to recovered/ in the data folder (never
    deleted); one with a conflict or a refusal stays where it is, announced at each start."""
    config, repository = open_log(args)
    folders = fallback_folders(repository.data_dir, config.export_folder(repository.data_dir))
    files = waiting_files(folders, repository.device_id)
    complete = 0
    try:
        if not files:
            print(
                say(
                    args,
                    N_("nothing to recover: no {files} file of this device is waiting"),
                    files="unsaved-*.json",
                )
            )
        results = _merge_files(args, repository, config, files, "recover")
        done = repository.data_dir / "recovered"
        for file, result in zip(files, results, strict=True):
            if result is None or result.conflicts or sum(result.skipped.values()):
                stays = say(
                    args,
                    N_("{file} stays where it is: settle the above, then recover again"),
                    file=file.name,
                )
                print(f"  {stays}")
                continue
            try:
                done.mkdir(mode=0o700, exist_ok=True)
                shutil.move(file, _free_name(done / file.name))
            except OSError as error:  # (its records are in the log: a later recover adds none)
                unmoved = say(
                    args,
                    N_("{file} could not be moved to {folder} ({reason}); it stays where it is"),
                    file=file.name,
                    folder=done,
                    reason=error.strerror or str(error),
                )
                print(f"sensory-games: {unmoved}", file=sys.stderr)
                continue
            moved = say(args, N_("{file} moved to {folder}"), file=file.name, folder=done)
            print(f"  {moved}")
            complete += 1
    finally:
        repository.close()
    return 0 if complete == len(files) else 1


def _free_name(path: Path) -> Path:
    """`path`, or `path` with -2, -3... before its suffix when that name is taken."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _merge_files(
    args: argparse.Namespace,
    repository: Repository,
    config: AppConfig,
    files: Sequence[Path],
    action: str,
) -> list[MergeReport | None]:
    """Merge each file (a JSON export, a fallback file or another device's log) in its
    own transaction, printing what it did (in the clinic's language) and noting it on the
    audit list (in English); None for a file that could not be merged at all (on stderr).
    `args.match_alias`: the same alias is the same child."""
    match_alias: bool = args.match_alias
    counts = level_counts(config.config_dir)
    results: list[MergeReport | None] = []
    for file in files:
        try:
            document = merging.read_source(file, data_dir=repository.data_dir)
            result = merging.merge(repository, document, str(file), match_alias, counts)
        except merging.MergeError as error:
            print(f"sensory-games: {say(args, error)}", file=sys.stderr)
            results.append(None)
            continue
        print("\n".join(say(args, line) for line in result.lines()))
        repository.audit(action, "; ".join(result.lines()))
        results.append(result)
    return results
