"""The report's letters: the Noto fonts for every shipped script, and text shaped right to
left where matplotlib cannot do it itself.

An alias may be written in any script (山田花子, محمد, דניאל, अर्जुन, ნინო, Nguyễn), and the
whole report may be in Arabic or Chinese. matplotlib's own DejaVu Sans has none of Han,
Arabic shaping or Georgian, so the report draws with the Noto fonts that pygame_gui
installs (:mod:`sensory_games.domain.font_files`), given to matplotlib as a family list:
for each character the first font that has it draws it (font fallback, matplotlib 3.6+).
The PDF embeds the fonts it uses (Type 42: the TrueType outlines of the glyphs used).

Shaping (joined Arabic letters, Devanagari conjuncts) and right-to-left order: matplotlib
3.11 and later lay text out with libraqm, which shapes and orders every script. An older
matplotlib (the newest for Python 3.10 is 3.10) lays glyphs out one by one, left to
right: there, Arabic is turned into its presentation forms (arabic-reshaper) and
Arabic and Hebrew lines into display order (python-bidi) before matplotlib draws them;
Devanagari is then drawn unshaped (its letters, without conjuncts: nothing in pure Python
shapes it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache

from matplotlib.figure import Figure
from matplotlib.table import Table
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, Formatter, FuncFormatter

from sensory_games.domain.font_files import face_files, face_path

#: After the Noto fonts, matplotlib's own font (a broken install without pygame_gui's).
LAST_RESORT = "DejaVu Sans"


@cache
def families() -> tuple[str, ...]:
    """The font families the report draws in, in fallback order: Noto Sans, then the
    Noto font of each other script (registered with matplotlib once, regular and bold)."""
    from matplotlib import font_manager

    names: list[str] = []
    for file in face_files():
        path = face_path(file)
        if path is None:
            continue
        font_manager.fontManager.addfont(str(path))
        names.append(font_manager.FontProperties(fname=str(path)).get_name())
    return (*dict.fromkeys(names), LAST_RESORT)


def matplotlib_shapes() -> bool:
    """Whether this matplotlib shapes and orders text itself (built with libraqm: 3.11+)."""
    from matplotlib import ft2font

    return hasattr(ft2font, "__libraqm_version__")


def right_to_left(text: str) -> bool:
    """Whether `text` has a letter written right to left (Arabic, Hebrew...)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def display_order(text: str) -> str:
    """`text` as a matplotlib without libraqm must be given it: each line's Arabic in its
    joined presentation forms and every line in the order it is seen, left to right
    (unchanged without right-to-left letters)."""
    if not right_to_left(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def shape_pages(pages: list[Figure]) -> None:
    """Every text of `pages` (titles, notes, labels, legends, table cells, tick labels)
    put in display order, when this matplotlib cannot do it (see the module's doc)."""
    if matplotlib_shapes():
        return
    for fig in pages:
        cells = [c.get_text() for table in fig.findobj(Table) for c in table.get_celld().values()]
        for text in [*fig.findobj(Text), *cells]:
            text.set_text(display_order(text.get_text()))
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                labelled = axis.get_major_formatter()  # (tick labels given as text)
                if isinstance(labelled, FixedFormatter | FuncFormatter):
                    axis.set_major_formatter(FuncFormatter(_in_display_order(labelled)))


def _in_display_order(formatter: Formatter) -> Callable[[float, int | None], str]:
    """`formatter`'s labels put in display order (see :func:`display_order`)."""
    return lambda x, pos=None: display_order(formatter(x, pos))
