"""Every theme builds the three books (the sample, Pride and Prejudice, the seed chapter)
clean: EPUBCheck 0 errors and 0 warnings, Ace no violation, the print preflight no finding
and the build no warning.

The sample and the seed chapter run in every suite (about 3.5 CPU-minutes for the six
themes, most of it Ace). Pride and Prejudice in every theme adds about seven CPU-minutes
(its PDF and Ace), over the suite's budget, so it runs when asked, with
BOOK_THEME_MATRIX=1 (before a release, and after a theme changes):

    BOOK_THEME_MATRIX=1 .venv/bin/pytest -n auto tests/test_theme_matrix.py

The default suite also checks each theme's glyphs against the text of all three books
(test_theme_books.py).
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

from builder import config, pipeline
from builder.checks import preflight
from builder.errors import BookWarning
from builder.render import themes
from builder.render.pdf import glyphs
from tests.conftest import assert_epubcheck_clean, copy_sample, corpus_book
from tests.test_accessibility import assert_no_violations

ON_REQUEST = pytest.mark.skipif(
    os.environ.get("BOOK_THEME_MATRIX") != "1", reason="set BOOK_THEME_MATRIX=1 to run"
)
BOOKS = ("sample", pytest.param("pride-and-prejudice", marks=ON_REQUEST), "last-morning")


def _book(name: str, target: Path) -> Path:
    if name == "sample":
        return copy_sample(target)
    shutil.copytree(corpus_book(name), target, ignore=shutil.ignore_patterns("dist", ".*"))
    return target


@pytest.mark.parametrize("book", BOOKS)
@pytest.mark.parametrize("theme", themes.builtin_names())
def test_builds_clean(theme: str, book: str, tmp_path: Path) -> None:
    root = _book(book, tmp_path / book)
    with (root / "book.yaml").open("a") as yaml:
        yaml.write(f"\ntheme: {theme}\n")
    with warnings.catch_warnings(record=True) as notices:
        warnings.simplefilter("always", BookWarning)
        epub, pdf = pipeline.build(root)
    assert [str(n.message) for n in notices if isinstance(n.message, BookWarning)] == []
    assert preflight.preflight(pdf, config.load(root)) == []
    assert glyphs.missing(pipeline.transform(pipeline.read_book(root))) == []
    assert_epubcheck_clean(epub)
    assert_no_violations(epub, tmp_path / "ace")
