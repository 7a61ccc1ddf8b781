"""The report's Goals page: each of the child's open goals (Goal Attainment Scaling,
docs/metrics.md "Goals") with its scale, baseline and attainment now, and the values the
attainment is the median of. Notes on sessions are never printed: the report may go to a
family, the notes are the clinicians' own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sensory_games.domain.goals import t_score
from sensory_games.domain.language import Words
from sensory_games.domain.report_spec import Showing, shown
from sensory_games.services.goals import ChildGoals, GoalShown
from sensory_games.services.report import goal_words
from sensory_games.storage import Repository

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def goals_page(
    repository: Repository,
    profile_id: str,
    showing: Showing,
    said: Words,
    pseudonymised: bool = False,
) -> Figure | None:
    """The Goals page, or None when the child has no open goal; a `pseudonymised` report
    leaves out each goal's description (text a therapist typed may name the child, as
    pseudonymised exports leave it out)."""
    from sensory_games.services.report import layout

    goals = ChildGoals(repository, {}, showing).shown(profile_id)
    if not goals:
        return None
    fig = layout.new_page()
    explained = said.tr(
        "Each goal is scored from −2 (much less than expected) to +2 (much more than "
        "expected); 0 is the outcome the therapist expects. The score is the median of the "
        "latest completed attempts at the goal's level."
    )
    y = layout.page_title(fig, said.tr("Goals"), [explained], said)
    for item in goals:
        for number, line in enumerate(_lines(item, showing, said, pseudonymised)):
            for part in layout.wrap(line, layout.TEXT_WIDTH_IN, 10 if number == 0 else 9):
                weight = "bold" if number == 0 else "normal"
                layout.note(fig, y, part, said, size=10 if number == 0 else 9, weight=weight)
                y += 0.22
        y += 0.2
    scored = [item.attainment.level for item in goals if item.attainment.level is not None]
    summary = t_score(scored)
    if summary is not None:
        layout.note(fig, y, said.tr("T-score over the goals: {t:.1f}", t=summary), said)
    return fig


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
