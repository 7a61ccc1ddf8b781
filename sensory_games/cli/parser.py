"""Command line: ``sensory-games`` and ``python main.py`` (argument parsing only).

    sensory-games                       the launcher (windowed; --kiosk for fullscreen)
    sensory-games autoplay --headless   bots play through the real scenes
    sensory-games profiles list|add|show|export|import
    sensory-games export --format csv|json [filters] [--samples] [--pseudonymize]
    sensory-games report --profile ALIAS --out FILE.pdf|.png
    sensory-games merge FILE...         other kiosks' exports or logs into this one
    sensory-games recover               records the log could not take, back into it
    sensory-games levels ALIAS          a child's levels, ranges and mastery rule (and set them)
    sensory-games pin set|clear|status  the adults' PIN (kept only as a salted scrypt hash)
    sensory-games audit                 what adults did (profiles, levels, PIN, exports...)
    sensory-games safety-check          every activity's frames checked for flashes
    sensory-games doctor                is this device ready for a clinic, and what to fix

Every expected failure (bad config, no display, unknown profile) is one plain sentence
on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from sensory_games import __version__

EXIT_USAGE = 2
EXIT_NO_DISPLAY = 3

_SINCE_HELP = "from this UTC day (2026-11-27) or this instant (2026-11-27T09:30:00+01:00) on"


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r}: must look like 1280x800")
    return int(match.group(1)), int(match.group(2))


def _launch(text: str) -> tuple[str, int | None]:
    slug, _, level = text.partition(":")
    if level and not level.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: must be SLUG or SLUG:LEVEL, e.g. bubbles:2")
    return slug, int(level) if level else None


def _skill(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text}: must be between 0 and 1")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: must be a number") from None
    if not 0.1 <= value <= 240:
        raise argparse.ArgumentTypeError(f"{text}: must be between 0.1 and 240")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="folder of the attempt log (default: user data folder; also $SENSORY_GAMES_DATA)",
    )
    parser = argparse.ArgumentParser(
        prog="sensory-games",
        parents=[common],
        description="Sensory-regulation games for clinic tablets and kiosks.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--kiosk",
        action="store_true",
        default=None,
        help="fullscreen, cursor hidden, child cannot leave",
    )
    parser.add_argument("--windowed", type=_size, metavar="WxH", help="window size, e.g. 1280x800")
    parser.add_argument("--profile", metavar="ALIAS", help="start with this child")
    parser.add_argument(
        "--launch",
        type=_launch,
        metavar="SLUG[:LEVEL]",
        help="start straight into an activity (needs --profile or uses Guest)",
    )
    parser.add_argument(
        "--exit-after-first-frame",
        action="store_true",
        help="draw the first frame and exit (installation check, benchmark)",
    )
    commands = parser.add_subparsers(dest="command")

    auto = commands.add_parser(
        "autoplay", parents=[common], help="bots play activities and log real attempts"
    )
    auto.add_argument(
        "--headless", action="store_true", help="no window (required without a screen)"
    )
    auto.add_argument("--activity", default="all", metavar="SLUG|all")
    auto.add_argument("--level", type=int, metavar="N", help="one level (default: every level)")
    auto.add_argument(
        "--profile",
        metavar="ALIAS",
        default="Autoplay",
        help="child profile to log under (created if missing; default Autoplay)",
    )
    auto.add_argument("--attempts", type=int, default=1, metavar="K", help="attempts per level")
    # (the log defaults to an "autoplay" folder inside the data folder, never the clinic's own)
    auto.add_argument("--skill", type=_skill, default=0.7, metavar="0..1")
    auto.add_argument("--seed", type=int, default=1)
    auto.add_argument(
        "--intensity",
        choices=("calm", "balanced", "alerting"),
        help="sensory preset for the run (default: the profile's)",
    )
    auto.add_argument("--windowed", type=_size, metavar="WxH", default=(1280, 800))
    auto.add_argument(
        "--record-frames",
        type=Path,
        metavar="DIR",
        help="save rendered frames as frame_00001.png ...",
    )
    auto.add_argument(
        "--record-fps",
        type=float,
        default=10.0,
        metavar="F",
        help="frames saved per second of game time",
    )

    check = commands.add_parser(
        "safety-check",
        help="render every activity with its bot and check every frame for flashes",
    )
    check.add_argument("--activity", default="all", metavar="SLUG|all")
    check.add_argument(
        "--preset",
        default="alerting",
        metavar="NAME|all",
        help="sensory preset to check at (default: alerting, the highest)",
    )
    check.add_argument(
        "--seconds",
        type=_positive,
        default=30.0,
        metavar="S",
        help="game seconds per level before its reward (default 30)",
    )

    profiles = commands.add_parser("profiles", parents=[common], help="list, add or show profiles")
    profile_commands = profiles.add_subparsers(dest="profiles_command", required=True)
    profile_commands.add_parser("list", parents=[common])
    add = profile_commands.add_parser("add", parents=[common])
    add.add_argument("alias")
    add.add_argument("--animal", default="owl", help="cat, bear, rabbit, frog, owl or mouse")
    add.add_argument("--colour", type=int, default=0, help="avatar colour 0..5")
    add.add_argument("--age-band", default="6-8", help="3-5, 6-8, 9-12 or 13+")
    add.add_argument("--hand", default="unknown", help="left, right, both or unknown")
    add.add_argument("--pointer", default="finger", help="finger or stylus")
    add.add_argument("--intensity", default=None, help="calm, balanced or alerting")
    show = profile_commands.add_parser("show", parents=[common])
    show.add_argument("alias")
    bundle_out = profile_commands.add_parser(
        "export", parents=[common], help="write a child's profile bundle (YAML)"
    )
    bundle_out.add_argument("alias")
    bundle_out.add_argument(
        "--out", type=Path, metavar="FILE", help="default: profile-<alias>.yaml in the data folder"
    )
    bundle_in = profile_commands.add_parser(
        "import", parents=[common], help="add a child from a profile bundle"
    )
    bundle_in.add_argument("file", type=Path)
    bundle_in.add_argument(
        "--replace", action="store_true", help="take the bundle's settings for a child already here"
    )
    bundle_in.add_argument(
        "--as", dest="new_alias", metavar="ALIAS", help="import the child under another alias"
    )

    export = commands.add_parser("export", parents=[common], help="write attempts to CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    _add_filters(export)
    export.add_argument("--activity", metavar="SLUG", help="only this activity")
    export.add_argument("--session", metavar="SESSION_ID", help="only this session")
    export.add_argument(
        "--pseudonymize",
        "--pseudonymise",
        action="store_true",
        help="replace every alias with the child's code (stable across exports; the key is "
        "clinic-secret in the data folder)",
    )
    export.add_argument(
        "--samples",
        action="store_true",
        help="raw pointer samples: CSV one row per sample (attempt_id, t_ms, x_mm, y_mm, "
        "pointer, phase); JSON adds each attempt's samples and target path",
    )
    export.add_argument(
        "--check-ins",
        action="store_true",
        help="the regulation check-ins instead: CSV one row per check-in (moment, "
        "feeling 1..5, seconds to answer); the JSON export always has them per session",
    )
    export.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="output file (default: export-<date>.<format> in the data folder)",
    )

    audit = commands.add_parser("audit", parents=[common], help="what adults did, with when")
    audit.add_argument("--since", metavar="DATE|TIME", help=_SINCE_HELP)

    pin = commands.add_parser("pin", parents=[common], help="set, remove or check the adults' PIN")
    pin.add_argument(
        "pin_command",
        choices=("set", "clear", "status"),
        help="set: type a new PIN twice; clear: remove it (the keypad then asks for a new one);"
        " status: whether one is set and whether the keypad is locked, until when",
    )

    levels = commands.add_parser(
        "levels",
        parents=[common],
        help="a child's levels, allowed ranges and mastery rule; set them",
    )
    levels.add_argument("alias")
    levels.add_argument("--activity", metavar="SLUG", help="the activity to set (with the below)")
    levels.add_argument("--level", type=int, metavar="N", help="set the current level")
    levels.add_argument("--lowest", type=int, metavar="N", help="lowest level the rule may choose")
    levels.add_argument(
        "--highest", type=int, metavar="N", help="highest level the rule may choose"
    )
    levels.add_argument(
        "--mastery",
        choices=("on", "off", "clinic"),
        help="this child's rule in this activity: on, off, or the clinic's (configs/app.yaml)",
    )
    levels.add_argument("--reason", default="set by the therapist", help="stored with the change")

    report = commands.add_parser(
        "report", parents=[common], help="a child's progress report (PDF or PNG)"
    )
    _add_filters(report)
    report.add_argument("--out", type=Path, metavar="FILE.pdf|FILE.png")
    report.add_argument(
        "--pseudonymize",
        "--pseudonymise",
        action="store_true",
        help="print the child's code instead of the alias",
    )

    merge = commands.add_parser(
        "merge", parents=[common], help="bring other kiosks' exports or logs into this one"
    )
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE")
    merge.add_argument(
        "--match-alias",
        action="store_true",
        help="a child with the same alias on both devices is the same child",
    )
    recover = commands.add_parser(
        "recover",
        parents=[common],
        help="bring back attempts and check-ins the log could not take (unsaved-*.json files "
        "that start-up mentions), then file them under recovered/",
    )
    recover.add_argument(
        "--match-alias",
        action="store_true",
        help="a child with the same alias in the file and here is the same child",
    )
    commands.add_parser(
        "doctor",
        parents=[common],
        help="check this device for a clinic: screen, touch, sound, data folder, PIN, clinic "
        "secret, clock, configuration; one line each, exit status 1 if anything is to fix",
        description="Checks this device and says what to fix (docs/deploy.md). Run it as the "
        "kiosk account, on the kiosk's screen.",
        epilog="example: sudo -u kiosk sensory-games doctor --data-dir /var/lib/sensory-games",
    )
    return parser


def _add_filters(command: argparse.ArgumentParser) -> None:
    command.add_argument("--profile", metavar="ALIAS", help="only this child")
    command.add_argument("--since", metavar="DATE|TIME", help=_SINCE_HELP)
    command.add_argument(
        "--until",
        metavar="DATE|TIME",
        help="up to and including this UTC day (2026-11-27) or this instant (2026-11-27T17:00:00Z)",
    )


def _read_times(args: argparse.Namespace) -> None:
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
                raise CliError(f"--{name} {text!r}: {error}") from None
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since is not None and until is not None and since.start >= until.end:
        raise CliError(f"--since {since} is after --until {until}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = build_parser().parse_args(argv)
    from sensory_games.domain.config import ConfigError
    from sensory_games.domain.schema import SchemaError
    from sensory_games.storage import StorageError

    try:
        return _run(args)
    except (CliError, ConfigError, StorageError, SchemaError) as error:
        print(f"sensory-games: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    _read_times(args)
    if args.command == "safety-check" or (args.command == "autoplay" and args.headless):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from sensory_games.cli import commands

    if args.command == "autoplay":
        return commands.autoplay(args)
    if args.command == "safety-check":
        return commands.safety_check(args)
    if args.command == "profiles":
        return commands.profiles(args)
    if args.command == "export":
        return commands.export(args)
    if args.command == "report":
        return commands.report(args)
    if args.command == "levels":
        return commands.levels(args)
    if args.command == "pin":
        return commands.pin(args)
    if args.command == "audit":
        return commands.audit(args)
    if args.command == "merge":
        return commands.merge(args)
    if args.command == "recover":
        return commands.recover(args)
    if args.command == "doctor":
        from sensory_games.cli import doctor

        return doctor.run(args)
    return commands.launcher(args)
