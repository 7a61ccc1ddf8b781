"""Parameters of "pop the bubbles" (levels in activities/bubbles.yaml)."""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

SCHEMA = ParameterSchema(
    Parameter(
        "target_mm",
        "float",
        30.0,
        N_("Bubble size"),
        N_("diameter of each bubble"),
        unit="mm",
        minimum=8.0,
        maximum=80.0,
    ),
    Parameter(
        "bubbles_to_pop",
        "int",
        10,
        N_("Bubbles to pop"),
        N_("the attempt completes after this many"),
        unit="count",
        minimum=1,
        maximum=100,
    ),
    Parameter(
        "on_screen",
        "int",
        2,
        N_("Bubbles at once"),
        N_("how many bubbles are shown together"),
        unit="count",
        minimum=1,
        maximum=8,
    ),
    Parameter(
        "drift_mm_s",
        "float",
        0.0,
        N_("Drift speed"),
        N_("bubbles float upwards at this speed (task motion: 0 keeps them still)"),
        unit="mm/s",
        minimum=0.0,
        maximum=60.0,
    ),
    time_limit_parameter(),
)
