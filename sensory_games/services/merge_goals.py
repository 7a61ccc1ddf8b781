"""A merged source's goals and session notes (services/merge.py does the rest).

They follow merge's rules: a goal or note keeps its id, so merging the same file twice
changes nothing; one that is here with different content is a conflict reported and this
device's copy kept. The only change to a goal already here is its end: a goal the other
device ended is ended here too, and an ended goal stays ended (an end is never undone,
and two ends at different times keep this device's).
"""

from __future__ import annotations

from typing import Any

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.services.merge_report import MergeReport
from sensory_games.storage import RecordStore


def merge_goals(
    store: RecordStore, goals: list[dict[str, Any]], profile_id: str, report: MergeReport
) -> None:
    """Add the source's goals of the child `profile_id` here (records already checked)."""
    for goal in goals:
        here = store.goal_here(goal["goal_id"])
        if here is None:
            store.insert_goal(goal, profile_id)
            report.added["goal"] += 1
        elif here[0] != profile_id or _differs(here[1], goal, ignore="ended_at"):
            said = N_(
                "goal {goal} ({activity} level {level}, {metric}) differs from the copy here;"
                " this device's was kept"
            )
            report.conflicts.append(Sentence(said, goal=goal["goal_id"], **_scale(goal)))
        elif here[1]["ended_at"] is None and goal["ended_at"] is not None:
            store.end_goal(goal["goal_id"], goal["ended_at"])
            report.filled_in["goal"] += 1
        else:
            report.already["goal"] += 1


def merge_notes(
    store: RecordStore, notes: list[dict[str, Any]], session_id: str, report: MergeReport
) -> None:
    """Add the source's notes on the session `session_id` here (records already checked)."""
    for note in notes:
        here = store.note_here(note["note_id"])
        if here is not None and (here[0] != session_id or _differs(here[1], note)):
            said = N_(
                "session note {note} ({written}) differs from the copy here; this device's was kept"
            )
            report.conflicts.append(
                Sentence(said, note=note["note_id"], written=note["written_at"])
            )
        elif here is not None:
            report.already["note"] += 1
        else:
            store.insert_note(note, session_id)
            report.added["note"] += 1


def _differs(mine: dict[str, Any], theirs: dict[str, Any], ignore: str = "") -> bool:
    """Whether the source's record differs from this device's on any field this device
    keeps (a goal's missing description, as a pseudonymised export has it, is empty)."""
    if "description" in mine:  # a goal: no description (pseudonymised) is an empty one
        theirs = {**theirs, "description": theirs["description"] or ""}
    return any(value != theirs[key] for key, value in mine.items() if key != ignore)


def _scale(goal: dict[str, Any]) -> dict[str, Any]:
    """What names a goal's scale in a conflict: its activity, level and metric."""
    return {key: goal[key] for key in ("activity", "level", "metric")}
