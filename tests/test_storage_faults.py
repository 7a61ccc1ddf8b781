"""Storage faults while a child plays, made by SQLite itself: the disk fills up (the log
may not grow: ``max_page_count``), the data folder becomes read-only (the log reopened
read-only), another program holds the log locked. The child's activity carries on, the
adult menu shows a clear warning, the attempts wait in memory and are all written once
the fault is gone; nothing crashes and nothing is lost."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from helpers import on_the_menu, play_in_app, run_frames

from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.storage import Repository


@contextmanager
def disk_full(repository: Repository) -> Iterator[None]:
    """The log may not grow by a single page, and the attempts table and its indexes are
    filled to the brim (with rows removed afterwards), as on a full disk."""
    connection = repository.connection
    limit = connection.execute("PRAGMA max_page_count").fetchone()[0]
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {int(pages)}")
    session, profile = connection.execute("SELECT id, profile_id FROM sessions").fetchone()
    refused_in_a_row = 0
    while refused_in_a_row < 200:  # until no page of any of its b-trees has room left
        try:
            connection.execute(
                "INSERT INTO attempts (id, device_id, session_id, profile_id, activity,"
                " variant, level, parameters_json, intensity_json, started_at, duration_s,"
                " completed, app_version, origin) VALUES (?, '', ?, ?, 'filler', '', 1, '',"
                " '', ?, 0, 0, '', 'filler')",
                (str(uuid.uuid4()), session, profile, f"2026-{uuid.uuid4()}"),
            )
            refused_in_a_row = 0
        except sqlite3.OperationalError as error:
            assert "full" in str(error)
            refused_in_a_row += 1
    try:
        yield
    finally:
        connection.execute(f"PRAGMA max_page_count = {int(limit)}")
        connection.execute("DELETE FROM attempts WHERE origin = 'filler'")


@contextmanager
def read_only(repository: Repository) -> Iterator[None]:
    """The data folder turned read-only under the app (as root, chmod would not stop us:
    the log is reopened read-only instead, which is what the app then sees)."""
    writable = repository.connection
    repository.connection = sqlite3.connect(
        f"file:{repository.path}?mode=ro", uri=True, isolation_level=None
    )
    try:
        yield
    finally:
        repository.connection.close()
        repository.connection = writable


@contextmanager
def locked(repository: Repository) -> Iterator[None]:
    """Another program holds the log with a write lock (our wait for it kept short)."""
    repository.connection.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(repository.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
        repository.connection.execute("PRAGMA busy_timeout = 5000")


FAULTS: dict[str, Callable[[Repository], object]] = {
    "disk full": disk_full,
    "read-only folder": read_only,
    "locked by another program": locked,
}


def play_one(app, clock, seed: int) -> None:
    """One bubbles attempt with its bot, to the end (and its reward), back on the menu."""
    scene = ActivityScene(app.stage, "bubbles", 1, seed=seed)
    app.push(scene)
    bot = scene.activity.bot_class(scene.activity, seed, 0.9)
    back = play_in_app(app, clock, bot, lambda: isinstance(app.top, ActivityMenuScene), 120.0)
    assert back, "the child never got back to the menu"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_storage_fault_loses_nothing_and_the_child_plays_on(
    make_app, clock, repository, fault
) -> None:
    app = make_app()
    on_the_menu(app, repository)
    with FAULTS[fault](repository):
        for seed in (1, 2):
            play_one(app, clock, seed)  # the child plays on: no crash, next screen comes
        assert len(app.child.unsaved_attempts) == 2
        assert "not yet saved" in app.errors.warnings[-1]  # shown in the adult menu
        assert app.running
    play_one(app, clock, 3)  # the fault is gone: this attempt and the two waiting
    run_frames(app, clock, 0.1)
    assert app.child.unsaved_attempts == []
    assert len(list(repository.attempts())) == 3
    assert repository.integrity_check() == "ok"


def test_the_faults_are_real(repository, clock) -> None:
    """Each fault makes SQLite itself refuse a write (so the test above can fail)."""
    repository.start_session(repository.guest_profile().id, clock.wall_utc())
    for fault in FAULTS.values():
        with fault(repository), pytest.raises(sqlite3.OperationalError):
            repository.connection.execute(  # a write the size of an attempt's samples
                "INSERT INTO meta (key, value) VALUES ('probe', ?)", ("x" * 100_000,)
            )
