"""Laying out the book in pieces: each part page, chapter and the front matter on its own.

Every piece opens on a right-hand page, so its layout does not depend on where
it lands in the book; only its folios do, and those are stamped on afterwards
(assemble.py). So pieces are laid out in parallel, one process per core,
and remembered in a cache keyed by their content: a rebuild after editing one
chapter lays out that chapter and the contents again, nothing else.

Pieces that need laying out go to the workers in batches, each batch one
WeasyPrint document: writing a PDF has a fixed cost (fonts, objects) that
would otherwise be paid once per chapter. The cache keeps each batch's PDF
and, per piece, where its pages are in it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from builder import limits
from builder.errors import BookError, Location
from builder.model import Book
from builder.output import write_atomically
from builder.render import styles
from builder.render.pdf import reproducible, style
from builder.render.pdf.page_starts import Tracer
from builder.render.xhtml import XHTML, document, el

# Pieces per batch. A batch is a run of this many pieces at fixed places in the book,
# so that which pieces share a document (and so the PDF's font objects) never depends
# on the cache or the number of cores: a rebuild gives the bytes of a cold build. Small
# enough that an edit lays out few chapters again, large enough that the fixed cost of
# writing each batch's PDF (fonts, objects) stays small.
BATCH_PIECES = 8


@dataclass(frozen=True)
class Piece:
    """Sections to lay out together, starting on a right-hand page."""

    name: str
    xml: str  # the serialized sections, in a <body>
    owned: frozenset[str]  # ids whose destination this piece provides
    resources: str = ""  # a hash of the images it shows: part of its cache key


# Where a page begins: (page within the piece, section id, block path, characters in).
PageStart = tuple[int, str, list[int], int]


@dataclass(frozen=True)
class LaidOut:
    """Where a laid-out piece's pages are: a batch PDF in the cache, from page FIRST."""

    batch: Path
    first: int
    pages: int
    anchors: dict[str, int]  # id -> page (relative to FIRST) where it first appears
    starts: list[PageStart]  # where each page begins in the text (see page_map.py)


def piece(name: str, sections: Sequence[etree._Element], root: Path | None = None) -> Piece:
    """A piece for SECTIONS, rendered with links to other pieces as ``book-dest:`` URLs
    (sections.py), which the assembly turns into links to the book's named destinations."""
    holder = el("body")
    for section in sections:
        holder.append(section)
    owned = frozenset(node.get("id", "") for node in holder.iter() if node.get("id"))
    xml = etree.tostring(holder, encoding="unicode")
    return Piece(name, xml, owned, _resources(holder, root))


