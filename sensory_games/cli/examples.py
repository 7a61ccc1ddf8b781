"""The examples at the end of each command's `--help`: real command lines a therapist or the
clinic's IT person can copy, each with a line saying what it does.

Kept apart from parser.py, which declares the arguments, so that the examples of every
command can be read (and kept true) in one place; tests/test_cli_help.py parses every one
of them with the real parser.
"""

from __future__ import annotations

import argparse
import shlex

from sensory_games.cli.clinic_language import words_before_config
from sensory_games.cli.columns import wrap
from sensory_games.domain.language import N_

#: Columns the examples fit in (as argparse's own help on a common terminal).
WIDTH = 79

#: Each command's examples, by its words after `sensory-games` ("" is the launcher, the
#: program without a command): (command line, what it does: English, marked with N_ and
#: said in the help's language when the parser is built).
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("sensory-games", N_("the launcher in a window, for trying it out")),
        ("sensory-games --kiosk", N_("fullscreen; only an adult with the PIN can leave")),
        (
            "sensory-games --windowed 1280x800 --profile Sam --launch bubbles:3",
            N_("Sam goes straight into Pop the bubbles at level 3"),
        ),
    ),
    "autoplay": (
        (
            "sensory-games autoplay --headless --activity all --attempts 2 --skill 0.6 --seed 7",
            N_("bots play every level of every activity twice, without a window"),
        ),
        (
            "sensory-games autoplay --headless --activity bubbles --level 3 "
            "--record-frames frames/ --record-fps 10",
            N_("one level, saving 10 pictures per second of play into frames/"),
        ),
    ),
    "safety-check": (
        ("sensory-games safety-check", N_("every activity at the alerting preset, 30 s a level")),
        (
            "sensory-games safety-check --activity tracing --preset all --seconds 5",
            N_("one activity at every preset, 5 s a level"),
        ),
    ),
    "layout-check": (
        ("sensory-games layout-check", N_("every screen at all 38 screens of the matrix")),
        (
            "sensory-games layout-check --screen 1280x800@220dpi --view console --all",
            N_("the console's pages on a 7-inch tablet, every problem printed"),
        ),
    ),
    "profiles": (
        ("sensory-games profiles list", N_("every child on this device")),
        ("sensory-games profiles add Sam --animal cat", N_("add a child called Sam")),
        ("sensory-games profiles show Sam", N_("Sam's settings and latest check-ins")),
    ),
    "profiles list": (
        ("sensory-games profiles list", N_("one line per child")),
        (
            "sensory-games profiles list --data-dir /media/usb/clinic",
            N_("the children of a log kept in another folder"),
        ),
    ),
    "profiles add": (
        (
            "sensory-games profiles add Sam --animal cat --colour 2 --age-band 3-5 --hand left",
            N_("Sam: a cat avatar in colour 2, aged 3 to 5, left-handed"),
        ),
        (
            "sensory-games profiles add 'Anne Marie' --pointer stylus --intensity calm",
            N_("an alias with a space goes in quotes; plays with a stylus, calm preset"),
        ),
    ),
    "profiles show": (("sensory-games profiles show Sam", N_("Sam's settings and check-ins")),),
    "profiles export": (
        ("sensory-games profiles export Sam --out sam.yaml", N_("Sam's bundle, to take along")),
        ("sensory-games profiles export Sam", N_("written as profile-Sam.yaml in the data folder")),
    ),
    "profiles import": (
        ("sensory-games profiles import sam.yaml", N_("add the child of a bundle to this device")),
        (
            "sensory-games profiles import sam.yaml --as 'Sam B'",
            N_("the alias Sam is taken here by another child: add them as Sam B"),
        ),
        (
            "sensory-games profiles import sam.yaml --replace",
            N_("Sam is already here: take the bundle's settings and levels"),
        ),
    ),
    "export": (
        ("sensory-games export", N_("every attempt as CSV, into the data folder")),
        (
            "sensory-games export --format json --profile Sam --since 2026-11-01 --out sam.json",
            N_("Sam's attempts since 1 November 2026 (UTC), as JSON"),
        ),
        (
            "sensory-games export --pseudonymize --samples --out research.csv",
            N_("the pointer samples, with children's codes instead of aliases"),
        ),
        ("sensory-games export --check-ins", N_("the regulation check-ins instead of attempts")),
        (
            "sensory-games export --excel --decimal point --separator semicolon "
            "--tz Europe/Zurich --out attempts-excel.csv",
            N_("for an Excel set up as in Switzerland: 0.75, and ';' between cells"),
        ),
    ),
    "audit": (
        ("sensory-games audit", N_("everything adults did on this device")),
        ("sensory-games audit --since 2026-11-27", N_("since that day (UTC)")),
    ),
    "pin": (
        (
            "sensory-games pin set",
            N_("type a new PIN twice (asked for, never on the command line)"),
        ),
        ("sensory-games pin status", N_("is a PIN set; is the keypad locked and until when")),
        ("sensory-games pin clear", N_("remove it: the keypad asks for a new one")),
    ),
    "levels": (
        ("sensory-games levels Sam", N_("Sam's level, range and mastery rule in each activity")),
        (
            "sensory-games levels Sam --activity tracing --level 3 --highest 5 "
            "--reason 'shaky today'",
            N_("set Sam's tracing to level 3, never above 5, with the reason"),
        ),
        (
            "sensory-games levels Sam --activity bubbles --mastery off",
            N_("the level stays where it is set, whatever Sam's results"),
        ),
    ),
    "goals": (
        ("sensory-games goals list Sam", N_("Sam's open goals with their attainment now")),
        ("sensory-games goals list Sam --all", N_("ended goals too, with their attainment")),
    ),
    "goals add": (
        (
            "sensory-games goals add Sam --activity tracing --level 4 --metric extra_lifts "
            "--scale 6,4,2,1,0 --baseline -2 --review 2027-03-01",
            N_("fewer extra lifts at tracing level 4: 2 is the expected outcome"),
        ),
    ),
    "goals end": (
        ("sensory-games goals end Sam 3f2a9c1d", N_("end the goal whose id starts 3f2a9c1d")),
    ),
    "notes": (("sensory-games notes list Sam", N_("Sam's sessions with the notes on each")),),
    "notes add": (
        (
            "sensory-games notes add --session 5b1e07aa --author JS 'tired after school'",
            N_("a note on the session whose id starts 5b1e07aa"),
        ),
    ),
    "report": (
        (
            "sensory-games report --profile Sam --out sam.pdf",
            N_("Sam's progress report over all time, as PDF"),
        ),
        (
            "sensory-games report --profile Sam --since 2026-09-01 --until 2026-11-30 "
            "--out autumn.png",
            N_("one autumn's progress, as a picture"),
        ),
    ),
    "merge": (
        ("sensory-games merge kiosk-2.json", N_("another kiosk's JSON export into this log")),
        (
            "sensory-games merge --match-alias other-kiosk/sensory_games.db",
            N_("a whole log file; the same alias there and here is the same child"),
        ),
    ),
    "doctor": (
        ("sensory-games doctor", N_("check this device; exit status 1 if anything is to fix")),
        (
            "sudo -u kiosk sensory-games doctor --data-dir /var/lib/sensory-games",
            N_("as the kiosk account, with its data folder (docs/deploy.md)"),
        ),
    ),
    "config": (
        ("sensory-games config show", N_("every setting, its value and where it comes from")),
        ("sensory-games config path", N_("the clinic's configuration folder")),
    ),
    "config show": (
        ("sensory-games config show", N_("the settings as this device uses them")),
        (
            "sensory-games config show --config-dir /srv/clinic-config",
            N_("the settings another clinic folder would give"),
        ),
    ),
    "config path": (
        ("sensory-games config path", N_("where to put the clinic's app.yaml and level files")),
    ),
    "recover": (
        ("sensory-games recover", N_("file back the records start-up said were waiting")),
        (
            "sensory-games recover --match-alias",
            N_("the same, taking a child with the same alias as the same child"),
        ),
    ),
}


