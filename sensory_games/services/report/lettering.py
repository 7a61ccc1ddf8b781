"""The report's letters: the Noto fonts for every shipped script, and text shaped right to
left where matplotlib cannot do it itself.

An alias may be written in any script (山田花子, محمد, דניאל, अर्जुन, ნინო, Nguyễn), and the
whole report may be in Arabic or Chinese. matplotlib's own DejaVu Sans has none of Han,
Arabic shaping or Georgian, so the report draws with the Noto fonts that pygame_gui
installs (:mod:`sensory_games.domain.font_files`), given to matplotlib as a family list:
for each character the first font that has it draws it (font fallback, matplotlib 3.6+):
Noto Sans, the Arabic, Hebrew and Georgian faces, matplotlib's DejaVu Sans for symbols
they lack (→), then the Chinese, Japanese and Korean faces (after the others, so that
Chinese is never drawn in a Korean face's forms).

The PDF embeds the glyphs it uses as Type 42 fonts (TrueType outlines: text a reader can
search and copy). The Chinese and Japanese faces are CFF-flavoured OpenType (.otf), which
matplotlib writes into a PDF as if they were TrueType: poppler copes, MuPDF draws nothing.
A report that needs one of them (Chinese words, an alias in Han or kana) therefore embeds
its fonts as Type 3 instead (outlines drawn by the PDF itself: shown everywhere, not
searchable): :func:`pdf_font_type`. The glyphs are embedded without the font's layout
tables (:func:`lean_subsets`): a PDF places every glyph itself and never reads them.

Shaping (joined Arabic letters, Devanagari conjuncts) and right-to-left order: matplotlib
3.11 and later lay text out with libraqm, which shapes and orders every script. An older
matplotlib (the newest for Python 3.10 is 3.10) lays glyphs out one by one, left to
right: there, Arabic is turned into its presentation forms (arabic-reshaper) and
Arabic and Hebrew lines into display order (python-bidi) before matplotlib draws them;
Devanagari is then drawn unshaped (its letters, without conjuncts: nothing in pure Python
shapes it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.table import Table
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, Formatter, FuncFormatter

from sensory_games.domain.bidi import has_left_to_right_letter, has_right_to_left_letter
from sensory_games.domain.font_files import FACES, face_path

#: matplotlib's own font: symbols the Noto faces of the alphabets lack (→), and every
#: alphabet in a broken install without pygame_gui's fonts.
SYMBOLS = "DejaVu Sans"

#: Scripts whose faces come last (ISO 15924): Han and kana, Hangul.
CJK = frozenset({"Hani", "Hang"})


@cache
def _faces() -> tuple[tuple[str, Path], ...]:
    """(family name, regular file) of each face in fallback order, registered with
    matplotlib once (regular and bold)."""
    import matplotlib
    from matplotlib import font_manager

    symbols = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    alphabets = [f for f in FACES if f.script not in CJK]
    found: dict[str, Path] = {}
    for face in [*alphabets, None, *(f for f in FACES if f.script in CJK)]:
        if face is None:
            found.setdefault(SYMBOLS, symbols)
            continue
        for file in (face.file, face.bold_file):
            path = face_path(file)
            if path is not None:
                font_manager.fontManager.addfont(str(path))
        path = face_path(face.file)
        if path is not None:
            found.setdefault(font_manager.FontProperties(fname=str(path)).get_name(), path)
    return tuple(found.items())


@cache
def families() -> tuple[str, ...]:
    """The font families the report draws in, in fallback order (see the module's doc)."""
    return tuple(name for name, _ in _faces())


@cache
def _characters(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(str(path)).get_charmap())


def _drawing_faces(texts: Iterable[str]) -> set[tuple[str, Path]]:
    """The faces (:func:`_faces`) that draw a character of `texts`: for each character the
    first face that has it."""
    faces = _faces()
    used: set[tuple[str, Path]] = set()
    for char in {c for text in texts for c in text if c.isprintable() and not c.isspace()}:
        drawn_by = next((face for face in faces if ord(char) in _characters(face[1])), None)
        if drawn_by is not None:
            used.add(drawn_by)
    return used


def pdf_font_type(texts: Iterable[str]) -> int:
    """42 (TrueType) unless a character of `texts` is drawn from a CFF face (.otf: Han,
    kana), which matplotlib embeds correctly only as Type 3 (see the module's doc)."""
    return _font_type(_drawing_faces(texts))


def _font_type(drawing: Iterable[tuple[str, Path]]) -> int:
    """:func:`pdf_font_type` of the faces that draw the texts."""
    return 3 if any(path.suffix.lower() == ".otf" for _, path in drawing) else 42


#: An OpenType font's tables for shaping (substitutions, positions and their glyph classes):
#: read from the font file when text is laid out, never from a font embedded in a PDF.
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")


@contextmanager
def lean_subsets() -> Iterator[None]:
    """While inside: every font fontTools loads to subset (matplotlib's Type 42 glyphs in a
    PDF) is subset without :data:`LAYOUT_TABLES`. The same glyphs, outlines, widths and
    hinting, drawn in the same places; about 0.15 s less per face embedded (reading
    those tables is most of a subset's time: Noto Sans' are large) and a smaller file."""
    from fontTools import subset

    load = subset.load_font

    def load_without_layout(*args: Any, **kwargs: Any) -> Any:
        font = load(*args, **kwargs)
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        return font

    subset.load_font = load_without_layout
    try:
        yield
    finally:
        subset.load_font = load


def drawing_families(texts: Iterable[str]) -> tuple[str, ...]:
    """The report's families (:func:`families`, in order) that draw a character of `texts`:
    for each character the first face that has it, as with them all. A shorter chain
    draws the same glyphs faster: a text with a character from a later face (the arrow of
    "level 2→3", from DejaVu Sans) is shaped about 0.3 ms slower for every face before
    it (a chart page has dozens)."""
    return _chain(_drawing_faces(texts))


def _chain(drawing: Iterable[tuple[str, Path]]) -> tuple[str, ...]:
    """:func:`drawing_families` of the faces that draw the texts."""
    used = {name for name, _ in drawing} | {_faces()[0][0]}  # (the first: the metrics)
    return tuple(name for name, _ in _faces() if name in used)


@dataclass(frozen=True)
class Lettering:
    """How a report's pages are lettered: the font families that draw them (in fallback
    order) and the PDF font type (:func:`pdf_font_type`)."""

    chain: tuple[str, ...]
    pdf_font_type: int


def letter_pages(pages: Sequence[Figure], reader_right_to_left: bool = False) -> Lettering:
    """Every text of `pages` (tick labels and table cells too) put in the families that
    draw the pages' texts (:func:`drawing_families`), and, where matplotlib shapes text
    itself, each line that mixes directions laid out in the report's language's
    (`reader_right_to_left`: in_reading_direction), in one walk over the pages' artists
    (walking a page of charts costs ~10 ms); returns those families and the PDF font
    type the texts need."""
    artists = _text_artists(pages)
    drawing = _drawing_faces(text.get_text() for text in artists)
    chain = _chain(drawing)
    shaped_here = matplotlib_shapes()  # (else shape_pages put the texts in order already)
    for text in artists:
        text.set_fontfamily(list(chain))
        if shaped_here:
            text.set_text(in_reading_direction(text.get_text(), reader_right_to_left))
    return Lettering(chain, _font_type(drawing))


def use_families(pages: Iterable[Figure], chain: Sequence[str]) -> None:
    """Every text of `pages` (tick labels and table cells too) drawn in the families of
    `chain` (:func:`drawing_families` of the pages' texts)."""
    for text in _text_artists(pages):
        text.set_fontfamily(list(chain))


def page_texts(pages: Iterable[Figure]) -> list[str]:
    """Every text drawn on `pages`: titles, notes, labels, legends, tick labels, table
    cells."""
    return [text for text in (t.get_text() for t in _text_artists(pages)) if text]


def _text_artists(pages: Iterable[Figure]) -> list[Text]:
    """Every Text of `pages`: their artists' (tick labels with their text as drawn) and
    the table cells'."""
    found: list[Text] = []
    for fig in pages:
        for ax in fig.axes:  # (a tick label's text is set when its axis updates its ticks)
            ax.get_xticklabels()
            ax.get_yticklabels()
        found += [*fig.findobj(Text), *_cells(fig)]
    return found


def _cells(fig: Figure) -> list[Text]:
    """The texts of every table cell of `fig` (a table's cells are not its children)."""
    return [cell.get_text() for table in fig.findobj(Table) for cell in table.get_celld().values()]


def matplotlib_shapes() -> bool:
    """Whether this matplotlib shapes and orders text itself: from 3.11 its wheels are built
    with libraqm (complex scripts, bidirectional text)."""
    import matplotlib

    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 11)


