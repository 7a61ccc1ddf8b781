"""What the console's widget pages share: :class:`Widgets`, a page whose pygame_gui widgets
are laid out in rows of the console's page area, scroll together in its
:class:`~sensory_games.engine.console.scroll.ScrollArea` and are removed together, and the
two drop-down helpers every page uses.

Layout in a few words: a page lays its widgets out from the top of its area in mm
(:meth:`Widgets.row`, :meth:`Widgets.fields`, :meth:`Widgets.flow`); rows that do not fit
the width wrap (a label goes above its field when both do not fit side by side), and what
lies below the area's bottom is reached by scrolling. A checker reads every widget's rect
and the area's viewport from :meth:`Widgets.scroll_areas` (see scroll.py)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pygame
from pygame_gui.elements import UIDropDownMenu, UIImage, UILabel, UITextBox

from sensory_games.engine.console.page import Page
from sensory_games.engine.console.scroll import BAR_MM, LIST_ROW_MM, ScrollArea

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The gap between widgets and the height of a row of them (mm).
GAP_MM = 3.0
ROW_MM = 10.0
#: Room a label or button keeps around its text (mm, both sides together).
PAD_MM = 4.0
#: What an open drop-down's list takes from the drop-down's width besides its rows and
#: scroll bar (px): pygame_gui's open button (20 px: the list is that much narrower than
#: the drop-down) and the list's borders and shadows (2 + 2 px each side), and a little
#: spare.
LIST_FRAME_PX = 30


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


class StatusLine(UITextBox):
    """What a page says happened (saved, refused and why): plain text, wrapped to the
    page's width; ``text`` is what it says."""

    text = ""
    #: Called after the text changed (the page's scroll area refits the box).
    changed: Callable[[StatusLine], None] | None = None

    def set_text(self, html_text: str, *, text_kwargs: dict[str, str] | None = None) -> None:
        """Say `html_text` (plain text, despite pygame_gui's name for it: it is escaped)."""
        self.text = html_text
        super().set_text(html.escape(html_text), text_kwargs=text_kwargs)
        if self.changed is not None:
            self.changed(self)


