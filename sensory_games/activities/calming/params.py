"""Parameters of the calming activities (levels in activities/calming.yaml).

One schema for every calming scene: `variant` picks the scene; each scene reads the
settings that concern it (the breathing guide its pattern, the glitter jar its settling
time...) and leaves the others at their defaults.
"""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

#: The calming scenes: breathing guide, glitter jar, drifting bubbles, colour wash.
VARIANTS = ("breathing", "jar", "bubbles", "wash")
SHAPES = ("balloon", "flower", "wave")
#: The soft noise played under a scene ("none": silence between the cues).
SOUND_BEDS = ("none", "pink", "brown")
JAR_ENDINGS = ("settled", "time")

SCHEMA = ParameterSchema(
    Parameter(
        "variant",
        "choice",
        "breathing",
        N_("Calming scene"),
        N_("what is on screen"),
        choices=VARIANTS,
    ),
    # -- breathing guide
    Parameter(
        "pattern",
        "text",
        "4 4",
        N_("Breathing pattern"),
        N_(
            'seconds of "in out", "in hold out" or "in hold out hold": 4 4 calm, 4 4 4 4 box, 4 7 8'
        ),
    ),
    Parameter(
        "pattern_scale",
        "float",
        1.0,
        N_("Pattern speed"),
        N_("every duration of the pattern multiplied by this (0.5: a 4 7 8 for a young child)"),
        unit="x",
        minimum=0.25,
        maximum=2.0,
    ),
    Parameter(
        "cycles",
        "int",
        5,
        N_("Breaths"),
        N_("the breathing guide ends after this many breaths"),
        unit="count",
        minimum=1,
        maximum=40,
    ),
    Parameter(
        "shape", "choice", "balloon", N_("Shape"), N_("what grows and shrinks"), choices=SHAPES
    ),
    # -- glitter jar
    Parameter(
        "settle_s",
        "float",
        20.0,
        N_("Settling time"),
        N_("seconds the glitter takes to sink to the bottom after a full stir"),
        unit="s",
        minimum=5.0,
        maximum=120.0,
    ),
    Parameter(
        "jar_end",
        "choice",
        "settled",
        N_("Jar ends"),
        N_("settled: when the glitter has settled `settles` times; time: after `duration_s`"),
        choices=JAR_ENDINGS,
    ),
    Parameter(
        "settles",
        "int",
        1,
        N_("Settles"),
        N_(
            "rounds: after settling the jar rests 3 s and turns itself over until the glitter"
            " has settled this many times (jar_end: settled)"
        ),
        unit="count",
        minimum=1,
        maximum=10,
    ),
    # -- scenes that run for a set time (bubbles, colour wash, the jar with jar_end: time)
    Parameter(
        "duration_s",
        "float",
        90.0,
        N_("Calm time"),
        N_("the bubbles and the colour wash end (completed) after this many seconds"),
        unit="s",
        minimum=10.0,
        maximum=1800.0,
    ),
    Parameter(
        "sound_bed",
        "choice",
        "none",
        N_("Soft noise"),
        N_("a quiet pink or brown noise under the scene (follows the sound channel)"),
        choices=SOUND_BEDS,
    ),
    time_limit_parameter(600.0, maximum=1800.0),
)
