"""The full-wrap cover PDF: the wrap's geometry from the interior's page count, laid out by
WeasyPrint from an XHTML tree and the book's print stylesheets, as the interior is.

The type is the book's: cover.css comes after print.css and before the author's own
stylesheets, so the cover uses the font family the interior uses (embedded by WeasyPrint),
and an author can restyle it.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from builder import media, sources
from builder.config import CONFIG_FILE, BookConfig
from builder.errors import BookError, BookWarning, Location
from builder.model import Book
from builder.render.cover import markup
from builder.render.cover.services import MIN_SPINE_PT, Wrap
from builder.render.pdf import reproducible, style
from builder.render.pdf.fetcher import ResourceRefused
from builder.render.xhtml import Links, document

# Without a picture to take it from: a dark slate, with light type.
PLAIN = ("1f2a36", "f5f1e8")
# The least space between title, author and imprint on the spine, in ems of its type.
SPINE_GAP_EM = 3.0


def page_count(interior: Path) -> int:
    """The interior PDF's real number of pages."""
    import pikepdf

    with pikepdf.open(interior) as pdf:
        return len(pdf.pages)


def package(book: Book, pages: int, when: datetime) -> bytes:
    """The cover for an interior of PAGES pages, as PDF bytes."""
    config = book.config
    wrap = Wrap.of(config.print, pages)
    art = _art(config)
    spine_text = wrap.spine_text_allowed and wrap.spine_type_pt >= MIN_SPINE_PT
    if wrap.spine_text_allowed and not spine_text:
        _warn_blank_spine(config, wrap)
    links = Links(lambda source, fragment: None, lambda path: path)
    body = markup.body(config, links, spine_text)
    html = document(config.title, config.language, [], body, style.meta(book, when)).decode()
    palette, reads_up = _palette(art), markup.spine_reads_up(config.language)
    with reproducible.font_dates():
        rendered, css = _fitted(book, html, wrap, lambda size: _css(wrap, palette, reads_up, size))
        identifier = hashlib.sha256(f"{html}{css}".encode()).hexdigest()[:32]
        data: bytes = rendered.write_pdf(pdf_identifier=identifier.encode(), finisher=_no_links)
    return data


def _fitted(book: Book, html: str, wrap: Wrap, css: Callable[[float], str]) -> tuple[Any, str]:
    """The cover laid out with the spine's type as large as its width allows, or smaller
    when a long title (or many authors) would not fit along it: (document, stylesheet)."""
    size = wrap.spine_type_pt
    sheet = css(size)
    rendered = _lay_out(book, html, sheet)
    shrink = _spine_shrink(rendered)
    if shrink < 1 and size > MIN_SPINE_PT:
        sheet = css(max(MIN_SPINE_PT, size * shrink))
        rendered = _lay_out(book, html, sheet)
    return rendered, sheet


def _art(config: BookConfig) -> bytes | None:
    """The front's picture, checked as the build checks every picture; and the photo too."""
    settings = config.print.cover
    where = Location(CONFIG_FILE, config.lines.get("print"))
    if settings.author_photo:
        photo = sources.read_bytes(config.root, settings.author_photo, where)
        media.checked_type(settings.author_photo, photo, where)
    path = settings.front or config.cover
    if not path:
        return None
    where = where if settings.front else Location(CONFIG_FILE, config.lines.get("cover"))
    data = sources.read_bytes(config.root, path, where)
    if media.checked_type(path, data, where) not in ("image/jpeg", "image/png"):
        raise BookError(f"{path!r}: the cover must be a JPEG or PNG image", where, "I003")
    return data


def _warn_blank_spine(config: BookConfig, wrap: Wrap) -> None:
    message = (
        f"the spine ({wrap.spine:.3f} in for {wrap.pages} pages) leaves "
        f"{max(wrap.spine_room, 0):.3f} in between its margins, too little for type of "
        f"{MIN_SPINE_PT:g} pt: the cover's spine is left blank"
    )
    where = Location(CONFIG_FILE, config.lines.get("print"))
    warnings.warn(BookWarning(message, where, "P204"), stacklevel=3)


