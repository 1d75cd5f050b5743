"""Every theme has a glyph for every character of the three books (the sample, Pride and
Prejudice, the seed chapter): nothing falls back to a font the machine happens to have.

Read from the fonts' character maps (render/pdf/glyphs.py, warning P002), without laying
the books out; tests/test_theme_matrix.py builds and checks them whole.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from builder import pipeline
from builder.model import Book
from builder.render import themes
from builder.render.pdf import glyphs
from tests.conftest import ROOT, corpus_book


@pytest.fixture(scope="module")
def books() -> list[Book]:
    roots = [ROOT, corpus_book("pride-and-prejudice"), corpus_book("last-morning")]
    return [pipeline.transform(pipeline.read_book(root)) for root in roots]


@pytest.mark.parametrize("theme", themes.builtin_names())
def test_every_character_has_a_glyph(theme: str, books: list[Book]) -> None:
    for book in books:
        themed = replace(book, config=replace(book.config, theme=theme))
        assert glyphs.missing(themed) == [], (theme, book.config.title)
