"""Characters the book typeface lacks: where Pango would quietly borrow a system font.

The PDF must look the same on every machine, so a character outside EB
Garamond is reported (file and line of its first use) instead of being left to
whatever fallback font the machine happens to have.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from builder.errors import Location
from builder.model import Book, Element, iter_elements, plain_text
from builder.render import styles, themes


@cache
def covered(folder: Path | None = None) -> frozenset[int]:
    """Code points the book typeface has a glyph for: ours, or the regular faces of a
    theme's fonts/ FOLDER (a theme with fonts of its own sets its text in them)."""
    from fontTools.ttLib import TTFont

    fonts = folder if folder is not None else styles.house_folder() / "fonts"
    faces = sorted(p for p in fonts.glob("*-Regular.*") if p.suffix in (".otf", ".ttf"))
    if not faces:  # no face named Regular: the theme names its own otherwise; judge by ours
        faces = sorted((styles.house_folder() / "fonts").glob("*-Regular.otf"))
    points: set[int] = set()
    for face in faces:
        points.update(TTFont(face, lazy=True).getBestCmap())
    return frozenset(points)


def _ignorable(char: str) -> bool:
    # Spaces, controls and format characters (joiners, marks) draw nothing themselves.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Zs")


def missing(book: Book) -> list[tuple[str, Location]]:
    """Each character the typeface lacks, with where it is first used."""
    theme_fonts = themes.of(book.config).folder / "fonts"
    known = covered(theme_fonts if theme_fonts.is_dir() else None)
    found: dict[str, Location] = {}
    for chapter in book.chapters():
        for block in iter_elements(chapter.blocks):
            if not isinstance(block, Element) or not block.line:
                continue
            for char in set(plain_text(block.children)):
                if ord(char) not in known and char not in found and not _ignorable(char):
                    found[char] = Location(chapter.source, block.line)
    return sorted(found.items(), key=lambda item: (item[1].file, item[1].line or 0, item[0]))
