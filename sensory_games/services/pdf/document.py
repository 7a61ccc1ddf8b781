"""PDF objects, pages and the file: the drawing operators a page needs (lines, filled
shapes, text runs in embedded fonts), written as PDF 1.7 with compressed streams."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

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
from sensory_games.services.pdf.fonts import EmbeddedFont, FontSet, ShapedRun
from sensory_games.services.pdf.fonts import pdf_number as _number

if TYPE_CHECKING:
    from sensory_games.services.pdf.chart import Chart

#: Points per inch: PDF's unit.
PT_PER_IN = 72.0


def _paint(
    fill: float | None, stroke: float | None, width_pt: float | None = None
) -> tuple[str, str]:
    """The operators that set a shape's greys (and its outline's width), and the one that
    paints it: filled ("f"), outlined ("S") or both ("B")."""
    colours = f"{_number(fill)} g " if fill is not None else ""
    if stroke is not None:
        colours += f"{_number(stroke)} G "
        colours += f"{_number(width_pt)} w " if width_pt is not None else ""
    paint = "B" if fill is not None and stroke is not None else "f" if fill is not None else "S"
    return colours, paint


class PlacedText(NamedTuple):
    """A text as a page placed it: what a reader (and a test) finds where. `x`, `y`: the
    start of its baseline (pt, y up), its left end whatever its alignment (a `rotated`
    text's, read upwards: its bottom end)."""

    text: str
    x: float
    y: float
    size_pt: float
    width_pt: float
    bold: bool
    grey: float
    rotated: bool


@dataclass
class Page:
    """One page: its size (pt) and its content stream, y up from the bottom left; what
    it draws (`shapes`: the PNG draws them again), the texts it placed (`texts`) and its
    charts (`charts`), for whoever checks what it shows."""

    width_pt: float
    height_pt: float
    fonts: FontSet
    ops: list[str] = field(default_factory=list)
    used: dict[str, EmbeddedFont] = field(default_factory=dict)
    texts: list[PlacedText] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    #: The direction of a text drawn without one: its reader's (True: right to left;
    #: None: each text's first strong letter's).
    reader_right_to_left: bool | None = None
    #: The glyphs drawn in each font (by resource name), each with the text it first stood
    #: for on this page: what the file embeds of the font, and its ToUnicode map.
    glyphs: dict[str, dict[int, str]] = field(default_factory=dict)

    def line(
        self,
        points: Sequence[tuple[float, float]],
        width_pt: float = 1.0,
        grey: float = 0.0,
        dash: Sequence[float] = (),
        *,
        round_ends: bool = False,
    ) -> None:
        """A polyline through `points` (pt), `grey` 0 black .. 1 white, `dash` on/off (pt),
        with round ends and corners (`round_ends`) or square-cut ones."""
        if len(points) < 2:
            return
        path = " ".join(
            f"{_number(x)} {_number(y)} {'m' if k == 0 else 'l'}" for k, (x, y) in enumerate(points)
        )
        dashes = " ".join(map(_number, dash))
        ends = "1 J 1 j " if round_ends else ""
        self.ops.append(
            f"q {ends}{_number(width_pt)} w {_number(grey)} G [{dashes}] 0 d {path} S Q"
        )
        self.shapes.append(Stroke(tuple(points), width_pt, grey, tuple(dash), round_ends))

    def rectangle(
        self, x: float, y: float, w: float, h: float, fill: float | None, stroke: float | None
    ) -> None:
        """A rectangle (pt) filled and/or outlined in greys (None: not)."""
        if fill is None and stroke is None:
            return
        colours, paint = _paint(fill, stroke)
        self.ops.append(
            f"q {colours}{_number(x)} {_number(y)} {_number(w)} {_number(h)} re {paint} Q"
        )
        self.shapes.append(Box(x, y, w, h, fill, stroke))

    def markers(
        self,
        points: Sequence[tuple[float, float]],
        shape: str,
        size_pt: float,
        fill: float | None = 0.0,
        stroke: float | None = None,
        width_pt: float = 0.6,
    ) -> None:
        """The same marker at each of `points` (pt): "o" circle, "s" square, "^" triangle
        pointing up, "D" diamond; `size_pt` across; filled and/or outlined in greys. One
        path drawn as a form at each place (a chart's hundreds of dots stay small)."""
        if not points:
            return
        r = size_pt / 2
        outline = _MARKERS[shape](r)
        colours, paint = _paint(fill, stroke, width_pt)
        body = " ".join(
            f"q 1 0 0 1 {_number(x)} {_number(y)} cm {outline} {paint} Q" for x, y in points
        )
        self.ops.append(f"q {colours}{body} Q")
        self.shapes.append(Markers(tuple(points), shape, size_pt, fill, stroke, width_pt))

    def clipped(self, x: float, y: float, w: float, h: float) -> None:
        """What is drawn until `unclipped` shows only inside the rectangle (pt): a
        chart's lines stop at its frame."""
        self.ops.append(f"q {_number(x)} {_number(y)} {_number(w)} {_number(h)} re W n")
        self.shapes.append(Clip(x, y, w, h))

    def unclipped(self) -> None:
        self.ops.append("Q")
        self.shapes.append(Unclip())

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size_pt: float,
        *,
        bold: bool = False,
        align: str = "left",
        right_to_left: bool | None = None,
        grey: float = 0.0,
        rotated: bool = False,
    ) -> float:
        """`text` (one line) with its baseline at `y` (pt), starting, centred or ending at
        `x` (`align`); shaped run by run in the faces that draw it, in the line's
        direction (`right_to_left`: its reader's; None: its first strong letter's).
        Returns its width (pt)."""
        if right_to_left is None:
            right_to_left = self.reader_right_to_left
        runs = self.fonts.shape(text, size_pt, bold, right_to_left)
        width = sum(run.width_pt for run in runs)
        start = -{"left": 0.0, "center": width / 2, "right": width}[align]
        turn = "0 1 -1 0" if rotated else "1 0 0 1"  # (rotated: reads upwards, an axis's)
        parts = [f"q 1 0 0 1 {_number(x)} {_number(y)} cm {turn} 0 0 cm BT {_number(grey)} g"]
        at = start
        placed = []
        for run in runs:
            name = run.font.resource_name
            self.used[name] = run.font
            glyphs = zip((gid for gid, _, _ in run.glyphs), run.stands_for, strict=True)
            _note_glyphs(self.glyphs.setdefault(name, {}), glyphs)
            parts.append(f"/{name} {_number(size_pt)} Tf 1 0 0 1 {_number(at)} 0 Tm")
            parts.append(run.show_operator())
            drawn = DrawnRun(
                str(run.font.path),
                run.font.script,
                run.right_to_left,
                size_pt,
                run.text,
                tuple(gid for gid, _, _ in run.glyphs),
                tuple(advance * size_pt / 1000 for _, advance, _ in run.glyphs),
            )
            placed.append((at, drawn))
            at += run.width_pt
        parts.append("ET Q")
        self.ops.append(" ".join(parts))
        self.shapes.append(Lettering(x, y, tuple(placed), grey, rotated))
        begins = (x, y + start) if rotated else (x + start, y)  # (rotated: along y)
        self.texts.append(PlacedText(text, *begins, size_pt, width, bold, grey, rotated))
        return width

    def drawing(self) -> PageDrawing:
        """What the page draws, as plain data (the PNG's painter draws it again)."""
        return PageDrawing(self.width_pt, self.height_pt, tuple(self.shapes))

    def measure(self, text: str, size_pt: float, bold: bool = False) -> float:
        """How wide `text` is drawn (pt)."""
        return sum(run.width_pt for run in self.fonts.shape(text, size_pt, bold, None))


