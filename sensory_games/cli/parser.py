"""Command line: ``sensory-games`` and ``python main.py`` (argument parsing only).

    sensory-games                       the launcher (windowed; --kiosk for fullscreen)
    sensory-games autoplay --headless   bots play through the real scenes
    sensory-games profiles list|add|show|export|import
    sensory-games export --format csv|json [filters] [--samples] [--pseudonymize] [--server]
    sensory-games report --profile ALIAS --out FILE.pdf|.png [--server]
    sensory-games merge FILE...         other kiosks' exports or logs into this one
    sensory-games recover               records the log could not take, back into it
    sensory-games levels ALIAS          a child's levels, ranges and mastery rule (and set them)
    sensory-games goals|notes ...       a child's goals (GAS) and notes on sessions
    sensory-games pin set|clear|status  the adults' PIN (kept only as a salted scrypt hash)
    sensory-games audit                 what adults did (profiles, levels, PIN, exports...)
    sensory-games safety-check          every activity's frames checked for flashes
    sensory-games layout-check          every screen at every clinic screen size checked
    sensory-games config show|path      the clinic's configuration, over the shipped defaults
    sensory-games doctor                is this device ready for a clinic, and what to fix
    sensory-games server ...|sync       the clinic's PostgreSQL server; syncing with it

An option that several commands take is declared once, by one of the `add_*` functions
in options.py; what each command does is in the module sensory_games.cli.entry names for it. Every
command, sub-command and argument has a help text, and every command examples (examples.py);
tests/test_cli_help.py holds every new one to that.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sensory_games.cli.argument_parser import ArgumentParser, share_root
from sensory_games.cli.examples import add_example, epilog
from sensory_games.cli.goals_options import declare_goals, declare_notes
from sensory_games.cli.options import (
    DATA_DIR_HELP,
    add_action,
    add_actions,
    add_activity_or_all,
    add_alias,
    add_clinic_view,
    add_config_dir,
    add_data_dir,
    add_export_out,
    add_filters,
    add_launcher_options,
    add_level_number,
    add_match_alias,
    add_out,
    add_profile,
    add_pseudonymize,
    add_since,
    add_window_size,
    read_positive,
    read_skill,
)
from sensory_games.cli.profile_options import add_child_language_options
from sensory_games.cli.server_options import SERVER_HELP, SYNC_HELP, declare_server, declare_sync
from sensory_games.domain.language import N_


def build_parser() -> ArgumentParser:
    """The whole command line: the launcher's options, then each of `COMMANDS`."""
    parser = ArgumentParser(
        prog="sensory-games",
        description=N_(
            "Sensory-regulation games for clinic tablets and kiosks. Without a command"
            " it starts the launcher, the children's screen; the commands are for therapists and"
            " the clinic's IT."
        ),
        epilog=epilog(""),
    )
    add_data_dir(parser)
    add_config_dir(parser)
    add_launcher_options(parser)
    parser.epilog = f"{parser.epilog}\n\n{COMMAND_HELP}"
    commands = parser.add_subparsers(
        dest="command",
        title=N_("commands"),
        metavar="COMMAND",
        help=N_("one of these; sensory-games COMMAND --help says more"),
    )
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name, help=command.help, description=command.help, epilog=epilog(command.name)
        )
        if command.opens_the_log:
            add_data_dir(sub, command.data_dir_help)
        add_config_dir(sub)
        command.declare(sub)
    return share_root(parser)


#: Where the top-level help sends the reader for more.
COMMAND_HELP = """\
Each command has its own help, with examples: sensory-games COMMAND --help,
e.g. sensory-games export --help or sensory-games profiles add --help."""


