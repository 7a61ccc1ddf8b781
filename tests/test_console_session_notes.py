"""Session notes on the console's progress page: a therapist chooses one of the child's
sessions, reads its notes and adds one with posted clicks; an empty note is refused in
one line and nothing is stored; a child without sessions cannot add one."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from helpers import run_frames
from records import at, log_attempt
from test_console import press

from sensory_games.activities import showing
from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.progress_notes import NO_SESSIONS
from sensory_games.engine.console.widgets import chosen, select
from sensory_games.services.goals import ChildGoals


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start_wall=datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))


@pytest.fixture
def mia_sessions(repository):
    """Mia's two sessions (day 0 and day 1), a note on the first; Noor with none."""
    mia = repository.add_profile(alias="Mia")
    repository.add_profile(alias="Noor")
    first = repository.start_session(mia.id, at(0))
    log_attempt(repository, mia, first, 1, level=2, accuracy=0.6)
    second = repository.start_session(mia.id, at(1))
    log_attempt(repository, mia, second, 1, level=2, accuracy=0.7)
    ChildGoals(repository, {"bubbles": 5}, showing()).add_note(
        first, "JS", "Tired.\nCalm after.", "x"
    )
    return mia, first, second


@pytest.fixture
def page(make_app, clock, mia_sessions):
    app = make_app()
    console = ConsoleScene(app.stage, page="progress")
    app.push(console)
    run_frames(app, clock, 0.1)
    progress = console.page
    select(progress.child, "Mia")
    progress.load()
    return app, progress


def test_the_latest_session_is_chosen_and_a_note_is_added_to_it(
    page, clock, repository, mia_sessions
) -> None:
    app, progress = page
    notes = progress.session_notes
    _mia, first, second = mia_sessions
    assert list(notes.sessions.values()) == [second, first]  # latest first
    assert "No notes on this session yet." in notes.listing.html_text
    notes.author.set_text("AB")
    notes.text.set_text("Used the left hand today.")
    press(app, clock, progress.page, notes.add)
    [note] = repository.session_notes(session_id=second)
    assert (note.author, note.text) == ("AB", "Used the left hand today.")
    assert notes.status.text.startswith("Note added to the session of")
    assert "Used the left hand today." in notes.listing.html_text
    assert notes.text.get_text() == ""


def test_choosing_a_session_shows_its_notes(page, mia_sessions) -> None:
    _app, progress = page
    notes = progress.session_notes
    words = next(w for w, s in notes.sessions.items() if s == mia_sessions[1])
    select(notes.menu, words)
    notes.show()
    text = notes.listing.html_text
    assert "JS</b>: Tired.<br>Calm after." in text and "No notes" not in text


def test_an_empty_note_is_refused_and_nothing_stored(page, clock, repository) -> None:
    app, progress = page
    notes = progress.session_notes
    notes.text.set_text("   ")
    press(app, clock, progress.page, notes.add)
    assert len(repository.session_notes()) == 1
    assert notes.status.text.startswith("Nothing saved: note")
    assert "\n" not in notes.status.text


def test_a_child_without_sessions_has_none_to_note(page) -> None:
    _app, progress = page
    select(progress.child, "Noor")
    progress.load()
    notes = progress.session_notes
    assert notes.sessions == {} and chosen(notes.menu) == NO_SESSIONS
    assert not notes.add.is_enabled
