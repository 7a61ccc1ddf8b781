"""The options several commands share, each declared once (the parser in parser.py uses
them), and the converters that read their values: a typo in a value is one line naming
the option and what it takes."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from sensory_games.cli.clinic_language import words_before_config
from sensory_games.cli.errors import CliError
from sensory_games.cli.examples import add_example, epilog
from sensory_games.domain.language import N_
from sensory_games.version import build_version

SINCE_HELP = N_("from this UTC day (2026-11-27) or this instant (2026-11-27T09:30:00+01:00) on")
UNTIL_HELP = N_(
    "up to and including this UTC day (2026-11-27) or this instant (2026-11-27T17:00:00Z)"
)


def refused(message: str, **values: object) -> argparse.ArgumentTypeError:
    """An option's value refused, said in the words the command line speaks before its
    configuration is read (argparse prints it as it is, after the option's name)."""
    return argparse.ArgumentTypeError(words_before_config().tr(message, **values))


def read_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text)
    if not match:
        raise refused(N_("{value}: must look like 1280x800"), value=repr(text))
    return int(match.group(1)), int(match.group(2))


def read_launch(text: str) -> tuple[str, int | None]:
    slug, _, level = text.partition(":")
    if level and not level.isdigit():
        raise refused(N_("{value}: must be SLUG or SLUG:LEVEL, e.g. bubbles:2"), value=repr(text))
    return slug, int(level) if level else None


