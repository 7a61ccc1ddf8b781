"""Which hand is which: one contact per hand, by screen half or by hand key.

- A hand key (kiosk button) carries its hand.
- A touch or mouse contact belongs to the hand of the screen half it starts on (left half
  = left hand) and keeps that hand when it crosses the middle.
- While a hand already has a contact down, a new contact starting on its half belongs to
  nobody: two fingers on one side are not two hands.
"""

from __future__ import annotations

from dataclasses import dataclass

from sensory_games.domain.pointer import HANDS, PointerEvent

__all__ = ["HANDS", "HandContact", "HandTracker", "other"]


def other(hand: str) -> str:
    """The other hand."""
    return "right" if hand == "left" else "left"


@dataclass
class HandContact:
    """The contact a hand has down: its pointer, where it is (mm), since when (clock s)."""

    pointer_id: int
    source: str
    x_mm: float
    y_mm: float
    down_at: float

    @property
    def position_mm(self) -> tuple[float, float]:
        return (self.x_mm, self.y_mm)


class HandTracker:
    """Assigns pointer events to hands and remembers how the child played (the sources)."""

    def __init__(self) -> None:
        self.contacts: dict[str, HandContact] = {}
        self.sources: set[str] = set()
        self.assigned: list[tuple[float, int, str | None]] = []  # (t, pointer, hand) per down

    def hand_of(
        self, pointer: PointerEvent, midline_mm: float, prefer: str | None = None
    ) -> str | None:
        """The hand of this event's contact, updating what is held; None for a contact
        that belongs to no hand (a second finger on a side). `prefer` names the hand a
        new touch belongs to whatever its half (an activity knows a touch on the thing
        being dragged is the moving hand's), if that hand is free."""
        if pointer.phase == "down":
            if prefer is not None and pointer.hand is None and prefer not in self.contacts:
                hand = prefer
            else:
                hand = pointer.hand or ("left" if pointer.x_mm < midline_mm else "right")
            if hand in self.contacts:
                self.assigned.append((pointer.t, pointer.pointer_id, None))
                return None
            self.assigned.append((pointer.t, pointer.pointer_id, hand))
            self.contacts[hand] = HandContact(
                pointer.pointer_id, pointer.source, pointer.x_mm, pointer.y_mm, pointer.t
            )
            self.sources.add(pointer.source)
            return hand
        for hand, contact in self.contacts.items():
            if contact.pointer_id == pointer.pointer_id:
                if pointer.phase in ("up", "cancel"):
                    del self.contacts[hand]
                else:
                    contact.x_mm, contact.y_mm = pointer.x_mm, pointer.y_mm
                return hand
        return None

    def holding(self, hand: str) -> bool:
        return hand in self.contacts

    def release_all(self) -> None:
        """Forget every contact (a new screen layout, a new trial)."""
        self.contacts.clear()

    @property
    def input_mode(self) -> str:
        """How the child played: "touch", "keys", "mouse", "mixed" or "none"."""
        named = {"touch": "touch", "key": "keys", "mouse": "mouse"}
        if not self.sources:
            return "none"
        if len(self.sources) > 1:
            return "mixed"
        return named[next(iter(self.sources))]