def _palette(art: bytes | None) -> tuple[str, str]:
    """(background, type) colours as hex: the picture's edge by the spine, and black or white
    type, whichever reads on it, so that the wrap runs on from the front."""
    if art is None:
        return PLAIN
    from PIL import Image

    with Image.open(io.BytesIO(art)) as image:
        rgb = image.convert("RGB")
        edge = rgb.crop((0, 0, max(1, rgb.width // 25), rgb.height)).resize((1, 1))
        red, green, blue = edge.getpixel((0, 0))  # type: ignore[misc]
    light = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 140
    ink = "1a1a1a" if light else "f5f1e8"
    return f"{red:02x}{green:02x}{blue:02x}", ink


def _css(wrap: Wrap, palette: tuple[str, str], reads_up: bool, spine_pt: float) -> str:
    """styles/cover.css with the wrap's geometry and colours filled in."""
    import tinycss2

    bleed, width, height = wrap.bleed, wrap.trim_width, wrap.trim_height
    left, top, length, room = _spine_box(wrap)
    barcode_left, barcode_top, barcode_width, barcode_height = wrap.barcode
    inches = {
        "width": 2 * width + wrap.spine, "height": height, "bleed": bleed,
        "outer-top": -bleed, "outer-height": height + 2 * bleed, "outer-left": -bleed,
        "panel-width": width + bleed, "spine-left": width, "spine-width": wrap.spine,
        "front-left": wrap.front_left, "inset-from-bleed": bleed + wrap.inset,
        "inset-from-fold": wrap.inset, "text-width": width - 2 * wrap.inset,
        "barcode-left": barcode_left + bleed, "barcode-top": barcode_top + bleed,
        "barcode-width": barcode_width, "barcode-height": barcode_height,
        "spine-text-left": left, "spine-text-top": top, "spine-text-length": length,
        "spine-room": room,
    }  # fmt: skip
    values = {name: style.points(value * 72) for name, value in inches.items()}
    background, ink = palette
    values["background"] = [tinycss2.ast.HashToken(0, 0, background, False)]
    values["ink"] = [tinycss2.ast.HashToken(0, 0, ink, False)]
    values["spine-size"] = style.points(spine_pt)
    values["spine-turn"] = style.length(-90 if reads_up else 90, "deg")
    return style.filled("cover.css", **values)


def _spine_box(wrap: Wrap) -> tuple[float, float, float, float]:
    """(left, top, length, room) of the spine's line before it is turned, in the spine's
    section (whose top is the bleed's): centred, so that turning it about its centre lays
    it along the spine."""
    length = wrap.trim_height - 2 * wrap.inset
    room = max(wrap.spine_room, 0.0)
    return wrap.spine / 2 - length / 2, wrap.bleed + wrap.trim_height / 2 - room / 2, length, room


def _lay_out(book: Book, html: str, css: str) -> Any:
    """WeasyPrint's document of the cover: the book's print stylesheets, then CSS."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = style.make_fetcher(book)
    fonts = FontConfiguration()  # @font-face rules only work through a shared one
    sheets = [
        CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=fonts)
        for text, base in style.stylesheets(book)
    ]
    # Before the author's stylesheets (the last ones), so that they can restyle the cover.
    sheets.insert(len(sheets) - len(book.config.styles), CSS(string=css, font_config=fonts))
    page = HTML(string=html, base_url=reproducible.BOOK_URL, url_fetcher=fetcher)
    try:
        return page.render(stylesheets=sheets, font_config=fonts)
    except ResourceRefused as refused:
        raise BookError(str(refused), Location(CONFIG_FILE), "P001") from None


def _spine_shrink(rendered: Any) -> float:
    """How much smaller the spine's line must be set to fit its length with a gap of
    SPINE_GAP_EM between title, author and imprint (1: it fits as it is)."""
    line = _box_of(rendered.pages[0]._page_box, "spine-text")
    if line is None:
        return 1.0
    used = sum(child.margin_width() for child in line.children)
    gaps = SPINE_GAP_EM * line.style["font_size"] * (len(line.children) - 1)
    return float(min(1.0, line.width / (used + gaps)))


def _box_of(box: Any, name: str) -> Any:
    """The first box of the element of class NAME under BOX. (Its `descendants()` do not
    enter absolutely positioned boxes, which the cover's parts all are.)"""
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == name:
        return box
    for child in getattr(box, "children", ()):
        found = _box_of(child, name)
        if found is not None:
            return found
    return None


def _no_links(document: Any, pdf: Any) -> None:
    """A link in the back's text means nothing on paper, and print services refuse them."""
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
            obj.pop("Annots", None)
