"""Session plans ("sensory diets"): an ordered list of activities, each at a level for a
number of minutes, e.g. breathing -> tracing -> drumming -> glitter jar.

A plan is `plans/<name>.yaml` of the clinic's configuration folder (or one shipped in
the package, which a clinic's plan of the same name replaces; domain.config_folders):

    steps:
      - {activity: calming, level: 1, minutes: 3}
      - {activity: tracing, level: 2, minutes: 5}

A child given a plan sees only its next step on their launcher, with a first / then
picture schedule. A step is done when the child has played its activity for its minutes
in this session (time of play, as every duration); then the next one comes. After the
last step the launcher shows every activity again.

Saving a plan and giving one to a child (or taking it away) are checked, stored and put
on the audit list here, whichever screen an adult used (the console's Plans page today).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sensory_games.domain.config import ConfigError, read_yaml
from sensory_games.domain.config_folders import layered_file, layered_files
from sensory_games.domain.language import N_
from sensory_games.domain.profile import Profile
from sensory_games.domain.schema import show_key, show_value
from sensory_games.domain.sentence import Sentence, sentence
from sensory_games.services.levels import Source
from sensory_games.services.private_files import write_private
from sensory_games.storage import Repository

PLAN_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MINUTES = (0.5, 60.0)
MOST_STEPS = 30


@dataclass(frozen=True)
class PlanStep:
    """Play `activity` at `level` (None: the child's own level) for `minutes`."""

    activity: str
    level: int | None
    minutes: float


@dataclass(frozen=True)
class Plan:
    name: str
    steps: tuple[PlanStep, ...]


def plan_file(config_dir: Path, name: str) -> Path:
    """Where a plan is saved: plans/<name>.yaml of the clinic folder `config_dir` (never
    the package, which may be read-only)."""
    return Path(config_dir) / "plans" / f"{name}.yaml"


def check_name(name: str) -> str:
    """A plan's name: lower-case letters, digits, - and _ (it is a file name)."""
    if not PLAN_NAME.fullmatch(name):
        raise ValueError(
            Sentence(
                N_(
                    "plan name {name}: use 1 to 40 lower-case letters, digits, - or _ "
                    "(it becomes plans/NAME.yaml in the clinic's configuration folder)"
                ),
                name=repr(name),
            )
        )
    return name


def plan_names(config_dir: Path) -> list[str]:
    """The plans there are, by name: the clinic folder's and the shipped ones."""
    return list(layered_files(config_dir, "plans"))


def load_plan(config_dir: Path, name: str, level_counts: Mapping[str, int]) -> Plan:
    """Read and check plans/<name>.yaml (the clinic folder's, else the shipped one);
    ConfigError names the file, key, value and what is allowed."""
    file = layered_file(config_dir, "plans", check_name(name))
    data = read_yaml(file)
    if not isinstance(data, Mapping) or set(data) != {"steps"}:
        raise ConfigError(
            file,
            N_("a plan holds one key, {key}, not {value}"),
            key="steps",
            value=show_value(data),
        )
    steps = data["steps"]
    if not isinstance(steps, list) or not 1 <= len(steps) <= MOST_STEPS:
        raise ConfigError(
            file,
            N_("{key} = {value}: {low} to {high} steps"),
            key="steps",
            value=show_value(steps),
            low=1,
            high=MOST_STEPS,
        )
    return Plan(
        name, tuple(_step(file, f"steps[{i}]", s, level_counts) for i, s in enumerate(steps))
    )


def load_every_plan(config_dir: Path, level_counts: Mapping[str, int]) -> list[Plan]:
    """Every plan there is (the clinic folder's and the shipped ones), each read and
    checked as load_plan does, for `doctor`: a bad one is found before a child is given it.
    A file whose name is no plan name is a ConfigError too (the console could not open it)."""
    plans = []
    for name, file in layered_files(config_dir, "plans").items():
        try:
            check_name(name)
        except ValueError as error:
            raise ConfigError(file, sentence(error)) from None
        plans.append(load_plan(config_dir, name, level_counts))
    return plans


def _step(file: Path, where: str, step: Any, level_counts: Mapping[str, int]) -> PlanStep:
    if not isinstance(step, Mapping):
        raise ConfigError(
            file,
            N_("{key} = {value}: must be {allowed}"),
            key=where,
            value=show_value(step),
            allowed=STEP_KEYS,
        )
    for key in step:
        if key not in ("activity", "level", "minutes"):
            raise ConfigError(
                file,
                N_("{key}: is not a step key; known: {known}"),
                key=f"{where}.{show_key(key)}",
                known=STEP_KEYS,
            )
    activity = step.get("activity")
    if not isinstance(activity, str) or activity not in level_counts:  # (a list is no slug)
        raise ConfigError(
            file,
            N_("{key} = {value}: known: {known}"),
            key=f"{where}.activity",
            value=show_value(activity),
            known=", ".join(level_counts),
        )
    level, count = step.get("level"), level_counts[activity]
    shown_level = {"key": f"{where}.level", "value": show_value(level), "count": count}
    if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
        raise ConfigError(file, N_("{key} = {value}: a level 1..{count}"), **shown_level)
    if level is not None and not 1 <= level <= count:
        raise ConfigError(
            file, N_("{key} = {value}: {activity} has levels 1..{count}"), **shown_level,
            activity=activity,
        )  # fmt: skip
    minutes = step.get("minutes")
    low, high = MINUTES
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not low <= minutes <= high
    ):
        raise ConfigError(  # (NaN is never in range)
            file,
            N_("{key} = {value}: {low} to {high}"),
            key=f"{where}.minutes",
            value=show_value(minutes),
            low=low,
            high=high,
        )
    return PlanStep(activity, level, float(minutes))


