"""The whole book as one WeasyPrint document: the simple way, and the benchmark's baseline.

Used for PDF/A and PDF/X, whose structures WeasyPrint writes for a whole
document. WeasyPrint fills in the contents' numbers (``target-counter``), the
folios (page counters) and the running heads itself.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from builder.errors import BookError, Location
from builder.model import Book
from builder.print_settings import PrintSettings, gutter_in
from builder.render import themes
from builder.render.page_map import PageMap
from builder.render.pdf import reproducible, style
from builder.render.pdf import sections as print_sections
from builder.render.pdf.fetcher import ResourceRefused
from builder.render.pdf.page_starts import Tracer
from builder.render.xhtml import document

XMP_MM = "http://ns.adobe.com/xap/1.0/mm/"


def html_source(book: Book, settings: PrintSettings, when: datetime) -> str:
    root = print_sections.whole_body(book, settings)
    meta = style.meta(book, when)
    classes = f"opening-{themes.opening(book.config)} single"
    return document(book.config.title, book.config.language, [], root, meta, classes).decode()


def render(book: Book, source: str, settings: PrintSettings, page_count: int) -> tuple[Any, Any]:
    """Lay SOURCE out with the geometry for PAGE_COUNT pages: WeasyPrint's Document and tree."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from builder.render.pdf import first_letter

    first_letter.patch()  # drop caps clear of their first line (WeasyPrint #1859)
    fetcher = style.make_fetcher(book)
    fonts = FontConfiguration()  # @font-face rules only work through a shared one
    sheets = [
        CSS(string=css, base_url=base, url_fetcher=fetcher, font_config=fonts)
        for css, base in style.stylesheets(book)
    ]
    geometry = style.Geometry.of(settings, page_count)
    sheets.append(CSS(string=geometry.css(settings), font_config=fonts))
    html = HTML(string=source, base_url=reproducible.BOOK_URL, url_fetcher=fetcher)
    try:
        return html.render(stylesheets=sheets, font_config=fonts), html.etree_element
    except ResourceRefused as refused:
        # WeasyPrint stops on it (it is a BaseException); tell the author in one line.
        raise BookError(str(refused), Location("book.yaml"), "P001") from None


def _first_body_page(rendered: Any, book: Book) -> int:
    first = book.parts[0]
    anchor = first.name if first.title else first.chapters[0].name
    for index, page in enumerate(rendered.pages):
        if anchor in page.anchors:
            return index
    return 0


def package(book: Book, when: datetime) -> tuple[bytes, PageMap]:
    """The PDF laid out as one document, and where its body pages begin."""
    settings = book.config.print
    source = html_source(book, settings, when)
    # The gutter depends on the page count, which depends on the text width: start from
    # an estimate and lay out again only if the count lands in another gutter step.
    guess = style.estimate_pages(book, settings)
    for _ in range(4):
        rendered, root = render(book, source, settings, guess)
        if gutter_in(len(rendered.pages)) == gutter_in(guess):
            break
        guess = len(rendered.pages)
    identifier = hashlib.sha256(source.encode()).hexdigest()[:32]
    options: dict[str, Any] = {"pdf_identifier": identifier.encode()}
    if settings.variant != "none":
        options["pdf_variant"] = settings.variant
    first_body = _first_body_page(rendered, book)
    finisher = _finisher(first_body, links=settings.target == "digital", identifier=identifier)
    data: bytes = rendered.write_pdf(finisher=finisher, **options)
    return data, _page_map(book, rendered, root, first_body)


def _page_map(book: Book, rendered: Any, root: Any, first_body: int) -> PageMap:
    sections = {unit.name for unit in print_sections.body_units(book)}
    tracer = Tracer(root)
    page_map: PageMap = {}
    for index in range(first_body, len(rendered.pages)):
        found = tracer.place(rendered.pages[index], sections)
        if found is not None:
            section, place = found
            page_map.setdefault(section, []).append((str(index - first_body + 1), place))
    return page_map


def _finisher(first_body: int, links: bool, identifier: str) -> Any:
    """Page labels (roman front matter, arabic body from 1); no link annotations in print;
    the XMP DocumentID that PDF/X-4 needs from the source, not at random."""
    import pydyf

    def finish(document: Any, pdf: Any) -> None:
        _document_id(pdf, identifier)
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


def _document_id(pdf: Any, identifier: str) -> None:
    """WeasyPrint gives a PDF/X-4 a random xmpMM:DocumentID, so no two builds would match."""
    import uuid

    import pydyf
    from lxml import etree

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
            root = etree.fromstring(b"".join(obj.stream))
            for node in root.iter(f"{{{XMP_MM}}}DocumentID"):
                node.text = f"xmp.did:{uuid.UUID(identifier)}"
            obj.stream = [etree.tostring(root.getroottree())]
