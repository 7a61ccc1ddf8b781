"""Migration step 14: the tracing levels of before moved to today's numbers, so each child
keeps the content they were at (storage/migrations.py, defaults/activities/tracing.yaml)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sensory_games.activities import load_activity_levels
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.intensity import PRESETS
from sensory_games.storage import Difficulty, Repository, migrations
from sensory_games.storage.migrations import TRACING_RENUMBERED
from sensory_games.storage.opening import DATABASE_NAME


def build_version_12_log(data_dir: Path, shapes_at_3: str = "circle cross") -> None:
    """A log as the app left it before the renumbering: Mia at tracing level 3 (range 2..7,
    set to 3 by her therapist from 2) with an attempt at 4 before, and a bubbles attempt."""
    data_dir.mkdir(parents=True)
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    try:
        with pytest.MonkeyPatch.context() as app_of_before:
            app_of_before.setattr(migrations, "LATEST_VERSION", 12)
            assert migrations.migrate(connection, "2026-06-01T00:00:00.000Z") == 12
        connection.execute(
            "INSERT INTO profiles (id, device_id, alias, alias_key, animal, colour, age_band,"
            " dominant_hand, intensity_preset, intensity_json, created_at) VALUES ('p', 'old',"
            " 'Mia', 'mia', 'cat', 0, '3-5', 'right', 'calm', ?, '2026-06-01T00:00:00.000Z')",
            (json.dumps(PRESETS["calm"].as_dict()),),
        )
        connection.execute(
            "INSERT INTO sessions VALUES ('s', 'dev', 'p', '2026-06-01T00:00:00.000Z', NULL)"
        )
        for number, (activity, level, shapes) in enumerate(
            [
                ("tracing", 4, TRACING_RENUMBERED[4][0]),
                ("bubbles", 4, None),
                ("tracing", 3, shapes_at_3),
            ]
        ):
            connection.execute(
                "INSERT INTO attempts (id, device_id, session_id, profile_id, activity, variant,"
                " level, parameters_json, intensity_json, started_at, duration_s, completed,"
                " app_version) VALUES (?, 'old', 's', 'p', ?, '', ?, ?, '{}', ?, 60, 1, '1')",
                (
                    f"a{number}",
                    activity,
                    level,
                    json.dumps({"shapes": shapes} if shapes else {}),
                    f"2026-06-01T00:0{number}:00.000Z",
                ),
            )
        connection.execute(
            "INSERT INTO level_changes VALUES ('c', 'old', 'p', 'tracing', 2, 3, 'therapist',"
            " '2026-06-01T00:01:30.000Z')"
        )
        connection.execute(
            "INSERT INTO difficulty VALUES ('p', 'tracing', 2, 7, NULL, 'old', 'x'),"
            " ('p', 'bubbles', 2, 5, NULL, 'old', 'x')"
        )
    finally:
        connection.close()


def levels_of(data_dir: Path) -> tuple[object, ...]:
    repository = Repository(data_dir)
    try:
        mia = repository.profile_by_alias("Mia")
        played = repository.connection.execute(
            "SELECT activity, level FROM attempts ORDER BY started_at"
        ).fetchall()
        changes = [(c.from_level, c.to_level) for c in repository.level_changes()]
        ranges = [repository.difficulty(mia.id, name) for name in ("tracing", "bubbles")]
        return repository.current_levels(mia.id), played, changes, ranges
    finally:
        repository.close()


def test_a_childs_tracing_levels_move_to_the_level_with_the_same_content(data_dir) -> None:
    build_version_12_log(data_dir)
    current, played, changes, (tracing, bubbles) = levels_of(data_dir)
    assert current == {"tracing": 4, "bubbles": 4}  # circle and cross: 3 before, 4 now
    assert played == [("tracing", 5), ("bubbles", 4), ("tracing", 4)]
    assert changes == [(2, 4)]
    assert (tracing.lowest, tracing.highest) == (2, 12)  # digits: 7 before, 12 now
    assert bubbles == Difficulty(2, 5, None)


def test_a_clinics_own_tracing_levels_keep_their_numbers(data_dir) -> None:
    build_version_12_log(data_dir, shapes_at_3="square triangle")  # not the shipped level 3
    current, played, changes, (tracing, _) = levels_of(data_dir)
    assert current["tracing"] == 3
    assert played == [("tracing", 4), ("bubbles", 4), ("tracing", 3)]
    assert changes == [(2, 3)] and (tracing.lowest, tracing.highest) == (2, 7)


def test_each_old_level_maps_to_a_shipped_level_that_shows_what_it_showed() -> None:
    levels = load_activity_levels("tracing", DEFAULT_CONFIG_DIR)
    for old, (shapes, new) in TRACING_RENUMBERED.items():
        new_form = levels[new - 1].parameters["shapes"].split()[-1]  # after a warm-up
        assert new_form in shapes.split(), old
    news = [new for _, new in TRACING_RENUMBERED.values()]
    assert news == sorted(news) and len(set(news)) == len(news)
