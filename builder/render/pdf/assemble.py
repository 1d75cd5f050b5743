"""Putting the laid-out pieces together into one PDF with pikepdf.

Blank left pages go in so that every piece opens on a right-hand page; folios
are stamped on from a small sheet of glyphs laid out once (digits, and the
roman numbers of the front matter); page labels, named destinations, the
outline and the metadata are written for the whole book.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from builder.model import Book
from builder.print_settings import PrintSettings
from builder.render.pdf import reproducible, style
from builder.render.pdf.pieces import LaidOut
from builder.render.pdf.sections import ELSEWHERE
from builder.render.xhtml import document, el, sub

STAMP_PREFIX = "/BookStamp"


def roman(number: int) -> str:
    """Lower-case roman numerals, as page labels show them."""
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


@dataclass(frozen=True)
class Stamps:
    """One page per glyph string, drawn where a folio goes (at the left edge), and widths."""

    pdf: bytes
    strings: tuple[str, ...]
    widths: tuple[float, ...]  # points


def stamp_sheet(book: Book, settings: PrintSettings, strings: Sequence[str]) -> Stamps:
    """Lay out each string as a folio would be set, one per page, and measure it."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    geometry = style.Geometry.of(settings, 1)
    top = geometry.height - style.BOTTOM_IN * 72 + style.FOLIO_GAP_PT
    body = el("body")
    for index, text in enumerate(strings):
        holder = sub(body, "section", {"class": "stamp-page"})
        sub(holder, "span", {"class": "stamp", "id": f"s{index}"}, text)
    source = document("stamps", book.config.language, [], body).decode()
    css = style.filled(
        "pdf-stamps.css",
        width=style.length(geometry.width, "pt"),
        height=style.length(geometry.height, "pt"),
        bleed=style.length(geometry.bleed, "pt"),
        top=style.length(top, "pt"),
        size=style.length(style.folio_size(settings), "pt"),
    )
    fonts = FontConfiguration()
    fetcher = style.make_fetcher(book)
    with reproducible.font_dates():
        # print.css and the theme's sheets for their @font-face rules and the book typeface.
        sheets = [
            CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=fonts)
            for text, base in style.folio_sheets(book)
        ]
        sheets.append(CSS(string=css, font_config=fonts))
        rendered = HTML(string=source, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts
        )
        data = rendered.write_pdf()
    widths = [_width(page, f"s{i}") for i, page in enumerate(rendered.pages)]
    return Stamps(data, tuple(strings), tuple(widths))


def _width(page: Any, element_id: str) -> float:
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == element_id:
            return float(box.margin_width()) * 0.75  # CSS pixels to points
    return 0.0


def _page_index(source: pikepdf.Pdf, pages: range) -> dict[tuple[int, int], int]:
    """Page object ids of a range of a source's pages -> their place in the range."""
    return {source.pages[i].obj.objgen: i - pages.start for i in pages}


@dataclass(frozen=True)
class Placed:
    """Where a piece landed: its first page in the book and its page count."""

    start: int
    pages: int


