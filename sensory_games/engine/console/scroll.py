"""The console's own scroll area: a page taller than its place on the screen scrolls, with
an adult-sized scroll bar (up and down buttons, a track to tap or drag), the mouse wheel
and a finger dragged over the page.

Why not pygame_gui's UIScrollingContainer (or the scroll bars of UISelectionList and
UITextBox)? Their bars are hard-coded 20 px wide: 2.3 mm at 220 dpi, far under the 9 mm
an adult target needs, and a drop-down inside a scrolling container opens clipped to it.
So the console keeps every widget in the UI manager's root and moves it itself:

- An interactive widget (button, field, drop-down, list) has a *home* rect: where it lies
  with the page scrolled to the top. At offset `o` (px) it is moved up by `o` and shown
  only while it lies wholly inside the viewport, so a widget is either all there and
  pressable, or hidden (and pygame_gui sends it no clicks). An open drop-down is drawn by
  the manager over everything, as before.
- Passive text (a text box that wraps long text) lives in a clipping container the size
  of the viewport and may be partly shown; a text box grows to fit its text
  (:meth:`ScrollArea.text_box`), so it never shows pygame_gui's own thin bar.

What a checker (or a test) uses: :attr:`ScrollArea.viewport` (px on screen),
:meth:`ScrollArea.widgets` (every widget with its rect now and whether it is shown),
:meth:`ScrollArea.scroll_positions` (offsets that together show every part of the page),
:meth:`ScrollArea.scroll_to` and :meth:`ScrollArea.reveal` (scroll a widget into view),
and the bar's own buttons (:attr:`ScrollArea.up`, :attr:`ScrollArea.down`, :attr:`track`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIButton, UIDropDownMenu, UIImage, UITextBox
from pygame_gui.elements.ui_drop_down_menu import UIExpandedDropDownState

from sensory_games.ui.screen import ScreenMetrics

#: The scroll bar's width and its buttons' height (mm): adult targets (at least 9 mm).
BAR_MM = 11.0
#: The height of a row of an open drop-down's list (mm; the console's theme sets it).
LIST_ROW_MM = 9.0
#: How far one notch of the mouse wheel scrolls (mm); a button press scrolls most of a view.
WHEEL_MM, PAGE_SHARE = 10.0, 0.8
#: How far a finger moves before a press on the page counts as a drag (mm).
DRAG_MM = 2.0
TRACK, THUMB, ARROW = (214, 222, 230), (127, 151, 173), (46, 58, 75)


@dataclass
class Placed:
    """A widget in the area: its rect with the page at the top (px on screen), and whether
    it is passive text in the clipping panel (else interactive, in the manager's root)."""

    widget: Any
    home: pygame.Rect
    passive: bool


class ScrollArea:
    """A scrolling page area on the console (see the module's docstring)."""

    def __init__(
        self, manager: pygame_gui.UIManager, metrics: ScreenMetrics, area: pygame.Rect
    ) -> None:
        """`area`: the whole page area (px); the bar takes :data:`BAR_MM` at its right."""
        self.manager, self.metrics = manager, metrics
        bar_w = metrics.px(BAR_MM)
        gap = metrics.px(2.0)
        self.viewport = pygame.Rect(area.x, area.y, area.w - bar_w - gap, area.h)
        self.bar = pygame.Rect(area.right - bar_w, area.y, bar_w, area.h)
        self.placed: list[Placed] = []
        self.offset = 0
        self._press: tuple[int, int, bool] | None = None  # (y at press, offset, on the track)
        self._dragging = False
        self.panel = UIContainer(self.viewport, manager)  # (clips the passive text)
        button_h = min(metrics.px(BAR_MM), area.h // 3)
        self.up = UIButton(pygame.Rect(self.bar.x, self.bar.y, bar_w, button_h), "", manager)
        self.down = UIButton(
            pygame.Rect(self.bar.x, self.bar.bottom - button_h, bar_w, button_h), "", manager
        )
        self.track = pygame.Rect(
            self.bar.x, self.bar.y + button_h, bar_w, self.bar.h - 2 * button_h
        )

    # -- what the page puts in ------------------------------------------------------------

    def adopt(self, widget: Any) -> Any:
        """Scroll an interactive widget with the page (its rect now is its home); returns
        it."""
        self.placed.append(Placed(widget, pygame.Rect(widget.rect), passive=False))
        self._place(self.placed[-1])
        self._bar_shown()
        return widget

    def text_box(
        self, html: str, rect: pygame.Rect, kind: type[UITextBox] = UITextBox
    ) -> UITextBox:
        """Passive text at `rect` (px on screen, page at the top) as wide as `rect` and as
        tall as its text (at least `rect`'s height); call :meth:`refit` after `set_text`."""
        relative = pygame.Rect(rect.x - self.viewport.x, rect.y - self.viewport.y, rect.w, -1)
        box = kind(html, relative, self.manager, container=self.panel)
        if box.rect.h < rect.h:  # (short text: the box keeps the height it was given)
            box.set_dimensions((rect.w, rect.h))
        self.placed.append(Placed(box, pygame.Rect(rect.x, rect.y, rect.w, box.rect.h), True))
        self._place(self.placed[-1])
        self._bar_shown()
        return box

    def image(self, rect: pygame.Rect) -> UIImage:
        """A passive picture at `rect` (px on screen, page at the top): a chart, a list
        drawn as one picture; like text it may show in part while the page scrolls."""
        relative = pygame.Rect(rect.x - self.viewport.x, rect.y - self.viewport.y, *rect.size)
        picture = UIImage(relative, pygame.Surface(rect.size), self.manager, container=self.panel)
        self.placed.append(Placed(picture, pygame.Rect(rect), True))
        self._place(self.placed[-1])
        self._bar_shown()
        return picture

    def refit(self, box: UITextBox, least_h: int = 0) -> None:
        """A text box's text changed: it keeps its width and takes its text's height (at
        least `least_h` px); what lies below it moves by as much as it grew."""
        for item in self.placed:
            if item.widget is not box:
                continue
            box.set_dimensions((item.home.w, -1))
            box.rebuild()
            height = max(least_h, box.rect.h)
            if box.rect.h != height:
                box.set_dimensions((item.home.w, height))
            grown, bottom = height - item.home.h, item.home.bottom
            item.home.h = height
            for other in self.placed:
                if other.home.top >= bottom and other is not item:
                    other.home.y += grown
        self.scroll_to(self.offset)

    def forget(self, widget: Any) -> None:
        """`widget` was killed by its page: stop moving it."""
        self.placed = [p for p in self.placed if p.widget is not widget]
        self._bar_shown()

    # -- what a checker and the page's events use ------------------------------------------

    @property
    def content_height(self) -> int:
        """Height of everything on the page (px), from the viewport's top."""
        bottom = max((p.home.bottom for p in self.placed), default=self.viewport.top)
        return bottom - self.viewport.top

    @property
    def max_offset(self) -> int:
        return max(0, self.content_height - self.viewport.h)

    def scroll_to(self, offset: int) -> int:
        """Scroll so the page's `offset`-th pixel row is at the viewport's top (clamped to
        what there is); returns the offset now."""
        self.offset = max(0, min(int(offset), self.max_offset))
        for item in self.placed:
            self._place(item)
        self._bar_shown()
        return self.offset

    def scroll_positions(self) -> list[int]:
        """Offsets that, visited in turn, show every part of the page (each viewport
        overlaps the last by a third) and every widget no taller than the viewport wholly
        (the offset that brings its top to the viewport's top)."""
        step = max(1, self.viewport.h * 2 // 3)
        positions = {*range(0, self.max_offset, step), self.max_offset}
        for item in self.placed:
            if not item.passive and item.home.h <= self.viewport.h:
                top = item.home.top - self.viewport.top
                if not 0 <= top - self.offset_of(top) <= self.viewport.h - item.home.h:
                    positions.add(min(self.max_offset, max(0, top)))
        return sorted(positions)

    def offset_of(self, top: int) -> int:
        """The step offset (see :meth:`scroll_positions`) whose view starts nearest above
        the page row `top` (px from the page's top)."""
        step = max(1, self.viewport.h * 2 // 3)
        return min(self.max_offset, top // step * step)

    def reveal(self, widget: Any) -> None:
        """Scroll the least that shows `widget` wholly."""
        for item in self.placed:
            if item.widget is widget:
                top = item.home.top - self.viewport.top
                if top < self.offset:
                    self.scroll_to(top)
                elif top + item.home.h > self.offset + self.viewport.h:
                    self.scroll_to(top + item.home.h - self.viewport.h)

    def widgets(self) -> list[tuple[Any, pygame.Rect, bool]]:
        """Every widget of the area: (widget, its rect on screen now, shown now)."""
        return [(p.widget, pygame.Rect(p.widget.rect), p.widget.visible) for p in self.placed]

    def handle(self, event: pygame.event.Event) -> bool:
        """The bar's buttons, a tap or drag on its track, the wheel over the page and a
        finger dragged over the page; True when the event scrolled."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in (self.up, self.down):
            sign = -1 if event.ui_element is self.up else 1
            self.scroll_to(self.offset + sign * int(self.viewport.h * PAGE_SHARE))
            return True
        if self.pop_up_open():  # (the wheel and a drag are the open list's, not the page's)
            self._press, self._dragging = None, False
            return False
        over = self.viewport.union(self.bar).collidepoint(pygame.mouse.get_pos())
        if event.type == pygame.MOUSEWHEEL and self.max_offset and over:
            self.scroll_to(self.offset - event.y * self.metrics.px(WHEEL_MM))
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return self._pressed(event.pos)
        if event.type == pygame.MOUSEMOTION and self._press is not None:
            return self._moved(event.pos[1])
        if event.type == pygame.MOUSEBUTTONUP:
            dragged, self._press, self._dragging = self._dragging, None, False
            return dragged
        return False

    def open_drop_downs(self) -> list[UIDropDownMenu]:
        """The page's drop-downs that are open now (their lists over the page)."""
        return [
            p.widget
            for p in self.placed
            if isinstance(p.widget, UIDropDownMenu)
            and p.widget.current_state is p.widget.menu_states["expanded"]
        ]

    def pop_up_open(self) -> bool:
        """Whether one of the page's drop-downs is open."""
        return bool(self.open_drop_downs())

    def widen_open_lists(self) -> None:
        """Give the list of an open drop-down that scrolls a scroll bar an adult's finger
        can use (BAR_MM wide, not pygame_gui's 20 px): its rows are made again with it
        (once: a widened list is left alone). A list short enough to need no bar has rows
        as wide as its own, whatever the bar's width: it is not made again (that doubled
        the cost of opening every short drop-down)."""
        wide = self.metrics.px(BAR_MM)
        for menu in self.open_drop_downs():
            expanded = menu.menu_states["expanded"]
            assert isinstance(expanded, UIExpandedDropDownState)
            listed = expanded.options_selection_list
            if listed is not None and listed.scroll_bar_width != wide:
                listed.scroll_bar_width = wide
                if listed.scroll_bar is None:
                    continue  # (no bar: pygame_gui gives the rows the list's whole width)
                listed.scroll_bar.kill()  # (pygame_gui keeps a bar it has: a new one)
                listed.scroll_bar = None
                listed.set_item_list([item["text"] for item in listed.item_list])

    def draw(self, surface: pygame.Surface) -> None:
        """The track, its thumb and the arrows on the bar's buttons (when it scrolls)."""
        if not self.max_offset:
            return
        pygame.draw.rect(surface, TRACK, self.track, border_radius=4)
        pygame.draw.rect(surface, THUMB, self._thumb(), border_radius=4)
        for button, sign in ((self.up, -1), (self.down, 1)):
            centre, half = button.rect.center, button.rect.w // 4
            tip = (centre[0], centre[1] + sign * half // 2)
            base = [(centre[0] - half, centre[1] - sign * half // 2)]
            base.append((centre[0] + half, base[0][1]))
            pygame.draw.polygon(surface, ARROW, [tip, *base])

    def look(self) -> Hashable:
        """A value standing for all :meth:`draw` paints (within :attr:`bar`): equal looks,
        equal pixels (engine/console/redraw.py)."""
        if not self.max_offset:
            return None
        buttons = tuple((*button.rect.center, button.rect.w) for button in (self.up, self.down))
        return (tuple(self.track), tuple(self._thumb()), buttons)

    def kill(self) -> None:
        for element in (self.up, self.down, self.panel):
            element.kill()
        self.placed = []

    # -- inside ----------------------------------------------------------------------------

    def _pressed(self, pos: tuple[int, int]) -> bool:
        """A press on the track moves the thumb there (and drags it); a press on the page,
        on its free space or on a button (a list of children is all buttons), may become a
        finger drag; one on a field or a drop-down is theirs."""
        on_track = self.track.collidepoint(pos) and bool(self.max_offset)
        on_page = self.viewport.collidepoint(pos) and not any(
            p.widget.visible and p.widget.rect.collidepoint(pos)
            for p in self.placed
            if not p.passive and not isinstance(p.widget, UIButton)
        )
        if on_track or on_page:
            self._press, self._dragging = (pos[1], self.offset, on_track), on_track
            if on_track:
                self._thumb_to(pos[1])
        return on_track

    def _moved(self, y: int) -> bool:
        """The pointer moved while pressed: the thumb follows it, or the page follows the
        finger once it has moved :data:`DRAG_MM`."""
        assert self._press is not None
        start_y, start_offset, on_track = self._press
        if on_track:
            self._thumb_to(y)
            return True
        if abs(y - start_y) >= self.metrics.px(DRAG_MM) and not self._dragging:
            self._dragging = True
            for item in self.placed:  # (a drag that began on a button never presses it)
                if isinstance(item.widget, UIButton) and item.widget.held:
                    item.widget.held = False
                    selected = item.widget.is_selected  # (its look back: not pressed)
                    item.widget.disable()
                    item.widget.enable()
                    if selected:
                        item.widget.select()
        if self._dragging:
            self.scroll_to(start_offset - (y - start_y))
        return self._dragging

    def _place(self, item: Placed) -> None:
        y = item.home.y - self.offset
        if item.passive:
            item.widget.set_relative_position((item.home.x - self.viewport.x, y - self.viewport.y))
            return
        item.widget.set_position((item.home.x, y))
        if isinstance(item.widget, UIDropDownMenu):
            aim(item.widget, self.metrics)
        inside = self.viewport.contains(pygame.Rect(item.home.x, y, item.home.w, item.home.h))
        if inside and not item.widget.visible:
            item.widget.show()
        elif not inside and item.widget.visible:
            item.widget.hide()

    def _bar_shown(self) -> None:
        for button in (self.up, self.down):
            if self.max_offset and not button.visible:
                button.show()
            elif not self.max_offset and button.visible:
                button.hide()

    def _thumb(self) -> pygame.Rect:
        share = self.viewport.h / max(1, self.content_height)
        height = max(self.metrics.px(BAR_MM), int(self.track.h * share))
        free = max(1, self.track.h - height)
        top = self.track.y + round(free * self.offset / max(1, self.max_offset))
        return pygame.Rect(self.track.x, top, self.track.w, min(height, self.track.h))

    def _thumb_to(self, y: int) -> None:
        """Scroll so the thumb's middle is at `y` (px)."""
        thumb = self._thumb()
        free = max(1, self.track.h - thumb.h)
        share = (y - self.track.y - thumb.h / 2) / free
        self.scroll_to(round(share * self.max_offset))


def aim(menu: UIDropDownMenu, metrics: ScreenMetrics) -> None:
    """Open `menu` towards the side of the screen with room for its list (below unless
    there is more room above), never past the screen's edge: a list that does not fit
    scrolls (with the wide bar :meth:`ScrollArea.widen_open_lists` gives it)."""
    margin = metrics.px(1.0)
    below = metrics.height_px - menu.rect.bottom - margin
    above = menu.rect.top - margin
    needed = len(menu.options_list) * metrics.px(LIST_ROW_MM) + margin
    expanded = menu.menu_states["expanded"]
    upwards = below < needed and above > below
    expanded.expand_direction = "up" if upwards else "down"
    menu.expansion_height_limit = max(metrics.px(LIST_ROW_MM), above if upwards else below)
