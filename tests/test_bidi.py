"""A line that mixes Arabic with numbers, dates and Latin words is placed as an Arabic
reader reads it (domain/bidi.py, Unicode's bidirectional algorithm, brackets paired), on
the app's screens, adult and child, and in the console, whose lines read right to left in
Arabic however they start (and left to right in English, an Arabic alias first or not)."""

from __future__ import annotations

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from sensory_games.domain.bidi import levels, visual_runs
from sensory_games.domain.language import words
from sensory_games.ui.fonts import drawn_pieces

AR = words("ar")


def shown(text: str, right_to_left: bool | None = None) -> list[str]:
    """The line's runs from the left, each as written (a right-to-left run in reading
    order)."""
    return [run for run, _rtl in visual_runs(text, right_to_left)]


def test_a_plan_step_in_arabic_reads_from_the_right_even_when_it_starts_with_a_number() -> None:
    line = AR.tr(
        "{number}. {activity}, level {level}, {minutes} min",
        number=3,
        activity="Tracing",
        level=4,
        minutes=5,
    )
    assert line == "3. Tracing، المستوى 4، 5 د"
    assert shown(line, True) == [" د", "5", "، ", "4", "، المستوى ", "Tracing", ". ", "3"]
    # (the number first read, at the right; the minutes last, at the left)


def test_numbers_keep_their_order_and_place_inside_an_arabic_sentence() -> None:
    assert shown("الدقة من 0 إلى 1") == ["1", " إلى ", "0", "الدقة من "]
    assert shown("12.5 ث", True) == [" ث", "12.5"]  # (a decimal stays whole)
    assert shown("29 ديسمبر 09:01", True) == ["09:01", " ديسمبر ", "29"]
    assert shown("2026-11-28 09:00", True) == ["09:00", " ", "2026-11-28"]


def test_a_latin_line_and_a_name_alone_keep_their_own_direction() -> None:
    assert shown("Oliver-Alexander") == ["Oliver-Alexander"]
    assert shown("Oliver-Alexander", True) == ["Oliver-Alexander"]
    assert shown("level 4, 5 min") == ["level 4, 5 min"]
    assert shown("محمد (2)") == [")", "2", "محمد ("]  # (brackets mirrored when drawn)
    assert [p for p, _face in drawn_pieces("محمد (2)")][:3] == ["(", "2", ")"]
    assert levels("abc ") == [0, 0, 0, 0]
    assert levels("abc ", True) == [2, 2, 2, 1]  # (a line's trailing space: the line's)


@pytest.mark.parametrize(
    ("line", "alias_at_right"),
    [("Oliver-Alexander: الخطة long-morning", True), ("الخطة: Oliver-Alexander", False)],
)
def test_a_latin_alias_that_starts_an_arabic_line_is_at_its_right(
    line: str, alias_at_right: bool
) -> None:
    """The alias that starts the line is read first, at the right; one that ends it is
    read last, at the left."""
    runs = shown(line, True)
    assert "Oliver-Alexander" in runs, runs
    assert (runs[-1] == "Oliver-Alexander") is alias_at_right, runs
    assert (runs[0] == "Oliver-Alexander") is not alias_at_right, runs


def test_a_piece_drawn_by_a_face_of_the_other_direction_is_handed_over_reversed() -> None:
    """ "، 5" after a Latin word is left to right but drawn by the Arabic face (which lays
    a text out right to left): it is given to it as "5 ،", so it shows as "، 5"."""
    pieces = drawn_pieces("12. tracing، 5 د", True)
    assert [piece for piece, _face in pieces] == [" د", "tracing", "5 ،", " .", "12"]


#: What the mixed lines below are made of: Arabic and Latin letters, European and
#: Arabic-Indic digits, a mark, spaces, punctuation, number signs and paired brackets.
MIXED = "محمدالخطة" + "Miaxyz" + "0123456789" + "٣٤" + "\u0651" + "  .,:;-+%/!?،؛" + "()[]{}（）"


def drawn_order(text: str, right_to_left: bool) -> str:
    """`text`'s characters in the order they are placed from the left (brackets not
    mirrored: python-bidi's get_display does not mirror them either)."""
    return "".join(run[::-1] if rtl else run for run, rtl in visual_runs(text, right_to_left))


@given(text=st.text(alphabet=MIXED, min_size=1, max_size=40), right_to_left=st.booleans())
@settings(max_examples=400)
def test_a_mixed_line_is_ordered_as_unicodes_algorithm_orders_it(
    text: str, right_to_left: bool
) -> None:
    """Compared with python-bidi, a full implementation of Unicode's algorithm."""
    expected = get_display(text, base_dir="R" if right_to_left else "L")
    assert drawn_order(text, right_to_left) == expected


ISOLATES = "\u2066\u2067\u2068\u2069"


#: MIXED without its brackets: python-bidi (the unicode-bidi crate) pairs brackets after
#: an isolate by what the isolate holds ("aخ" LRI "x" PDI "[7]": left to right; with
#: nothing in the isolate: right to left), which UAX #9 forbids (an isolate is one
#: neutral to the text around it: see the test after this one).
UNBRACKETED = "".join(c for c in MIXED if c not in "()[]{}（）")


@given(
    text=st.text(alphabet=UNBRACKETED + ISOLATES * 3, min_size=1, max_size=40),
    rtl=st.booleans(),
)
@settings(max_examples=400)
def test_a_line_with_isolates_is_ordered_as_unicodes_algorithm_orders_it(
    text: str, rtl: bool
) -> None:
    """Isolates (open or closed, nested, unmatched) too; their controls are never drawn."""
    expected = get_display(text, base_dir="R" if rtl else "L")
    assert drawn_order(text, rtl) == "".join(c for c in expected if c not in ISOLATES)


