"""The PDF packager: the same sections as the EPUB, laid out by WeasyPrint for print.

The book is laid out in pieces (layout.py): every part page and chapter on
its own, in parallel and through a cache, then the front matter, whose
contents now know the page numbers; assemble.py joins them, inserting
blank left pages, stamping folios and writing page labels. PDF/A and PDF/X
need WeasyPrint's whole-document writer, so they take the one-document path
(single.py).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from builder import chapter_cache, limits
from builder.errors import BookWarning, Location
from builder.model import Book
from builder.output import write_atomically
from builder.print_settings import PrintSettings, gutter_in
from builder.render.page_map import PageMap
from builder.render.pdf import assemble, glyphs, reproducible, single, style
from builder.render.pdf import pieces as layout
from builder.render.pdf import sections as print_sections

CACHE = ("dist", ".cache", "pdf")


def package(book: Book, when: datetime, laid_out: list[str] | None = None) -> tuple[bytes, PageMap]:
    """The finished PDF's bytes, and where its pages begin (for the EPUB's page list).

    LAID_OUT, if given, gets the names of the pieces laid out afresh (not from the cache)."""
    settings = book.config.print
    limits.check_paragraphs(book)  # before the workers start: minutes of layout otherwise
    _warn_missing_glyphs(book)
    if settings.variant != "none":
        # In a worker process too, so that the one-document layout is bounded as well.
        (result,) = limits.bounded_map(_single, [(book, when)], 1, _nothing)
        return result
    return _in_pieces(book, settings, when, laid_out if laid_out is not None else [])


def _single(job: tuple[Book, datetime]) -> tuple[bytes, PageMap]:
    with reproducible.font_dates():
        return single.package(*job)


def _nothing() -> None:
    pass


def _warn_missing_glyphs(book: Book) -> None:
    import warnings

    by_file: dict[str, list[tuple[str, Location]]] = {}
    for char, where in glyphs.missing(book):
        by_file.setdefault(where.file, []).append((char, where))
    for found in by_file.values():
        chars = " ".join(char for char, _ in found[:12]) + (" …" if len(found) > 12 else "")
        message = f"not in the book typeface (another font, or an empty box, stands in): {chars}"
        warnings.warn(BookWarning(message, found[0][1], "P002"), stacklevel=2)


def _starts(pieces: Sequence[layout.LaidOut], recto: bool) -> tuple[list[int], int]:
    """Where each piece starts within the body (counting blank left pages), and the total."""
    position, starts = 0, []
    for laid in pieces:
        if recto and position % 2 == 1:
            position += 1
        starts.append(position)
        position += laid.pages
    return starts, position


def _in_pieces(
    book: Book, settings: PrintSettings, when: datetime, laid_out: list[str]
) -> tuple[bytes, PageMap]:
    units = list(print_sections.body_units(book, pieces=True))
    root = book.config.root
    pieces = [layout.piece(unit.name, [unit.section], root) for unit in units]
    folder = book.config.root.joinpath(*CACHE)
    # The builder's own source too: a changed builder must not reuse an older one's pages.
    extra = f"{settings!r}\n{chapter_cache.builder_fingerprint()}"
    cache = layout.Cache(folder, style.fingerprint(book, extra))
    recto = settings.target == "print"
    guess = style.estimate_pages(book, settings)
    with _progress(len(pieces) + 1) as advance:
        # The gutter follows the page count, which follows the text width: lay out again
        # only if the count lands in another step of KDP's table.
        for _ in range(3):
            geometry = style.Geometry.of(settings, guess)
            sheets = [
                *style.stylesheets(book),
                (layout.running_heads_css(book), ""),
                (geometry.css(settings), ""),
            ]
            body = layout.lay_out(book, pieces, sheets, cache, advance)
            starts, body_pages = _starts(body, recto)
            numbers = {unit.name: str(start + 1) for unit, start in zip(units, starts, strict=True)}
            front_sections = print_sections.front_sections(book, settings, numbers, pieces=True)
            front_piece = layout.piece("front", front_sections, root)
            (front,) = layout.lay_out(book, [front_piece], sheets, cache)
            front_pages = front.pages + (front.pages % 2 if recto else 0)
            if gutter_in(front_pages + body_pages) == gutter_in(guess):
                break
            guess = front_pages + body_pages
        advance(1)
    laid_out.extend(cache.laid_out)
    body_pairs = list(zip(pieces, body, strict=True))
    result = _assemble(book, settings, geometry, (front_piece, front), body_pairs, when, cache)
    cache.prune()
    return result


def _assemble(
    book: Book,
    settings: PrintSettings,
    geometry: style.Geometry,
    front: tuple[layout.Piece, layout.LaidOut],
    body: list[tuple[layout.Piece, layout.LaidOut]],
    when: datetime,
    cache: layout.Cache,
) -> tuple[bytes, PageMap]:
    recto = settings.target == "print"
    assembly = assemble.Assembly(settings, geometry)
    front_piece, front_laid = front
    assembly.add(front_laid, front_piece.owned, recto=False)
    if recto and front_laid.pages % 2 == 1:
        assembly.blank()
    front_pages = len(assembly.out.pages)
    contents_page = front_laid.anchors.get("contents", front_laid.pages)
    folios: list[tuple[int, str]] = [
        (index, assemble.roman(index + 1)) for index in range(contents_page, front_laid.pages)
    ]
    page_map: PageMap = {}
    for (piece, laid), unit_kind in zip(body, _kinds(book), strict=True):
        placed = assembly.add(laid, piece.owned, recto=recto)
        for index, section, path, offset in laid.starts:
            label = str(placed.start + index - front_pages + 1)
            page_map.setdefault(section, []).append((label, (tuple(path), offset)))
        if unit_kind == "part":
            continue
        # No folio on the opening page; the rest of the piece is numbered from the body's 1.
        for index in range(placed.start + 1, placed.start + placed.pages):
            folios.append((index, str(index - front_pages + 1)))
    strings = sorted({text for _, text in folios if not text.isdigit()}) + list("0123456789")
    stamps = _stamp_sheet(book, settings, strings, cache)
    assembly.load_stamps(stamps)
    for index, text in folios:
        assembly.stamp(index, text, stamps)
    return assembly.finish(book, front_pages, when), page_map


def _stamp_sheet(
    book: Book, settings: PrintSettings, strings: list[str], cache: layout.Cache
) -> assemble.Stamps:
    """The folios' glyphs, laid out once per typeface, page size and set of strings."""
    text = json.dumps([cache.fingerprint, book.config.language, strings])
    name = f"stamps-{hashlib.sha256(text.encode()).hexdigest()}"
    pdf, info = cache.folder / f"{name}.pdf", cache.folder / f"{name}.json"
    if pdf.is_file() and info.is_file():
        cache.used.update((pdf.name, info.name))
        widths = json.loads(info.read_text())
        return assemble.Stamps(pdf.read_bytes(), tuple(strings), tuple(widths))
    stamps = assemble.stamp_sheet(book, settings, strings)
    write_atomically(pdf, stamps.pdf)
    write_atomically(info, json.dumps(stamps.widths).encode())
    cache.used.update((pdf.name, info.name))
    return stamps


def _kinds(book: Book) -> list[str]:
    kinds = []
    for part in book.parts:
        if part.title:
            kinds.append("part")
        kinds.extend("chapter" for _ in part.chapters)
    if book.gathered_notes:
        kinds.append("notes")
    return kinds


class _progress:
    """A Rich progress bar on a terminal; silence elsewhere (CI logs, tests)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not sys.stderr.isatty():
            return lambda done: None
        from rich.progress import Progress

        bar = self.bar = Progress(transient=True)
        bar.__enter__()
        task = bar.add_task("Laying out pages", total=self.total)
        return lambda done: bar.advance(task, done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