def _resources(holder: etree._Element, root: Path | None) -> str:
    """A hash of the images a piece shows, so replacing a picture lays the piece out again."""
    sources = sorted({img.get("src", "") for img in holder.iter(f"{{{XHTML}}}img")})
    if root is None or not sources:
        return ""
    digest = hashlib.sha256()
    for src in sources:
        path = root / src
        digest.update(src.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()


def running_heads_css(book: Book) -> str:
    """Heads written into each piece; folios are left to the stamps."""
    return style.filled(
        "pdf-running-heads.css", author=style.string(", ".join(book.config.authors))
    )


class LayoutRefused(Exception):
    """A resource the book may not use; raised in a worker, reported by the build."""


class _Failures(logging.Handler):
    """WeasyPrint's errors (a picture or stylesheet it could not load), kept for the build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# --- one layout worker per core ------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(
    sheets: list[tuple[str, str]], roots: list[str], shell: tuple[str, str, str]
) -> None:
    """Parse the stylesheets and load the fonts once per worker process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from builder.render.pdf.fetcher import BookFetcher, ResourceRefused

    # A worker lives for one layout: its fonts keep fixed dates for all of it.
    os.environ.update(reproducible.FONT_DATES)
    fetcher = BookFetcher(*map(Path, roots))
    fonts = FontConfiguration()
    try:
        parsed = [
            CSS(string=css, base_url=base, url_fetcher=fetcher, font_config=fonts)
            for css, base in sheets
        ]
    except ResourceRefused as refused:
        # Raised here it would break the pool; every batch reports it instead.
        _WORKER.update(refused=str(refused))
        return
    _WORKER.update(
        fetcher=fetcher,
        fonts=fonts,
        base_url=reproducible.BOOK_URL,
        shell=shell,
        sheets=parsed,
    )


Batch = list[tuple[str, frozenset[str], str]]
BatchResult = tuple[bytes, list[tuple[int, int, dict[str, int], list[PageStart]]]]


def _lay_out_batch(batch: Batch) -> BatchResult:
    """Lay out pieces as one document; return its PDF and each piece's pages in it."""
    from weasyprint import HTML

    from builder.render.pdf.fetcher import ResourceRefused

    if "refused" in _WORKER:
        raise LayoutRefused(_WORKER["refused"])
    html = _batch_document(batch)
    source = HTML(string=html, base_url=_WORKER["base_url"], url_fetcher=_WORKER["fetcher"])
    failures = _Failures()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(failures)
    try:
        rendered = source.render(stylesheets=_WORKER["sheets"], font_config=_WORKER["fonts"])
    except ResourceRefused as refused:
        # A BaseException would take the worker pool down with it; carry the message over.
        raise LayoutRefused(str(refused)) from None
    finally:
        logger.removeHandler(failures)
    if failures.messages:
        # WeasyPrint leaves out what it could not load; a book must not lose a picture.
        raise LayoutRefused(failures.messages[0])
    firsts: dict[str, int] = {}
    for index, page in enumerate(rendered.pages):
        for name in page.anchors:
            firsts.setdefault(name, index)
    blank = [page._page_box.page_type.blank for page in rendered.pages]
    places = []
    # The first piece starts the document; the others start where their first id is
    # (a part's or chapter's own section id, on its opening page).
    starts = [0] + [min(firsts[n] for n in owned if n in firsts) for _, owned, _ in batch[1:]]
    tracer = Tracer(source.etree_element)
    for number, (_, owned, name) in enumerate(batch):
        start = starts[number]
        end = starts[number + 1] if number + 1 < len(batch) else len(rendered.pages)
        while end - 1 > start and blank[end - 1]:  # the blank left page before the next
            end -= 1
        anchors = {n: firsts[n] - start for n in owned if n in firsts}
        page_starts = []
        for index in range(start, end):
            found = tracer.place(rendered.pages[index], {name})
            if found is not None:
                section, (path, offset) = found
                page_starts.append((index - start, section, list(path), offset))
        places.append((start, end - start, anchors, page_starts))
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return rendered.write_pdf(pdf_identifier=identifier), places


class Cache:
    """Laid-out batches on disk, and per piece (named by a hash of everything that shaped
    it) where its pages are."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.used: set[str] = set()
        self.laid_out: list[str] = []  # the pieces not found here, laid out this build

    def keys(self, pieces: Sequence[Piece]) -> list[str]:
        """Each piece's key: what shaped it and the pieces laid out with it (its batch)."""
        own = [
            hashlib.sha256(f"{self.fingerprint}\n{p.resources}\n{p.xml}".encode()).hexdigest()
            for p in pieces
        ]
        keys: list[str] = []
        for batch in _batches(len(pieces)):
            together = "\n".join(own[i] for i in batch)
            keys.extend(hashlib.sha256(f"{together}\n{i}".encode()).hexdigest() for i in batch)
        return keys

    def get(self, key: str) -> LaidOut | None:
        info = self.folder / f"{key}.json"
        if not info.is_file():
            return None
        meta = json.loads(info.read_text())
        batch = self.folder / meta["batch"]
        if not batch.is_file():
            return None
        self.used.update((info.name, batch.name))
        return LaidOut(batch, meta["first"], meta["pages"], meta["anchors"], meta["starts"])

    def put_batch(self, data: bytes) -> Path:
        path = self.folder / f"batch-{hashlib.sha256(data).hexdigest()[:32]}.pdf"
        self.used.add(path.name)
        return write_atomically(path, data)

    def put(self, key: str, laid: LaidOut) -> None:
        info = self.folder / f"{key}.json"
        self.used.add(info.name)
        meta = {"batch": laid.batch.name, "first": laid.first, "pages": laid.pages,
                "anchors": laid.anchors, "starts": laid.starts}  # fmt: skip
        write_atomically(info, json.dumps(meta).encode())

    def prune(self) -> None:
        """Forget what this build did not use, so the cache does not grow forever."""
        for path in self.folder.glob("*"):
            if path.name not in self.used and path.suffix in (".pdf", ".json"):
                path.unlink(missing_ok=True)


def lay_out(
    book: Book,
    pieces: Sequence[Piece],
    stylesheets: list[tuple[str, str]],
    cache: Cache,
    progress: Callable[[int], None] = lambda done: None,
) -> list[LaidOut]:
    """Lay out every piece (from the cache where possible), in parallel, in order."""
    keys = cache.keys(pieces)
    results: list[LaidOut | None] = [cache.get(key) for key in keys]
    todo = [i for i, result in enumerate(results) if result is None]
    cache.laid_out.extend(pieces[i].name for i in todo)
    progress(len(pieces) - len(todo))
    if todo:
        # A batch's pieces are found or missed together (their keys hold each other's); a
        # batch with any piece missing is laid out whole, as in a cold build.
        batches = [b for b in _batches(len(pieces)) if any(results[i] is None for i in b)]
        workers = min(len(batches), os.cpu_count() or 1)
        start = (stylesheets, _roots(book), _shell(book))
        jobs = [
            [(pieces[i].xml, pieces[i].owned, pieces[i].name) for i in batch] for batch in batches
        ]
        try:
            for batch, (data, places) in zip(batches, _run(jobs, workers, start), strict=True):
                path = cache.put_batch(data)
                for index, (first, count, anchors, starts) in zip(batch, places, strict=True):
                    laid = LaidOut(path, first, count, anchors, starts)
                    cache.put(keys[index], laid)
                    results[index] = laid
                progress(len(batch))
        except LayoutRefused as refused:
            raise BookError(str(refused), _styles_location(book), "P001") from None
        except RecursionError:
            message = "the text or the stylesheets nest too deeply to lay out"
            raise BookError(message, Location("book.yaml"), "P004") from None
        except ArithmeticError as error:
            message = f"the layout failed ({error}); a value in the stylesheets is out of range"
            raise BookError(message, _styles_location(book), "P004") from None
    return [result for result in results if result is not None]


def _styles_location(book: Book) -> Location:
    """Where a layout problem most likely comes from: the author's one stylesheet."""
    styles_ = book.config.styles
    return Location(styles_[0]) if len(styles_) == 1 else Location("book.yaml")


def _roots(book: Book) -> list[str]:
    return [str(book.config.root), str(styles.house_folder())]


def _shell(book: Book) -> tuple[str, str, str]:
    """What the document around a batch's sections needs: title, language, classes."""
    classes = f"opening-{book.config.print.opening} pieces"
    return book.config.title, book.config.language, classes


def _batch_document(batch: Batch) -> str:
    """A batch's pieces as one document: their sections parsed into one body."""
    title, language, classes = _WORKER["shell"]
    body = el("body")
    # Our own markup: a paragraph of over 10 MB is no attack to refuse.
    parser = etree.XMLParser(huge_tree=True)
    for xml, _, _ in batch:
        body.extend(etree.fromstring(xml, parser))
    return document(title, language, [], body, None, classes).decode()


def _batches(count: int) -> list[list[int]]:
    """The indexes of COUNT pieces in runs of BATCH_PIECES."""
    return [list(range(i, min(i + BATCH_PIECES, count))) for i in range(0, count, BATCH_PIECES)]


def _run(jobs: list[Batch], workers: int, start: tuple[Any, ...]) -> Iterator[BatchResult]:
    # Even one batch goes to a worker process: only there can its memory be capped.
    return limits.bounded_map(_lay_out_batch, jobs, workers, _start_worker, start)