def _autoplay(auto: argparse.ArgumentParser) -> None:
    auto.add_argument(
        "--headless", action="store_true", help=N_("no window (required without a screen)")
    )
    add_activity_or_all(auto)
    add_level_number(auto, "--level", N_("one level (default: every level)"))
    add_profile(
        auto, N_("child profile to log under (created if missing; default Autoplay)"), "Autoplay"
    )
    auto.add_argument(
        "--attempts", type=int, default=1, metavar="K", help=N_("attempts per level (default 1)")
    )
    # (the log defaults to an "autoplay" folder inside the data folder, never the clinic's own)
    auto.add_argument(
        "--skill",
        type=read_skill,
        default=0.7,
        metavar="0..1",
        help=N_(
            "how well the bots play: 0 misses nearly everything, 1 plays perfectly (default 0.7)"
        ),
    )
    auto.add_argument(
        "--seed",
        type=int,
        default=1,
        help=N_("random seed: the same seed plays the same run again (default 1)"),
    )
    auto.add_argument(
        "--intensity",
        choices=("calm", "balanced", "alerting"),
        help=N_("sensory preset for the run (default: the profile's)"),
    )
    add_window_size(
        auto, (1280, 800), N_("screen size in pixels the bots play at (default 1280x800)")
    )
    auto.add_argument("--record-frames", type=Path, metavar="DIR", help=N_(
                      "save rendered frames in this folder: frame_00001.png ..."))  # fmt: skip
    auto.add_argument("--record-fps", type=float, default=10.0, metavar="F", help=N_(
                      "frames saved per second of game time (default 10)"))  # fmt: skip


def _safety_check(check: argparse.ArgumentParser) -> None:
    add_activity_or_all(check)
    check.add_argument(
        "--preset",
        default="alerting",
        metavar="NAME|all",
        help=N_("sensory preset to check at (default: alerting, the highest)"),
    )
    check.add_argument(
        "--seconds",
        type=read_positive,
        default=30.0,
        metavar="S",
        help=N_("game seconds per level before its reward (default 30)"),
    )


def _layout_check(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--screen",
        action="append",
        metavar="WxH[@DPIdpi]",
        help=N_(
            "check only this screen: 1280x800@220dpi (any size and density: a clinic's own "
            "screen), or 1280x800 for each of that size's densities in the matrix; repeat for "
            "more (default: every screen of the matrix)"
        ),
    )
    check.add_argument(
        "--view",
        metavar="TEXT",
        help=N_(
            "check only the views whose name holds TEXT (picker, launcher, tracing level 3, "
            "sensory settings, keypad, console/profiles...)"
        ),
    )
    check.add_argument(
        "--all", action="store_true", help=N_("print every problem (default: six per rule)")
    )
    check.add_argument(
        "--language",
        metavar="CODE",
        help="the screens in this shipped language: the clinic's and the sample children's "
        "(en, es, ar, zh; default: the clinic's configuration, English)",
    )


def _profiles(profiles: argparse.ArgumentParser) -> None:
    """profiles list | add | edit | show | export | import, each with --data-dir."""
    profile_actions = add_actions(
        profiles,
        "profiles",
        N_("what to do"),
        N_("each has its own help: sensory-games profiles ACTION --help"),
    )

    def subcommand(name: str, help: str) -> argparse.ArgumentParser:
        sub = add_action(profile_actions, "profiles", name, help)
        add_data_dir(sub)
        return sub

    add_clinic_view(subcommand("list", N_("every child, one line each")))
    add = subcommand("add", N_("add a child, at the clinic's sensory settings for a new profile"))
    add_alias(
        add,
        N_(
            "the child's alias or first name, in any script, at most 20 characters (in quotes if"
            " it has a space)"
        ),
    )
    add.add_argument(
        "--animal",
        help=N_("avatar: cat, bear, rabbit, frog, owl or mouse (default: one no child has)"),
    )
    add.add_argument(
        "--colour", type=int, help=N_("avatar colour 0..5 (default: one no child has)")
    )
    add.add_argument("--age-band", default="6-8", help=N_("3-5, 6-8, 9-12 or 13+ (default 6-8)"))
    add.add_argument(
        "--hand",
        default="unknown",
        help=N_("dominant hand: left, right, both or unknown (default unknown)"),
    )
    add.add_argument(
        "--pointer",
        default="finger",
        help=N_(
            "what the child plays with: finger or"
            " stylus (default finger; recorded with every attempt)"
        ),
    )
    add.add_argument(
        "--intensity",
        default=None,
        help=N_(
            "sensory preset: calm, balanced or"
            " alerting (default: app.yaml's for new profiles; `config show`)"
        ),
    )
    add_child_language_options(add)
    edit = subcommand("edit", N_("change a child's language, spoken prompts or check-in scale"))
    add_alias(edit)
    add_child_language_options(edit)
    add_alias(subcommand("show", N_("a child's settings and latest check-ins")))
    bundle_out = subcommand("export", N_("write a child's profile bundle (YAML)"))
    add_alias(bundle_out)
    add_out(bundle_out, "FILE", N_("default: profile-<alias>.yaml in the data folder"))
    bundle_in = subcommand("import", N_("add a child from a profile bundle"))
    bundle_in.add_argument(
        "file", type=Path, metavar="FILE", help=N_("the bundle (.yaml) that profiles export wrote")
    )
    bundle_in.add_argument(
        "--replace",
        action="store_true",
        help=N_("take the bundle's settings for a child already here"),
    )
    bundle_in.add_argument(
        "--as", dest="new_alias", metavar="ALIAS", help=N_("import the child under another alias")
    )
    add_example(
        bundle_in,
        "sensory-games profiles import sam.yaml --as=-Ana",
        N_("a new alias that starts with a dash is joined to --as by ="),
    )


