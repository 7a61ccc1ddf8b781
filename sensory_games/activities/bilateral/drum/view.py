"""Drawing of drum to the beat: two drums (assets/art/drum-top.svg), the soft glow on each
beat, the ring closing in as a beat nears, the ripple of a tap, each hand's last beats
(a hit fills its mark, a miss stays an outline, early or late a small lean), progress
dots for the beats hit only, and the launcher picture.

Beat cues are soft: a drum's glow never repeats faster than the tempo (at most
150 bpm = 2.5 a second), under the flash cap.

The background with both drums is one still layer, drawn once; the glows, rings,
ripples, beat marks and dots are moving parts over it (ui/damage.py MovingParts), so
a frame in parts paints over and redraws only them. Each drum picture (an SVG drawing,
several ms at 1920x1080) and the layer are drawn between the frame that opens the attempt
and its first (:func:`prepare_drums`, in the loop's spare time, the screen held back till
then: engine/held_back.py); where that time was not left, each drum by an update of its
own as the attempt starts, and the layer in the frame after: the drums show together from
its third frame, in the quiet lead-in, and no frame draws more than one of the three.
"""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.hands import HANDS
from sensory_games.activities.bilateral.view import (
    disc_box,
    draw_progress,
    hand_colour,
)
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import (
    WHITE,
    fill_background,
    mix,
    on_background,
)
from sensory_games.ui.damage import layer_backdrop
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.pictures import picture, picture_copy
from sensory_games.ui.shapes import disc, thick_line
from sensory_games.ui.spare_time import SpareTime

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.drum.activity import DrumActivity

#: How long (s) before its beat a drum starts to glow.
GLOW_RISE_S = 0.06
#: How far (share) a drum's skin turns to its hand's colour at the peak of its beat: a
#: change of about 0.13 in relative luminance, twice per beat, 2.5 beats a second at most.
GLOW_SHARE = 0.2
#: The drum picture's shell radius as a share of its square (drum-top.svg: 44 of 50) and
#: its skin's (36 of 44 of the shell).
DRUM_SHARE = 0.88
SKIN_SHARE = 36 / 44
#: A beat mark's diameter (mm) and how many of a hand's last beats are shown.
MARK_MM = 4.0
SHOWN_BEATS = 4


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


def drum_picture(palette: Palette, hand: str, radius_px: int, keep: bool = True) -> pygame.Surface:
    """The drum seen from above (assets/art/drum-top.svg) in `hand`'s colours; a plain
    anti-aliased drum when the file cannot be drawn. `keep`: from the picture cache (else
    drawn afresh, for a caller that keeps what it makes of it)."""
    colour = hand_colour(palette, hand)
    skin = mix(palette.surface, WHITE, 0.3)
    colours = {
        "accent": colour,
        "edge": mix(colour, palette.ink, 0.3),
        "paper": skin,
        "glow": mix(skin, WHITE, 0.6),
        "ink": palette.ink,
    }
    side = round(radius_px * 2 / DRUM_SHARE)
    drawn = (picture if keep else picture_copy)("drum-top", (side, side), colours)
    if drawn is not None:
        return drawn
    return _plain_drum(colours["accent"], colours["paper"], radius_px, side)


@kept_by_bytes(scope=SCENE, most=2)  # the two drums
def drum_on_background(palette: Palette, hand: str, radius_px: int) -> pygame.Surface:
    """The drum picture laid on the flat background (nothing is under a drum): an opaque
    copy, kept by what it shows, copied each frame instead of blended (drawn from a
    drawing of its own: the picture cache need not hold the clear one as well)."""
    return on_background(drum_picture(palette, hand, radius_px, keep=False), palette)


@kept_by_bytes(scope=SCENE, most=1)  # (a screen-sized surface: only the one in play)
def drums_backdrop(
    palette: Palette,
    size: tuple[int, int],
    fmt: tuple[int, tuple[int, int, int, int]],
    radius_px: int,
    centres: tuple[tuple[str, tuple[int, int]], ...],
) -> pygame.Surface:
    """The flat background `size` px with each hand's drum (`radius_px`) at its centre
    (px), drawn once in the screen's pixel format `fmt` (bits, masks): nothing else is
    under a drum and they never move while a level plays."""
    bits, masks = fmt
    layer = pygame.Surface(size, 0, bits, masks)
    fill_background(layer, palette)
    for hand, centre in centres:
        drum = drum_on_background(palette, hand, radius_px)
        layer.blit(drum, drum.get_rect(center=centre))
    return layer


def drum_centres(activity: DrumActivity) -> dict[str, tuple[int, int]]:
    """Each hand's drum's middle (px)."""
    metrics = activity.context.metrics
    return {hand: metrics.to_px(*centre_mm) for hand, centre_mm in activity.centres_mm().items()}


