"""Parameters of drum to the beat (levels in activities/bilateral_drum.yaml)."""

from sensory_games.activities.bilateral.params import DISTANCE_MM, TARGET_MM, WINDOW_MS
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

PATTERNS = ("alternate", "both", "left", "right", "custom")

SCHEMA = ParameterSchema(
    TARGET_MM,
    DISTANCE_MM,
    Parameter(
        "tempo_bpm",
        "float",
        60.0,
        N_("Tempo"),
        N_("beats per minute (at most 150, so no cue repeats more than 2.5 times a second)"),
        unit="bpm",
        minimum=30.0,
        maximum=150.0,
    ),
    WINDOW_MS,
    Parameter(
        "pattern",
        "choice",
        "alternate",
        N_("Pattern"),
        N_(
            "which hand taps on each beat: left, right, left... / both together / one hand / "
            "the custom sequence"
        ),
        choices=PATTERNS,
    ),
    Parameter(
        "sequence",
        "text",
        "L R B -",
        N_("Custom sequence"),
        N_(
            "for pattern custom: L (left), R (right), B (both), - (rest), "
            "repeated to fill the beats"
        ),
    ),
    Parameter(
        "beats",
        "int",
        16,
        N_("Beats"),
        N_("beats to tap after the count-in"),
        unit="count",
        minimum=4,
        maximum=240,
    ),
    Parameter(
        "count_in_beats",
        "int",
        4,
        N_("Count-in"),
        N_("beats shown and heard before tapping starts (not scored)"),
        unit="count",
        minimum=0,
        maximum=8,
    ),
    Parameter(
        "guide_sounds",
        "bool",
        True,
        N_("Guide sounds"),
        N_("a soft click on every beat (sound channel)"),
    ),
    Parameter(
        "visual_cue",
        "bool",
        True,
        N_("Visual beat cue"),
        N_("the drum to tap glows on its beat, with a ring closing in on it as the beat nears"),
    ),
)
