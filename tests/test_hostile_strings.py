"""Hostile strings as children's aliases: quotes, SQL, formula starts, unicode, the
longest allowed. Stored and exported intact and harmlessly; control characters and
right-to-left overrides refused with one clear line; and an alias that got into an older
log with a NUL in it still draws (the picker must never crash on a name)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pygame
import pytest

from sensory_games.domain.outcome import Result
from sensory_games.domain.schema import SchemaError
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.services.export import csv_text, json_document
from sensory_games.storage import AttemptRecord, Repository

HOSTILE = (
    'O\'Brien "Bob"',
    "x'); DROP TABLE p;--",
    '=HYPERLINK("x","y")',
    "+1 -2 @sum",
    "Zoë Ångström",
    "小明",
    "🐻 bear",
    "%s {0} ${HOME} `ls`",
    "a" * 20,  # (the longest alias a therapist may type)
)


def save_one_attempt(repository: Repository, alias: str, clock) -> None:
    profile = repository.add_profile(alias=alias)
    session = repository.start_session(profile.id, clock.wall_utc())
    result = Result(completed=True, duration_s=1.0, completion_time_s=1.0, accuracy=1.0)
    repository.save_attempt(
        AttemptRecord(
            session, profile.id, "bubbles", "standard", 1, {}, {}, clock.wall_utc(), result
        )
    )


def test_hostile_aliases_are_stored_and_exported_intact(repository: Repository, clock) -> None:
    for alias in HOSTILE:
        save_one_attempt(repository, alias, clock)
    assert {p.alias for p in repository.list_profiles()} >= set(HOSTILE)
    assert repository.connection.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 9
    for alias in HOSTILE:
        assert repository.profile_by_alias(alias).alias == alias
    rows = list(csv.DictReader(io.StringIO(csv_text(repository.attempts()))))
    shown = [row["profile"] for row in rows]
    for alias in HOSTILE:  # a spreadsheet formula start is defused, nothing else changes
        expected = "'" + alias if alias[0] in "=+-@" else alias
        assert expected in shown
    document = json_document(repository)
    text = json.dumps(document, ensure_ascii=False)
    assert {p["profile"] for p in json.loads(text)["profiles"]} == set(HOSTILE)


@pytest.mark.parametrize(
    "alias", ["tab\there", "two\nlines", "nul\x00byte", "\u202eexe.gnp", "bell\x07"]
)
def test_control_characters_in_an_alias_are_refused_clearly(repository, alias) -> None:
    with pytest.raises(SchemaError) as caught:
        repository.add_profile(alias=alias)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("alias = ")
    assert "must be plain text: U+" in message  # names the character it refuses
    assert repository.list_profiles() == []


def test_a_name_the_font_cannot_draw_does_not_crash_the_picker(
    make_app, repository, tmp_path: Path
) -> None:
    profile = repository.add_profile(alias="Placeholder")
    repository.connection.execute(  # as an older version of the app could have stored it
        "UPDATE profiles SET alias = ? WHERE id = ?", ("nul\x00name", profile.id)
    )
    app = make_app()
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    surface = pygame.Surface(app.metrics.size_px)
    picker.draw(surface)  # would raise "a null character was found in the text"
    assert [b.label for b in picker.buttons() if "name" in (b.label or "")]
