"""The PDF report embeds its fonts without their layout tables (GSUB, GPOS, GDEF: a PDF
places every glyph itself and never reads them): each character's glyph, outline and
width as in a whole subset, a faster subset and a smaller file; fontTools is itself again after."""

from __future__ import annotations

import io
import re
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from fontTools import subset
from fontTools.ttLib import TTFont

from sensory_games.activities import showing
from sensory_games.services.report import ReportRequest, lettering, write_report
from sensory_games.storage import Repository

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def embedded_fonts(pdf: bytes) -> list[TTFont]:
    """The TrueType fonts embedded in `pdf` (its compressed streams that parse as one)."""
    fonts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if data[:4] in (b"\x00\x01\x00\x00", b"true"):
            fonts.append(TTFont(io.BytesIO(data)))
    return fonts


def test_the_pdf_embeds_its_fonts_without_layout_tables(
    repository: Repository, tmp_path: Path
) -> None:
    repository.add_profile(alias="Sam", animal="cat", colour=1)
    out = tmp_path / "sam.pdf"
    request = ReportRequest(alias="Sam", now=NOW, tz=timezone.utc, showing=showing())
    write_report(repository, request, out)
    fonts = embedded_fonts(out.read_bytes())
    assert fonts  # (Noto Sans, regular and bold)
    for font in fonts:
        assert "glyf" in font and "hmtx" in font
        assert not [tag for tag in lettering.LAYOUT_TABLES if tag in font]


def subset_of(path: Path, characters: str) -> TTFont:
    """The subset of the font at `path` with `characters`, as matplotlib asks for one."""
    options = subset.Options(glyph_names=True, recommended_glyphs=True)
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    return font


def test_a_lean_subset_draws_each_character_with_the_same_glyph_outline_and_width() -> None:
    [path] = [path for name, path in lettering._faces() if name == "Noto Sans"]
    whole = subset_of(path, "Sam · 12,5 s")
    with lettering.lean_subsets():
        lean = subset_of(path, "Sam · 12,5 s")
    assert "GSUB" in whole and "GPOS" in whole
    assert not [tag for tag in lettering.LAYOUT_TABLES if tag in lean]
    # (the whole one also keeps the glyphs its substitutions could reach: ², ·-alternates)
    assert set(lean.getGlyphOrder()) < set(whole.getGlyphOrder())
    assert lean.getBestCmap() == whole.getBestCmap()
    for name in lean.getGlyphOrder():
        assert lean["hmtx"][name] == whole["hmtx"][name]
        assert lean["glyf"][name].compile(lean["glyf"]) == whole["glyf"][name].compile(
            whole["glyf"]
        )


def test_fonts_are_loaded_whole_again_after_a_lean_subset_even_after_an_error() -> None:
    load = subset.load_font
    with pytest.raises(RuntimeError), lettering.lean_subsets():
        assert subset.load_font is not load
        raise RuntimeError("the PDF could not be written")
    assert subset.load_font is load
