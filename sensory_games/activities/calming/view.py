"""Drawing of the calming scenes (reads a scene at a play time, changes nothing).

Everything is drawn from the sensory palette and channels: motion scales how far things
move (at motion 0 a scene changes only by slow fades), complexity how many things share
the screen (at complexity 0 one element: the shape, the jar, one bubble, the wash).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import Any, cast

import pygame

from sensory_games.activities.calming.breathing_guide import BreathingGuide
from sensory_games.activities.calming.breathing_view import draw_breathing, draw_shape, shape_colour
from sensory_games.activities.calming.calm_scene import CalmScene
from sensory_games.activities.calming.colour_wash import BLOOM_S, ColourWash
from sensory_games.activities.calming.drifting_bubbles import STILL_BUBBLE_LIFE_S, DriftingBubbles
from sensory_games.activities.calming.glitter_jar import GlitterJar
from sensory_games.activities.calming.glitter_view import draw_jar, prepare_jar
from sensory_games.activities.calming.wash_layers import PlainSteps
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import background_colour, bubble_sprite, mix
from sensory_games.ui.damage import Backdrop, flat_backdrop, layer_backdrop
from sensory_games.ui.kept import SCENE, forget_at_scene_end, kept_by_bytes
from sensory_games.ui.layer import Layer
from sensory_games.ui.round_sprites import blit_disc
from sensory_games.ui.spare_time import SpareTime

# -- drifting bubbles --------------------------------------------------------------------


#: A popped bubble swells (with motion) in this many steps while it fades.
POP_STEPS = 4


def draw_drifting_bubbles(surface: pygame.Surface, scene: DriftingBubbles, play: float) -> None:
    """Bubbles fade in; a popped one fades out and (with motion) swells a little. Every
    bubble is a moving part over the flat background."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    canvas = scene.activity.canvas
    parts = canvas.parts
    parts.begin(surface, context.damage, flat_backdrop(background_colour(palette)))
    fade = sensory.fade_s(0.6)
    for bubble in scene.bubbles:
        age = play - bubble.born_s
        opacity = min(1.0, age / fade)
        grow = 1.0
        if bubble.popped_s is not None:
            progress = min(1.0, (play - bubble.popped_s) / fade)
            opacity = min(opacity, 1.0 - progress)
            # it swells in POP_STEPS sizes: each a cached sprite, not a new one every frame
            grow += 0.3 * round(progress * POP_STEPS) / POP_STEPS * sensory.intensity.motion
        elif bubble.rise_mm_s == 0:  # a still bubble fades away at the end of its life
            opacity = min(opacity, max(0.0, (STILL_BUBBLE_LIFE_S - age) / fade))
        if opacity <= 0:
            continue
        colour = mix(palette.accents[bubble.colour_index], palette.surface, 0.3)
        sprite = bubble_sprite(colour, palette.surface_edge, metrics.px(bubble.radius_mm * grow))
        sprite.set_alpha(round(255 * opacity))
        centre = metrics.to_px(*bubble.centre_mm(play))
        parts.drew(surface.blit(sprite, sprite.get_rect(center=centre)))
    parts.end()


# -- colour wash -------------------------------------------------------------------------

#: The wash drifts through these accent colours (blue, green, violet, pink), made pale.
WASH_ACCENTS = (0, 1, 5, 4)
#: Height (px) of one band of the gradient.
WASH_BAND_PX = 16
#: A bloom's radius (mm) when fully grown, and the steps in which it grows (each size is
#: a cached sprite of up to a megabyte: few steps keep the memory small).
BLOOM_RADIUS_MM = 28.0
BLOOM_STEPS = 6
#: A bloom's opacity (0..255) moves in steps of this much (too small to see on its soft
#: edge): it changes every few frames, not every one, and a frame redraws only the
#: blooms that changed.
BLOOM_ALPHA_STEP = 4


#: How pale the wash is: its colours are mixed this far towards the palette's surface
#: (the palette is already softened by the visual channel).
WASH_PALE = 0.35
#: The soft clouds drifting over the gradient: their accents (pink, blue), radius (share
#: of the screen's longer side), how far (share of the screen) they wander at full
#: motion, and how far they lean the wash towards their accent (0..1).
CLOUD_ACCENTS = (4, 0)
CLOUD_RADIUS, CLOUD_WANDER, CLOUD_STRENGTH = 0.19, 0.1, 0.7
#: Rings of a cloud's soft edge.
CLOUD_RINGS = 32
SUBTRACT = pygame.BLEND_RGB_SUB


