"""The build, stage by stage: the only module that wires config, readers, transforms and packagers.

book.yaml  --config.load-->  BookConfig
manuscript --readers------->  Book
Book       --TRANSFORMS---->  Book
Book       --render.epub--->  dist/<name>.epub
Book       --render.pdf---->  dist/<name>.pdf
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from builder import config as config_mod
from builder.model import Book, Element, Node, Part, Text
from builder.readers import markdown, read_chapter
from builder.transforms import Transform, authors_notes, indents, scene_breaks, typeset

# Order matters: breaks typed as "* * *" paragraphs must be known before author's notes
# are found (a note often ends at a break), and indents come last, when blocks are final.
TRANSFORMS: tuple[Transform, ...] = (
    scene_breaks.mark,
    typeset.apply,
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
            chapters.append(read_chapter(root, source, number))
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


def write_atomically(path: Path, data: bytes) -> Path:
    """Write beside the target and rename, so a failed build never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); outputs get the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def build(root: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Build the book in ROOT; return the paths written."""
    book = transform(read_book(root))
    when = build_time(book.config, os.environ)
    written = []
    for kind in FORMATS:
        if kind in formats:
            data = _package(book, kind, when)
            target = root / DIST / f"{book.config.output}.{kind}"
            written.append(write_atomically(target, data))
    return written


def _package(book: Book, kind: str, when: datetime) -> bytes:
    # Packagers are imported here: WeasyPrint takes a second to import.
    if kind == "epub":
        from builder.render import epub

        return epub.package(book, when)
    from builder.render import pdf

    return pdf.package(book, when)
