"""The console's Audit page: what adults did, latest first."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from sensory_games.domain.bidi import isolated
from sensory_games.engine.console.widgets import Widgets

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: How many of the latest audit entries the page shows.
SHOWN_ENTRIES = 300


class AuditPage(Widgets):
    """What adults did, latest first."""

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        entries = self.console.stage.repository.audit_entries()[-SHOWN_ENTRIES:]
        # (a record is English, as data: an alias in another script, Arabic, is isolated
        # so that the record still reads from the left, its paths and numbers in order)
        lines = [
            f"{html.escape(e.at[:19].replace('T', ' '))}  <b>{html.escape(e.action)}</b>"
            + (f" [{isolated(html.escape(e.profile_alias))}]" if e.profile_alias else "")
            + f": {html.escape(e.detail)}"
            for e in reversed(entries)
        ] or [html.escape(self.tr("Nothing on the audit list yet."))]
        self.entries = self.text_box("<br>".join(lines), 0.0, self.height)
