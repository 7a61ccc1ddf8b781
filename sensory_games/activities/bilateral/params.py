"""The parameters the two-handed activities share (pad size and spacing, timing window,
time limit), declared once here and composed into each activity's schema (its params.py;
levels in activities/bilateral_*.yaml).
"""

from sensory_games.activities.base import time_limit_parameter
from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter

TARGET_MM = Parameter(
    "target_mm",
    "float",
    50.0,
    N_("Target size"),
    N_("diameter of each hand's target (pad, drum, jar)"),
    unit="mm",
    minimum=20.0,
    maximum=120.0,
)
DISTANCE_MM = Parameter(
    "distance_mm",
    "float",
    160.0,
    N_("Distance apart"),
    N_("centre to centre of the two hands' targets (narrowed to fit a small screen)"),
    unit="mm",
    minimum=60.0,
    maximum=500.0,
)
TIME_LIMIT_S = time_limit_parameter()
WINDOW_MS = Parameter(
    "window_ms",
    "float",
    150.0,
    N_("Timing window"),
    N_("how far from the beat (or between the hands) still counts as on time, either side"),
    unit="ms",
    minimum=10.0,
    maximum=1000.0,
)
