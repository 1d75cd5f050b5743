"""The pages that sell the next book: book.yaml's back-matter keys and the stores they link to.

`about-author`, `also-by`, `newsletter`, `acknowledgements`, `praise` and `website` are
parsed here (config.py's FIELDS names these parsers), so that the schema of the pages and
the store rules live in one place. A store edition (`book build --store kindle`) links only
to its own store; a link it has not got falls back to the book's website.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from yaml.nodes import Node, ScalarNode, SequenceNode

from builder import sources
from builder.errors import BookError, BookWarning, Location
from builder.yamlsafe import fields, location

CONFIG_FILE = "book.yaml"

# The stores a book can have an edition for, in the order `--store all` builds them.
STORES = ("kindle", "apple", "kobo", "google")
LINK_KEYS = (*STORES, "website")

# The web domains of each store, to tell which store a link goes to. A domain matches
# itself and its subdomains (www.amazon.co.uk, books.apple.com, play.google.com).
STORE_DOMAINS: dict[str, tuple[str, ...]] = {
    "kindle": ("amazon.", "amzn.to", "amzn.com", "a.co"),
    "apple": ("books.apple.com", "itunes.apple.com", "apple.co"),
    "kobo": ("kobo.com",),
    "google": ("play.google.com", "books.google."),
}
STORE_NAMES = {"kindle": "Amazon Kindle", "apple": "Apple Books", "kobo": "Kobo",
               "google": "Google Play Books"}  # fmt: skip


@dataclass(frozen=True)
class AboutAuthor:
    text: str
    photo: str | None = None


@dataclass(frozen=True)
class OtherBook:
    """A book of the author's, as "Also by" lists it; LINKS maps a store (or website) to a URL."""

    title: str
    links: tuple[tuple[str, str], ...] = ()
    identifier: str | None = None
    line: int = 0
    link_lines: tuple[tuple[str, int], ...] = ()  # the line of each link in book.yaml

    def link(self, store: str | None, website: str | None = None) -> str | None:
        """The link an edition for STORE shows (None: the store-neutral edition)."""
        links = dict(self.links)
        return (links.get(store) if store else None) or links.get("website") or website


@dataclass(frozen=True)
class Newsletter:
    text: str
    url: str
    title: str | None = None


@dataclass(frozen=True)
class Praise:
    quote: str
    source: str | None = None


# --- parsers: (node, ctx) -> value, as config.FIELDS calls them -----------------------------


class _Context(Protocol):
    @property
    def root(self) -> Path: ...


def _error(node: Node, message: str, code: str = "Y003") -> BookError:
    return BookError(message, location(node, CONFIG_FILE), code)


def _text(node: Node) -> str:
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        raise _error(node, "expected text")
    value = str(node.value).strip()
    if not value:
        raise _error(node, "must not be empty", "Y006")
    return value


def url(node: Node, ctx: object = None) -> str:
    """An http(s) or mailto link: a reader's app opens nothing else from a book."""
    value = _text(node)
    parts = urlsplit(value)
    if parts.scheme == "mailto" and "@" in parts.path:
        return value
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise _error(node, f"{value!r} is not a web address (https://...)", "Y006")
    return value


def about_author(node: Node, ctx: _Context) -> AboutAuthor:
    if isinstance(node, ScalarNode):
        return AboutAuthor(_text(node))
    values = fields(node, CONFIG_FILE, {"text": True, "photo": False})
    photo = None
    if "photo" in values:
        photo = _text(values["photo"])
        sources.resolve(ctx.root, photo, location(values["photo"], CONFIG_FILE))
    return AboutAuthor(_text(values["text"]), photo)


