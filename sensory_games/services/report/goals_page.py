"""The report's Goals page: each of the child's open goals (Goal Attainment Scaling,
docs/metrics.md "Goals") with its scale, baseline and attainment now, and the values the
attainment is the median of. Notes on sessions are never printed: the report may go to a
family, the notes are the clinicians' own."""

from __future__ import annotations

from sensory_games.domain.goals import t_score
from sensory_games.domain.language import Words
from sensory_games.domain.report_spec import Showing, shown
from sensory_games.services.goals import ChildGoals, GoalShown
from sensory_games.services.pdf import Document, Page
from sensory_games.services.report import goal_words, layout
from sensory_games.storage import Repository


def goals_page(
    document: Document,
    repository: Repository,
    profile_id: str,
    showing: Showing,
    said: Words,
    pseudonymised: bool = False,
) -> Page | None:
    """The Goals page at the end of `document`, or None when the child has no open goal;
    a `pseudonymised` report leaves out each goal's description (text a therapist typed
    may name the child, as pseudonymised exports leave it out)."""
    goals = ChildGoals(repository, {}, showing).shown(profile_id)
    if not goals:
        return None
    page = layout.new_page(document, said)
    explained = said.tr(
        "Each goal is scored from −2 (much less than expected) to +2 (much more than "
        "expected); 0 is the outcome the therapist expects. The score is the median of the "
        "latest completed attempts at the goal's level."
    )
    y = layout.page_title(page, said.tr("Goals"), [explained], said)
    for item in goals:
        for number, line in enumerate(_lines(item, showing, said, pseudonymised)):
            for part in layout.wrap(line, layout.TEXT_WIDTH_IN, 10 if number == 0 else 9):
                heading = number == 0
                layout.note(page, y, part, said, size=10 if heading else 9, bold=heading)
                y += 0.22
        y += 0.2
    scored = [item.attainment.level for item in goals if item.attainment.level is not None]
    summary = t_score(scored)
    if summary is not None:
        layout.note(page, y, said.tr("T-score over the goals: {t:.1f}", t=summary), said)
    return page


def _lines(item: GoalShown, showing: Showing, said: Words, pseudonymised: bool) -> list[str]:
    """A goal's heading, description, scale, baseline and dates, and attainment, in
    `said`'s language (services/report/goal_words.py)."""
    activity = shown(showing, item.goal.activity)
    lines = [goal_words.heading(item, activity, said)]
    if item.goal.description and not pseudonymised:
        lines.append(item.goal.description)
    lines.append(goal_words.scale_text(item, activity, said))
    lines.append(goal_words.dates_text(item, said))
    lines.append(goal_words.attainment_text(item, activity, said))
    return lines
