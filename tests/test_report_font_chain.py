"""The report draws with only the fonts its words need: the Noto faces (and DejaVu Sans
for symbols) that draw one of its characters, in the same fallback order, so every
character comes from the face it would with the whole chain; a text whose character
comes from a later face is shaped faster with fewer faces before it."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.text import Text

from sensory_games.services.report import layout, lettering


def drawn_by(text: str, chain: tuple[str, ...]) -> list[str]:
    """The font file each glyph of `text` is drawn from with the families `chain` (as
    matplotlib lays it out to draw it)."""
    from matplotlib import _text_helpers

    font = get_font(fontManager._find_fonts_by_props(FontProperties(family=list(chain))))
    font.set_size(10, 72)
    return [glyph.ft_object.fname for glyph in _text_helpers.layout(text, font)]


def test_only_the_families_that_draw_a_character_in_the_whole_chains_order() -> None:
    everything = lettering.families()
    assert lettering.drawing_families(["Sam", "12.5 s"]) == ("Noto Sans",)
    assert lettering.drawing_families(["level 2→3"]) == ("Noto Sans", lettering.SYMBOLS)
    assert lettering.drawing_families(["ნინო", "דניאל", "山田"]) == (
        "Noto Sans",
        "Noto Sans Hebrew",
        "Noto Sans Georgian",
        "Noto Sans SC",
    )
    assert lettering.drawing_families([]) == ("Noto Sans",)  # (the first: the metrics)
    mixed = ["محمد דניאל → Nguyễn ნი 김 山田"]
    chain = lettering.drawing_families(mixed)
    assert set(chain) < set(everything) and list(chain) == sorted(chain, key=everything.index)


@pytest.mark.parametrize("text", ["level 2→3", "Sam · محمد – דניאל", "ნინო 김민준 山田花子 Nguyễn"])
def test_every_character_is_drawn_from_the_face_it_would_be_with_the_whole_chain(
    text: str,
) -> None:
    chain = lettering.drawing_families([text])
    assert drawn_by(text, chain) == drawn_by(text, lettering.families())


def test_use_families_puts_every_text_of_the_pages_in_the_chain() -> None:
    page = layout.new_page()
    ax = layout.axes(page, 1.0, 2.0)
    ax.set_xticks([1, 2], ["5 Mar", "level 1→2"])
    page.text(0.5, 0.5, "Sam")
    lettering.use_families([page], ("Noto Sans", lettering.SYMBOLS))
    texts = [*page.findobj(Text), *ax.get_xticklabels()]
    assert texts and all(t.get_fontfamily() == ["Noto Sans", lettering.SYMBOLS] for t in texts)
