"""The arguments of `sensory-games goals add|list|end` and `sensory-games notes add|list`
(what they do is cli/goals.py), declared apart from parser.py as profile_options.py is."""

from __future__ import annotations

import argparse

from sensory_games.cli.options import add_action, add_actions, add_alias, add_data_dir
from sensory_games.domain.language import N_

#: `goals add --attempts`: how the attainment is computed (domain/goals.py).
ATTEMPTS_HELP = N_("attainment: the median of this many latest completed attempts (default 5)")


def declare_goals(goals: argparse.ArgumentParser) -> None:
    """goals list | add | end, each with --data-dir and the child's alias."""
    shown, add, end = _with_actions(
        goals,
        N_("each has its own help: sensory-games goals ACTION --help"),
        {
            "list": N_("a child's goals with their attainment now"),
            "add": N_("set a goal on a Goal Attainment Scale"),
            "end": N_("end a goal (it stays in the log)"),
        },
    )
    add_alias(shown)
    for action in (add, end):  # (add_alias's example would lack their required arguments)
        action.add_argument("alias", metavar="ALIAS", help=N_("the child's alias"))
    shown.add_argument("--all", action="store_true", help=N_("ended goals too"))
    add.add_argument("--activity", required=True, metavar="SLUG", help=N_("the activity"))
    add.add_argument(
        "--level",
        required=True,
        type=int,
        metavar="N",
        help=N_("the activity level it is measured at"),
    )
    add.add_argument(
        "--metric",
        required=True,
        metavar="NAME",
        help=N_("what is measured: accuracy, completion_time_s or a metric the activity records"),
    )
    add.add_argument(
        "--scale",
        required=True,
        metavar="T-2,T-1,T0,T+1,T+2",
        help=N_(
            "the value to reach for each level -2..+2, rising (more is better) or falling"
            " (less is better); join a first negative value by =: --scale=-1,0,1,2,3"
        ),
    )
    add.add_argument(
        "--baseline", required=True, type=int, help=N_("the level at the start: -2 or -1")
    )
    add.add_argument("--attempts", type=int, default=5, metavar="N", help=ATTEMPTS_HELP)
    add.add_argument(
        "--start", metavar="YYYY-MM-DD", help=N_("first day that counts (default today, UTC)")
    )
    add.add_argument("--review", metavar="YYYY-MM-DD", help=N_("when to review the goal"))
    add.add_argument("--description", default="", help=N_("the goal in words, one line"))
    end.add_argument("goal", metavar="GOAL", help=N_("the goal's id, or its first 8 characters"))


def declare_notes(notes: argparse.ArgumentParser) -> None:
    """notes add | list, each with --data-dir."""
    add, shown = _with_actions(
        notes,
        N_("each has its own help: sensory-games notes ACTION --help"),
        {
            "add": N_("write a note on one session"),
            "list": N_("a child's sessions with their notes"),
        },
    )
    add.add_argument(
        "--session", required=True, metavar="ID", help=N_("the session (notes list shows them)")
    )
    add.add_argument("--author", default="", help=N_("who writes it, e.g. initials"))
    add.add_argument("text", metavar="TEXT", help=N_("the note, in quotes"))
    add_alias(shown)


def _with_actions(
    command: argparse.ArgumentParser, help: str, actions: dict[str, str]
) -> list[argparse.ArgumentParser]:
    """The actions of `command` (name -> help, in order), each with --data-dir."""
    name = command.prog.split()[-1]
    choices = add_actions(command, name, N_("what to do"), help)
    made = [add_action(choices, name, action, text) for action, text in actions.items()]
    for action in made:
        add_data_dir(action)
    return made
