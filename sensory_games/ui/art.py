"""Icons, tiles and soft backgrounds, in the sensory palette's colours.

The team's SVG pictures (ui/pictures.py, assets/art/) are drawn where there is one; the
rest are drawn with pygame's shapes. Shapes have hard edges, so a picture made of them is
drawn :func:`supersample` times larger and scaled down smoothly (:func:`draw_smooth`, and
every Button's face): no jagged edge on a child's screen. Pictures are rendered once per
size into cached surfaces, so drawing a frame only blits them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pygame

from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.ui.gradients import vertical_gradient
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.pictures import picture
from sensory_games.ui.text import blit_centred

WHITE: Colour = (255, 255, 255)

#: A picture drawn into a rect in the palette's colours (a button's face, an icon).
IconDrawer = Callable[[pygame.Surface, pygame.Rect, Palette], None]
#: An art file drawn into a rect in the palette's colours: False when it cannot be drawn.
PictureDrawer = Callable[[pygame.Surface, pygame.Rect, Palette], bool]


@dataclass(frozen=True)
class PictureFace:
    """A face that is an art file, with a `fallback` drawn with shapes for when the file
    cannot be drawn. A button draws the picture at its final size (an SVG is anti-aliased
    already: drawn 2-3 times larger and scaled down, it cost 4-9 times the pixels, and
    kept them in the picture cache) and only the fallback supersampled."""

    picture: PictureDrawer
    fallback: IconDrawer

    def __call__(self, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        if not self.picture(surface, rect, palette):
            self.fallback(surface, rect, palette)


def mix(a: Colour, b: Colour, share_b: float) -> Colour:
    """Blend two colours: 0 gives `a`, 1 gives `b`."""
    share_b = min(max(share_b, 0.0), 1.0)
    return (
        round(a[0] + (b[0] - a[0]) * share_b),
        round(a[1] + (b[1] - a[1]) * share_b),
        round(a[2] + (b[2] - a[2]) * share_b),
    )


@lru_cache(maxsize=256)
def with_luminance(colour: Colour, luminance: float) -> Colour:
    """`colour` lightened (towards white) or darkened (towards black) until its relative
    luminance is `luminance`: a change of hue that is not a change of brightness."""
    target = min(max(luminance, 0.0), 1.0)
    towards = WHITE if relative_luminance(colour) < target else (0, 0, 0)
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        shade = relative_luminance(mix(colour, towards, middle))
        if (shade < target) == (towards == WHITE):
            low = middle
        else:
            high = middle
    return mix(colour, towards, (low + high) / 2)


def contrast_ratio(a: Colour, b: Colour) -> float:
    """The WCAG contrast ratio of two colours (1 = the same brightness, 21 = black/white)."""
    dark, light = sorted((relative_luminance(a[:3]), relative_luminance(b[:3])))
    return (light + 0.05) / (dark + 0.05)


def with_contrast(colour: Colour, against: Sequence[Colour], ratio: float, ink: Colour) -> Colour:
    """`colour`, moved towards `ink` just as far as needed for a contrast of at least
    `ratio` with every colour in `against` (unchanged when it already has it)."""

    def enough(share: float) -> bool:
        shade = mix(colour, ink, share)
        return all(contrast_ratio(shade, other) >= ratio for other in against)

    if enough(0.0):
        return colour
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return mix(colour, ink, high)


@kept_by_bytes(scope=SCENE)  # (the bubbles' own: every size of every pop, gone with them)
def bubble_sprite(colour: Colour, edge: Colour, radius_px: int) -> pygame.Surface:
    """A bubble of `radius_px`: filled, a faint sheen and a small highlight, a thin edge
    (cached). The inner shading stays within a few percent of the body's luminance, so a
    bubble floating past any spot changes it twice (arriving, leaving), never flickers."""
    size = 2 * radius_px + 2
    sprite = pygame.Surface((size, size), pygame.SRCALPHA)
    centre = (radius_px + 1, radius_px + 1)
    pygame.draw.circle(sprite, colour, centre, radius_px)
    pygame.draw.circle(sprite, mix(colour, WHITE, 0.08), centre, round(radius_px * 0.8))
    pygame.draw.circle(
        sprite,
        colour,
        (centre[0] + radius_px * 0.08, centre[1] + radius_px * 0.08),
        round(radius_px * 0.72),
    )
    pygame.draw.circle(
        sprite,
        mix(colour, WHITE, 0.35),
        (centre[0] - radius_px * 0.35, centre[1] - radius_px * 0.35),
        max(1, round(radius_px * 0.12)),
    )
    pygame.draw.circle(sprite, edge, centre, radius_px, max(1, radius_px // 14))
    return sprite


def rounded_tile(
    surface: pygame.Surface, rect: pygame.Rect, fill: Colour, edge: Colour, pressed: bool = False
) -> None:
    """A soft rounded card; pressed cards sink slightly instead of flashing."""
    radius = max(4, min(rect.w, rect.h) // 6)
    shadow = rect.move(0, max(2, rect.h // 40))
    if not pressed:
        pygame.draw.rect(surface, edge, shadow, border_radius=radius)
    body = shadow if pressed else rect
    pygame.draw.rect(surface, fill, body, border_radius=radius)
    pygame.draw.rect(surface, edge, body, width=max(2, rect.w // 60), border_radius=radius)


#: Sides (px) up to which a drawn picture is rendered 3 times larger before it is scaled
#: down (beyond it, twice: the edges are as smooth, the memory a quarter).
SUPERSAMPLE_3X_UP_TO_PX = 320


def supersample(size_px: tuple[int, int]) -> int:
    """How many times larger a picture of `size_px` is drawn before it is scaled down."""
    return 3 if max(size_px) <= SUPERSAMPLE_3X_UP_TO_PX else 2


def smooth_surface(size_px: tuple[int, int], clear: Colour) -> tuple[pygame.Surface, int]:
    """A transparent surface :func:`supersample` times `size_px` to draw a picture on, and
    the factor. Its clear pixels carry `clear` (the colour the picture's edge is), so the
    scaled-down edge fades into that colour, never into a dark fringe."""
    factor = supersample(size_px)
    big = pygame.Surface((size_px[0] * factor, size_px[1] * factor), pygame.SRCALPHA)
    big.fill((*clear[:3], 0))
    return big, factor


@kept_by_bytes()
def _smoothed(drawer: IconDrawer, size_px: tuple[int, int], palette: Palette) -> pygame.Surface:
    big, _ = smooth_surface(size_px, palette.ink)
    drawer(big, big.get_rect(), palette)
    return pygame.transform.smoothscale(big, size_px)


def draw_smooth(
    surface: pygame.Surface, rect: pygame.Rect, palette: Palette, drawer: IconDrawer
) -> None:
    """`drawer`'s picture in `rect` with anti-aliased edges (drawn once per size and
    palette, then blitted)."""
    surface.blit(_smoothed(drawer, rect.size, palette), rect.topleft)


def picture_colours(accent: Colour, ink: Colour, paper: Colour = WHITE) -> dict[str, Colour]:
    """An art file's placeholder colours for a picture in `accent` (docs/art.md): its
    edge and shading a quarter towards the ink, its glow about half-way to white."""
    return {
        "accent": accent,
        "edge": mix(accent, ink, 0.25),
        "glow": mix(accent, WHITE, 0.55),
        "ink": ink,
        "paper": paper,
    }


def draw_picture(
    surface: pygame.Surface, rect: pygame.Rect, name: str, colours: dict[str, Colour]
) -> bool:
    """`assets/art/<name>.svg` in the largest square centred in `rect`; False (nothing
    drawn) when the file cannot be drawn, for the caller's fallback."""
    side = min(rect.w, rect.h)
    drawn = picture(name, (side, side), colours)
    if drawn is None:
        return False
    surface.blit(drawn, drawn.get_rect(center=rect.center))
    return True


