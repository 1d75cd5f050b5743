"""Praise, acknowledgements, About the Author, Also by and the newsletter, as sections.

The EPUB and the PDF take the same sections (so a theme styles both alike, by each
section's class); only the links differ: an edition for one store (STORE) links to that
store, the others and the print book to the author's website. Placed by convention:
praise before the title page, the rest after the last chapter in the order of BACK.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from builder import back_matter
from builder.config import CONFIG_FILE, BookConfig
from builder.labels import label
from builder.model import Chapter, Node
from builder.readers import markdown
from builder.render.xhtml import Links, el, render_blocks, sub

# The back-matter pages, in the order indie authors put them after the last chapter.
BACK = ("acknowledgements", "about-author", "also-by", "newsletter")
# Their epub:type and DPUB-ARIA role where the vocabularies have one.
_SEMANTICS = {"acknowledgements": ("acknowledgments", "doc-acknowledgments")}
_OWNER = Chapter(CONFIG_FILE, 0, (), ())


@dataclass(frozen=True)
class Page:
    name: str  # the section's id and the EPUB document's name
    title: str
    section: etree._Element


def _blocks(config: BookConfig, text: str) -> tuple[Node, ...]:
    """Markdown text from book.yaml as blocks, with the book's typography."""
    blocks = markdown.read(config.root, CONFIG_FILE, text)[0]
    if not config.typography:
        return blocks
    from builder.transforms.typography.nodes import smarten_nodes

    return smarten_nodes(blocks, config.language)


def _section(name: str, heading: str) -> etree._Element:
    attrs = {"id": name, "class": f"back-matter {name}"}
    if name in _SEMANTICS:
        attrs["epub:type"], attrs["role"] = _SEMANTICS[name]
    section = el("section", attrs)
    sub(section, "h1", {"class": "back-matter-title"}, heading)
    return section


def _authors(config: BookConfig) -> str:
    names = list(config.authors)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _shown(link: str) -> str:
    """A link as a printed page shows it: without the scheme or a trailing slash."""
    for prefix in ("https://", "http://", "mailto:"):
        if link.startswith(prefix):
            link = link[len(prefix) :]
    return link.removeprefix("www.").rstrip("/")


def _link(parent: etree._Element, href: str, text: str, kind: str) -> None:
    sub(sub(parent, "p", {"class": kind}), "a", {"href": href}, text)


def praise(config: BookConfig, links: Links) -> Page | None:
    if not config.praise:
        return None
    title = label(config.language, "praise").format(title=config.title)
    section = _section("praise", title)
    section.set("class", "front-matter praise")
    for quote in config.praise:
        holder = sub(section, "blockquote", {"class": "praise-quote"})
        render_blocks(holder, _blocks(config, quote.quote), links, _OWNER)
        if quote.source:
            sub(holder, "p", {"class": "source"}, "—" + quote.source)
    return Page("praise", title, section)


def acknowledgements(config: BookConfig, links: Links, store: str | None) -> Page | None:
    if not config.acknowledgements:
        return None
    title = label(config.language, "acknowledgements")
    section = _section("acknowledgements", title)
    render_blocks(section, _blocks(config, config.acknowledgements), links, _OWNER)
    return Page("acknowledgements", title, section)


def about_author(config: BookConfig, links: Links, store: str | None) -> Page | None:
    about = config.about_author
    if about is None:
        return None
    key = "about-authors" if len(config.authors) > 1 else "about-author"
    title = label(config.language, key)
    section = _section("about-author", title)
    if about.photo:
        figure = sub(section, "figure", {"class": "author-photo"})
        sub(figure, "img", {"src": links.image_src(about.photo), "alt": _authors(config)})
    render_blocks(section, _blocks(config, about.text), links, _OWNER)
    if config.website:
        _link(section, config.website, _shown(config.website), "website")
    return Page("about-author", title, section)


def also_by(config: BookConfig, links: Links, store: str | None) -> Page | None:
    books = list(back_matter.other_books(config.also_by, config.title, config.identifier))
    if not books:
        return None
    title = label(config.language, "also-by").format(author=_authors(config))
    section = _section("also-by", title)
    items = sub(section, "ul", {"class": "also-by-list"})
    for book in books:
        item = sub(items, "li")
        href = book.link(store, config.website)
        holder = sub(item, "a", {"href": href}) if href else item
        sub(holder, "cite", {"class": "book-title"}, book.title)
    return Page("also-by", title, section)


def newsletter(config: BookConfig, links: Links, store: str | None) -> Page | None:
    news = config.newsletter
    if news is None:
        return None
    title = news.title or label(config.language, "newsletter")
    section = _section("newsletter", title)
    render_blocks(section, _blocks(config, news.text), links, _OWNER)
    _link(section, news.url, _shown(news.url), "call-to-action")
    return Page("newsletter", title, section)


_BUILDERS: dict[str, Callable[[BookConfig, Links, str | None], Page | None]] = {
    "acknowledgements": acknowledgements,
    "about-author": about_author,
    "also-by": also_by,
    "newsletter": newsletter,
}


def back_pages(config: BookConfig, links: Links, store: str | None = None) -> list[Page]:
    """The back-matter pages the book has, in BACK's order, linking for STORE."""
    pages = (_BUILDERS[name](config, links, store) for name in BACK)
    return [page for page in pages if page is not None]


def back_names(config: BookConfig) -> list[str]:
    """The names of the back-matter pages the book has, without rendering them."""
    others = back_matter.other_books(config.also_by, config.title, config.identifier)
    has = {
        "acknowledgements": bool(config.acknowledgements),
        "about-author": config.about_author is not None,
        "also-by": any(True for _ in others),
        "newsletter": config.newsletter is not None,
    }
    return [name for name in BACK if has[name]]
