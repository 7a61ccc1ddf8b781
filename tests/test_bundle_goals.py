"""A child's goals travel in their profile bundle: added on import by id (twice changes
nothing), a goal ended in the bundle is ended here and one ended here stays ended, a
goal that differs is reported and this device's kept; a bad goal is a one-line error
naming its key. Notes stay behind (they belong to sessions, which travel by merge)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from records import at

from sensory_games.activities import showing
from sensory_games.domain.config import ConfigError
from sensory_games.domain.goals import GoalScale
from sensory_games.services.bundle import import_bundle, read_bundle, write_bundle
from sensory_games.services.goals import ChildGoals, GoalRequest
from sensory_games.storage import Repository

LEVELS = {"bubbles": 5, "tracing": 18}


@pytest.fixture
def tablet(tmp_path: Path):
    repository = Repository(tmp_path / "family-tablet")
    yield repository
    repository.close()


@pytest.fixture
def clinic(repository: Repository) -> ChildGoals:
    """Mia at the clinic with a note on a session and two goals, the second ended."""
    mia = repository.add_profile(alias="Mia")
    goals = ChildGoals(repository, LEVELS, showing())
    session = repository.start_session(mia.id, at(0))
    goals.add_note(session, "JS", "Tired today.", "console")
    for level, metric in ((2, "accuracy"), (3, "taps")):
        scale = GoalScale("bubbles", level, metric, (0.5, 0.6, 0.7, 0.8, 0.9))
        goals.add(mia.id, GoalRequest(scale, -1, date(2026, 3, 2), description="Dots"), "x")
    goals.end(mia.id, repository.goals(mia.id)[1].id, "console")
    return goals


def carried(repository: Repository, tmp_path: Path, name: str = "mia.yaml") -> Path:
    out = tmp_path / name
    write_bundle(repository, "Mia", out)
    return out


def test_goals_come_with_the_bundle_once_and_notes_stay(repository, clinic, tablet, tmp_path):
    bundle = read_bundle(carried(repository, tmp_path), LEVELS)
    done = import_bundle(tablet, bundle)
    assert "goals added: 2 goals" in done
    assert tablet.goals() == repository.goals()
    assert tablet.session_notes() == []
    again = import_bundle(tablet, bundle)
    assert not any("goal" in line for line in again)
    assert len(tablet.goals()) == 2


def test_an_ended_goal_is_ended_here_and_stays_ended(repository, clinic, tablet, tmp_path):
    older = read_bundle(carried(repository, tmp_path, "old.yaml"), LEVELS)
    import_bundle(tablet, older)
    first = repository.goals()[0]
    clinic.end(first.profile_id, first.id, "console")
    done = import_bundle(tablet, read_bundle(carried(repository, tmp_path), LEVELS))
    assert "goals ended as in the bundle: 1 goal" in done
    assert [g.ended_at for g in tablet.goals()] == [g.ended_at for g in repository.goals()]
    import_bundle(tablet, older)  # the older bundle had it open: it stays ended here
    assert tablet.goals()[0].ended_at == repository.goals()[0].ended_at is not None


def test_a_goal_that_differs_here_is_reported_and_kept(repository, clinic, tablet, tmp_path):
    file = carried(repository, tmp_path)
    import_bundle(tablet, read_bundle(file, LEVELS))
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["goals"][0]["description"] = "Something else"
    file.write_text(yaml.safe_dump(data), encoding="utf-8")
    done = import_bundle(tablet, read_bundle(file, LEVELS))
    assert any("differs from the copy here" in line for line in done)
    assert tablet.goals()[0].description == "Dots"


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("thresholds", [0.9, 0.6, 0.7, 0.8, 0.9], "goals[0].thresholds"),
        ("level", 6, "bubbles has levels 1..5"),
        ("goal_id", None, "goals[0].goal_id"),
    ],
)
def test_a_bad_goal_in_a_bundle_is_a_one_line_error(repository, clinic, tmp_path, key, value, says):
    file = carried(repository, tmp_path)
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["goals"][0][key] = value
    file.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_bundle(file, LEVELS)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_days_written_without_quotes_are_read_as_days(repository, clinic, tmp_path):
    file = carried(repository, tmp_path)
    quoted = file.read_text(encoding="utf-8")
    assert "start_date: '2026-03-02'" in quoted
    text = quoted.replace("'2026-03-02'", "2026-03-02")
    file.write_text(text, encoding="utf-8")
    assert read_bundle(file, LEVELS).goals[0]["start_date"] == "2026-03-02"