class Assembly:
    def __init__(self, settings: PrintSettings, geometry: style.Geometry) -> None:
        self.settings = settings
        self.geometry = geometry
        self.out = pikepdf.new()
        self.sources: dict[str, pikepdf.Pdf] = {}  # kept open until saved: pages refer to them
        self.destinations: dict[str, Any] = {}
        self.outline: list[tuple[str, int, int]] = []  # title, page, level

    def add(self, laid: LaidOut, owned: frozenset[str], recto: bool) -> Placed:
        if recto and len(self.out.pages) % 2 == 1:
            self.blank()
        start = len(self.out.pages)
        key = str(laid.batch)
        if key not in self.sources:
            self.sources[key] = pikepdf.open(laid.batch)
        source = self.sources[key]
        pages = range(laid.first, laid.first + laid.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not copied: _destinations does that.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            self.out.pages.extend(source.pages[index] for index in pages)
        self._destinations(source, owned, pages, start)
        self._outline(source, pages, start)
        return Placed(start, laid.pages)

    def blank(self) -> None:
        """An empty left page, with the same boxes as its neighbours."""
        model = self.out.pages[-1]
        page = Dictionary(Type=Name.Page, Resources=Dictionary())
        for box in ("/MediaBox", "/TrimBox", "/BleedBox", "/CropBox", "/ArtBox"):
            if box in model.obj:
                page[box] = model.obj[box]
        self.out.pages.append(pikepdf.Page(page))

    def _destinations(
        self, source: pikepdf.Pdf, owned: frozenset[str], pages: range, start: int
    ) -> None:
        if "/Names" not in source.Root or "/Dests" not in source.Root.Names:
            return
        index = _page_index(source, pages)
        for name, target in pikepdf.NameTree(source.Root.Names.Dests).items():
            if name in owned and target[0].objgen in index:
                page = self.out.pages[start + index[target[0].objgen]].obj
                self.destinations[name] = Array([page, *list(target)[1:]])

    def _outline(self, source: pikepdf.Pdf, pages: range, start: int) -> None:
        index = _page_index(source, pages)
        with source.open_outline() as outline:
            stack = [(item, 0) for item in reversed(outline.root)]
            while stack:
                item, level = stack.pop()
                target = item.destination
                if isinstance(target, Array) and target[0].objgen in index:
                    self.outline.append((item.title, start + index[target[0].objgen], level))
                stack.extend((child, level + 1) for child in reversed(item.children))

    def stamp(self, page_index: int, text: str, stamps: Stamps) -> None:
        """Draw the folio TEXT centred under the text block of a page."""
        page = self.out.pages[page_index]
        parts = [text] if text in stamps.strings else list(text)
        total = sum(stamps.widths[stamps.strings.index(part)] for part in parts)
        x = self.geometry.text_center(right_page=page_index % 2 == 0) - total / 2
        if "/Resources" not in page.obj:
            page.obj.Resources = Dictionary()
        resources = page.obj.Resources
        if "/XObject" not in resources:
            resources.XObject = Dictionary()
        xobjects = resources.XObject
        ops = []
        for part in parts:
            number = stamps.strings.index(part)
            xobjects[f"{STAMP_PREFIX}{number}"] = self.forms[number]
            ops.append(f"q 1 0 0 1 {x:.3f} 0 cm {STAMP_PREFIX}{number} Do Q")
            x += stamps.widths[number]
        page.contents_add(pikepdf.Stream(self.out, b"q"), prepend=True)
        page.contents_add(pikepdf.Stream(self.out, ("Q " + " ".join(ops)).encode()))

    def load_stamps(self, stamps: Stamps) -> None:
        sheet = pikepdf.open(io.BytesIO(stamps.pdf))
        self.sources["stamps"] = sheet
        self.forms = [self.out.copy_foreign(page.as_form_xobject()) for page in sheet.pages]

    def finish(self, book: Book, front_pages: int, when: datetime) -> bytes:
        out = self.out
        labels = [0, Dictionary(S=Name.r), front_pages, Dictionary(S=Name.D, St=1)]
        out.Root.PageLabels = Dictionary(Nums=Array(labels if front_pages else labels[2:]))
        if self.destinations:
            tree = pikepdf.NameTree.new(out)
            for name in sorted(self.destinations):
                tree[name] = self.destinations[name]
            out.Root.Names = Dictionary(Dests=tree.obj)
        if self.settings.target == "digital":
            self._write_outline()
            self._resolve_links()
        else:
            # Print services reject files with annotations; links mean nothing on paper.
            for page in out.pages:
                if "/Annots" in page.obj:
                    del page.obj["/Annots"]
        self._metadata(book, when)
        data = io.BytesIO()
        out.save(data, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return data.getvalue()

    def _resolve_links(self) -> None:
        """Links between pieces become links to the book's named destinations."""
        for page in self.out.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if uri.startswith(ELSEWHERE):
                    del annot["/A"]
                    annot.Dest = pikepdf.String(uri[len(ELSEWHERE) :])

    def _write_outline(self) -> None:
        with self.out.open_outline() as outline:
            parents: list[Any] = [outline.root]
            for title, page, level in self.outline:
                item = pikepdf.OutlineItem(title, page)
                del parents[level + 1 :]
                parents[min(level, len(parents) - 1)].append(item)
                parents.append(item.children)

    def _metadata(self, book: Book, when: datetime) -> None:
        config = book.config
        stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%SZ"))
        info = Dictionary(
            Title=pikepdf.String(config.title),
            Author=pikepdf.String(", ".join(config.authors)),
            Creator=pikepdf.String("book"),
            Producer=pikepdf.String("book (WeasyPrint, pikepdf)"),
            CreationDate=stamp,
            ModDate=stamp,
        )
        if config.description:
            info.Subject = pikepdf.String(config.description)
        if config.subjects:
            info.Keywords = pikepdf.String(", ".join(config.subjects))
        self.out.trailer.Info = self.out.make_indirect(info)
