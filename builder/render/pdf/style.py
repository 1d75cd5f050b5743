"""What every PDF layout shares: stylesheets, page geometry, fetcher, metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from builder.model import Book, iter_elements, plain_text
from builder.print_settings import BLEED_IN, PrintSettings, gutter_in
from builder.render import styles
from builder.render.pdf import reproducible

# Margins other than the gutter, in inches: room for running heads and folios.
TOP_IN, BOTTOM_IN, OUTSIDE_IN = 0.8, 0.75, 0.6
# Added to KDP's minimum gutter so the text never runs into the fold.
GUTTER_EXTRA_IN = 0.2
# Where a folio's top sits below the text block, and its size (as in print.css).
FOLIO_GAP_PT, FOLIO_SIZE_PT = 12, 10


@dataclass(frozen=True)
class Geometry:
    """Page and margins in points, for one page count (the gutter depends on it)."""

    width: float
    height: float
    inside: float
    outside: float
    bleed: float

    @classmethod
    def of(cls, settings: PrintSettings, page_count: int) -> Geometry:
        inside = (gutter_in(page_count) + GUTTER_EXTRA_IN) * 72
        outside = OUTSIDE_IN * 72
        if settings.target == "digital":  # single-sided: both margins alike
            inside = outside = (inside + outside) / 2
        bleed = BLEED_IN * 72 if settings.bleed else 0.0
        return cls(settings.width_in * 72, settings.height_in * 72, inside, outside, bleed)

    def text_center(self, right_page: bool) -> float:
        """Horizontal centre of the text block, from the trim's left edge."""
        left = self.inside if right_page else self.outside
        return left + (self.width - self.inside - self.outside) / 2

    def css(self, settings: PrintSettings) -> str:
        marks = "crop cross" if settings.crop_marks else "none"
        # KDP wants print files without bookmarks; readers of a digital PDF want them.
        bookmarks = "* { bookmark-level: none !important; }\n"
        inside, outside = f"{self.inside:.3f}pt", f"{self.outside:.3f}pt"
        # On screen there are no facing pages: new sections just start a new page.
        screen = "section { break-before: page !important; }\n"
        return (bookmarks if settings.target == "print" else screen) + (
            f"@page {{ size: {self.width:.3f}pt {self.height:.3f}pt;"
            f" margin-top: {TOP_IN}in; margin-bottom: {BOTTOM_IN}in;"
            f" bleed: {self.bleed:.3f}pt; marks: {marks}; }}\n"
            f"@page :left {{ margin-left: {outside}; margin-right: {inside}; }}\n"
            f"@page :right {{ margin-left: {inside}; margin-right: {outside}; }}\n"
        )


def stylesheets(book: Book) -> list[tuple[str, str]]:
    """(CSS text, base URL) of every print stylesheet, ours first, then the author's."""
    # Stand-in URLs for the folders: the PDF's bytes must not depend on where they are.
    house, own = reproducible.HOUSE_URL, reproducible.BOOK_URL
    return [
        (data.decode(), house if index < 2 else own)
        for index, (_, data) in enumerate(styles.for_output(book, "print"))
    ]


def fingerprint(book: Book, extra: str) -> str:
    """A hash of everything outside the text that changes a layout (styles, fonts, versions)."""
    import weasyprint

    from builder import __version__

    digest = hashlib.sha256(f"{__version__}\n{weasyprint.__version__}\n{extra}".encode())
    for css, base in stylesheets(book):
        digest.update(css.encode())
        digest.update(base.encode())
    for font in sorted((styles.house_folder() / "fonts").glob("*.otf")):
        digest.update(font.read_bytes())
    return digest.hexdigest()


def css_string(text: str) -> str:
    """TEXT as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def meta(book: Book, when: datetime) -> dict[str, str]:
    """<meta> tags WeasyPrint turns into PDF metadata."""
    config = book.config
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    tags = {"author": ", ".join(config.authors), "generator": "book",
            "dcterms.created": stamp, "dcterms.modified": stamp}  # fmt: skip
    if config.description:
        tags["description"] = config.description
    if config.subjects:
        tags["keywords"] = ", ".join(config.subjects)
    return tags


def estimate_pages(book: Book, settings: PrintSettings) -> int:
    """A rough page count from the length of the text (about 300 words on a 6 × 9 page)."""
    words = sum(
        len(plain_text(node.children).split())
        for chapter in book.chapters()
        for node in iter_elements(chapter.blocks)
        if node.tag == "p"
    )
    area = settings.width_in * settings.height_in / (6 * 9)
    openings = 2 * sum(len(part.chapters) + 1 for part in book.parts)
    return int(words / (300 * area)) + openings + 10


def make_fetcher(book: Book) -> Any:
    from builder.render.pdf.fetcher import BookFetcher

    return BookFetcher(book.config.root, styles.house_folder())
