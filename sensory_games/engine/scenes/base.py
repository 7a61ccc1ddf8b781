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
``start_session``), the sensory sliders, ``quit`` and the clinic server's background
sync (``stage.clinic_sync``: the adult menu's Sync now and line). The window, the loop, the list of
scenes and the adult lock stay the engine's: a scene changes them only through the
Stage, so a screen can be built and tested with any Stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from typing import TYPE_CHECKING, ClassVar

import pygame

from sensory_games.domain.intensity import Intensity
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import CALM_DOWN
from sensory_games.ui import art
from sensory_games.ui.damage import StillPicture
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred
from sensory_games.ui.tile_layout import Reserved, TilePages, lay_out_tiles
from sensory_games.ui.widgets import (
    ADULT_CORNER_MM,
    CALM_BUTTON_MM,
    EDGE_MARGIN_MM,
    Button,
    adult_corner_mm,
    make_calm_button,
)

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: Capitals (mm) of the short line a still child's screen writes for the adult.
TITLE_CAPITALS_MM = 4.0


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
    #: True (set on the scene) when what its first frame shows was queued on the spare
    #: time as it entered (ActivityScene: Activity.prepare): opened in a frame (a tap, a
    #: check-in giving way), it is updated and drawn once `prepared`, at most
    #: MOST_HELD_FRAMES frames on (engine/held_back.py), the spare time doing that work.
    opens_prepared: bool = False
    #: True for a screen that reads the keyboard and widgets itself (the console): while
    #: it is on top every raw pygame event also goes to :meth:`handle_event`.
    wants_raw_events: ClassVar[bool] = False
    #: True for the child's screens: the adult's caption of a spoken prompt is shown only
    #: on them (never over an adult screen's controls, such as the PIN keypad's keys).
    for_the_child: ClassVar[bool] = False
    #: True for the adult screens that open over whatever is in play (the PIN keypad, the
    #: adult menu, calibration, the console): leaving, they leave the drawings made for the
    #: screen in play (ui/kept.py scene scope) to it.
    over_play: ClassVar[bool] = False

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

    @property
    def prepared(self) -> bool:
        """True once what its first frame would draw is drawn ahead (`opens_prepared`)."""
        return True

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

    def layout_boxes(self) -> list[LayoutBox]:
        """What is on the screen now, for `sensory-games layout-check`: every target and
        text with its box (ui/layout_rules.py). A screen with anything to touch or read
        overrides it."""
        return []

    def keep_clear(self) -> list[pygame.Rect]:
        """Where the adult's caption of a spoken prompt may not go (px): every box of the
        layout check, and (override) anything else the child looks at, such as page dots."""
        return [box.rect for box in self.layout_boxes()]

    def intensity_changed(self, t: float, intensity: Intensity, preset_name: str | None) -> None:
        """A therapist changed the sensory channels to `intensity` at `t` (s, on the app's
        clock), choosing the preset `preset_name` (None: the sliders). Every scene on the
        stack is told, after the new palette and sounds are in place."""


class ChildScene(Scene):
    """A screen a child uses: the calm-down button is always in the same corner."""

    for_the_child: ClassVar[bool] = True

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.calm_button = make_calm_button(
            stage.metrics, stage.child.sensory.palette, self.calm_down
        )
        self._still = StillPicture()  # (draw_still's layer)
        #: Anything else a still screen's picture depends on (a subclass changes it to
        #: have the layer painted again: a page turned).
        self._still_key: object = None

    def pause(self) -> None:
        """Covered by another screen: its still layer (a full-screen surface, 8 MB at
        1920x1080) is let go, and painted again when the screen comes back (one frame's
        work, against the memory of every covered menu)."""
        self._still.forget()

    @property
    def right_to_left(self) -> bool:
        """True when the child's language is read right to left (Arabic): its words' lines
        start at the right (one that starts with a Latin name too), each row of tiles and
        the page dots run from the right, and the next page's arrow is on the left,
        pointing left."""
        return self.stage.child_words.right_to_left

    def calm_down(self) -> None:
        """The child asked for a break: go to the calm screen. The invitation is said at
        once (cutting short any prompt) and for the calm screen: it goes on over it,
        before that screen's own prompt."""
        self.stage.voice.say(CALM_DOWN, timed=True, leads_on=True)
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

    def layout_boxes(self) -> list[LayoutBox]:
        """The calm button and every other button, as a child's targets, and the corner an
        adult holds to open the adult menu (nothing of the child's may lie under it)."""
        metrics = self.stage.metrics
        corner = metrics.rect_mm(*adult_corner_mm(metrics))
        return [
            LayoutBox("the adult corner", corner, "adult"),
            *(
                box
                for button in (self.calm_button, *self.buttons())
                for box in button.layout_boxes("child", metrics)
            ),
        ]

    def keep_buttons_fresh(self) -> None:
        """Before a frame in parts: the buttons are drawn over it afterwards (draw_buttons),
        so what lies under them is painted afresh (ui/damage.py keep_fresh)."""
        for button in (*self.buttons(), self.calm_button):
            self.stage.damage.keep_fresh(button.rect)

    def draw_buttons(self, surface: pygame.Surface) -> None:
        """Every button, over the screen (noted as changed on a frame in parts)."""
        palette, metrics = self.stage.child.sensory.palette, self.stage.metrics
        for button in (*self.buttons(), self.calm_button):
            button.draw(surface, palette, metrics)
            self.stage.damage.add(button.rect)

    def paint_titled(self, surface: pygame.Surface, title: str, y_mm: float) -> None:
        """The soft background, a short line of text for the adult at `y_mm` from the top
        (children need not read it) and the buttons: a still screen's picture."""
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        art.draw_background(surface, palette)
        blit_centred(
            surface,
            title,
            metrics.font_px(TITLE_CAPITALS_MM),
            palette.ink_soft,
            (metrics.width_px // 2, metrics.px(y_mm)),
            self.right_to_left,  # (the child's language's: "Mia، ..." reads from the right)
        )
        self.draw_buttons(surface)

    def draw_still(self, surface: pygame.Surface, paint: Callable[[pygame.Surface], None]) -> None:
        """Draw a screen that only changes when its layout, colours or a pressed button
        change: `paint` runs into a cached layer then (ui/damage.py StillPicture), and
        other frames copy it, or draw nothing while the screen still shows it. Whatever
        the screen shows must be painted by `paint`."""
        buttons = (*self.buttons(), self.calm_button)
        look = (
            self.stage.metrics,
            self.stage.child.sensory.palette,
            self._still_key,
            tuple((tuple(b.rect), b.pressed, b.label, b.face) for b in buttons),
        )
        self._still.draw(surface, self.stage.damage, look, paint)


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
    after a touch or a change of screen, and laid out again whenever the window changes.

    No tile is ever dropped: :func:`~sensory_games.ui.tile_layout.lay_out_tiles` puts
    them on pages when they do not all fit at a comfortable size, and this screen shows
    one page at a time with big arrows to turn it (instantly: no motion) and a dot per
    page. A subclass builds a Button for every tile in :attr:`all_tiles`, each at the
    rect :meth:`lay_out_pages` gives it on its own page.
    """

    animated = False
    #: The largest tile (mm) a subclass wants.
    largest_tile_mm: ClassVar[float] = 55.0

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.all_tiles: list[Button] = []
        self.paging: list[Button] = []
        self.page = 0
        self.pages: TilePages | None = None

    @property
    def tiles(self) -> list[Button]:
        """The tiles on the page shown."""
        if self.pages is None:
            return self.all_tiles
        return [self.all_tiles[i] for i in self.pages.indices_on(self.page)]

    def resize(self, metrics: ScreenMetrics) -> None:
        super().resize(metrics)
        self.layout(metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        """Place the tiles (and any other button) for `metrics` (override)."""

    def reserved(self, metrics: ScreenMetrics) -> Reserved:
        """What this screen keeps for its own buttons (override); by default the calm
        button's corner and the adult corner."""
        corner = CALM_BUTTON_MM + 2 * EDGE_MARGIN_MM
        return Reserved(ADULT_CORNER_MM + 2, corner, 2 * EDGE_MARGIN_MM, corner, ADULT_CORNER_MM)

    def lay_out_pages(self, metrics: ScreenMetrics, count: int) -> list[pygame.Rect]:
        """Lay out `count` tiles in pages: the rect of each (on its own page), and the
        arrows of the page shown (the page is kept when it still exists), mirrored for
        a language read right to left."""
        pages = lay_out_tiles(
            metrics.width_mm, metrics.height_mm, count, self.reserved(metrics), self.largest_tile_mm
        )
        self.pages = pages
        self.page = max(0, min(self.page, pages.pages - 1))
        self.paging = []
        rtl = self.right_to_left
        back_box, onward_box = (
            (pages.following, pages.previous) if rtl else (pages.previous, pages.following)
        )
        back_icon, onward_icon = art.backward_icon(rtl), art.onward_icon(rtl)
        if back_box is not None and self.page > 0:
            rect = metrics.rect_mm(*astuple(back_box))
            self.paging.append(Button(rect, back_icon, self.previous_page, "previous"))
        if onward_box is not None and self.page < pages.pages - 1:
            rect = metrics.rect_mm(*astuple(onward_box))
            self.paging.append(Button(rect, onward_icon, self.next_page, "next"))
        return [
            metrics.rect_mm(*astuple(box))
            for page in range(pages.pages)
            for box in pages.tiles_on(page, rtl)
        ]

    def buttons(self) -> list[Button]:
        return [*self.tiles, *self.paging]

    def turn_to(self, page: int) -> None:
        """Show `page` (from 0; kept within the pages there are)."""
        self.page = page
        self.layout(self.stage.metrics)
        self._still_key = self.page  # the dots changed
        self.stage.request_redraw()

    def next_page(self) -> None:
        self.turn_to(self.page + 1)

    def previous_page(self) -> None:
        self.turn_to(self.page - 1)

    def keep_clear(self) -> list[pygame.Rect]:
        """The boxes and the page dots (the child sees which page this is)."""
        return [*super().keep_clear(), *(dot for _page, dot in self._page_dots())]

    def _page_dots(self) -> list[tuple[int, pygame.Rect]]:
        """Each page's dot (px), none for one page."""
        if self.pages is None:
            return []
        metrics = self.stage.metrics
        radius = max(2, metrics.px(self.pages.dot_mm) // 2)
        return [
            (page, pygame.Rect(0, 0, 2 * radius, 2 * radius).move_to(center=metrics.to_px(x, y)))
            for page, (x, y) in enumerate(self.pages.dots(self.right_to_left))
        ]

    def draw_page_dots(self, surface: pygame.Surface) -> None:
        """A dot per page under the tiles, the page shown filled (none for one page)."""
        palette = self.stage.child.sensory.palette
        for page, dot in self._page_dots():
            radius = dot.w // 2
            if page == self.page:
                pygame.draw.circle(surface, palette.ink_soft, dot.center, radius)
            else:
                pygame.draw.circle(
                    surface, palette.surface_edge, dot.center, radius, max(1, radius // 3)
                )
