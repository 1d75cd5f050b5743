"""Word, OpenDocument and EPUB files in the manuscript, read as `book import` reads them.

An author who keeps writing in Word rebuilds from the .docx itself: its chapters, notes and
pictures come through the importer's readers (builder/importer/formats.py), so a file
builds into the book exactly as it would import. Its pictures live inside it, and the build
shows pictures from files of the book folder; so each one is written, named by its content,
to dist/.cache/pictures/ (output, never the author's folders), where the packagers, the
print layout and `book check` find it like any other picture. What the book cannot carry
(a comment, a picture no e-reader shows) is one warning per file.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from builder.errors import BookError, BookWarning, Location
from builder.model import with_pictures
from builder.output import write_atomically
from builder.readers.split import Section

if TYPE_CHECKING:  # the importer reads through this package: its modules come in late
    from builder.importer.imported import Dropped, Imported

SUFFIXES = (".docx", ".odt", ".epub")
PICTURES = "dist/.cache/pictures"


def sections(root: Path, source: str, data: bytes) -> list[Section]:
    """The chapters of the Word or EPUB file SOURCE (book-relative), whose bytes are DATA."""
    from builder.importer import formats

    reader = formats.READERS[Path(source).suffix.lower()]
    try:
        imported = reader(root / source, source, data)
    except RecursionError:
        message = "the document is nested too deeply (elements inside each other)"
        raise BookError(message, Location(source, 1), "M005") from None
    _warn(source, imported.dropped)
    stored = _store(root, imported)
    return [
        section.mapped(lambda nodes: with_pictures(nodes, lambda s: stored.get(s, s)))
        for section in imported.chapters
    ]


def _store(root: Path, imported: Imported) -> dict[str, str]:
    """Each picture written once under PICTURES; the src the model gave it -> its path."""
    stored = {}
    for name, data in imported.pictures.items():
        suffix = Path(name).suffix
        relative = f"{PICTURES}/{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
        path = root / relative
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
        stored[f"images/{name}"] = relative
    return stored


def _warn(source: str, dropped: list[Dropped]) -> None:
    """One warning for the file: what was left out, how many of each, and the first place."""
    from builder.importer import summary

    if dropped:
        total, first = summary.lines(dropped)[:2]
        message = f"{total} ({first.strip()})"
        warnings.warn(BookWarning(message, Location(source), "F009"), stacklevel=2)
