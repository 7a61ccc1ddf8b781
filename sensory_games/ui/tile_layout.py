"""Where a screen of big tiles puts them: pages, tile boxes and page arrows, in mm.

Pure arithmetic on the screen's size in millimetres (no window, no pygame), so every
screen size and density can be checked in a test. Tiles are never dropped: when they do
not all fit at a comfortable size, they go on pages turned by two big arrows, with a dot
per page. Rows are balanced (seven tiles in three rows are 3, 2, 2, never 3, 3, 1).

The scene says what it keeps for itself (:class:`Reserved`: a band at the top for the
avatar or the title, a band at the bottom for the calm button, the column of those
buttons on the left, the adult corner); the tiles take one of these areas, in order:
the middle band between the top and bottom bands; the band between the left column and
its mirror on the right, below the adult corner, with the page arrows in those columns
between the corners (a short screen: the tiles stay centred on the screen); beside the left
column and below the adult corner (a narrow screen); the whole screen inside a small margin
(a screen too small even for its fixed buttons: only then may a tile lie over one of them).
Page dots are never smaller than :data:`MIN_DOT_MM`: a layout whose dots would be is
not used.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

#: The smallest target a child is offered (mm); the same as ``ui.screen.MIN_TOUCH_MM``.
CHILD_TARGET_MM = 15.0
#: The smallest tile before the tiles page instead (mm): a comfortable target for a
#: three-year-old's whole finger.
COMFORTABLE_TILE_MM = 25.0
#: Page arrows (mm): comfortable, and the smallest allowed on a very small screen.
ARROW_MM, SMALL_ARROW_MM = 18.0, CHILD_TARGET_MM
#: Gaps between tiles (mm): normal and on a very small screen.
GAP_MM, SMALL_GAP_MM = 6.0, 3.0
#: Largest diameter of a page dot (mm) and the band below the tiles that holds them, and
#: the smallest a dot may be (many pages on a narrow screen): seen from arm's length.
DOT_MM, MIN_DOT_MM = 5.0, 3.0
#: Centre-to-centre distance of the page dots, in dot diameters.
DOT_STEP = 1.6
#: Margin kept from the screen's edge by the last-resort area (mm).
LAST_RESORT_MARGIN_MM = 2.0
#: A grid within this share of the largest possible tile may be chosen for evener rows.
EVEN_ROWS_SHARE = 0.9


@dataclass(frozen=True)
class BoxMm:
    """A rectangle in millimetres from the screen's top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def overlaps(self, other: BoxMm) -> bool:
        """True when the two boxes share some area (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class Reserved:
    """What a tile screen keeps for its own buttons (mm).

    `top_mm` and `bottom_mm` are the bands across the screen above and below the tiles;
    `side_mm` the margin at the left and right of the middle band; `left_column_mm` the
    width of the column on the left that holds the fixed buttons (avatar, calm button);
    `corner_mm` the top-right square an adult holds to open the adult menu.
    """

    top_mm: float
    bottom_mm: float
    side_mm: float
    left_column_mm: float
    corner_mm: float


@dataclass(frozen=True)
class TilePages:
    """The tiles of one screen, page by page (all lengths in mm).

    At most `per_page` tiles go on each page (shared evenly: pages differ by one tile at
    most), `columns` at most in a row, in squares of `tile_mm` in `region`: centred on
    `centre_x_mm` (the screen's middle) as nearly as `region` allows (in `region`'s
    middle when None). With more than one page, `previous` and `following` are the
    arrows' boxes and the dots sit at `dots_y_mm`, `dot_mm` wide.
    """

    count: int
    per_page: int
    pages: int
    columns: int
    tile_mm: float
    gap_mm: float
    region: BoxMm
    previous: BoxMm | None = None
    following: BoxMm | None = None
    dots_box: BoxMm | None = None
    #: True when the screen is too small for the tiles beside the scene's own buttons,
    #: so a tile or arrow may lie over one of them (under about 70 x 45 mm).
    crowded: bool = False
    centre_x_mm: float | None = None

    def indices_on(self, page: int) -> range:
        """The tiles shown on `page`: the pages share them evenly (40 on seven pages of
        at most six are 6, 6, 6, 6, 6, 5, 5), the fuller pages first."""
        if not 0 <= page < self.pages:
            return range(0)
        base, extra = divmod(self.count, self.pages)
        start = page * base + min(page, extra)
        return range(start, start + base + (page < extra))

    def tiles_on(self, page: int, right_to_left: bool = False) -> list[BoxMm]:
        """The boxes of the tiles shown on `page`, in order, rows balanced and centred;
        each row read from the left, or from the right when `right_to_left` (Arabic)."""
        count = len(self.indices_on(page))
        if count == 0:
            return []
        counts = balanced_rows(count, self.columns)
        step = self.tile_mm + self.gap_mm
        top = self.region.centre[1] - (len(counts) * step - self.gap_mm) / 2
        half = (max(counts) * step - self.gap_mm) / 2
        middle = self.region.centre[0] if self.centre_x_mm is None else self.centre_x_mm
        middle = min(max(middle, self.region.x + half), self.region.right - half)
        boxes = []
        for row, in_row in enumerate(counts):
            left = middle - (in_row * step - self.gap_mm) / 2
            places = range(in_row - 1, -1, -1) if right_to_left else range(in_row)
            boxes += [
                BoxMm(left + i * step, top + row * step, self.tile_mm, self.tile_mm) for i in places
            ]
        return boxes

    def dots(self, right_to_left: bool = False) -> list[tuple[float, float]]:
        """The centre of each page's dot, page by page (none for a single page): the
        first page's on the left, or on the right when `right_to_left`."""
        if self.dots_box is None:
            return []
        step = self.dot_mm * DOT_STEP
        left = self.dots_box.centre[0] - (self.pages - 1) * step / 2
        places = range(self.pages - 1, -1, -1) if right_to_left else range(self.pages)
        return [(left + place * step, self.dots_box.centre[1]) for place in places]

    @property
    def dot_mm(self) -> float:
        """A page dot's diameter: :data:`DOT_MM`, smaller when many pages share the row."""
        if self.dots_box is None:
            return 0.0
        return min(DOT_MM, self.dots_box.h, self.dots_box.w / (self.pages * DOT_STEP))


