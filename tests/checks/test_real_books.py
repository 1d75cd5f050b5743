"""The real books check with no error, and only the warnings they deserve.

The corpus books are read where they are (../shared/corpus), never copied into the
repository. Each expected warning is listed with why it is right, so a rule that starts
firing on real prose shows up here.
"""

from __future__ import annotations

from pathlib import Path

from builder.checks import runner
from tests.conftest import copy_sample, corpus_book


def findings(root: Path, epubcheck: bool = False) -> list[tuple[str, str]]:
    report = runner.check(root, epubcheck=epubcheck)
    assert report.errors == 0, [f.where() + " " + f.message for f in report.findings]
    return [(f.code, f.file) for f in report.findings]


class TestRealBooks:
    def test_last_morning(self) -> None:
        """The fan-fiction chapter: only the store metadata its placeholder book.yaml lacks."""
        # B004, B005: its book.yaml has a placeholder title and author and nothing else.
        assert findings(corpus_book("last-morning")) == [
            ("B004", "book.yaml"),
            ("B005", "book.yaml"),
        ]

    def test_pride_and_prejudice(self) -> None:
        """Austen's 61 chapters, curly quotes, letters in blockquotes: nothing to report."""
        assert findings(corpus_book("pride-and-prejudice")) == []

    def test_sample_book_with_epubcheck(self, tmp_path: Path) -> None:
        """The repository's own sample book, EPUBCheck included: nothing to report."""
        # A copy: the check builds the EPUB into the book's dist/.
        assert findings(copy_sample(tmp_path / "sample"), epubcheck=True) == []
