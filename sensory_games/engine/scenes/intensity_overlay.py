"""The therapist's live sensory overlay: five sliders and the presets, over the activity.

Opened with F2 on a keyboard or from the adult menu (top-right corner held 3 s), never by
a child's ordinary touch. The activity keeps running underneath; touches outside the
panel still reach it. Every change applies from the next frame and is written into the
running attempt with its time.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import CHANNELS, PRESETS, Palette
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.art import IconDrawer, mix
from sensory_games.ui.layout_rules import LayoutBox, text_box
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred
from sensory_games.ui.widgets import Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

PANEL_MM = (124.0, 88.0)
ROW_MM = 12.0
BUTTON_MM = (27.0, 13.0)


class IntensityOverlay:
    """A panel of sliders; `handle` takes the pointers that land on it."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._dragging: dict[int, str] = {}
        self._picture: pygame.Surface | None = None
        self._picture_key: object = None
        self.layout(stage.metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        width, height = PANEL_MM
        left = max(2.0, metrics.width_mm / 2 - width / 2)
        self.panel = metrics.rect_mm(left, 4.0, min(width, metrics.width_mm - 4), height)
        self.tracks: dict[str, pygame.Rect] = {}
        for index, channel in enumerate(CHANNELS):
            self.tracks[channel] = metrics.rect_mm(
                left + 32.0, 8.0 + index * ROW_MM, width - 40.0, ROW_MM * 0.7
            )
        y = 8.0 + len(CHANNELS) * ROW_MM + 2.0
        self.buttons = [
            Button(
                metrics.rect_mm(left + 4 + i * (BUTTON_MM[0] + 3), y, *BUTTON_MM),
                _word(name),
                partial(self.choose_preset, name),
                label=name,
            )
            for i, name in enumerate(PRESETS)
        ]
        self.buttons.append(
            Button(
                metrics.rect_mm(left + width - 4 - BUTTON_MM[0], y, *BUTTON_MM),
                _word("close"),
                self.stage.close_overlay,
                label="close",
            )
        )
        self._picture = None

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        """True when the pointer belongs to the panel (the activity does not see it)."""
        metrics = self.stage.metrics
        point = metrics.to_px(pointer.x_mm, pointer.y_mm)
        for button in self.buttons:
            if button.handle(pointer, metrics):
                self._picture = None
                return True
        if pointer.phase == "down":
            for channel, track in self.tracks.items():
                if track.inflate(0, track.h).collidepoint(point):
                    self._dragging[pointer.pointer_id] = channel
                    self._slide(channel, point[0], pointer.t)
                    return True
            return self.panel.collidepoint(point)
        dragged = self._dragging.get(pointer.pointer_id)
        if dragged is None:
            return False
        if pointer.phase in ("up", "cancel"):
            del self._dragging[pointer.pointer_id]
        else:
            self._slide(dragged, point[0], pointer.t)
        return True

    def _slide(self, channel: str, x_px: int, t: float) -> None:
        track = self.tracks[channel]
        value = min(max((x_px - track.left) / max(1, track.w), 0.0), 1.0)
        value = round(value * 20) / 20  # steps of 0.05
        current = self.stage.child.sensory.intensity
        if abs(getattr(current, channel) - value) > 1e-9:
            self.stage.set_intensity(current.with_overrides({channel: value}), t)

    def choose_preset(self, name: str) -> None:
        self.stage.set_intensity(PRESETS[name], self.stage.clock.now(), preset_name=name)

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """One blit; the panel is painted again only when a value or the size changed."""
        key = (
            self.stage.child.sensory.intensity,
            self.stage.child.sensory.palette,
            self.panel.size,
        )
        if self._picture is None or key != self._picture_key:
            self._picture = self._paint()
            self._picture_key = key
        surface.blit(self._picture, self.panel.topleft)
        for button in self.buttons:
            button.draw(surface, self.stage.child.sensory.palette, self.stage.metrics)

    def _paint(self) -> pygame.Surface:
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        picture = pygame.Surface(self.panel.size, pygame.SRCALPHA)
        area = picture.get_rect()
        pygame.draw.rect(picture, (*palette.surface, 245), area, border_radius=metrics.px(3))
        pygame.draw.rect(
            picture,
            palette.surface_edge,
            area,
            width=max(2, metrics.px(0.6)),
            border_radius=metrics.px(3),
        )
        offset = pygame.Vector2(self.panel.topleft)
        size = metrics.font_px(2.6)
        values = self.stage.child.sensory.intensity
        for channel, track in self.tracks.items():
            local = track.move(-offset.x, -offset.y)
            blit_centred(
                picture, channel, size, palette.ink, (local.left - metrics.px(14), local.centery)
            )
            pygame.draw.rect(
                picture,
                mix(palette.surface_edge, palette.background, 0.3),
                local.inflate(0, -local.h // 2),
                border_radius=local.h // 4,
            )
            knob_x = local.left + round(getattr(values, channel) * local.w)
            filled = pygame.Rect(
                local.left, local.centery - local.h // 4, knob_x - local.left, local.h // 2
            )
            pygame.draw.rect(picture, palette.calm, filled, border_radius=local.h // 4)
            pygame.draw.circle(picture, palette.ink_soft, (knob_x, local.centery), local.h // 2)
        return picture

    def layout_boxes(self) -> list[LayoutBox]:
        """The panel's buttons and sliders as an adult's targets (a slider is touched
        within a track's height above and below it), the words on the buttons."""
        boxes = [LayoutBox(f"slider {name}", track.inflate(0, track.h), "adult")
                 for name, track in self.tracks.items()]  # fmt: skip
        for button in self.buttons:
            boxes.append(LayoutBox(f"button {button.label!r}", button.rect, "adult"))
            boxes.append(text_box("word", button.label, max(12, button.rect.h // 2), button.rect))
        return boxes


def _word(text: str) -> IconDrawer:
    """A button face that is one word (the overlay is for adults)."""

    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        blit_centred(surface, text, max(12, rect.h // 2), palette.ink, rect.center)

    return face
