"""Drawing of the breathing guide: the shape that fills with air (balloon, flower or
wave) and, beside it, a cue for "in" and "out" that does not rely on size alone.

The cue is a gauge (a rounded tube that fills as the breath comes in and empties as it
goes out) with a soft chevron over it pointing up while breathing in and down while
breathing out, a flat bar while holding: a child who cannot judge a slowly growing
shape, or plays at motion 0 where the shape keeps its size, still sees which way the
breath goes. Nothing in it flashes: the chevron turns at most twice a breath.
"""

from __future__ import annotations

import math

import pygame
import pygame.gfxdraw

from sensory_games.activities.calming.breathing_guide import BreathingGuide
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import background_colour, mix
from sensory_games.ui.damage import flat_backdrop
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.shapes import disc, thick_line
from sensory_games.ui.widgets import draw_progress_dots

#: How much bigger than the breathing radius each shape is drawn: the flower and the
#: wave were small beside the balloon.
SHAPE_SCALE = {"balloon": 1.0, "flower": 1.25, "wave": 1.3}
#: The gauge: its width and height (mm), and its gap (mm) from the shape's widest reach.
GAUGE_W_MM, GAUGE_H_MM, GAUGE_GAP_MM = 9.0, 36.0, 10.0
#: The shape's colour deepens with the breath in this many steps (each a few cached
#: disc sprites, not new ones every frame; a step is far under any flash threshold).
COLOUR_STEPS = 12


def shape_colour(palette: Palette, fullness: float) -> Colour:
    """The shape's colour: calm blue-green, a little deeper when full of air."""
    return mix(palette.calm, palette.accents[1], 0.35 * fullness)


def draw_shape(
    surface: pygame.Surface,
    shape: str,
    centre: tuple[int, int],
    radius: float,
    colour: Colour,
    palette: Palette,
) -> None:
    """One breathing shape around `centre`, `radius` px its breathing size (the flower
    and the wave drawn SHAPE_SCALE bigger), with a darker edge that reads on any palette.
    Plain circles (a smooth outline on the balloon): the shape changes size every frame,
    so nothing here can be a cached sprite."""
    cx, cy = centre
    radius *= SHAPE_SCALE.get(shape, 1.0)
    edge = mix(colour, palette.ink, 0.3)
    if shape == "flower":  # (plain circles: the shape changes size every frame)
        petal_colour = mix(palette.accents[4], colour, 0.2)
        for outline, grow in ((edge, 2), (petal_colour, 0)):
            for k in range(6):
                angle = k * math.pi / 3
                petal = (cx + math.cos(angle) * radius * 0.55, cy + math.sin(angle) * radius * 0.55)
                pygame.draw.circle(surface, outline, petal, radius * 0.42 + grow)
        heart = mix(palette.accents[2], colour, 0.15)
        pygame.draw.circle(surface, mix(heart, palette.ink, 0.25), centre, radius * 0.34 + 2)
        pygame.draw.circle(surface, heart, centre, radius * 0.34)
    elif shape == "wave":  # a soft band: overlapping discs make its edges smooth
        width = radius * 2.2
        band = max(4.0, radius * 0.18)
        points = [
            (cx - width / 2 + width * k / 90, cy + math.sin(k / 90 * 3 * math.pi) * radius * 0.3)
            for k in range(91)
        ]
        for colour_now, size in ((edge, band + 2), (colour, band)):
            for point in points:
                pygame.draw.circle(surface, colour_now, point, size)
    else:  # balloon: a round body, a little knot, a string
        string = mix(palette.ink_soft, palette.background, 0.4)
        thick_line(surface, string, [(cx, cy + radius), (cx - radius * 0.1, cy + radius * 1.5)], 2)
        knot = [(cx, cy + radius * 0.95), (cx - 6, cy + radius + 8), (cx + 6, cy + radius + 8)]
        pygame.draw.polygon(surface, edge, knot)
        # the edge a 3-px ring under the body: the same pixels as a filled disc of the
        # edge colour under it, without filling the whole disc twice
        pygame.draw.circle(surface, edge, centre, radius + 2, 3)
        pygame.draw.circle(surface, colour, centre, radius)
        # a smooth outline: the edge's outer rim anti-aliased (one px: a two-px
        # anti-aliased ring costs several times more, at every size the breath passes;
        # gfxdraw's one-px ring costs about half of draw.aacircle's)
        pygame.gfxdraw.aacircle(surface, round(cx), round(cy), round(radius + 2), edge)
        disc(
            surface,
            mix(colour, palette.surface, 0.35),
            (cx - radius * 0.35, cy - radius * 0.35),
            max(2, radius * 0.14),
        )


