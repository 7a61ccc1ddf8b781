"""The regulation check-in: "how do you feel?" on a picture scale the clinic chooses.

The child taps one picture (no words needed: a face, or a colour with a face): the
clinic's scale is app.yaml ``check_in.scale`` and a child's own choice overrides it
(their profile's ``check_in_scale``). Three scales are offered (:data:`SCALES`):

- ``faces``: five distinct faces, sad/upset (1), worried (2), okay (3), happy (4),
  calm (5); higher is more settled. Logs from before scales were stored read as this one.
- ``zones``: a four-colour zones scale (arousal, low to high): blue, low/tired/sad (1);
  green, calm and ready (2); yellow, worried/excited/silly (3); red, angry/out of
  control (4). Green is the settled one; blue and yellow lie one step from it, red two.
- ``three_faces``: sad (1), okay (2), happy (3), for children of 3 to 5.

It is asked before and after a calming activity and, if the clinic turns it on, at the
start and end of a session. Each answer is one :class:`CheckIn` row in the log with its
scale and its value (a 2 on the zones scale is never read as a 2 on the faces scale),
linked to its session and, for "before"/"after", to the calming attempt. A check-in the
child let pass (no tap within the wait) is kept too, with no feeling. Definitions and
sources in docs/metrics.md ("Regulation check-in").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from sensory_games.domain.language import N_

#: When a check-in is asked.
MOMENTS: tuple[str, ...] = ("session_start", "before", "after", "session_end")


@dataclass(frozen=True)
class Feeling:
    """One point of a scale: its stored `value` (1..n), the `words` an adult reads under
    it (English; translated where shown), its `picture` (assets/art/<picture>.svg), the
    palette accents its colour is blended from (indices into Palette.accents: 0 blue,
    1 green, 2 yellow, 3 orange, 4 pink, 5 violet) and how `settled` it is (what a
    before/after change compares; higher is more settled)."""

    value: int
    words: str
    picture: str
    accents: tuple[int, ...]
    settled: int


@dataclass(frozen=True)
class Scale:
    """A check-in scale: its stored `name`, its `title` for adults and its points in
    stored order (values 1..n)."""

    name: str
    title: str
    points: tuple[Feeling, ...]

    def point(self, value: int) -> Feeling:
        """The point stored as `value`; ValueError outside 1..n or not a whole number (a
        log changed by hand: 2.5, "sad"), so an export says it in one line."""
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole or not 1 <= value <= len(self.points):
            raise ValueError(f"feeling {value!r} is outside 1..{len(self.points)} ({self.name})")
        return self.points[value - 1]

    def settled(self, value: int) -> int:
        """How settled `value` is on this scale (before/after changes compare these)."""
        return self.point(value).settled


#: Every point of the five faces and the zones: (scale, words, picture, accents, settled),
#: in value order (1..n). The faces: sad .. calm (faces drawn in the style of the Wong-Baker
#: FACES scale, but of feelings, not pain). The zones, low to high arousal: green is the
#: settled one, blue and yellow one step from it, red two (so red to yellow is "more
#: settled"); its red blends the orange and pink accents (the palette has no red).
_POINTS: tuple[tuple[str, str, str, tuple[int, ...], int], ...] = (
    ("faces", N_("sad"), "checkin-sad", (0,), 1),
    ("faces", N_("worried"), "checkin-worried", (5,), 2),
    ("faces", N_("okay"), "checkin-okay", (2,), 3),
    ("faces", N_("happy"), "checkin-happy", (3,), 4),
    ("faces", N_("calm"), "checkin-calm", (1,), 5),
    ("zones", N_("blue: low"), "checkin-tired", (0,), 1),
    ("zones", N_("green: ready"), "checkin-calm", (1,), 2),
    ("zones", N_("yellow: wound up"), "checkin-wiggly", (2,), 1),
    ("zones", N_("red: stormy"), "checkin-angry", (3, 4), 0),
)


def _scale(name: str, title: str) -> Scale:
    """The scale `name` with its points from _POINTS, valued 1..n in their order."""
    rows = [row[1:] for row in _POINTS if row[0] == name]
    return Scale(name, title, tuple(Feeling(n, *row) for n, row in enumerate(rows, start=1)))


FACES = _scale("faces", N_("five faces"))
ZONES = _scale("zones", N_("four-colour zones"))
#: The five faces' sad, okay and happy, for the youngest children.
THREE_FACES = Scale(
    "three_faces",
    N_("three faces"),
    tuple(
        replace(FACES.points[index], value=value, settled=value)
        for value, index in enumerate((0, 2, 3), start=1)
    ),
)
#: Every scale by its stored name.
SCALES: dict[str, Scale] = {s.name: s for s in (FACES, ZONES, THREE_FACES)}
#: The scale a check-in stored before scales were (schema step 12) was asked on.
OLD_SCALE = FACES.name
#: What app.yaml check_in.scale may say: auto, or a scale's name.
SCALE_SETTINGS: tuple[str, ...] = ("auto", *SCALES)
#: The age band `auto` asks the three-face scale of (domain.profile.AGE_BANDS).
YOUNGEST_BAND = "3-5"
#: The most points any scale has (the largest value a check-in may store).
MOST_POINTS = max(len(s.points) for s in SCALES.values())


def scale_for(clinic: str, child: str, age_band: str) -> Scale:
    """The scale a child is asked on: their profile's `child` choice ("" = the clinic's),
    else the clinic's `clinic` setting; `auto` asks three faces of a child in the
    youngest age band and five faces of everyone else."""
    chosen = child or clinic
    if chosen == "auto":
        chosen = THREE_FACES.name if age_band == YOUNGEST_BAND else FACES.name
    if chosen not in SCALES:
        raise ValueError(f"check-in scale {chosen!r} is not one of {', '.join(SCALE_SETTINGS)}")
    return SCALES[chosen]


def describe(value: int | None, scale: str = OLD_SCALE) -> str:
    """A feeling as a therapist reads it: "worried (2)", or "no answer"."""
    if value is None:
        return "no answer"
    return f"{SCALES[scale].point(value).words} ({value})"


@dataclass(frozen=True)
class CheckIn:
    """One check-in: when it was asked, on which `scale`, what the child picked (None: no
    answer) and how long they took (s). `attempt_id` links a before/after check-in to its
    attempt."""

    session_id: str
    profile_id: str
    moment: str
    feeling: int | None
    asked_at: datetime
    answer_s: float | None
    attempt_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    scale: str = OLD_SCALE

    def __post_init__(self) -> None:
        if self.moment not in MOMENTS:
            raise ValueError(f"check-in moment {self.moment!r} not in {MOMENTS}")
        if self.scale not in SCALES:
            raise ValueError(f"check-in scale {self.scale!r} not in {', '.join(SCALES)}")
        if self.feeling is not None:
            SCALES[self.scale].point(self.feeling)


class AskedCheckIn(Protocol):
    """What :func:`before_after_pairs` reads of a check-in (stored or not)."""

    @property
    def id(self) -> str: ...
    @property
    def session_id(self) -> str: ...
    @property
    def attempt_id(self) -> str | None: ...
    @property
    def moment(self) -> str: ...
    @property
    def feeling(self) -> int | None: ...
    @property
    def scale(self) -> str: ...
    @property
    def asked_at(self) -> object: ...


@dataclass(frozen=True)
class BeforeAfter:
    """A before/after pair on one `scale`: around one calm attempt (`attempt_id`) or one
    session (`attempt_id` None: session start and end). Either side may be missing (None)
    or unanswered. Two sides asked on different scales are two pairs of one side each:
    they cannot be compared."""

    session_id: str
    attempt_id: str | None
    asked_at: str  # when the first of the two was asked (UTC ISO-8601)
    before: int | None
    after: int | None
    asked_before: bool
    asked_after: bool
    scale: str = OLD_SCALE

    @property
    def change(self) -> int | None:
        """How much more settled after than before (Scale.settled; positive: more
        settled, 0 the same), when both were answered."""
        if self.before is None or self.after is None:
            return None
        scale = SCALES[self.scale]
        return scale.settled(self.after) - scale.settled(self.before)


def before_after_pairs(check_ins: Iterable[AskedCheckIn]) -> list[BeforeAfter]:
    """Pair the check-ins, in the order their first one was asked: "before"/"after" by
    attempt, "session_start"/"session_end" by session, each pair on one scale. A "before"
    whose attempt was never saved (the app closed) stands alone."""
    pairs: dict[tuple[str, str | None, str], dict[str, int | None]] = {}
    first_asked: dict[tuple[str, str | None, str], str] = {}
    for c in check_ins:
        by_session = c.moment in ("session_start", "session_end")
        linked = None if by_session else (c.attempt_id or f"unlinked:{c.id}")
        key = (c.session_id, linked, c.scale)
        side = "before" if c.moment in ("session_start", "before") else "after"
        pairs.setdefault(key, {})[side] = c.feeling
        asked = c.asked_at
        first_asked.setdefault(
            key, asked.isoformat() if isinstance(asked, datetime) else str(asked)
        )
    return [
        BeforeAfter(
            session_id,
            None if attempt is None or attempt.startswith("unlinked:") else attempt,
            first_asked[(session_id, attempt, scale)],
            sides.get("before"),
            sides.get("after"),
            "before" in sides,
            "after" in sides,
            scale,
        )
        for (session_id, attempt, scale), sides in pairs.items()
    ]
