"""The PDF report embeds, of each font, only the glyphs its own pages draw, each mapped
(ToUnicode: what a reader copies, searches and reads aloud) to the text it stands for on
those pages: a report made after another in the same process (the console makes one per
child) holds nothing of the other's names, and a pseudonymised report nothing of the
child's alias."""

from __future__ import annotations

import io
import re
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("uharfbuzz")

from sensory_games.activities import showing
from sensory_games.services.pdf import Document
from sensory_games.services.report import ReportRequest, build_report, write_report
from sensory_games.services.report.layout import page_texts
from sensory_games.storage import Repository

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def mapped_texts(pdf: bytes) -> list[str]:
    """The text of every entry of the PDF's ToUnicode maps (their bfchar entries: not the
    codespace range's bounds, <0000> <FFFF>, which are no character)."""
    found: list[str] = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", data, re.S):
            for text in re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]+)>", block):
                found.append(bytes.fromhex(text.decode()).decode("utf-16-be"))
    return found


def characters_mapped(pdf: bytes) -> set[str]:
    """Every character the PDF's ToUnicode maps name."""
    return set("".join(mapped_texts(pdf)))


def pdf_and_shown(repository: Repository, request: ReportRequest) -> tuple[bytes, set[str]]:
    """The report's file and every character its pages show."""
    built = build_report(repository, request)
    handle = io.BytesIO()
    built.document.write(handle)
    return handle.getvalue(), set("".join(page_texts(built.pages)))


def test_a_report_embeds_only_the_glyphs_its_pages_draw(
    repository: Repository, tmp_path: Path
) -> None:
    repository.add_profile(alias="山田花子", animal="cat", colour=1)
    repository.add_profile(alias="Sam", animal="owl", colour=2)
    first = tmp_path / "yamada.pdf"
    write_report(repository, ReportRequest(alias="山田花子", now=NOW, showing=showing()), first)
    assert set("山田花子") <= characters_mapped(first.read_bytes())
    later = tmp_path / "sam.pdf"
    write_report(repository, ReportRequest(alias="Sam", now=NOW, showing=showing()), later)
    mapped = characters_mapped(later.read_bytes())
    assert set("Sam") <= mapped and not set("山田花子") & mapped
    hidden = tmp_path / "child-7f3a.pdf"
    request = ReportRequest(alias="山田花子", title_name="Child 7F3A", now=NOW, showing=showing())
    write_report(repository, request, hidden)
    data = hidden.read_bytes()
    assert not set("山田花子") & characters_mapped(data)
    # (every font's glyphs embedded: a program for each descriptor)
    assert (
        data.count(b"/FontFile2 ") + data.count(b"/FontFile3 ")
        == data.count(b"/Type /FontDescriptor")
        > 0
    )


def test_a_glyph_maps_to_what_this_report_shows_not_to_another_childs_name(
    repository: Repository,
) -> None:
    """Devanagari: HarfBuzz makes "र्जु" one cluster; its glyphs (the reph, ja, the u
    sign) must not carry its letters into a later report of another child."""
    repository.add_profile(alias="अर्जुन", animal="cat", colour=1)
    repository.add_profile(alias="जय", animal="owl", colour=2)
    pdf_and_shown(repository, ReportRequest(alias="अर्जुन", now=NOW, showing=showing()))
    later, shown = pdf_and_shown(repository, ReportRequest(alias="जय", now=NOW, showing=showing()))
    assert characters_mapped(later) - shown == set()


def test_a_cluster_is_copied_once_and_a_missing_glyph_as_nothing() -> None:
    """ "x" with a combining acute is one cluster of two glyphs: its text on the first only
    (else a reader copies "x́x́"); a character no face has draws the "missing" glyph (0),
    which stands for no text (else every such character copies as the first one met)."""
    doc = Document()
    page = doc.page(595.28, 841.89)
    page.text(72, 700, "Zoe x\u0301 \U0001d11e", 12)
    handle = io.BytesIO()
    doc.write(handle)
    texts = mapped_texts(handle.getvalue())
    assert texts.count("x\u0301") == 1 and "\u0301" not in texts
    assert "\U0001d11e" not in "".join(texts)
