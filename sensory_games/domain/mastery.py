"""The mastery rule: a child's level moves up after a run of good attempts and back after
a run of hard ones, always inside the range their therapist allows.

Counted are only the child's attempts at their current level since it was last set (by
the rule, an adult or a bundle), in order:
- **advance** after `advance_after` *good* attempts in a row that together span at least
  `advance_sessions` sessions. Good is completed with accuracy at least
  `advance_accuracy` and, where the activity measures them (tracing, mirror), coverage at
  least `advance_coverage` and at most `advance_extra_lifts` extra lifts: accuracy alone
  rates a wobbly trace that stays in the band as highly as a fluent one;
- **step back** after `step_back_after` attempts in a row that the child gave up on (the
  level's time limit ran out) or that scored below `step_back_accuracy`.
An attempt ended by the calm-down button is a self-regulation break, which the app
encourages: it neither counts as giving up nor as good and does not break a run. Nor do
attempts an adult ended (`exit`), that the app's closing ended (`quit`) or an error ended:
they say nothing about the child. A completed attempt with nothing to score (accuracy
empty) breaks both kinds of run (it was neither good by the numbers nor given up).
Activities whose levels are not difficulty steps (the calming scenes) have no rule.
Worked examples in docs/metrics.md ("Level changes").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from sensory_games.domain.language import Words
from sensory_games.domain.level_reasons import (
    MASTERY_DOWN,
    MASTERY_UP_RUN,
    MASTERY_UP_TRACED,
    level_reason,
)
from sensory_games.domain.schema import Parameter, ParameterSchema

#: Abort reasons that are the child giving up (see the module docstring).
CHILD_ENDED = ("timeout",)
#: Abort reasons that neither count nor break a run: the calm-down break (neutral by
#: design) and endings that say nothing about the child.
NEUTRAL = ("calm_down", "exit", "quit", "error")
#: The tracing measures a good attempt must also meet where the activity has them.
COVERAGE, EXTRA_LIFTS = "coverage", "extra_lifts"

RULE_SCHEMA = ParameterSchema(
    Parameter("enabled", "bool", True, "Mastery rule on", "change levels automatically"),
    Parameter(
        "advance_after", "int", 3, "Advance after", "attempts in a row", minimum=1, maximum=20
    ),
    Parameter(
        "advance_accuracy",
        "float",
        0.8,
        "Advance at accuracy",
        "each of them completed with at least this accuracy",
        minimum=0.0,
        maximum=1.0,
        unit="(0..1)",
    ),
    Parameter(
        "advance_coverage",
        "float",
        0.9,
        "Advance at coverage",
        "and (tracing, mirror) with at least this share of the path covered",
        minimum=0.0,
        maximum=1.0,
        unit="(0..1)",
    ),
    Parameter(
        "advance_extra_lifts",
        "int",
        2,
        "Advance at extra lifts",
        "and (tracing, mirror) with at most this many extra lifts",
        minimum=0,
        maximum=50,
    ),
    Parameter(
        "advance_sessions",
        "int",
        2,
        "Advance across sessions",
        "the good run spans at least this many sessions",
        minimum=1,
        maximum=10,
    ),
    Parameter(
        "step_back_after",
        "int",
        2,
        "Step back after",
        "attempts in a row given up or scored low",
        minimum=1,
        maximum=20,
    ),
    Parameter(
        "step_back_accuracy",
        "float",
        0.4,
        "Step back below accuracy",
        "an attempt scoring below this counts as hard",
        minimum=0.0,
        maximum=1.0,
        unit="(0..1)",
    ),
)


@dataclass(frozen=True)
class MasteryRule:
    """When a level changes by itself (see the module docstring)."""

    enabled: bool = True
    advance_after: int = 3
    advance_accuracy: float = 0.8
    advance_coverage: float = 0.9
    advance_extra_lifts: int = 2
    advance_sessions: int = 2
    step_back_after: int = 2
    step_back_accuracy: float = 0.4

    def __post_init__(self) -> None:
        RULE_SCHEMA.validate(asdict(self), fill_defaults=False)

    @classmethod
    def from_mapping(cls, values: Any) -> MasteryRule:
        """From a mapping such as app.yaml's `mastery:` (missing keys: defaults);
        raises SchemaError naming a bad key."""
        return cls(**RULE_SCHEMA.validate(values or {}))

    def describe(self, words: Words) -> str:
        """The rule in `words`' language: `advance after 3 in a row with accuracy >= 0.80,
        coverage >= 0.90 and at most 2 extra lifts (where measured), spanning 2 or more
        sessions; step back after 2 in a row given up or < 0.40 (...)`."""
        if not self.enabled:
            return words.tr("off (levels change only when an adult sets them)")
        return words.tr(
            "advance after {advance_after} in a row with accuracy >= {advance_accuracy:.2f}, "
            "coverage >= {advance_coverage:.2f} and at most {advance_extra_lifts} extra lifts "
            "(where measured), spanning {advance_sessions} or more sessions; step back after "
            "{step_back_after} in a row given up or < {step_back_accuracy:.2f} (a calm-down "
            "break counts neither way)",
            **asdict(self),
        )

    def is_good(self, attempt: Outcome) -> bool:
        """Completed, accuracy at the bar, and coverage and extra lifts within the
        clinic's limits where the attempt has them."""
        if not attempt.completed or attempt.accuracy is None:
            return False
        coverage, lifts = attempt.metric(COVERAGE), attempt.metric(EXTRA_LIFTS)
        return (
            attempt.accuracy >= self.advance_accuracy
            and (coverage is None or coverage >= self.advance_coverage)
            and (lifts is None or lifts <= self.advance_extra_lifts)
        )


class Outcome(Protocol):
    """What the rule reads of an attempt."""

    @property
    def level(self) -> int: ...
    @property
    def completed(self) -> bool: ...
    @property
    def accuracy(self) -> float | None: ...
    @property
    def abort_reason(self) -> str | None: ...
    @property
    def session_id(self) -> str: ...
    def metric(self, name: str) -> float | None: ...


@dataclass(frozen=True)
class LevelDecision:
    """The rule's verdict: go to `to_level`, because `reason`."""

    to_level: int
    reason: str


def decide(
    rule: MasteryRule, level: int, lowest: int, highest: int, attempts: Sequence[Outcome]
) -> LevelDecision | None:
    """The level change the rule asks for after `attempts` (the child's attempts of one
    activity since their level was last set, oldest first), or None."""
    if not rule.enabled:
        return None
    run: list[Outcome] = []  # the current good run
    hard = 0
    for attempt in attempts:
        if attempt.level != level or attempt.abort_reason in NEUTRAL:
            continue
        gave_up = not attempt.completed and attempt.abort_reason in CHILD_ENDED
        low = attempt.accuracy is not None and attempt.accuracy < rule.step_back_accuracy
        hard = hard + 1 if gave_up or low else 0
        run = [*run, attempt] if rule.is_good(attempt) else []
    sessions = len({attempt.session_id for attempt in run})
    if len(run) >= rule.advance_after and sessions >= rule.advance_sessions and level < highest:
        traced = any(
            a.metric(COVERAGE) is not None or a.metric(EXTRA_LIFTS) is not None for a in run
        )
        return LevelDecision(level + 1, advance_reason(rule, level, len(run), sessions, traced))
    if hard >= rule.step_back_after and level > lowest:
        return LevelDecision(level - 1, step_back_reason(rule, level, hard))
    return None


def step_back_reason(rule: MasteryRule, level: int, count: int) -> str:
    """The stored reason for moving back from `level` after `count` hard attempts in a
    row (given up, or under the rule's step-back bar)."""
    return level_reason(
        MASTERY_DOWN, count=count, accuracy=f"{rule.step_back_accuracy:.2f}", level=level
    )


def advance_reason(rule: MasteryRule, level: int, count: int, sessions: int, traced: bool) -> str:
    """The stored reason for moving up from `level` after a run of `count` good attempts
    spanning `sessions` sessions; with the coverage and lift bars when the run was
    measured by them (`traced`: tracing, mirror). The sample clinic writes its level
    changes with it too, so they read as the rule's own."""
    values = {
        "count": count,
        "sessions": sessions,
        "accuracy": f"{rule.advance_accuracy:.2f}",
        "level": level,
    }
    if not traced:
        return level_reason(MASTERY_UP_RUN, **values)
    return level_reason(
        MASTERY_UP_TRACED,
        **values,
        coverage=f"{rule.advance_coverage:.2f}",
        lifts=rule.advance_extra_lifts,
    )
