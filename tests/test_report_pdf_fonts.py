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


def test_a_cluster_is_copied_once_and_a_missing_character_as_the_replacement_mark() -> None:
    """ "x" with a combining acute is one cluster of two glyphs: each stands for its own
    character (else a reader copies "x́x́"); a character no face has is drawn and copied
    as "�" (else every such character copies as the first one met)."""
    doc = Document()
    page = doc.page(595.28, 841.89)
    page.text(72, 700, "Zoe x\u0301 \U0001d11e", 12)
    handle = io.BytesIO()
    doc.write(handle)
    texts = mapped_texts(handle.getvalue())
    assert "x" in texts and "\u0301" in texts and "x\u0301" not in texts
    assert "\U0001d11e" not in "".join(texts) and "\ufffd" in texts


def test_a_character_no_face_has_prints_as_the_replacement_mark(repository: Repository) -> None:
    """An alias with an emoji (no shipped face has one): the mark "�" is printed where it
    is, in the PDF and the PNG alike, never nothing (on paper "Sam" and "Sam 🦄" would be
    one child) and never the face's empty "missing" glyph."""
    from sensory_games.domain.page_shapes import Lettering
    from sensory_games.services.pdf.fonts import REPLACEMENT

    repository.add_profile(alias="Sam 🦄", animal="cat", colour=1)
    pdf, shown = pdf_and_shown(
        repository, ReportRequest(alias="Sam 🦄", now=NOW, showing=showing())
    )
    built = build_report(repository, ReportRequest(alias="Sam 🦄", now=NOW, showing=showing()))
    runs = [
        run
        for page in built.pages
        for shape in page.shapes
        if isinstance(shape, Lettering)
        for _, run in shape.runs
    ]
    assert any(run.text.endswith(f"Sam {REPLACEMENT}") for run in runs)
    assert not [run.text for run in runs if 0 in run.glyphs]
    assert REPLACEMENT in characters_mapped(pdf) and "🦄" in shown


def test_a_glyph_copies_the_same_wherever_it_is_drawn(repository: Repository) -> None:
    """Vietnamese "ị" is drawn as "i" and a dot below: the "i" glyph stands for "i" (and
    the dot for the dot), so "time" after "Thị" is found by a search for "time", and a
    later child's "Alistair" never copies as "Alịstaịr" (found by a tester: try9)."""
    doc = Document()
    page = doc.page(595.28, 841.89)
    page.text(72, 780, "Nguyễn Thị", 16, bold=True)
    page.text(72, 740, "Completion time", 16, bold=True)
    handle = io.BytesIO()
    doc.write(handle)
    texts = mapped_texts(handle.getvalue())
    assert "i" in texts and "ị" not in texts and "\u0323" in texts
    repository.add_profile(alias="Nguyễn Thị", animal="cat", colour=1)
    repository.add_profile(alias="Alistair", animal="owl", colour=2)
    pdf_and_shown(repository, ReportRequest(alias="Nguyễn Thị", now=NOW, showing=showing()))
    later, _ = pdf_and_shown(
        repository, ReportRequest(alias="Alistair", now=NOW, showing=showing())
    )
    assert "ị" not in "".join(mapped_texts(later))
