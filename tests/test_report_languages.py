"""The progress report in the clinic's language and with an alias in any shipped script:
every word translated (es, ar, zh), dates as the language writes them, right-aligned
text in Arabic, no glyph missing (matplotlib's "Glyph ... missing" warnings are errors
here) and the Noto faces embedded in the PDF: as TrueType (Type 42), or as Type 3 where a
CFF face (Chinese, Japanese) draws a character (lettering's doc says why)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure
from test_report import done, save, stopped

from sensory_games.activities import showing
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.font_files import face_path
from sensory_games.domain.language import words
from sensory_games.services.report import ReportRequest, build_report, lettering, write_report
from sensory_games.services.report.data import day_text
from sensory_games.services.report.layout import style, text_width_in, wrap
from sensory_games.storage import Repository

UTC = timezone.utc
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY_1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

#: Aliases in every script the app ships a font for (several scripts in one alias, one
#: report each: right to left, left to right, and Chinese, whose glyphs the PDF draws
#: itself), the Noto faces that must draw them and the PDF font type they are embedded as.
ALIASES = {
    "محمد דניאל": (("NotoSansArabic", "NotoSansHebrew"), 42),
    "Nguyễn ნი अर्जुन 김": (("NotoSans-", "NotoSansGeorgian", "NotoSansKR"), 42),
    "山田花子": (("NotoSansSC",), 3),
}


@pytest.fixture(autouse=True)
def glyphs_must_exist() -> Iterator[None]:
    """A character no font has is a matplotlib UserWarning "Glyph ... missing": an error."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*Glyph .* missing", category=UserWarning)
        yield


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


def texts(figures: list[Figure]) -> list[str]:
    """Every text drawn on the pages, tick labels and table cells included."""
    return lettering.page_texts(figures)