def _backdrop_key(
    activity: DrumActivity, screen: pygame.Surface, radius_px: int
) -> tuple[
    Palette,
    tuple[int, int],
    tuple[int, tuple[int, int, int, int]],
    int,
    tuple[tuple[str, tuple[int, int]], ...],
]:
    """drums_backdrop's arguments for `activity` drawn on `screen`."""
    fmt = (screen.get_bitsize(), screen.get_masks())
    centres = tuple(drum_centres(activity).items())
    return activity.context.palette, screen.get_size(), fmt, radius_px, centres


def prepare_drums(activity: DrumActivity, screen: pygame.Surface, ahead: SpareTime) -> None:
    """Have `ahead` draw each drum picture and then the layer with both, a chore each, as
    the attempt's first frames would (the same cached drawings, in the colours and size
    of when each is done)."""
    context = activity.context

    def radius_px() -> int:
        return context.metrics.px(activity.target_radius_mm())

    def draw_drum(hand: str) -> None:
        drum_on_background(context.palette, hand, radius_px())

    for hand in HANDS:
        ahead.add(partial(draw_drum, hand))
    ahead.add(lambda: drums_backdrop(*_backdrop_key(activity, screen, radius_px())))


class DrumsDrawn:
    """How far an attempt's drums are drawn (for a palette and radius): the activity's
    updates draw one drum picture each (`drum_on_background`), and the update after
    them leaves its frame to the layer (`drums_backdrop`, drawn by the view), so no
    frame draws more than one of the three; the view shows the plain background till
    then (the first two frames of the lead-in's quiet)."""

    def __init__(self) -> None:
        self._look: tuple[Palette, int] | None = None
        self._steps = 0  # (drums drawn, then one for the layer)

    def ready(self, palette: Palette, radius_px: int) -> bool:
        """May the view lay the drums out (both are drawn, the layer's frame has come)?"""
        return self._look == (palette, radius_px) and self._steps > len(HANDS)

    def step(self, palette: Palette, radius_px: int) -> None:
        """One update's share: the next drum not yet drawn (kept in drum_on_background's
        cache), or the layer's turn."""
        if self._look != (palette, radius_px):  # (the first frame, new colours, a resize)
            self._look, self._steps = (palette, radius_px), 0
        if self._steps < len(HANDS):
            drum_on_background(palette, HANDS[self._steps], radius_px)
        self._steps = min(self._steps + 1, len(HANDS) + 1)


