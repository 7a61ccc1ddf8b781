"""What the console shows, as the layout check reads it (ui/layout_rules.py).

The console's widgets are pygame_gui's, so its boxes are read from the UI manager rather
than declared page by page: every visible button, drop-down, entry, list and scroll bar
is an adult's target, every label and button text a text that must fit. The parts of a
widget (a drop-down's arrow, a list's rows and its scroll bar) share a group: they may
touch each other, never another widget. :func:`open_pop_ups` opens each drop-down in
turn so the check can see that its list is on screen and drawn over everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pygame
from pygame_gui import UIManager
from pygame_gui.core import UIElement
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UIHorizontalSlider,
    UILabel,
    UISelectionList,
    UITextEntryBox,
    UITextEntryLine,
    UIVerticalScrollBar,
)
from pygame_gui.elements.ui_drop_down_menu import UIExpandedDropDownState

from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen import ScreenMetrics

#: The widgets an adult touches; anything inside one of them is one of its parts.
TARGETS = (
    UIButton,
    UIDropDownMenu,
    UIHorizontalSlider,
    UISelectionList,
    UITextEntryBox,
    UITextEntryLine,
    UIVerticalScrollBar,
)


def owner_of(element: Any) -> Any:
    """The outermost target `element` is part of (itself when it is part of none)."""
    owner = element
    parent = element.parent_element
    while parent is not None:
        if isinstance(parent, TARGETS):
            owner = parent
        parent = parent.parent_element
    return owner


def group_of(widget: Any) -> str:
    """The group of a widget's boxes: its parts (a list's rows, its bar) share it."""
    return f"{type(widget).__name__}@{id(widget)}"


def _nearest_target(element: Any) -> Any:
    """The nearest target `element` is part of (None: a widget of its own)."""
    parent = element.parent_element
    while parent is not None and not isinstance(parent, TARGETS):
        parent = parent.parent_element
    return parent


def _is_target(element: Any) -> bool:
    """A widget, a list's row or a scroll bar: what a finger aims at. The parts of a
    drop-down or of a scroll bar (its arrows, its slider) do what their whole does."""
    if not isinstance(element, TARGETS):
        return False
    nearest = _nearest_target(element)
    return (
        nearest is None
        or isinstance(element, UIVerticalScrollBar)
        or (isinstance(nearest, UISelectionList) and isinstance(element, UIButton))
    )


def _shown(element: UIElement, screen: pygame.Rect) -> bool:
    """Visible, and not scrolled wholly out of the container it sits in (a list's rows
    beyond its end are hidden by pygame_gui's clipping, not by `visible`)."""
    return bool(element.visible) and container_rect(element, screen).colliderect(element.rect)


def container_rect(element: UIElement, screen: pygame.Rect) -> pygame.Rect:
    """Where the container `element` sits in clips it to (the screen for the root's)."""
    container = element.ui_container
    if container is None:
        return screen
    area = container.get_rect()
    return screen if area == screen else area


def _font_px(element: UILabel | UIButton | UITextEntryLine) -> int:
    """The size (px) of a widget's font (0: none chosen yet)."""
    return 0 if element.font is None else int(element.font.get_point_size())


def gui_boxes(manager: UIManager, metrics: ScreenMetrics) -> list[LayoutBox]:
    """Every visible pygame_gui widget of `manager` as a box (see module)."""
    screen = pygame.Rect((0, 0), metrics.size_px)
    boxes: list[LayoutBox] = []
    for element in manager.get_sprite_group().sprites():
        if not isinstance(element, UIElement) or not _shown(element, screen):
            continue
        group = group_of(owner_of(element))
        kind = type(element).__name__
        area = container_rect(element, screen)  # (a scroll area's text may show in part)
        rect = element.rect.copy() if area == screen else element.rect.clip(area)
        if isinstance(_nearest_target(element), UISelectionList) and rect != element.rect:
            continue  # (a list's row scrolled part-way out: its list shows it whole later)
        if _is_target(element):
            boxes.append(LayoutBox(_name(element), element.rect.copy(), "adult", group=group))
        if isinstance(element, UILabel | UIButton) and any(c.isalnum() for c in element.text):
            font = element.font
            width, height = font.size(element.text) if font is not None else (0, 0)
            room = element.rect.inflate(-2, -2)
            boxes.append(
                LayoutBox(
                    f"{kind} text {element.text!r}",
                    rect,
                    "text",
                    fits=width <= room.w and height <= room.h + 2,
                    size_px=_font_px(element),
                    group=group,
                )
            )
        elif isinstance(element, UITextEntryLine):  # (an entry box's font is the same)
            boxes.append(
                LayoutBox(
                    f"{kind} text",
                    rect,
                    "text",
                    size_px=_font_px(element),
                    group=group,
                )
            )
    return boxes


def _name(element: UIElement) -> str:
    text = element.text if isinstance(element, UIButton | UILabel) else ""
    kind = type(element).__name__
    return f"{kind} {text!r}" if text else kind


def drop_downs(manager: UIManager) -> list[UIDropDownMenu]:
    """The visible drop-downs of `manager`."""
    return [
        element
        for element in manager.get_sprite_group().sprites()
        if isinstance(element, UIDropDownMenu) and element.visible
    ]


def open_pop_ups(
    manager: UIManager, settle: Callable[[float], None], opened: set[int]
) -> Iterator[tuple[UIDropDownMenu, pygame.Rect | None]]:
    """Open each visible drop-down in turn, as a click on it does, yielding it and the
    area its open list covers (px; None: the click did not open it); it is closed again
    before the next one. `settle(dt)`
    runs the screen's update after each click (dt seconds); the ids of the drop-downs
    opened are added to `opened`, and those already in it are left shut."""
    for menu in drop_downs(manager):
        if id(menu) in opened:
            continue
        opened.add(id(menu))
        _click(manager, menu.rect.center)
        settle(0.05)
        expanded = menu.menu_states["expanded"]
        assert isinstance(expanded, UIExpandedDropDownState)
        listed = expanded.options_selection_list
        if menu.current_state is expanded and listed is not None:
            yield menu, listed.rect.copy()
            _click(manager, menu.rect.center)
            settle(0.05)
        else:
            yield menu, None  # (a click on it did not open it)


def _click(manager: UIManager, point: tuple[int, int]) -> None:
    """A mouse click at `point` (px), and the widgets' own events it posts (a pressed
    button tells its drop-down through pygame's queue)."""
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        manager.process_events(pygame.event.Event(kind, button=1, pos=point, touch=False))
    for _ in range(2):
        for event in pygame.event.get():
            manager.process_events(event)
        manager.update(0.05)
