"""The printed book's sections as XHTML trees, from the shared renderer.

Two things differ from the EPUB: each footnote moves to its reference (so that
WeasyPrint can set it at the foot of the page), and the contents lists page
numbers, either filled in by WeasyPrint (``target-counter``) or given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from builder.labels import label
from builder.model import Book
from builder.print_settings import PrintSettings
from builder.render import matter
from builder.render.xhtml import XHTML, Links, el, render_chapter, sub


def _x(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def links(book: Book) -> Links:
    names = {chapter.source: chapter.name for chapter in book.chapters()}

    def chapter_href(source: str, fragment: str) -> str | None:
        name = names.get(source)
        if name is None:
            return None
        return "#" + (fragment or name)

    return Links(chapter_href, lambda path: path)


def _footnotes_at_references(section: etree._Element) -> None:
    """Put each note's text where it is referenced, as a span WeasyPrint floats to the foot."""
    notes = {aside.get("id"): aside for aside in section.iter(_x("aside")) if aside.get("id")}
    for ref in list(section.iter(_x("a"))):
        if ref.get("class") != "noteref":
            continue
        aside = notes.pop((ref.get("href") or "#")[1:], None)
        if aside is None:  # a second reference to the same note stays a plain number
            continue
        span = el("span", {"class": "footnote"})
        for block in aside:
            for backlink in block.findall(_x("a")):
                if backlink.get("role") == "doc-backlink":
                    _drop_keeping_tail(backlink)
            block.tag = _x("span")
            block.set("class", "footnote-para")
            span.append(block)
        span.tail = ref.tail
        _parent(ref).replace(ref, span)
    for holder in section.findall(_x("section")):
        if holder.get("class") == "footnotes":
            section.remove(holder)


def _parent(node: etree._Element) -> etree._Element:
    parent = node.getparent()
    assert parent is not None, "a rendered element always has a parent here"
    return parent


def _drop_keeping_tail(node: etree._Element) -> None:
    parent = _parent(node)
    text = (node.tail or "").lstrip()
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def contents(book: Book, numbers: Mapping[str, str] | None = None) -> etree._Element:
    """The table of contents; NUMBERS (id -> page label) are written in when known."""
    section = el("section", {"class": "contents", "id": "contents", "role": "doc-toc"})
    sub(section, "h1", None, label(book.config.language, "contents"))
    items = sub(section, "ol")

    def entry(holder: etree._Element, target: str, title: str, kind: str = "") -> None:
        attrs = {"href": f"#{target}"}
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
    book: Book, settings: PrintSettings, numbers: Mapping[str, str] | None = None
) -> list[etree._Element]:
    """Half-title, title page, copyright, dedication, epigraph, contents (and a digital cover)."""
    config, book_links = book.config, links(book)
    sections = []
    if settings.target == "digital" and config.cover:
        sections.append(matter.cover(config, config.cover))
    half = el("section", {"class": "half-title"})
    sub(half, "h1", None, config.title)
    sections += [half, matter.title_page(config), matter.copyright_page(config)]
    for kind in ("dedication", "epigraph"):
        if getattr(book, kind):
            sections.append(matter.front_section(book, kind, book_links))
    sections.append(contents(book, numbers))
    return sections


@dataclass(frozen=True)
class BodyUnit:
    """A run of pages that opens on a right-hand page: a part page, a chapter, the notes."""

    name: str  # the id of its section, also its anchor
    section: etree._Element


def body_units(book: Book) -> Iterator[BodyUnit]:
    """Part pages, chapters (footnotes at their references) and gathered notes, in order."""
    book_links = links(book)
    level = 2 if any(part.title for part in book.parts) else 1
    for part in book.parts:
        if part.title:
            yield BodyUnit(part.name, matter.part_page(part))
        for chapter in part.chapters:
            section = render_chapter(chapter, book_links, level)
            _footnotes_at_references(section)
            yield BodyUnit(chapter.name, section)
    if book.gathered_notes:
        yield BodyUnit("authors-notes", matter.gathered_notes(book, book_links, "#{name}"))


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
