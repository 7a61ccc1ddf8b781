"""The team's SVG pictures: drawn at any size in the palette's colours, never a crash."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.ui import pictures
from sensory_games.ui.kept import MIN_ENTRY_BYTES


@pytest.fixture()
def art(tmp_path, monkeypatch):
    """An art folder holding one file painted with two placeholder colours."""
    (tmp_path / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        f'<rect width="10" height="5" fill="{pictures.PLACEHOLDERS["accent"]}"/>'
        f'<rect y="5" width="10" height="5" fill="{pictures.PLACEHOLDERS["ink"]}"/></svg>'
    )
    (tmp_path / "broken.svg").write_text("<svg this is not")
    monkeypatch.setattr(pictures, "art_dir", lambda: tmp_path)
    pictures._svg_text.cache_clear()
    pictures._drawn.cache_clear()
    yield tmp_path
    pictures._svg_text.cache_clear()
    pictures._drawn.cache_clear()


def test_a_picture_is_drawn_at_the_size_asked_in_the_colours_given(art) -> None:
    surface = pictures.picture("dot", (40, 40), {"accent": (10, 200, 30), "ink": (0, 0, 90)})
    assert surface is not None and surface.get_size() == (40, 40)
    assert tuple(surface.get_at((20, 5)))[:3] == (10, 200, 30)
    assert tuple(surface.get_at((20, 35)))[:3] == (0, 0, 90)
    assert pictures.picture("dot", (40, 40), {"accent": (10, 200, 30), "ink": (0, 0, 90)}) is (
        surface
    )  # drawn once, then kept


def test_a_missing_or_broken_file_gives_none_and_is_reported(art) -> None:
    assert pictures.picture("nowhere", (20, 20)) is None
    assert "nowhere" in pictures.problems()


def test_an_unknown_colour_role_is_refused(art) -> None:
    with pytest.raises(ValueError, match="'glitter' is not a placeholder colour"):
        pictures.picture("dot", (10, 10), {"glitter": (1, 2, 3)})


def test_every_shipped_picture_draws() -> None:
    """Each SVG the app ships draws at a small and a large size (not blank)."""
    for file in sorted(pictures.art_dir().glob("*.svg")):
        for size in (24, 400):
            surface = pictures.picture(file.stem, (size, size))
            assert surface is not None, file.name
            assert pygame.mask.from_surface(surface).count() > 0, file.name


def test_kept_pictures_are_bounded_by_their_pixels(art, monkeypatch) -> None:
    """Past KEPT_BYTES of pixels the longest unused picture is dropped (and drawn again
    when asked for), so big pictures cannot fill the memory."""
    monkeypatch.setattr(pictures, "KEPT_BYTES", 3 * 100 * 100 * 4)  # three 100 px squares
    first = pictures.picture("dot", (100, 100), {"accent": (1, 2, 3)})
    for shade in range(4, 8):  # four more: the first is dropped
        pictures.picture("dot", (100, 100), {"accent": (shade, 2, 3)})
    again = pictures.picture("dot", (100, 100), {"accent": (1, 2, 3)})
    assert first is not None and again is not None and again is not first
    assert pictures._drawn._bytes <= pictures.KEPT_BYTES


def test_missing_pictures_asked_at_every_size_cannot_grow_without_bound(art) -> None:
    """None (a missing picture) has no pixels, but each one kept counts
    MIN_ENTRY_BYTES: a screen asking for a missing file at ever new sizes (a resize,
    an animation) stays within KEPT_BYTES."""
    most = pictures.KEPT_BYTES // MIN_ENTRY_BYTES
    for width in range(1, most + 500):
        assert pictures.picture("nowhere", (width, 20)) is None
    assert len(pictures._drawn) == most
    assert pictures._drawn.kept_bytes <= pictures.KEPT_BYTES