def draw_breath_cue(
    surface: pygame.Surface,
    rect: pygame.Rect,
    palette: Palette,
    fullness: float,
    phase: str | None,
    motion: float,
) -> list[pygame.Rect]:
    """The gauge in `rect` (px) filled to `fullness` (0..1), with its chevron above it:
    up for "in", down for "out", a flat bar for a hold, nothing between breaths. At
    motion 0 the level does not move: the whole tube fades to full colour and back.
    Returns where it drew (px: the gauge, and the chevron if any)."""
    ink = palette.ink_soft
    fill = mix(palette.calm, palette.accents[1], 0.4)
    if motion > 0:  # the empty tube does not change: a cached sprite
        surface.blit(tube_sprite(rect.size, palette.surface, 0), rect)
    else:
        empty = mix(palette.surface, fill, fullness)
        pygame.draw.rect(surface, empty, rect, border_radius=rect.w // 2)
    level = rect.inflate(-4, -4)
    level.h = round(level.h * fullness)
    if motion > 0 and level.h > 0:
        level.bottom = rect.bottom - 2
        pygame.draw.rect(surface, fill, level, border_radius=max(1, level.w // 2))
    surface.blit(tube_sprite(rect.size, ink, max(2, rect.w // 8)), rect)
    if phase is None:
        return [rect]
    chevron = chevron_sprite(phase, rect.w, ink)
    size = rect.w * 0.8
    where = chevron.get_rect(center=(rect.centerx, round(rect.y - size * 1.1)))
    return [rect, surface.blit(chevron, where)]


@kept_by_bytes(scope=SCENE)
def tube_sprite(size: tuple[int, int], colour: Colour, outline: int) -> pygame.Surface:
    """The gauge's rounded tube `size` px on a clear sprite: filled with `colour`, or
    (`outline` > 0) only its outline that many px wide; the same pixels as drawing it
    (no smoothing), drawn once instead of every frame."""
    sprite = pygame.Surface(size, pygame.SRCALPHA)
    sprite.fill((*colour, 0))
    pygame.draw.rect(sprite, colour, sprite.get_rect(), outline, border_radius=size[0] // 2)
    return sprite


@kept_by_bytes(scope=SCENE)
def chevron_sprite(phase: str, gauge_w: int, ink: Colour) -> pygame.Surface:
    """The cue's chevron over a gauge `gauge_w` px wide: up for "in", down for "out", a
    flat bar for a hold; drawn once per phase (it only turns, at most twice a breath)."""
    size, width = gauge_w * 0.8, max(3, gauge_w // 3)
    pad = width
    sprite = pygame.Surface((round(2 * size + 2 * pad), round(size + 2 * pad)), pygame.SRCALPHA)
    sprite.fill((*ink, 0))
    cx, top = sprite.get_width() / 2, sprite.get_height() / 2 - size / 2
    if phase == "in":
        points = [(cx - size, top + size), (cx, top), (cx + size, top + size)]
    elif phase == "out":
        points = [(cx - size, top), (cx, top + size), (cx + size, top)]
    else:
        points = [(cx - size, top + size / 2), (cx + size, top + size / 2)]
    thick_line(sprite, ink, points, width)
    return sprite


def gauge_rect(scene: BreathingGuide) -> pygame.Rect:
    """Where the gauge goes (px): right of the shape's widest reach, or left of it when
    the right has no room, on the shape's middle line."""
    metrics = scene.context.metrics
    cx, cy = scene.centre_mm()
    shape = scene.parameters["shape"]
    wide = 1.1 if shape == "wave" else 1.0  # (the wave is wider than its radius)
    reach = scene.radius_range_mm()[1] * SHAPE_SCALE.get(shape, 1.0) * wide
    x = cx + reach + GAUGE_GAP_MM
    if x + GAUGE_W_MM > metrics.width_mm - 2.0:
        x = cx - reach - GAUGE_GAP_MM - GAUGE_W_MM
    x = min(max(x, 2.0), metrics.width_mm - GAUGE_W_MM - 2.0)
    return metrics.rect_mm(x, cy - GAUGE_H_MM / 2, GAUGE_W_MM, GAUGE_H_MM)


def shape_bounds(shape: str, centre: tuple[int, int], radius: float) -> pygame.Rect:
    """Everything draw_shape paints for `shape` at `centre` with breathing `radius` (px),
    with a couple of px to spare for rounding and anti-aliasing."""
    cx, cy = centre
    radius *= SHAPE_SCALE.get(shape, 1.0)
    if shape == "flower":
        left = right = up = down = radius * 0.97 + 2
    elif shape == "wave":
        band = max(4.0, radius * 0.18) + 2
        left = right = radius * 1.1 + band
        up = down = radius * 0.3 + band
    else:  # the balloon, its knot and string
        left = right = up = radius + 3
        down = max(radius * 1.5 + 2, radius + 8)
    spare = 3
    return pygame.Rect(
        math.floor(cx - left) - spare,
        math.floor(cy - up) - spare,
        math.ceil(left + right) + 2 * spare + 1,
        math.ceil(up + down) + 2 * spare + 1,
    )


def draw_breathing(surface: pygame.Surface, scene: BreathingGuide, play: float) -> None:
    """The shape and the in/out cue. At motion 0 the shape keeps its size and only its
    colour breathes: the gauge and its chevron still show in and out.

    The background is flat; the shape, the gauge, its chevron and the progress dots are
    moving parts, drawn only on frames where one of them changed (during a hold, and
    before and after the breaths, nothing is drawn)."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    canvas = scene.activity.canvas
    fullness = scene.fullness(play)
    phase = scene.phase(play)
    dots = scene.cycles_done(play) if sensory.intensity.complexity > 0 else None
    small, large = scene.radius_range_mm()
    radius_px = metrics.px(small + (large - small) * fullness * sensory.intensity.motion)
    colour = shape_colour(palette, round(fullness * COLOUR_STEPS) / COLOUR_STEPS)
    backdrop = flat_backdrop(background_colour(palette))
    if canvas.parts.unchanged(
        surface, context.damage, backdrop, (fullness, phase, dots, radius_px, colour)
    ):
        return
    parts = canvas.parts
    parts.begin(surface, context.damage, backdrop)
    if dots is not None:
        parts.drew(draw_progress_dots(surface, metrics, palette, dots, scene.parameters["cycles"]))
    shape, centre = scene.parameters["shape"], metrics.to_px(*scene.centre_mm())
    draw_shape(surface, shape, centre, radius_px, colour, palette)
    parts.drew(shape_bounds(shape, centre, radius_px))
    for rect in draw_breath_cue(
        surface, gauge_rect(scene), palette, fullness, phase, sensory.intensity.motion
    ):
        parts.drew(rect)
    parts.end()
