"""A child's profile: only what the clinic needs (alias, avatar, age band, hand, senses)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sensory_games.domain.check_in import SCALES
from sensory_games.domain.intensity import PRESETS, Intensity
from sensory_games.domain.language import LANGUAGES, N_, words
from sensory_games.domain.schema import Parameter, ParameterSchema

ANIMALS: tuple[str, ...] = ("cat", "bear", "rabbit", "frog", "owl", "mouse")
AGE_BANDS: tuple[str, ...] = ("3-5", "6-8", "9-12", "13+")
HANDS: tuple[str, ...] = ("left", "right", "both", "unknown")
#: How the child touches the screen: with a finger or a stylus (pen).
POINTERS: tuple[str, ...] = ("finger", "stylus")
GUEST_ALIAS = "Guest"
#: The Guest's avatar (animal, colour): no child is given it unless an adult chooses it.
GUEST_AVATAR: tuple[str, int] = ("owl", 0)
AVATAR_COLOURS = 6


def guest_names() -> tuple[str, ...]:
    """The Guest's name as every shipped language shows it on the picker ("Guest",
    "Invitado", "ضيف", "访客"): no child may take one (nor a look-alike)."""
    return tuple(dict.fromkeys(words(language).tr(GUEST_ALIAS) for language in LANGUAGES))


def free_avatar(taken: Iterable[tuple[str, int]]) -> tuple[str, int]:
    """The avatar (animal, colour 0..5) a new child gets unless an adult chooses one: the
    first that neither the Guest nor any child in `taken` has (children who cannot read
    find themselves by their picture: two alike, or one like the Guest's, is a child
    tapping someone else), else the one fewest children share."""
    counts = Counter(taken)
    counts[GUEST_AVATAR] += 1
    every = [(animal, colour) for colour in range(AVATAR_COLOURS) for animal in ANIMALS]
    return min(every, key=lambda avatar: counts[avatar])  # (the first of the fewest)


PROFILE_SCHEMA = ParameterSchema(
    Parameter("alias", "text", "", "Alias or first name", "what the therapist calls the child"),
    Parameter("animal", "choice", "owl", "Avatar animal", choices=ANIMALS),
    Parameter(
        "colour",
        "int",
        0,
        "Avatar colour",
        "0..5, the palette's accent colours",
        minimum=0,
        maximum=5,
    ),
    Parameter("age_band", "choice", "6-8", "Age band", choices=AGE_BANDS),
    Parameter("dominant_hand", "choice", "unknown", "Dominant hand", choices=HANDS),
    Parameter("pointer", "choice", "finger", "Finger or stylus", choices=POINTERS),
    Parameter("intensity_preset", "choice", "balanced", "Sensory preset", choices=tuple(PRESETS)),
    Parameter(
        "language",
        "choice",
        "",
        "Child's language",
        "the language of the child's screens and voice; empty: the clinic's",
        choices=("", *LANGUAGES),
        empty_means=N_("the clinic's language"),
    ),
    Parameter("voice", "bool", True, "Spoken prompts", "off: the child hears no voice"),
    Parameter(
        "check_in_scale",
        "choice",
        "",
        "Check-in scale",
        "how the child says how they feel: five faces, four-colour zones or three faces;"
        " empty: the clinic's (check_in.scale)",
        choices=("", *SCALES),
        empty_means=N_("the clinic's scale"),
    ),
)

#: The settings an older export or bundle may lack, with what such a profile is: finger
#: (the pointer), the clinic's language, spoken prompts on, the clinic's check-in scale
#: (a merge and a bundle import fill them in).
LATER_SETTINGS: dict[str, object] = {
    "pointer": "finger",
    "language": "",
    "voice": True,
    "check_in_scale": "",
}


@dataclass(frozen=True)
class Profile:
    """A child as the app knows them: an alias, an avatar and sensory settings."""

    id: str
    alias: str
    animal: str
    colour: int
    age_band: str
    dominant_hand: str
    intensity_preset: str
    intensity: Intensity
    archived: bool = False
    notes: str = ""  # the therapist's, for adults' screens only
    plan: str | None = None  # a session plan's name (plans/NAME.yaml)
    pointer: str = "finger"  # finger or stylus
    language: str = ""  # the child's screens and voice; "" = the clinic's (clinic.language)
    voice: bool = True  # spoken prompts on (they still follow the sound channel and caps)
    check_in_scale: str = ""  # faces, zones or three_faces; "" = the clinic's (check_in.scale)

    def settings(self) -> dict[str, object]:
        """What PROFILE_SCHEMA checks: alias, avatar, age band, hand, pointer, preset."""
        return {name: getattr(self, name) for name in PROFILE_SCHEMA.names()}
