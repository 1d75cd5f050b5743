"""The book's typefaces in print: the fonts of its theme, and the builder's EB Garamond.

Each theme's stylesheets end their font stacks with EB Garamond (styles/fonts/), so a
character the theme's face lacks (the two-em dash of "Mr. ⸺", a hair space) is set in
a font the builder ships and embeds, never in whatever the machine has. The print
preflight (checks/preflight.py) and the missing-glyph warning (pdf/glyphs.py) ask here
which fonts those are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from builder.config import BookConfig
from builder.render import styles, themes

FONT_SUFFIXES = (".otf", ".ttf")


def faces(config: BookConfig) -> tuple[Path, ...]:
    """Every font file the print edition may use: the theme's, then the house's."""
    theme = themes.of(config)
    own = sorted(p for p in theme.folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
    house = sorted((styles.house_folder() / "fonts").glob("*.otf"))
    return (*own, *house)


@cache
def family_keys(paths: tuple[Path, ...]) -> frozenset[str]:
    """The family names of PATHS, lower case without spaces or hyphens, as a PDF's
    BaseFont names them (WeasyPrint writes "Linux-Libertine-O-Italic")."""
    from fontTools.ttLib import TTFont

    keys = set()
    for path in paths:
        names = TTFont(path, lazy=True)["name"]
        for name_id in (1, 16):
            family = names.getDebugName(name_id)
            if family:
                keys.add(_key(family))
    return frozenset(keys)


def _key(name: str) -> str:
    return name.lower().replace(" ", "").replace("-", "")


def is_book_font(config: BookConfig, base_font: str) -> bool:
    """Whether a PDF font (its BaseFont, without the subset tag) is one of the book's."""
    key = _key(base_font)
    return any(key.startswith(family) for family in family_keys(faces(config)))
