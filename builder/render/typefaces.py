"""The book's typefaces in print: the fonts of its theme, and the builder's EB Garamond.

Each built-in theme's font stacks end with EB Garamond (styles/fonts/), so a character
the theme's face lacks (the two-em dash of "Mr. ⸺", a hair space) is set in a font the
builder ships and embeds, never in whatever the machine has. The missing-glyph warning
(pdf/glyphs.py) asks here which fonts those are.
"""

from __future__ import annotations

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
