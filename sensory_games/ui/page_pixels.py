"""A printed page drawn as pixels (the progress report's PNG): what the page drew for its
PDF (domain/page_shapes.py) drawn again with pygame, greys on white, at a given
resolution.

Text is drawn run by run in the faces the PDF embeds, each run shaped again by the
HarfBuzz inside pygame's SDL_ttf (so a glyph may sit a pixel from where the PDF has it);
lines are anti-aliased where they are thin, markers and rectangles are filled as the
PDF fills them. Only pygame's drawing and font modules are used: no window."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import BinaryIO

import numpy as np
import pygame

from sensory_games.domain.page_shapes import (
    Box,
    Clip,
    DrawnRun,
    Lettering,
    Markers,
    PageDrawing,
    Shape,
    Stroke,
    Unclip,
)

WHITE = (255, 255, 255)


def _colour(grey: float) -> tuple[int, int, int]:
    level = max(0, min(255, round(grey * 255)))
    return (level, level, level)


@cache
def _font(path: str, pixels: int, script: str | None, right_to_left: bool) -> pygame.font.Font:
    """A face at `pixels` px, shaping as `script` in the run's direction (kept: a page
    draws hundreds of runs in a few faces and sizes)."""
    if not pygame.font.get_init():
        pygame.font.init()
    font = pygame.font.Font(path, pixels)
    if script:
        font.set_script(script)
    if right_to_left:
        font.set_direction(pygame.DIRECTION_RTL)
    return font


class _Canvas:
    """A page's surface and the mapping from the page's points (y up) to its pixels."""

    def __init__(self, page: PageDrawing, dpi: float) -> None:
        self.scale = dpi / 72
        self.height_pt = page.height_pt
        size = (round(page.width_pt * self.scale), round(page.height_pt * self.scale))
        self.surface = pygame.Surface(size)
        self.surface.fill(WHITE)
        self.clips: list[pygame.Rect] = []

    def at(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, (self.height_pt - y) * self.scale

    def draw(self, shape: Shape) -> None:
        if isinstance(shape, Stroke):
            self._stroke(shape)
        elif isinstance(shape, Box):
            self._box(shape)
        elif isinstance(shape, Markers):
            self._markers(shape)
        elif isinstance(shape, Lettering):
            self._lettering(shape)
        elif isinstance(shape, Clip):
            left, top = self.at(shape.x, shape.y + shape.h)
            area = pygame.Rect(
                round(left), round(top), round(shape.w * self.scale), round(shape.h * self.scale)
            )
            self.clips.append(area)
            self.surface.set_clip(area)
        elif isinstance(shape, Unclip):
            self.clips.pop()
            self.surface.set_clip(self.clips[-1] if self.clips else None)

    def _stroke(self, stroke: Stroke) -> None:
        colour = _colour(stroke.grey)
        width = stroke.width_pt * self.scale
        points = [self.at(x, y) for x, y in stroke.points]
        for piece in _dashed(points, [d * self.scale for d in stroke.dash]):
            if width <= 1.5:
                self._thin(piece, colour)
            else:
                pygame.draw.lines(self.surface, colour, False, piece, round(width))
                if stroke.round:
                    for x, y in piece:
                        pygame.draw.circle(self.surface, colour, (x, y), width / 2)

    def _thin(self, piece: list[tuple[float, float]], colour: tuple[int, int, int]) -> None:
        if len(piece) == 2 and (piece[0][0] == piece[1][0] or piece[0][1] == piece[1][1]):
            pygame.draw.line(self.surface, colour, piece[0], piece[1])  # (crisp: a rule, a tick)
        else:
            pygame.draw.aalines(self.surface, colour, False, piece)

    def _box(self, box: Box) -> None:
        left, top = self.at(box.x, box.y + box.h)
        area = pygame.Rect(
            round(left), round(top), max(1, round(box.w * self.scale)),
            max(1, round(box.h * self.scale)),
        )  # fmt: skip
        if box.fill is not None:
            self.surface.fill(_colour(box.fill), area)
        if box.stroke is not None:
            pygame.draw.rect(self.surface, _colour(box.stroke), area, 1)

    def _markers(self, markers: Markers) -> None:
        r = markers.size_pt * self.scale / 2
        edge = max(1, round(markers.width_pt * self.scale))
        for x, y in (self.at(x, y) for x, y in markers.points):
            outline = _outline(markers.shape, x, y, r)
            for grey, width in ((markers.fill, 0), (markers.stroke, edge)):
                if grey is None:
                    continue
                if markers.shape == "o":
                    pygame.draw.aacircle(self.surface, _colour(grey), (x, y), r, width)
                else:
                    pygame.draw.polygon(self.surface, _colour(grey), outline, width)

    def _lettering(self, lettering: Lettering) -> None:
        colour = _colour(lettering.grey)
        for offset, run in lettering.runs:
            drawn = _run_pixels(run, self.scale, colour)
            if drawn is None:
                continue
            surface, ascent, indent = drawn
            if lettering.rotated:  # (read upwards: the run's start at the bottom)
                surface = pygame.transform.rotate(surface, 90)
                x, bottom = self.at(lettering.x, lettering.y + offset)
                top = bottom - indent - surface.get_height()
                self.surface.blit(surface, (round(x - ascent), round(top)))
            else:
                x, baseline = self.at(lettering.x + offset, lettering.y)
                self.surface.blit(surface, (round(x + indent), round(baseline - ascent)))


#: How much a run drawn by SDL_ttf (hinted, whole pixel sizes) may be stretched or
#: squeezed to the width the PDF set it in: more, and it is drawn as it comes.
MOST_STRETCH = 0.15
#: Text is drawn this many times larger, then scaled down (smoother, true widths).
OVERSAMPLE = 3


def _run_pixels(
    run: DrawnRun, scale: float, colour: tuple[int, int, int]
) -> tuple[pygame.Surface, int, float] | None:
    """A run's text drawn in its face and size, as wide as the PDF set it (so that a line
    of several runs, or one aligned at its right end, sits as in the PDF), its ascent (px)
    and how far right of the run's start it begins (px); None if blank.

    The spaces at its ends are left out and their room kept: SDL_ttf puts a right-to-left
    run's trailing space at its right, where the PDF has it at the left ("مارس 2026" drawn
    as "مارس2026")."""
    words = run.text.strip()
    if not words:
        return None
    # Drawn at OVERSAMPLE times the size, then scaled down to the PDF's width: at 12 px the
    # hinted zeros of "1.00" touch, and a whole-pixel size is up to 4 % off the PDF's.
    pixels = max(1, round(run.size_pt * scale * OVERSAMPLE))
    font = _font(run.face_file, pixels, run.script, run.right_to_left)
    drawn = _inked(font, words, colour)
    height = max(1, round(drawn.get_height() / OVERSAMPLE))
    before = len(run.text) - len(run.text.lstrip())  # (in reading order)
    after = len(run.text) - len(run.text.rstrip())
    left, right = (after, before) if run.right_to_left else (before, after)
    advances = run.advances_pt
    if left + right >= len(advances):  # (not one glyph a character: as it comes)
        left = right = 0
    left_pt = sum(advances[:left])
    width_pt = sum(advances[left : len(advances) - right])
    wanted = max(1, round(width_pt * scale))
    natural = drawn.get_width() / OVERSAMPLE
    if natural and abs(wanted / natural - 1) > MOST_STRETCH:
        wanted = max(1, round(natural))  # (far from the PDF's width: drawn as it comes)
    drawn = pygame.transform.smoothscale(drawn, (wanted, height))
    return drawn, round(font.get_ascent() / OVERSAMPLE), left_pt * scale


def _inked(font: pygame.font.Font, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
    """`text` in `colour` on a clear surface. Drawn black on white, then its darkness made
    the surface's alpha: SDL_ttf's own clear-background text lets a glyph's clear box
    cover its neighbour's ink where they overlap (the second 0 of "1.00" cut)."""
    shaded = font.render(text, True, (0, 0, 0), WHITE)  # (8-bit: greys by palette)
    grey = pygame.Surface(shaded.get_size(), 0, 24)
    grey.blit(shaded, (0, 0))
    inked = pygame.Surface(shaded.get_size(), pygame.SRCALPHA)
    inked.fill((*colour, 0))
    alpha = pygame.surfarray.pixels_alpha(inked)
    alpha[:] = 255 - pygame.surfarray.array_red(grey)
    del alpha  # (the surface is locked while its pixels are referenced)
    return inked


