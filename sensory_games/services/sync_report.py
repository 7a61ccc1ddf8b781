"""What one sync did, for the adult: records sent by kind, what merging the other devices'
records did, settings taken, notices (a restore noticed) and every conflict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.services.merge_report import MergeReport, counts

#: What a sync says when the server's marks do not name this log's journal lines (this
#: device's data folder restored from a backup), and when the server no longer holds what
#: this device last read (the server restored from a backup).
RESENT = Sentence(
    N_(
        "this device's log is not the one the clinic server last read (a data folder restored"
        " from a backup?): its records were sent again and what it had lost taken back;"
        " nothing is doubled"
    )
)
READ_AGAIN = Sentence(
    N_(
        "the clinic server no longer holds what this device last read from it (restored from a"
        " backup?): the whole clinic was read again; nothing is doubled"
    )
)
#: The journal's kinds as a report counts them (services/merge_report.py).
SAID_KIND = {
    "check_in": "check-in",
    "level_change": "level change",
    "difficulty": "level range",
    "audit": "audit entry",
}
#: Where a sync's taken records are said to come from.
SOURCE = "clinic server"


@dataclass
class SyncReport:
    """What one sync did: records sent by kind, what merging the others' did, settings
    taken from other devices, and every conflict."""

    sent: Counter[str] = field(default_factory=Counter)
    taken: MergeReport = field(default_factory=lambda: MergeReport(SOURCE))
    settings_taken: list[Sentence] = field(default_factory=list)
    conflicts: list[Sentence] = field(default_factory=list)
    notices: list[Sentence] = field(default_factory=list)

    @property
    def all_conflicts(self) -> list[Any]:
        return [*self.conflicts, *self.taken.conflicts]

    def lines(self) -> list[Sentence]:
        """What the command line prints, one Sentence a line."""
        sent = Counter({SAID_KIND.get(kind, kind): n for kind, n in self.sent.items()})
        lines = [
            Sentence(N_("sent to the clinic server: {counts}"), counts=counts(sent))
            if sum(sent.values())
            else Sentence(N_("sent to the clinic server: nothing new"))
        ]
        lines += self.taken.lines()
        lines += self.notices
        lines += self.settings_taken
        lines += [Sentence(N_("conflict: {conflict}"), conflict=c) for c in self.conflicts]
        return lines