def epilog(command: str) -> str | None:
    """The examples of `command` (its words after `sensory-games`), formatted for the end of
    its help in the help's language; None for a command without examples (the tests then
    fail)."""
    examples = EXAMPLES.get(command)
    if not examples:
        return None
    return _heading() + "\n" + "\n".join(_lines(line, what) for line, what in examples)


def add_example(parser: argparse.ArgumentParser, line: str, what: str) -> None:
    """Add one example (`what`: English marked with N_) to the end of `parser`'s help
    (after those of `EXAMPLES`)."""
    parser.epilog = f"{parser.epilog or _heading()}\n{_lines(line, what)}"


def _heading() -> str:
    """The examples' heading, in the help's language."""
    return words_before_config().tr(N_("examples:"))


def _lines(line: str, what: str) -> str:
    """The command line (continued with a backslash, as a shell would take it, before an
    option that would reach past `WIDTH`), then what it does (said in the help's language,
    wrapped by columns: a Chinese character takes two)."""
    rows = [""]
    for word in map(shlex.quote, shlex.split(line)):
        if word.startswith("-") and len(rows[-1]) + len(word) > WIDTH - 16:
            rows.append("")
        rows[-1] = f"{rows[-1]} {word}".lstrip()
    said = wrap(words_before_config().tr(what), WIDTH - 6)
    return "  " + " \\\n    ".join(rows) + "".join(f"\n      {part}" for part in said)
