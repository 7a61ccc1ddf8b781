"""The reward after a completed attempt: calm or lively according to `feedback`.

Sparkles fade in once, drift (if motion allows) and fade out once; a soft glow is a
single flash requested from the flash guard. Never more than 3 flashes in a second.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import praise_for
from sensory_games.engine.scenes.base import ChildScene
from sensory_games.ui.art import WHITE, mix, vertical_gradient

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: The child may tap to move on after this long (s).
MIN_SHOW_S = 0.8
#: The glow rises and falls in this many steps (each well under a flash's 0.1 change of
#: relative luminance).
GLOW_STEPS = 6


def star_points(
    centre: tuple[float, float], outer: float, inner: float
) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star."""
    cx, cy = centre
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


class RewardScene(ChildScene):
    """A star grows gently, sparkles float; ends by itself or with a tap."""

    def __init__(self, stage: Stage, seed: int = 0) -> None:
        super().__init__(stage)
        self.style = stage.child.sensory.celebration()
        self.started_at = stage.clock.now()
        rng = random.Random(seed)
        self.sparkles = [
            (rng.random(), rng.uniform(0.2, 0.9), rng.uniform(0.0, 0.4), rng.randrange(6))
            for _ in range(self.style.sparkles)
        ]
        self.glow = False

    def enter(self) -> None:
        """On screen now: one soft chime and, if the flash guard allows, one slow glow."""
        self.started_at = self.stage.clock.now()
        if self.style.glow > 0:
            self.glow = self.stage.child.sensory.flash_guard.request(self.started_at)
        self.stage.sounds.play("reward", 0.7)
        self.stage.voice.say(praise_for(round(self.started_at)))

    @property
    def age_s(self) -> float:
        return self.stage.clock.now() - self.started_at

    def update(self, dt: float) -> None:
        if self.age_s >= self.style.duration_s:
            self.stage.pop()

    def handle(self, pointer: PointerEvent) -> bool:
        if super().handle(pointer):
            return True
        if pointer.phase == "down" and self.age_s >= MIN_SHOW_S:
            self.stage.pop()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        metrics, sensory = self.stage.metrics, self.stage.child.sensory
        palette, motion = sensory.palette, sensory.intensity.motion
        age = self.age_s
        life = min(1.0, age / self.style.duration_s)
        envelope = min(1.0, age / 0.5, (self.style.duration_s - age) / 0.5)
        envelope = max(0.0, envelope)
        top = palette.background
        if self.glow:  # in a few steps, so the cached backgrounds are reused
            steps = GLOW_STEPS * envelope
            top = mix(top, WHITE, self.style.glow * round(steps) / GLOW_STEPS)
        surface.blit(vertical_gradient(metrics.size_px, top, palette.background_edge), (0, 0))
        unit = min(metrics.width_px, metrics.height_px)
        for fx, fy, delay, colour_index in self.sparkles:
            local = max(0.0, min(1.0, (life - delay) / max(0.01, 1 - delay)))
            if local <= 0:
                continue
            alpha = min(1.0, local * 4, (1 - local) * 4)
            y = fy - 0.12 * local * motion
            colour = mix(palette.background, palette.accents[colour_index], alpha)
            pygame.draw.circle(
                surface, colour, (fx * metrics.width_px, y * metrics.height_px), max(2, unit // 80)
            )
        grow = 0.75 + 0.25 * min(1.0, age / 0.6) if motion > 0 else 1.0
        outer = unit * 0.22 * grow
        star_colour = mix(palette.background, palette.accents[2], envelope)
        centre = (metrics.width_px / 2, metrics.height_px / 2)
        pygame.draw.polygon(surface, star_colour, star_points(centre, outer, outer * 0.45))
        pygame.draw.polygon(
            surface,
            mix(palette.background, palette.ink, 0.5 * envelope),
            star_points(centre, outer, outer * 0.45),
            max(2, unit // 200),
        )
        self.draw_buttons(surface)
