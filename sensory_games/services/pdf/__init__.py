"""A small PDF writer for the progress report (work in progress on this branch: nothing
uses it yet). Pages of vector lines, markers and text; text shaped by HarfBuzz
(uharfbuzz) and set in subsets of the Noto faces it uses, with a ToUnicode map so that
it can be searched and copied. Why: matplotlib takes 2-3 s for a 10-page report (0.5 s
of it importing itself), the issue asks for 1 s."""

from sensory_games.services.pdf.document import Document, Page

__all__ = ["Document", "Page"]
