"""Parameters of mirror drawing (levels in configs/activities/bilateral_mirror.yaml)."""

from sensory_games.activities.bilateral.params import TIME_LIMIT_S
from sensory_games.activities.tracing.params import GUIDES
from sensory_games.domain.schema import Parameter, ParameterSchema

SCHEMA = ParameterSchema(
    Parameter(
        "paths",
        "text",
        "vertical_line",
        "Mirror paths",
        "space-separated shape names from configs/glyphs/, traced in turn; the right hand's "
        "copy is the mirror image of the left's",
    ),
    Parameter(
        "size_mm",
        "float",
        60.0,
        "Size",
        "height of each copy (narrowed to fit each half of the screen)",
        unit="mm",
        minimum=20.0,
        maximum=200.0,
    ),
    Parameter(
        "tolerance_mm",
        "float",
        9.0,
        "Tolerance",
        "how far from the line still counts as on it",
        unit="mm",
        minimum=2.0,
        maximum=30.0,
    ),
    Parameter("guide", "choice", "full", "Guide", "what of the paths is shown", choices=GUIDES),
    Parameter(
        "coverage_required",
        "float",
        0.85,
        "Coverage to finish",
        "share of each path that must be traced before the next",
        unit="0..1",
        minimum=0.3,
        maximum=1.0,
    ),
    TIME_LIMIT_S,
)
