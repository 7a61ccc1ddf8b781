"""The progress report in the clinic's language and with an alias in any shipped script:
every word translated (es, ar, zh), dates as the language writes them, right-aligned
text in Arabic, no glyph missing (a text drawn with a font's "missing" glyph, id 0, is an
error here) and the Noto faces embedded in the PDF."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

pytest.importorskip("uharfbuzz")

from test_report import done, save, stopped

from sensory_games.activities import showing
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.language import words
from sensory_games.services.pdf import Page
from sensory_games.services.pdf.document import Lettering
from sensory_games.services.report import ReportRequest, build_report, write_report
from sensory_games.services.report.data import day_text
from sensory_games.services.report.layout import page_texts, report_fonts, text_width_in, wrap
from sensory_games.storage import Repository

UTC = timezone.utc
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY_1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

#: Aliases in every script the app ships a font for (several scripts in one alias, one
#: report each: right to left, left to right, and Chinese, a CFF face), the Noto faces
#: that must draw them.
ALIASES = {
    "محمد דניאל": ("NotoSansArabic", "NotoSansHebrew"),
    "Nguyễn ნი अर्जुन 김": ("NotoSans-Regular", "NotoSansGeorgian", "NotoSansKR"),
    "山田花子": ("NotoSansSC",),
}


def missing_glyphs(pages: list[Page]) -> list[str]:
    """The texts on `pages` drawn with a font's "missing" glyph (id 0: a box)."""
    return [
        run.text
        for page in pages
        for shape in page.shapes
        if isinstance(shape, Lettering)
        for _, run in shape.runs
        if 0 in run.glyphs
    ]


def play(repository: Repository, alias: str) -> None:
    """`alias` plays bubbles (levels 1 then 2, one stopped early), the two-handed drum
    and tracing (with samples: an overlay page) over two days, with a before/after
    check-in around a calm-down."""
    child = repository.add_profile(alias=alias, animal="cat", colour=1)
    for day, levels in ((DAY_1, (1, 1, 2)), (DAY_1 + timedelta(days=7), (2, 2))):
        session = repository.start_session(child.id, day)
        at = day
        for number, level in enumerate(levels):
            at += timedelta(minutes=1)
            result = stopped(0.5) if number == 1 else done(0.5 + 0.1 * level)
            save(repository, child, session, at, "bubbles", level, result)
        at += timedelta(minutes=1)
        drum = done(0.8, 12.0, left_asynchrony_mean_abs_ms=40.0, right_asynchrony_mean_abs_ms=55.0)
        save(repository, child, session, at, "bilateral_drum", 1, drum)
        at += timedelta(minutes=1)
        calm = save(repository, child, session, at, "calming", 1, done(None, 60.0))
        for moment, feeling, offset in (("before", 2, -10), ("after", 4, 70)):
            asked = at + timedelta(seconds=offset)
            repository.save_check_in(CheckIn(session, child.id, moment, feeling, asked, 2.0, calm))
        at += timedelta(minutes=1)
        save(repository, child, session, at, "tracing", 1, done(0.9), samples=True)


def request(alias: str, language: str = "en") -> ReportRequest:
    return ReportRequest(alias=alias, now=NOW, tz=UTC, showing=showing(), language=language)


def texts(pages: list[Page]) -> list[str]:
    """Every text drawn on the pages, tick labels and table cells included."""
    return page_texts(pages)


