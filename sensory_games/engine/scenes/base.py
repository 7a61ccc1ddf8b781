"""Scenes: full screens on a stack with a symmetric life cycle.

``enter`` when pushed, ``pause`` when covered, ``resume`` when uncovered, ``exit`` when
removed. ``handle`` takes pointer events, ``update`` advances a fixed step, ``draw``
renders without changing state. Back (Escape, windowed mode only) and quit requests
reach the top scene so it can save what the child did first.

:class:`Scene` declares every hook and flag the engine (``sensory_games.engine.app``) uses,
each with a default that does nothing, so the engine calls them directly and a new screen
overrides only what it needs.

The contract between the engine and a scene: a scene is built with a
:class:`~sensory_games.engine.stage.Stage` (``self.stage``) and uses nothing else of the
engine. Through it a scene has the clock, the configuration, the child's session
(``stage.child``: who plays, their levels, saving), the profiles' log and the adult's
warnings (``stage.repository``, ``stage.errors``: the profile picker, the PIN pad and
the adult screens), the screen's metrics and sounds, navigation (``push``, ``pop``,
``replace``, ``request_redraw``, ``calm_screen``, ``activity_screen``, ``change_child``,
``start_session``), the sensory sliders and ``quit``. The window, the loop, the list of
scenes and the adult lock stay the engine's: a scene changes them only through the
Stage, so a screen can be built and tested with any Stage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

import pygame

from sensory_games.domain.intensity import Intensity
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui import art
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred
from sensory_games.ui.widgets import Button, make_calm_button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage


class Scene:
    """Base scene: does nothing; subclasses override what they need.

    The engine calls the hooks on the scenes of its stack: the life cycle (``enter``,
    ``pause``, ``resume``, ``exit``) as scenes are pushed and popped, ``resize`` on every
    scene when the window changes, and on the top scene only ``handle``, ``handle_event``,
    ``update``, ``draw`` and ``back``. ``intensity_changed`` reaches every scene.
    """

    #: False for screens that change only when touched (menus): they are then drawn only
    #: after input or a change of screen, which lets an idle tablet rest.
    animated: ClassVar[bool] = True
    #: True for adult screens (the adult menu, calibration, the console): left untouched
    #: for the adult-screen idle time (5 minutes) they close and the PIN keypad comes back,
    #: and while one is open the adult corner does not ask for the PIN again.
    locks_when_idle: ClassVar[bool] = False
    #: True for a screen that reads the keyboard and widgets itself (the console): while
    #: it is on top every raw pygame event also goes to :meth:`handle_event`.
    wants_raw_events: ClassVar[bool] = False

    def __init__(self, stage: Stage) -> None:
        self.stage = stage

    def enter(self) -> None:
        """Pushed onto the stack."""

    def pause(self) -> None:
        """Another scene now covers this one."""

    def resume(self) -> None:
        """The scene above was removed."""

    def exit(self) -> None:
        """Removed from the stack (save anything unsaved here)."""

    def resize(self, metrics: ScreenMetrics) -> None:
        """The window changed size; lay out again."""

    def handle(self, pointer: PointerEvent) -> bool:
        """Take one pointer event (on top only, after the sensory sliders); True if used."""
        return False

    def handle_event(self, event: pygame.event.Event) -> None:
        """Take one raw pygame event, as SDL queued it (on top only, and only when
        :attr:`wants_raw_events`); its pointer events still reach :meth:`handle` too."""

    def update(self, dt: float) -> None:
        """Advance by a fixed step of `dt` seconds (on top only)."""

    def draw(self, surface: pygame.Surface) -> None:
        """Render (on top only; a still screen only when something may have changed);
        must not change state."""

    def back(self) -> None:
        """An adult asked to go back (Escape in windowed mode)."""
        self.stage.pop()

    def intensity_changed(self, t: float, intensity: Intensity, preset_name: str | None) -> None:
        """A therapist changed the sensory channels to `intensity` at `t` (s, on the app's
        clock), choosing the preset `preset_name` (None: the sliders). Every scene on the
        stack is told, after the new palette and sounds are in place."""


class ChildScene(Scene):
    """A screen a child uses: the calm-down button is always in the same corner."""

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.calm_button = make_calm_button(
            stage.metrics, stage.child.sensory.palette, self.calm_down
        )
        self._still_layer: pygame.Surface | None = None
        self._still_key: object = None

    def calm_down(self) -> None:
        """The child asked for a break: go to the calm screen."""
        self.stage.push(self.stage.calm_screen())

    def resize(self, metrics: ScreenMetrics) -> None:
        self.calm_button = make_calm_button(
            metrics, self.stage.child.sensory.palette, self.calm_down
        )

    def buttons(self) -> list[Button]:
        """Buttons on this screen besides the calm button (override)."""
        return []

    def handle(self, pointer: PointerEvent) -> bool:
        for button in (self.calm_button, *self.buttons()):
            if button.handle(pointer, self.stage.metrics):
                return True
        return False

    def draw_buttons(self, surface: pygame.Surface) -> None:
        palette, metrics = self.stage.child.sensory.palette, self.stage.metrics
        for button in (*self.buttons(), self.calm_button):
            button.draw(surface, palette, metrics)

    def paint_titled(self, surface: pygame.Surface, title: str, y_mm: float) -> None:
        """The soft background, a short line of text for the adult at `y_mm` from the top
        (children need not read it) and the buttons: a still screen's picture."""
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        art.draw_background(surface, palette)
        blit_centred(
            surface,
            title,
            metrics.font_px(4.0),
            palette.ink_soft,
            (metrics.width_px // 2, metrics.px(y_mm)),
        )
        self.draw_buttons(surface)

    def draw_still(self, surface: pygame.Surface, paint: Callable[[pygame.Surface], None]) -> None:
        """Draw a screen that only changes when its layout, colours or a pressed button
        change: `paint` runs into a cached layer then, and every other frame is one blit.
        """
        buttons = (*self.buttons(), self.calm_button)
        key = (
            self.stage.metrics,
            self.stage.child.sensory.palette,
            tuple((tuple(b.rect), b.pressed, b.label, b.face) for b in buttons),
        )
        if key != self._still_key or self._still_layer is None:
            self._still_layer = pygame.Surface(surface.get_size()).convert(surface)
            paint(self._still_layer)
            self._still_key = key
        surface.blit(self._still_layer, (0, 0))


class SessionScene(ChildScene):
    """A child's screen whose record belongs to the session it opened in (an attempt, a
    check-in): the child (`profile`, `profile_id`) and `session_id` are taken at opening.
    Opened before a child picked their avatar, it raises RuntimeError (an engine bug)."""

    #: What the screen is, for that error ("an activity needs a child's ... session").
    needs_session_as: ClassVar[str] = "a session's screen"

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.profile, self.session_id = stage.child.who_plays(self.needs_session_as)
        self.profile_id = self.profile.id


class TileScene(ChildScene):
    """A still child's screen of big tiles (who is playing, the activities): drawn only
    after a touch or a change of screen, and laid out again whenever the window changes."""

    animated = False

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.tiles: list[Button] = []

    def resize(self, metrics: ScreenMetrics) -> None:
        super().resize(metrics)
        self.layout(metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        """Place the tiles (and any other button) for `metrics` (override)."""