def balanced_rows(count: int, columns: int) -> list[int]:
    """How many tiles go in each row: as few rows as `columns` allow, shared evenly
    (the longer rows first), so no tile stands alone when a more even split exists."""
    if count <= 0:
        return []
    rows = math.ceil(count / max(1, columns))
    base, extra = divmod(count, rows)
    return [base + 1] * extra + [base] * (rows - extra)


def _grid(
    count: int, w: float, h: float, gap: float, least: float, most: float
) -> tuple[int, float] | None:
    """The best (columns, tile size) for `count` tiles in `w` x `h` mm, or None when
    they cannot be at least `least` mm; tiles at most `most` mm, no tile alone on the
    last row when a grid without one fits, and rows as even as can be at nearly the
    largest size."""
    choices = []
    for columns in range(1, count + 1):
        counts = balanced_rows(count, columns)
        width = max(counts)
        size = min((w - gap * (width - 1)) / width, (h - gap * (len(counts) - 1)) / len(counts))
        if size >= least:
            choices.append((min(size, most), min(counts) / width, width))
    if not choices:
        return None
    together = [c for c in choices if not _leaves_one_alone(count, c[2])]
    choices = together or choices
    largest = max(size for size, _, _ in choices)
    near = [c for c in choices if c[0] >= largest * EVEN_ROWS_SHARE]
    size, _, columns = max(near, key=lambda c: (c[1], c[0]))
    return columns, size


def _leaves_one_alone(count: int, columns: int) -> bool:
    """True when `count` tiles `columns` wide end with a row of a single tile."""
    counts = balanced_rows(count, columns)
    return len(counts) > 1 and counts[-1] == 1


def _one_page(count: int, area: BoxMm, least: float, most: float, gap: float) -> TilePages | None:
    grid = _grid(count, area.w, area.h, gap, least, most)
    if grid is None:
        return None
    return TilePages(count, count, 1, grid[0], grid[1], gap, area)


