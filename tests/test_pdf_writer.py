"""The report's own PDF writer: a file whose every object is where its cross-reference
table says, text shaped and embedded (searchable); charts, tables and the PNG's pixels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("uharfbuzz")

from sensory_games.services.pdf import Document
from sensory_games.services.pdf.chart import Look


def test_a_document_is_a_well_formed_pdf_with_its_fonts(tmp_path: Path) -> None:
    doc = Document(title="Progress report: ليلى")
    page = doc.page(595.28, 841.89)
    width = page.text(72, 780, "Progress report: ليلى", 16, bold=True)
    page.text(520, 760, "اتجاه الدقة في المستوى 3", 8, align="right", right_to_left=True)
    page.line([(72, 100), (200, 150)], 1.0, 0.3, (4, 2))
    page.rectangle(72, 60, 448, 20, 0.94, 0.5)
    out = tmp_path / "r.pdf"
    doc.save(out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-1.7") and data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))  # type: ignore[union-attr]
    assert data[start:].startswith(b"xref")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data[start:])]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    # (Noto Sans and Noto Sans Arabic, bold for the title and regular: the digits of the
    # Arabic line are Noto Sans's)
    assert data.count(b"/FontFile2") == 4 and data.count(b"/ToUnicode") == 4
    assert 100 < width < 300


def test_a_cff_face_is_named_by_its_glyphs_cids(tmp_path: Path) -> None:
    """Chinese (NotoSansSC, a CID-keyed CFF): the page's codes are CIDs, not glyph ids,
    and the subset keeps them (else a viewer draws other characters)."""
    import uharfbuzz as hb

    from sensory_games.services.pdf.cff import glyph_cids

    doc = Document()
    page = doc.page(595.28, 841.89)
    page.text(72, 780, "进度报告：准确率", 12)
    [font] = [f for f in doc.fonts.fonts.values() if f.cff]
    cids = font.cids
    assert cids is not None and any(g != c for g, c in enumerate(cids))
    kept = hb.SubsetInput()
    for gid in font.widths:
        kept.glyph_set.add(gid)
    kept.flags = hb.SubsetFlags.RETAIN_GIDS
    subset = bytes(hb.subset(font.face, kept).blob.data)
    subset_cids = glyph_cids(subset)
    assert subset_cids is not None
    assert all(subset_cids[gid] == cids[gid] for gid in font.widths)
    out = tmp_path / "zh.pdf"
    doc.save(out)
    assert b"/CIDFontType0C" in out.read_bytes()


def test_markers_lines_clipping_and_an_upright_axis_label(tmp_path: Path) -> None:
    """A chart's parts: dots and hollow triangles at their points, a dashed line clipped
    to the frame, an axis title turned to read upwards."""
    doc = Document()
    page = doc.page(595.28, 841.89)
    page.clipped(72, 500, 450, 250)
    page.line([(80, 620), (500, 640)], 0.9, 0.3, (3, 2))
    page.markers([(80, 620), (100, 630)], "o", 4, 0.0)
    page.markers([(120, 625)], "^", 5, None, 0.0)
    page.unclipped()
    page.text(60, 625, "Accuracy (%)", 9, rotated=True, align="center")
    ops = " ".join(page.ops)
    assert ops.count(" re W n") == 1 and ops.count("[3 2] 0 d") == 1
    assert ops.count(" cm ") >= 4 and " f Q" in ops and " S Q" in ops
    assert "0 1 -1 0 0 0 cm" in ops  # (the axis title, turned)
    assert ops.count("q ") == ops.count(" Q")  # (every saved state restored)
    doc.save(tmp_path / "chart.pdf")


def test_nice_ticks_are_one_two_two_and_a_half_or_five_times_a_power_of_ten() -> None:
    from sensory_games.services.pdf.chart import nice_ticks

    assert nice_ticks(0, 1, 5) == [0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(0, 30, 4) == [0, 10, 20, 30]
    assert nice_ticks(0.5, 120.5, 6) == [25, 50, 75, 100]
    assert nice_ticks(3, 3) == [3]


def test_a_chart_places_its_points_inside_its_frame(tmp_path: Path) -> None:
    """Data mapped onto the frame; a point outside the limits is not drawn; a line is
    clipped to the frame; the legend and ticks are shaped text (searchable)."""
    from sensory_games.services.pdf.chart import Chart

    doc = Document()
    page = doc.page(595.28, 841.89)
    chart = Chart(page, 72, 400, 450, 200, (0.5, 10.5), (0, 1))
    assert chart.at(0.5, 0) == (72, 400) and chart.at(10.5, 1) == (522, 600)
    chart.frame()
    chart.scatter([1, 2, 30], [0.5, 0.6, 0.7], "o", 3)
    chart.plot([1, 2], [0.5, 2.0])
    chart.y_ticks([0, 0.5, 1], ["0", "50%", "100%"])
    chart.legend(
        [("completed", Look("o")), ("trend per level", Look(line=0.0, dash=(4, 2)))], 522, 610
    )
    ops = " ".join(page.ops)
    assert ops.count("cm 1.5 0 m") == 2  # (the dots at x 1 and 2; 30 is outside)
    assert ops.count("cm 2.5 0 m") == 1  # (the legend's dot)
    assert ops.count(" re W n") == 1  # (the line, clipped to the frame)
    assert chart.legend_words == ["completed", "trend per level"]
    assert chart.legend_span is not None and chart.legend_span[1] == pytest.approx(522)
    assert [d.label for d in chart.drawn] == ["", ""]
    doc.save(tmp_path / "chart.pdf")


def test_a_page_drawn_as_pixels_shows_what_its_pdf_shows() -> None:
    """The PNG's page: white paper, a black rule where the PDF has one, a grey box filled,
    a dot's middle black, text inked where it was placed, a clipped line stopped at
    its frame."""
    from sensory_games.ui.page_pixels import page_pixels

    page = Document().page(200, 100)
    page.line([(10, 90), (190, 90)], 1.0, 0.0)
    page.rectangle(10, 10, 40, 30, 0.5, None)
    page.markers([(100, 25)], "o", 8, 0.0)
    page.text(60, 60, "Sam", 12)
    page.clipped(150, 10, 20, 20)
    page.line([(140, 20), (190, 20)], 2.0, 0.0)
    page.unclipped()
    pixels = page_pixels(page.drawing(), 72).astype(int)  # (1 px a point; y down)
    assert pixels.shape == (100, 200, 3)
    assert (pixels[0, 0] == 255).all() and (pixels[10, 100] == 0).all()  # (the rule at y 90)
    assert (pixels[75, 30] == 128).all()  # (the box's middle, 50% grey)
    assert (pixels[75, 100] == 0).all()  # (the dot's middle)
    word = pixels[30:41, 60:80]  # (above the baseline at row 40)
    assert word.min() < 100 and word.max() == 255  # (letters inked on white)
    assert (pixels[80, 145] == 255).all() and (pixels[80, 160] == 0).all()  # (clipped)
    assert (pixels[80, 175] == 255).all()


def test_a_table_has_its_rules_its_bold_head_and_its_names_at_the_reading_side() -> None:
    from sensory_games.services.pdf.table import PAD_PT, table

    widths = [150.0, 60.0, 60.0]
    for right_to_left in (False, True):
        page = Document().page(595.28, 841.89)
        header = ["Activity", "Accuracy\nfirst 5", "Level\nnow"]
        rows = [["Tracing", "0.62", "3"], ["Bubbles", "–", "1"]]
        bottom = table(
            page, 72, 700, widths, header, rows, 9, aligned_column=0, right_to_left=right_to_left
        )
        rules = [op for op in page.ops if op.endswith(" S Q") and " re " not in op]
        assert len(rules) == len(rows) + 2  # (above the head, under it and under each row)
        assert 700 - bottom == pytest.approx(9 * 1.6 * 2 + 3 + 2 * (9 * 1.6 + 3))
        by_text = {t.text: t for t in page.texts}
        assert by_text["Accuracy"].bold and by_text["first 5"].bold
        assert not by_text["Tracing"].bold
        assert by_text["first 5"].y < by_text["Accuracy"].y  # (a head's second line under)
        name = by_text["Tracing"]
        if right_to_left:
            assert name.x + name.width_pt == pytest.approx(72 + 150 - PAD_PT)
        else:
            assert name.x == pytest.approx(72 + PAD_PT)
        level = by_text["3"]  # (centred in its column)
        assert level.x + level.width_pt / 2 == pytest.approx(72 + 150 + 60 + 30)


def test_tick_labels_are_never_powers_of_ten() -> None:
    """A huge completion time's ticks read as numbers a therapist reads, not 5e+07."""
    from sensory_games.services.pdf.chart import tick_text

    assert [tick_text(v) for v in (0, 0.25, 2.5, 40, 9999, 50_000_000, -400)] == [
        "0",
        "0.25",
        "2.5",
        "40",
        "9999",
        "50,000,000",
        "\u2212400",
    ]


def test_a_mark_is_raised_or_lowered_where_harfbuzz_places_it(tmp_path: Path) -> None:
    """Arabic vowel marks (the shadda and damma of "مُقيَّمة") sit over or under their
    letters by HarfBuzz's y offsets: each such glyph is shown with its text rise (Ts),
    and the rise is undone after it (the letters after it stay on the baseline)."""
    doc = Document()
    page = doc.page(595.28, 841.89)
    page.text(500, 700, "مُقيَّمة", 20, align="right", right_to_left=True)
    [run] = [r for r in doc.fonts.shape("مُقيَّمة", 20, False, True)]
    assert any(run.rises)
    ops = " ".join(page.ops)
    rises = re.findall(r"(-?[\d.]+) Ts", ops)
    assert rises and rises[-1] == "0" and any(float(r) != 0 for r in rises)
    doc.save(tmp_path / "marks.pdf")
