"""`main`: what the console script and `python main.py` run. It parses the arguments
(parser.py), runs the command's function and turns every expected failure (bad config, no
display, unknown profile) into one plain sentence on stderr and a non-zero exit status,
never a traceback. The sentence is in the clinic's language (cli/clinic_language.py)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from sensory_games.cli import compiled_dataclasses, parsed_yaml
from sensory_games.cli.clinic_language import clinic_words
from sensory_games.cli.deferred_imports import defer_imports
from sensory_games.cli.errors import EXIT_USAGE, CliError
from sensory_games.cli.options import read_times
from sensory_games.cli.parser import build_parser

#: Where what each command does lives: (module in sensory_games.cli, function); None is
#: `sensory-games` without a command, the launcher. Imported only when the command runs,
#: after the display drivers are chosen (pygame reads them when it is first imported).
RUNS: dict[str | None, tuple[str, str]] = {
    None: ("play", "launcher"),
    "autoplay": ("play", "autoplay"),
    "safety-check": ("play", "safety_check"),
    "layout-check": ("layout_check", "run"),
    "profiles": ("profiles", "profiles"),
    "export": ("readouts", "export"),
    "report": ("readouts", "report"),
    "audit": ("readouts", "audit"),
    "levels": ("levels", "levels"),
    "goals": ("goals", "goals"),
    "notes": ("goals", "notes"),
    "pin": ("pin", "pin"),
    "merge": ("maintenance", "merge"),
    "recover": ("maintenance", "recover"),
    "doctor": ("doctor", "run"),
    "config": ("configuration", "config"),
    "server": ("server", "server"),
    "sync": ("server", "sync"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = build_parser().parse_args(argv)
    if args.command is None:  # the launcher: a cold start (cli/compiled_dataclasses.py)
        compiled_dataclasses.reuse()
        parsed_yaml.reuse()
        if not args.launch:  # ("who is playing?" first: no numpy)
            defer_imports()
    from sensory_games.domain.aliases import ConfusablesMissing
    from sensory_games.domain.config import ConfigError
    from sensory_games.domain.schema import SchemaError
    from sensory_games.domain.sentence import render
    from sensory_games.storage import StorageError

    try:
        code = _run(args)
        sys.stdout.flush()  # (here, so a closed pipe is met inside the try below)
        return code
    except (CliError, ConfigError, StorageError, SchemaError, ConfusablesMissing) as error:
        print(f"sensory-games: {render(error, clinic_words(args))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # (`... | head`: the reader stopped reading; not an error of ours)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # (so the interpreter's last flush is quiet)
        return 141
    finally:
        compiled_dataclasses.keep()  # (a launcher that stopped before its first frame)
        parsed_yaml.keep()


def _run(args: argparse.Namespace) -> int:
    read_times(args)
    if args.command in ("safety-check", "layout-check") or (
        args.command == "autoplay" and args.headless
    ):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    module, function = RUNS[args.command]
    run: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(f"sensory_games.cli.{module}"), function
    )
    return run(args)
