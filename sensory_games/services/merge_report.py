"""What merging one source did, for the person at the kiosk: :class:`MergeReport`.

Each line and each conflict is a :class:`Sentence`: English as ``str`` (what the audit
list keeps), said in the clinic's language where it is printed (`sensory-games merge`,
`recover`). Counts are counted texts ("1 attempt", "3 attempts"), each language's forms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Listed, Sentence

#: The kinds of record a merge counts, in the order they are listed.
KINDS = (
    "profile",
    "session",
    "attempt",
    "check-in",
    "level change",
    "goal",
    "note",
    "level range",  # (a sync's: merge never counts these two)
    "audit entry",
)

_COUNTED: dict[str, Callable[[int], Sentence]] = {
    "profile": lambda n: Sentence.tr_n("{count} profile", "{count} profiles", n, count=n),
    "session": lambda n: Sentence.tr_n("{count} session", "{count} sessions", n, count=n),
    "attempt": lambda n: Sentence.tr_n("{count} attempt", "{count} attempts", n, count=n),
    "check-in": lambda n: Sentence.tr_n("{count} check-in", "{count} check-ins", n, count=n),
    "level change": lambda n: Sentence.tr_n(
        "{count} level change", "{count} level changes", n, count=n
    ),
    "goal": lambda n: Sentence.tr_n("{count} goal", "{count} goals", n, count=n),
    "note": lambda n: Sentence.tr_n("{count} session note", "{count} session notes", n, count=n),
    "level range": lambda n: Sentence.tr_n(
        "{count} level range", "{count} level ranges", n, count=n
    ),
    "audit entry": lambda n: Sentence.tr_n(
        "{count} audit entry", "{count} audit entries", n, count=n
    ),
}

#: A detail line under the first: indented (a layout, not a text to translate).
_DETAIL = "  {line}"


@dataclass
class MergeReport:
    """What merging one source did: records by kind added, already here, filled in and
    skipped, and each conflict (a Sentence)."""

    source: str
    command: str = "merge"  # (what a conflict's advice says to run again)
    added: Counter[str] = field(default_factory=Counter)
    already: Counter[str] = field(default_factory=Counter)
    filled_in: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)

    def lines(self) -> list[Sentence]:
        """The report as the command line prints it, one Sentence a line."""
        if sum(self.added.values()):
            head = Sentence(
                N_("{source}: added {counts}"), source=self.source, counts=counts(self.added)
            )
        else:
            head = Sentence(N_("{source}: added nothing new"), source=self.source)
        details = (
            (self.already, N_("already here (unchanged): {counts}")),
            (self.filled_in, N_("filled in what this device lacked: {counts}")),
            (self.skipped, N_("not merged (see the conflicts): {counts}")),
        )
        lines = [head]
        for counter, text in details:
            if sum(counter.values()):
                lines.append(Sentence(_DETAIL, line=Sentence(text, counts=counts(counter))))
        for conflict in self.conflicts:
            said = Sentence(N_("conflict: {conflict}"), conflict=conflict)
            lines.append(Sentence(_DETAIL, line=said))
        return lines


def counts(counter: Counter[str]) -> Listed:
    """`counter`'s records by kind, as counted texts: "2 profiles, 1 attempt"."""
    return Listed(_COUNTED[kind](counter[kind]) for kind in KINDS if counter[kind])