def _outline(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    """A marker's corners around (x, y) px (y down), `r` px from its middle."""
    if shape == "s":
        return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    if shape == "^":
        return [(x, y - r), (x + r, y + r), (x - r, y + r)]
    return [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]  # "D"


def _dashed(
    points: list[tuple[float, float]], dash: list[float]
) -> list[list[tuple[float, float]]]:
    """The pieces of a polyline a dash pattern draws (on, off, on... px); all of it when
    there is no pattern."""
    if not dash or sum(dash) <= 0:
        return [points]
    pieces: list[list[tuple[float, float]]] = []
    index, left, on = 0, dash[0], True
    current: list[tuple[float, float]] = [points[0]]
    for (x0, y0), (x1, y1) in pairwise(points):
        length = float(np.hypot(x1 - x0, y1 - y0))
        done = 0.0
        while length - done > left:
            done += left
            t = done / length
            point = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            if on:
                current.append(point)
                pieces.append(current)
            current = [point]
            index = (index + 1) % len(dash)
            left, on = dash[index], not on
        left -= length - done
        if on:
            current.append((x1, y1))
    if on and len(current) > 1:
        pieces.append(current)
    return pieces


def page_surface(page: PageDrawing, dpi: float) -> pygame.Surface:
    """The page drawn at `dpi` pixels per inch."""
    canvas = _Canvas(page, dpi)
    for shape in page.shapes:
        canvas.draw(shape)
    return canvas.surface


def page_pixels(page: PageDrawing, dpi: float) -> np.ndarray:
    """The page drawn at `dpi`: an (h, w, 3) uint8 RGB array."""
    pixels: np.ndarray = pygame.surfarray.array3d(page_surface(page, dpi)).swapaxes(0, 1)
    return pixels


def save_png(pages: Sequence[PageDrawing], handle: BinaryIO, dpi: float) -> None:
    """The pages drawn at `dpi`, stacked top to bottom, as one PNG written to `handle`."""
    surfaces = [page_surface(page, dpi) for page in pages]
    width = max(s.get_width() for s in surfaces)
    stacked = pygame.Surface((width, sum(s.get_height() for s in surfaces)))
    stacked.fill(WHITE)
    top = 0
    for surface in surfaces:
        stacked.blit(surface, (0, top))
        top += surface.get_height()
    pygame.image.save(stacked, handle, "report.png")
