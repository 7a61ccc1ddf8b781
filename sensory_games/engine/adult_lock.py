"""The adult lock: what keeps a child out of the adult screens and closes them when an
adult walks away.

Holding the top-right corner (the adult door) asks for the PIN; the adult screens (those
whose scene `locks_when_idle`) close after ADULT_MENU_IDLE_S without a touch and the PIN
keypad comes back in front of the child's screen. Sliders left open that long close too.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from sensory_games.domain.clock import Clock
from sensory_games.domain.intensity import Palette
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.scene_stack import SceneStack
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.sensory_controls import SensoryControls
from sensory_games.storage import Repository
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.widgets import ADULT_CORNER_MM, CornerHold

#: The adult menu, left open without a touch for this long (s), locks itself (PIN again).
ADULT_MENU_IDLE_S = 300.0
#: Events that show an adult is still there (any touch, click, key, scroll or movement).
ADULT_INPUT_EVENTS = frozenset(
    (
        pygame.KEYDOWN,
        pygame.TEXTINPUT,
        pygame.MOUSEWHEEL,
        pygame.MOUSEMOTION,
        pygame.MOUSEBUTTONDOWN,
        pygame.FINGERDOWN,
        pygame.FINGERMOTION,
    )
)


class AdultLock:
    """The adult door (a held corner) and the idle policy of the adult screens.

    `pin_pad` builds the PIN keypad scene (it needs the scenes' Stage)."""

    def __init__(
        self,
        clock: Clock,
        repository: Repository,
        stack: SceneStack,
        sensory: SensoryControls,
        pin_pad: Callable[[], PinPadScene],
    ) -> None:
        self.repository = repository
        self.stack = stack
        self.sensory = sensory
        self._pin_pad = pin_pad
        self.door = CornerHold()
        self.last_input_at = clock.now()
        self._door_shown = False

    def noticed(self, event_type: int, t: float) -> None:
        """A raw event at `t` (s): input of any kind shows an adult is still there
        (typing notes or scrolling is not being away)."""
        if event_type in ADULT_INPUT_EVENTS:
            self.last_input_at = t

    def handle(self, pointer: PointerEvent, metrics: ScreenMetrics, now: float) -> bool:
        """A pointer delivered at `now` (s): True when the adult door took it (no scene
        sees it then)."""
        self.last_input_at = now
        return self.door.handle(pointer, metrics)

    def lock_adult_screens(self) -> None:
        """The adult menu or console left open: close them (and anything an adult opened
        over them) and put the PIN keypad in front of the child's screen."""
        scenes = self.stack.scenes
        while len(scenes) > 1 and any(scene.locks_when_idle for scene in scenes[1:]):
            self.stack.pop()
        self.stack.push(self._pin_pad())

    def check(self, now: float) -> None:
        """Once a frame at `now` (s): the door held long enough asks for the PIN (or to
        choose one, the first time); adult screens and sliders left idle close."""
        if self.door.triggered(now) and not any(_is_adult(s) for s in self.stack.scenes):
            self.stack.push(self._pin_pad())
        idle = now - self.last_input_at > ADULT_MENU_IDLE_S
        if idle and self.sensory.overlay is not None:
            self.sensory.close()  # the sliders left open over a child's screen
        top = self.stack.top
        if (
            idle
            and top is not None
            and top.locks_when_idle
            and self.repository.pin_hash() is not None
        ):
            self.lock_adult_screens()

    def wants_frame(self, now: float) -> bool:
        """True while the door's ring is (or was, last frame) on screen."""
        return self.door.progress(now) > 0 or self._door_shown

    def draw(
        self, surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, now: float
    ) -> None:
        """While an adult holds the corner, a ring fills (children see nothing else)."""
        progress = self.door.progress(now)
        self._door_shown = progress > 0
        if progress <= 0:
            return
        radius = metrics.px(ADULT_CORNER_MM / 3)
        centre = (
            metrics.width_px - metrics.px(ADULT_CORNER_MM / 2),
            metrics.px(ADULT_CORNER_MM / 2),
        )
        rect = pygame.Rect(0, 0, 2 * radius, 2 * radius)
        rect.center = centre
        pygame.draw.arc(
            surface, palette.ink, rect, 1.5708, 1.5708 + progress * 6.2832, max(2, radius // 4)
        )


def _is_adult(scene: Scene) -> bool:
    """The PIN keypad or an adult screen is already open (the door asks nothing then)."""
    return isinstance(scene, PinPadScene) or scene.locks_when_idle