def _paged(
    count: int,
    area: BoxMm,
    least: float,
    most: float,
    gap: float,
    arrow: float,
    beside: bool,
    strict: bool = True,
) -> TilePages | None:
    """Pages in `area`: arrows at its sides (`beside`) or at the ends of the bottom row
    (the dots then on their own row above the arrows, the whole width of `area`)."""
    dots_h = DOT_MM + gap
    if beside:
        region = BoxMm(area.x + arrow + gap, area.y, area.w - 2 * (arrow + gap), area.h - dots_h)
        arrow_y = region.centre[1] - arrow / 2
        dots_box = BoxMm(region.x, region.bottom + gap / 2, region.w, DOT_MM)
    elif area.w < 2 * arrow + gap:  # the two arrows would touch
        return None
    else:
        region = BoxMm(area.x, area.y, area.w, area.h - arrow - gap - dots_h)
        arrow_y = area.bottom - arrow
        dots_box = BoxMm(area.x, region.bottom + gap / 2, area.w, DOT_MM)
    arrows = (
        BoxMm(area.x, arrow_y, arrow, arrow),
        BoxMm(area.right - arrow, arrow_y, arrow, arrow),
    )
    return _pages_in(count, region, least, most, gap, arrows, dots_box, strict)


def _paged_in_columns(
    count: int,
    area: BoxMm,
    sizes: tuple[float, float, float],
    screen: BoxMm,
    reserved: Reserved,
) -> TilePages | None:
    """Pages in the band `area` between the left column and its mirror on the right: the
    arrows in those columns (`screen` is the whole screen), level with the tiles' middle
    and clear of the scene's top and bottom bands, and the dots under the tiles. `sizes`
    are the least and most tile sizes and the gap (mm); arrows are :data:`ARROW_MM`."""
    least, most, gap = sizes
    arrow, column = ARROW_MM, reserved.left_column_mm
    region = BoxMm(area.x, area.y, area.w, area.h - DOT_MM - gap)
    arrow_y = region.centre[1] - arrow / 2
    if (
        arrow > column - 2 * LAST_RESORT_MARGIN_MM
        or arrow_y < reserved.top_mm
        or arrow_y + arrow > screen.bottom - reserved.bottom_mm
    ):
        return None
    inset = (column - arrow) / 2
    arrows = (
        BoxMm(screen.x + inset, arrow_y, arrow, arrow),
        BoxMm(screen.right - inset - arrow, arrow_y, arrow, arrow),
    )
    dots_box = BoxMm(region.x, region.bottom + gap / 2, region.w, DOT_MM)
    return _pages_in(count, region, least, most, gap, arrows, dots_box)


def _pages_in(
    count: int,
    region: BoxMm,
    least: float,
    most: float,
    gap: float,
    arrows: tuple[BoxMm, BoxMm],
    dots_box: BoxMm,
    strict: bool = True,
) -> TilePages | None:
    """`count` tiles on as few pages as fit `region` at `least` mm, the same number on
    each page; when `strict`, None when one page would do (no arrows needed) or the dots
    would be smaller than :data:`MIN_DOT_MM`."""
    fits_w = math.floor((region.w + gap) / (least + gap))
    fits_h = math.floor((region.h + gap) / (least + gap))
    if fits_w < 1 or fits_h < 1 or dots_box.w <= 0:
        return None
    pages = math.ceil(count / (fits_w * fits_h))
    if strict and (pages < 2 or dots_box.w / (pages * DOT_STEP) < MIN_DOT_MM):
        return None
    per_page = math.ceil(count / pages)  # the same number of tiles spread over the pages
    grid = _grid(per_page, region.w, region.h, gap, least, most)
    if grid is None:  # cannot happen: `per_page` fits at `least`; kept for safety
        return None
    return TilePages(
        count,
        per_page,
        math.ceil(count / per_page),
        grid[0],
        grid[1],
        gap,
        region,
        previous=arrows[0],
        following=arrows[1],
        dots_box=dots_box,
    )