def embedded_fonts(pdf: Path) -> set[str]:
    """The font names a PDF embeds (subset tag cut off), each with its glyphs' program
    (TrueType or CFF: no font left to the reader's machine)."""
    data = pdf.read_bytes()
    assert data.count(b"/FontFile2 ") + data.count(b"/FontFile3 ") == data.count(
        b"/Type /FontDescriptor"
    )
    return {m.decode() for m in re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([\w-]+)", data)}


@pytest.mark.parametrize("alias", list(ALIASES))
def test_aliases_in_every_script_print_in_their_noto_faces(
    repository: Repository, tmp_path: Path, alias: str
) -> None:
    play(repository, alias)
    out = tmp_path / "report.pdf"
    write_report(repository, request(alias), out)
    fonts = embedded_fonts(out)
    for face in ALIASES[alias]:
        assert any(name.startswith(face) for name in fonts), (face, fonts)
    built = build_report(repository, request(alias))
    assert f"Progress report: {alias}" in texts(built.pages)
    assert not missing_glyphs(built.pages)


#: Words each language's report must show (title, table head, chart, check-in, footer)
#: and its month of the attempts, as the language writes a short date.
EXPECTED = {
    "es": ("Informe de progreso: Sam", "Intentos", "Precisión", "antes", "9 mar 2026"),
    "ar": ("تقرير التقدم: Sam", "المحاولات", "الدقة", "قبل", "9 مارس 2026"),
    "zh": ("进度报告：Sam", "尝试次数", "准确率", "之前", "2026年3月9日"),
}


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_whole_report_is_in_the_clinics_language(
    repository: Repository, tmp_path: Path, language: str
) -> None:
    play(repository, "Sam")
    english = set(texts(build_report(repository, request("Sam")).pages))
    built = build_report(repository, request("Sam", language))
    shown = texts(built.pages)
    assert not missing_glyphs(built.pages)
    joined = "\n".join(shown)
    for expected in EXPECTED[language]:
        assert expected in joined, (expected, shown)
    # No sentence of the report's own is left in English (what an activity declares,
    # its title and charts, is translated by its own catalog, not checked here).
    own = {
        "Period: ",
        "Generated: ",
        "Black dots",
        "Accuracy trend",
        "Completion time",
        "How the child felt",
        "check-in pairs in order",
        "attempts 1–",
        "sensory_games report · page",
        "trend per level",
        "more settled",
        "Grey band",
        "Accuracy: median",
        "stopped early",
    }
    left = [t for t in shown if any(t.startswith(prefix) for prefix in own)]
    assert not left, left
    assert english - set(shown), "the English report and this one are the same"
    out = tmp_path / f"report-{language}.pdf"
    write_report(repository, request("Sam", language), out)
    face = {"es": "NotoSans-Regular", "ar": "NotoSansArabic", "zh": "NotoSansSC"}[language]
    assert any(name.startswith(face) for name in embedded_fonts(out))


def test_arabic_text_stands_at_the_right_margin(repository: Repository) -> None:
    play(repository, "محمد")
    built = build_report(repository, request("محمد", "ar"))
    first = built.pages[0]
    right_margin = first.width_pt - 0.45 * 72
    title = next(t for t in first.texts if t.text.startswith("تقرير التقدم"))
    assert title.x + title.width_pt == pytest.approx(right_margin)  # ends at the right margin
    page = built.pages[1]
    for chart in page.charts:
        if chart.title_text:  # (the title ends at the chart's right edge)
            [placed] = [t for t in page.texts if t.text == chart.title_text]
            assert placed.x + placed.width_pt == pytest.approx(chart.x_pt + chart.width_pt)
    english = build_report(repository, request("محمد"))
    title = next(t for t in english.pages[0].texts if t.text.startswith("Progress"))
    assert title.x == pytest.approx(0.95 * 72)  # starts at the left margin


def test_dates_are_written_as_each_language_writes_them() -> None:
    moment = datetime(2026, 11, 28, 9, 44, tzinfo=UTC)
    assert day_text(moment) == "28 Nov 2026"
    assert day_text(moment, year=False) == "28 Nov"
    assert day_text(moment, language="es") == "28 nov 2026"
    assert day_text(moment, language="zh") == "2026年11月28日"
    assert day_text(moment, year=False, language="zh") == "11月28日"
    assert day_text(moment, language="ar") == "28 نوفمبر 2026"


def test_long_lines_wrap_to_the_width_as_drawn_chinese_between_any_characters() -> None:
    chinese = "黑点表示完成的尝试，空心三角形表示提前停止。" * 6
    lines = wrap(chinese, 4.0, 9)
    assert len(lines) > 1 and "".join(lines) == chinese
    assert all(text_width_in(line, 9) <= 4.0 for line in lines)
    english = "the quick brown fox jumps over the lazy dog " * 5
    lines = wrap(english.strip(), 3.0, 9)
    assert len(lines) > 1 and all(text_width_in(line, 9) <= 3.0 for line in lines)
    assert " ".join(lines) == english.strip()  # broken at spaces, no word cut
    assert wrap("one\ntwo", 5.0, 9) == ["one", "two"]


def test_the_report_fonts_are_the_noto_faces_and_draw_every_shipped_script() -> None:
    """Each script's characters are drawn by a face that has them (Han as in China
    first); the arrow of "level 1→2", which Noto Sans lacks, by a face that has it."""
    fonts = report_fonts()
    drawn_by = {
        text: [run.font.path.name for run in fonts.shape(text, 9, False, None)]
        for text in ("Sam", "محمد", "ნინო", "김민준", "进度报告", "अर्जुन", "→")
    }
    assert drawn_by["Sam"] == ["NotoSans-Regular.ttf"]
    assert drawn_by["محمد"] == ["NotoSansArabic-Regular.ttf"]
    assert drawn_by["ნინო"] == ["NotoSansGeorgian-Regular.ttf"]
    assert drawn_by["김민준"] == ["NotoSansKR-Regular.ttf"]
    assert drawn_by["进度报告"] == ["NotoSansSC-Regular.otf"]
    for text in drawn_by:
        runs = fonts.shape(text, 9, False, None)
        assert all(gid != 0 for run in runs for gid, _, _ in run.glyphs), text


def test_a_line_that_mixes_directions_is_laid_out_in_the_reports_language(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An English report's "ليلى played 25 times..." reads from the left (its first letter
    Arabic would make it a right-to-left line: the English sentence backwards), an Arabic
    report's line that begins with a Latin alias from the right."""
    fonts = report_fonts()
    english = fonts.shape("ليلى played 25 times", 9, False, False)
    assert english[0].text == "ليلى" and english[-1].text.endswith("played 25 times")
    arabic = fonts.shape("Mia لعب 25 مرة", 9, False, True)
    assert arabic[-1].text == "Mia" and arabic[-1].text != arabic[0].text  # (Mia at the right)
    play(repository, "ليلى")
    built = build_report(repository, request("ليلى", "en"))
    mixed = [
        shape
        for page in built.pages
        for shape in page.shapes
        if isinstance(shape, Lettering)
        and any("played" in run.text for _, run in shape.runs)
        and any("ليلى" in run.text for _, run in shape.runs)
    ]
    assert mixed
    for line in mixed:  # (the alias at the left, the English after it)
        texts_in_order = [run.text for _, run in sorted(line.runs, key=lambda r: r[0])]
        assert "ليلى" in texts_in_order[0], texts_in_order


def test_a_right_to_left_alias_never_shares_a_line_with_the_dates(
    repository: Repository,
) -> None:
    """The running head of pages 2+ is the child at the reading side and the period at the
    other, two texts: in one line "Progress report: ليلى · 6 Dec 2026" the 6 joined the
    Arabic run and was drawn before the alias."""
    play(repository, "ليلى")
    for language in ("en", "ar"):
        built = build_report(repository, request("ليلى", language))
        later = page_texts(built.pages[1:])
        said = words(language)
        title = said.tr("Progress report: {name}", name="ليلى")
        assert later.count(title) == len(built.pages) - 1
        assert not [text for text in later if "ليلى" in text and any(c.isdigit() for c in text)]


def test_a_level_change_and_its_reason_are_joined_as_the_language_writes_them(
    repository: Repository,
) -> None:
    """The latest level changes with why, one line each: "2 Mar 2026: level 1→2,
    therapist: ready" in English, with the Arabic comma (،) in Arabic and the full-width
    one in Chinese (a Latin ", " in an Arabic sentence reads as a stray mark)."""
    play(repository, "Sam")
    child = repository.profile_by_alias("Sam")
    assert child is not None
    changed = NOW - timedelta(hours=1)
    repository.set_level(child.id, "bubbles", 3, "therapist: ready for more", at=changed)
    save(repository, child, repository.start_session(child.id, NOW), NOW, "bubbles", 3, done(0.9))
    for language, comma in (("en", ", "), ("ar", "، "), ("zh", "，")):
        shown = texts(build_report(repository, request("Sam", language)).pages)
        lines = [t for t in shown if "ready for more" in t]
        assert len(lines) == 1 and comma in lines[0], (language, lines)
        assert language == "en" or ", " not in lines[0].split("ready")[0], lines
