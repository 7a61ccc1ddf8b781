"""Parameters of tracing (levels in activities/tracing.yaml)."""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.activities.traced import band_parameters, coverage_parameter
from sensory_games.domain.schema import Parameter, ParameterSchema

SCHEMA = ParameterSchema(
    Parameter(
        "shapes",
        "text",
        "vertical_line",
        "Shapes",
        "space-separated shape, letter or digit names from glyphs/, or whole sets: "
        "prewriting, curves, uppercase, lowercase, digits",
    ),
    Parameter(
        "size_mm",
        "float",
        80.0,
        "Size",
        "height of one glyph unit: a capital or a shape",
        unit="mm",
        minimum=20.0,
        maximum=250.0,
    ),
    *band_parameters(
        8.0,
        "how far from the line still counts as on it (the band shown is twice as wide)",
        "what of the path is shown",
    ),
    Parameter(
        "fade_guide",
        "bool",
        False,
        "Fade the guide",
        "each repetition shows less: full, faded, dots, then from memory",
    ),
    Parameter(
        "start_enforced",
        "bool",
        False,
        "Start at the dot",
        "only a trace that begins at the start dot counts",
    ),
    Parameter(
        "order_enforced", "bool", False, "Stroke order", "strokes count only in their writing order"
    ),
    Parameter(
        "pen_lift_allowed",
        "bool",
        True,
        "Lifting allowed",
        "if not, lifting before a stroke is finished starts that stroke again",
    ),
    Parameter(
        "repetitions",
        "int",
        1,
        "Repetitions",
        "times each shape is traced",
        unit="count",
        minimum=1,
        maximum=10,
    ),
    Parameter(
        "demonstration",
        "bool",
        True,
        "Show me first",
        "a dot draws each stroke before the child's first try",
    ),
    coverage_parameter(
        0.95, 0.5, "share of every stroke's length the child must come within tolerance of"
    ),
    Parameter(
        "handedness",
        "choice",
        "auto",
        "Hand",
        "auto: from the child's profile; left reverses left-to-right strokes",
        choices=("auto", "right", "left"),
    ),
    time_limit_parameter(180.0),
)
