"""The reward after a completed attempt: how it went, in the activity's own picture.

Every child who finishes gets a reward; none is a "fail". What varies (docs/art.md):
- **the picture**, by the activity's family (the slug's first word): the file
  `reward-<family>.svg` (a star for tracing, bubbles for bubbles, a flower for calming, a
  drum with notes for the two-handed games); a family with no file of its own gets the
  star (reward_look);
- **its size and company**, by the attempt's accuracy: a small calm picture for a first
  try, a big one with more little copies around it and Pip cheering for a good one (Pip
  waves for a first try: "well done for playing");
- **how lively it is**, by the child's feedback channel (SensoryProfile.celebration: few
  companions at "calm", many at "alerting"), and its motion by the motion channel: the
  companions float up gently (0: nothing moves). The picture itself never grows or moves:
  its eyes and edges sweeping over the screen would count as flashes.

Every change of brightness goes in small steps (each well under a flash's 0.1 change of
relative luminance): pictures fade in and out once, and the soft glow is a single flash
requested from the flash guard, so never more than 3 flashes in a second. The pictures
are drawn once per size (ui/pictures.py's cache, filled on entering), so a frame only
blits them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, cast

import pygame

from sensory_games.domain.intensity import Colour, Palette
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import praise_for
from sensory_games.engine.scenes.base import ChildScene
from sensory_games.ui import guide
from sensory_games.ui.art import WHITE, mix, picture_colours
from sensory_games.ui.damage import Backdrop, MovingParts, layer_backdrop
from sensory_games.ui.gradients import glow_backdrop, prepare_glow, vertical_gradient
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.layer import Layer
from sensory_games.ui.pictures import declared, picture_copy, shipped

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: The child may tap to move on after this long (s).
MIN_SHOW_S = 0.8
#: The glow rises and falls in this many steps (each well under a flash's 0.1 change of
#: relative luminance).
GLOW_STEPS = 6
#: The pictures fade in (and the glow rises) over the reward's first this many seconds;
#: they fade out (and the glow falls) over its last as many.
FADE_S = 0.5
#: Pictures fade in and out in this many steps of opacity (a picture darker or lighter
#: than the background by at most 0.9 changes a spot by under 0.1 a step).
FADE_STEPS = 12
#: The reward picture's side as a share of the screen's short side: for the lowest and
#: the best accuracy (a scale between); an attempt with nothing to score counts as
#: UNSCORED.
SMALLEST_SHARE, LARGEST_SHARE, UNSCORED = 0.3, 0.5, 0.6
#: From this accuracy on, Pip cheers (below it, Pip waves).
GOOD_ACCURACY = 0.7
#: The little copies around the picture: the share of the feedback channel's sparkles
#: shown at the lowest accuracy (all of them at the best), and their side as a share of
#: the screen's short side.
FEWEST_COMPANIONS, COMPANION_SHARE = 0.3, 0.06
#: How far (a share of the screen's height) a companion floats up over its life at full
#: motion: slowly, so its edges cross a spot of the screen well under 3 times a second.
DRIFT_SHARE = 0.04
#: The reward picture of an activity whose family has none of its own.
DEFAULT_REWARD = "reward-star"


@lru_cache(maxsize=32)
def reward_look(activity: str) -> tuple[str, str, int]:
    """The reward picture, its companions' picture and the accent both are painted in, for
    `activity`: the file `reward-<family>.svg` (the family: the slug's first word) if
    there is one, else the star; the file names its companion and accent (its
    `data-companion`, `data-accent`: docs/art.md)."""
    family = f"reward-{activity.split('_')[0]}"
    name = family if shipped(family) else DEFAULT_REWARD
    settings = declared(name)
    accent = settings.get("accent", "")
    return name, settings.get("companion", name), int(accent) if accent.isdigit() else 0


def score(accuracy: float | None) -> float:
    """0..1: how well the attempt went, as the reward shows it."""
    return UNSCORED if accuracy is None else min(max(accuracy, 0.0), 1.0)


def star_points(
    centre: tuple[float, float], outer: float, inner: float
) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star (the fallback when a picture cannot be drawn)."""
    cx, cy = centre
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


#: A picture part's look: its name, side (px), colours and fade step (see _faded).
PictureLook = tuple[str, int, tuple[tuple[str, Colour], ...], int]


def _draw_faded(surface: pygame.Surface, look: PictureLook, at: pygame.Rect) -> None:
    """Blit the picture `look` names into `at` (its opacity set now: the pictures at
    several fade steps share one surface)."""
    picture = _faded(*look)
    if picture is not None:
        surface.blit(picture, at)


def _faded(
    name: str, side_px: int, colours: tuple[tuple[str, Colour], ...], step: int
) -> pygame.Surface | None:
    """The picture at opacity step/FADE_STEPS, to blit now (its opacity is set on the
    reward's own copy of it, not kept as a copy per step: a reward picture is up to a
    couple of MB, twelve steps of three pictures were tens of MB)."""
    drawn = _fadable(name, side_px, colours)
    if drawn is not None:
        drawn.set_alpha(round(255 * min(step, FADE_STEPS) / FADE_STEPS))
    return drawn


@kept_by_bytes(scope=SCENE, most=3)  # its picture, its companions' and Pip (on entering)
def _fadable(
    name: str, side_px: int, colours: tuple[tuple[str, Colour], ...]
) -> pygame.Surface | None:
    """A drawing of the picture of the reward's own (its opacity changes as it fades),
    drawn afresh rather than copied from the shared picture cache: its pixels held once."""
    return picture_copy(name, (side_px, side_px), dict(colours))


@lru_cache(maxsize=4)  # (asked every frame; the palette changes only with the preset)
def guide_colours(palette: Palette) -> tuple[tuple[str, Colour], ...]:
    """Pip's placeholder colours in `palette`, as a key of the pictures kept here."""
    return tuple(sorted(guide.guide_colours(palette).items()))


#: How many pictures a reward shows (_pictures: its own, its companions', Pip's).
PICTURES = 3
#: What the reward's frame composed ahead holds: its backdrop (RewardFrame.shows) and its
#: parts, each (look, place as a tuple of px).
Ahead = tuple[tuple[object, ...], tuple[tuple[Hashable, tuple[int, ...]], ...]]

#: A frame whose changed parts cover more than this share of the screen copies the frame
#: composed ahead for it whole instead (the pictures and Pip fading a step, or a glow
#: step: 1.8-2.3 ms drawn in the frame at 1920x1080, against a 0.6-0.9 ms copy).
COPY_SHARE = 0.15


@dataclass(frozen=True)
class RewardFrame:
    """What the reward shows at one moment: `shows` stands for its backdrop (the glow's
    top colour, the edge's, the screen's size), `backdrop` paints it; `looks` each part's
    look and place (px), in drawing order; `envelope` the fade (0..1); `star` the drawn
    star's look, when the reward's picture cannot be drawn (`drawn_star` draws it)."""

    shows: tuple[object, ...]
    backdrop: Backdrop
    looks: tuple[tuple[Hashable, pygame.Rect], ...]
    envelope: float
    star: object | None
    drawn_star: Callable[[pygame.Surface, float], pygame.Rect]

    def draw(self, surface: pygame.Surface, index: int) -> None:
        """Part `index`, within its place."""
        look, at = self.looks[index]
        if look is self.star:
            self.drawn_star(surface, self.envelope)
        else:
            _draw_faded(surface, cast(PictureLook, look), at)

    def compose(self, surface: pygame.Surface) -> None:
        """The whole frame: the backdrop, then every part."""
        self.backdrop(surface, None)
        for index in range(len(self.looks)):
            self.draw(surface, index)


class RewardScene(ChildScene):
    """The activity's reward picture fades in, little companions float; ends by itself or
    with a tap."""

    def __init__(
        self,
        stage: Stage,
        seed: int = 0,
        activity: str = "",
        accuracy: float | None = None,
    ) -> None:
        super().__init__(stage)
        self.activity = activity
        self.accuracy = accuracy
        self.score = score(accuracy)
        self.name, self.companion, self.accent_index = reward_look(activity)
        self.style = stage.child.sensory.celebration()
        self.started_at = stage.clock.now()
        rng = random.Random(seed)
        share = FEWEST_COMPANIONS + (1 - FEWEST_COMPANIONS) * self.score
        self.sparkles = [
            (rng.random(), rng.uniform(0.2, 0.9), rng.uniform(0.0, 0.4), rng.randrange(6))
            for _ in range(max(1, round(self.style.sparkles * share)))
        ]
        self.glow = False
        # (the glow backdrop being made ahead: size and colours, as prepare_glow takes them)
        self._glow_prepared: tuple[tuple[int, int], Colour, Colour] | None = None
        self._left = False  # (removed from the stack: a late chore makes nothing more)
        self.parts = MovingParts()  # (the pictures drawn last frame)
        #: The next frame composed ahead, held as (its `shows`, its parts' (look, place)).
        self._ahead = Layer[Ahead]()
        self._step_s = 0.0  # (the last update's: see update)
        self._drawn_age = 0.0  # (the last frame's moment, s into the reward)
        self._frame_gap = 0.0  # (from the frame before it, s: frames dropped count)
        self._next_asked = False  # (a chore composing the next frame is waiting)
        self._ready = 0  # (how many of its pictures are drawn: _next_picture)

    @property
    def pose(self) -> str:
        """Pip's pose beside the reward: cheering a good attempt, waving at a first try."""
        return "cheer" if self.score >= GOOD_ACCURACY else "wave"

    def side_px(self) -> int:
        """The reward picture's full side (px): larger the better the attempt went."""
        share = SMALLEST_SHARE + (LARGEST_SHARE - SMALLEST_SHARE) * self.score
        return max(8, round(min(self.stage.metrics.size_px) * share))

    def companion_px(self) -> int:
        """A companion's side (px)."""
        return max(6, round(min(self.stage.metrics.size_px) * COMPANION_SHARE))

    def colours(self, palette: Palette) -> tuple[tuple[str, Colour], ...]:
        accent = palette.accents[self.accent_index % len(palette.accents)]
        return tuple(sorted(picture_colours(accent, palette.ink, palette.surface).items()))

    def enter(self) -> None:
        """On screen now: one soft chime and, if the flash guard allows, one slow glow. The
        pictures (the reward's, its companions' and Pip's) are drawn one after another
        beside the frames (_next_picture), never in one: they fade in from nothing, so the
        first frames lose nothing without them."""
        self.started_at = self.stage.clock.now()
        if self.style.glow > 0:
            self.glow = self.stage.child.sensory.flash_guard.request(self.started_at)
        self.stage.sounds.play("reward", 0.7)
        self.stage.voice.say(
            praise_for(round(self.started_at), went_well=self.score >= GOOD_ACCURACY)
        )

    def _pictures(self) -> list[tuple[str, int, tuple[tuple[str, Colour], ...]]]:
        """The pictures this reward shows, as _fadable draws them: its own, its
        companions', Pip's."""
        palette = self.stage.child.sensory.palette
        colours, side = self.colours(palette), self.side_px()
        return [
            (self.name, side, colours),
            (self.companion, self.companion_px(), colours),
            (f"guide-{self.pose}", side // 2, guide_colours(palette)),
        ]

    def _next_picture(self) -> None:
        """Have the next picture not yet drawn drawn: beside the frames (ui/kept.py
        BESIDE: a large SVG picture takes tens of ms), counted ready on the update
        that finds it done; one an update where drawing beside is off."""
        if self._ready >= PICTURES:
            return
        pictures = self._pictures()
        if self._ready < len(pictures) and _fadable.ready(*pictures[self._ready]):
            self._ready += 1

    @property
    def age_s(self) -> float:
        return self.stage.clock.now() - self.started_at

    def update(self, dt: float) -> None:
        self._step_s = dt  # (the next frame's moment is about this much later)
        self._next_picture()
        if self.age_s >= self.style.duration_s:
            self.stage.pop()

    def handle(self, pointer: PointerEvent) -> bool:
        if super().handle(pointer):
            return True
        if pointer.phase == "down" and self.age_s >= MIN_SHOW_S:
            self.stage.pop()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        """This frame's parts over the backdrop, drawn where they changed (ui/damage.py);
        a frame that changes much of the screen (the pictures fading a step, a glow step)
        copies the frame composed ahead for it whole, then draws what differs from it."""
        frame = self._frame(self.age_s)
        if self.glow:  # (the coming glow step's backdrop made ahead, in the spare time)
            step = self._glow_step(frame.envelope)
            coming = step + 1 if self.age_s < FADE_S else step - 1
            self._prepare_glow_step(self.stage.child.sensory.palette, coming)
        self.keep_buttons_fresh()
        age = self.age_s  # (the next frame is predicted from this one's moment and pace)
        self._frame_gap = age - self._drawn_age if age > self._drawn_age > 0 else self._step_s
        self._drawn_age = age
        damage, ahead = self.stage.damage, self._ahead
        held = ahead.shows
        if (
            held is not None
            and held[0] == frame.shows  # (its backdrop this frame's: the glow's step)
            and ahead.surface is not None
            and self.parts.repaint_share(surface, frame.shows, frame.looks) > COPY_SHARE
        ):
            self.parts.copied_whole(surface, damage, ahead.surface, frame.shows, held[1])
        self.parts.draw_changed(
            surface, damage, frame.backdrop, frame.looks, partial(frame.draw, surface), frame.shows
        )
        self.draw_buttons(surface)
        if not self._next_asked:  # (one such chore waiting at a time)
            self._next_asked = True
            self.stage.spare_time.add(partial(self._compose_next, surface))

    def _frame(self, age: float) -> RewardFrame:
        """What the reward shows at `age` (s): its backdrop (a glow step's, or the shared
        one) and each part's look and place (px), in drawing order."""
        metrics, sensory = self.stage.metrics, self.stage.child.sensory
        palette, motion = sensory.palette, sensory.intensity.motion
        life = min(1.0, age / self.style.duration_s)
        envelope = max(0.0, min(1.0, age / FADE_S, (self.style.duration_s - age) / FADE_S))
        top, edge = palette.background, palette.background_edge
        if self.glow:  # in a few steps, so the cached backgrounds are reused
            top = self._glow_top(palette, self._glow_step(envelope))
        backdrop = (  # (the shared one every child screen has, or a glow step's: tiled)
            layer_backdrop(vertical_gradient(metrics.size_px, top, edge))
            if top == palette.background
            else glow_backdrop(metrics.size_px, top, edge)
        )
        looks: list[tuple[Hashable, pygame.Rect]] = []
        colours = self.colours(palette)
        small = self.companion_px()
        for fx, fy, delay, _ in self.sparkles:
            local = max(0.0, min(1.0, (life - delay) / max(0.01, 1 - delay)))
            step = round(FADE_STEPS * min(1.0, local * 4, envelope))  # (in once, out at the end)
            shown = step > 0 and self._ready > 1  # (drawn by now: _next_picture)
            companion = _faded(self.companion, small, colours, step) if shown else None
            if companion is not None:
                y = (fy - DRIFT_SHARE * local * motion) * metrics.height_px
                at = companion.get_rect(center=(fx * metrics.width_px, y))
                looks.append(((self.companion, small, colours, step), at))
        side = self.side_px()
        centre = (metrics.width_px // 2, metrics.height_px // 2)
        fade = round(FADE_STEPS * envelope)
        star = None  # (the drawn star's look, when the reward's picture cannot be drawn)
        if self._ready > 0:
            main = _faded(self.name, side, colours, fade)
            if main is not None:
                looks.append(((self.name, side, colours, fade), main.get_rect(center=centre)))
            else:  # (its colours follow the fade: a look of its own each frame, drawn again)
                outline = max(2, round(side / 80))  # (as _draw_star draws it)
                star, place = object(), pygame.Rect(0, 0, side + 2 * outline, side + 2 * outline)
                place.center = centre
                looks.append((star, place))
        pip = pygame.Rect(0, 0, side // 2, side // 2)
        pip.center = (centre[0] + side * 0.62, centre[1] + side * 0.3)
        pip_look: PictureLook = (f"guide-{self.pose}", pip.w, guide_colours(palette), fade)
        screen = pygame.Rect((0, 0), metrics.size_px)
        if self._ready > 2 and _faded(*pip_look) and screen.contains(pip):
            looks.append((pip_look, pip))
        drawn_star = partial(self._draw_star, palette=palette, centre=centre, outer=side / 2)
        return RewardFrame(
            (top, edge, metrics.size_px), backdrop, tuple(looks), envelope, star, drawn_star
        )

    def _glow_step(self, envelope: float) -> int:
        """The glow's step (0..GLOW_STEPS) at fade `envelope` (0..1)."""
        return round(GLOW_STEPS * envelope)

    def _compose_next(self, screen: pygame.Surface) -> None:
        """A chore of the spare time after each frame: the next frame composed whole when
        it will change much of the screen (more than COPY_SHARE: a fade or glow step), so
        that its frame copies it; not for the drawn star (its look is new every frame),
        nor once the reward has left."""
        self._next_asked = False
        if self._left:
            return
        coming = self._frame(self._drawn_age + self._frame_gap)
        if coming.star is not None or coming.envelope == 0.0:
            return
        if self.parts.repaint_share(screen, coming.shows, coming.looks) <= COPY_SHARE:
            return
        key = (coming.shows, tuple((look, tuple(rect)) for look, rect in coming.looks))
        self._ahead.ask(screen, key, coming.compose, self.stage.spare_time)

    def _glow_top(self, palette: Palette, step: int) -> Colour:
        """The top colour of the background at glow step `step` (0: the usual one)."""
        return mix(palette.background, WHITE, self.style.glow * step / GLOW_STEPS)

    def _prepare_glow_step(self, palette: Palette, step: int) -> None:
        """Have the backdrop of the coming glow step `step` made in the spare time after
        this frame (once for each size and colours: a live preset change or a resize
        makes the coming step again), so the frame that shows it only copies it."""
        if not 0 < step <= GLOW_STEPS:
            return
        wanted = (
            self.stage.metrics.size_px,
            self._glow_top(palette, step),
            palette.background_edge,
        )
        if wanted != self._glow_prepared:
            self._glow_prepared = wanted
            self.stage.spare_time.add(partial(self._make_glow_ahead, *wanted))

    def _make_glow_ahead(self, size: tuple[int, int], top: Colour, edge: Colour) -> None:
        """The chore _prepare_glow_step queues: nothing once the reward has left (its
        drawings were let go as it left; another screen's chores may still wait, so the
        queue is not cleared)."""
        if not self._left:
            prepare_glow(size, top, edge)

    def pause(self) -> None:
        """Covered (the calm screen over it): the frame composed ahead (a screen-sized
        surface) goes, as a covered screen's still layer does; composed again if needed."""
        self._ahead.forget()
        super().pause()

    def exit(self) -> None:
        self._left = True
        self._ahead.forget()  # (a screen-sized surface: let go with the reward)
        super().exit()

    def _draw_star(
        self,
        surface: pygame.Surface,
        envelope: float,
        *,
        palette: Palette,
        centre: tuple[int, int],
        outer: float,
    ) -> pygame.Rect:
        """The drawn star, for a reward picture that cannot be drawn; where (px)."""
        star = star_points(centre, outer, outer * 0.45)
        pygame.draw.polygon(surface, mix(palette.background, palette.accents[2], envelope), star)
        edge = mix(palette.background, palette.ink, 0.5 * envelope)
        return pygame.draw.polygon(surface, edge, star, max(2, round(outer / 40)))