def also_by(node: Node, ctx: object) -> tuple[OtherBook, ...]:
    if not isinstance(node, SequenceNode):
        raise _error(node, "expected a list of {title, links}")
    books = []
    for item in node.value:
        if isinstance(item, ScalarNode):
            books.append(OtherBook(_text(item), line=item.start_mark.line + 1))
            continue
        values = fields(item, CONFIG_FILE, {"title": True, "links": False, "identifier": False})
        links = (
            fields(values["links"], CONFIG_FILE, dict.fromkeys(LINK_KEYS, False))
            if "links" in values
            else {}
        )
        identifier = _text(values["identifier"]) if "identifier" in values else None
        books.append(
            OtherBook(
                _text(values["title"]),
                tuple((key, url(links[key])) for key in LINK_KEYS if key in links),
                identifier,
                item.start_mark.line + 1,
                tuple((key, links[key].start_mark.line + 1) for key in LINK_KEYS if key in links),
            )
        )
    return tuple(books)


def newsletter(node: Node, ctx: object) -> Newsletter:
    values = fields(node, CONFIG_FILE, {"text": True, "url": True, "title": False})
    title = _text(values["title"]) if "title" in values else None
    return Newsletter(_text(values["text"]), url(values["url"]), title)


def praise(node: Node, ctx: object) -> tuple[Praise, ...]:
    items = node.value if isinstance(node, SequenceNode) else [node]
    quotes = []
    for item in items:
        if isinstance(item, ScalarNode):
            quotes.append(Praise(_text(item)))
            continue
        values = fields(item, CONFIG_FILE, {"quote": True, "source": False})
        source = _text(values["source"]) if "source" in values else None
        quotes.append(Praise(_text(values["quote"]), source))
    return tuple(quotes)


def text(node: Node, ctx: object) -> str:
    return _text(node)


# --- store rules ---------------------------------------------------------------------------


def store_of(link: str) -> str | None:
    """The store a link goes to (kindle, apple, kobo, google), or None."""
    host = (urlsplit(link).hostname or "").lower()
    for store, domains in STORE_DOMAINS.items():
        for domain in domains:
            if domain.endswith("."):  # amazon.com, amazon.co.uk, amazon.de...
                if re.search(rf"(^|\.){re.escape(domain)}[a-z.]+$", host):
                    return store
            elif host == domain or host.endswith("." + domain):
                return store
    return None


def _same_title(one: str, other: str) -> bool:
    def key(title: str) -> str:
        folded = unicodedata.normalize("NFKC", title).casefold()
        return " ".join(re.sub(r"[^\w\s]", " ", folded).split())

    return key(one) == key(other)


def is_this_book(other: OtherBook, title: str, identifier: str) -> bool:
    """Whether an "Also by" entry is the book itself (same title, or same identifier)."""
    return _same_title(other.title, title) or (other.identifier or "").lower() == identifier.lower()


def other_books(books: tuple[OtherBook, ...], title: str, identifier: str) -> Iterator[OtherBook]:
    """The entries of "Also by" that are not this book."""
    return (book for book in books if not is_this_book(book, title, identifier))


def warn_self_listing(config: _Listing) -> None:
    """Warn (D002) for each "Also by" entry that is the book itself: the pages leave it out."""
    for other in config.also_by:
        if is_this_book(other, config.title, config.identifier):
            message = f"also-by lists this book ({other.title!r}); it is left out of the page"
            where = Location(CONFIG_FILE, other.line or None)
            warnings.warn(BookWarning(message, where, "D002"), stacklevel=2)


class _Listing(Protocol):
    @property
    def also_by(self) -> tuple[OtherBook, ...]: ...
    @property
    def title(self) -> str: ...
    @property
    def identifier(self) -> str: ...


def parse_stores(value: str) -> tuple[str, ...]:
    """`--store kindle,kobo` or `all` as the stores, in STORES' order; ValueError if unknown."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if names == ["all"]:
        return STORES
    for name in names:
        if name not in STORES:
            raise ValueError(f"{name!r} is not a store ({', '.join(STORES)} or all)")
    return tuple(store for store in STORES if store in names)
