"""`book themes --preview`: every theme's chapter opening and a body spread, on one PDF.

The author's own book is set in each theme (its first chapters only, enough for three
pages), through the same layout `book build` uses for one document (single.py). Its
pages are then laid, scaled, side by side on a page per theme that names the theme and
what it is for: pikepdf places each page as a form, so the text stays text.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from builder import built, pipeline
from builder.model import Book, Part, iter_elements, plain_text
from builder.output import write_atomically
from builder.render import themes
from builder.render.pdf import reproducible, single, style
from builder.render.xhtml import document, el, sub

# Words enough for an opening page and a spread after it (about 300 words a page).
SAMPLE_WORDS = 1000
SAMPLE_CHAPTERS = 3
SCALE = 0.5  # of the trim size, for each page on the sheet
GAP_PT = 24.0
HEADER_PT = 64.0
# The body pages shown: the chapter opening, then a left and a right page.
PAGES = ("1", "2", "3")


@dataclass(frozen=True)
class Shown:
    """One theme on the sheet: its name, what it is for, and its PDF."""

    name: str
    description: str
    pdf: bytes


def write(root: Path) -> Path:
    """Lay out the book's first chapters in every theme; write dist/<name>-themes.pdf."""
    book, shown = layouts(root)
    path = root / built.DIST / f"{book.config.output}-themes.pdf"
    return write_atomically(path, sheet(book, shown))


def layouts(root: Path, names: list[str] | None = None) -> tuple[Book, list[Shown]]:
    """The book, and its first chapters laid out in each theme (one PDF per theme), or in
    the themes NAMES."""
    config = pipeline.load_config(root)
    book = pipeline.transform(pipeline.assemble(pipeline.read(config)))
    sample = _sample(book)
    when = pipeline.build_time(config, os.environ)
    shown = []
    for theme in names or _themes(book):
        settings = replace(config.print, variant="none", target="print")
        themed = replace(sample, config=replace(config, theme=theme, print=settings))
        with reproducible.font_dates():
            data, _ = single.package(themed, when)
        chosen = themes.of(themed.config)
        shown.append(Shown(chosen.name, chosen.description, data))
    return book, shown


def _themes(book: Book) -> list[str]:
    """The built-in themes, and the book's own theme folder when it names one."""
    names = themes.builtin_names()
    own = book.config.theme
    return [*names, own] if own and own not in names else names


def _sample(book: Book) -> Book:
    """The book's first chapters, without part pages: an opening and a spread's worth."""
    chosen = []
    words = 0
    for chapter in book.chapters():
        chosen.append(chapter)
        words += sum(
            len(plain_text(node.children).split())
            for node in iter_elements(chapter.blocks)
            if node.tag == "p"
        )
        if words >= SAMPLE_WORDS or len(chosen) == SAMPLE_CHAPTERS:
            break
    return replace(book, parts=(Part(1, None, tuple(chosen)),), gathered_notes=())


def sheet(book: Book, shown: list[Shown]) -> bytes:
    """The frame pages with each theme's pages laid into them."""
    import pikepdf

    width, height = book.config.print.width_in * 72, book.config.print.height_in * 72
    frame = _frames(book, shown, width * SCALE, height * SCALE)
    out = pikepdf.open(io.BytesIO(frame))
    sources = [pikepdf.open(io.BytesIO(item.pdf)) for item in shown]
    for page, source in zip(out.pages, sources, strict=True):
        by_label = {source_page.label: source_page for source_page in source.pages}
        for index, label in enumerate(PAGES):
            if label in by_label:
                left = GAP_PT + index * (width * SCALE + GAP_PT)
                rect = pikepdf.Rectangle(
                    left, GAP_PT, left + width * SCALE, GAP_PT + height * SCALE
                )
                page.add_overlay(by_label[label], rect)
                _hairline(out, page, rect)
    data = io.BytesIO()
    out.save(data, deterministic_id=True)
    return data.getvalue()


def _hairline(pdf: Any, page: Any, rect: Any) -> None:
    """A grey hairline around RECT, so that a white page shows its edges on the sheet."""
    import pikepdf

    operations = [
        ([], "q"), ([0.6], "G"), ([0.5], "w"),
        ([rect.llx, rect.lly, rect.width, rect.height], "re"), ([], "S"), ([], "Q"),
    ]  # fmt: skip
    instructions = [
        pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op))
        for operands, op in operations
    ]
    page.contents_add(pikepdf.Stream(pdf, pikepdf.unparse_content_stream(instructions)))


def _frames(book: Book, shown: list[Shown], width: float, height: float) -> bytes:
    """One page per theme from WeasyPrint: its name and its description."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    body = el("body")
    for item in shown:
        section = sub(body, "section", {"class": "theme"})
        sub(section, "h1", None, item.name)
        sub(section, "p", None, item.description or "Your own theme.")
    source = document("Themes", book.config.language, [], body).decode()
    page_width = len(PAGES) * (width + GAP_PT) + GAP_PT
    page_height = height + HEADER_PT + 2 * GAP_PT
    places = {
        "width": page_width, "height": page_height, "gap": GAP_PT,
        "title-top": GAP_PT * 0.6, "description-top": GAP_PT * 0.6 + 28,
    }  # fmt: skip
    values = {name: style.points(value) for name, value in places.items()}
    css = style.filled("pdf-contact-sheet.css", **values)
    fonts = FontConfiguration()
    fetcher = style.make_fetcher(book)
    sheet = CSS(string=css, base_url=reproducible.HOUSE_URL, url_fetcher=fetcher, font_config=fonts)
    with reproducible.font_dates():
        html = HTML(string=source, url_fetcher=fetcher)
        data: bytes = html.write_pdf(stylesheets=[sheet], font_config=fonts)
    return data