@given(
    before=st.text(alphabet=MIXED, max_size=12),
    inside=st.lists(st.text(alphabet=MIXED, max_size=8), min_size=2, max_size=2),
    after=st.text(alphabet=MIXED, max_size=12),
    opener=st.sampled_from(ISOLATES[:3]),
    rtl=st.booleans(),
)
@settings(max_examples=300)
def test_what_an_isolate_holds_never_moves_the_text_around_it(
    before: str, inside: list[str], after: str, opener: str, rtl: bool
) -> None:
    """UAX #9's isolates (BD13, X5a-X5c): the text around one is laid out as if it held
    nothing, brackets and numbers included (its own levels apart)."""
    from sensory_games.domain.bidi import levels

    laid_out = []
    for held in ("", *inside):
        line = before + opener + held + "\u2069" + after
        at = levels(line, rtl)
        laid_out.append(at[: len(before) + 1] + at[len(before) + 1 + len(held) :])
    assert laid_out[1] == laid_out[0] == laid_out[2]


def test_isolate_controls_take_no_room_on_screen() -> None:
    """Never drawn, not even as a space (as other control characters are)."""
    from sensory_games.ui.text import measure, text_surface

    path = "/media/usb-stick/exports"
    assert measure(f"\u2066{path}\u2069", 30) == measure(path, 30)
    line = "غير موجود"
    assert measure(f"\u2066{path}\u2069 {line}", 30)[0] <= measure(f"{path} {line}", 30)[0] + 2
    assert text_surface("\u2066", 30, (0, 0, 0), True).get_width() == 0 == measure("", 30)[0]


def test_a_path_in_an_arabic_sentence_keeps_its_leading_slash_first() -> None:
    """A path (always left to right) ends a clause of an Arabic sentence: on its own it
    gives its leading "/" to the Arabic around it, drawn at the path's right; isolated
    (as domain/sentence.py puts a path into a right-to-left sentence) it is one run."""
    plain = "لا يمكن الكتابة في /media/usb-stick: اختر"
    assert "media/usb-stick" in shown(plain, True)  # (the "/" gone to the Arabic run)
    isolated = "لا يمكن الكتابة في \u2066/media/usb-stick\u2069: اختر"
    assert shown(isolated, True) == [": اختر", "/media/usb-stick", "لا يمكن الكتابة في "]
    assert all(not set(ISOLATES) & set(piece) for piece, _ in drawn_pieces(isolated, True))


@pytest.mark.parametrize(
    ("line", "right_to_left", "expected"),
    [
        (  # (read from the right: one opening bracket, one closing, around the English)
            "تعذّر نقل export.csv إلى USB (Permission denied)؛ يبقى في مكانه",
            True,
            "هناكم يف ىقبي ؛USB (Permission denied) ىلإ export.csv لقن رّذعت",
        ),
        ("Mia (محمد) 3 attempts", False, "Mia (دمحم) 3 attempts"),
        ("محمد (Mia) ٣", True, "٣ )Mia( دمحم"),  # (right to left: mirrored when drawn)
        ("Mia [محمد] {1}", False, "Mia [دمحم] {1}"),
    ],
    ids=["english-in-arabic", "arabic-in-english", "latin-in-arabic", "square-and-curly"],
)
def test_both_brackets_of_a_pair_read_in_one_direction(
    line: str, right_to_left: bool, expected: str
) -> None:
    assert drawn_order(line, right_to_left) == expected


@pytest.mark.parametrize(
    ("line", "reader", "laid_out"),
    [
        ("يحب الفقاعات، ويخاف من الأصوات العالية.", False, True),  # (an Arabic note, en)
        ("3 محاولات", False, True),
        ("محمد: no plan", False, False),  # (mixed: the reader's direction)
        ("plan saved: long-morning: 1. bubbles;", True, False),  # (an English record, ar)
        ("الخطة: long-morning", True, True),
        ("2026-01-01 09:00:00", True, False),  # (the Audit page's date, before its record)
        ("محمد", None, None),
    ],
)
def test_a_line_with_no_letter_of_its_readers_direction_reads_its_own_way(
    line: str, reader: bool | None, laid_out: bool | None
) -> None:
    from sensory_games.domain.bidi import reading_direction

    assert reading_direction(line, reader) is laid_out


def test_an_arabic_note_in_an_english_line_keeps_its_full_stop_at_its_end() -> None:
    """One run read from the right, the full stop in it (drawn at its left end by the
    Arabic face), not a left-to-right line with the stop cut off to the right."""
    from sensory_games.domain.bidi import reading_direction

    note = "يحب الفقاعات."
    assert visual_runs(note, reading_direction(note, False)) == [(note, True)]
    assert visual_runs(note, False) != [(note, True)]


def test_an_english_record_with_an_isolated_arabic_alias_reads_from_the_left() -> None:
    """The Audit page's records are English (data): in an Arabic console, a record whose
    alias is Arabic reads from the left, its numbers and paths in order, the alias drawn
    whole in its place (engine/console/audit.py isolates it)."""
    from sensory_games.domain.bidi import isolated, reading_direction

    record = f"export [{isolated('ليلى')}]: 25 attempts exported to /media/usb"
    assert reading_direction(record, True) is False
    assert shown(record, False) == ["export [", "ليلى", "]: 25 attempts exported to /media/usb"]
    assert reading_direction("export [ليلى]: 25 attempts", True) is True  # (not isolated)
