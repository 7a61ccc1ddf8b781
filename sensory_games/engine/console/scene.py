"""The console's frame: a tab row (Profiles, Levels, Plans, Progress, Voice, Audit, Done) above
the page.

Each page is a :class:`~sensory_games.engine.console.page.Page` in a module of this
package, listed in :data:`TABS`; it reaches the clinic's data only through the stage the
engine hands the console (``console.stage``), never the whole app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from sensory_games.domain.language import N_, Words
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.console.audit import AuditPage
from sensory_games.engine.console.fonts import use_script_fonts
from sensory_games.engine.console.goals import GoalsPage
from sensory_games.engine.console.layout import gui_boxes
from sensory_games.engine.console.levels import LevelsPage
from sensory_games.engine.console.manager import ConsoleManager
from sensory_games.engine.console.page import Page
from sensory_games.engine.console.plans import PlansPage
from sensory_games.engine.console.profiles import ProfilesPage
from sensory_games.engine.console.progress import ProgressPage
from sensory_games.engine.console.redraw import ConsoleChanges
from sensory_games.engine.console.scroll import LIST_ROW_MM, ScrollArea
from sensory_games.engine.console.voice import VoicePage
from sensory_games.engine.scenes.base import Scene
from sensory_games.ui.damage import joined
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen import ScreenMetrics

#: After an event the console is drawn every frame this long (s): pygame_gui's hover and
#: press looks and a tooltip's delay (1 s) are over by then.
SETTLE_S = 2.0
#: Widgets with a blinking cursor: while one has the focus the console is drawn every frame.
TEXT_FIELDS = (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox)
#: Past this many changed regions a frame draws their union once (each region is drawn
#: with every widget, clipped to it).
MOST_REGIONS = 8

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: Height of a tab row (mm), the margin around the tabs and the page (mm), the room a
#: tab keeps around its label (mm).
ROW_MM, MARGIN_MM, TAB_PAD_MM = 10.0, 3.0, 4.0
#: The console's tabs, in order: (name, label in English, its page; None: Done, back to
#: the adult menu). A new page is a module of this package and one line here.
TABS: tuple[tuple[str, str, Callable[[ConsoleScene], Page] | None], ...] = (
    ("profiles", N_("Profiles"), ProfilesPage),
    ("levels", N_("Levels"), LevelsPage),
    ("plans", N_("Plans"), PlansPage),
    ("goals", N_("Goals"), GoalsPage),
    ("progress", N_("Progress"), ProgressPage),
    ("voice", N_("Voice"), VoicePage),
    ("audit", N_("Audit"), AuditPage),
    ("done", N_("Done"), None),
)


#: A widget that cannot be used now (Save with nothing to save, Play with no clip): on a
#: light ground, its words greyer than a live widget's (#2E3A4B) but still readable, 3.6:1
#: on its background (pygame_gui's own would draw it near-black on this light page).
DISABLED_COLOURS: dict[str, str] = {
    "disabled_bg": "#E6EAEE",
    "disabled_dark_bg": "#E6EAEE",
    "disabled_text": "#6E7B8A",
    "disabled_border": "#C3CDD6",
}


def theme(metrics: ScreenMetrics, words: Words) -> dict[str, Any]:
    """pygame_gui's theme: text about 3.2 mm high (readable at arm's length), the palette's
    quiet colours; in a language written right to left, labels and text boxes are set
    against the right edge (the fonts are the console's own: engine/console/fonts.py)."""
    size = str(font_size(metrics))
    font = {"name": "noto_sans", "size": size}
    side = {"text_horiz_alignment": "right"} if words.right_to_left else {}
    return {
        "defaults": {
            "font": {"name": "noto_sans", "size": size},
            "colours": {
                "normal_bg": "#F4F6F8",
                "hovered_bg": "#E3E9EF",
                "active_bg": "#C9D6E3",
                "selected_bg": "#C9D6E3",
                "dark_bg": "#E9EEF2",
                "normal_text": "#2E3A4B",
                "hovered_text": "#2E3A4B",
                "selected_text": "#2E3A4B",
                "active_text": "#2E3A4B",
                "normal_border": "#AFC0CF",
                "hovered_border": "#7F97AD",
                "selected_border": "#2E3A4B",
                "active_border": "#2E3A4B",
                "text_cursor": "#2E3A4B",
                **DISABLED_COLOURS,
            },
        },
        "label": {"colours": {"dark_bg": "#00000000"}, "font": font, "misc": side},
        "text_box": {"font": font, "misc": side},
        "selection_list": {"misc": {"list_item_height": str(metrics.px(LIST_ROW_MM))}},
        # (an open drop-down's rows: an adult's targets, as tall as a list's)
        "drop_down_menu": {
            "font": font,
            "misc": {"list_item_height": str(metrics.px(LIST_ROW_MM))},
        },
        **{
            element: {"font": font}
            for element in (
                "button",
                "text_entry_line",
                "text_entry_box",
                "drop_down_menu.#selected_option",
                "drop_down_menu.#drop_down_options_list",
                "selection_list.@selection_list_item",
                "selection_list.#item_list_item",
            )
        },
    }


def font_size(metrics: ScreenMetrics) -> int:
    """The console's text size in pixels: capitals about 3.2 mm high (at least the 3 mm
    every adult text needs), never under 14 px."""
    return max(14, metrics.font_px(3.2))


class ConsoleScene(Scene):
    """The therapist console; raw pygame events go to its UI manager."""

    animated = True
    wants_raw_events = True
    locks_when_idle = True  # (5 minutes untouched: the PIN again)
    over_play = True

    def __init__(self, stage: Stage, page: str = "profiles") -> None:
        super().__init__(stage)
        self.page_name = page
        self.page: Page | None = None
        self.tabs: dict[str, pygame_gui.elements.UIButton] = {}
        self.tab_rows = 1
        self.words = stage.clinic_words  # (the console's words: the clinic's language)
        self._last_event_at = stage.clock.now()
        self.changes = ConsoleChanges()  # (what its last frame showed: redraw.py)
        self.build(stage.metrics)

    # -- layout ------------------------------------------------------------------------

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> pygame.Rect:
        return self.stage.metrics.rect_mm(x_mm, y_mm, w_mm, h_mm)

    @property
    def area_mm(self) -> tuple[float, float, float, float]:
        """The page area below the tab rows: left, top, width, height (mm)."""
        metrics = self.stage.metrics
        top = MARGIN_MM * (self.tab_rows + 1) + ROW_MM * self.tab_rows
        return (
            MARGIN_MM,
            top,
            metrics.width_mm - 2 * MARGIN_MM,
            metrics.height_mm - top - MARGIN_MM,
        )

    def tab_layout(self, metrics: ScreenMetrics) -> list[list[tuple[int, float, float]]]:
        """Where each tab goes: rows of (tab index, left mm, width mm). Each tab needs its
        label's width and TAB_PAD_MM (at least ROW_MM: a short word is still an adult's
        target); the tabs take as few rows as let every label fit
        (one on most screens), and a row's spare width is shared out equally, so the
        tabs of a row fill it. In a language written right to left the first tab is on
        the right."""
        font = self.manager.get_theme().get_font_dictionary().find_font(self.font_px, "noto_sans")
        needs = [
            max(ROW_MM, font.size(self.words.tr(label))[0] / metrics.px_per_mm + TAB_PAD_MM)
            for _name, label, _page in TABS
        ]
        room = metrics.width_mm - 2 * MARGIN_MM
        for count in range(1, len(TABS) + 1):
            per_row = -(-len(TABS) // count)
            rows = [needs[i : i + per_row] for i in range(0, len(TABS), per_row)]
            if all(sum(row) + MARGIN_MM * (len(row) - 1) <= room for row in rows):
                break
        placed: list[list[tuple[int, float, float]]] = []
        index = 0
        for row in rows:
            spare = max(0.0, room - sum(row) - MARGIN_MM * (len(row) - 1)) / len(row)
            x, line = MARGIN_MM, []
            for need in row:
                width = min(need + spare, room)
                left = metrics.width_mm - x - width if self.words.right_to_left else x
                line.append((index, left, width))
                x += width + MARGIN_MM
                index += 1
            placed.append(line)
        return placed

    def build(self, metrics: ScreenMetrics) -> None:
        if self.page is not None:
            self.page.kill()
            self.page = None
        self.font_px = font_size(metrics)
        self.manager = ConsoleManager(metrics.size_px, theme(metrics, self.words))
        self.manager.preload_fonts(  # (bold: the text boxes' <b>, at their default 14 too)
            [
                {"name": "noto_sans", "point_size": size, "style": "bold"}
                for size in sorted({14, self.font_px})
            ]
        )
        use_script_fonts(self.manager, self.words.right_to_left)  # (every script, every widget)
        rows = self.tab_layout(metrics)
        self.tab_rows = len(rows)
        self.tabs = {}
        for row_number, row in enumerate(rows):
            y = MARGIN_MM + row_number * (ROW_MM + MARGIN_MM)
            for index, x, width in row:
                name, label, _page = TABS[index]
                self.tabs[name] = pygame_gui.elements.UIButton(
                    self.rect(x, y, width, ROW_MM), self.words.tr(label), self.manager
                )
        self.show(self.page_name)

    def show(self, name: str) -> None:
        """Open a page (its tab is shown selected)."""
        pages = {name: page for name, _label, page in TABS if page is not None}
        if self.page is not None:
            self.page.kill()
        self.page_name = name
        for tab_name, tab in self.tabs.items():
            if tab_name == name:
                tab.select()
            else:
                tab.unselect()
        self.page = pages[name](self)

    def resize(self, metrics: ScreenMetrics) -> None:
        self.build(metrics)

    # -- events ------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        """Every pygame event while the console is on top (keys for text, clicks)."""
        self._last_event_at = self.stage.clock.now()
        self.manager.process_events(event)
        areas = self.page.scroll_areas() if self.page is not None else ()
        if any([area.handle(event) for area in areas]):
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, tab in self.tabs.items():
                if event.ui_element is tab:
                    if name == "done":
                        self.stage.pop()
                    else:
                        self.show(name)
                    return
        if self.page is not None:
            self.page.handle(event)

    def layout_boxes(self) -> list[LayoutBox]:
        """The console's widgets, read from its UI manager (engine/console/layout.py), and
        the track of each scroll bar that shows."""
        areas = self.page.scroll_areas() if self.page is not None else ()
        tracks = [
            LayoutBox("scroll track", area.track, "adult") for area in areas if area.max_offset
        ]
        return [*gui_boxes(self.manager, self.stage.metrics), *tracks]

    def handle(self, pointer: PointerEvent) -> bool:
        return True  # (pointer events are for child screens; the console uses raw events)

    def back(self) -> None:
        self.stage.pop()

    def update(self, dt: float) -> None:
        self.manager.update(dt)
        for area in self.page.scroll_areas() if self.page is not None else ():
            area.widen_open_lists()

    def still(self) -> bool:
        """True when nothing on the console can have changed since its last frame: no
        event for SETTLE_S (a hover's or a press's look, a tooltip's delay, are over by
        then), no text field with its blinking cursor, no replay playing."""
        if self.stage.clock.now() - self._last_event_at < SETTLE_S:
            return False
        if self.page is not None and self.page.moving:
            return False
        return not any(
            isinstance(element, TEXT_FIELDS) for element in self.manager.get_focus_set() or ()
        )

    def draw(self, surface: pygame.Surface) -> None:
        """The console: nothing at all while the screen still shows it and it is still;
        on another frame the screen still shows, only where it changed
        (engine/console/redraw.py); else, while its page moves by itself (a replay
        drawn into a picture by the page's draw) or a drop-down is open, whole."""
        damage = self.stage.damage
        if self.still() and damage.drawing_parts():
            return
        areas = self.page.scroll_areas() if self.page is not None else ()
        bars = [(area.bar, area.look()) for area in areas]
        moving = self.page is not None and self.page.moving
        # (an open drop-down's list: a frame in parts missed part of its look in
        # tests/test_progress_page.py, so it is drawn whole while open)
        popped = any(area.pop_up_open() for area in areas)
        if moving or popped or not damage.drawing_parts():
            self.changes.note(self.manager, bars)
            self._paint(surface, areas)
            damage.add(surface.get_rect())
            return
        regions = self.changes.regions(self.manager, bars)
        regions = joined([surface.get_rect()] if regions is None else [*regions, *damage.fresh])
        if len(regions) > MOST_REGIONS:  # (each region draws every widget: one union)
            regions = [regions[0].unionall(regions[1:])]
        clip = surface.get_clip()
        for region in regions:
            surface.set_clip(region.clip(clip))
            self._paint(surface, areas)  # (all of it, clipped: the same pixels there)
            damage.add(region)
        surface.set_clip(clip)

    def _paint(self, surface: pygame.Surface, areas: tuple[ScrollArea, ...]) -> None:
        """The console whole (its widgets, scroll bars and the page's charts), within the
        surface's clip."""
        surface.fill((233, 238, 242))
        self.manager.draw_ui(surface)
        for area in areas:
            area.draw(surface)  # (its bar's track, thumb and arrows)
        if self.page is not None:
            self.page.draw(surface)  # (the progress page's charts and replays)
