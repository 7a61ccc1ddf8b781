"""The regulation check-in: "how do you feel?" on a five-point picture scale.

The child taps one of five faces (no words): from very upset (1) to calm and happy (5).
It is asked before and after a calming activity and, if the clinic turns it on, at the
start and end of a session. Each answer is one :class:`CheckIn` row in the log, linked
to its session and, for "before"/"after", to the calming attempt. A check-in the child
let pass (no tap within the wait) is kept too, with no feeling. Definitions in
docs/metrics.md ("Regulation check-in").
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

#: When a check-in is asked.
MOMENTS: tuple[str, ...] = ("session_start", "before", "after", "session_end")


@dataclass(frozen=True)
class Feeling:
    """One point of the scale: its value, the words a therapist reads, the face's accent
    colour (index into the palette's accents) and its mouth (-1 frown .. 1 smile)."""

    value: int
    words: str
    accent: int
    mouth: float
    brows: float  # 0 relaxed .. 1 knitted


#: The scale, from 1 (very upset) to 5 (calm and happy); higher is more settled.
FEELINGS: tuple[Feeling, ...] = (
    Feeling(1, "very upset", 4, -1.0, 1.0),
    Feeling(2, "upset", 3, -0.5, 0.5),
    Feeling(3, "so-so", 2, 0.0, 0.0),
    Feeling(4, "okay", 1, 0.5, 0.0),
    Feeling(5, "calm and happy", 0, 1.0, 0.0),
)


def describe(value: int | None) -> str:
    """A feeling as a therapist reads it: "upset (2)", or "no answer"."""
    if value is None:
        return "no answer"
    if not 1 <= value <= len(FEELINGS):
        raise ValueError(f"feeling {value} is outside 1..{len(FEELINGS)}")
    return f"{FEELINGS[value - 1].words} ({value})"


@dataclass(frozen=True)
class CheckIn:
    """One check-in: when it was asked, what the child picked (None: no answer) and how
    long they took (s). `attempt_id` links a before/after check-in to its attempt."""

    session_id: str
    profile_id: str
    moment: str
    feeling: int | None
    asked_at: datetime
    answer_s: float | None
    attempt_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        if self.moment not in MOMENTS:
            raise ValueError(f"check-in moment {self.moment!r} not in {MOMENTS}")
        if self.feeling is not None and not 1 <= self.feeling <= len(FEELINGS):
            raise ValueError(f"feeling {self.feeling} is outside 1..{len(FEELINGS)}")


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
    def asked_at(self) -> object: ...


@dataclass(frozen=True)
class BeforeAfter:
    """A before/after pair: around one calm attempt (`attempt_id`) or one session
    (`attempt_id` None: session start and end). Either side may be missing (None) or
    unanswered."""

    session_id: str
    attempt_id: str | None
    asked_at: str  # when the first of the two was asked (UTC ISO-8601)
    before: int | None
    after: int | None
    asked_before: bool
    asked_after: bool

    @property
    def change(self) -> int | None:
        """after - before on the 1..5 scale (positive: more settled), when both answered."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def before_after_pairs(check_ins: Iterable[AskedCheckIn]) -> list[BeforeAfter]:
    """Pair the check-ins, in the order their first one was asked: "before"/"after" by
    attempt, "session_start"/"session_end" by session. A "before" whose attempt was
    never saved (the app closed) stands alone."""
    pairs: dict[tuple[str, str | None], dict[str, int | None]] = {}
    first_asked: dict[tuple[str, str | None], str] = {}
    for c in check_ins:
        by_session = c.moment in ("session_start", "session_end")
        key = (c.session_id, None if by_session else (c.attempt_id or f"unlinked:{c.id}"))
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
            first_asked[(session_id, attempt)],
            sides.get("before"),
            sides.get("after"),
            "before" in sides,
            "after" in sides,
        )
        for (session_id, attempt), sides in pairs.items()
    ]