#: The keys a plan's step holds, as a message names them.
STEP_KEYS = "activity, level, minutes"


def save_plan(config_dir: Path, plan: Plan, *, data_dir: Path | None) -> Path:
    """Write the plan as plans/<name>.yaml in the clinic folder `config_dir` (readable,
    one step a line).
    `data_dir`: the data folder, whose own files a plan never replaces (private_file)."""
    import yaml  # (here: a launch need not load PyYAML, domain/yaml_parser.py)

    file = plan_file(config_dir, check_name(plan.name))
    steps = [
        {"activity": s.activity, "level": s.level, "minutes": s.minutes}
        if s.level is not None
        else {"activity": s.activity, "minutes": s.minutes}
        for s in plan.steps
    ]
    text = (
        f"# Session plan {plan.name!r}: the child plays these in order (minutes of play).\n"
        + yaml.safe_dump({"steps": steps}, sort_keys=False, default_flow_style=None)
    )
    write_private(file, text, data_dir=data_dir)
    file.chmod(0o644)  # (a plan holds no child's data: readable like every config)
    return file


@dataclass
class PlanProgress:
    """Where a child is in their plan this session: the step, and seconds played in it."""

    plan: Plan
    step: int = 0
    played_s: float = 0.0

    @property
    def current(self) -> PlanStep | None:
        return self.plan.steps[self.step] if self.step < len(self.plan.steps) else None

    @property
    def following(self) -> PlanStep | None:
        index = self.step + 1
        return self.plan.steps[index] if index < len(self.plan.steps) else None

    def played(self, activity: str, seconds: float) -> bool:
        """Count an attempt's time of play; True when it finished the current step."""
        step = self.current
        if step is None or activity != step.activity:
            return False
        self.played_s += seconds
        if self.played_s < step.minutes * 60.0 - 1e-6:
            return False
        self.step, self.played_s = self.step + 1, 0.0
        return True


def steps_text(steps: Sequence[PlanStep], titles: Mapping[str, str] | None = None) -> list[str]:
    """`1. tracing, level 2, 5 min` per step (`titles`: names to show for the slugs)."""
    names = titles or {}
    return [
        f"{i}. {names.get(s.activity, s.activity)}, "
        + (f"level {s.level}, " if s.level else "")
        + f"{s.minutes:g} min"
        for i, s in enumerate(steps, start=1)
    ]


