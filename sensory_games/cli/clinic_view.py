"""`--server` for the read-outs (`export`, `report`, `profiles list`): the same command, run
on the whole clinic's record from the clinic server (services/clinic_view.py) instead of
this device's log. Refusals are the sync's one-line errors: no `server:` in app.yaml, a
device that has not joined, a server that does not answer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from sensory_games.cli.clinic_language import say
from sensory_games.cli.opening import open_log
from sensory_games.domain.config import AppConfig
from sensory_games.domain.language import N_
from sensory_games.storage import Repository

#: A read-out: (its arguments, the configuration, this device's log, the record to read)
#: -> its exit status.
ReadOut = Callable[[argparse.Namespace, AppConfig, Repository, Repository], int]


def read_out(args: argparse.Namespace, command: ReadOut) -> int:
    """Run `command` on the record `record_to_read` gives (the audit list and the default
    output folder stay this device's)."""
    config, device = open_log(args)
    with record_to_read(args, config, device) as repository:
        return command(args, config, device, repository)


@contextmanager
def record_to_read(
    args: argparse.Namespace, config: AppConfig, device: Repository
) -> Iterator[Repository]:
    """The record a read-out reads: this device's log (`device`), or with --server the
    whole clinic's (what it holds said on stderr, one line, then any conflicts). The
    device's log is closed when the block ends, and the clinic's temporary one removed."""
    with ExitStack() as stack:
        stack.callback(device.close)
        if not getattr(args, "server", False):
            yield device
            return
        # (here, not above: a read-out of this device's log never loads the sync)
        from sensory_games.activities import level_counts
        from sensory_games.cli.server import _joined, _server_of, _speaking_to
        from sensory_games.services.clinic_view import clinic_record

        settings = _server_of(config)
        credentials = _joined(device, settings)
        with _speaking_to(settings.url):
            clinic = stack.enter_context(
                clinic_record(
                    settings, credentials, level_counts(config.config_dir), device.data_dir
                )
            )
        for line in clinic.lines():
            note = say(args, N_("note: {notice}"), notice=line)
            print(f"sensory-games: {note}", file=sys.stderr)
        yield clinic.repository
