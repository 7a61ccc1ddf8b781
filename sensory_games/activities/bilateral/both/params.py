"""Parameters of both together (levels in activities/bilateral_both.yaml)."""

from sensory_games.activities.bilateral.params import (
    DISTANCE_MM,
    TARGET_MM,
    TIME_LIMIT_S,
    WINDOW_MS,
)
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

SCHEMA = ParameterSchema(
    TARGET_MM,
    DISTANCE_MM,
    Parameter(
        "trials",
        "int",
        5,
        N_("Trials"),
        N_("times both pads are touched and held"),
        unit="count",
        minimum=1,
        maximum=40,
    ),
    Parameter(
        "hold_s",
        "float",
        1.0,
        N_("Hold time"),
        N_("how long both hands must stay on their pads together"),
        unit="s",
        minimum=0.2,
        maximum=15.0,
    ),
    WINDOW_MS,
    TIME_LIMIT_S,
)
