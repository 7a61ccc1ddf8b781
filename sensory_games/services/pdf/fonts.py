"""Text for the PDF writer: a line cut into runs of one direction (domain/bidi.py) and of
one face (the Noto faces pygame_gui installs, domain/font_files.py), each shaped by
HarfBuzz, and the faces embedded as subsets of the glyphs drawn (glyph ids kept, so the
page's codes are the glyph ids: CIDFontType2, Identity-H), with a ToUnicode map.

A CFF face (Chinese, Japanese) is embedded as a CIDFontType0 whose codes are its glyphs'
CIDs (pdf/cff.py: NotoSansSC's glyph ids are not its CIDs). A mark HarfBuzz places by a
y offset (Arabic vowel marks over and under their letters) is raised or lowered by the
text rise (Ts) for that glyph."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uharfbuzz as hb

from sensory_games.domain.bidi import visual_runs
from sensory_games.domain.font_files import FACES, face_path
from sensory_games.services.pdf.cff import cff_table, glyph_cids

if TYPE_CHECKING:
    from sensory_games.services.pdf.document import _Objects


@dataclass(eq=False)
class EmbeddedFont:
    """One font file as a PDF font: the glyphs drawn with it (id -> advance in 1/1000
    em, and the text each stands for)."""

    path: Path
    resource_name: str
    script: str | None
    right_to_left: bool
    widths: dict[int, int] = field(default_factory=dict)

    @cached_property
    def face(self) -> Any:
        return hb.Face(hb.Blob.from_file_path(str(self.path)))

    @cached_property
    def font(self) -> Any:
        return hb.Font(self.face)

    @cached_property
    def unicodes(self) -> frozenset[int]:
        return frozenset(self.face.unicodes)

    @cached_property
    def cff(self) -> bool:
        return self.path.suffix.lower() == ".otf"

    @cached_property
    def cids(self) -> list[int] | None:
        """Each glyph's CID when the face is a CID-keyed CFF (a PDF names its glyphs so),
        else None (a glyph's code is its id)."""
        return glyph_cids(self.path.read_bytes()) if self.cff else None

    def code(self, gid: int) -> int:
        """What a page writes for glyph `gid` (Identity-H: its CID, or its id)."""
        return gid if self.cids is None else self.cids[gid]

    def shape(self, text: str, size_pt: float, right_to_left: bool) -> ShapedRun:
        """`text` shaped in this face, its glyphs in the order they are placed (left to
        right), at `size_pt`."""
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if right_to_left else "ltr"
        if self.script:
            buffer.script = self.script
        hb.shape(self.font, buffer, {})
        per_em = self.face.upem
        glyphs = []
        rises = []
        infos = buffer.glyph_infos
        for info, position in zip(infos, buffer.glyph_positions, strict=True):
            gid, advance = info.codepoint, round(1000 * position.x_advance / per_em)
            offset = round(1000 * position.x_offset / per_em)
            if gid not in self.widths:
                self.widths[gid] = round(1000 * self.font.get_glyph_h_advance(gid) / per_em)
            glyphs.append((gid, advance, offset))
            rises.append(round(1000 * position.y_offset / per_em))
        stands_for = self._stands_for(text, [info.codepoint for info in infos],
                                      [info.cluster for info in infos])  # fmt: skip
        return ShapedRun(
            self, size_pt, tuple(glyphs), text, right_to_left, stands_for, tuple(rises)
        )

    def _stands_for(self, text: str, gids: list[int], clusters: list[int]) -> tuple[str, ...]:
        """The text each glyph stands for (what a reader copies): within each of HarfBuzz's
        clusters, a glyph that is a character's own (its nominal glyph), or one piece's of a
        character it decomposed ("ị" drawn as "i" and a dot below), stands for that
        character or piece, so that the same glyph copies the same everywhere ("time"
        after "Thị" is found); the cluster's characters left (a ligature's, a contextual
        form's) go to its first glyph not told; the "missing" glyph (0) stands for nothing."""
        starts = sorted(set(clusters))
        texts = [""] * len(gids)
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            open_glyphs = [k for k, c in enumerate(clusters) if c == start]
            members = list(open_glyphs)
            left: list[str] = []  # (the cluster's characters no glyph of their own tells)
            for char in text[start:end]:
                for pieces in (char, unicodedata.normalize("NFD", char)):
                    found = self._own_glyphs(pieces, gids, open_glyphs)
                    if found is not None:
                        for k, piece in zip(found, pieces, strict=True):
                            texts[k] = piece
                            open_glyphs.remove(k)
                        break
                else:
                    left.append(char)
            if left:
                first = next((k for k in open_glyphs if gids[k]), members[0])
                texts[first] += "".join(left)
        return tuple("" if gid == 0 else told for gid, told in zip(gids, texts, strict=True))

    def _own_glyphs(self, pieces: str, gids: list[int], open_glyphs: list[int]) -> list[int] | None:
        """For each of `pieces` (characters), one of the `open_glyphs` (indices into
        `gids`) that is its nominal glyph; None unless every piece has one."""
        found: list[int] = []
        for piece in pieces:
            own = self.font.get_nominal_glyph(ord(piece))
            match = next((k for k in open_glyphs if gids[k] == own and k not in found), None)
            if match is None:
                return None
            found.append(match)
        return found

    def write(self, objects: _Objects, drawn: dict[int, str], tag: str) -> int:
        """The font's objects (a Type 0 font over a CIDFontType2, or a CIDFontType0 for a
        CFF face) named `tag`+its name, with a subset of the `drawn` glyphs embedded and
        each mapped to the text it stood for in this document (nothing of other documents
        or of texts only measured); returns the Type 0 font's number."""
        wanted = hb.SubsetInput()
        for gid in drawn:
            wanted.glyph_set.add(gid)
        wanted.flags = hb.SubsetFlags.RETAIN_GIDS
        subset = bytes(hb.subset(self.face, wanted).blob.data)
        program = cff_table(subset) if self.cff else subset
        data = zlib.compress(program, 6)
        kind = "/Subtype /CIDFontType0C" if self.cff else f"/Length1 {len(program)}"
        file_id = objects.add_stream(data, f"/Filter /FlateDecode {kind}")
        name = f"{tag}+{self.path.stem}"
        font_file = "FontFile3" if self.cff else "FontFile2"
        descriptor = objects.add(
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [-1000 -1000 2000 "
            f"2000] /ItalicAngle 0 /Ascent 1069 /Descent -293 /CapHeight 714 /StemV 80 "
            f"/{font_file} {file_id} 0 R >>"
        )
        widths = " ".join(
            f"{self.code(g)} [{w}]" for g, w in sorted(self.widths.items()) if g in drawn
        )
        subtype = "CIDFontType0" if self.cff else "CIDFontType2 /CIDToGIDMap /Identity"
        cid_font = objects.add(
            f"<< /Type /Font /Subtype /{subtype} /BaseFont /{name} /CIDSystemInfo << "
            f"/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
            f"{descriptor} 0 R /W [{widths}] >>"
        )
        texts = {self.code(gid): text for gid, text in drawn.items() if gid and text}
        cmap = zlib.compress(_to_unicode(texts).encode("latin-1"), 6)
        to_unicode = objects.add_stream(cmap, "/Filter /FlateDecode")
        return objects.add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        )


@dataclass(frozen=True)
class ShapedRun:
    """Glyphs of one face, placed left to right: (glyph id, advance and x offset in 1/1000
    em); the `text` they draw, in reading order, and its direction; what each glyph
    stands for (`stands_for`: a cluster's text on its first glyph, "" on the others and on
    the face's "missing" glyph, id 0); how far each is raised (`rises`, 1/1000 em: a mark
    over or under its letter)."""

    font: EmbeddedFont
    size_pt: float
    glyphs: tuple[tuple[int, int, int], ...]
    text: str
    right_to_left: bool
    stands_for: tuple[str, ...]
    rises: tuple[int, ...]

    @property
    def width_pt(self) -> float:
        return sum(advance for _, advance, _ in self.glyphs) * self.size_pt / 1000

    def show_operator(self) -> str:
        """The run as TJ operators: each glyph's code, moved by the difference between
        the font's width (what the viewer advances) and HarfBuzz's advance; a glyph raised
        or lowered (a mark) shown in an array of its own with its text rise (Ts, pt)."""
        shows: list[str] = []
        parts: list[str] = []
        shift, rise = 0, 0
        for (gid, advance, offset), raised in zip(self.glyphs, self.rises, strict=True):
            if raised != rise:  # (the arrays so far shown, then the new rise)
                if parts:
                    shows.append(f"[{' '.join(parts)}] TJ")
                    parts = []
                shows.append(f"{pdf_number(raised * self.size_pt / 1000)} Ts")
                rise = raised
            move = shift - offset  # (an offset moves this glyph alone: undone after it)
            if move:
                parts.append(str(move))
            parts.append(f"<{self.font.code(gid):04X}>")
            shift = offset + self.font.widths[gid] - advance
        if parts:
            shows.append(f"[{' '.join(parts)}] TJ")
        if rise:
            shows.append("0 Ts")
        return " ".join(shows)


#: What a character no face draws is drawn as (Noto Sans has it; a reader copies it as
#: "a character that could not be shown").
REPLACEMENT = "\ufffd"
#: Variation selectors (text or emoji style of the character before): drawn as nothing.
_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")

#: How many shaped texts a FontSet keeps (a report of 1,000 attempts shapes about 400
#: distinct ones); beyond, it starts again.
MOST_SHAPED = 20_000


class FontSet:
    """The faces a document draws in (FACES: Noto Sans first), each embedded once."""

    def __init__(self, faces: Sequence[Any] = FACES) -> None:
        self.fonts: dict[tuple[str, bool], EmbeddedFont] = {}
        self.faces = faces
        self._face_of: dict[str, int] = {}
        self._missing: dict[str, bool] = {}
        self._shaped: dict[tuple[str, float, bool, bool | None], list[ShapedRun]] = {}

    def font(self, index: int, bold: bool) -> EmbeddedFont:
        face = self.faces[index]
        key = (face.file, bold)
        if key not in self.fonts:
            file = face.bold_file if bold else face.file
            path = face_path(file) or face_path(face.file)
            assert path is not None, f"{face.file}: not installed"
            self.fonts[key] = EmbeddedFont(
                path, f"F{len(self.fonts) + 1}", face.script, face.right_to_left
            )
        return self.fonts[key]

    def face_for(self, char: str) -> int:
        """The first face that draws `char` (its block's face first), else Noto Sans."""
        found = self._face_of.get(char)
        if found is None:
            found = self._face_of[char] = self._first_face(char)
        return found

    def missing(self, char: str) -> bool:
        """Whether no face draws `char` (an emoji, a script the app ships no font for): it
        is drawn as REPLACEMENT, never left out. Controls, format characters (bidi marks,
        joiners) and variation selectors draw nothing and are not missing."""
        found = self._missing.get(char)
        if found is None:
            invisible = unicodedata.category(char) in ("Cc", "Cf") or _SELECTOR.match(char)
            has = ord(char) in self.font(self.face_for(char), False).unicodes
            found = self._missing[char] = not (invisible or has)
        return found

    def _first_face(self, char: str) -> int:
        code = ord(char)
        for index, face in enumerate(self.faces):
            if face.block and face.block[0] <= code <= face.block[1]:
                return index
        for index, _face in enumerate(self.faces):
            if code in self.font(index, False).unicodes:
                return index
        return 0

    def shape(
        self, text: str, size_pt: float, bold: bool, right_to_left: bool | None
    ) -> list[ShapedRun]:
        """`text` (one line) as runs placed left to right (a text met again: as then)."""
        key = (text, size_pt, bold, right_to_left)
        shaped = self._shaped.get(key)
        if shaped is None:
            if len(self._shaped) >= MOST_SHAPED:  # (the app may make reports for months)
                self._shaped.clear()
            shaped = self._shaped[key] = self._shape(text, size_pt, bold, right_to_left)
        return shaped

    def _shape(
        self, text: str, size_pt: float, bold: bool, right_to_left: bool | None
    ) -> list[ShapedRun]:
        runs: list[ShapedRun] = []
        text = "".join(REPLACEMENT if self.missing(char) else char for char in text)
        plain = not right_to_left and not _ANY_RIGHT_TO_LEFT.search(text)
        for run, rtl in [(text, False)] if plain else visual_runs(text, right_to_left):
            pieces: list[tuple[str, int]] = []
            for char in run:
                index = self.face_for(char)
                if unicodedata.category(char)[0] in "MZP" and pieces:  # (marks, spaces...)
                    index = (
                        pieces[-1][1]
                        if ord(char) in self.font(pieces[-1][1], bold).unicodes
                        else index
                    )
                if pieces and pieces[-1][1] == index:
                    pieces[-1] = (pieces[-1][0] + char, index)
                else:
                    pieces.append((char, index))
            shaped = [self.font(index, bold).shape(piece, size_pt, rtl) for piece, index in pieces]
            runs += reversed(shaped) if rtl else shaped
        return runs


#: A character that may make a line not read simply left to right: a right-to-left
#: letter (Hebrew, Arabic and their forms, Syriac, Thaana, N'Ko...), Arabic-Indic digits,
#: or a bidirectional control.
_ANY_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def pdf_number(value: float) -> str:
    """A number as PDF writes it: short, no exponent (a page's content and a run's rise)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _to_unicode(texts: dict[int, str]) -> str:
    """A ToUnicode CMap: each glyph id to the text it stands for."""
    entries = [
        f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>"
        for gid, text in sorted(texts.items())
        if text
    ]
    blocks = [entries[k : k + 100] for k in range(0, len(entries), 100)]
    body = "".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar\n" for b in blocks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
