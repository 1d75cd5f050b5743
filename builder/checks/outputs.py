"""Checks on what the builder makes: the EPUB through EPUBCheck, its findings traced back.

The EPUB is built with the real pipeline into a temporary folder (never into the book's
dist/), then EPUBCheck runs on it in a worker thread: the JVM takes seconds to start, and
the manuscript rules run meanwhile. EPUBCheck's places are inside the EPUB; each is traced
to the source it came from: a chapter's XHTML to its manuscript file, the author's CSS to
itself, everything else (title page, package, navigation) to book.yaml.

The PDF preflight (fonts embedded, trim size, page count) belongs here too, beside the EPUB
one, once the PDF packager offers it: a class like EpubCheckRun, with codes P0xx.
"""

from __future__ import annotations

import os
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from builder.checks import epubcheck
from builder.checks.findings import ERROR, WARNING, Finding
from builder.config import CONFIG_FILE
from builder.errors import BookError
from builder.model import Book

_CHAPTER = re.compile(r"(?:^|/)text/(chapter-\d+)\.xhtml$")
_USER_STYLE = re.compile(r"(?:^|/)styles/user-(\d+)\.css$")


def _trace(message: epubcheck.Message, book: Book) -> Finding:
    """EPUBCheck's message as a finding in the author's source."""
    # E001: EPUBCheck errors make stores refuse the file. E002: its warnings are problems
    # some reading systems show.
    code, severity = ("E002", WARNING) if message.severity == "WARNING" else ("E001", ERROR)
    inside = ":".join(str(p) for p in (message.path, message.line) if p is not None)
    text = (
        f"EPUBCheck {message.code}" + (f" in {inside}" if inside else "") + f": {message.message}"
    )
    path = message.path or ""
    chapter = _CHAPTER.search(path)
    if chapter:
        names = {c.name: c.source for c in book.chapters()}
        if chapter.group(1) in names:
            return Finding(code, severity, text, names[chapter.group(1)])
    style = _USER_STYLE.search(path)
    if style and int(style.group(1)) <= len(book.config.styles):
        source = book.config.styles[int(style.group(1)) - 1]
        return Finding(code, severity, text, source, message.line, message.column)
    return Finding(code, severity, text, CONFIG_FILE)


class EpubCheckRun:
    """Build the EPUB now, validate it in the background, collect findings later."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.status = "not run"
        self.ran = False  # whether EPUBCheck gave a report
        self.refused: list[BookError] = []  # why the EPUB could not be built
        self.book: Book | None = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.pool: ThreadPoolExecutor | None = None
        self.pending: Future[list[epubcheck.Message]] | None = None

    def __enter__(self) -> EpubCheckRun:
        from builder import pipeline
        from builder.render.epub import package as epub

        try:
            book = pipeline.transform(pipeline.read_book(self.root))
            data = epub.package(book, pipeline.build_time(book.config, os.environ))
        except BookError as error:
            self.status = "not run: the EPUB could not be built"
            self.refused.append(error)
            return self
        self.book = book
        self.folder = tempfile.TemporaryDirectory(prefix="book-check-")
        path = Path(self.folder.name) / f"{book.config.output}.epub"
        path.write_bytes(data)
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending = self.pool.submit(epubcheck.validate, path)
        return self

    def findings(self) -> list[Finding]:
        """Wait for EPUBCheck and return its problems as findings (or why it did not run)."""
        if self.pending is None or self.book is None:
            return []
        try:
            messages = self.pending.result()
        except epubcheck.EpubCheckUnavailable as error:
            self.status = "not run: EPUBCheck is unavailable"
            # E003: the EPUB was not validated; say so rather than pass silently.
            message = f"EPUBCheck could not run: {error} (or use --no-epubcheck)"
            return [Finding("E003", WARNING, message, CONFIG_FILE)]
        problems = [m for m in messages if m.severity in epubcheck.PROBLEMS]
        self.ran = True
        self.status = f"{len(problems)} problem(s)" if problems else "no problems"
        return [_trace(message, self.book) for message in problems]

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.folder is not None:
            self.folder.cleanup()