def _export(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help=N_(
            "csv: one row per attempt (default); json: every child with their sessions and"
            " attempts (docs/export.md)"
        ),
    )
    add_filters(export)
    export.add_argument("--activity", metavar="SLUG", help=N_("only this activity"))
    export.add_argument("--session", metavar="SESSION_ID", help=N_("only this session"))
    add_pseudonymize(
        export,
        N_(
            "replace every alias with the child's code (stable across exports; the key is "
            "clinic-secret in the data folder)"
        ),
    )
    export.add_argument(
        "--samples",
        action="store_true",
        help=N_(
            "raw pointer samples: CSV one row per sample (attempt_id, t_ms, x_mm, y_mm, "
            "pointer, phase); JSON adds each attempt's samples and target path"
        ),
    )
    export.add_argument(
        "--check-ins",
        action="store_true",
        help=N_(
            "the regulation check-ins instead: CSV one row per check-in (moment, "
            "feeling 1..5, seconds to answer); the JSON export always has them per session"
        ),
    )
    export.add_argument(
        "--excel",
        action="store_true",
        help=N_(
            "a CSV that Excel opens right on a double-click: UTF-8 with a byte order mark, "
            "the local time beside each UTC time, and the separator and decimal mark of this "
            "computer's locale (with a decimal comma: ';' between cells and 0,75)"
        ),
    )
    export.add_argument(
        "--decimal",
        choices=("comma", "point"),
        help=N_(
            "with --excel: the decimal mark the clinic's Excel expects (comma puts ';' "
            "between cells); default: app.yaml export.decimal_mark, else this computer's locale"
        ),
    )
    export.add_argument(
        "--separator",
        choices=("comma", "semicolon"),
        help=N_(
            "with --excel: what goes between cells, Excel's list separator where it does not"
            " follow the decimal mark; default: app.yaml export.list_separator, else as --decimal"
        ),
    )
    export.add_argument(
        "--tz",
        metavar="ZONE",
        help=N_(
            "with --excel: the clinic's time zone for the local times, e.g. Europe/Berlin "
            "(default: app.yaml export.time_zone, else this computer's)"
        ),
    )
    add_export_out(export)


def _pin(pin: argparse.ArgumentParser) -> None:
    pin.add_argument(
        "pin_command",
        choices=("set", "clear", "status"),
        help=N_(
            "set: type a new PIN twice; clear: remove it (the keypad then asks for a new one);"
            " status: whether one is set and whether the keypad is locked, until when"
        ),
    )


def _levels(levels: argparse.ArgumentParser) -> None:
    add_alias(levels)
    levels.add_argument(
        "--activity", metavar="SLUG", help=N_("the activity to set (with the below)")
    )
    add_level_number(levels, "--level", N_("set the current level"))
    add_level_number(levels, "--lowest", N_("lowest level the rule may choose"))
    add_level_number(levels, "--highest", N_("highest level the rule may choose"))
    levels.add_argument(
        "--mastery",
        choices=("on", "off", "clinic"),
        help=N_("this child's rule in this activity: on, off, or the clinic's (app.yaml: mastery)"),
    )
    levels.add_argument(
        "--reason",
        default="set by the therapist",
        help=N_("why, stored with the change in the audit (default: set by the therapist)"),
    )


