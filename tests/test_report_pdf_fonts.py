"""The PDF report embeds, of each font, only the glyphs its own pages draw: a report made
after another in the same process (the console makes one per child) holds nothing of
the other's names, and a pseudonymised report nothing of the child's alias."""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("uharfbuzz")

from sensory_games.activities import showing
from sensory_games.services.report import ReportRequest, write_report
from sensory_games.storage import Repository

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def characters_mapped(pdf: bytes) -> set[str]:
    """Every character the PDF's fonts' ToUnicode maps name (what its glyphs stand for)."""
    found: set[str] = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if b"beginbfchar" in data:
            for text in re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]+)>", data):
                found.update(bytes.fromhex(text.decode()).decode("utf-16-be"))
    return found


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
    assert not set("山田花子") & characters_mapped(hidden.read_bytes())
    data = hidden.read_bytes()
    assert data.count(b"/FontFile2") == data.count(b"/FontFile2 ") >= 1  # (programs embedded)
