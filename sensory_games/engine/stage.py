"""The Stage: everything a scene may use, handed to it by the engine.

A scene gets no engine: it gets this object, and through it only

- the services it works with: ``clock`` (s), ``config``, ``child`` (the ChildSession:
  who plays, their levels, saving), ``repository`` and ``errors`` (the adult's
  warnings and errors.log; the PIN pad, the profile picker and the adult screens);
- the languages: ``child_words`` (the child's screens and voice) and ``clinic_words``
  (the adults' screens), each with ``tr`` (domain/language.py);
- the screen: ``metrics`` (mm on this screen; new after a resize, so read it when
  needed), ``touch_available``, ``sounds`` and ``voice`` (spoken
  prompts; both at the child's sensory settings), ``damage`` (this frame's dirty
  rectangles: ui/damage.py), ``render_scale`` (at what share of the resolution the
  activities are drawn: domain/render_scale.py), ``spare_time`` (work no frame waits
  for, done between frames: ui/spare_time.py) and ``screen`` (the surface scenes are
  drawn on, for its size and pixel format: what is made ahead in the spare time is made
  in its format; a scene draws on it only in ``draw``);
- navigation: ``push``, ``pop``, ``replace``, ``request_redraw``, and the child's way
  through the screens (``calm_screen``, ``activity_screen``, ``change_child``,
  ``start_session``);
- the sensory sliders: ``open_overlay``, ``close_overlay``, ``prepare_overlay``,
  ``drop_prepared_overlay``, ``set_intensity``;
- closing: ``quit``, and why a scene is leaving (``quitting``, ``recovering``);
- the clinic server: ``clinic_sync``, the background sync (None: no `server.url`).

The loop, the window, the stack's list and the adult lock stay the engine's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from sensory_games.domain.clock import Clock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.intensity import Intensity
from sensory_games.domain.language import Words, screen_words
from sensory_games.domain.profile import Profile
from sensory_games.domain.render_scale import RenderScale
from sensory_games.engine.background_sync import BackgroundSync
from sensory_games.engine.navigation import Navigation
from sensory_games.engine.scene_stack import SceneStack
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.sensory_controls import SensoryControls
from sensory_games.engine.window import Window
from sensory_games.services.child_session import ChildSession
from sensory_games.services.error_log import ErrorLog
from sensory_games.storage import Repository
from sensory_games.ui.audio import SoundPlayer
from sensory_games.ui.damage import Damage
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime
from sensory_games.ui.voice import VoicePlayer


@dataclass
class Closing:
    """Why scenes are leaving the stack: the app closing (`quitting`) or going back to
    "who is playing?" after an unexpected error (`recovering`); neither: a normal exit."""

    quitting: bool = False
    recovering: bool = False


class Stage:
    """What the engine hands each scene (see the module's docstring for the contract)."""

    def __init__(
        self,
        *,
        clock: Clock,
        config: AppConfig,
        child: ChildSession,
        repository: Repository,
        errors: ErrorLog,
        window: Window,
        stack: SceneStack,
        sensory: SensoryControls,
        closing: Closing,
        quit: Callable[[], None],
        clinic_sync: BackgroundSync | None = None,
        render_scale: RenderScale | None = None,
    ) -> None:
        self.clock = clock
        self.config = config
        self.child = child
        self.repository = repository
        self.errors = errors
        self._window = window
        self._stack = stack
        self._sensory = sensory
        self._closing = closing
        self.quit = quit
        self.clinic_sync = clinic_sync
        #: At what share of the resolution activities are drawn (the slow-device rule's)
        self.render_scale = render_scale or RenderScale(config.display.render_scale)
        self.navigation = Navigation(self, stack, sensory)
        #: Work no frame waits for, done between frames (ui/spare_time.py; App.run)
        self.spare_time = SpareTime()

    # -- the screen ------------------------------------------------------------------------

    @property
    def metrics(self) -> ScreenMetrics:
        return self._window.metrics

    @property
    def screen(self) -> pygame.Surface:
        """The surface the scenes are drawn on (for its size and pixel format: a scene
        draws on it only in `draw`, where it is handed it)."""
        return self._window.surface

    @property
    def damage(self) -> Damage:
        """This frame's dirty rectangles (ui/damage.py): a scene that draws only what
        changed asks it first and adds what it draws."""
        return self._window.damage

    @property
    def touch_available(self) -> bool:
        return self._window.touch_available

    @property
    def sounds(self) -> SoundPlayer:
        return self._sensory.sounds

    @property
    def voice(self) -> VoicePlayer:
        """The spoken prompts, in the child's language, at their sensory settings."""
        return self._sensory.voice

    # -- the languages ---------------------------------------------------------------------

    @property
    def child_words(self) -> Words:
        """The words of the child's screens and voice: the playing child's language (their
        profile's), else the clinic's (who is playing? is in the clinic's language)."""
        profile = self.child.profile
        chosen = profile.language if profile is not None and profile.language else ""
        return screen_words(chosen or self.config.language)

    @property
    def clinic_words(self) -> Words:
        """The words of the adults' screens: the clinic's language (clinic.language)."""
        return screen_words(self.config.language)

    def request_redraw(self) -> None:
        """Draw the next frame even if the screen is still (window exposed, screenshots)."""
        self._window.redraw_whole()

    # -- navigation ------------------------------------------------------------------------

    def push(self, scene: Scene) -> None:
        self._stack.push(scene)

    def pop(self) -> None:
        """Remove the top scene; the root scene (the profile picker) stays."""
        self._stack.pop()

    def replace(self, scene: Scene) -> None:
        self._stack.replace(scene)

    def start_session(self, profile: Profile) -> None:
        self.navigation.start_session(profile)

    def change_child(self) -> None:
        self.navigation.change_child()

    def calm_screen(self) -> Scene:
        return self.navigation.calm_screen()

    def activity_screen(self, slug: str, ask: bool = True) -> Scene:
        return self.navigation.activity_screen(slug, ask)

    # -- the sensory sliders ---------------------------------------------------------------

    def open_overlay(self) -> None:
        self._sensory.open()

    def prepare_overlay(self) -> None:
        """Make the sliders ahead, so that opening them paints nothing (a chore)."""
        self._sensory.prepare_overlay(self.spare_time)

    def drop_prepared_overlay(self) -> None:
        """Let the sliders made ahead go (the adult menu closed without opening them)."""
        self._sensory.drop_prepared_overlay()

    def close_overlay(self) -> None:
        self._sensory.close()

    def set_intensity(self, intensity: Intensity, t: float, preset_name: str | None = None) -> None:
        self._sensory.set_intensity(intensity, t, preset_name)

    # -- closing ---------------------------------------------------------------------------

    @property
    def quitting(self) -> bool:
        return self._closing.quitting

    @property
    def recovering(self) -> bool:
        return self._closing.recovering
