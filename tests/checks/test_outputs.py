"""EPUBCheck on dist/'s EPUB, its messages traced back to the author's files.

These run the real EPUBCheck (a JVM start each), so there are only a few of them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from builder import config, pipeline, sources
from builder.checks import epubcheck, runner
from builder.checks.outputs import _trace
from builder.errors import Location
from builder.model import Book
from tests.conftest import ROOT


class TestEpubCheck:
    def test_problem_traced_to_the_authors_css(self, write_book: Callable[..., Path]) -> None:
        """An EPUBCheck error in the author's stylesheet is E001 at that file's line."""
        css = 'p {\n  color: red;\n}\n\n@import url("other.css");\n'
        root = write_book("styles: [styles/mine.css]\n", {"manuscript/01.md": "# One\n\nText.\n",
                                                          "styles/mine.css": css})  # fmt: skip
        report = runner.check(root)  # no dist/ yet: the check builds it
        (finding,) = report.findings
        assert (finding.code, finding.file, finding.line, finding.column) == (
            "E001", "styles/mine.css", 5, 9
        )  # fmt: skip
        assert finding.message.startswith("EPUBCheck RSC-007 in EPUB/styles/user-1.css:5: ")
        assert report.epubcheck == "1 problem(s)"
        assert (root / "dist" / "clean-book.epub").is_file()

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


def tamper(epub: Path, name: str, old: bytes, new: bytes) -> None:
    """Rewrite one file inside EPUB (the mimetype stays first and stored, as EPUB wants)."""
    with zipfile.ZipFile(epub) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(epub, "w") as archive:
        for info, data in entries:
            archive.writestr(info, data.replace(old, new) if info.filename == name else data)


class TestDistFiles:
    def test_check_validates_the_built_epub(self, write_book: Callable[..., Path]) -> None:
        """After `book build`, check validates dist/'s EPUB itself: a tampered one fails."""
        root = write_book()
        epub, pdf = pipeline.build(root)
        report = runner.check(root, pdf=True)
        assert (report.findings, report.epubcheck, report.pdf) == ([], "no problems", "no problems")
        tamper(epub, "EPUB/text/chapter-001.xhtml", b"</body>", b"<blink>x</blink></body>")
        tampered = {path: path.stat().st_mtime_ns for path in (epub, pdf)}
        report = runner.check(root, pdf=True)
        assert [(f.code, f.file) for f in report.findings] == [("E001", "manuscript/01.md")]
        assert "blink" in report.findings[0].message
        assert {path: path.stat().st_mtime_ns for path in (epub, pdf)} == tampered  # not rebuilt

    def test_stale_epub_is_built_again(self, write_book: Callable[..., Path]) -> None:
        """An EPUB built from another source is rebuilt into dist/ before it is validated."""
        root = write_book()
        (epub,) = pipeline.build(root, ("epub",))
        tamper(epub, "EPUB/text/chapter-001.xhtml", b"</body>", b"<blink>x</blink></body>")
        (root / "manuscript" / "01.md").write_text("# One\n\nOther text.\n")
        report = runner.check(root)
        assert (report.findings, report.epubcheck) == ([], "no problems")
        assert b"Other text." in zipfile.ZipFile(epub).read("EPUB/text/chapter-001.xhtml")


class TestOneReading:
    def test_book_yaml_loaded_and_chapters_read_once(
        self, write_book: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """One check (building dist/ and validating it) loads book.yaml once, reads each
        chapter once."""
        chapters = {"manuscript/01.md": "# One\n\nText.\n", "manuscript/02.txt": "Two\n\nMore.\n"}
        root = write_book(files=chapters)
        loads: list[Path] = []
        reads: list[str] = []
        real_load, real_read = config.load, sources.read_bytes

        def load(where: Path) -> config.BookConfig:
            loads.append(where)
            return real_load(where)

        def read_bytes(where: Path, relative: str, location: Location) -> bytes:
            reads.append(relative)
            return real_read(where, relative, location)

        monkeypatch.setattr(config, "load", load)
        monkeypatch.setattr(sources, "read_bytes", read_bytes)
        report = runner.check(root, pdf=True)
        assert (report.epubcheck, report.pdf) == ("no problems", "no problems")
        assert (root / "dist" / "clean-book.epub").is_file()
        assert len(loads) == 1
        assert sorted(path for path in reads if path in chapters) == sorted(chapters)


@pytest.fixture(scope="module")
def book() -> Book:
    """The sample book, read as the build reads it."""
    return pipeline.read_book(ROOT)


def names(book: Book) -> dict[str, str]:
    return {chapter.name: chapter.source for chapter in book.chapters()}


class TestTrace:
    def test_chapter_to_its_source(self, book: Book) -> None:
        """A message in EPUB/text/chapter-002.xhtml belongs to the second manuscript file."""
        message = epubcheck.Message("ERROR", "RSC-005", "bad", "EPUB/text/chapter-002.xhtml", 7, 3)
        finding = _trace(message, book.config, names(book))
        assert (finding.code, finding.severity, finding.file, finding.line) == (
            "E001", "error", "manuscript/02-the-keepers-letter.md", None
        )  # fmt: skip
        assert finding.message == "EPUBCheck RSC-005 in EPUB/text/chapter-002.xhtml:7: bad"

    def test_front_matter_to_book_yaml(self, book: Book) -> None:
        """The title page, the package and the navigation come from book.yaml."""
        for path in ("EPUB/text/title-page.xhtml", "EPUB/content.opf", "EPUB/text/nav.xhtml"):
            message = epubcheck.Message("WARNING", "OPF-085", "w", path)
            finding = _trace(message, book.config, names(book))
            assert (finding.code, finding.severity, finding.file) == (
                "E002",
                "warning",
                "book.yaml",
            )