#: Whether a text has a letter written right to left (Arabic, Hebrew...).
right_to_left = has_right_to_left_letter


def display_order(text: str, reader_right_to_left: bool | None = None) -> str:
    """`text` as a matplotlib without libraqm must be given it: each line's Arabic in its
    joined presentation forms and every line in the order it is seen, left to right
    (unchanged without right-to-left letters), a line that mixes directions in its
    reader's (in_reading_direction), given."""
    if not right_to_left(text):
        return text
    import arabic_reshaper  # type: ignore[import-untyped]
    from bidi import get_display  # type: ignore[import-untyped]

    if reader_right_to_left is not None:
        text = in_reading_direction(text, reader_right_to_left)
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


#: Zero-width marks that start a line in a direction (Unicode's LRM and RLM).
LEFT_TO_RIGHT_MARK, RIGHT_TO_LEFT_MARK = "\u200e", "\u200f"


def in_reading_direction(text: str, reader_right_to_left: bool) -> str:
    """`text` with each of its lines that mixes the two directions started by the mark of
    its reader's (`reader_right_to_left`: the report's language's): an English line that
    begins with an Arabic alias ("ليلى played 25 times...") reads from the left, an Arabic
    one that begins with a Latin alias from the right. Without it each line took the
    direction of its first letter, and the English sentence was laid out backwards. A
    line of one direction is left as it is (a name alone reads its own way)."""
    if not (has_right_to_left_letter(text) and has_left_to_right_letter(text)):
        return text
    mark = RIGHT_TO_LEFT_MARK if reader_right_to_left else LEFT_TO_RIGHT_MARK
    return "\n".join(mark + line if _mixed(line) else line for line in text.split("\n"))


