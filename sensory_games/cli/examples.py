"""The examples at the end of each command's `--help`: real command lines a therapist or the
clinic's IT person can copy, each with a line saying what it does.

Kept apart from parser.py, which declares the arguments, so that the examples of every
command can be read (and kept true) in one place; tests/test_cli_help.py parses every one
of them with the real parser.
"""

from __future__ import annotations

import argparse
import shlex

#: Columns the examples fit in (as argparse's own help on a common terminal).
WIDTH = 79

#: Each command's examples, by its words after `sensory-games` ("" is the launcher, the
#: program without a command): (command line, what it does).
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("sensory-games", "the launcher in a window, for trying it out"),
        ("sensory-games --kiosk", "fullscreen; only an adult with the PIN can leave"),
        (
            "sensory-games --windowed 1280x800 --profile Sam --launch bubbles:3",
            "Sam goes straight into Pop the bubbles at level 3",
        ),
    ),
    "autoplay": (
        (
            "sensory-games autoplay --headless --activity all --attempts 2 --skill 0.6 --seed 7",
            "bots play every level of every activity twice, without a window",
        ),
        (
            "sensory-games autoplay --headless --activity bubbles --level 3 "
            "--record-frames frames/ --record-fps 10",
            "one level, saving 10 pictures per second of play into frames/",
        ),
    ),
    "safety-check": (
        ("sensory-games safety-check", "every activity at the alerting preset, 30 s a level"),
        (
            "sensory-games safety-check --activity tracing --preset all --seconds 5",
            "one activity at every preset, 5 s a level",
        ),
    ),
    "layout-check": (
        ("sensory-games layout-check", "every screen at all 38 screens of the matrix"),
        (
            "sensory-games layout-check --screen 1280x800@220dpi --view console --all",
            "the console's pages on a 7-inch tablet, every problem printed",
        ),
    ),
    "profiles": (
        ("sensory-games profiles list", "every child on this device"),
        ("sensory-games profiles add Sam --animal cat", "add a child called Sam"),
        ("sensory-games profiles show Sam", "Sam's settings and latest check-ins"),
    ),
    "profiles list": (
        ("sensory-games profiles list", "one line per child"),
        (
            "sensory-games profiles list --data-dir /media/usb/clinic",
            "the children of a log kept in another folder",
        ),
    ),
    "profiles add": (
        (
            "sensory-games profiles add Sam --animal cat --colour 2 --age-band 3-5 --hand left",
            "Sam: a cat avatar in colour 2, aged 3 to 5, left-handed",
        ),
        (
            "sensory-games profiles add 'Anne Marie' --pointer stylus --intensity calm",
            "an alias with a space goes in quotes; plays with a stylus, calm preset",
        ),
    ),
    "profiles show": (("sensory-games profiles show Sam", "Sam's settings and check-ins"),),
    "profiles export": (
        ("sensory-games profiles export Sam --out sam.yaml", "Sam's bundle, to take along"),
        ("sensory-games profiles export Sam", "written as profile-Sam.yaml in the data folder"),
    ),
    "profiles import": (
        ("sensory-games profiles import sam.yaml", "add the child of a bundle to this device"),
        (
            "sensory-games profiles import sam.yaml --as 'Sam B'",
            "the alias Sam is taken here by another child: add them as Sam B",
        ),
        (
            "sensory-games profiles import sam.yaml --replace",
            "Sam is already here: take the bundle's settings and levels",
        ),
    ),
    "export": (
        ("sensory-games export", "every attempt as CSV, into the data folder"),
        (
            "sensory-games export --format json --profile Sam --since 2026-11-01 --out sam.json",
            "Sam's attempts since 1 November 2026 (UTC), as JSON",
        ),
        (
            "sensory-games export --pseudonymize --samples --out research.csv",
            "the pointer samples, with children's codes instead of aliases",
        ),
        ("sensory-games export --check-ins", "the regulation check-ins instead of attempts"),
        (
            "sensory-games export --excel --decimal point --separator semicolon "
            "--tz Europe/Zurich --out attempts-excel.csv",
            "for an Excel set up as in Switzerland: 0.75, and ';' between cells",
        ),
    ),
    "audit": (
        ("sensory-games audit", "everything adults did on this device"),
        ("sensory-games audit --since 2026-11-27", "since that day (UTC)"),
    ),
    "pin": (
        ("sensory-games pin set", "type a new PIN twice (asked for, never on the command line)"),
        ("sensory-games pin status", "is a PIN set; is the keypad locked and until when"),
        ("sensory-games pin clear", "remove it: the keypad asks for a new one"),
    ),
    "levels": (
        ("sensory-games levels Sam", "Sam's level, range and mastery rule in each activity"),
        (
            "sensory-games levels Sam --activity tracing --level 3 --highest 5 "
            "--reason 'shaky today'",
            "set Sam's tracing to level 3, never above 5, with the reason",
        ),
        (
            "sensory-games levels Sam --activity bubbles --mastery off",
            "the level stays where it is set, whatever Sam's results",
        ),
    ),
    "report": (
        (
            "sensory-games report --profile Sam --out sam.pdf",
            "Sam's progress report over all time, as PDF",
        ),
        (
            "sensory-games report --profile Sam --since 2026-09-01 --until 2026-11-30 "
            "--out autumn.png",
            "one autumn's progress, as a picture",
        ),
    ),
    "merge": (
        ("sensory-games merge kiosk-2.json", "another kiosk's JSON export into this log"),
        (
            "sensory-games merge --match-alias other-kiosk/sensory_games.db",
            "a whole log file; the same alias there and here is the same child",
        ),
    ),
    "doctor": (
        ("sensory-games doctor", "check this device; exit status 1 if anything is to fix"),
        (
            "sudo -u kiosk sensory-games doctor --data-dir /var/lib/sensory-games",
            "as the kiosk account, with its data folder (docs/deploy.md)",
        ),
    ),
    "config": (
        ("sensory-games config show", "every setting, its value and where it comes from"),
        ("sensory-games config path", "the clinic's configuration folder"),
    ),
    "config show": (
        ("sensory-games config show", "the settings as this device uses them"),
        (
            "sensory-games config show --config-dir /srv/clinic-config",
            "the settings another clinic folder would give",
        ),
    ),
    "config path": (
        ("sensory-games config path", "where to put the clinic's app.yaml and level files"),
    ),
    "recover": (
        ("sensory-games recover", "file back the records start-up said were waiting"),
        (
            "sensory-games recover --match-alias",
            "the same, taking a child with the same alias as the same child",
        ),
    ),
}


def epilog(command: str) -> str | None:
    """The examples of `command` (its words after `sensory-games`), formatted for the end of
    its help; None for a command without examples (the tests then fail)."""
    examples = EXAMPLES.get(command)
    if not examples:
        return None
    return "examples:\n" + "\n".join(_lines(line, what) for line, what in examples)


def add_example(parser: argparse.ArgumentParser, line: str, what: str) -> None:
    """Add one example to the end of `parser`'s help (after those of `EXAMPLES`)."""
    parser.epilog = f"{parser.epilog or 'examples:'}\n{_lines(line, what)}"


def _lines(line: str, what: str) -> str:
    """The command line (continued with a backslash, as a shell would take it, before an
    option that would reach past `WIDTH`), then what it does."""
    rows = [""]
    for word in map(shlex.quote, shlex.split(line)):
        if word.startswith("-") and len(rows[-1]) + len(word) > WIDTH - 16:
            rows.append("")
        rows[-1] = f"{rows[-1]} {word}".lstrip()
    return "  " + " \\\n    ".join(rows) + f"\n      {what}"
