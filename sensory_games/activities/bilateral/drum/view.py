"""Drawing of drum to the beat: two drums, the soft glow on each beat, the ring closing
in as a beat nears, the ripple of a tap, and the launcher picture.

Beat cues are soft: a drum's glow never repeats faster than the tempo (at most
150 bpm = 2.5 a second), under the flash cap.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.view import (
    draw_progress,
    hand_colour,
)
from sensory_games.domain.intensity import Palette
from sensory_games.ui.art import (
    WHITE,
    fill_background,
    mix,
)

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.drum.activity import DrumActivity

#: How long (s) before its beat a drum starts to glow.
GLOW_RISE_S = 0.06
#: How far (share) a drum's skin turns to its hand's colour at the peak of its beat: a
#: change of about 0.13 in relative luminance, twice per beat, 2.5 beats a second at most.
GLOW_SHARE = 0.2


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
    draw_progress(surface, metrics, palette, activity.beats_done, len(activity.track))
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


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
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
