"""The console's frame: a tab row (Profiles, Levels, Plans, Progress, Audit, Done) above
the page.

Each page is a :class:`~sensory_games.engine.console.page.Page` in a module of this
package, listed in :data:`TABS`; it reaches the clinic's data only through the stage the
engine hands the console (``console.stage``), never the whole app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.console.audit import AuditPage
from sensory_games.engine.console.layout import gui_boxes
from sensory_games.engine.console.levels import LevelsPage
from sensory_games.engine.console.page import Page
from sensory_games.engine.console.plans import PlansPage
from sensory_games.engine.console.profiles import ProfilesPage
from sensory_games.engine.console.progress import ProgressPage
from sensory_games.engine.scenes.base import Scene
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen import ScreenMetrics

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: Height of the tab row and of a row of widgets (mm), the margin around them (mm).
ROW_MM, MARGIN_MM = 12.0, 4.0
#: The console's tabs, in order: (name, label, its page; None: Done, back to the adult
#: menu). A new page is a module of this package and one line here.
TABS: tuple[tuple[str, str, Callable[[ConsoleScene], Page] | None], ...] = (
    ("profiles", "Profiles", ProfilesPage),
    ("levels", "Levels", LevelsPage),
    ("plans", "Plans", PlansPage),
    ("progress", "Progress", ProgressPage),
    ("audit", "Audit", AuditPage),
    ("done", "Done", None),
)


def theme(metrics: ScreenMetrics) -> dict[str, Any]:
    """pygame_gui's theme: text about 3.2 mm high (readable at arm's length), the palette's
    quiet colours."""
    size = str(font_size(metrics))
    font = {"name": "noto_sans", "size": size}
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
            },
        },
        "label": {"colours": {"dark_bg": "#00000000"}, "font": font},
        "selection_list": {"misc": {"list_item_height": str(metrics.px(9.0))}},
        **{
            element: {"font": font}
            for element in (
                "button",
                "text_entry_line",
                "text_entry_box",
                "text_box",
                "drop_down_menu",
                "drop_down_menu.#selected_option",
                "drop_down_menu.#drop_down_options_list",
                "selection_list.@selection_list_item",
                "selection_list.#item_list_item",
            )
        },
    }


def font_size(metrics: ScreenMetrics) -> int:
    """The console's text size in pixels: about 3.2 mm, never under 14 px."""
    return max(14, metrics.font_px(3.2))


class ConsoleScene(Scene):
    """The therapist console; raw pygame events go to its UI manager."""

    animated = True
    wants_raw_events = True
    locks_when_idle = True  # (5 minutes untouched: the PIN again)

    def __init__(self, stage: Stage, page: str = "profiles") -> None:
        super().__init__(stage)
        self.page_name = page
        self.page: Page | None = None
        self.tabs: dict[str, pygame_gui.elements.UIButton] = {}
        self.build(stage.metrics)

    # -- layout ------------------------------------------------------------------------

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> pygame.Rect:
        return self.stage.metrics.rect_mm(x_mm, y_mm, w_mm, h_mm)

    @property
    def area_mm(self) -> tuple[float, float, float, float]:
        """The page area: left, top, width, height (mm)."""
        metrics = self.stage.metrics
        top = MARGIN_MM * 2 + ROW_MM
        return (
            MARGIN_MM,
            top,
            metrics.width_mm - 2 * MARGIN_MM,
            metrics.height_mm - top - MARGIN_MM,
        )

    def build(self, metrics: ScreenMetrics) -> None:
        labels = {name: label for name, label, _page in TABS}
        width = (metrics.width_mm - MARGIN_MM * (len(labels) + 1)) / len(labels)
        tab_font = max(12, min(font_size(metrics), int(metrics.px(width) / 6.0)))
        themed = theme(metrics)
        themed["@tab"] = {"font": {"name": "noto_sans", "size": str(tab_font)}}
        self.manager = pygame_gui.UIManager(metrics.size_px, themed)
        self.manager.preload_fonts(  # (bold: the text boxes' <b>, at their default 14 too)
            [
                {"name": "noto_sans", "point_size": size, "style": "bold"}
                for size in sorted({14, font_size(metrics)})
            ]
        )
        self.tabs = {
            name: pygame_gui.elements.UIButton(
                self.rect(MARGIN_MM + i * (width + MARGIN_MM), MARGIN_MM, width, ROW_MM),
                label,
                self.manager,
                object_id=pygame_gui.core.ObjectID(class_id="@tab"),
            )
            for i, (name, label) in enumerate(labels.items())
        }
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
        self.manager.process_events(event)
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
        """The console's widgets, read from its UI manager (engine/console/layout.py)."""
        return gui_boxes(self.manager, self.stage.metrics)

    def handle(self, pointer: PointerEvent) -> bool:
        return True  # (pointer events are for child screens; the console uses raw events)

    def back(self) -> None:
        self.stage.pop()

    def update(self, dt: float) -> None:
        self.manager.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((233, 238, 242))
        self.manager.draw_ui(surface)
        if self.page is not None:
            self.page.draw(surface)  # (the progress page's charts and replays)
