"""Sections around the chapters: cover, title page, copyright, dedication, epigraph, parts."""

from __future__ import annotations

from lxml import etree

from builder.config import BookConfig
from builder.labels import label
from builder.model import Book, Chapter, Part
from builder.render.xhtml import Links, el, render_blocks, sub
from builder.roles import RELATORS

# Identifiers a reader can use, as a copyright page prints them: an ISBN to order the
# book, a DOI to cite it. A UUID or another URI only tells reading systems apart, so it
# stays in the EPUB's metadata and off the page.
_SHOWN = (("isbn:", "ISBN"), ("urn:isbn:", "ISBN"), ("doi:", "DOI"), ("https://doi.org/", "DOI"))


def shown_identifier(identifier: str) -> str | None:
    """The identifier as the copyright page prints it ("ISBN 978-..."), or None."""
    lowered = identifier.lower()
    for prefix, name in _SHOWN:
        if lowered.startswith(prefix) and identifier[len(prefix) :].strip():
            return f"{name} {identifier[len(prefix) :].strip()}"
    return None


def _authors(config: BookConfig) -> str:
    names = list(config.authors)
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def cover(config: BookConfig, src: str) -> etree._Element:
    section = el("section", {"class": "cover", "epub:type": "cover"})
    sub(
        section,
        "img",
        {"src": src, "alt": f"{config.title}, {_authors(config)}", "role": "doc-cover"},
    )
    return section


def title_page(config: BookConfig) -> etree._Element:
    section = el("section", {"class": "titlepage", "epub:type": "titlepage"})
    sub(section, "h1", {"class": "title"}, config.title)
    if config.subtitle:
        sub(section, "p", {"class": "subtitle"}, config.subtitle)
    sub(section, "p", {"class": "author"}, _authors(config))
    for contributor in config.contributors:
        sub(
            section,
            "p",
            {"class": "contributor"},
            f"{contributor.name} ({_role(contributor.role)})",
        )
    if config.publisher:
        sub(section, "p", {"class": "publisher"}, config.publisher)
    return section


def _role(code: str) -> str:
    return next(word for word, value in RELATORS.items() if value == code)


def copyright_page(config: BookConfig) -> etree._Element:
    """Rights, identifier, publisher and date, as a reader expects them on the verso."""
    language = config.language
    section = el("section", {"class": "copyright", "epub:type": "copyright-page"})
    heading = config.title + (f": {config.subtitle}" if config.subtitle else "")
    sub(section, "p", {"class": "book-title"}, heading)
    sub(section, "p", None, f"{label(language, 'by')} {_authors(config)}")
    if config.series:
        number = config.series.number or "?"
        text = label(language, "book-of").format(number=number, series=config.series.name)
        sub(section, "p", {"class": "series"}, text)
    if config.rights:
        sub(section, "p", {"class": "rights"}, config.rights)
    if config.publisher:
        sub(section, "p", None, f"{label(language, 'published-by')} {config.publisher}")
    if config.date:
        sub(section, "p", None, f"{label(language, 'first-published')} {config.date}")
    shown = shown_identifier(config.identifier)
    if shown:
        sub(section, "p", {"class": "identifier"}, shown)
    return section


def front_section(book: Book, kind: str, links: Links) -> etree._Element:
    """The dedication or the epigraph (kind), from book.yaml's text."""
    section = el("section", {"class": kind, "epub:type": kind, "role": f"doc-{kind}"})
    nodes = book.dedication if kind == "dedication" else book.epigraph
    owner = Chapter("book.yaml", 0, (), ())
    target = sub(section, "blockquote") if kind == "epigraph" else section
    render_blocks(target, nodes, links, owner)
    return section


def part_page(part: Part) -> etree._Element:
    section = el(
        "section", {"id": part.name, "class": "part", "epub:type": "part", "role": "doc-part"}
    )
    sub(section, "h1", {"class": "part-title"}, part.title)
    return section


def gathered_notes(book: Book, links: Links, chapter_href: str) -> etree._Element:
    """The author's notes moved to the back, each under its chapter's title."""
    language = book.config.language
    section = el("section", {"id": "authors-notes", "class": "authors-notes",
                             "epub:type": "afterword", "role": "doc-afterword"})  # fmt: skip
    sub(section, "h1", None, label(language, "authors-notes"))
    current = None
    for note in book.gathered_notes:
        if note.chapter is not current:
            current = note.chapter
            heading = sub(section, "h2")
            link = sub(heading, "a", {"href": chapter_href.format(name=current.name)})
            link.text = current.title_text
        aside = sub(section, "aside", {"class": "authors-note", "role": "note"})
        render_blocks(aside, note.blocks, links, note.chapter)
    return section
