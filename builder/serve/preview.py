"""The preview's build: the book made as the EPUB makes it, kept in memory, not zipped.

Each build runs the stages `book build` runs (pipeline.load_config, read, assemble,
transform) and the EPUB packager's own render step, so the page shows the EPUB's XHTML and
CSS, not a second rendering. They share `book build`'s per-chapter cache (chapter_cache.py):
after an edit only the chapters whose file changed are read, transformed and rendered
again. A build that fails leaves the last good files in place and publishes its one-line
error beside them.
"""

from __future__ import annotations

import sys
import traceback
import warnings
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from builder import chapter_cache, pipeline
from builder.config import BookConfig
from builder.errors import BookError, BookWarning
from builder.render.epub import package as epub
from builder.serve.state import Board, Entry, File

XHTML_TYPE = "application/xhtml+xml"
# Folders a book keeps its files in by convention, watched even before book.yaml names any.
CONVENTIONAL = ("manuscript", "images", "styles")


class Preview:
    """Builds the book in ROOT and publishes each result on BOARD (with DEBUG, a failed
    build's traceback goes to the terminal too)."""

    def __init__(self, root: Path, board: Board, debug: bool = False) -> None:
        self.root = root
        self.board = board
        self.debug = debug
        self.rebuilt: dict[str, list[str]] = {}  # what the last build made afresh, by stage
        self.sources: set[str] = set()  # book-relative files the last good build read
        self._config: BookConfig | None = None  # the last good build's
        self._warned: set[str] = set()

    def rebuild(self, only_edits: bool = False) -> bool:
        """Build and publish; True if the preview's files changed (the PDF is then stale).

        ONLY_EDITS: the change only edited files (none came or went, book.yaml is as it
        was), so the last good build's config, and its lists of files, still hold."""
        kept = self._config if only_edits else None
        try:
            with warnings.catch_warnings(record=True) as notices:
                warnings.simplefilter("always", BookWarning)
                config, rendered, files = self._render(kept or pipeline.load_config(self.root))
        except Exception as error:  # every failure is shown in the page; the server goes on
            if self.debug:
                traceback.print_exc()
            self._config = None
            self.board.publish(error=describe(error))
            return False
        self._config = config
        self._show_notices(notices)
        old = self.board.snapshot
        contents = _contents(rendered.docs)
        changed = files != old.files or contents != old.contents or config.title != old.title
        self.sources = _sources(config, rendered)
        self.board.publish(
            build=old.build + 1 if changed else old.build,
            title=config.title,
            files=files,
            contents=contents,
            error=None,
            pdf_name=f"{config.output}.pdf",
        )
        return changed

    def _render(self, config: BookConfig) -> tuple[BookConfig, epub.Rendered, Mapping[str, File]]:
        cache = chapter_cache.ChapterCache(config.root)
        reading = pipeline.read(config, cache)
        book = pipeline.transform(pipeline.assemble(reading), cache=cache)
        rendered = epub.render(book, None, cache)
        files = _files(rendered)  # the new chapters' documents go into the cache here
        cache.prune(chapter_cache.LAYERS)
        self.rebuilt = cache.rebuilt
        return config, rendered, files

    def _show_notices(self, notices: list[warnings.WarningMessage]) -> None:
        """Each warning once on the terminal, not again on every build that repeats it."""
        lines = {str(notice.message) for notice in notices}
        for line in sorted(lines - self._warned):
            print(line, file=sys.stderr)
        self._warned = lines

    def folders(self) -> frozenset[Path]:
        """The folders to watch: the book's, the conventional ones, and every source's own."""
        found = {self.root}
        found.update(self.root / name for name in CONVENTIONAL)
        found.update((self.root / source).parent for source in self.sources)
        return frozenset(path for path in found if path.is_dir())


def describe(error: Exception) -> str:
    """The one line the page shows, as `book build` would print it."""
    if isinstance(error, BookError):
        return str(error)
    if isinstance(error, OSError):
        place = f": {error.filename}" if error.filename else ""
        return f"error: {error.strerror or error}{place}"
    if isinstance(error, RecursionError):
        return "error: the book is nested too deeply to build (quotes, lists or styles)"
    return (
        f"error: the builder failed unexpectedly ({type(error).__name__}: {error}); "
        "run `book build --debug` and report it"
    )


def _files(rendered: epub.Rendered) -> Mapping[str, File]:
    """Every file of the preview, by its path inside the EPUB (text/, styles/, media/)."""
    documents = rendered.documents()
    files = {
        f"{epub.TEXT_DIR}/{doc.name}.xhtml": File.of(XHTML_TYPE, data) for doc, data in documents
    }
    for sheet in rendered.sheets:
        files[f"styles/{sheet.name}"] = File.of("text/css", sheet.data)
    for item in rendered.theme_files(data for _, data in documents):
        files[item.file_name] = File.of(item.media_type, item.content)
    images = rendered.images
    for path, name in images.names.items():
        files[name] = File.of(images.types[path], images.data[path])
    return files


def _contents(docs: list[epub._Doc]) -> tuple[Entry, ...]:
    """The EPUB's table of contents, as the entries beside the preview."""
    return tuple(
        Entry(doc.title, f"{epub.TEXT_DIR}/{doc.name}.xhtml", _contents(doc.children))
        for doc in docs
        if doc.toc
    )


def _sources(config: BookConfig, rendered: epub.Rendered) -> set[str]:
    """Book-relative paths of the files the build read: manuscript, styles, pictures."""
    paths = {*pipeline.manuscript_files(config), *config.styles, *rendered.images.names}
    return {path for path in paths if ".." not in PurePosixPath(path).parts}