def wash_colour(palette: Palette, phase: float) -> Colour:
    """The wash's colour at `phase` (0..1 round the cycle), eased between accents."""
    k = (phase % 1.0) * len(WASH_ACCENTS)
    index = int(k)
    share = 0.5 - 0.5 * math.cos(math.pi * (k - index))
    a = palette.accents[WASH_ACCENTS[index]]
    b = palette.accents[WASH_ACCENTS[(index + 1) % len(WASH_ACCENTS)]]
    return mix(mix(a, b, share), palette.surface, WASH_PALE)


def draw_wash(surface: pygame.Surface, scene: ColourWash, play: float) -> None:
    """A soft wash: a three-colour vertical gradient, two large soft clouds of the next
    colours drifting slowly over it (their path scaled by motion), and the blooms.

    A frame whose wash looks as the last one's (its colours rounded to 8 bits, its
    clouds to whole px) and whose blooms do too draws nothing; one whose wash is the
    same but blooms changed paints the wash again only in the squares of the blooms that
    changed, with the blooms overlapping them; one whose wash moved a step copies the
    step composed ahead, blooms and all, and draws again the blooms that changed since
    (activities/calming/wash_layers.py; painted whole when no layer holds it yet)."""
    context = scene.context
    palette, damage = context.palette, context.damage
    step, size = wash_step(scene.phase), surface.get_size()
    look = step_look(scene, step, size)
    blooms = bloom_looks(scene, play)
    parts = scene.activity.canvas.parts
    plain = WASH_PLAIN.holding((palette, look))
    backdrop = wash_backdrop(palette, look) if plain is None else layer_backdrop(plain)
    if not parts.unchanged(surface, damage, backdrop, (look, blooms)):
        looks = bloom_places(blooms)
        if WASH_AHEAD.shows is not None and WASH_AHEAD.shows[0] == (palette, look):
            assert WASH_AHEAD.surface is not None
            drawn = cast(Sequence[tuple[BloomLook, tuple[int, ...]]], WASH_AHEAD.extra)
            if parts.repaint_share(surface, look, looks) > COPY_SHARE:
                parts.copied_whole(surface, damage, WASH_AHEAD.surface, look, drawn)
        parts.draw_changed(
            surface, damage, backdrop, looks, lambda i: draw_bloom(surface, *looks[i]), shows=look
        )
    # (also after a frame that drew nothing: the next may be a step, its blooms faded on)
    coming = bloom_places(bloom_looks(scene, play + scene.step_s))  # (the next frame's)
    next_frame = step_look(scene, wash_step(scene.phase_after(scene.step_s)), size)
    _ask_layers(surface, scene, look, step_look(scene, step + 1, size), (next_frame, coming))


def wash_step(phase: float) -> int:
    """The step (0..WASH_STEPS - 1) the wash shows at `phase` (0..1 round the cycle)."""
    return round(phase * WASH_STEPS) % WASH_STEPS


def step_look(scene: ColourWash, step: int, size: tuple[int, int]) -> WashLook:
    """`scene`'s wash at `step` (taken round the cycle) on a screen of `size` (px), in its
    colours and motion now."""
    motion = scene.context.sensory.intensity.motion
    return wash_look(scene.context.palette, motion, step % WASH_STEPS / WASH_STEPS, size)


#: A frame whose changed blooms' squares cover more than this share of the screen copies
#: the next frame composed ahead whole instead (3 blooms changing at once: 2-2.4 ms
#: painted again in their squares at 1920x1080, against a 0.9 ms copy).
COPY_SHARE = 0.15


def _ask_layers(
    screen: pygame.Surface,
    scene: ColourWash,
    look: WashLook,
    next_look: WashLook,
    coming: tuple[WashLook, list[tuple[BloomLook, pygame.Rect]]],
) -> None:
    """Ask the spare time for the step on screen and the next one (`next_look`), plain
    (once a step), then for the next frame as it will look, `coming`: its step, and its
    blooms (again when either changes: the frame that shows it then copies it whole when
    much changed, a step or blooms fading, and draws again only a bloom a new touch made)."""
    palette, spare_time = scene.context.palette, scene.context.spare_time
    _ask_plain(screen, scene, look, next_look)
    frame_look, looks = coming
    drawn = tuple((bloom, tuple(place)) for bloom, place in looks)

    def paint_ahead(layer: pygame.Surface) -> None:
        paint_wash(layer, palette, frame_look)
        for bloom, place in looks:
            draw_bloom(layer, bloom, place)

    WASH_AHEAD.ask(screen, ((palette, frame_look), drawn), paint_ahead, spare_time, drawn)


