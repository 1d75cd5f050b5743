"""The PDF packager: the same sections as the EPUB, in one document, laid out by WeasyPrint.

Steps: render every section with the shared XHTML renderer; move each
footnote to its reference (so WeasyPrint can set it at the foot of the page);
add a table of contents whose numbers WeasyPrint fills in with
``target-counter``; lay out with our print stylesheet and a geometry sheet
made from book.yaml; lay out again if the page count moves the book into
another gutter step; then write the PDF with page labels (roman front matter,
arabic body from 1) and reproducible metadata.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from builder.errors import BookError, Location
from builder.labels import label
from builder.model import Book
from builder.print_settings import BLEED_IN, PrintSettings, gutter_in
from builder.render import pages, styles
from builder.render.fetcher import BookFetcher, ResourceRefused
from builder.render.xhtml import XHTML, Links, document, el, render_chapter, sub

# Margins other than the gutter, in inches: generous enough for running heads and folios.
TOP_IN, BOTTOM_IN, OUTSIDE_IN = 0.8, 0.75, 0.6
# Added to KDP's minimum gutter so the text never runs into the fold.
GUTTER_EXTRA_IN = 0.2


@dataclass(frozen=True)
class Layout:
    """What a layout pass tells us: the page count and where the body starts."""

    pages: int
    first_body_page: int  # 0-based index of the page labelled 1


def _x(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def _links(book: Book) -> Links:
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


def _contents(book: Book) -> etree._Element:
    section = el("section", {"class": "contents", "id": "contents", "role": "doc-toc"})
    sub(section, "h1", None, label(book.config.language, "contents"))
    items = sub(section, "ol")
    for part in book.parts:
        holder = items
        if part.title:
            li = sub(items, "li", {"class": "part"})
            sub(li, "a", {"href": f"#{part.name}"}, part.title)
            holder = sub(li, "ol")
        for chapter in part.chapters:
            sub(sub(holder, "li"), "a", {"href": f"#{chapter.name}"}, chapter.title_text)
    if book.gathered_notes:
        notes = label(book.config.language, "authors-notes")
        sub(sub(items, "li"), "a", {"href": "#authors-notes"}, notes)
    return section


def body(book: Book, settings: PrintSettings) -> etree._Element:
    """All sections of the printed book, in order, inside one <body>."""
    config, links = book.config, _links(book)
    root = el("body")
    if settings.target == "digital" and config.cover:
        root.append(pages.cover(config, config.cover))
    half = sub(root, "section", {"class": "half-title"})
    sub(half, "h1", None, config.title)
    root.append(pages.title_page(config))
    root.append(pages.copyright_page(config))
    for kind in ("dedication", "epigraph"):
        if getattr(book, kind):
            root.append(pages.front_section(book, kind, links))
    root.append(_contents(book))
    level = 2 if any(part.title for part in book.parts) else 1
    first = True
    for part in book.parts:
        if part.title:
            section = pages.part_page(part)
            _mark_first(section, first)
            root.append(section)
            first = False
        for chapter in part.chapters:
            section = render_chapter(chapter, links, level)
            _footnotes_at_references(section)
            _mark_first(section, first)
            root.append(section)
            first = False
    if book.gathered_notes:
        root.append(pages.gathered_notes(book, links, "#{name}"))
    return root


def _mark_first(section: etree._Element, first: bool) -> None:
    """The first part or chapter starts the arabic page numbers (see print.css)."""
    if first:
        section.set("class", section.get("class", "") + " first-body")


def geometry_css(settings: PrintSettings, page_count: int) -> str:
    """Page size and margins from book.yaml; the gutter follows the page count."""
    inside = gutter_in(page_count) + GUTTER_EXTRA_IN
    if settings.target == "digital":
        inside = outside = (inside + OUTSIDE_IN) / 2
    else:
        outside = OUTSIDE_IN
    bleed = BLEED_IN if settings.bleed else 0
    marks = "crop cross" if settings.crop_marks else "none"
    # KDP wants print files without bookmarks; readers of a digital PDF want them.
    bookmarks = "" if settings.target == "digital" else "* { bookmark-level: none !important; }\n"
    return bookmarks + (
        f"@page {{ size: {settings.width_in:.4f}in {settings.height_in:.4f}in;"
        f" margin-top: {TOP_IN}in; margin-bottom: {BOTTOM_IN}in;"
        f" bleed: {bleed}in; marks: {marks}; }}\n"
        f"@page :left {{ margin-left: {outside:.4f}in; margin-right: {inside:.4f}in; }}\n"
        f"@page :right {{ margin-left: {inside:.4f}in; margin-right: {outside:.4f}in; }}\n"
    )


def _html_source(book: Book, settings: PrintSettings, when: datetime) -> str:
    root = body(book, settings)
    opening = f"opening-{settings.opening}"
    language = book.config.language
    xhtml = document(book.config.title, language, [], root, _meta(book, when), opening)
    return xhtml.decode()


def _meta(book: Book, when: datetime) -> dict[str, str]:
    config = book.config
    meta = {
        "author": ", ".join(config.authors),
        "generator": "book",
        "dcterms.created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dcterms.modified": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if config.description:
        meta["description"] = config.description
    if config.subjects:
        meta["keywords"] = ", ".join(config.subjects)
    return meta


def _layout(
    source: str, book: Book, settings: PrintSettings, page_count: int
) -> tuple[Any, Layout]:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = BookFetcher(book.config.root, styles.house_folder())
    # @font-face rules only take effect through a shared font configuration.
    fonts = FontConfiguration()
    house, book_url = styles.house_url(), _book_url(book)
    sheets = [
        CSS(string=data.decode(), base_url=house if index < 2 else book_url,
            url_fetcher=fetcher, font_config=fonts)
        for index, (_, data) in enumerate(styles.for_output(book, "print"))
    ]  # fmt: skip
    sheets.append(CSS(string=geometry_css(settings, page_count), font_config=fonts))
    html = HTML(string=source, base_url=book_url, url_fetcher=fetcher)
    rendered = html.render(stylesheets=sheets, font_config=fonts)
    first_body = _first_body_page(rendered, book)
    return rendered, Layout(len(rendered.pages), first_body)


def _book_url(book: Book) -> str:
    return book.config.root.resolve().as_uri() + "/"


def _first_body_page(rendered: Any, book: Book) -> int:
    first = next(iter(book.parts))
    anchor = first.name if first.title else first.chapters[0].name
    for index, page in enumerate(rendered.pages):
        if anchor in page.anchors:
            return int(index)
    return 0


def package(book: Book, when: datetime) -> bytes:
    """The finished PDF's bytes."""
    settings = book.config.print
    source = _html_source(book, settings, when)
    # The gutter depends on the page count, which depends on the text width: start from
    # an estimate and lay out again only if the count lands in another gutter step.
    guess = _estimate_pages(book, settings)
    for _ in range(4):
        try:
            rendered, layout = _layout(source, book, settings, guess)
        except ResourceRefused as refused:
            # WeasyPrint stops on it (it is a BaseException); tell the author in one line.
            raise BookError(str(refused), Location("book.yaml"), "P001") from None
        if gutter_in(layout.pages) == gutter_in(guess):
            break
        guess = layout.pages
    identifier = hashlib.sha256(source.encode()).hexdigest()[:32].encode()
    options: dict[str, Any] = {"pdf_identifier": identifier}
    if settings.variant != "none":
        options["pdf_variant"] = settings.variant
    finisher = _finisher(layout.first_body_page, links=settings.target == "digital")
    data: bytes = rendered.write_pdf(finisher=finisher, **options)
    return data


def _estimate_pages(book: Book, settings: PrintSettings) -> int:
    """A rough page count from the length of the text (about 300 words on a 6 × 9 page)."""
    from builder.model import iter_elements, plain_text

    words = sum(
        len(plain_text(node.children).split())
        for chapter in book.chapters()
        for node in iter_elements(chapter.blocks)
        if node.tag == "p"
    )
    area = settings.width_in * settings.height_in / (6 * 9)
    openings = 2 * sum(len(part.chapters) + 1 for part in book.parts)
    return int(words / (300 * area)) + openings + 10


def _finisher(first_body: int, links: bool) -> Any:
    """Page labels (roman front matter, arabic body from 1); no link annotations in print."""
    import pydyf

    def finish(document: Any, pdf: Any) -> None:
        numbers = pydyf.Array()
        if first_body > 0:
            numbers.extend([0, pydyf.Dictionary({"S": "/r"})])
        numbers.extend([first_body, pydyf.Dictionary({"S": "/D", "St": 1})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})
        if not links:
            # Print services reject files with annotations; links mean nothing on paper.
            for obj in pdf.objects:
                if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
                    obj.pop("Annots", None)

    return finish
