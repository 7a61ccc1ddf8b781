"""The child session service on its own, without a window or an engine: the session,
saving through the outbox, the mastery rule and the warnings, with the activities and
their level files handed in (so the rules can be checked without pygame)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from records import attempt

from sensory_games.domain.config import Level
from sensory_games.domain.intensity import preset
from sensory_games.services.child_session import ChildSession

LEVELS = 4


@dataclass(frozen=True)
class Kind:
    levels_are_steps: bool


def read_levels(slug: str, config_dir: Path) -> list[Level]:
    """Four levels for any activity (their values do not matter to the session)."""
    return [Level(number, f"{slug} level {number}", {}) for number in range(1, LEVELS + 1)]


@pytest.fixture
def service(config, repository, clock):
    """A ChildSession whose bubbles levels are steps and calming's are not; the warnings
    and logged errors it gives are collected in lists."""

    def build(steps: bool = True) -> tuple[ChildSession, list[str], list[str]]:
        warned: list[str] = []
        logged: list[str] = []
        child = ChildSession(
            config,
            repository,
            clock,
            activities={"bubbles": Kind(steps), "calming": Kind(False)},
            read_levels=read_levels,
            warn=warned.append,
            log_error=logged.append,
        )
        return child, warned, logged

    return build


def test_a_session_saves_through_the_outbox_and_ends_with_the_clinic_settings(
    service, repository, clock
) -> None:
    child, warned, _ = service()
    mia = repository.add_profile(alias="Mia", intensity_preset="calm")
    heard = []
    child.on_attempt_saved = heard.append
    child.start(mia)
    assert child.profile == mia and child.session_id is not None
    assert child.sensory.intensity == mia.intensity and child.intensity_preset == "calm"
    clock.advance(60.0)
    record = attempt(mia, child.session_id, 0, started_at=clock.wall_utc())
    assert child.save_attempt(record)
    assert repository.has_attempt(record.id) and heard == [record]
    assert list(child.saved_attempt_ids) == [record.id] and child.unsaved_attempts == []
    child.end()
    assert (child.profile, child.session_id, child.plan_progress) == (None, None, None)
    assert child.sensory.intensity == preset(
        child.config.intensity_preset, child.config.new_profile_overrides()
    )
    assert warned == [] and child.close() is None


@pytest.mark.parametrize("steps, expected", [(True, 3), (False, 2)])
def test_mastery_moves_only_an_activity_whose_levels_are_steps(
    service, repository, clock, steps, expected
) -> None:
    child, _, _ = service(steps)
    mia = repository.add_profile(alias="Mia")
    child.start(mia)
    for k in range(3):
        if k == 2:
            child.start(mia)  # another session: the clinic's rule asks for two
        clock.advance(60.0)
        good = attempt(mia, child.session_id, 0, level=2, accuracy=0.95,
                       started_at=clock.wall_utc())  # fmt: skip
        clock.advance(30.0)  # the attempt's play
        assert child.save_attempt(good)
    assert child.level_for("bubbles") == expected


def test_an_attempt_of_an_unknown_activity_is_refused_with_the_known_ones_named(
    service, repository, clock
) -> None:
    child, _, _ = service()
    mia = repository.add_profile(alias="Mia")
    child.start(mia)
    stray = attempt(mia, child.session_id, 0, activity="juggling", started_at=clock.wall_utc())
    with pytest.raises(KeyError, match="no activity 'juggling'; known: bubbles, calming"):
        child.apply_mastery(stray)


def test_a_plan_that_cannot_be_read_is_a_warning_and_the_child_plays_on(
    service, repository
) -> None:
    child, warned, _ = service()
    mia = repository.add_profile(alias="Mia")
    repository.set_plan(mia.id, "gone")
    child.start(repository.profile_by_alias("Mia"))
    assert child.session_id is not None and child.plan_progress is None
    assert warned and warned[-1].startswith("Mia's plan 'gone' was not used")


def test_who_plays_names_the_screen_that_needed_a_child_too_early(service, repository) -> None:
    child, _, _ = service()
    with pytest.raises(RuntimeError, match=r"^a check-in needs a child's profile and session"):
        child.who_plays("a check-in")
    mia = repository.add_profile(alias="Mia")
    child.start(mia)
    assert child.who_plays("a check-in") == (mia, child.session_id)
    child.end()
    with pytest.raises(RuntimeError):
        child.who_plays("an activity")
