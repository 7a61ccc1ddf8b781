"""The console's pygame_gui theme finds each kind of element's theming ids as pygame_gui's
own does, asking pygame_gui once per kind (engine/console/manager.py)."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import UIAppearanceTheme

from sensory_games.engine.console.manager import ConsoleManager, QuickIdsTheme

KINDS = [
    (["window", "panel"], ["window", "button"], [None, "@rows"], ["#console", "#row_3"]),
    (["window"], ["window"], [None], [None]),
    (None, None, None, None),
    (
        ["window", "panel", None],
        ["window", "panel", "label"],
        [None, None, None],
        [None, "#page", "#name"],
    ),
]


def test_the_ids_are_pygame_gui_s_own_and_each_kind_is_worked_out_once(monkeypatch) -> None:
    pygame.init()
    manager = ConsoleManager((800, 480))
    theme = manager.get_theme()
    assert isinstance(theme, QuickIdsTheme)
    plain = UIAppearanceTheme(manager.resource_loader, manager._locale)
    asked: list[object] = []
    original = UIAppearanceTheme.build_all_combined_ids

    def counted(self, *lists):  # type: ignore[no-untyped-def]
        asked.append(lists)
        return original(self, *lists)

    monkeypatch.setattr(UIAppearanceTheme, "build_all_combined_ids", counted)
    for kind in KINDS * 3:
        assert theme.build_all_combined_ids(*kind) == original(plain, *kind)
    assert len(asked) == len(KINDS)


def test_a_console_element_is_themed_through_it() -> None:
    pygame.display.set_mode((800, 480))  # (the dummy video driver's)
    manager = ConsoleManager((800, 480))
    button = pygame_gui.elements.UIButton(pygame.Rect(0, 0, 100, 40), "OK", manager)
    assert "button" in button.combined_element_ids
    assert manager.get_theme()._ids_by_kind  # (the button's kind, kept)


def test_the_theme_is_made_as_pygame_gui_makes_its_own() -> None:
    """ConsoleManager.create_new_theme does what pygame_gui's does (one pygame_gui
    release's code, followed): the same theme, loaded the same, for a theme given as data
    (a pygame_gui that makes its theme otherwise shows here first)."""
    pygame.display.set_mode((800, 480))
    data = {"button": {"colours": {"normal_bg": "#123456"}, "misc": {"shape": "rounded_rectangle"}}}
    plain = pygame_gui.UIManager((800, 480), data).get_theme()
    quick = ConsoleManager((800, 480), data).get_theme()
    assert type(plain) is UIAppearanceTheme and isinstance(quick, QuickIdsTheme)
    assert set(vars(quick)) - set(vars(plain)) == {"_ids_by_kind"}
    assert set(vars(plain)) <= set(vars(quick))
    for name in ("_locale", "ui_element_colours", "ui_element_misc_data", "_theme_file_path"):
        assert repr(getattr(quick, name, None)) == repr(getattr(plain, name, None)), name