def _ask_plain(
    screen: pygame.Surface,
    scene: ColourWash,
    look: WashLook,
    next_look: WashLook,
    spare_time: SpareTime | None = None,
) -> None:
    """Ask the spare time (or `spare_time`) for the steps `look` and `next_look`, plain
    (WASH_PLAIN)."""
    palette = scene.context.palette
    WASH_PLAIN.ask(
        screen,
        (
            ((palette, look), lambda layer: paint_wash(layer, palette, look)),
            ((palette, next_look), lambda layer: paint_wash(layer, palette, next_look)),
        ),
        spare_time if spare_time is not None else scene.context.spare_time,
    )


def prepare_wash(screen: pygame.Surface, scene: ColourWash, ahead: SpareTime) -> None:
    """Have `ahead` paint the step the wash opens on and the next, plain: its first frame
    copies the one (4-5 ms painted in that frame at 1920x1080)."""
    step, size = wash_step(scene.phase), screen.get_size()
    _ask_plain(screen, scene, step_look(scene, step, size), step_look(scene, step + 1, size), ahead)


def bloom_places(blooms: tuple[BloomLook, ...]) -> list[tuple[BloomLook, pygame.Rect]]:
    """Each bloom with the square (px) its sprite covers (bloom_sprite's size, worked out
    from the radius: the next frame's blooms' sprites are then made, when new, by the
    spare time's paint, not in this frame)."""
    places = []
    for bloom in blooms:
        side = 2 * bloom[1] + 2
        place = pygame.Rect(0, 0, side, side)
        place.center = bloom[3]
        places.append((bloom, place))
    return places


def draw_bloom(surface: pygame.Surface, bloom: BloomLook, place: pygame.Rect) -> None:
    """Blend one bloom over what `surface` shows, its sprite's square at `place`."""
    colour, radius, alpha, _ = bloom
    disc = bloom_sprite(colour, radius)
    disc.set_alpha(alpha)
    blit_disc(surface, disc, place.topleft, radius + 1)


#: How a bloom is drawn: its colour, radius (px), opacity (0..255) and centre (px).
BloomLook = tuple[Colour, int, int, tuple[int, int]]


def bloom_looks(scene: ColourWash, play: float) -> tuple[BloomLook, ...]:
    """The blooms showing at play time `play`, each as it is drawn."""
    metrics, palette = scene.context.metrics, scene.context.palette
    motion = scene.context.sensory.intensity.motion
    looks = []
    for bloom in scene.blooms:
        alpha = min(255, BLOOM_ALPHA_STEP * round(255 * bloom.strength(play) / BLOOM_ALPHA_STEP))
        if alpha <= 0:
            continue
        colour = wash_colour(palette, 0.25 * bloom.hue_step + 0.125)
        grown = round(min(1.0, (play - bloom.born_s) / BLOOM_S) * BLOOM_STEPS) / BLOOM_STEPS
        radius = metrics.px(BLOOM_RADIUS_MM * (1.0 - 0.5 * motion * (1.0 - grown)))
        looks.append((colour, radius, alpha, metrics.to_px(bloom.x_mm, bloom.y_mm)))
    return tuple(looks)


#: What the wash's layer shows: its gradient's three colours and where (px) its clouds'
#: middles are, on a screen of a size (px).
WashLook = tuple[tuple[Colour, ...], tuple[tuple[int, int], ...], tuple[int, int]]


