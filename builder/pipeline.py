"""The build, stage by stage: the only module that wires config, readers, transforms and packagers.

book.yaml  --config.load-->  BookConfig
manuscript --readers------->  Book
Book       --TRANSFORMS---->  Book
Book       --render.epub--->  dist/<name>.epub
Book       --render.pdf---->  dist/<name>.pdf
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from builder import config as config_mod
from builder import media
from builder.model import Book, Element, Node, Part, Text
from builder.output import write_atomically
from builder.readers import markdown, read_chapter
from builder.render.page_map import PageMap
from builder.transforms import Transform, authors_notes, indents, scene_breaks, typography

# Order matters: breaks typed as "* * *" paragraphs must be known before author's notes
# are found (a note often ends at a break), and indents come last, when blocks are final.
TRANSFORMS: tuple[Transform, ...] = (
    scene_breaks.mark,
    typography.apply,
    authors_notes.apply,
    scene_breaks.tidy,
    indents.apply,
)

DIST = "dist"
FORMATS = ("epub", "pdf")


def read_book(root: Path) -> Book:
    """Load book.yaml and read every manuscript file in reading order."""
    config = config_mod.load(root)
    parts = []
    number = 0
    for index, group in enumerate(config.contents, start=1):
        chapters = []
        for source in group.files:
            number += 1
            chapters.append(read_chapter(root, source, number, config.language))
        parts.append(Part(index, group.part, tuple(chapters)))
    return Book(config, tuple(parts), _front(root, config.dedication), _epigraph(root, config))


def _front(root: Path, text: str | None) -> tuple[Node, ...]:
    return markdown.read(root, config_mod.CONFIG_FILE, text)[0] if text else ()


def _epigraph(root: Path, config: config_mod.BookConfig) -> tuple[Node, ...]:
    if config.epigraph is None:
        return ()
    blocks = _front(root, config.epigraph.text)
    if config.epigraph.source:
        source = Element("p", (Text("—" + config.epigraph.source),), (("class", "source"),))
        blocks += (source,)
    return blocks


def transform(book: Book, transforms: Iterable[Transform] = TRANSFORMS) -> Book:
    for step in transforms:
        book = step(book)
    return book


def build_time(config: config_mod.BookConfig, environ: Mapping[str, str]) -> datetime:
    """The one moment every timestamp in the outputs uses, so that builds are reproducible.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) wins, then the book's date;
    without either, a fixed date rather than the clock.
    """
    if environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(environ["SOURCE_DATE_EPOCH"]), UTC)
        return max(stamp, datetime(1980, 1, 1, tzinfo=UTC)).replace(tzinfo=None)
    if config.date:
        year, month, day = [*map(int, config.date.split("-")), 1, 1][:3]
        return datetime(max(year, 1980), month, day)
    return datetime(2000, 1, 1)


def build(root: Path, formats: Iterable[str] = FORMATS, target: str | None = None) -> list[Path]:
    """Build the book in ROOT; return the paths written (EPUB first, then PDF).

    TARGET ("print" or "digital"), when given, overrides book.yaml's print.target.
    """
    book = transform(read_book(root))
    if target is not None:
        settings = replace(book.config.print, target=target)  # type: ignore[arg-type]
        book = replace(book, config=replace(book.config, print=settings))
    when = build_time(book.config, os.environ)
    digest = source_digest(book.config)
    media.check_all(book)
    outputs: dict[str, bytes] = {}
    # The PDF first: its pages become the EPUB's page list.
    page_map = None
    if "pdf" in formats:
        from builder.render.pdf import package as pdf

        outputs["pdf"], page_map = pdf.package(book, when)
    if "epub" in formats:
        from builder.render.epub import package as epub

        saved = page_map if page_map is not None else saved_page_map(root, digest)
        outputs["epub"] = epub.package(book, when, saved)
    # Written only once every output is made: a failed build leaves all of dist/ as it was.
    written = {kind: write_atomically(_output(book, kind), data) for kind, data in outputs.items()}
    if page_map is not None:
        write_atomically(root / PAGE_MAP, json.dumps([digest, page_map]).encode())
    return [written[kind] for kind in FORMATS if kind in written]


# Where the last PDF's pages began, for an EPUB built on its own from the same source.
PAGE_MAP = Path(DIST) / ".cache" / "pages.json"


def _output(book: Book, kind: str) -> Path:
    return book.config.root / DIST / f"{book.config.output}.{kind}"


def source_digest(config: config_mod.BookConfig) -> str:
    """A hash of everything the text and its pages come from: book.yaml, manuscript, builder."""
    from builder import __version__

    digest = hashlib.sha256(__version__.encode())
    root = config.root
    chapters = [path for group in config.contents for path in group.files]
    files = [config_mod.CONFIG_FILE, *chapters, *config.styles]
    for name in files:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return digest.hexdigest()


def saved_page_map(root: Path, digest: str) -> PageMap | None:
    """The page map of the last PDF, if it was built from exactly this source."""
    try:
        saved_digest, page_map = json.loads((root / PAGE_MAP).read_text())
    except (OSError, ValueError):
        return None
    if saved_digest != digest:
        return None
    return {
        section: [(label, (tuple(path), offset)) for label, (path, offset) in entries]
        for section, entries in page_map.items()
    }
