"""The mastery rule: a child's level moves up after a run of good attempts and back after
a run of hard ones, always inside the range their therapist allows.

Counted are only the child's attempts at their current level since it was last set (by
the rule, an adult or a bundle), in order:
- **advance** after `advance_after` attempts in a row that were completed with accuracy
  at least `advance_accuracy`;
- **step back** after `step_back_after` attempts in a row that the child gave up on
  (the level's time limit ran out, or they pressed the calm-down button) or that scored
  below `step_back_accuracy`.
An attempt an adult ended (`exit`), that the app's closing ended (`quit`) or an error
ended says nothing about the child and neither counts nor breaks a run; a completed
attempt with nothing to score (accuracy empty) breaks both kinds of run (it was neither
good by the numbers nor given up).
Activities whose levels are not difficulty steps (the calming scenes) have no rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from sensory_games.domain.level_reasons import MASTERY_DOWN, MASTERY_UP, level_reason
from sensory_games.domain.schema import Parameter, ParameterSchema

#: Abort reasons that are the child's own doing (see the module docstring).
CHILD_ENDED = ("timeout", "calm_down")
#: Abort reasons that say nothing about the child: skipped.
NOT_THE_CHILD = ("exit", "quit", "error")

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
    step_back_after: int = 2
    step_back_accuracy: float = 0.4

    def __post_init__(self) -> None:
        RULE_SCHEMA.validate(asdict(self), fill_defaults=False)

    @classmethod
    def from_mapping(cls, values: Any) -> MasteryRule:
        """From a mapping such as app.yaml's `mastery:` (missing keys: defaults);
        raises SchemaError naming a bad key."""
        return cls(**RULE_SCHEMA.validate(values or {}))

    def describe(self) -> str:
        """`advance after 3 in a row >= 0.80; step back after 2 given up or < 0.40`."""
        if not self.enabled:
            return "off (levels change only when an adult sets them)"
        return (
            f"advance after {self.advance_after} in a row with accuracy >= "
            f"{self.advance_accuracy:.2f}; step back after {self.step_back_after} in a row "
            f"given up or < {self.step_back_accuracy:.2f}"
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
    good = hard = 0
    for attempt in attempts:
        if attempt.level != level or attempt.abort_reason in NOT_THE_CHILD:
            continue
        gave_up = not attempt.completed and attempt.abort_reason in CHILD_ENDED
        low = attempt.accuracy is not None and attempt.accuracy < rule.step_back_accuracy
        hard = hard + 1 if gave_up or low else 0
        scored_well = attempt.accuracy is not None and attempt.accuracy >= rule.advance_accuracy
        good = good + 1 if attempt.completed and scored_well else 0
    if good >= rule.advance_after and level < highest:
        return LevelDecision(
            level + 1,
            level_reason(
                MASTERY_UP, count=good, accuracy=f"{rule.advance_accuracy:.2f}", level=level
            ),
        )
    if hard >= rule.step_back_after and level > lowest:
        return LevelDecision(
            level - 1,
            level_reason(
                MASTERY_DOWN, count=hard, accuracy=f"{rule.step_back_accuracy:.2f}", level=level
            ),
        )
    return None
