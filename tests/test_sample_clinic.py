"""The sample clinic `make screenshots` and the layout check show every screen with: 40
children (long and non-Latin aliases among them), a history that spans weeks and levels
with check-ins around a calm break, and a 30-step plan that loads like any clinic's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sensory_games.activities import level_counts
from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.sample_clinic import (
    ALIASES,
    HISTORY_CHILDREN,
    PLAN_STEPS,
    SampleClinic,
    fill_sample_clinic,
)
from sensory_games.services.plans import load_plan
from sensory_games.storage import Repository

#: When the history ends (the clinic's today).
TODAY = VirtualClock(start_wall=datetime(2026, 3, 2, 16, 0, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SampleClinic, Path]]:
    """The clinic, made once for the module (about 2 s): its log and its config folder."""
    folder = tmp_path_factory.mktemp("sample")
    log = Repository(folder / "data")
    try:
        yield fill_sample_clinic(log, folder / "clinic", TODAY), folder
    finally:
        log.close()


@pytest.fixture
def clinic(filled: tuple[SampleClinic, Path]) -> SampleClinic:
    return filled[0]


@pytest.fixture
def repository(filled: tuple[SampleClinic, Path]) -> Iterator[Repository]:
    log = Repository(filled[1] / "data")
    yield log
    log.close()


def _day(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def test_forty_children_with_long_and_non_latin_aliases(
    clinic: SampleClinic, repository: Repository
) -> None:
    aliases = [p.alias for p in repository.list_profiles()]
    assert len(clinic.children) == len(ALIASES) == 40
    assert set(aliases) == set(ALIASES)
    assert {"Maximilian-Benedikt", "Anna-Sophia Marie", "山田花子", "محمد", "अर्जुन"} <= set(aliases)
    assert len({(p.animal, p.colour) for p in clinic.children}) > 20  # avatars told apart


def test_the_first_history_spans_six_weeks_four_tracing_levels_and_the_drum(
    clinic: SampleClinic, repository: Repository
) -> None:
    child = clinic.history[0]
    assert child.alias == HISTORY_CHILDREN[0]
    attempts = list(repository.attempts(child.alias))
    assert 36 <= len(attempts) <= 44
    days = [_day(a.started_at) for a in attempts]
    assert 38 <= (max(days) - min(days)).days <= 42 and max(days) < TODAY.wall_utc()
    tracing = {a.level for a in attempts if a.activity == "tracing"}
    assert tracing == {1, 2, 3, 4}
    assert {a.level for a in attempts if a.activity == "bilateral_drum"} == {1, 2}
    moves = [(c.from_level, c.to_level) for c in repository.level_changes(child.id)]
    assert [m for m in moves if m[0]] and all(m[1] == (m[0] or 0) + 1 for m in moves)
    assert repository.current_levels(child.id)["tracing"] == 4
    assert all(repository.samples(a.id) for a in attempts if a.activity == "tracing")
    assert any(a.accuracy is not None and a.accuracy < 0.9 for a in attempts)


def test_check_ins_before_and_after_a_calm_break_are_linked_to_it(
    clinic: SampleClinic, repository: Repository
) -> None:
    check_ins = list(repository.check_ins(clinic.history[0].alias))
    calm = {a.id for a in repository.attempts(clinic.history[0].alias) if a.activity == "calming"}
    assert calm and {c.moment for c in check_ins} == {"before", "after"}
    assert {c.attempt_id for c in check_ins} == calm


def test_the_thirty_step_plan_loads_and_is_given_to_a_child(
    filled: tuple[SampleClinic, Path], repository: Repository
) -> None:
    clinic, config_dir = filled[0], filled[1] / "clinic"
    plan = load_plan(config_dir, clinic.plan, level_counts(config_dir))
    assert len(plan.steps) == PLAN_STEPS == 30
    assert len({s.activity for s in plan.steps}) == len(level_counts(config_dir))
    child = repository.profile_by_alias(clinic.plan_child.alias)
    assert child is not None and child.plan == clinic.plan_child.plan == clinic.plan


def test_the_same_seed_gives_the_same_clinic(repository: Repository, tmp_path: Path) -> None:
    def numbers(log: Repository) -> list[tuple[str, str, int, float | None, str]]:
        return [
            (a.profile_alias, a.activity, a.level, a.accuracy, a.started_at) for a in log.attempts()
        ]

    again = Repository(tmp_path / "again")
    try:
        fill_sample_clinic(again, tmp_path / "again-config", TODAY)
        assert numbers(again) == numbers(repository)
    finally:
        again.close()


def test_the_children_the_layout_check_plays_are_in_the_clinic(
    filled: tuple[SampleClinic, Path],
) -> None:
    """The layout check starts the child with weeks of history and the one with the plan;
    on any other log it falls back to the Guest, so a renamed child here would go unseen."""
    clinic, _folder = filled
    aliases = {child.alias for child in clinic.children}
    assert HISTORY_CHILDREN[0] in aliases and clinic.plan_child.alias in aliases


def test_the_tracing_history_shows_children_who_differ_in_lifts_fluency_and_time(
    clinic: SampleClinic, repository: Repository
) -> None:
    """The bots move as children do (issue 20), so the demo's numbers differ from session
    to session: extra lifts, NCV per stroke, drawing against watching time."""
    attempts = [
        a
        for child in clinic.history
        for a in repository.attempts(child.alias)
        if a.activity == "tracing" and a.completion_time_s is not None
    ]
    tracing = [a.metrics for a in attempts]
    completion = [a.completion_time_s for a in attempts]
    lifts = [m["extra_lifts"].value for m in tracing]
    ncv = [m["ncv_per_stroke"].value for m in tracing if "ncv_per_stroke" in m]
    assert min(lifts) == 0 and max(lifts) >= 3 and len(set(lifts)) >= 3
    assert max(ncv) - min(ncv) > 0.3
    for metrics, total in zip(tracing, completion, strict=True):
        drawing, watching = metrics["drawing_time_s"].value, metrics["watching_time_s"].value
        assert drawing + watching + metrics["in_air_time_s"].value <= total + 1e-6
    assert any(m["watching_time_s"].value > m["drawing_time_s"].value for m in tracing)
