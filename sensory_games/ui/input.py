"""Raw SDL events -> one stream of :class:`PointerEvent` in millimetres.

Touch fingers (multi-touch, each contact keeps its id from down to up), the mouse and
the keyboard all become pointer events. Timestamps come from the injected clock at the
moment the event is polled (``time.perf_counter`` on the real clock), not at the frame:
the app polls between frames so a tap's timestamp is within a few ms of its arrival.

Two configurable keys (default ``A``/``L``) stand in for a left and a right hand on
kiosks with big buttons: they press at the centre of their half of the screen and carry
``hand="left"``/``"right"``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pygame

from sensory_games.domain.clock import Clock
from sensory_games.domain.pointer import (
    KEY_POINTER_IDS,
    MOUSE_POINTER_ID,
    Hand,
    Phase,
    PointerEvent,
    Source,
)
from sensory_games.ui.screen import ScreenMetrics


class PointerInput:
    """Translates pygame events into pointer events; keeps contact ids and held keys."""

    def __init__(
        self,
        clock: Clock,
        metrics: ScreenMetrics,
        left_hand_key: str = "a",
        right_hand_key: str = "l",
    ) -> None:
        self.clock = clock
        self.metrics = metrics
        self._hand_keys: dict[int, Hand] = {
            pygame.key.key_code(left_hand_key): "left",
            pygame.key.key_code(right_hand_key): "right",
        }
        self._fingers: dict[tuple[int, int], int] = {}
        self._positions: dict[int, tuple[float, float, Source, Hand | None]] = {}
        self._next_id = 1
        self._mouse_down = False

    def translate(self, event: pygame.event.Event, t: float) -> list[PointerEvent]:
        """Pointer events for one pygame event polled at clock time `t` (often none)."""
        kind = event.type
        if kind in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            return self._finger(event, t)
        if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self._mouse(event, t)
        if kind in (pygame.KEYDOWN, pygame.KEYUP) and event.key in self._hand_keys:
            return self._key(event, t)
        if kind == pygame.WINDOWFOCUSLOST:
            return self.cancel_all(t)
        return []

    def cancel_all(self, t: float) -> list[PointerEvent]:
        """End every held contact (focus lost, scene change) with phase ``cancel``."""
        events = [
            PointerEvent(pid, "cancel", x, y, t, source, hand)
            for pid, (x, y, source, hand) in self._positions.items()
        ]
        self._positions.clear()
        self._fingers.clear()
        self._mouse_down = False
        return events

    def _emit(
        self,
        pid: int,
        phase: Phase,
        xy: tuple[float, float],
        t: float,
        source: Source,
        hand: Hand | None = None,
    ) -> PointerEvent:
        if phase in ("up", "cancel"):
            self._positions.pop(pid, None)
        else:
            self._positions[pid] = (xy[0], xy[1], source, hand)
        return PointerEvent(pid, phase, xy[0], xy[1], t, source, hand)

    def _finger(self, event: pygame.event.Event, t: float) -> list[PointerEvent]:
        key = (int(event.touch_id), int(event.finger_id))
        xy = self.metrics.to_mm(event.x * self.metrics.width_px, event.y * self.metrics.height_px)
        if event.type == pygame.FINGERDOWN:
            if key in self._fingers:  # a lost up: close the old contact first
                old = self._emit(self._fingers.pop(key), "cancel", xy, t, "touch")
                out = [old]
            else:
                out = []
            self._fingers[key] = self._next_id
            self._next_id += 1
            return [*out, self._emit(self._fingers[key], "down", xy, t, "touch")]
        pid = self._fingers.get(key)
        if pid is None:
            return []
        if event.type == pygame.FINGERUP:
            del self._fingers[key]
            return [self._emit(pid, "up", xy, t, "touch")]
        return [self._emit(pid, "move", xy, t, "touch")]

    def _mouse(self, event: pygame.event.Event, t: float) -> list[PointerEvent]:
        if getattr(event, "touch", False):
            return []  # SDL's mouse copy of a touch: the finger event already counted
        xy = self.metrics.to_mm(*event.pos)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._mouse_down = True
            return [self._emit(MOUSE_POINTER_ID, "down", xy, t, "mouse")]
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._mouse_down:
            self._mouse_down = False
            return [self._emit(MOUSE_POINTER_ID, "up", xy, t, "mouse")]
        if event.type == pygame.MOUSEMOTION and self._mouse_down:
            return [self._emit(MOUSE_POINTER_ID, "move", xy, t, "mouse")]
        return []

    def _key(self, event: pygame.event.Event, t: float) -> list[PointerEvent]:
        hand = self._hand_keys[event.key]
        pid = KEY_POINTER_IDS[hand]
        quarter = self.metrics.width_mm / 4
        xy = (quarter if hand == "left" else 3 * quarter, self.metrics.height_mm / 2)
        if event.type == pygame.KEYDOWN:
            if pid in self._positions:
                return []  # held key: no repeats
            return [self._emit(pid, "down", xy, t, "key", hand)]
        if pid not in self._positions:
            return []
        return [self._emit(pid, "up", xy, t, "key", hand)]


def finger_event(
    metrics: ScreenMetrics, phase: Phase, finger_id: int, x_mm: float, y_mm: float
) -> pygame.event.Event:
    """One SDL finger event at (x_mm, y_mm), as a touchscreen would send it.

    Bots and tests act through this, so they take exactly the input path of a real finger.
    """
    kind = {"down": pygame.FINGERDOWN, "move": pygame.FINGERMOTION}.get(phase, pygame.FINGERUP)
    return pygame.event.Event(
        kind,
        touch_id=1,
        finger_id=finger_id,
        x=min(max(x_mm / metrics.width_mm, 0.0), 1.0),
        y=min(max(y_mm / metrics.height_mm, 0.0), 1.0),
        dx=0.0,
        dy=0.0,
        pressure=1.0,
    )


def finger_stroke(
    metrics: ScreenMetrics, finger_id: int, path_mm: Iterable[tuple[float, float]]
) -> list[pygame.event.Event]:
    """Finger events (down, moves, up) along `path_mm`; a single point is a tap."""
    points = list(path_mm)
    if len(points) == 1:
        points.append(points[0])
    moves: list[Phase] = ["move"] * (len(points) - 2)
    phases: list[Phase] = ["down", *moves, "up"]
    return [
        finger_event(metrics, phase, finger_id, x, y)
        for phase, (x, y) in zip(phases, points, strict=True)
    ]
