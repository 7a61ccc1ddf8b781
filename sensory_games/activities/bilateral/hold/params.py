"""Parameters of hold and move (levels in activities/bilateral_hold.yaml)."""

from sensory_games.activities.bilateral.params import DISTANCE_MM, TARGET_MM, TIME_LIMIT_S
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

HOLD_SIDES = ("auto", "left", "right")

SCHEMA = ParameterSchema(
    TARGET_MM,
    DISTANCE_MM,
    Parameter(
        "items",
        "int",
        5,
        N_("Items"),
        N_("things to put into the jar"),
        unit="count",
        minimum=1,
        maximum=30,
    ),
    Parameter(
        "item_mm",
        "float",
        28.0,
        N_("Item size"),
        N_("diameter of each thing to drag"),
        unit="mm",
        minimum=15.0,
        maximum=60.0,
    ),
    Parameter(
        "jar_side",
        "choice",
        "auto",
        N_("Jar side"),
        N_(
            "the side of the hand that holds the jar; auto: the non-dominant hand (left if unknown)"
        ),
        choices=HOLD_SIDES,
    ),
    TIME_LIMIT_S,
)
