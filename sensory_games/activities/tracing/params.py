"""Parameters of tracing (levels in activities/tracing.yaml)."""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.activities.traced import band_parameters, coverage_parameter
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema

SCHEMA = ParameterSchema(
    Parameter(
        "shapes",
        "text",
        "vertical_line",
        N_("Shapes"),
        N_(
            "space-separated shape, letter or digit names from glyphs/, or whole sets: "
            "prewriting, curves, uppercase, lowercase, digits; name: the child's first name"
        ),
    ),
    Parameter(
        "mode",
        "choice",
        "trace",
        N_("Mode"),
        N_("trace: over the path; copy: the model is shown and drawn in an empty box beside it"),
        choices=("trace", "copy"),
    ),
    Parameter(
        "size_mm",
        "float",
        80.0,
        N_("Size"),
        N_("height of one glyph unit: a capital or a shape"),
        unit="mm",
        minimum=20.0,
        maximum=250.0,
    ),
    *band_parameters(
        8.0,
        N_("how far from the line still counts as on it (the band shown is twice as wide)"),
        N_("what of the path is shown"),
    ),
    Parameter(
        "fade_guide",
        "bool",
        False,
        N_("Fade the guide"),
        N_("each repetition shows less: full, faded, dots, then from memory"),
    ),
    Parameter(
        "start_enforced",
        "bool",
        False,
        N_("Start at the dot"),
        N_("only a trace that begins at the start dot counts"),
    ),
    Parameter(
        "order_enforced",
        "bool",
        False,
        N_("Stroke order"),
        N_("strokes count only in their writing order"),
    ),
    Parameter(
        "pen_lift_allowed",
        "bool",
        True,
        N_("Lifting allowed"),
        N_("if not, lifting before a stroke is finished starts that stroke again"),
    ),
    Parameter(
        "repetitions",
        "int",
        1,
        N_("Repetitions"),
        N_("times each shape is traced"),
        unit="count",
        minimum=1,
        maximum=10,
    ),
    Parameter(
        "demonstration",
        "bool",
        True,
        N_("Show me first"),
        N_("a dot draws each stroke before the child's first try"),
    ),
    coverage_parameter(
        0.95, 0.5, N_("share of every stroke's length the child must come within tolerance of")
    ),
    Parameter(
        "handedness",
        "choice",
        "auto",
        N_("Hand"),
        N_("auto: from the child's profile; left: sideways strokes count in either direction"),
        choices=("auto", "right", "left"),
    ),
    Parameter(
        "help_after_failures",
        "int",
        3,
        N_("Help after tries"),
        N_(
            "after so many tries that get no further, the guide comes back a step and "
            "the band widens (at most twice a shape); 0: never"
        ),
        unit="count",
        minimum=0,
        maximum=10,
    ),
    time_limit_parameter(180.0),
)
