"""What the traced activities share (tracing, mirror drawing): the settings of the band and
its guide, a path on screen with what the child has traced on it, and the scores so far.

Both follow a shape with a finger inside a band `tolerance_mm` wide either side of its
line; both score what was traced with :mod:`sensory_games.domain.path_scoring`. Their
drawing is shared in :mod:`sensory_games.ui.trace_layers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sensory_games.activities.base import ShapesInTurn
from sensory_games.domain.path_scoring import (
    Contact,
    LiveCoverage,
    TargetPath,
    TraceScore,
    score_trace,
)
from sensory_games.domain.schema import Parameter

#: What of a path is shown, most help first: band and centre line, a paler band, a
#: dotted centre line, nothing (traced from memory).
GUIDES = ("full", "faded", "dots", "none")


def band_parameters(
    tolerance_mm: float, tolerance_hint: str, guide_hint: str
) -> tuple[Parameter, Parameter]:
    """The `tolerance_mm` (default `tolerance_mm`, 2 to 30 mm) and `guide` settings, in this
    order, each activity with its own words for the therapist."""
    return (
        Parameter(
            "tolerance_mm",
            "float",
            tolerance_mm,
            "Tolerance",
            tolerance_hint,
            unit="mm",
            minimum=2.0,
            maximum=30.0,
        ),
        Parameter("guide", "choice", "full", "Guide", guide_hint, choices=GUIDES),
    )


def coverage_parameter(default: float, minimum: float, hint: str) -> Parameter:
    """The `coverage_required` setting: the share (0..1, at most 1) of a path to trace
    before it counts as done."""
    return Parameter(
        "coverage_required",
        "float",
        default,
        "Coverage to finish",
        hint,
        unit="0..1",
        minimum=minimum,
        maximum=1.0,
    )


@dataclass
class TracedPath:
    """A path on screen (in mm) and what the child has traced on it: the coverage as it
    grows, finger by finger, and each contact for scoring."""

    target: TargetPath
    live: LiveCoverage = field(init=False)
    contacts: list[Contact] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.live = LiveCoverage(self.target)

    @property
    def length_mm(self) -> float:
        """The length of all its strokes together (mm)."""
        return float(self.target.lengths_mm.sum())

    def score(self) -> TraceScore:
        """What has been traced on it, scored."""
        return score_trace(self.target, self.contacts)


def scores_so_far(
    finished_scores: Sequence[TraceScore],
    finished: Sequence[TracedPath],
    current: TracedPath | None,
) -> tuple[list[TraceScore], list[float]]:
    """The scores of the finished paths and, if the unfinished `current` one has been
    touched, its score as it stands (an attempt that ends early still counts what was
    traced), with the lengths (mm) of the paths they are for, to weigh them together."""
    scores = list(finished_scores)
    paths = list(finished)
    if current is not None and current.contacts:
        scores.append(current.score())
        paths.append(current)
    return scores, [path.length_mm for path in paths]


class TracedShapes(ShapesInTurn):
    """Base of the activities that trace shapes in turn inside a band (tracing, mirror
    drawing)."""

    @property
    def tolerance_mm(self) -> float:
        """How far (mm) from the line still counts as on it: the band's half width."""
        return self.parameters["tolerance_mm"]
