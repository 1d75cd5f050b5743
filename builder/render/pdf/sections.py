"""The printed book's sections as XHTML trees, from the shared renderer.

Two things differ from the EPUB: footnotes are the renderer's print footnotes
(set at the foot of the page by WeasyPrint), and the contents lists page
numbers, either filled in by WeasyPrint (``target-counter``) or given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from builder.labels import label
from builder.model import Book, Chapter
from builder.print_settings import PrintSettings
from builder.render import matter
from builder.render.xhtml import Links, el, link_targets, render_chapter, sub

# The scheme of links to another piece, resolved when the pieces are put together: in a
# piece, WeasyPrint would drop a plain `#id` link whose id is in another piece.
ELSEWHERE = "book-dest:"


def _ref(target: str, elsewhere: bool) -> str:
    return (ELSEWHERE if elsewhere else "#") + target


def links(
    book: Book,
    pieces: bool = False,
    here: str | None = None,
    targets: Callable[[str, str], Chapter | None] | None = None,
) -> Links:
    """Links as the PDF needs them: `#id` in one document; laid out in PIECES, `#id` only
    inside the chapter named HERE and `book-dest:id` out of it. TARGETS: the book's
    link_targets, when the caller has them (finding them reads every chapter)."""
    target = targets or link_targets(book)

    def chapter_href(source: str, fragment: str) -> str | None:
        chapter = target(source, fragment)
        if chapter is None:
            return None
        return _ref(fragment or chapter.name, pieces and chapter.name != here)

    return Links(chapter_href, lambda path: path)


def contents(
    book: Book, numbers: Mapping[str, str] | None = None, pieces: bool = False
) -> etree._Element:
    """The table of contents; NUMBERS (id -> page label) are written in when known."""
    section = el("section", {"class": "contents", "id": "contents", "role": "doc-toc"})
    sub(section, "h1", None, label(book.config.language, "contents"))
    items = sub(section, "ol")

    def entry(holder: etree._Element, target: str, title: str, kind: str = "") -> None:
        attrs = {"href": _ref(target, pieces)}
        if numbers is not None and target in numbers and kind != "part":
            attrs["data-page"] = numbers[target]
        sub(sub(holder, "li", {"class": kind} if kind else None), "a", attrs, title)

    for part in book.parts:
        holder = items
        if part.title:
            entry(items, part.name, part.title, "part")
            holder = sub(items[-1], "ol")
        for chapter in part.chapters:
            entry(holder, chapter.name, chapter.title_text)
    if book.gathered_notes:
        entry(items, "authors-notes", label(book.config.language, "authors-notes"))
    return section


def front_sections(
    book: Book,
    settings: PrintSettings,
    numbers: Mapping[str, str] | None = None,
    pieces: bool = False,
) -> list[etree._Element]:
    """Half-title, title page, copyright, dedication, epigraph, contents (and a digital cover).

    PIECES: the front matter is laid out apart from the chapters it links to.
    """
    config, book_links = book.config, links(book, pieces)
    sections = []
    if settings.target == "digital" and config.cover:
        sections.append(matter.cover(config, config.cover))
    half = el("section", {"class": "half-title"})
    sub(half, "h1", None, config.title)
    sections += [half, matter.title_page(config), matter.copyright_page(config)]
    for kind in ("dedication", "epigraph"):
        if getattr(book, kind):
            sections.append(matter.front_section(book, kind, book_links))
    sections.append(contents(book, numbers, pieces))
    return sections


@dataclass(frozen=True)
class BodyUnit:
    """A run of pages that opens on a right-hand page: a part page, a chapter, the notes."""

    name: str  # the id of its section, also its anchor
    section: etree._Element


def body_units(book: Book, pieces: bool = False) -> Iterator[BodyUnit]:
    """Part pages, chapters (with print footnotes) and gathered notes, in order.

    PIECES: each unit is laid out on its own, so links out of it are `book-dest:` links.
    """
    level = 2 if any(part.title for part in book.parts) else 1
    targets = link_targets(book)
    for part in book.parts:
        if part.title:
            yield BodyUnit(part.name, matter.part_page(part))
        for chapter in part.chapters:
            chapter_links = links(book, pieces, chapter.name, targets)
            section = render_chapter(chapter, chapter_links, level, "print")
            yield BodyUnit(chapter.name, section)
    if book.gathered_notes:
        notes = matter.gathered_notes(
            book, links(book, pieces, None, targets), _ref("{name}", pieces)
        )
        yield BodyUnit("authors-notes", notes)


def whole_body(book: Book, settings: PrintSettings) -> etree._Element:
    """Every section in one <body>, for laying the book out as a single document."""
    root = el("body")
    for section in front_sections(book, settings):
        root.append(section)
    for index, unit in enumerate(body_units(book)):
        if index == 0:
            # The first part or chapter starts the arabic page numbers (see print.css).
            unit.section.set("class", unit.section.get("class", "") + " first-body")
        root.append(unit.section)
    return root