#: Each marker's outline around (0, 0), for its half-size r (pt).
_K = 0.5523  # (a quarter circle's Bézier handles, as a share of the radius)
_MARKERS = {
    "o": lambda r: (
        f"{_number(r)} 0 m {_number(r)} {_number(_K * r)} {_number(_K * r)} {_number(r)} 0 "
        f"{_number(r)} c {_number(-_K * r)} {_number(r)} {_number(-r)} {_number(_K * r)} "
        f"{_number(-r)} 0 c {_number(-r)} {_number(-_K * r)} {_number(-_K * r)} {_number(-r)} 0 "
        f"{_number(-r)} c {_number(_K * r)} {_number(-r)} {_number(r)} {_number(-_K * r)} "
        f"{_number(r)} 0 c h"
    ),
    "s": lambda r: f"{_number(-r)} {_number(-r)} {_number(2 * r)} {_number(2 * r)} re",
    "^": lambda r: f"0 {_number(r)} m {_number(-r)} {_number(-r)} l {_number(r)} {_number(-r)} l h",
    "D": lambda r: f"0 {_number(r)} m {_number(-r)} 0 l 0 {_number(-r)} l {_number(r)} 0 l h",
}


class Document:
    """Pages, then written at once (`write`): fonts embedded as subsets of the glyphs used."""

    def __init__(self, fonts: FontSet | None = None, title: str = "") -> None:
        self.fonts = fonts or FontSet()
        self.pages: list[Page] = []
        self.title = title

    def page(
        self, width_pt: float, height_pt: float, reader_right_to_left: bool | None = None
    ) -> Page:
        """A new page at the end (A4: 595.28 x 841.89 pt), its texts laid out in their
        reader's direction (`reader_right_to_left`; None: each text's own)."""
        made = Page(width_pt, height_pt, self.fonts, reader_right_to_left=reader_right_to_left)
        self.pages.append(made)
        return made

    def write(self, handle: BinaryIO) -> None:
        """The whole file: objects, cross-reference table and trailer."""
        writer = _Objects()
        catalog, pages_id = writer.reserve(), writer.reserve()
        drawn: dict[str, dict[int, str]] = {}
        for page in self.pages:
            for name, glyphs in page.glyphs.items():
                _note_glyphs(drawn.setdefault(name, {}), glyphs.items())
        used = {f.resource_name: f for p in self.pages for f in p.used.values()}
        font_ids = {
            name: font.write(writer, drawn[name], _subset_tag(number))
            for number, (name, font) in enumerate(used.items())
        }
        kids = []
        for page in self.pages:
            content = zlib.compress(" ".join(page.ops).encode("latin-1"), 6)
            content_id = writer.add_stream(content, "/Filter /FlateDecode")
            fonts = " ".join(f"/{name} {font_ids[name]} 0 R" for name in page.used)
            kids.append(
                writer.add(
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 "
                    f"{_number(page.width_pt)} {_number(page.height_pt)}] /Resources << /Font << "
                    f"{fonts} >> >> /Contents {content_id} 0 R >>"
                )
            )
        writer.set(
            pages_id,
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>",
        )
        writer.set(catalog, f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
        info = writer.add(f"<< /Title {_text_string(self.title)} /Creator (sensory_games) >>")
        writer.write(handle, catalog, info)

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            self.write(handle)


def _note_glyphs(known: dict[int, str], glyphs: Iterable[tuple[int, str]]) -> None:
    """Note each (glyph id, the text it stood for) in `known`; a glyph keeps the first
    text it was given, unless that was none (a glyph met first as a cluster's second)."""
    for gid, stands_for in glyphs:
        if not known.get(gid):
            known[gid] = stands_for


def _subset_tag(number: int) -> str:
    """A font subset's tag, six capital letters, different for each font of a file
    (SGAAAA, SGAAAB...): two subsets of one face (a bold file missing) never share a name."""
    letters = ""
    for _ in range(4):
        number, digit = divmod(number, 26)
        letters = chr(ord("A") + digit) + letters
    return "SG" + letters


def _text_string(text: str) -> str:
    """A PDF text string (UTF-16BE with its byte-order mark, in hex)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class _Objects:
    """A PDF's numbered objects, written with their byte offsets."""

    def __init__(self) -> None:
        self.bodies: list[bytes | None] = []

    def reserve(self) -> int:
        self.bodies.append(None)
        return len(self.bodies)

    def set(self, number: int, body: str | bytes) -> None:
        self.bodies[number - 1] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body: str | bytes) -> int:
        number = self.reserve()
        self.set(number, body)
        return number

    def add_stream(self, data: bytes, extra: str = "") -> int:
        head = f"<< /Length {len(data)} {extra} >>\nstream\n".encode("latin-1")
        return self.add(head + data + b"\nendstream")

    def write(self, handle: BinaryIO, root: int, info: int) -> None:
        offsets, at = [], 0
        head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        chunks = [head]
        at += len(head)
        for number, body in enumerate(self.bodies, start=1):
            assert body is not None, f"object {number} reserved, never set"
            piece = f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
            offsets.append(at)
            chunks.append(piece)
            at += len(piece)
        xref = [f"xref\n0 {len(self.bodies) + 1}\n0000000000 65535 f \n"]
        xref += [f"{offset:010d} 00000 n \n" for offset in offsets]
        trailer = (
            f"trailer\n<< /Size {len(self.bodies) + 1} /Root {root} 0 R /Info {info} 0 R >>\n"
            f"startxref\n{at}\n%%EOF\n"
        )
        chunks.append(("".join(xref) + trailer).encode("latin-1"))
        handle.write(b"".join(chunks))


__all__ = ["PT_PER_IN", "Document", "Page", "ShapedRun"]
