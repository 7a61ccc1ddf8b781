"""What every console page offers the console's frame (engine/console/scene.py)."""

from __future__ import annotations

import pygame

from sensory_games.engine.console.scroll import ScrollArea


class Page:
    """One console page: built with the console (its widgets in the console's page area,
    ``ConsoleScene.area_mm``), it reacts to their UI events and is killed when another tab
    opens. The console calls these hooks directly; each default does nothing."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one raw pygame event while the page is open (its widgets' UI events
        among them), after the console's UI manager has processed it."""

    def draw(self, surface: pygame.Surface) -> None:
        """Paint over the console after its widgets are drawn, every frame (charts,
        replays); must not change state."""

    @property
    def moving(self) -> bool:
        """True while the page changes by itself, with no event (a replay playing): the
        console is then drawn every frame."""
        return False

    def kill(self) -> None:
        """Another tab was opened (or the console was laid out again): remove this page's
        widgets from the console's UI manager."""

    def scroll_areas(self) -> tuple[ScrollArea, ...]:
        """The page's scroll areas (engine/console/scroll.py): the console passes them the
        raw events before the page and draws their bars; a checker walks them to see every
        widget. None by default."""
        return ()
