"""What the stores refuse: a link to a competing store, and files beyond their limits.

A store edition (`book build --store`) carries every link of the chapters and of
book.yaml's texts, and its back matter's links for that store. Stores reject or pull
books that send readers to a competitor, so a link that goes to another store is D001,
reported once per place with the editions it would be in. D003 and D004 hold the cover
and the edition to each store's published limits (docs/publishing.md cites them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from builder import back_matter
from builder.back_matter import STORE_NAMES, STORES, store_of
from builder.checks import images
from builder.checks.findings import WARNING, Finding
from builder.config import CONFIG_FILE, BookConfig
from builder.errors import BookError, Location
from builder.model import Chapter, Element, Node
from builder.readers import markdown

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """A store's published limits; None where it states none."""

    cover_side: int | None = None  # pixels on the longer side of the cover
    cover_bytes: int | None = None
    image_pixels: int | None = None  # width × height of any image in the EPUB, the cover too
    file_bytes: int | None = None


LIMITS = {
    # KDP: cover at most 10,000 × 10,000 pixels and 50 MB (Cover Image Guidelines); an
    # uploaded file at most 650 MB (Save Your Manuscript File).
    "kindle": Limits(cover_side=10_000, cover_bytes=50 * MB, file_bytes=650 * MB),
    # Apple Books Asset Guide: images within the EPUB at most 5.6 million pixels; 2 GB.
    "apple": Limits(image_pixels=5_600_000, file_bytes=2_000 * MB),
    # Kobo's EPUB guidelines (kobolabs/epub-spec, Limitations and Maximums): 1 GB an EPUB.
    "kobo": Limits(file_bytes=1_000 * MB),
    # Google Play Books (Files and uploading overview): cover at most 7,200 pixels high and
    # wide; each file under 2 GB.
    "google": Limits(cover_side=7_200, file_bytes=2_000 * MB),
}


def check(config: BookConfig, chapters: list[Chapter], epub: Path | None) -> list[Finding]:
    """The store findings for the book: its links, its cover, its images and its EPUB."""
    found = [*_competing_links(config, chapters), *_cover(config)]
    found.extend(_images(config, chapters))
    if epub is not None and epub.is_file():
        found.extend(_edition_size(config, epub))
    return found


# --- D001 and D002 ---------------------------------------------------------------------------


def _placed(nodes: tuple[Node, ...], line: int = 0) -> Iterator[tuple[Element, int]]:
    """Every element with its line, or its nearest block's (inline elements have none)."""
    for node in nodes:
        if isinstance(node, Element):
            here = node.line or line
            yield node, here
            yield from _placed(node.children, here)


def _links(nodes: tuple[Node, ...]) -> Iterator[tuple[str, int]]:
    for node, line in _placed(nodes):
        if node.tag == "a" and node.attr("href"):
            yield node.attr("href"), line


def _placed_links(config: BookConfig, chapters: list[Chapter]) -> Iterator[tuple[str, Location]]:
    """Every link every edition carries, whatever the store, with where it is written."""
    for chapter in chapters:
        for tree in (chapter.blocks, *(note.blocks for note in chapter.notes)):
            for href, line in _links(tree):
                yield href, Location(chapter.source, line or None)
    for key, text in _texts(config):
        where = Location(CONFIG_FILE, config.lines.get(key))
        for href, _ in _links(markdown.read(config.root, CONFIG_FILE, text)[0]):
            yield href, where
    news = config.newsletter.url if config.newsletter else None
    for key, link in (("website", config.website), ("newsletter", news)):
        if link:
            yield link, Location(CONFIG_FILE, config.lines.get(key))


def _texts(config: BookConfig) -> Iterator[tuple[str, str]]:
    """book.yaml's Markdown texts, by key."""
    about, news = config.about_author, config.newsletter
    texts = [("dedication", config.dedication),
             ("epigraph", config.epigraph.text if config.epigraph else None),
             ("acknowledgements", config.acknowledgements),
             ("about-author", about.text if about else None),
             ("newsletter", news.text if news else None),
             *(("praise", quote.quote) for quote in config.praise)]  # fmt: skip
    return ((key, text) for key, text in texts if text)


