"""Drawing of the two-handed activities: pads with a hand print, drums, the jar and the
things to put in it, the mirror paths, and the launcher pictures.

Each hand has one colour everywhere (left: the first accent, right: the fourth), so a
child learns "blue hand, orange hand" across the variants. Everything reads the
activity's state and changes nothing. Beat cues are soft: a drum's glow never repeats
faster than the tempo (at most 150 bpm = 2.5 a second), under the flash cap.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.ui.art import (
    WHITE,
    draw_background,
    fill_background,
    mix,
    with_luminance,
)
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.trace_layers import (
    TrailCanvas,
    draw_done,
    draw_start,
    paint_guide,
    thick_line,
)
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.both import BothTogetherActivity
    from sensory_games.activities.bilateral.drum import DrumActivity
    from sensory_games.activities.bilateral.hold import HoldAndMoveActivity
    from sensory_games.activities.bilateral.mirror import MirrorActivity

#: Width (mm) of a pad's rim and of the hold ring.
RIM_MM = 2.5
#: The jar's drawn height in radii (its width is two radii).
JAR_HEIGHT = 2.3
#: Angle (radians) between the fixed points a hold ring is drawn through.
RING_STEP = math.radians(4.0)
#: How long (s) before its beat a drum starts to glow.
GLOW_RISE_S = 0.06
#: How far (share) a drum's skin turns to its hand's colour at the peak of its beat: a
#: change of about 0.13 in relative luminance, twice per beat, 2.5 beats a second at most.
GLOW_SHARE = 0.2
#: At most this many progress dots (long drum runs show their share in 16 dots).
MAX_DOTS = 16


def hand_colour(palette: Palette, hand: str) -> Colour:
    """The colour of a hand, the same in every two-handed activity."""
    return palette.accents[0] if hand == "left" else palette.accents[3]


@lru_cache(maxsize=16)
def hand_print(colour: Colour, size_px: int, left: bool) -> pygame.Surface:
    """A simple open hand (palm, four fingers, thumb), thumb towards the middle."""
    surface = pygame.Surface((size_px, size_px), pygame.SRCALPHA)
    s = size_px
    pygame.draw.ellipse(surface, colour, pygame.Rect(s * 0.28, s * 0.45, s * 0.44, s * 0.45))
    for k, (fx, top) in enumerate(((0.3, 0.2), (0.42, 0.1), (0.54, 0.12), (0.65, 0.22))):
        finger = pygame.Rect(s * fx - s * 0.055, s * top, s * 0.11, s * 0.38 - k * 0.01 * s)
        pygame.draw.ellipse(surface, colour, finger)
    thumb = pygame.Rect(s * 0.66, s * 0.48, s * 0.2, s * 0.11)
    pygame.draw.ellipse(surface, colour, thumb)
    return surface if left else pygame.transform.flip(surface, True, False)


def _dots(
    surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, done: int, total: int
) -> None:
    if total > MAX_DOTS:
        done, total = math.floor(done / total * MAX_DOTS), MAX_DOTS
    draw_progress_dots(surface, metrics, palette, done, total)


def draw_pad(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    hand: str,
    centre_mm: tuple[float, float],
    radius_mm: float,
    state: str,
    print_shown: bool = True,
) -> None:
    """A round pad: "lit" (touch me), "pressed" (a hand is on it), "done" or "dim".

    The states differ mostly in colour, hardly in brightness (under 0.1 of relative
    luminance apart), so a child pressing and lifting quickly never makes a pad flash."""
    colour = hand_colour(palette, hand)
    lit = mix(colour, palette.surface, 0.55)
    brightness = relative_luminance(lit)
    fill = {
        "lit": lit,
        "pressed": with_luminance(colour, brightness - 0.06),
        "done": with_luminance(palette.success, brightness),
        "dim": with_luminance(mix(colour, palette.background, 0.7), brightness + 0.04),
    }[state]
    centre = metrics.to_px(*centre_mm)
    radius = metrics.px(radius_mm)
    pygame.draw.circle(surface, fill, centre, radius)
    rim = palette.success if state == "done" else mix(colour, palette.ink, 0.2)
    pygame.draw.circle(surface, rim, centre, radius, max(2, metrics.px(RIM_MM)))
    if print_shown:  # in every state: a print that came and went with each touch would blink
        mark = hand_print(mix(fill, palette.ink, 0.3), round(radius * 1.2), hand == "left")
        surface.blit(mark, mark.get_rect(center=centre))


def _ring(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    colour: Colour,
    centre_mm: tuple[float, float],
    radius_mm: float,
    share: float,
) -> None:
    """A ring filling clockwise from the top (a hold's progress). Drawn through points at
    fixed angles, so the part already filled is the same pixels every frame (an arc
    redrawn from a moving start angle shimmers at its edges)."""
    if share <= 0:
        return
    cx, cy = metrics.to_px(*centre_mm)
    radius = metrics.px(radius_mm)
    end = 2 * math.pi * min(share, 1.0)
    angles = [k * RING_STEP for k in range(int(end / RING_STEP) + 1)] + [end]
    points = [(cx + radius * math.sin(a), cy - radius * math.cos(a)) for a in angles]
    thick_line(surface, colour, points, max(3, metrics.px(RIM_MM * 1.4)))  # round joins


# -- both together --------------------------------------------------------------------------


def draw_both(surface: pygame.Surface, activity: BothTogetherActivity) -> None:
    context = activity.context
    metrics, palette = context.metrics, context.palette
    now = context.clock.now()
    fill_background(surface, palette)
    _dots(surface, metrics, palette, len(activity.completed_trials), activity.parameters["trials"])
    radius = activity.target_radius_mm()
    share, strength = activity.ring(now)
    ring_colour = mix(
        mix(palette.background, palette.background_edge, 0.5), palette.success, strength
    )
    for hand, centre in activity.centres_mm().items():
        if activity.waiting_for_lift:
            state = "done" if hand in activity.on_pad else "dim"
        else:
            state = "pressed" if hand in activity.on_pad else "lit"
        draw_pad(surface, metrics, palette, hand, centre, radius, state)
        if strength > 0:
            _ring(surface, metrics, ring_colour, centre, radius + RIM_MM * 2, share)


def draw_both_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: two pads, each with a hand print."""
    radius = round(min(rect.w, rect.h) * 0.2)
    for hand, fx in (("left", 0.28), ("right", 0.72)):
        centre = (round(rect.x + rect.w * fx), round(rect.centery))
        colour = hand_colour(palette, hand)
        pygame.draw.circle(surface, mix(colour, palette.surface, 0.55), centre, radius)
        pygame.draw.circle(surface, mix(colour, palette.ink, 0.2), centre, radius, 3)
        mark = hand_print(mix(colour, palette.ink, 0.35), round(radius * 1.3), hand == "left")
        surface.blit(mark, mark.get_rect(center=centre))


# -- drum to the beat -----------------------------------------------------------------------


def beat_glow(activity: DrumActivity, hand: str | None, play: float) -> float:
    """0..1: how strongly a drum glows at play time `play` (s) for a beat asking for
    `hand` (None: the count-in, which lights both drums). Rises just before the beat,
    fades after it."""
    track = activity.track
    fade = activity.context.sensory.fade_s(0.35)
    nearest = math.floor((play - track.start) / track.interval_s + 0.5)
    glow = 0.0
    for beat in (nearest - 1, nearest):
        if beat < -activity.parameters["count_in_beats"] or beat >= len(track):
            continue
        wanted = activity.expected_hands(beat)
        if (hand is None) != (beat < 0) or (hand is not None and hand not in wanted):
            continue
        since = play - track.time_of(beat)
        if -GLOW_RISE_S <= since < 0:
            glow = max(glow, 1.0 + since / GLOW_RISE_S)
        elif 0 <= since < fade:
            glow = max(glow, 1.0 - since / fade)
    return glow


def next_beat_share(activity: DrumActivity, hand: str, play: float) -> float | None:
    """For the approaching ring: 1 one beat before `hand`'s next beat, 0 on it."""
    track = activity.track
    upcoming = math.ceil((play - track.start) / track.interval_s)
    for beat in (upcoming, upcoming + 1):
        if 0 <= beat < len(track) and hand in activity.expected_hands(beat):
            remaining = track.time_of(beat) - play
            if 0 <= remaining <= track.interval_s:
                return remaining / track.interval_s
    return None


def draw_drums(surface: pygame.Surface, activity: DrumActivity) -> None:
    context = activity.context
    metrics, palette = context.metrics, context.palette
    motion = context.sensory.intensity.motion
    now = context.clock.now()
    play = activity.play_time()
    fill_background(surface, palette)
    _dots(surface, metrics, palette, activity.beats_done, len(activity.track))
    radius_mm = activity.target_radius_mm()
    cue = activity.parameters["visual_cue"]
    skin = mix(palette.surface, WHITE, 0.3)
    for hand, centre_mm in activity.centres_mm().items():
        colour = hand_colour(palette, hand)
        centre, radius = metrics.to_px(*centre_mm), metrics.px(radius_mm)
        glow = 0.0
        if cue:
            glow = max(beat_glow(activity, hand, play), 0.6 * beat_glow(activity, None, play))
        pygame.draw.circle(surface, mix(colour, palette.ink, 0.25), centre, radius)
        body = mix(skin, colour, 0.12 + GLOW_SHARE * glow)
        pygame.draw.circle(surface, body, centre, round(radius * 0.86))
        if cue and motion > 0:
            share = next_beat_share(activity, hand, play)
            if share is not None:
                ring = radius * (1.0 + 0.7 * share * motion)
                pygame.draw.circle(  # close to the background's brightness: never a flash
                    surface,
                    mix(colour, palette.background, 0.78),
                    centre,
                    round(ring),
                    max(2, metrics.px(2.0)),
                )
    for mark in activity.marks:
        if not mark.ripple:
            continue
        progress = (now - mark.t) / context.sensory.fade_s(0.4)
        if not 0 <= progress < 1:
            continue
        colour = hand_colour(palette, mark.hand)
        centre_mm = activity.centres_mm()[mark.hand]
        pygame.draw.circle(  # a ring that shows, then fades where it is: it never moves
            surface,
            mix(colour, palette.background, 0.3 + 0.7 * progress),
            metrics.to_px(*centre_mm),
            metrics.px(radius_mm * 1.12),
            max(2, metrics.px(1.5)),
        )


def draw_drum_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: two drums seen from above, the left one glowing, and two sticks."""
    radius = round(min(rect.w, rect.h) * 0.2)
    skin = mix(palette.surface, WHITE, 0.3)
    for hand, fx in (("left", 0.28), ("right", 0.72)):
        centre = (round(rect.x + rect.w * fx), round(rect.centery + rect.h * 0.08))
        colour = hand_colour(palette, hand)
        pygame.draw.circle(surface, mix(colour, palette.ink, 0.25), centre, radius)
        glow = 0.4 if hand == "left" else 0.12
        pygame.draw.circle(surface, mix(skin, colour, glow), centre, round(radius * 0.84))
        tip = (centre[0] + (radius // 3 if hand == "left" else -radius // 3), centre[1] - radius)
        top = (tip[0] + (-radius if hand == "left" else radius), tip[1] - radius)
        pygame.draw.line(surface, mix(palette.ink_soft, palette.surface, 0.2), top, tip, 4)
        pygame.draw.circle(surface, palette.ink_soft, tip, 5)


# -- hold and move --------------------------------------------------------------------------


def _jar_rect(
    metrics: ScreenMetrics, centre_mm: tuple[float, float], radius_mm: float
) -> pygame.Rect:
    rect = metrics.rect_mm(0, 0, 2 * radius_mm, JAR_HEIGHT * radius_mm)
    rect.center = metrics.to_px(*centre_mm)
    return rect


def draw_jar(
    surface: pygame.Surface,
    rect: pygame.Rect,
    palette: Palette,
    colour: Colour,
    held: bool,
    contents: int,
    item_radius_px: int,
) -> None:
    """A glass jar with a lid; what is in it sits at the bottom. A held jar's glass is
    tinted a little with the hand's colour (a change of under 0.1 in brightness)."""
    glass = mix(palette.surface, colour, 0.18 if held else 0.08)
    edge = mix(colour, palette.ink, 0.2)
    corner = max(4, rect.w // 5)
    pygame.draw.rect(surface, glass, rect, border_radius=corner)
    lid = pygame.Rect(rect.x + rect.w * 0.12, rect.y - rect.h * 0.08, rect.w * 0.76, rect.h * 0.14)
    pygame.draw.rect(surface, mix(colour, palette.ink, 0.1), lid, border_radius=max(2, lid.h // 3))
    width = max(2, rect.w // 24)  # the same whether held or not: no edge jumping with taps
    pygame.draw.rect(surface, edge, rect, width, border_radius=corner)
    small = max(3, round(item_radius_px * 0.45))
    per_row = max(1, (rect.w - 2 * width) // (2 * small + 2))
    for k in range(contents):
        row, col = divmod(k, per_row)
        x = rect.x + width + small + 1 + col * (2 * small + 2)
        y = rect.bottom - width - small - 1 - row * (2 * small + 2)
        if y - small > rect.y:
            colour = palette.accents[(k + 1) % len(palette.accents)]
            pygame.draw.circle(surface, colour, (x, y), small)


def draw_hold(surface: pygame.Surface, activity: HoldAndMoveActivity) -> None:
    context = activity.context
    metrics, palette = context.metrics, context.palette
    fill_background(surface, palette)
    _dots(surface, metrics, palette, activity.placed, activity.parameters["items"])
    colour = hand_colour(palette, activity.jar_hand)
    rect = _jar_rect(metrics, activity.jar_centre_mm, activity.target_radius_mm())
    item_px = metrics.px(activity.item_radius_mm)
    draw_jar(surface, rect, palette, colour, activity.jar_held, activity.placed, item_px)
    # always there (a print that came and went with each touch would blink): "hold here"
    mark = hand_print(
        mix(colour, palette.surface, 0.35), round(rect.w * 0.7), activity.jar_hand == "left"
    )
    surface.blit(mark, mark.get_rect(center=rect.center))
    item = activity.item
    if item is not None:
        centre = metrics.to_px(*item.position_mm)
        body = palette.accents[(item.colour_index + 1) % len(palette.accents)]
        if body == colour:
            body = palette.accents[5]
        pygame.draw.circle(surface, body, centre, item_px)
        pygame.draw.circle(
            surface,
            mix(body, WHITE, 0.45),
            (centre[0] - item_px // 3, centre[1] - item_px // 3),
            max(2, item_px // 5),
        )
        edge = palette.ink_soft if item.dragged_by is not None else palette.surface_edge
        pygame.draw.circle(surface, edge, centre, item_px, max(2, item_px // 10))


def draw_hold_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a jar held by a hand, a ball on its way in."""
    side = min(rect.w, rect.h)
    jar = pygame.Rect(0, 0, round(side * 0.34), round(side * 0.42))
    jar.center = (round(rect.x + rect.w * 0.32), round(rect.centery + side * 0.06))
    draw_jar(surface, jar, palette, palette.accents[0], True, 2, round(side * 0.07))
    ball = (round(rect.x + rect.w * 0.74), round(rect.centery - side * 0.12))
    pygame.draw.circle(surface, palette.accents[1], ball, round(side * 0.09))
    tail = (ball[0] - round(side * 0.14), ball[1] + round(side * 0.02))
    head = (jar.right + round(side * 0.02), jar.y + round(side * 0.1))
    pygame.draw.line(surface, palette.ink_soft, tail, head, 3)
    pygame.draw.circle(surface, palette.ink_soft, head, 4)


# -- mirror drawing -------------------------------------------------------------------------


class MirrorView:
    """The two guides on one cached layer, both hands' trails drawn onto it."""

    def __init__(self, activity: MirrorActivity) -> None:
        self.activity = activity
        self.canvas = TrailCanvas(self._paint_base, self._trail_colour)

    def new_item(self) -> None:
        self.canvas.clear()

    def resize(self) -> None:
        self.canvas.invalidate()

    def close(self) -> None:
        """The screen has closed: free the layers now (the trails stay for scoring)."""
        self.canvas.invalidate()

    def add_segment(
        self, start: tuple[float, float], end: tuple[float, float], inside: bool, hand: str
    ) -> None:
        self.canvas.add_segment(start, end, inside, hand)

    @staticmethod
    def _trail_colour(palette: Palette, inside: bool, hand: str) -> Colour:
        """Each hand's trail in its own colour: deep on the line, paler off it."""
        colour = hand_colour(palette, hand)
        return mix(colour, palette.ink, 0.3) if inside else mix(colour, palette.background, 0.45)

    def _paint_base(self, base: pygame.Surface) -> None:
        activity = self.activity
        metrics, palette = activity.context.metrics, activity.context.palette
        draw_background(base, palette)
        middle = metrics.px(metrics.width_mm / 2)
        dash = metrics.px(4.0)
        line = mix(palette.surface_edge, palette.background, 0.3)
        for y in range(metrics.px(14.0), metrics.height_px, 2 * dash):
            pygame.draw.line(base, line, (middle, y), (middle, y + dash), max(1, metrics.px(0.6)))
        for side in activity.item.sides.values():
            paint_guide(
                base,
                metrics,
                palette,
                side.target.strokes,
                activity.tolerance_mm,
                activity.parameters["guide"],
            )

    def draw(self, surface: pygame.Surface) -> None:
        activity = self.activity
        context = activity.context
        metrics, palette = context.metrics, context.palette
        self.canvas.blit(surface, metrics, palette)
        _dots(
            surface,
            metrics,
            palette,
            len([i for i in activity.shown if i.completed_at is not None]),
            len(activity.plan),
        )
        item = activity.item
        required = activity.parameters["coverage_required"]
        for side in item.sides.values():
            if item.completed_at is not None:
                draw_done(surface, metrics, palette, side.target.strokes)
                continue
            stroke = next(
                (
                    k
                    for k in range(len(side.target.strokes))
                    if side.live.stroke_coverage(k) < required
                ),
                None,
            )
            if stroke is not None:
                draw_start(
                    surface,
                    metrics,
                    palette,
                    side.target,
                    stroke,
                    context.sensory.intensity.motion,
                    context.clock.now(),
                )


def draw_mirror_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: two arcs bulging apart, mirror images, a dotted line between."""
    band = mix(palette.calm, palette.background, 0.35)
    width = max(4, rect.w // 12)
    for sign in (-1, 1):
        points = [
            (
                round(rect.centerx + sign * rect.w * (0.12 + 0.2 * math.sin(math.pi * i / 20))),
                round(rect.y + rect.h * (0.2 + 0.6 * i / 20)),
            )
            for i in range(21)
        ]
        thick_line(surface, band, points, width)
        colour = hand_colour(palette, "left" if sign < 0 else "right")
        thick_line(surface, colour, points[:12], max(2, width // 2))
        pygame.draw.circle(surface, palette.success, points[0], width // 2 + 2)
    for y in range(rect.y + rect.h // 6, rect.bottom - rect.h // 6, 8):
        pygame.draw.line(surface, palette.surface_edge, (rect.centerx, y), (rect.centerx, y + 4), 2)