def embedded_fonts(pdf: Path, font_type: int) -> set[str]:
    """The font names a PDF embeds (subset tag cut off), all of `font_type`: 42, TrueType
    programs (/FontFile2) only; 3, glyphs drawn by the PDF (/Type3) only."""
    data = pdf.read_bytes()
    if font_type == 42:
        assert b"/FontFile2" in data and b"/Type3" not in data
    else:
        assert b"/Type3" in data and b"/FontFile2" not in data
    return {m.decode() for m in re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([\w-]+)", data)}


@pytest.mark.parametrize("alias", list(ALIASES))
def test_aliases_in_every_script_print_in_their_noto_faces(
    repository: Repository, tmp_path: Path, alias: str
) -> None:
    play(repository, alias)
    out = tmp_path / "report.pdf"
    write_report(repository, request(alias), out)  # (a missing glyph would raise here)
    faces, font_type = ALIASES[alias]
    fonts = embedded_fonts(out, font_type)
    for face in faces:
        assert any(name.startswith(face) for name in fonts), (face, fonts)
    built = build_report(repository, request(alias))
    assert f"Progress report: {alias}" in texts(built.figures)


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
    english = set(texts(build_report(repository, request("Sam")).figures))
    built = build_report(repository, request("Sam", language))
    shown = texts(built.figures)
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
    face, font_type = {
        "es": ("NotoSans-", 42),
        "ar": ("NotoSansArabic", 42),
        "zh": ("NotoSansSC", 3),
    }[language]
    assert any(name.startswith(face) for name in embedded_fonts(out, font_type))


def test_arabic_text_stands_at_the_right_margin(repository: Repository) -> None:
    play(repository, "محمد")
    built = build_report(repository, request("محمد", "ar"))
    first = built.figures[0]
    title = next(t for t in first.texts if t.get_text().startswith("تقرير التقدم"))
    assert title.get_horizontalalignment() == "right"
    assert title.get_position()[0] > 0.9  # at the right margin
    page = built.figures[1]
    titled = [ax for ax in page.axes if ax.get_title(loc="right")]
    assert titled and not any(ax.get_title(loc="left") for ax in page.axes)
    english = build_report(repository, request("محمد"))
    title = next(t for t in english.figures[0].texts if t.get_text().startswith("Progress"))
    assert title.get_horizontalalignment() == "left"


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


def test_the_report_fonts_are_the_noto_faces_in_fallback_order() -> None:
    families = list(style()["font.family"])
    assert families[0] == "Noto Sans"
    alphabets = ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Georgian", lettering.SYMBOLS)
    cjk = ("Noto Sans SC", "Noto Sans JP", "Noto Sans KR")  # Han as in China first
    assert families[1:] == [*alphabets, *cjk]
    assert style()["pdf.fonttype"] == 42
    assert lettering.pdf_font_type(["level 1→2", "محمد", "ნინო", "김민준"]) == 42
    assert lettering.pdf_font_type(["Sam", "进度报告"]) == 3


# -- a matplotlib that cannot shape (< 3.11, without libraqm) --------------------------


def test_without_libraqm_arabic_and_hebrew_are_given_joined_and_in_display_order() -> None:
    pytest.importorskip("arabic_reshaper")
    pytest.importorskip("bidi")
    # محمد: its four letters joined (initial, medial, medial, final forms), right to left
    assert lettering.display_order("محمد") == "\ufeaa\ufee4\ufea4\ufee3"
    assert lettering.display_order("דניאל") == "לאינד"
    assert lettering.display_order("Sam: 12") == "Sam: 12"  # no right-to-left letter
    # a Latin name inside an Arabic line keeps its own order
    assert "Sam" in lettering.display_order("تقرير التقدم: Sam")
    arabic = face_path("NotoSansArabic-Regular.ttf")
    assert arabic is not None
    from matplotlib.ft2font import FT2Font

    charmap = FT2Font(str(arabic)).get_charmap()
    assert all(ord(c) in charmap for c in lettering.display_order("تقرير التقدم محاولة"))


def test_without_libraqm_every_text_of_a_page_is_put_in_display_order(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("arabic_reshaper")
    pytest.importorskip("bidi")
    play(repository, "محمد")
    built = build_report(repository, request("محمد", "ar"))
    monkeypatch.setattr(lettering, "matplotlib_shapes", lambda: False)
    lettering.shape_pages(built.figures, True)
    shown = texts(built.figures)
    assert not [t for t in shown if re.search("[\u0621-\u064a]", t)]  # letters all joined forms
    assert any(re.search("[\ufe70-\ufeff]", t) for t in shown)


def test_a_line_that_mixes_directions_is_laid_out_in_the_reports_language(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An English report's "ليلى played 25 times..." reads from the left (its first letter
    Arabic made it a right-to-left line: the English sentence backwards), an Arabic
    report's line that begins with a Latin alias from the right; a name alone, or a line
    of one direction, is left as it is."""
    assert lettering.in_reading_direction("ليلى played 25 times", False) == (
        "\u200eليلى played 25 times"
    )
    assert lettering.in_reading_direction("Mia لعب 25 مرة", True) == "\u200fMia لعب 25 مرة"
    for alone in ("ليلى", "Mia", "5 يناير 2026", "Sam: 12"):
        assert lettering.in_reading_direction(alone, False) == alone
    assert lettering.in_reading_direction("Title\nليلى played", False) == (
        "Title\n\u200eليلى played"
    )
    once = lettering.in_reading_direction("ليلى\nليلى played 3 times", False)
    assert once == "ليلى\n\u200eليلى played 3 times"  # (a name alone: as it is)
    assert lettering.in_reading_direction(once, False) == once  # (marked once, ever)
    play(repository, "ليلى")
    built = build_report(repository, request("ليلى", "en"))
    lettering.letter_pages(built.figures, False)
    mixed = [t for t in texts(built.figures) if "ليلى" in t and "played" in t]
    assert mixed and all(t.startswith("\u200e") for t in mixed)
    monkeypatch.setattr(lettering, "matplotlib_shapes", lambda: False)  # (python-bidi's order)
    pytest.importorskip("bidi")
    seen = lettering.display_order("ليلى played 25 times", False)
    assert seen.endswith("played 25 times") and seen.startswith("\u200e")  # (from the left)
    held = "\u2068ليلى\u2069"  # (Arabic only inside an isolate: joined all the same)
    assert lettering.display_order(held, False) != held


def test_a_right_to_left_alias_never_shares_a_line_with_the_dates(
    repository: Repository,
) -> None:
    """The running head of pages 2+ is the child at the reading side and the period at the
    other, two texts: in one line "Progress report: ليلى · 6 Dec 2026" the 6 joined the
    Arabic run and was drawn before the alias."""
    play(repository, "ليلى")
    for language in ("en", "ar"):
        built = build_report(repository, request("ليلى", language))
        later = lettering.page_texts(built.figures[1:])
        said = words(language)
        title = said.tr("Progress report: {name}", name="ليلى")
        assert later.count(title) == len(built.figures) - 1
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
        shown = texts(build_report(repository, request("Sam", language)).figures)
        lines = [t for t in shown if "ready for more" in t]
        assert len(lines) == 1 and comma in lines[0], (language, lines)
        assert language == "en" or ", " not in lines[0].split("ready")[0], lines
