"""The arguments of `sensory-games goals add|list|end` and `sensory-games notes add|list`
(what they do is cli/goals.py), declared apart from parser.py as profile_options.py is."""

from __future__ import annotations

import argparse

from sensory_games.cli.options import add_action, add_actions, add_alias, add_data_dir
from sensory_games.domain.language import N_


def declare_goals(goals: argparse.ArgumentParser) -> None:
    """goals list | add | end, each with --data-dir and the child's alias."""
    actions = add_actions(
        goals,
        "goals",
        N_("what to do"),
        N_("each has its own help: sensory-games goals ACTION --help"),
    )
    shown = add_action(actions, "goals", "list", N_("a child's goals with their attainment now"))
    shown.add_argument("--all", action="store_true", help=N_("ended goals too"))
    add = add_action(actions, "goals", "add", N_("set a goal on a Goal Attainment Scale"))
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
    add.add_argument(
        "--attempts",
        type=int,
        default=5,
        metavar="N",
        help=N_("attainment: the median of this many latest completed attempts (default 5)"),
    )
    add.add_argument(
        "--start", metavar="YYYY-MM-DD", help=N_("first day that counts (default today, UTC)")
    )
    add.add_argument("--review", metavar="YYYY-MM-DD", help=N_("when to review the goal"))
    add.add_argument("--description", default="", help=N_("the goal in words, one line"))
    end = add_action(actions, "goals", "end", N_("end a goal (it stays in the log)"))
    add_alias(shown)
    for action in (add, end):  # (add_alias's example would lack their required arguments)
        action.add_argument("alias", metavar="ALIAS", help=N_("the child's alias"))
    for action in (shown, add, end):
        add_data_dir(action)
    end.add_argument("goal", metavar="GOAL", help=N_("the goal's id, or its first 8 characters"))


def declare_notes(notes: argparse.ArgumentParser) -> None:
    """notes add | list, each with --data-dir."""
    actions = add_actions(
        notes,
        "notes",
        N_("what to do"),
        N_("each has its own help: sensory-games notes ACTION --help"),
    )
    add = add_action(actions, "notes", "add", N_("write a note on one session"))
    add.add_argument(
        "--session", required=True, metavar="ID", help=N_("the session (notes list shows them)")
    )
    add.add_argument("--author", default="", help=N_("who writes it, e.g. initials"))
    add.add_argument("text", metavar="TEXT", help=N_("the note, in quotes"))
    shown = add_action(actions, "notes", "list", N_("a child's sessions with their notes"))
    add_alias(shown)
    for action in (add, shown):
        add_data_dir(action)
