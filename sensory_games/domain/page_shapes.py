"""What a printed page draws, as plain data: strokes, boxes, markers, clipping and
lettering in points (y up from the bottom left), greys 0 (black) to 1 (white).

The report's PDF writer (services/pdf) records each page's drawing so; the PNG's painter
(ui/page_pixels.py, pygame) draws the same list again. Neither knows the other: this
module is what they share."""

from __future__ import annotations

from typing import NamedTuple, Union


class Stroke(NamedTuple):
    """A polyline as drawn: points (pt), width (pt), grey, dash (pt), round ends."""

    points: tuple[tuple[float, float], ...]
    width_pt: float
    grey: float
    dash: tuple[float, ...]
    round: bool


class Box(NamedTuple):
    """A rectangle as drawn (pt), filled and/or outlined in greys (None: not)."""

    x: float
    y: float
    w: float
    h: float
    fill: float | None
    stroke: float | None


class Markers(NamedTuple):
    """One marker `shape` ("o", "s", "^", "D") `size_pt` across at each point (pt)."""

    points: tuple[tuple[float, float], ...]
    shape: str
    size_pt: float
    fill: float | None
    stroke: float | None
    width_pt: float


class Clip(NamedTuple):
    """What follows, until an `Unclip`, shows only inside this rectangle (pt)."""

    x: float
    y: float
    w: float
    h: float


class Unclip(NamedTuple):
    """The end of a `Clip`."""


class DrawnRun(NamedTuple):
    """A run of text in one face and direction as a page drew it: the face's file, the
    script HarfBuzz shaped it as (ISO 15924; None: the default), whether it runs right
    to left, its size (pt), its text (in reading order), the glyph ids it was drawn
    with (0: the face's "missing" box), left to right, and each one's advance (pt)."""

    face_file: str
    script: str | None
    right_to_left: bool
    size_pt: float
    text: str
    glyphs: tuple[int, ...]
    advances_pt: tuple[float, ...]

    @property
    def width_pt(self) -> float:
        """How wide the run was set (pt)."""
        return sum(self.advances_pt)


class Lettering(NamedTuple):
    """A line of text as drawn: its runs, each starting at an x (pt) from `x`, on the
    baseline `y` (pt) (`rotated`: turned a quarter to read upwards, about (x, y))."""

    x: float
    y: float
    runs: tuple[tuple[float, DrawnRun], ...]
    grey: float
    rotated: bool


#: What a page draws, in order.
Shape = Union[Stroke, Box, Markers, Clip, Unclip, Lettering]  # noqa: UP007 (a 3.10 alias)


class PageDrawing(NamedTuple):
    """A page's size (pt) and what it draws, in order."""

    width_pt: float
    height_pt: float
    shapes: tuple[Shape, ...]