class PlanError(ValueError):
    """A plan refused before anything was stored, in one plain line (e.g. `Trace the path
    has levels 1 to 8`): its one argument is a Sentence, shown in the clinic's language."""


#: A plan with more than MOST_STEPS steps, refused (adding a step or saving the plan).
_TOO_MANY = Sentence.tr_n(
    "A plan has at most {count} step",
    "A plan has at most {count} steps",
    MOST_STEPS,
    count=MOST_STEPS,
)


def with_step(
    steps: Sequence[PlanStep],
    step: PlanStep,
    level_counts: Mapping[str, int],
    titles: Mapping[str, str] | None = None,
) -> tuple[PlanStep, ...]:
    """`steps` with `step` added at the end, checked as a saved plan's steps are: a known
    activity, a level it has (or None), MINUTES of play, at most MOST_STEPS steps.
    `titles`: names to say for the slugs (default the slugs)."""
    if len(steps) >= MOST_STEPS:
        raise PlanError(_TOO_MANY)
    _check_step(step, level_counts, titles or {})
    return (*steps, step)


def _check_step(step: PlanStep, level_counts: Mapping[str, int], titles: Mapping[str, str]) -> None:
    name = titles.get(step.activity, step.activity)
    if step.activity not in level_counts:
        raise PlanError(
            Sentence(
                N_("activity {activity}: known: {known}"),
                activity=repr(step.activity),
                known=", ".join(level_counts),
            )
        )
    count = level_counts[step.activity]
    if step.level is not None and not 1 <= step.level <= count:
        raise PlanError(Sentence(N_("{name} has levels 1 to {count}"), name=name, count=count))
    low, high = MINUTES
    if not low <= step.minutes <= high:
        raise PlanError(
            Sentence(
                N_("{name}: {minutes:g} minutes; a step lasts {low:g} to {high:g}"),
                name=name,
                minutes=step.minutes,
                low=low,
                high=high,
            )
        )


def store_plan(
    repository: Repository,
    config_dir: Path,
    plan: Plan,
    level_counts: Mapping[str, int],
    source: Source,
    at: datetime | None = None,
) -> Path:
    """Check the plan whole (1 to MOST_STEPS steps, each as with_step checks, a name that
    is a file name), write plans/<name>.yaml and put it on the audit list, e.g.
    `after-school: 1. bubbles, level 2, 3 min; from the console`; `at`: when (default
    now, UTC). Returns the file. Raises PlanError or ValueError (the name), with nothing
    written, or OSError when the file cannot be written (nothing on the audit list)."""
    if not plan.steps:
        raise PlanError(
            Sentence(N_("Add a step first: a plan has 1 to {count} steps"), count=MOST_STEPS)
        )
    if len(plan.steps) > MOST_STEPS:
        raise PlanError(_TOO_MANY)
    for step in plan.steps:
        _check_step(step, level_counts, {})
    check_name(plan.name)
    detail = f"{plan.name}: " + "; ".join(steps_text(plan.steps)) + f"; from the {source}"
    with repository.transaction():  # (the entry is kept only once the file is written)
        repository.audit("plan saved", detail, None, at)
        return save_plan(config_dir, plan, data_dir=repository.data_dir)


def give_plan(
    repository: Repository,
    config_dir: Path,
    child: Profile,
    name: str | None,
    source: Source,
    at: datetime | None = None,
) -> str:
    """Give `child` the saved plan `name` (None: take their plan away) and put it on the
    audit list; returns the audit entry's detail. Raises PlanError, with nothing stored,
    for a plan not saved."""
    if name is not None and name not in plan_names(config_dir):
        raise PlanError(
            Sentence(N_("plan {name} is not saved: save the plan first"), name=repr(name))
        )
    detail = f"{name or '-'}; from the {source}"
    with repository.transaction():
        repository.set_plan(child.id, name)
        repository.audit("plan given" if name else "plan taken away", detail, child.id, at)
    return detail
