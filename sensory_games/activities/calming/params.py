"""Parameters of the calming activities (levels in configs/activities/calming.yaml)."""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.schema import Parameter, ParameterSchema

VARIANTS = ("breathing",)
SHAPES = ("balloon", "flower", "wave")

SCHEMA = ParameterSchema(
    Parameter(
        "variant", "choice", "breathing", "Calming activity", "what is on screen", choices=VARIANTS
    ),
    Parameter(
        "pattern",
        "text",
        "4 4",
        "Breathing pattern",
        'seconds of "in out", "in hold out" or "in hold out hold": 4 4 calm, 4 4 4 4 box, 4 7 8',
    ),
    Parameter(
        "pattern_scale",
        "float",
        1.0,
        "Pattern speed",
        "every duration of the pattern multiplied by this (0.5: a 4 7 8 for a young child)",
        unit="x",
        minimum=0.25,
        maximum=2.0,
    ),
    Parameter(
        "cycles",
        "int",
        5,
        "Breaths",
        "the activity ends after this many breaths",
        unit="count",
        minimum=1,
        maximum=40,
    ),
    Parameter("shape", "choice", "balloon", "Shape", "what grows and shrinks", choices=SHAPES),
    time_limit_parameter(600.0, maximum=1800.0),
)
