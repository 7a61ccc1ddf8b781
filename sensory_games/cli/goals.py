"""`sensory-games goals add|list|end ALIAS` (a child's goals on a Goal Attainment Scale,
listed with their attainment now) and `sensory-games notes add|list` (therapists' notes
on a session), through the goals service (services/goals.py)."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timezone

from sensory_games.activities import level_counts, showing
from sensory_games.cli.clinic_language import clinic_words
from sensory_games.cli.errors import CliError
from sensory_games.cli.opening import find_profile, open_log
from sensory_games.domain.goals import GoalScale, t_score
from sensory_games.domain.language import N_, Words
from sensory_games.services.goals import ChildGoals, GoalRequest, GoalShown


def goals(args: argparse.Namespace) -> int:
    """Add, end or list a child's goals."""
    config, repository = open_log(args)
    try:
        child = find_profile(repository, args.alias)
        service = ChildGoals(repository, level_counts(config.config_dir), showing())
        words = clinic_words(args)
        if args.goals_command == "add":
            request = _request(args)
            goal = service.add(child.id, request, "command line")
            print(words.tr("goal {id} set for {alias}", id=goal.id[:8], alias=child.alias))
        elif args.goals_command == "end":
            goal = service.end(child.id, args.goal, "command line")
            print(words.tr("goal {id} ended", id=goal.id[:8]))
        else:
            print_goals(service.shown(child.id, open_only=not args.all), child.alias, words)
    finally:
        repository.close()
    return 0


def notes(args: argparse.Namespace) -> int:
    """Write a note on a session, or list a child's sessions with their notes."""
    config, repository = open_log(args)
    try:
        service = ChildGoals(repository, level_counts(config.config_dir), showing())
        words = clinic_words(args)
        if args.notes_command == "add":
            note = service.add_note(args.session, args.author, args.text, "command line")
            alias, started_at = service.whose_session(note.session_id)
            said = words.tr(
                "note saved on session {id} of {alias}, started {started} UTC",
                id=note.session_id[:8],
                alias=alias,
                started=started_at[:16],
            )
            print(said)
            return 0
        child = find_profile(repository, args.alias)
        written = service.notes(child.id)
        print(words.tr("{alias}: sessions (id, started, UTC) and their notes", alias=child.alias))
        for session_id, started_at in repository.sessions_of(child.id):
            print(f"  {session_id[:8]}  {started_at[:16]}")
            for note in (n for n in written if n.session_id == session_id):
                by = f" ({note.author})" if note.author else ""
                text = note.text.replace("\n", "\n" + NOTE_LINE_INDENT)
                print(f"      {note.written_at[:16]}{by}: {text}")
    finally:
        repository.close()
    return 0


#: A note's later lines start under its first line's text, deeper than the next note.
NOTE_LINE_INDENT = " " * 8


def print_goals(shown: list[GoalShown], alias: str, words: Words) -> None:
    """Each goal: its id, what it measures, its scale, baseline and dates, and its
    attainment (-2..+2) with the values behind it; then the summary T-score."""
    print(words.tr("{alias}: goals (Goal Attainment Scaling, -2..+2)", alias=alias))
    for item in shown:
        goal, now = item.goal, item.attainment
        way = (
            words.tr("more is better")
            if item.scale.higher_is_better
            else words.tr("less is better")
        )
        scale = " / ".join(f"{v:g}" for v in goal.thresholds)
        baseline = f"{goal.baseline:+d}"
        ended = words.tr(", ended {day}", day=goal.ended_at[:10]) if goal.ended_at else ""
        print(
            "  "
            + words.tr(
                "{id}  {activity} level {level}  {metric}",
                id=goal.id[:8],
                activity=goal.activity,
                level=goal.level,
                metric=goal.metric,
            )
        )
        print(
            "      "
            + words.tr(
                "-2..+2: {scale} ({way}); baseline {baseline}",
                scale=scale,
                way=way,
                baseline=baseline,
            )
        )
        print(f"      {goal.start_date}..{goal.review_date or ''}{ended}  {goal.description}")
        if now.level is None:
            print("      " + words.tr("attainment: no completed attempt at this level yet"))
            continue
        values = ", ".join(f"{v:.3g}" for v in now.values)
        level = f"{now.level:+d}"
        print(
            "      "
            + words.tr(
                "attainment {level}: median {median:.3g} of the last {count}"
                " (of {wanted}): {values}",
                level=level,
                median=now.median,
                count=len(now.values),
                wanted=now.wanted,
                values=values,
            )
        )
    scored = [item.attainment.level for item in shown if item.attainment.level is not None]
    summary = t_score(scored)
    if summary is not None:
        n = len(scored)
        said = words.tr_n(
            "T-score ({count} goal): {t:.1f}",
            "T-score ({count} goals): {t:.1f}",
            n,
            count=n,
            t=summary,
        )
        print(said)


def _request(args: argparse.Namespace) -> GoalRequest:
    """The goal `goals add` asks for; a scale or a date that cannot be read is a CliError."""
    try:
        thresholds = tuple(float(part) for part in args.scale.split(","))
    except ValueError:
        raise CliError(
            N_("{option} {value}: must be five numbers separated by commas"),
            option="--scale",
            value=repr(args.scale),
        ) from None
    # (any count: the service refuses other than five, naming them)
    scale = GoalScale(args.activity, args.level, args.metric, thresholds)  # type: ignore[arg-type]
    return GoalRequest(
        scale,
        args.baseline,
        _day("--start", args.start) or datetime.now(timezone.utc).date(),
        _day("--review", args.review),
        args.attempts,
        args.description,
    )


def _day(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(
            N_("{option} {value}: must be a day like 2026-12-01"), option=option, value=repr(text)
        ) from None
