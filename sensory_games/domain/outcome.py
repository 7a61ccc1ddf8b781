"""What an attempt comes to: its named metrics and its result (completed or aborted, the
times, accuracy, and what the child was asked to do). Plain data (no pygame): activities
make them, the log stores them, exports and reports read them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: Why an attempt ended early (a completed attempt has none).
ABORT_REASONS: tuple[str, ...] = ("timeout", "calm_down", "exit", "quit", "error")


@dataclass(frozen=True)
class Metric:
    """A named number an activity reports, with its unit ("count", "s", "mm", "0..1")."""

    value: float
    unit: str


def measured(values: dict[str, tuple[float | None, str]], prefix: str = "") -> dict[str, Metric]:
    """Metrics from name -> (value, unit), `prefix` put before each name; a value that
    does not exist (None: nothing to measure yet) is left out, so its CSV cell is empty."""
    return {
        f"{prefix}{name}": Metric(value, unit)
        for name, (value, unit) in values.items()
        if value is not None
    }


@dataclass(frozen=True)
class Result:
    """How an attempt ended and what the child did.

    `completion_time_s` is set only for completed attempts; `duration_s` is how long the
    attempt ran either way. `accuracy` is 0..1, or None when there was nothing to score.
    `target` optionally describes what the child was asked to do in screen millimetres
    (e.g. the paths to trace), so reports can overlay the child's samples on it.
    """

    completed: bool
    duration_s: float
    completion_time_s: float | None
    accuracy: float | None
    metrics: dict[str, Metric] = field(default_factory=dict)
    abort_reason: str | None = None
    target: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.completed == (self.abort_reason is not None):
            raise ValueError("a result is either completed or aborted with a reason")
        if self.abort_reason is not None and self.abort_reason not in ABORT_REASONS:
            raise ValueError(f"abort reason {self.abort_reason!r} not in {ABORT_REASONS}")
        if self.completed and self.completion_time_s is None:
            raise ValueError("a completed result needs its completion time")
        if self.accuracy is not None and not 0.0 <= self.accuracy <= 1.0:
            raise ValueError(f"accuracy {self.accuracy} is outside 0..1")
        for name, metric in self.metrics.items():
            if not math.isfinite(metric.value):
                raise ValueError(f"metric {name} is not a finite number: {metric.value}")
