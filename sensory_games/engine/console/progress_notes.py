"""The progress page's session notes: under the charts and the list, a therapist chooses
one of the child's sessions (latest first, by its local day and time), reads the notes
written on it and adds one (with their initials), through sensory_games.services.goals as
`sensory-games notes` does. Widgets, not an image: the note is typed in a text entry."""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryLine

from sensory_games.activities import showing
from sensory_games.domain.goals import MAX_AUTHOR, MAX_NOTE, GoalError
from sensory_games.domain.language import N_
from sensory_games.engine.console.widgets import GAP_MM, ROW_MM, Widgets, chosen
from sensory_games.services.goals import ChildGoals
from sensory_games.services.report.data import local, time_text

#: What the session menu says when the child has no session yet.
NO_SESSIONS = N_("(no sessions yet)")
#: The widest session the menu is sized for: a long date and a time.
WIDEST_SESSION = "28 September 2026 00:00"


class SessionNotes:
    """The session menu, the note form and the chosen session's notes, laid out on `page`
    from `y_mm` down (the page scrolls to them on a short screen)."""

    def __init__(self, page: Widgets, y_mm: float) -> None:
        self.page, tr = page, page.tr
        stage = page.console.stage
        self.notes = ChildGoals(stage.repository, stage.child.level_counts(), showing())
        self.sessions: dict[str, str] = {}  # the menu's words -> session id
        self.menu_mm = page.menu_mm([WIDEST_SESSION, tr(NO_SESSIONS)], 45.0)
        rects, y = page.fields(
            y_mm,
            [(tr("Session"), self.menu_mm), (tr("Your initials"), 25.0), (tr("Note"), 60.0)],
        )
        self.session_at = rects[0]
        self.menu = page.drop_down([tr(NO_SESSIONS)], self.session_at)
        self.author = page.add(UITextEntryLine(rects[1], page.manager))
        self.author.set_text_length_limit(MAX_AUTHOR)
        self.text = page.add(UITextEntryLine(rects[2], page.manager))
        self.text.set_text_length_limit(MAX_NOTE)
        (add,), y = page.flow(y, [page.text_mm(tr("Add note")) * 2])
        self.add = page.add(UIButton(add, tr("Add note"), page.manager))
        self.status = page.status_line(y)
        self.listing = page.text_box("", y + ROW_MM + GAP_MM)
        self.profile_id: str | None = None

    def load(self, profile_id: str | None) -> None:
        """Show the sessions of the child `profile_id` (None: no child), the latest chosen."""
        self.profile_id = profile_id
        self.status.set_text("")
        sessions = self.page.console.stage.repository.sessions_of(profile_id or "")
        language = self.page.words.language
        self.sessions = {}
        for session_id, started_at in reversed(sessions):
            moment = local(started_at, None)
            words = time_text(moment, language)
            while words in self.sessions:  # (two sessions started in the same minute)
                words += " "
            self.sessions[words] = session_id
        self.page.remove(self.menu)
        options = list(self.sessions) or [self.page.tr(NO_SESSIONS)]
        self.menu = self.page.drop_down(options, self.session_at)
        if self.sessions:
            self.add.enable()
        else:
            self.add.disable()
        self.show()

    def show(self) -> None:
        """List the notes on the chosen session, in the order written."""
        session_id = self.sessions.get(chosen(self.menu))
        heading = html.escape(self.page.tr("Notes on this session"))
        lines = [f"<b>{heading}</b>"]
        notes = self.notes.notes(session_id=session_id) if session_id else []
        for note in notes:
            moment = local(note.written_at, None)
            when = time_text(moment, self.page.words.language)
            by = f"{when}, {note.author}" if note.author else when
            lines.append(
                f"<b>{html.escape(by)}</b>: {html.escape(note.text)}".replace("\n", "<br>")
            )
        if not notes:
            lines.append(html.escape(self.page.tr("No notes on this session yet.")))
        self.listing.set_text("<br>".join(lines))
        self.page.refit(self.listing)

    def save(self) -> None:
        """Add the typed note to the chosen session; the status line says what happened."""
        session_id = self.sessions.get(chosen(self.menu))
        if session_id is None:
            return
        try:
            self.notes.add_note(session_id, self.author.get_text(), self.text.get_text(), "console")
        except GoalError as error:
            self.status.set_text(self.page.tr("Nothing saved: {error}", error=error))
            return
        self.text.set_text("")
        self.status.set_text(
            self.page.tr("Note added to the session of {when}", when=chosen(self.menu).strip())
        )
        self.show()

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on an event of these widgets; True when it was one."""
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.menu:
            self.status.set_text("")
            self.show()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.add:
            self.save()
            return True
        return False
