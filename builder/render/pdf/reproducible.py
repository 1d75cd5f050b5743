"""What keeps the PDF's bytes the same wherever, and whenever, the book is built.

Two things WeasyPrint writes would otherwise change from build to build:

- The name of every picture in the PDF is a hash of its URL. Given the book's
  real folder as the base URL, a book built in two folders gets two sets of
  names (and so two /IDs, which are hashes of the content). WeasyPrint sees the
  book folder and our styles under stand-in URLs instead, which the fetcher
  (fetcher.py) maps back to the real folders; no path of the author's machine
  reaches the PDF either.
- Without HarfBuzz's subsetter (``libharfbuzz-subset0`` on Debian, optional),
  WeasyPrint subsets fonts with fontTools, which stamps each subset with the
  time it is written unless SOURCE_DATE_EPOCH is set; so does its decoding of
  WOFF fonts in an author's stylesheet, whichever subsetter is there. The font
  date is a constant rather than the book's date: laid-out pieces are cached
  (pieces.py) across builds with any date.

(A third, the random XMP DocumentID WeasyPrint gives a PDF/X-4, is replaced in
single.py.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

BOOK_URL = "file:///book/"
HOUSE_URL = "file:///book-builder-styles/"

# fontTools reads SOURCE_DATE_EPOCH for the 'modified' date of the fonts it writes.
FONT_DATES = {"SOURCE_DATE_EPOCH": "0"}


@contextmanager
def font_dates() -> Iterator[None]:
    """Fixed font dates while WeasyPrint loads and writes fonts; the caller's afterwards.

    The build reads SOURCE_DATE_EPOCH for its own date (pipeline.py), so the
    variable is set only for as long as the layout takes.
    """
    saved = {name: os.environ.get(name) for name in FONT_DATES}
    os.environ.update(FONT_DATES)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