def _draw_calm_picture(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> bool:
    """A soft cloud with a sleepy smile: "I need a break" (assets/art/icon-calm.svg)."""
    cloud = mix(palette.surface, WHITE, 0.5)
    return draw_picture(surface, rect, "icon-calm", picture_colours(cloud, palette.ink, cloud))


def _draw_calm_cloud(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """The calm button's cloud drawn with shapes (when its file cannot be drawn)."""
    r = min(rect.w, rect.h) * 0.2
    cx, cy = rect.center
    cloud = mix(palette.surface, WHITE, 0.5)
    for dx, dy, k in (
        (-1.1, 0.2, 0.85),
        (1.1, 0.2, 0.85),
        (-0.45, -0.35, 1.0),
        (0.5, -0.3, 1.05),
        (0, 0.3, 1.0),
    ):
        pygame.draw.circle(surface, cloud, (cx + dx * r, cy + dy * r), r * k)
    width = max(2, round(r * 0.12))
    for side in (-1, 1):
        box = pygame.Rect(0, 0, r * 0.5, r * 0.35)
        box.center = (round(cx + side * r * 0.45), round(cy - r * 0.05))
        pygame.draw.arc(surface, palette.ink, box, math.pi * 1.05, math.pi * 1.95, width)
    smile = pygame.Rect(0, 0, r * 0.7, r * 0.45)
    smile.center = (round(cx), round(cy + r * 0.4))
    pygame.draw.arc(surface, palette.ink, smile, math.pi * 1.1, math.pi * 1.9, width)


#: The calm-down button's face: its picture, or the cloud drawn with shapes.
draw_calm_icon = PictureFace(_draw_calm_picture, _draw_calm_cloud)


def draw_home_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """A little house: "back to my games"."""
    s = min(rect.w, rect.h) * 0.3
    cx, cy = rect.centerx, rect.centery + s * 0.15
    pygame.draw.polygon(
        surface,
        palette.ink,
        [(cx - s * 1.15, cy - s * 0.1), (cx, cy - s * 1.2), (cx + s * 1.15, cy - s * 0.1)],
    )
    body = pygame.Rect(0, 0, s * 1.6, s * 1.1)
    body.midtop = (round(cx), round(cy - s * 0.15))
    pygame.draw.rect(surface, palette.ink, body, border_radius=max(1, round(s * 0.1)))
    door = pygame.Rect(0, 0, s * 0.45, s * 0.65)
    door.midbottom = body.midbottom
    pygame.draw.rect(surface, palette.surface, door, border_radius=max(1, round(s * 0.15)))


def _draw_arrow(surface: pygame.Surface, rect: pygame.Rect, palette: Palette, way: int) -> None:
    s = min(rect.w, rect.h) * 0.3
    cx, cy = rect.center
    tip, base = cx - way * s * 1.1, cx - way * s * 0.2
    pygame.draw.polygon(
        surface, palette.ink, [(tip, cy), (base, cy - s * 0.8), (base, cy + s * 0.8)]
    )
    shaft = pygame.Rect(0, 0, s * 1.4, s * 0.6)
    shaft.midleft = (
        (round(cx - s * 0.3), round(cy)) if way > 0 else (round(cx - s * 1.1), round(cy))
    )
    pygame.draw.rect(surface, palette.ink, shaft, border_radius=max(1, round(s * 0.2)))


def draw_back_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """An arrow pointing left: previous / back."""
    _draw_arrow(surface, rect, palette, 1)


def draw_forward_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """An arrow pointing right: next."""
    _draw_arrow(surface, rect, palette, -1)


def onward_icon(right_to_left: bool) -> IconDrawer:
    """The arrow that means "go on" / "next" in a reading direction: pointing right, or
    left in a language read right to left (Arabic), where what comes next is."""
    return draw_back_icon if right_to_left else draw_forward_icon


def backward_icon(right_to_left: bool) -> IconDrawer:
    """The arrow that means "back" / "previous": the other way from :func:`onward_icon`."""
    return draw_forward_icon if right_to_left else draw_back_icon


def draw_exit_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """An open door (adult menu: close the app)."""
    s = min(rect.w, rect.h) * 0.3
    cx, cy = rect.center
    frame = pygame.Rect(0, 0, s * 1.3, s * 2.0)
    frame.center = (round(cx), round(cy))
    pygame.draw.rect(surface, palette.ink, frame, width=max(2, round(s * 0.12)))
    door = [
        (frame.left, frame.top),
        (frame.left + s * 0.9, frame.top + s * 0.3),
        (frame.left + s * 0.9, frame.bottom + s * 0.1),
        (frame.left, frame.bottom),
    ]
    pygame.draw.polygon(surface, palette.ink, door)


def draw_sliders_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Three slider tracks with knobs: "sensory settings"."""
    s = min(rect.w, rect.h)
    width = max(2, s // 14)
    for row, share in enumerate((0.3, 0.7, 0.5)):
        y = rect.centery + (row - 1) * s * 0.22
        left, right = rect.centerx - s * 0.3, rect.centerx + s * 0.3
        pygame.draw.line(surface, palette.ink, (left, y), (right, y), width)
        pygame.draw.circle(surface, palette.ink, (left + (right - left) * share, y), s * 0.07)


def draw_timing_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """A metronome: "timing check"."""
    s = min(rect.w, rect.h)
    cx, bottom, top = rect.centerx, rect.centery + s * 0.3, rect.centery - s * 0.3
    body = [
        (cx - s * 0.22, bottom),
        (cx + s * 0.22, bottom),
        (cx + s * 0.08, top),
        (cx - s * 0.08, top),
    ]
    pygame.draw.polygon(surface, palette.ink, body, max(2, s // 14))
    pygame.draw.line(
        surface,
        palette.ink,
        (cx, bottom - s * 0.12),
        (cx + s * 0.2, top + s * 0.05),
        max(2, s // 14),
    )
    pygame.draw.circle(surface, palette.ink, (cx + s * 0.13, top + s * 0.22), s * 0.05)


def draw_done_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """A big soft tick: "and then you are done" (the last step of a plan)."""
    s = min(rect.w, rect.h)
    points = [
        (rect.centerx - s * 0.28, rect.centery),
        (rect.centerx - s * 0.08, rect.centery + s * 0.2),
        (rect.centerx + s * 0.3, rect.centery - s * 0.22),
    ]
    pygame.draw.lines(surface, palette.ink, False, points, max(3, s // 10))


def draw_console_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """A clipboard with lines: "therapist console"."""
    s = min(rect.w, rect.h)
    width = max(2, s // 14)
    board = pygame.Rect(0, 0, round(s * 0.42), round(s * 0.54))
    board.center = rect.center
    pygame.draw.rect(surface, palette.ink, board, width, border_radius=max(1, s // 30))
    clip = pygame.Rect(0, 0, round(s * 0.2), round(s * 0.08))
    clip.midtop = (board.centerx, board.top - round(s * 0.03))
    pygame.draw.rect(surface, palette.ink, clip)
    for row in (0.35, 0.55, 0.75):
        y = board.top + board.h * row
        pygame.draw.line(
            surface, palette.ink, (board.left + s * 0.08, y), (board.right - s * 0.08, y), width
        )


def draw_export_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """A page with an arrow out of it: "export"."""
    s = min(rect.w, rect.h)
    width = max(2, s // 14)
    page = pygame.Rect(0, 0, round(s * 0.36), round(s * 0.48))
    page.center = (round(rect.centerx - s * 0.06), rect.centery)
    pygame.draw.rect(surface, palette.ink, page, width)
    for row in (0.3, 0.5, 0.7):  # lines of text on the page
        y = page.top + page.h * row
        pygame.draw.line(surface, palette.ink, (page.left + s * 0.07, y), (page.centerx, y), width)
    tip = (page.right + s * 0.16, page.centery)
    pygame.draw.line(surface, palette.ink, (page.centerx + s * 0.04, page.centery), tip, width)
    head = s * 0.08
    pygame.draw.polygon(
        surface,
        palette.ink,
        [tip, (tip[0] - head, tip[1] - head), (tip[0] - head, tip[1] + head)],
    )


def draw_sync_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Two arrows chasing each other round a circle: "sync with the clinic server"."""
    s = min(rect.w, rect.h)
    width, r, head = max(2, s // 14), s * 0.24, s * 0.09
    ring = pygame.Rect(0, 0, round(2 * r), round(2 * r))
    ring.center = rect.center
    for start in (0.15, math.pi + 0.15):  # (each arc ends in an arrowhead)
        pygame.draw.arc(surface, palette.ink, ring, start, start + math.pi * 0.75, width)
        end = start + math.pi * 0.75
        tip = (ring.centerx + r * math.cos(end), ring.centery - r * math.sin(end))
        ahead, side = (-math.sin(end), -math.cos(end)), (math.cos(end), -math.sin(end))
        pygame.draw.polygon(
            surface,
            palette.ink,
            [
                (tip[0] + ahead[0] * head, tip[1] + ahead[1] * head),
                (tip[0] + side[0] * head, tip[1] + side[1] * head),
                (tip[0] - side[0] * head, tip[1] - side[1] * head),
            ],
        )


def draw_keys_badge(
    surface: pygame.Surface, rect: pygame.Rect, palette: Palette, keys: tuple[str, str]
) -> None:
    """Two key caps with their letters: "play this with the two hand keys" (no touch)."""
    cap = max(8, rect.w // 2 - 2)
    for k, letter in enumerate(keys):
        key = pygame.Rect(rect.x + k * (cap + 4), rect.y, cap, cap)
        pygame.draw.rect(surface, palette.surface, key, border_radius=max(2, cap // 5))
        pygame.draw.rect(
            surface, palette.ink, key, max(1, cap // 12), border_radius=max(2, cap // 5)
        )
        blit_centred(surface, letter.upper(), max(8, cap * 2 // 3), palette.ink, key.center)


def draw_touch_badge(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Two fingertips side by side: "this needs a touchscreen" (a mouse is one hand)."""
    r = max(4, rect.h // 4)
    for k in range(2):
        centre = (rect.x + r + k * (2 * r + 4), rect.centery)
        pygame.draw.circle(surface, palette.surface, centre, r)
        pygame.draw.circle(surface, palette.ink, centre, r, max(1, r // 4))
        pygame.draw.line(
            surface,
            palette.ink,
            (centre[0], centre[1] + r),
            (centre[0], rect.bottom),
            max(1, r // 3),
        )


def draw_background(surface: pygame.Surface, palette: Palette) -> None:
    """The soft full-screen gradient every child screen stands on (cached)."""
    size = surface.get_size()
    surface.blit(vertical_gradient(size, palette.background, palette.background_edge), (0, 0))


def background_colour(palette: Palette) -> Colour:
    """The flat background of screens redrawn every frame (fill_background): the
    gradient's middle colour."""
    return mix(palette.background, palette.background_edge, 0.5)


def on_background(sprite: pygame.Surface, palette: Palette) -> pygame.Surface:
    """`sprite` (with transparency) laid onto the flat background colour: an opaque copy,
    blitted several times faster than blending it every frame. Only for a sprite drawn
    straight onto fill_background's colour, nothing under it. Not kept here: the caller
    keeps the copy by what it shows (a cache keyed by the sprite itself would keep every
    sprite it was given alive, and twice the pixels)."""
    flat = pygame.Surface(sprite.get_size())
    flat.fill(background_colour(palette))
    flat.blit(sprite, (0, 0))
    return flat


def fill_background(
    surface: pygame.Surface, palette: Palette, keep: pygame.Rect | None = None
) -> None:
    """A flat background in the gradient's middle colour: half the cost of the gradient's
    full-screen copy, for screens redrawn every frame while a child plays. `keep` is an
    area the caller paints over itself anyway (left out: less to fill)."""
    colour = background_colour(palette)
    if keep is None:
        surface.fill(colour)
        return
    width, height = surface.get_size()
    for band in (
        pygame.Rect(0, 0, width, keep.top),
        pygame.Rect(0, keep.bottom, width, height - keep.bottom),
        pygame.Rect(0, keep.top, keep.left, keep.h),
        pygame.Rect(keep.right, keep.top, width - keep.right, keep.h),
    ):
        if band.w > 0 and band.h > 0:
            surface.fill(colour, band)
