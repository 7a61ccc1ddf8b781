"""What the console's widget pages share: :class:`Widgets`, a page whose pygame_gui widgets
are laid out in rows of the console's page area (and removed together), and the two
drop-down helpers every page uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pygame
from pygame_gui.elements import UIDropDownMenu, UILabel

from sensory_games.engine.console.page import Page

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The gap between widgets and the height of a row of them (mm).
GAP_MM = 3.0
ROW_MM = 10.0


def select(menu: UIDropDownMenu, text: str) -> None:
    """Show `text` as a drop-down's selected option (the closed drop-down keeps its own
    copy of the selection and its own button in this pygame_gui version: all are set)."""
    menu.selected_option = (text, text)
    state = menu.current_state
    if state is not None and hasattr(state, "selected_option"):
        state.selected_option = (text, text)
    shown = getattr(state, "selected_option_button", None)  # (the closed drop-down's face)
    if shown is not None:
        shown.set_text(text)


def chosen(menu: UIDropDownMenu) -> str:
    """The text of a drop-down's selected option."""
    option = menu.selected_option
    return option[0] if isinstance(option, tuple) else str(option)


class Widgets(Page):
    """A page of widgets laid out in rows in the console's page area; `kill` removes them.
    A page reaches the clinic's data only through the stage the engine hands its console
    (``self.console.stage``: the log, the child session, the configuration, the clock,
    the screen's metrics, the error log)."""

    def __init__(self, console: ConsoleScene) -> None:
        self.console = console
        self.manager = console.manager
        self.widgets: list[Any] = []
        self.left, self.top, self.width, self.height = console.area_mm

    def add(self, widget: Any) -> Any:
        """Keep `widget` to be removed with the page; returns it."""
        self.widgets.append(widget)
        return widget

    def drop_down(
        self, options: Sequence[str], rect: pygame.Rect, selected: str | None = None
    ) -> UIDropDownMenu:
        """A drop-down of `options` in `rect` showing `selected` (the first if None), kept
        to be removed with the page."""
        shown = options[0] if selected is None else selected
        return self.add(UIDropDownMenu(list(options), shown, rect, self.manager))

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> pygame.Rect:
        """A rect in pixels from mm measured from the page area's top left."""
        return self.console.rect(self.left + x_mm, self.top + y_mm, w_mm, h_mm)

    def row(self, y: float, shares: tuple[float, ...]) -> list[pygame.Rect]:
        """Rects side by side at `y` taking these shares of the page width (gaps between),
        so a row fits a portrait screen as well as a landscape one."""
        return self.row_in(0.0, self.width, y, shares)

    def row_in(
        self, left: float, width: float, y: float, shares: tuple[float, ...]
    ) -> list[pygame.Rect]:
        """The same within `width` mm from `left` mm."""
        free = width - GAP_MM * (len(shares) - 1)
        rects, x = [], left
        for share in shares:
            rects.append(self.rect(x, y, free * share, ROW_MM))
            x += free * share + GAP_MM
        return rects

    def label(self, x: float, y: float, w: float, text: str) -> UILabel:
        """A label of one row at `x`, `y` (mm), `w` mm wide."""
        return self.add(UILabel(self.rect(x, y, w, ROW_MM), text, self.manager))

    def kill(self) -> None:
        for widget in self.widgets:
            widget.kill()
        self.widgets = []