@lru_cache(maxsize=8)  # (each frame asks for its step, the next and the next frame's)
def wash_look(palette: Palette, motion: float, phase: float, size: tuple[int, int]) -> WashLook:
    """The wash at `phase` (0..1 round the cycle) on a screen of `size` (px): the
    gradient's colours and the clouds drifting round their own places as far as `motion`
    (0..1) lets them."""
    width, height = size
    stops = tuple(wash_colour(palette, phase + k * 0.25) for k in (0, 1, 2))
    wander = CLOUD_WANDER * motion
    clouds = []
    for cloud in range(len(CLOUD_ACCENTS)):
        angle = 2 * math.pi * (phase * 3 + cloud / len(CLOUD_ACCENTS))
        cloud_x = width * (0.28 + 0.44 * cloud + wander * math.cos(angle))
        cloud_y = height * (0.5 + wander * math.sin(angle))
        clouds.append((round(cloud_x), round(cloud_y)))
    return stops, tuple(clouds), size


@lru_cache(maxsize=2)  # (asked every frame: the same painter while the wash holds a step)
def wash_backdrop(palette: Palette, look: WashLook) -> Backdrop:
    """The wash `look` as a backdrop painted straight onto the screen: the whole of it
    (a step no layer holds yet: every pixel changes), or only a part (where a bloom
    changed), clipped there."""

    def paint(surface: pygame.Surface, area: pygame.Rect | None) -> None:
        if area is None:
            paint_wash(surface, palette, look)
            return
        clip = surface.get_clip()
        surface.set_clip(area.clip(clip))
        paint_wash(surface, palette, look, (area.top, area.bottom))
        surface.set_clip(clip)

    return paint


#: The wash's layers (activities/calming/wash_layers.py): the step on screen and the next
#: one, plain (palette, look), so a step's frame copies a changed bloom's square from a
#: layer too; the next step with the blooms as the next frame will show them (composed
#: again when those change, in the spare time: composed once a step, a step's frame drew
#: again every bloom changed since, and its p99 doubled).
WASH_PLAIN: PlainSteps[tuple[Palette, WashLook]] = PlainSteps()
WASH_AHEAD: Layer[tuple[tuple[Palette, WashLook], Hashable]] = Layer()  # (extra: its blooms)
forget_at_scene_end(WASH_PLAIN.forget)
forget_at_scene_end(WASH_AHEAD.forget)


def paint_wash(
    surface: pygame.Surface, palette: Palette, look: WashLook, rows: tuple[int, int] | None = None
) -> None:
    """The wash `look` over `surface` (within its clip): the gradient in bands (fills),
    the clouds subtracted (a cheap blend, no full-screen alpha). `rows` (top, bottom px):
    only the bands that reach into them are filled (a part of the screen, clipped)."""
    stops, clouds, (width, height) = look
    top, bottom = rows or (0, height)
    for y, colour in wash_bands(stops, height):
        if y + WASH_BAND_PX > top and y < bottom:
            surface.fill(colour, (0, y, width, WASH_BAND_PX))
    cloud_px = round(max(width, height) * CLOUD_RADIUS)
    for centre, shade in zip(clouds, cloud_shades(palette), strict=True):
        sprite = cloud_shade(shade, cloud_px)
        where = sprite.get_rect(center=centre)
        blit_disc(surface, sprite, where.topleft, cloud_reach(shade, cloud_px), SUBTRACT)


#: The wash moves in this many steps a cycle: at full motion a step every third frame
#: (a cloud moves 3 px, a colour a fraction of a unit: too soft to see as a jump); at
#: motion 0 every seventh or so. (It is painted again only when a step shows.)
WASH_STEPS = 1200


@lru_cache(maxsize=4)  # (the colours move on a unit only every few frames)
def wash_bands(stops: tuple[Colour, ...], height: int) -> tuple[tuple[int, Colour], ...]:
    """The gradient's bands: (top y px, colour) every WASH_BAND_PX down a screen `height`
    px tall, from the first of the three `stops` through the second to the third."""
    bands = []
    for y in range(0, height, WASH_BAND_PX):
        share = 2 * y / height
        k = min(1, int(share))
        bands.append((y, mix(stops[k], stops[k + 1], share - k)))
    return tuple(bands)


@lru_cache(maxsize=4)
def cloud_shades(palette: Palette) -> tuple[Colour, ...]:
    """What each cloud subtracts at its middle: the wash's middle colour leaned
    CLOUD_STRENGTH of the way towards the cloud's pale accent (fixed per palette, so a
    cloud's sprite is made once)."""
    middle = wash_colour(palette, 0.125)
    shades = []
    for accent in CLOUD_ACCENTS:
        target = mix(palette.accents[accent], palette.surface, WASH_PALE)
        r, g, b = (
            round(max(0, m - t) * CLOUD_STRENGTH) for m, t in zip(middle, target, strict=True)
        )
        shades.append((r, g, b))
    return tuple(shades)