def read_skill(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise refused(N_("{value}: must be between {low} and {high}"), value=text, low=0, high=1)
    return value


def read_positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise refused(N_("{value}: must be a number"), value=repr(text)) from None
    if not 0.1 <= value <= 240:
        raise refused(
            N_("{value}: must be between {low} and {high}"), value=text, low=0.1, high=240
        )
    return value


DATA_DIR_HELP = N_(
    "folder of the attempt log (default: user data folder; also $SENSORY_GAMES_DATA)"
)


def add_actions(
    command: argparse.ArgumentParser, name: str, title: str, help: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The required actions of `command` (`profiles list|add...`, `config show|path`),
    stored in `<name>_command`."""
    return command.add_subparsers(
        dest=f"{name}_command", required=True, title=title, metavar="ACTION", help=help
    )


def add_action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    command: str,
    name: str,
    help: str,
) -> argparse.ArgumentParser:
    """One action of `command`, with its help, examples (examples.py) and --config-dir."""
    action = actions.add_parser(
        name, help=help, description=help, epilog=epilog(f"{command} {name}")
    )
    add_config_dir(action)
    return action


def add_data_dir(command: argparse.ArgumentParser, help: str = DATA_DIR_HELP) -> None:
    """--data-dir, which the launcher and every command that opens the log take."""
    command.add_argument("--data-dir", default=argparse.SUPPRESS, help=help)


def add_config_dir(command: argparse.ArgumentParser) -> None:
    """--config-dir, which the launcher and every command take (they all read it)."""
    command.add_argument(
        "--config-dir",
        default=argparse.SUPPRESS,
        help=N_(
            "the clinic's configuration folder, over the shipped defaults (default: the user "
            "configuration folder; also $SENSORY_GAMES_CONFIG)"
        ),
    )


class BuildVersionAction(argparse.Action):
    """`--version`: prints "<prog> <exact build>" and exits, like argparse's "version"
    action, but works the build out only when asked: in a checkout that runs git (tens of
    milliseconds), which every launch would otherwise pay before its first frame."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {build_version()}", file=sys.stdout)
        parser.exit()


def add_launcher_options(parser: argparse.ArgumentParser) -> None:
    """The options of `sensory-games` without a command (the launcher)."""
    # (argparse's own help for --version: cli/argument_parser.py has it in the catalogs)
    parser.add_argument(
        "--version", action=BuildVersionAction, help="show program's version number and exit"
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        default=None,
        help=N_("fullscreen, cursor hidden, child cannot leave"),
    )
    add_window_size(parser, None, N_("a window of this size in pixels, e.g. 1280x800"))
    add_profile(parser, N_("start with this child (their alias)"))
    parser.add_argument(
        "--launch",
        type=read_launch,
        metavar="SLUG[:LEVEL]",
        help=N_(
            "start straight into an activity (SLUG: its short name, e.g. bubbles; `levels"
            " ALIAS` lists them), at LEVEL if given (1 is the easiest; default: the child's"
            " current level); as Guest without --profile"
        ),
    )
    parser.add_argument(
        "--exit-after-first-frame",
        action="store_true",
        help=N_("draw the first frame and exit (installation check, benchmark)"),
    )


def add_filters(command: argparse.ArgumentParser) -> None:
    """Which attempts an export or a report covers: one child, a span of time, and whose
    record (this device's, or the whole clinic's)."""
    add_profile(command, N_("only this child"))
    add_since(command)
    command.add_argument("--until", metavar="DATE|TIME", help=UNTIL_HELP)
    add_clinic_view(command)


def add_clinic_view(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """--server: read the whole clinic's record from the clinic server (cli/clinic_view.py)."""
    command.add_argument(
        "--server",
        action="store_true",
        help=N_(
            "the whole clinic's record on the clinic server (every device's, as last synced)"
            " instead of this device's log; needs app.yaml server: and a joined device"
        ),
    )
    return command


def add_since(command: argparse.ArgumentParser) -> None:
    command.add_argument("--since", metavar="DATE|TIME", help=SINCE_HELP)


def add_profile(command: argparse.ArgumentParser, help: str, default: str | None = None) -> None:
    """--profile ALIAS; an alias that starts with a dash is joined to it by `=` (the help's
    last example says so)."""
    command.add_argument("--profile", metavar="ALIAS", default=default, help=help)
    add_example(
        command,
        f"{command.prog} --profile=-Ana",
        N_("an alias that starts with a dash is joined to --profile by ="),
    )


def add_alias(command: argparse.ArgumentParser, help: str = N_("the child's alias")) -> None:
    """The ALIAS positional; one that starts with a dash goes last, after `--` (the help's
    last example says so)."""
    command.add_argument("alias", metavar="ALIAS", help=help)
    add_example(
        command,
        f"{command.prog} -- -Ana",
        N_("an alias that starts with a dash goes last, after --"),
    )


def add_activity_or_all(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--activity",
        default="all",
        metavar="SLUG|all",
        help=N_(
            "one activity by its short name (e.g. bubbles; `sensory-games levels ALIAS`"
            " lists them) or all (default)"
        ),
    )


def add_level_number(command: argparse.ArgumentParser, flag: str, help: str) -> None:
    command.add_argument(flag, type=int, metavar="N", help=help)


def add_window_size(
    command: argparse.ArgumentParser, default: tuple[int, int] | None, help: str
) -> None:
    command.add_argument("--windowed", type=read_size, metavar="WxH", default=default, help=help)


def add_out(command: argparse.ArgumentParser, metavar: str, help: str) -> None:
    command.add_argument("--out", type=Path, metavar=metavar, help=help)


#: The widest --indent (spaces per level; services/export_json.py MOST_INDENT says the same).
MOST_INDENT = 8


def read_indent(text: str) -> int:
    """--indent N: spaces per level of an indented JSON export, 0..MOST_INDENT."""
    if not text.strip().isdigit() or int(text) > MOST_INDENT:
        raise refused(
            N_("{value}: must be a whole number of spaces from {low} to {high}"),
            value=repr(text),
            low=0,
            high=MOST_INDENT,
        )
    return int(text)


def add_export_out(command: argparse.ArgumentParser) -> None:
    """The export's --indent and --out."""
    command.add_argument(
        "--indent",
        type=read_indent,
        metavar="N",
        help=N_(
            "with --format json: N spaces per level and a line per value, for people to "
            "read (2: the layout of exports before 0.3); default: compact, one line"
        ),
    )
    add_out(command, "FILE", N_("output file (default: export-<date>.<format> in the data folder)"))


def add_pseudonymize(command: argparse.ArgumentParser, help: str) -> None:
    command.add_argument("--pseudonymize", "--pseudonymise", action="store_true", help=help)


def add_match_alias(command: argparse.ArgumentParser, help: str) -> None:
    command.add_argument("--match-alias", action="store_true", help=help)


def read_times(args: argparse.Namespace) -> None:
    """Replace the typed --since/--until text with the checked span it stands for
    (sensory_games.domain.dates), before any command opens the log; one line if it is wrong.

    They are read here rather than by argparse, whose errors print the usage too."""
    from sensory_games.domain import dates

    for name in ("since", "until"):
        text = getattr(args, name, None)
        if text is not None:
            try:
                setattr(args, name, dates.parse(text))
            except dates.DateError as error:
                raise CliError(
                    "{option} {value}: {error}", option=f"--{name}", value=repr(text), error=error
                ) from None
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since is not None and until is not None and since.start >= until.end:
        raise CliError(
            N_("{option} {value} is after {other} {limit}"),
            option="--since",
            value=str(since),
            other="--until",
            limit=str(until),
        )
