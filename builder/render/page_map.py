"""Where the printed pages begin in the text, as the PDF and the EPUB both see it.

After layout, the first thing printed on each page is traced back to its block
(a paragraph, heading, list item...) and to how many characters into that
block the page starts (pdf/page_starts.py). The EPUB renderer draws the same
sections, so it can put a page-break marker at the same place and list the
pages in its navigation (epub/page_breaks.py): readers can then cite the
printed edition's pages from the ebook.

A place is (path, offset): the block's position below its section as element
indexes, and characters of the block's text before the page begins.
"""

from __future__ import annotations

Place = tuple[tuple[int, ...], int]
# Section id -> (page label, place) of every printed page that begins in it, in order.
PageMap = dict[str, list[tuple[str, Place]]]
# Elements a page can begin in, as far as the page list is concerned.
BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "pre", "figure", "hr"}
)
