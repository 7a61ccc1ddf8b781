"""The progress report's own PDF writer: pages of vector lines, markers and text; text
shaped by HarfBuzz (uharfbuzz, the `report` extra) and set in subsets of the Noto faces
it uses, with a ToUnicode map so that it can be searched and copied. Each page keeps
what it drew as plain data (:mod:`sensory_games.domain.page_shapes`): ui/page_pixels.py
draws it again for a PNG.

Why our own: matplotlib took 2-3 s for a 10-page report (0.5 s of it importing itself);
this writer lays out and writes one in a few tenths of a second."""

from sensory_games.services.pdf.document import Document, Page

__all__ = ["Document", "Page"]
