"""The console's pygame_gui manager: pygame_gui's own, with a theme that finds an element's
theming ids by a cheap key.

pygame_gui (0.6.14) keeps the theming ids of each kind of element it has made, but looks
them up by a text it builds with `str.join` on the texts of four lists, which repeats one
text between every character of the next: over 2 million characters, about 2 ms, for each
element made (a list's row, a button, a label). A console page makes hundreds, so this was
about a fifth of building a page. The theme here keeps the ids by the four lists
themselves and asks pygame_gui only for a kind it has not made yet.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

import pygame_gui
from pygame_gui.core import UIAppearanceTheme
from pygame_gui.core.utility import PackageResource

#: The four id lists pygame_gui hands the theme (each may be None), as a look-up key.
IdsKey = tuple[tuple[str | None, ...] | None, ...]


class QuickIdsTheme(UIAppearanceTheme):
    """pygame_gui's theme, each kind of element's theming ids kept by its id lists."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids_by_kind: dict[IdsKey, list[str]] = {}

    def build_all_combined_ids(
        self,
        element_base_ids: Sequence[str | None] | None,
        element_ids: Sequence[str] | None,
        class_ids: Sequence[str | None] | None,
        object_ids: Sequence[str | None] | None,
    ) -> list[str]:
        """pygame_gui's answer for these ids, asked once per kind (the same list each
        time, as pygame_gui's own cache gives)."""
        lists = (element_base_ids, element_ids, class_ids, object_ids)
        key = tuple(None if ids is None else tuple(ids) for ids in lists)
        found = self._ids_by_kind.get(key)
        if found is None:
            found = super().build_all_combined_ids(*lists)  # type: ignore[arg-type]
            self._ids_by_kind[key] = found
        return found


class ConsoleManager(pygame_gui.UIManager):
    """pygame_gui's UIManager with a :class:`QuickIdsTheme`."""

    def create_new_theme(
        self,
        theme_path: str
        | os.PathLike[Any]
        | io.StringIO
        | PackageResource
        | dict[Any, Any]
        | None = None,
    ) -> UIAppearanceTheme:
        theme = QuickIdsTheme(self.resource_loader, self._locale)
        if theme_path is not None:
            theme.load_theme(theme_path)
        return theme
