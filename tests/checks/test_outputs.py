"""EPUBCheck on the built EPUB, its messages traced back to the author's files.

These run the real EPUBCheck (a JVM start each), so there are only a few of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builder import pipeline
from builder.checks import epubcheck, runner
from builder.checks.outputs import _trace
from builder.model import Book
from tests.conftest import ROOT


class TestEpubCheck:
    def test_problem_traced_to_the_authors_css(self, write_book: Callable[..., Path]) -> None:
        """An EPUBCheck error in the author's stylesheet is E001 at that file's line."""
        css = 'p {\n  color: red;\n}\n\n@import url("other.css");\n'
        root = write_book("styles: [styles/mine.css]\n", {"manuscript/01.md": "# One\n\nText.\n",
                                                          "styles/mine.css": css})  # fmt: skip
        report = runner.check(root)
        (finding,) = report.findings
        assert (finding.code, finding.file, finding.line, finding.column) == (
            "E001", "styles/mine.css", 5, 9
        )  # fmt: skip
        assert finding.message.startswith("EPUBCheck RSC-007 in EPUB/styles/user-1.css:5: ")
        assert report.epubcheck == "1 problem(s)"
        assert not (root / "dist").exists()

    def test_java_missing_is_a_clear_warning(
        self, write_book: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Without Java the check says EPUBCheck could not run (E003), a warning."""
        root = write_book()
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        report = runner.check(root)
        assert [(f.code, f.severity) for f in report.findings] == [("E003", "warning")]
        assert "Java" in report.findings[0].message
        assert report.epubcheck == "not run: EPUBCheck is unavailable"

    def test_not_run_when_the_book_does_not_build(self, write_book: Callable[..., Path]) -> None:
        """A book the builder refuses is reported once, and EPUBCheck is not run."""
        root = write_book("check: [E002]\n", {"manuscript/01.md": "# One\n\n[x](#nowhere)\n"})
        report = runner.check(root)
        assert [f.code for f in report.findings] == ["S003"]
        assert report.epubcheck == "not run: the EPUB could not be built"


@pytest.fixture(scope="module")
def book() -> Book:
    """The sample book, read as the build reads it."""
    return pipeline.read_book(ROOT)


class TestTrace:
    def test_chapter_to_its_source(self, book: Book) -> None:
        """A message in EPUB/text/chapter-002.xhtml belongs to the second manuscript file."""
        message = epubcheck.Message("ERROR", "RSC-005", "bad", "EPUB/text/chapter-002.xhtml", 7, 3)
        finding = _trace(message, book)
        assert (finding.code, finding.severity, finding.file, finding.line) == (
            "E001", "error", "manuscript/02-the-keepers-letter.md", None
        )  # fmt: skip
        assert finding.message == "EPUBCheck RSC-005 in EPUB/text/chapter-002.xhtml:7: bad"

    def test_front_matter_to_book_yaml(self, book: Book) -> None:
        """The title page, the package and the navigation come from book.yaml."""
        for path in ("EPUB/text/title-page.xhtml", "EPUB/content.opf", "EPUB/text/nav.xhtml"):
            finding = _trace(epubcheck.Message("WARNING", "OPF-085", "w", path), book)
            assert (finding.code, finding.severity, finding.file) == (
                "E002",
                "warning",
                "book.yaml",
            )
