"""Pointer events: one contact change of a finger, the mouse or a hand key, in
millimetres from the screen's top-left corner and in clock seconds. Plain data (no
pygame): the input layer makes them (sensory_games/ui/input.py), activities score them, the
log stores them as samples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Phase = Literal["down", "move", "up", "cancel"]
Source = Literal["touch", "mouse", "key"]
Hand = Literal["left", "right"]
#: The two hands, left first (what two-handed activities and their scoring iterate over).
HANDS: tuple[Hand, ...] = ("left", "right")

MOUSE_POINTER_ID = 0
KEY_POINTER_IDS: dict[str, int] = {"left": -1, "right": -2}


@dataclass(frozen=True, slots=True)
class PointerEvent:
    """One contact change: where (mm from the top-left), when (clock s), which contact."""

    pointer_id: int
    phase: Phase
    x_mm: float
    y_mm: float
    t: float
    source: Source
    hand: Hand | None = None

    @property
    def position_mm(self) -> tuple[float, float]:
        return (self.x_mm, self.y_mm)
