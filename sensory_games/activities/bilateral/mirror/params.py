"""Parameters of mirror drawing (levels in activities/bilateral_mirror.yaml)."""

from sensory_games.activities.bilateral.params import TIME_LIMIT_S
from sensory_games.activities.traced import band_parameters, coverage_parameter
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

SCHEMA = ParameterSchema(
    Parameter(
        "paths",
        "text",
        "vertical_line",
        N_("Mirror paths"),
        N_(
            "space-separated shape names from glyphs/, traced in turn; the right hand's "
            "copy is the mirror image of the left's"
        ),
    ),
    Parameter(
        "size_mm",
        "float",
        60.0,
        N_("Size"),
        N_("height of each copy (narrowed to fit each half of the screen)"),
        unit="mm",
        minimum=20.0,
        maximum=200.0,
    ),
    *band_parameters(
        9.0, N_("how far from the line still counts as on it"), N_("what of the paths is shown")
    ),
    coverage_parameter(0.85, 0.3, N_("share of each path that must be traced before the next")),
    TIME_LIMIT_S,
)