def _competing_links(config: BookConfig, chapters: list[Chapter]) -> Iterator[Finding]:
    for href, where in _placed_links(config, chapters):
        target = store_of(href)
        if target is not None:
            editions = [store for store in STORES if store != target]
            yield _finding("D001", _competing(href, target, editions), where)
    for other in back_matter.other_books(config.also_by, config.title, config.identifier):
        # The entry's own links only: the book's website is reported above, once.
        wrong: dict[str, list[str]] = {}
        for store in STORES:
            link = other.link(store)
            if link and store_of(link) not in (None, store):
                wrong.setdefault(link, []).append(store)
        lines = dict(other.link_lines)
        for href, editions in wrong.items():
            key = next(key for key, link in other.links if link == href)
            where = Location(CONFIG_FILE, lines.get(key) or other.line or None)
            yield _finding("D001", _competing(href, store_of(href) or "", editions), where)
    for other in config.also_by:
        if back_matter.is_this_book(other, config.title, config.identifier):
            message = f"also-by lists this book ({other.title!r}); the page leaves it out"
            yield _finding("D002", message, Location(CONFIG_FILE, other.line or None))


def _competing(href: str, target: str, editions: list[str]) -> str:
    names = [STORE_NAMES[store] for store in editions]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    kind = "edition" if len(names) == 1 else "editions"
    return f"{href} goes to {STORE_NAMES[target]}: the {kind} for {listed} would link to it"


def _finding(code: str, message: str, where: Location) -> Finding:
    return Finding(code, WARNING, message, where.file, where.line, where.column)


# --- D003 and D004 ---------------------------------------------------------------------------


def _facts(config: BookConfig, path: str, where: Location) -> images.ImageFacts | None:
    try:
        return images.facts(config.root / path, path, where)
    except (BookError, OSError):  # reported by the build's own checks (F001, I001, I002)
        return None


def _cover(config: BookConfig) -> Iterator[Finding]:
    if config.cover is None:
        return
    where = Location(CONFIG_FILE, config.lines.get("cover"))
    facts = _facts(config, config.cover, where)
    if facts is None or facts.pixels is None:
        return
    width, height = facts.pixels
    for store, limits in LIMITS.items():
        beyond = []
        if limits.cover_side and max(width, height) > limits.cover_side:
            beyond.append(f"{limits.cover_side:,} pixels on a side")
        if limits.cover_bytes and facts.size > limits.cover_bytes:
            beyond.append(f"{limits.cover_bytes // MB} MB")
        if limits.image_pixels and width * height > limits.image_pixels:
            beyond.append(f"{limits.image_pixels / MB:g} million pixels")
        if beyond:
            message = (
                f"the cover ({width} × {height} pixels, {facts.size / MB:.1f} MB) is beyond "
                f"{STORE_NAMES[store]}'s limit of {' and '.join(beyond)}"
            )
            yield _finding("D003", message, where)


def _images(config: BookConfig, chapters: list[Chapter]) -> Iterator[Finding]:
    limit = LIMITS["apple"].image_pixels or 0
    seen = set()
    for chapter in chapters:
        for node, line in _placed(chapter.blocks):
            path = node.attr("src") if node.tag == "img" else ""
            if not path or path in seen or path == config.cover:
                continue
            seen.add(path)
            where = Location(chapter.source, line or None)
            facts = _facts(config, path, where)
            if facts and facts.pixels and facts.pixels[0] * facts.pixels[1] > limit:
                width, height = facts.pixels
                message = (
                    f"{path!r} is {width} × {height} pixels, beyond Apple Books' limit of "
                    f"{limit / MB:g} million pixels for an image in an EPUB"
                )
                yield _finding("D004", message, where)


def _edition_size(config: BookConfig, epub: Path) -> Iterator[Finding]:
    size = epub.stat().st_size
    for store, limits in LIMITS.items():
        if limits.file_bytes and size > limits.file_bytes:
            message = (
                f"the EPUB is {size / MB:,.0f} MB, beyond {STORE_NAMES[store]}'s limit of "
                f"{limits.file_bytes / MB:,.0f} MB"
            )
            yield _finding("D004", message, Location(f"dist/{epub.name}"))