class Widgets(Page):
    """A page of widgets laid out in rows in the console's page area, which scrolls when
    they are taller than it; `kill` removes them. A page reaches the clinic's data only
    through the stage the engine hands its console (``self.console.stage``: the log, the
    child session, the configuration, the clock, the screen's metrics, the error log).

    ``left``, ``top`` (mm): the area's top left on screen; ``width`` (mm): the width rows
    take (the area less its scroll bar); ``height`` (mm): what is seen at once."""

    def __init__(
        self, console: ConsoleScene, area_mm: tuple[float, float, float, float] | None = None
    ) -> None:
        """`area_mm`: left, top, width, height (mm) of the part of the page area these
        widgets take (default all of it)."""
        self.console = console
        self.manager = console.manager
        self.metrics = console.stage.metrics
        self.words = console.words  # (the clinic's language)
        self.widgets: list[Any] = []
        self.meanings: dict[int, dict[str, str]] = {}  # (a choice's words -> its values)
        left, top, width, height = area_mm or console.area_mm
        self.left, self.top = left, top
        self.area = ScrollArea(self.manager, self.metrics, self.rect(0.0, 0.0, width, height))
        self.width = self.area.viewport.w / self.metrics.px_per_mm
        self.height = self.area.viewport.h / self.metrics.px_per_mm

    def scroll_areas(self) -> tuple[ScrollArea, ...]:
        return (self.area,)

    def add(self, widget: Any) -> Any:
        """Keep `widget` to be removed with the page, scrolling with it; returns it."""
        self.widgets.append(widget)
        return self.area.adopt(widget)

    def add_image(self, rect: pygame.Rect) -> UIImage:
        """A picture (a chart) at `rect` (px), scrolling with the page and removed with it;
        it may show in part (see ScrollArea.image)."""
        picture = self.area.image(rect)
        self.widgets.append(picture)
        return picture

    def remove(self, widget: Any) -> None:
        """Kill one widget of the page (it is built again elsewhere)."""
        widget.kill()
        self.widgets.remove(widget)
        self.area.forget(widget)

    def text_box(self, html: str, y_mm: float, least_h_mm: float = ROW_MM) -> UITextBox:
        """Wrapped text the page's width wide at `y_mm`, as tall as its text (at least
        `least_h_mm`); after `set_text`, call :meth:`refit`. Put it below the page's other
        widgets: it grows downwards."""
        box = self.area.text_box(html, self.rect(0, y_mm, self.width, least_h_mm))
        self.widgets.append(box)
        return box

    def said(self, line: UITextBox) -> None:
        """The status line says something new: it takes its text's height and is scrolled
        into view (a Save pressed at the foot of a long page answers where it is seen)."""
        self.refit(line)
        if line.html_text:
            self.area.reveal(line)

    def refit(self, box: UITextBox, least_h_mm: float = ROW_MM) -> None:
        self.area.refit(box, self.metrics.px(least_h_mm))

    def status_line(self, y_mm: float) -> StatusLine:
        """The page's status line at `y_mm`, the page's width wide (wraps, grows down)."""
        line = self.area.text_box("", self.rect(0, y_mm, self.width, ROW_MM), StatusLine)
        assert isinstance(line, StatusLine)
        line.changed = self.said
        self.widgets.append(line)
        return line

    def column(self, count: int) -> list[pygame.Rect]:
        """`count` rows of the page's full width from its top, one under another."""
        return [self.rect(0, i * (ROW_MM + GAP_MM / 2), self.width, ROW_MM) for i in range(count)]

    def drop_down(
        self, options: Sequence[str], rect: pygame.Rect, selected: str | None = None
    ) -> UIDropDownMenu:
        """A drop-down of `options` in `rect` showing `selected` (the first if None), kept
        to be removed with the page."""
        shown = options[0] if selected is None else selected
        return self.add(UIDropDownMenu(list(options), shown, rect, self.manager))

    def playing(self, aliases: Sequence[str]) -> str | None:
        """The alias of the child playing now, when it is one of `aliases` (a page opened
        during a child's session opens on that child), else None (the first)."""
        profile = self.console.stage.child.profile
        return profile.alias if profile is not None and profile.alias in aliases else None

    def tr(self, message: str, **values: object) -> str:
        """`message` in the clinic's language (the console's words), with `values`."""
        return self.words.tr(message, **values)

    def choice(self, shown: Mapping[str, str], rect: pygame.Rect, selected: str) -> UIDropDownMenu:
        """A drop-down whose options stand for stored values: `shown` maps each value to
        the words shown for it (in the clinic's language); `selected` is a value. Read it
        with :meth:`value`, set it with :meth:`set_value`."""
        menu = self.drop_down(list(shown.values()), rect, shown[selected])
        self.meanings[id(menu)] = {words: value for value, words in shown.items()}
        return menu

    def value(self, menu: UIDropDownMenu) -> str:
        """The stored value a :meth:`choice` shows chosen."""
        return self.meanings[id(menu)][chosen(menu)]

    def set_value(self, menu: UIDropDownMenu, value: str) -> None:
        """Show the words of the stored `value` chosen in a :meth:`choice`."""
        select(menu, next(w for w, v in self.meanings[id(menu)].items() if v == value))

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> pygame.Rect:
        """A rect in pixels from mm measured from the page area's top left; its edges are
        rounded (not its size), so rects side by side never overlap and a rect the page's
        width wide ends where the viewport does."""
        left, top = self.metrics.to_px(self.left + x_mm, self.top + y_mm)
        right, bottom = self.metrics.to_px(self.left + x_mm + w_mm, self.top + y_mm + h_mm)
        return pygame.Rect(left, top, right - left, bottom - top)

    def menu_mm(self, options: Iterable[str], least_mm: float = 0.0) -> float:
        """How wide (mm) a drop-down of `options` must be for its longest option to show
        whole in its open list beside the list's scroll bar (at least `least_mm`), and for
        the rows of that list to stay adult targets (9 mm wide beside the 11 mm bar) when
        the list is longer than the room it opens into and scrolls."""
        rows_mm = BAR_MM + LIST_ROW_MM + LIST_FRAME_PX / self.metrics.px_per_mm
        return max(least_mm, rows_mm, max(self.text_mm(o) for o in options) + BAR_MM + 2.0)

    def text_mm(self, text: str) -> float:
        """How wide `text` is in the console's font, with room around it (mm)."""
        font = (
            self.manager.get_theme()
            .get_font_dictionary()
            .find_font(self.console.font_px, "noto_sans")
        )
        return font.size(text)[0] / self.metrics.px_per_mm + PAD_MM

    def fitted(self, text: str, width_mm: float) -> str:
        """`text`, cut short with an ellipsis if it is wider than `width_mm` (a 60-letter
        alias on a narrow button; the full one is shown in its field once chosen): its
        longest start that fits with the ellipsis, at least one letter. A start is no
        wider than a longer one, so the length is found by halving (about 6 measures of a
        60-letter text, each a render, not one a letter: the prompt menu's 30 took 1.5 s)."""
        if self.text_mm(text) <= width_mm:
            return text
        kept, too_long = 1, len(text) + 1  # (a start of `kept` letters is kept whatever)
        while too_long - kept > 1:
            middle = (kept + too_long) // 2
            if self.text_mm(text[:middle] + "…") <= width_mm:
                kept = middle
            else:
                too_long = middle
        return text[:kept].rstrip() + "…"

    def row(self, y: float, shares: tuple[float, ...]) -> list[pygame.Rect]:
        """Rects side by side at `y` taking these shares of the page width (gaps between),
        so a row fits a portrait screen as well as a landscape one."""
        return self.row_in(0.0, self.width, y, shares)

    def row_in(
        self, left: float, width: float, y: float, shares: tuple[float, ...]
    ) -> list[pygame.Rect]:
        """The same within `width` mm from `left` mm; the first from the right in a
        language written right to left."""
        free = width - GAP_MM * (len(shares) - 1)
        rects, x = [], left
        for share in shares:
            start = 2 * left + width - x - free * share if self.words.right_to_left else x
            rects.append(self.rect(start, y, free * share, ROW_MM))
            x += free * share + GAP_MM
        return rects

    def flow(self, y: float, least_mm: Sequence[float]) -> tuple[list[pygame.Rect], float]:
        """Rects of at least these widths (mm) in rows from `y`: as many side by side as
        fit, each row stretched to the page width; returns them and the y below them."""
        rows: list[list[float]] = [[]]
        for least in least_mm:
            row = rows[-1]
            if row and sum(row) + GAP_MM * len(row) + least > self.width:
                rows.append([])
            rows[-1].append(min(least, self.width))
        rects = []
        for row in rows:
            total = sum(row)
            rects += self.row(y, tuple(w / total for w in row))
            y += ROW_MM + GAP_MM
        return rects, y

    def fields(
        self, y: float, fields: Sequence[tuple[str, float]]
    ) -> tuple[list[pygame.Rect], float]:
        """Labelled fields from `y`: (label text, least field width mm) each. A label sits
        before its field (left of it; right of it in a language written right to left;
        every label as wide as the widest) when both fit the width, else above it; pairs
        share a row while they fit. Makes the labels; returns the fields' rects and the y
        below them."""
        label_mm = max(self.text_mm(text) for text, _width in fields)  # (one column)
        least = [label_mm + GAP_MM + width for _text, width in fields]
        if max(least) > self.width:  # narrow: every label above its field
            rects = []
            for text, _width in fields:
                self.label(0, y, self.width, text)
                rects.append(self.rect(0, y + ROW_MM + GAP_MM / 3, self.width, ROW_MM))
                y += 2 * ROW_MM + GAP_MM * 4 / 3
            return rects, y
        pairs, below = self.flow(y, least)
        rects = []
        label_px, gap = self.metrics.px(label_mm), self.metrics.px(GAP_MM)
        for (text, _width), pair in zip(fields, pairs, strict=True):
            label = pygame.Rect(pair.x, pair.y, label_px, pair.h)
            field = pygame.Rect(pair.x + label_px + gap, pair.y, pair.w - label_px - gap, pair.h)
            if self.words.right_to_left:
                label.right, field.x = pair.right, pair.x
            self.add(UILabel(label, text, self.manager))
            rects.append(field)
        return rects, below

    def label(self, x: float, y: float, w: float, text: str) -> UILabel:
        """A label of one row at `x`, `y` (mm), `w` mm wide."""
        return self.add(UILabel(self.rect(x, y, w, ROW_MM), text, self.manager))

    def kill(self) -> None:
        for widget in self.widgets:
            widget.kill()
        self.widgets = []
        self.area.kill()