@kept_by_bytes(scope=SCENE)
def _plain_drum(shell: Colour, skin: Colour, radius_px: int, side: int) -> pygame.Surface:
    surface = pygame.Surface((side, side), pygame.SRCALPHA)
    pygame.draw.aacircle(surface, shell, (side // 2, side // 2), radius_px)
    pygame.draw.aacircle(surface, skin, (side // 2, side // 2), round(radius_px * 0.82))
    return surface


@kept_by_bytes(scope=SCENE)
def _glow_disc(colour: Colour, radius_px: int) -> pygame.Surface:
    """The skin's glow: a disc in the hand's colour, its strength set by its alpha."""
    surface = pygame.Surface((2 * radius_px + 2, 2 * radius_px + 2), pygame.SRCALPHA)
    pygame.draw.aacircle(surface, colour, (radius_px + 1, radius_px + 1), radius_px)
    return surface


def hand_beats(activity: DrumActivity, hand: str, play: float) -> list[int]:
    """The last SHOWN_BEATS beats asking for `hand` whose verdict is in (hit, or half a
    beat gone by without a hit), oldest first."""
    track = activity.track
    hits = activity.hits()
    passed = math.floor((play - track.start) / track.interval_s - 0.5)
    beats: list[int] = []
    for beat in range(min(passed + 2, len(track) - 1), -1, -1):
        if hand in activity.expected_hands(beat) and (beat <= passed or (beat, hand) in hits):
            beats.append(beat)
            if len(beats) == SHOWN_BEATS:
                break
    return beats[::-1]


def hits_done(activity: DrumActivity) -> tuple[int, int]:
    """Progress: the hand-beats the child hit, of all the hand-beats asked for (a beat for
    both hands is two). Only what the child did fills a dot; a missed beat never does."""
    track = activity.track
    total = sum(track.expected(hand) for hand in ("left", "right"))
    return len(activity.hits()), total


def draw_beat_marks(
    surface: pygame.Surface,
    activity: DrumActivity,
    hand: str,
    centre_px: tuple[int, int],
    radius_px: int,
    play: float,
) -> pygame.Rect | None:
    """Under a drum, its hand's last beats: a hit is a filled dot, a missed beat stays a
    soft outline (never red, nothing flashes). An early hit sits a little to the left of
    its slot's tick, a late one a little to the right: the tick is "right on the beat".
    Returns where they were drawn (px), None before the first."""
    context = activity.context
    metrics, palette = context.metrics, context.palette
    beats = hand_beats(activity, hand, play)
    dot = max(3, metrics.px(MARK_MM) // 2)
    spacing = 3 * dot
    y = centre_px[1] + radius_px + metrics.px(5.0) + dot
    colour = mix(hand_colour(palette, hand), palette.ink, 0.2)
    hits = activity.hits()
    half_beat_ms = activity.track.interval_s * 500.0
    first_x = centre_px[0] - (SHOWN_BEATS - 1) * spacing // 2
    drawn: list[pygame.Rect] = []
    for slot, beat in enumerate(beats[-SHOWN_BEATS:]):
        x = first_x + (SHOWN_BEATS - len(beats) + slot) * spacing
        tick = (x, y - 2 * dot), (x, y - dot - 2)
        drawn.append(pygame.draw.line(surface, palette.surface_edge, *tick, 2))
        if (beat, hand) in hits:
            lean = max(-1.0, min(1.0, hits[(beat, hand)] / half_beat_ms))
            mark = (x + round(lean * dot * 0.9), y)
            disc(surface, colour, mark, dot)
            drawn.append(disc_box(mark, dot))
        else:
            ring = pygame.draw.circle(surface, palette.ink_soft, (x, y), dot, max(2, dot // 3))
            drawn.append(ring)
    return drawn[0].unionall(drawn[1:]) if drawn else None


def draw_drums(surface: pygame.Surface, activity: DrumActivity) -> None:
    """Render the activity at the current game time (reads its state; changes only
    which drums are drawn and what its parts remember of the frame on screen)."""
    context = activity.context
    metrics, palette = context.metrics, context.palette
    radius_mm = activity.target_radius_mm()
    radius = metrics.px(radius_mm)
    if not activity.drums_drawn.ready(palette, radius):  # (an attempt's first frames)
        fill_background(surface, palette)
        draw_progress(surface, metrics, palette, *hits_done(activity))
        return
    centres = drum_centres(activity)
    # the background with both drums on it: the backdrop every moving part is drawn over
    layer = drums_backdrop(*_backdrop_key(activity, surface, radius))
    parts = activity.parts
    parts.begin(surface, context.damage, layer_backdrop(layer), layer)
    parts.drew(draw_progress(surface, metrics, palette, *hits_done(activity)))
    draw_cues(surface, activity, centres, radius)
    parts.end()


def draw_cues(
    surface: pygame.Surface,
    activity: DrumActivity,
    centres: dict[str, tuple[int, int]],
    radius: int,
) -> None:
    """The moving parts on the drums (`radius` px about `centres`, px): each drum's glow,
    beat marks and approaching ring, then each tap's ripple."""
    context = activity.context
    metrics, palette, parts = context.metrics, context.palette, activity.parts
    motion = context.sensory.intensity.motion
    now = context.clock.now()
    play = activity.play_time()
    radius_mm = activity.target_radius_mm()
    cue = activity.parameters["visual_cue"]
    for hand, centre in centres.items():
        colour = hand_colour(palette, hand)
        glow = 0.0
        if cue:
            glow = max(beat_glow(activity, hand, play), 0.6 * beat_glow(activity, None, play))
        if glow > 0:
            glow_sprite = _glow_disc(colour, round(radius * SKIN_SHARE))
            glow_sprite.set_alpha(round(255 * GLOW_SHARE * glow))
            parts.drew(surface.blit(glow_sprite, glow_sprite.get_rect(center=centre)))
        marks = draw_beat_marks(surface, activity, hand, centre, radius, play)
        if marks is not None:
            parts.drew(marks)
        if cue and motion > 0:
            share = next_beat_share(activity, hand, play)
            if share is not None:
                ring = radius * (1.0 + 0.7 * share * motion)
                drawn = pygame.draw.circle(  # close to the background's brightness: no flash
                    surface,
                    mix(colour, palette.background, 0.78),
                    centre,
                    round(ring),
                    max(2, metrics.px(2.0)),
                )
                parts.drew(drawn)
    for mark in activity.marks:
        if not mark.ripple:
            continue
        progress = (now - mark.t) / context.sensory.fade_s(0.4)
        if not 0 <= progress < 1:
            continue
        colour = hand_colour(palette, mark.hand)
        centre_mm = activity.centres_mm()[mark.hand]
        ripple = pygame.draw.circle(  # a ring that shows, then fades where it is: still
            surface,
            mix(colour, palette.background, 0.3 + 0.7 * progress),
            metrics.to_px(*centre_mm),
            metrics.px(radius_mm * 1.12),
            max(2, metrics.px(1.5)),
        )
        parts.drew(ripple)


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: two drums seen from above and two sticks."""
    radius = round(min(rect.w, rect.h) * 0.2)
    for hand, fx in (("left", 0.28), ("right", 0.72)):
        centre = (round(rect.x + rect.w * fx), round(rect.centery + rect.h * 0.08))
        drum = drum_picture(palette, hand, radius)
        surface.blit(drum, drum.get_rect(center=centre))
        tip = (centre[0] + (radius // 3 if hand == "left" else -radius // 3), centre[1] - radius)
        top = (tip[0] + (-radius if hand == "left" else radius), tip[1] - radius)
        thick_line(surface, mix(palette.ink_soft, palette.surface, 0.2), [top, tip], 4)
        pygame.draw.aacircle(surface, palette.ink_soft, tip, 5)
