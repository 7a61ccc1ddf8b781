"""Parameters of the two-handed activities (levels in configs/activities/bilateral_*.yaml).

The settings every variant shares (pad size and spacing, time limit) are declared once
here and composed into each variant's schema.
"""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.activities.tracing.params import GUIDES
from sensory_games.domain.schema import Parameter, ParameterSchema

TARGET_MM = Parameter(
    "target_mm",
    "float",
    50.0,
    "Target size",
    "diameter of each hand's target (pad, drum, jar)",
    unit="mm",
    minimum=20.0,
    maximum=120.0,
)
DISTANCE_MM = Parameter(
    "distance_mm",
    "float",
    160.0,
    "Distance apart",
    "centre to centre of the two hands' targets (narrowed to fit a small screen)",
    unit="mm",
    minimum=60.0,
    maximum=500.0,
)
TIME_LIMIT_S = time_limit_parameter()
WINDOW_MS = Parameter(
    "window_ms",
    "float",
    150.0,
    "Timing window",
    "how far from the beat (or between the hands) still counts as on time, either side",
    unit="ms",
    minimum=10.0,
    maximum=1000.0,
)

BOTH_SCHEMA = ParameterSchema(
    TARGET_MM,
    DISTANCE_MM,
    Parameter(
        "trials",
        "int",
        5,
        "Trials",
        "times both pads are touched and held",
        unit="count",
        minimum=1,
        maximum=40,
    ),
    Parameter(
        "hold_s",
        "float",
        1.0,
        "Hold time",
        "how long both hands must stay on their pads together",
        unit="s",
        minimum=0.2,
        maximum=15.0,
    ),
    WINDOW_MS,
    TIME_LIMIT_S,
)

PATTERNS = ("alternate", "both", "left", "right", "custom")

DRUM_SCHEMA = ParameterSchema(
    TARGET_MM,
    DISTANCE_MM,
    Parameter(
        "tempo_bpm",
        "float",
        60.0,
        "Tempo",
        "beats per minute (at most 150, so no cue repeats more than 2.5 times a second)",
        unit="bpm",
        minimum=30.0,
        maximum=150.0,
    ),
    WINDOW_MS,
    Parameter(
        "pattern",
        "choice",
        "alternate",
        "Pattern",
        "which hand taps on each beat: left, right, left... / both together / one hand / "
        "the custom sequence",
        choices=PATTERNS,
    ),
    Parameter(
        "sequence",
        "text",
        "L R B -",
        "Custom sequence",
        "for pattern custom: L (left), R (right), B (both), - (rest), repeated to fill the beats",
    ),
    Parameter(
        "beats",
        "int",
        16,
        "Beats",
        "beats to tap after the count-in",
        unit="count",
        minimum=4,
        maximum=240,
    ),
    Parameter(
        "count_in_beats",
        "int",
        4,
        "Count-in",
        "beats shown and heard before tapping starts (not scored)",
        unit="count",
        minimum=0,
        maximum=8,
    ),
    Parameter(
        "guide_sounds", "bool", True, "Guide sounds", "a soft click on every beat (sound channel)"
    ),
    Parameter(
        "visual_cue",
        "bool",
        True,
        "Visual beat cue",
        "the drum to tap glows on its beat, with a ring closing in on it as the beat nears",
    ),
)

HOLD_SIDES = ("auto", "left", "right")

HOLD_SCHEMA = ParameterSchema(
    TARGET_MM,
    DISTANCE_MM,
    Parameter(
        "items",
        "int",
        5,
        "Items",
        "things to put into the jar",
        unit="count",
        minimum=1,
        maximum=30,
    ),
    Parameter(
        "item_mm",
        "float",
        28.0,
        "Item size",
        "diameter of each thing to drag",
        unit="mm",
        minimum=15.0,
        maximum=60.0,
    ),
    Parameter(
        "jar_side",
        "choice",
        "auto",
        "Jar side",
        "the side of the hand that holds the jar; auto: the non-dominant hand (left if unknown)",
        choices=HOLD_SIDES,
    ),
    TIME_LIMIT_S,
)

MIRROR_SCHEMA = ParameterSchema(
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