def tile_areas(width_mm: float, height_mm: float, reserved: Reserved) -> list[BoxMm]:
    """The areas tiles may take on a `width_mm` x `height_mm` screen, best first (the
    second is the band between the side columns: see :func:`lay_out_tiles`)."""
    margin = LAST_RESORT_MARGIN_MM
    return [
        BoxMm(
            reserved.side_mm,
            reserved.top_mm,
            width_mm - 2 * reserved.side_mm,
            height_mm - reserved.top_mm - reserved.bottom_mm,
        ),
        BoxMm(
            reserved.left_column_mm,
            reserved.corner_mm + margin,
            width_mm - 2 * reserved.left_column_mm,
            height_mm - reserved.corner_mm - 2 * margin,
        ),
        BoxMm(
            reserved.left_column_mm,
            reserved.corner_mm + margin,
            width_mm - reserved.left_column_mm - margin,
            height_mm - reserved.corner_mm - 2 * margin,
        ),
        BoxMm(margin, margin, width_mm - 2 * margin, height_mm - 2 * margin),
    ]


def lay_out_tiles(
    width_mm: float,
    height_mm: float,
    count: int,
    reserved: Reserved,
    largest_mm: float,
    comfortable_mm: float = COMFORTABLE_TILE_MM,
) -> TilePages:
    """Lay out `count` tiles on a `width_mm` x `height_mm` screen, none dropped.

    Page dots are at least :data:`MIN_DOT_MM` wherever the screen allows it (else, in the
    last area, smaller). Tiles at least `comfortable_mm` in any area of
    :func:`tile_areas` but the last, on as few pages as can be (then in the first such
    area, as large as can be); failing that, the same with the smallest child target
    (15 mm), arrows and gaps; then both in the last area (the whole screen). Tiles are at
    most `largest_mm`. A screen too small
    even for one 15 mm tile and its arrows (under about 55 x 30 mm) gets one tile a
    page, as large as fits, with arrows a quarter of its width.
    """
    screen = BoxMm(0.0, 0.0, width_mm, height_mm)
    areas = [a for a in tile_areas(width_mm, height_mm, reserved) if a.w > 0 and a.h > 0]
    band = tile_areas(width_mm, height_mm, reserved)[1]
    if count <= 0:
        return TilePages(
            0, 0, 1, 1, comfortable_mm, GAP_MM, areas[0] if areas else BoxMm(0, 0, 1, 1)
        )
    passes = ((comfortable_mm, ARROW_MM, GAP_MM), (CHILD_TARGET_MM, SMALL_ARROW_MM, SMALL_GAP_MM))
    fitting, last_resort = areas[:-1], areas[-1:]  # the last one may cover fixed buttons
    tries = [(a, p, True) for a in (fitting, last_resort) for p in passes]
    tries += [(last_resort, p, False) for p in passes]  # dots under 3 mm, rather than none
    for some_areas, (least, arrow, gap), strict in tries:
        candidates = [
            (pages.pages, order, -pages.tile_mm, pages)
            for order, area in enumerate(some_areas)
            for pages in (
                _one_page(count, area, least, largest_mm, gap),
                _paged(count, area, least, largest_mm, gap, arrow, True, strict),
                _paged(count, area, least, largest_mm, gap, arrow, False, strict),
                _paged_in_columns(count, area, (least, largest_mm, gap), screen, reserved)
                if area == band and arrow == ARROW_MM
                else None,
            )
            if pages is not None
        ]
        if candidates:
            best: TilePages = min(candidates, key=lambda candidate: candidate[:3])[-1]
            return dataclasses.replace(
                best, crowded=some_areas is last_resort, centre_x_mm=width_mm / 2
            )
    # A toy-sized screen: still every tile, one a page, with arrows a quarter wide.
    area = areas[-1] if areas else BoxMm(0.0, 0.0, max(1.0, width_mm), max(1.0, height_mm))
    arrow = area.w / 4
    last = _paged(count, area, 1.0, largest_mm, 1.0, arrow, beside=True, strict=False)
    last = last or TilePages(count, 1, count, 1, min(area.w, area.h), 1.0, area)
    return dataclasses.replace(last, crowded=True)
