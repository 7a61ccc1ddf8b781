"""The rules every screen's layout must meet, checked on the boxes the screen declares.

A screen says what is on it as :class:`LayoutBox` es: what a child or an adult touches
(``child``, ``adult``) and the texts it shows (``text``, with whether the words fit their
box and at what size). :func:`check_boxes` then finds what a tester would: two things to
touch on top of each other, words running under something to touch, a target too small
for a finger (a child's under :data:`CHILD_TARGET_MM`, an adult's under
:data:`ADULT_TARGET_MM`), something off the screen or outside the scrolling area it is
seen through, a text cut or too small to read (capitals under :data:`TEXT_MM`).
`sensory-games layout-check` (sensory_games/engine/layout_check.py) opens every screen
at every size of the clinic's matrix and calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pygame

from sensory_games.ui.screen import MIN_TOUCH_MM, ScreenMetrics
from sensory_games.ui.text import capitals_px, measure

#: Smallest target (mm, short side) a child is offered, and an adult (a fingertip, with
#: care: the console, the keypad, the sliders).
CHILD_TARGET_MM = MIN_TOUCH_MM
ADULT_TARGET_MM = 9.0
#: Smallest capitals (mm) of any text: readable at arm's length on a tablet.
TEXT_MM = 3.0

Role = Literal["child", "adult", "text"]


@dataclass(frozen=True)
class LayoutBox:
    """One thing on a screen: where it is (`rect`, px) and what it is for.

    `name` says which, for the report ("tile 'Trace the path'"). A ``text`` box gives
    `fits` (False: its words are cut or run out of the box) and `size_px` (its font size,
    px; 0: not text). `viewport` is the scrolling area it is seen through (None: the
    screen): it must lie inside it. Boxes of the same non-empty `group` never count as
    overlapping (the parts of one widget: a list and its own scroll bar). See also `oval`
    and `smallest_mm` below."""

    name: str
    rect: pygame.Rect
    role: Role
    fits: bool = True
    size_px: int = 0
    viewport: pygame.Rect | None = None
    group: str = ""
    #: The thing is the ellipse inscribed in `rect` (a round pad, a bubble): its empty
    #: corners may touch another box.
    oval: bool = False
    #: The least short side (mm) it may have when a level makes it smaller on purpose (a
    #: narrow tracing band); 0: the role's own (15 mm for a child, 9 mm for an adult).
    smallest_mm: float = 0.0


@dataclass(frozen=True)
class Problem:
    """A rule a screen breaks: which `rule`, on which screen (`where`: a matrix screen and
    a view, "1280x800@220dpi console/profiles"), and the `detail` a developer needs."""

    where: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.detail}"


def text_box(
    name: str,
    text: str,
    size_px: int,
    area: pygame.Rect,
    viewport: pygame.Rect | None = None,
) -> LayoutBox:
    """A line of `text` at `size_px` meant to fit `area` (px): it fits when the rendered
    line is no wider and no taller than the area."""
    width, height = measure(text, size_px)
    fits = width <= area.w and height <= area.h + 2  # (a line's leading may touch the edge)
    return LayoutBox(
        f"{name} {text!r}", area, "text", fits=fits, size_px=size_px, viewport=viewport
    )


def line_box(
    name: str, text: str, size_px: int, centre_y: int, metrics: ScreenMetrics
) -> LayoutBox:
    """A line of `text` drawn centred across the screen at `centre_y` (px): its box is where
    the words are drawn, and it fits when they are no wider than the screen less a 2 mm
    margin each side."""
    width, height = measure(text, size_px)
    area = pygame.Rect(0, 0, width, height)
    area.center = (metrics.width_px // 2, centre_y)
    fits = width <= metrics.width_px - 2 * metrics.px(2.0)
    return LayoutBox(f"{name} {text!r}", area, "text", fits=fits, size_px=size_px)


def _collide(first: LayoutBox, second: LayoutBox) -> bool:
    """Whether two targets overlap: their boxes, or for a round one the ellipse in its box
    (two round ones: circles of their boxes' mean radii)."""
    if not first.rect.colliderect(second.rect):
        return False
    if first.oval and second.oval:
        a, b = first.rect, second.rect
        distance = pygame.Vector2(a.center).distance_to(b.center)
        return distance < (a.w + a.h) / 4 + (b.w + b.h) / 4
    if not (first.oval or second.oval):
        return True
    oval, box = (first, second) if first.oval else (second, first)
    cx, cy = oval.rect.center
    rx, ry = max(1.0, oval.rect.w / 2), max(1.0, oval.rect.h / 2)
    nearest_x = min(max(cx, box.rect.left), box.rect.right)
    nearest_y = min(max(cy, box.rect.top), box.rect.bottom)
    return ((nearest_x - cx) / rx) ** 2 + ((nearest_y - cy) / ry) ** 2 < 1.0


def _mm(rect: pygame.Rect, metrics: ScreenMetrics) -> str:
    w, h = metrics.to_mm(rect.w, rect.h)
    x, y = metrics.to_mm(rect.x, rect.y)
    return f"{w:.1f}x{h:.1f} mm at ({x:.0f}, {y:.0f}) mm"


def check_boxes(boxes: Sequence[LayoutBox], metrics: ScreenMetrics, where: str) -> list[Problem]:
    """Every rule (see module) `boxes` break on a screen of `metrics`, named `where`."""
    problems: list[Problem] = []
    screen = pygame.Rect((0, 0), metrics.size_px)
    smallest = {"child": CHILD_TARGET_MM, "adult": ADULT_TARGET_MM}
    for box in boxes:
        area = screen if box.viewport is None else box.viewport.clip(screen)
        if not area.contains(box.rect):
            seen = "the screen" if box.viewport is None else "its scrolling area"
            problems.append(
                Problem(where, "off screen", f"{box.name} ({_mm(box.rect, metrics)}) leaves {seen}")
            )
        if box.role in smallest:
            short_mm = min(box.rect.w, box.rect.h) / metrics.px_per_mm
            least = box.smallest_mm or smallest[box.role]
            if min(box.rect.w, box.rect.h) + 1 < least * metrics.px_per_mm:  # (1 px: rounding)
                problems.append(
                    Problem(
                        where,
                        "too small",
                        f"{box.role} target {box.name} is {short_mm:.1f} mm "
                        f"(at least {least:.0f} mm)",
                    )
                )
        if not box.fits:
            problems.append(Problem(where, "text cut", f"{box.name} does not fit its box"))
        capitals = capitals_px(box.size_px) / metrics.px_per_mm if box.size_px else TEXT_MM
        if (capitals - TEXT_MM) * metrics.px_per_mm < -1.0:  # (1 px: the glyph's rounding)
            problems.append(
                Problem(
                    where,
                    "text too small",
                    f"{box.name}: capitals {capitals:.1f} mm (at least {TEXT_MM:.0f} mm)",
                )
            )
    targets = [box for box in boxes if box.role != "text"]
    for text in (box for box in boxes if box.role == "text"):
        for target in targets:
            if text.group and text.group == target.group:
                continue
            if text.rect.colliderect(target.rect) and not target.rect.contains(text.rect):
                problems.append(Problem(where, "covered", f"{text.name} runs under {target.name}"))
    for index, first in enumerate(targets):
        for second in targets[index + 1 :]:
            if first.group and first.group == second.group:
                continue
            if _collide(first, second):
                overlap = first.rect.clip(second.rect)
                problems.append(
                    Problem(
                        where,
                        "overlap",
                        f"{first.name} and {second.name} overlap ({_mm(overlap, metrics)})",
                    )
                )
    return problems