def _mixed(line: str) -> bool:
    """Whether `line` has letters of both directions and no mark before them yet."""
    return (
        not line.startswith((LEFT_TO_RIGHT_MARK, RIGHT_TO_LEFT_MARK))
        and has_right_to_left_letter(line)
        and has_left_to_right_letter(line)
    )


def shape_pages(pages: list[Figure], reader_right_to_left: bool) -> None:
    """Every text of `pages` (titles, notes, labels, legends, table cells, tick labels)
    put in display order, when this matplotlib cannot do it (see the module's doc), each
    line that mixes directions in the report's language's (`reader_right_to_left`)."""
    if matplotlib_shapes():
        return
    for fig in pages:
        for text in [*fig.findobj(Text), *_cells(fig)]:
            text.set_text(display_order(text.get_text(), reader_right_to_left))
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                labelled = axis.get_major_formatter()  # (tick labels given as text)
                if isinstance(labelled, FixedFormatter | FuncFormatter):
                    axis.set_major_formatter(FuncFormatter(_in_display_order(labelled)))


def _in_display_order(formatter: Formatter) -> Callable[[float, int | None], str]:
    """`formatter`'s labels put in display order (see :func:`display_order`)."""

    def label(x: float, pos: int | None = None) -> str:
        return display_order(formatter(x, pos))

    return label