def _report(report: argparse.ArgumentParser) -> None:
    add_filters(report)
    add_out(
        report,
        "FILE.pdf|FILE.png",
        N_(
            "the report file, PDF or PNG by its ending (default: report-<alias>-<date>.pdf in the"
            " data folder)"
        ),
    )
    add_pseudonymize(report, N_("print the child's code instead of the alias"))


def _merge(merge: argparse.ArgumentParser) -> None:
    merge.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=N_(
            "one or more of other kiosks' JSON exports (export --format json) or log files"
            " (sensory_games.db, read from a copy, never changed)"
        ),
    )
    add_match_alias(merge, N_("a child with the same alias on both devices is the same child"))


def _recover(recover: argparse.ArgumentParser) -> None:
    add_match_alias(
        recover, N_("a child with the same alias in the file and here is the same child")
    )


def _config(config: argparse.ArgumentParser) -> None:
    """config show | path, each with --config-dir."""
    shown = add_actions(
        config,
        "config",
        N_("what to show"),
        N_("show: every setting and where it comes from; path: the clinic's folder"),
    )
    for name, help in (
        ("show", "every app.yaml setting and where it comes from; the files the clinic replaces"),
        ("path", "the clinic's configuration folder"),
    ):
        add_action(shown, "config", name, help)


def _doctor(doctor: argparse.ArgumentParser) -> None:
    """doctor: only what every command takes (--data-dir, --config-dir: the folders it
    checks)."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its line in `--help`, the function that declares its
    arguments, and whether it takes --data-dir (every command that opens the log)."""

    name: str
    help: str
    declare: Callable[[argparse.ArgumentParser], None]
    opens_the_log: bool = True
    data_dir_help: str = DATA_DIR_HELP


#: The subcommands, in the order `sensory-games --help` lists them; what each one does is
#: in the module sensory_games.cli.entry names for it.
COMMANDS = (
    Command(
        "autoplay",
        N_("bots play activities and log real attempts"),
        _autoplay,
        data_dir_help=N_(
            "folder of the log the bots write (given: that folder's own log; "
            "default: the autoplay/ folder inside the user data folder or $SENSORY_GAMES_DATA, "
            "never the children's log)"
        ),
    ),
    Command(
        "safety-check",
        N_("render every activity with its bot and check every frame for flashes"),
        _safety_check,
        opens_the_log=False,
    ),
    Command(
        "layout-check",
        N_(
            "open every screen at every common clinic screen size and density with a sample "
            "clinic; fail on overlapping, off-screen, too small or cut things"
        ),
        _layout_check,
        opens_the_log=False,
    ),
    Command("profiles", N_("the children: list, add, edit, show, export, import"), _profiles),
    Command("export", N_("write attempts to CSV or JSON"), _export),
    Command("audit", N_("what adults did, with when"), add_since),
    Command("pin", N_("set, clear or check (status) the adults' PIN"), _pin),
    Command("levels", N_("a child's levels, allowed ranges and mastery rule; set them"), _levels),
    Command(
        "goals", N_("a child's goals on a Goal Attainment Scale: add, list, end"), declare_goals
    ),
    Command("notes", N_("therapists' notes on a child's sessions: add, list"), declare_notes),
    Command("report", N_("a child's progress report (PDF or PNG)"), _report),
    Command("merge", N_("bring other kiosks' exports or logs into this one"), _merge),
    Command(
        "recover",
        N_(
            "bring back attempts and check-ins the log could not take (unsaved-*.json files that "
            "start-up mentions), then file them under recovered/"
        ),
        _recover,
    ),
    Command("sync", SYNC_HELP, declare_sync),
    Command("server", SERVER_HELP, declare_server),
    Command(
        "doctor",
        N_(
            "is this device ready for a clinic: screen, touch, sound, data folder, PIN, clinic "
            "secret, clock, configuration; one line each, exit status 1 if anything is to fix"
        ),
        _doctor,
    ),
    Command(
        "config",
        N_("the clinic's configuration folder, and what it sets over the shipped defaults"),
        _config,
        opens_the_log=False,
    ),
)
