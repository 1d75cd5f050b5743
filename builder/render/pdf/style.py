"""What every PDF layout shares: stylesheets, page geometry, fetcher, metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from builder.model import Book, iter_elements, plain_text
from builder.print_settings import BLEED_IN, PrintSettings, gutter_in
from builder.render import styles, themes
from builder.render.pdf import reproducible

# Margins other than the gutter, in inches: room for running heads and folios.
TOP_IN, BOTTOM_IN, OUTSIDE_IN = 0.8, 0.75, 0.6
# Added to KDP's minimum gutter so the text never runs into the fold.
GUTTER_EXTRA_IN = 0.2
# Where a folio's top sits below the text block, and its size (as in print.css).
FOLIO_GAP_PT, FOLIO_SIZE_PT = 12, 10
LARGE_PRINT_FOLIO_PT = 16
# Words on a large-print page, against a standard one: (11.5² × 1.32) / (16² × 1.5), as
# words on a page go with the square of the size and with the leading (large-print.css).
LARGE_PRINT_WORDS = 0.45


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
        """The page rules for this geometry, and those of the PDF's target."""
        marks = ("crop", "cross") if settings.crop_marks else ("none",)
        target = "pdf-for-print.css" if settings.target == "print" else "pdf-for-screen.css"
        page = filled(
            "pdf-geometry.css",
            width=points(self.width),
            height=points(self.height),
            top=length(TOP_IN, "in"),
            bottom=length(BOTTOM_IN, "in"),
            bleed=points(self.bleed),
            marks=idents(*marks),
            inside=points(self.inside),
            outside=points(self.outside),
        )
        return filled(target) + page


def stylesheets(book: Book) -> list[tuple[str, str]]:
    """(CSS text, base URL) of every print stylesheet, ours first, then the author's."""
    # Stand-in URLs for the folders: the PDF's bytes must not depend on where they are.
    bases = {"house": reproducible.HOUSE_URL, "book": reproducible.BOOK_URL}
    return [
        (sheet.data.decode(), bases[sheet.origin] + sheet.folder)
        for sheet in styles.for_output(book, "print")
    ]


def folio_sheets(book: Book) -> list[tuple[str, str]]:
    """The sheets folios are set with: print.css and the theme's, for the book typeface."""
    bases = {"house": reproducible.HOUSE_URL, "book": reproducible.BOOK_URL}
    return [
        (sheet.data.decode(), bases[sheet.origin] + sheet.folder)
        for sheet in styles.for_output(book, "print")
        if sheet.name == "print.css" or sheet.name.startswith(styles.THEME_DIR)
    ]


def folio_size(settings: PrintSettings) -> float:
    """The folios' size in points: as large as the text in a large-print edition."""
    return LARGE_PRINT_FOLIO_PT if settings.edition == "large-print" else FOLIO_SIZE_PT


def fingerprint(book: Book, extra: str) -> str:
    """A hash of everything outside the text that changes a layout (styles, fonts, versions)."""
    import weasyprint

    from builder import __version__

    digest = hashlib.sha256(f"{__version__}\n{weasyprint.__version__}\n{extra}".encode())
    for css, base in stylesheets(book):
        digest.update(css.encode())
        digest.update(base.encode())
    # Our page rules (styles/pdf-*.css) are filled in per layout, but their rules are files.
    for path in sorted(styles.house_folder().glob("pdf-*.css")):
        digest.update(path.read_bytes())
    for font in sorted((styles.house_folder() / "fonts").glob("*.otf")):
        digest.update(font.read_bytes())
    # The theme's fonts and ornaments shape the pages as much as its stylesheets do.
    theme = themes.of(book.config)
    for path in sorted(theme.folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix not in (".css", ".txt"):
            digest.update(path.relative_to(theme.folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


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
    if settings.edition == "large-print":
        area *= LARGE_PRINT_WORDS  # fewer words on a page: first guess nearer, fewer layouts
    openings = 2 * sum(len(part.chapters) + 1 for part in book.parts)
    return int(words / (300 * area)) + openings + 10


# --- Our stylesheets, with values --------------------------------------------------------
# The page rules the builder writes live in styles/pdf-*.css. Each var(--name) in them is
# replaced by tinycss2 tokens before WeasyPrint reads the sheet (so WeasyPrint's support for
# var() in @page and margin boxes does not matter), and a string from book.yaml goes in as a
# string token that the serialiser escapes: no value is ever formatted into CSS text.

Tokens = list[Any]  # tinycss2 component values


def filled(name: str, **values: Tokens) -> str:
    """styles/NAME with every var(--key) replaced by VALUES[key], as CSS text."""
    import tinycss2

    sheet = tinycss2.parse_stylesheet(styles.house(name).decode(), skip_comments=True)
    used: set[str] = set()
    out = tinycss2.serialize(_fill(sheet, values, used))
    if used != set(values):
        raise ValueError(f"{name} has no var() for {sorted(set(values) - used)}")
    return str(out)


def _fill(nodes: Tokens, values: dict[str, Tokens], used: set[str]) -> Tokens:
    out: Tokens = []
    for node in nodes:
        if getattr(node, "lower_name", "") == "var" and node.type == "function":
            (name,) = [arg.value for arg in node.arguments if arg.type == "ident"]
            used.add(name[2:])
            out.extend(values[name[2:]])  # a missing value is a KeyError: a bug of ours
            continue
        for part in ("prelude", "content", "arguments"):
            inner = getattr(node, part, None)
            if isinstance(inner, list):
                setattr(node, part, _fill(inner, values, used))
        out.append(node)
    return out


def length(value: float, unit: str, representation: str | None = None) -> Tokens:
    import tinycss2

    text = str(value) if representation is None else representation
    return [tinycss2.ast.DimensionToken(0, 0, value, None, text, unit)]


def points(value: float) -> Tokens:
    """A length in points, to a thousandth of a point (finer than any printer)."""
    return length(value, "pt", f"{value:.3f}")


def idents(*names: str) -> Tokens:
    import tinycss2

    tokens: Tokens = []
    for name in names:
        if tokens:
            tokens.append(tinycss2.ast.WhitespaceToken(0, 0, " "))
        tokens.append(tinycss2.ast.IdentToken(0, 0, name))
    return tokens


def string(text: str) -> Tokens:
    """TEXT as a CSS string, escaped by tinycss2's own serialiser."""
    import tinycss2

    quoted = '"' + tinycss2.serializer.serialize_string_value(text) + '"'
    return [tinycss2.ast.StringToken(0, 0, text, quoted)]


def make_fetcher(book: Book) -> Any:
    from builder.render.pdf.fetcher import BookFetcher

    return BookFetcher(book.config.root, styles.house_folder())