#: Rings of a bloom, from its faint edge to its middle.
BLOOM_RINGS = 12


@kept_by_bytes(scope=SCENE)  # (4 colours x 7 sizes: about 25 MB at 1920x1080)
def bloom_sprite(colour: Colour, radius_px: int) -> pygame.Surface:
    """A soft disc of `colour`, blended over the gradient under it: BLOOM_RINGS rings
    whose opacity rises smoothly (eased) from nothing at the edge to full in the middle,
    each step too small to read as an edge (cached per colour and size)."""
    disc = pygame.Surface((2 * radius_px + 2, 2 * radius_px + 2), pygame.SRCALPHA)
    middle = (radius_px + 1, radius_px + 1)
    for ring in range(BLOOM_RINGS, 0, -1):
        inward = 1.0 - (ring - 1) / BLOOM_RINGS  # 1/RINGS at the edge .. 1 in the middle
        alpha = round(255 * (0.5 - 0.5 * math.cos(math.pi * inward)))
        pygame.draw.circle(disc, (*colour, alpha), middle, radius_px * ring / BLOOM_RINGS)
    return disc


@lru_cache(maxsize=8)
def cloud_reach(shade: Colour, radius_px: int) -> float:
    """How far (px) from its middle cloud_shade's sprite subtracts anything: its outer
    rings round to black (nothing) and need not be blitted."""
    for ring in range(CLOUD_RINGS, 0, -1):
        if _cloud_ring(shade, ring) != (0, 0, 0):
            return radius_px * ring / CLOUD_RINGS
    return 0.0


def _cloud_ring(shade: Colour, ring: int) -> Colour:
    """The colour of the cloud's `ring` (1 in the middle .. CLOUD_RINGS at its edge)."""
    inward = 1.0 - (ring - 1) / CLOUD_RINGS
    return mix((0, 0, 0), shade, 0.5 - 0.5 * math.cos(math.pi * inward))


@kept_by_bytes(scope=SCENE)
def cloud_shade(shade: Colour, radius_px: int) -> pygame.Surface:
    """A soft round cloud to subtract from the wash (BLEND_RGB_SUB): `shade` in the
    middle, nothing (black) at the edge, eased over CLOUD_RINGS rings so no edge shows."""
    surface = pygame.Surface((2 * radius_px + 2, 2 * radius_px + 2))
    surface.fill((0, 0, 0))
    middle = (radius_px + 1, radius_px + 1)
    for ring in range(CLOUD_RINGS, 0, -1):
        pygame.draw.circle(
            surface, _cloud_ring(shade, ring), middle, radius_px * ring / CLOUD_RINGS
        )
    return surface


DRAWERS: dict[type[CalmScene], Callable[[pygame.Surface, Any, float], None]] = {
    BreathingGuide: draw_breathing,
    GlitterJar: draw_jar,
    DriftingBubbles: draw_drifting_bubbles,
    ColourWash: draw_wash,
}


def draw_scene(surface: pygame.Surface, scene: CalmScene, play: float) -> None:
    """Draw `scene` as it is at play time `play` (s)."""
    DRAWERS[type(scene)](surface, scene, play)


#: The scenes whose first frame has much to paint, and what has it painted ahead.
PREPARERS: dict[type[CalmScene], Callable[[pygame.Surface, Any, SpareTime], None]] = {
    GlitterJar: prepare_jar,
    ColourWash: prepare_wash,
}


def prepare_scene(screen: pygame.Surface, scene: CalmScene, ahead: SpareTime) -> None:
    """Have `ahead` paint what `scene`'s first frame on `screen` would."""
    prepare = PREPARERS.get(type(scene))
    if prepare is not None:
        prepare(screen, scene, ahead)


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a balloon with two soft rings around it (breathing out)."""
    centre = (rect.centerx, rect.centery - rect.h // 10)
    radius = min(rect.w, rect.h) * 0.22
    for k, share in ((2, 0.75), (1, 0.55)):
        pygame.draw.circle(
            surface, mix(palette.calm, palette.surface, share), centre, radius * (1 + 0.25 * k), 3
        )
    draw_shape(surface, "balloon", centre, radius, shape_colour(palette, 0.6), palette)
