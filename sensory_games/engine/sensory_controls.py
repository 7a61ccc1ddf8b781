"""The therapist's live sensory controls: the five sliders shown over the child's screen
(F2 in windowed mode, or the adult menu's Sensory settings), the sensory settings they
change while an activity runs, and the sounds played at those settings.

A change made with the sliders goes on the audit list when they close; the running
attempt records each change with its time (Scene.intensity_changed).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial

import pygame

from sensory_games.domain.intensity import Intensity
from sensory_games.domain.language import words
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.voice_clip import RECORDINGS_FOLDER
from sensory_games.engine.scene_stack import SceneStack
from sensory_games.engine.scenes.intensity_overlay import IntensityOverlay
from sensory_games.engine.window import Window
from sensory_games.services.child_session import ChildSession
from sensory_games.ui.audio import SoundPlayer
from sensory_games.ui.captions import draw_caption
from sensory_games.ui.damage import Damage
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime
from sensory_games.ui.voice import VoicePlayer


class SensoryControls:
    """The sliders (`overlay`, None while closed) and the `sounds` at the child's settings.

    `make_overlay` builds the sliders' panel (it needs the scenes' Stage)."""

    def __init__(
        self,
        child: ChildSession,
        stack: SceneStack,
        window: Window,
        make_overlay: Callable[[], IntensityOverlay],
    ) -> None:
        self.child = child
        self.stack = stack
        self.window = window
        self._make_overlay = make_overlay
        self.overlay: IntensityOverlay | None = None
        self._ahead: IntensityOverlay | None = None  # (made before they open: prepare_overlay)
        self.sounds = SoundPlayer(child.sensory)
        self._voice_problems: set[str] = set()  # broken clips the adult was told of
        self.voice = self._voice()
        self._caption_shown: str | None = None  # the prompt's words drawn last frame
        self.caption_area: pygame.Rect | None = None  # where they were drawn (px)
        self._overlay_shown: Hashable = None  # (the sliders' look on screen, None: closed)
        self._opened_at: Intensity | None = None

    def child_changed(self) -> None:
        """Another child (or none) plays: the sliders close unaudited, the sounds follow
        the new sensory settings."""
        self.overlay = self._ahead = None
        self.sounds = SoundPlayer(self.child.sensory)
        self.voice.stop()  # (the last child's prompt is not the next one's)
        self.voice = self._voice()

    def _voice(self) -> VoicePlayer:
        """The spoken prompts of who plays now: their language (else the clinic's), on
        unless their profile has voice off, the clinic's own recordings first."""
        profile, child = self.child.profile, self.child
        return VoicePlayer(
            child.sensory,
            (profile.language if profile else "") or child.config.language,
            enabled=profile.voice if profile else True,
            recordings=child.repository.data_dir / RECORDINGS_FOLDER,
            now=child.clock.now,
            warn=self._voice_problem,
        )

    def _voice_problem(self, problem: str) -> None:
        """A broken voice clip: the adult's warnings say so once (not once per child)."""
        if problem not in self._voice_problems:
            self._voice_problems.add(problem)
            self.child.warn(problem)

    def screen_changed(self) -> None:
        """Another screen comes up: it is drawn, and the sliders close (they belong to the
        screen they were opened on) and the prompt said for the last screen stops."""
        self.overlay = None
        self.window.redraw_whole()
        self.voice.screen_changed()

    def prepare_overlay(self, spare_time: SpareTime) -> None:
        """Make the sliders, render their panel's words and paint their buttons now, before
        they are opened (a chore of the adult menu's spare time: their first frame painted
        them, 13-17 ms at 1920x1080 here), then, a chore each, their buttons in each
        preset's colours (pressing a preset painted them all: 8-16 ms); opening them then
        only draws them."""
        if self.overlay is None and self._ahead is None:
            ahead = self._make_overlay()
            ahead.prepare()
            self._ahead = ahead
            for palette in ahead.preset_palettes():
                spare_time.add(partial(ahead.prepare_buttons, palette))

    def drop_prepared_overlay(self) -> None:
        """Let the sliders made ahead go (their pictures: a few MB at 1920x1080)."""
        self._ahead = None

    def open(self) -> None:
        """Show the five sliders over the current screen (those made ahead, when the screen
        is still the size they were laid out for)."""
        if self.overlay is None:
            ahead, self._ahead = self._ahead, None
            if ahead is None or ahead.laid_out_for != self.window.metrics:
                ahead = self._make_overlay()
            self.overlay = ahead
            self._opened_at = self.child.sensory.intensity
        self.window.redraw_whole()

    def close(self) -> None:
        """Hide the sliders; a change made with them goes on the audit list."""
        self.overlay = None
        self.window.redraw_whole()
        now = self.child.sensory.intensity
        if self._opened_at is not None and now != self._opened_at:
            channels = ", ".join(f"{k} {v:.2f}" for k, v in now.as_dict().items())
            profile = self.child.profile
            self.child.audit(
                "sensory settings changed",
                f"{self.child.intensity_preset}: {channels}",
                profile.id if profile else None,
            )
        self._opened_at = None

    def toggle(self) -> None:
        """F2: open the sliders, or close them when open."""
        if self.overlay is None:
            self.open()
        else:
            self.close()

    def handle(self, pointer: PointerEvent) -> bool:
        """True when the open sliders took `pointer` (the screen below does not see it)."""
        return self.overlay is not None and self.overlay.handle(pointer)

    def layout(self, metrics: ScreenMetrics) -> None:
        if self.overlay is not None:
            self.overlay.layout(metrics)

    def caption(self) -> str | None:
        """The words of the prompt being said, when the clinic shows captions and the
        screen is the child's (none over an adult screen)."""
        top = self.stack.top
        if not self.child.config.voice_captions or top is None or not top.for_the_child:
            return None
        return self.voice.caption()

    def caption_changed(self) -> bool:
        """A caption has come or gone since the last frame drawn (draw one now)."""
        return self.caption() != self._caption_shown

    def overlay_changed(self) -> bool:
        """The sliders opened, closed or look different since the last frame drawn (the
        next frame is drawn whole)."""
        look = None if self.overlay is None else self.overlay.look()
        return look != self._overlay_shown

    def draw(self, surface: pygame.Surface, damage: Damage) -> None:
        """The prompt's caption (on request: on a frame in parts over the picture painted
        afresh beneath it, `caption_area`) and the open sliders (on a frame in parts only
        where the scene under them changed: their look is the last frame's)."""
        self._caption_shown = self.caption()
        self.caption_area = None
        top = self.stack.top
        if self._caption_shown is not None and top is not None:
            palette, metrics = self.child.sensory.palette, self.window.metrics
            rtl = words(self.voice.language).right_to_left  # (the prompt's language)
            self.caption_area = draw_caption(
                surface, metrics, palette, self._caption_shown, top.keep_clear(), rtl
            )
            damage.add(self.caption_area)
        self._overlay_shown = None if self.overlay is None else self.overlay.look()
        if self.overlay is not None:  # (over what changed, the caption's area among it)
            self.overlay.draw(surface, None if damage.whole else damage.drawn())

    def set_intensity(self, intensity: Intensity, t: float, preset_name: str | None = None) -> None:
        """Change the sensory channels live at `t` (s, the app's clock), without stopping
        the activity; every scene on the stack is told."""
        self.child.set_intensity(intensity, preset_name)
        self.window.redraw_whole()
        for scene in self.stack.scenes:
            scene.intensity_changed(t, intensity, preset_name)
