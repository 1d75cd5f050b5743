"""Characters the book typeface lacks: where Pango would quietly borrow a system font.

The PDF must look the same on every machine, so a character outside the book's
typefaces (its theme's fonts and EB Garamond, render/typefaces.py) is reported (file
and line of its first use) instead of being left to whatever fallback font the machine
happens to have.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from builder.errors import Location
from builder.model import Book, Element, iter_elements, plain_text
from builder.render import typefaces


@cache
def covered(faces: tuple[Path, ...]) -> frozenset[int]:
    """Code points one of FACES has a glyph for."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for face in faces:
        points.update(TTFont(face, lazy=True).getBestCmap())
    return frozenset(points)


def _ignorable(char: str) -> bool:
    # Spaces, controls and format characters (joiners, marks) draw nothing themselves.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Zs")


def missing(book: Book) -> list[tuple[str, Location]]:
    """Each character the typeface lacks, with where it is first used."""
    known = covered(typefaces.faces(book.config))
    found: dict[str, Location] = {}
    for chapter in book.chapters():
        for block in iter_elements(chapter.blocks):
            if not isinstance(block, Element) or not block.line:
                continue
            for char in set(plain_text(block.children)):
                if ord(char) not in known and char not in found and not _ignorable(char):
                    found[char] = Location(chapter.source, block.line)
    return sorted(found.items(), key=lambda item: (item[1].file, item[1].line or 0, item[0]))
