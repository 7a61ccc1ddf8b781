"""The CFF (Compact Font Format) outlines of an OpenType face, read only as far as the PDF
writer needs: whether they are CID-keyed, and each glyph's CID (a CID-keyed CFF's
charset). A PDF names a CFF glyph by its CID, not by its glyph id: NotoSansSC's glyph 1234
is not CID 1234. (Adobe's CFF specification, technical note #5176: header, INDEX,
Top DICT operators 12 30 ROS, 15 charset, 17 CharStrings; charset formats 0, 1 and 2.)"""

from __future__ import annotations

import struct


def cff_table(font: bytes) -> bytes:
    """The 'CFF ' table of an OpenType font file."""
    count = struct.unpack_from(">H", font, 4)[0]
    for k in range(count):
        tag, _sum, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * k)
        if tag == b"CFF ":
            return font[offset : offset + length]
    raise ValueError("no CFF table: not a CFF-flavoured OpenType font")


def _index(data: bytes, at: int) -> tuple[list[bytes], int]:
    """The items of the INDEX at `at`, and where it ends."""
    count = struct.unpack_from(">H", data, at)[0]
    if count == 0:
        return [], at + 2
    size = data[at + 2]
    starts = at + 3
    offsets = [
        int.from_bytes(data[starts + k * size : starts + (k + 1) * size], "big")
        for k in range(count + 1)
    ]
    base = starts + (count + 1) * size - 1  # (offsets count from 1)
    items = [data[base + offsets[k] : base + offsets[k + 1]] for k in range(count)]
    return items, base + offsets[-1]


def _dict(data: bytes) -> dict[int, list[float]]:
    """A DICT's operators (12 x as 1200 + x) and their operands."""
    found: dict[int, list[float]] = {}
    operands: list[float] = []
    at = 0
    while at < len(data):
        b0 = data[at]
        if b0 <= 21:  # an operator
            if b0 == 12:
                found[1200 + data[at + 1]] = operands
                at += 2
            else:
                found[b0] = operands
                at += 1
            operands = []
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, at + 1)[0])
            at += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, at + 1)[0])
            at += 5
        elif b0 == 30:  # a real: nibbles up to 0xf
            at += 1
            while True:
                byte = data[at]
                at += 1
                if byte & 0x0F == 0x0F or byte >> 4 == 0x0F:
                    break
            operands.append(0.0)  # (no real is needed here)
        elif 32 <= b0 <= 246:
            operands.append(b0 - 139)
            at += 1
        elif 247 <= b0 <= 250:
            operands.append((b0 - 247) * 256 + data[at + 1] + 108)
            at += 2
        elif 251 <= b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[at + 1] - 108)
            at += 2
        else:
            raise ValueError(f"CFF DICT: byte {b0} at {at}")
    return found


def glyph_cids(font: bytes) -> list[int] | None:
    """Each glyph's CID (index: glyph id) of a CID-keyed CFF face, or None when its
    glyphs are named, not keyed by CID (a PDF then names glyph id = code)."""
    cff = cff_table(font)
    at = cff[2]  # (the header's size)
    _names, at = _index(cff, at)
    tops, _end = _index(cff, at)
    top = _dict(tops[0])
    if 1230 not in top:  # (no ROS: not CID-keyed)
        return None
    charstrings, _ = _index(cff, int(top[17][0]))
    count = len(charstrings)
    where = int(top.get(15, [0])[0])
    cids = [0]
    fmt = cff[where]
    at = where + 1
    if fmt == 0:
        cids += list(struct.unpack_from(f">{count - 1}H", cff, at))
    elif fmt in (1, 2):
        size = 1 if fmt == 1 else 2
        while len(cids) < count:
            first = struct.unpack_from(">H", cff, at)[0]
            left = int.from_bytes(cff[at + 2 : at + 2 + size], "big")
            cids += range(first, first + left + 1)
            at += 2 + size
    else:
        raise ValueError(f"CFF charset format {fmt}")
    return cids[:count]
