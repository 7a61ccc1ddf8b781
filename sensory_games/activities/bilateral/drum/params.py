"""Parameters of drum to the beat (levels in activities/bilateral_drum.yaml)."""

from typing import Any

from sensory_games.activities.bilateral.params import DISTANCE_MM, TARGET_MM, WINDOW_MS
from sensory_games.domain.language import N_
from sensory_games.domain.profile import AGE_BANDS
from sensory_games.domain.schema import Parameter, ParameterSchema, SchemaError
from sensory_games.domain.sentence import Sentence

#: Slowest and fastest tempo (bpm): at most 2.5 cues a second (the sensory flash cap).
TEMPO_RANGE_BPM = (30.0, 150.0)
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
        minimum=TEMPO_RANGE_BPM[0],
        maximum=TEMPO_RANGE_BPM[1],
    ),
    Parameter(
        "tempo_by_age",
        "text",
        "",
        N_("Tempo by age band"),
        N_(
            "the tempo for a child of an age band, as band=bpm pairs such as "
            "3-5=140 6-8=120; a band not listed plays at the tempo above"
        ),
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


def tempo_by_age(text: str) -> dict[str, float]:
    """The tempo (bpm) per age band of a `tempo_by_age` setting ("3-5=140 6-8=120"); a
    SchemaError naming the value and what is allowed for anything else."""
    allowed = Sentence(
        N_(
            "must be band=bpm pairs separated by spaces, each band at most once, "
            "bands {bands}, tempos {low} to {high} bpm"
        ),
        bands=", ".join(AGE_BANDS),
        low=f"{TEMPO_RANGE_BPM[0]:g}",
        high=f"{TEMPO_RANGE_BPM[1]:g}",
    )
    tempos: dict[str, float] = {}
    for pair in text.split():
        band, _, bpm = pair.partition("=")
        try:
            tempo = float(bpm)
        except ValueError:
            raise SchemaError("tempo_by_age", text, allowed) from None
        if (
            band not in AGE_BANDS
            or band in tempos
            or not TEMPO_RANGE_BPM[0] <= tempo <= TEMPO_RANGE_BPM[1]
        ):
            raise SchemaError("tempo_by_age", text, allowed)
        tempos[band] = tempo
    return tempos


def level_tempo(parameters: dict[str, Any], age_band: str) -> float:
    """The tempo (bpm) a level plays at for a child of `age_band`: its tempo_by_age entry
    for that band, else its tempo_bpm."""
    tempos = tempo_by_age(str(parameters["tempo_by_age"]))
    return tempos.get(age_band, float(parameters["tempo_bpm"]))
