"""What the book's design brings into its PDF: typefaces and ornament pictures.

The preflight tells a fallback font (one the machine lent for a missing character) from
the book's own typefaces, and a theme's ornament from the author's pictures, with these.
"""

from __future__ import annotations

from typing import Any

from builder.config import BookConfig
from builder.render import styles, themes

HOUSE_TYPEFACE = "EB Garamond"
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def families(config: BookConfig) -> tuple[str, ...]:
    """The book's typefaces as the PDF names its fonts ("EB-Garamond", "EB-Garamond-Italic"):
    ours and each family an @font-face rule of the print stylesheets declares."""
    import tinycss2

    names = {HOUSE_TYPEFACE}
    for sheet in styles.for_config(config, "print"):
        rules = tinycss2.parse_stylesheet(sheet.data.decode("utf-8-sig"), skip_comments=True)
        for rule in rules:
            if getattr(rule, "lower_at_keyword", "") == "font-face" and rule.content:
                names.update(_family(rule.content))
    return tuple(sorted(name.replace(" ", "-") for name in names))


def _family(content: list[Any]) -> list[str]:
    import tinycss2

    found = []
    for declaration in tinycss2.parse_blocks_contents(content, skip_whitespace=True):
        if getattr(declaration, "lower_name", "") == "font-family":
            words = [t.value for t in declaration.value if t.type in ("string", "ident")]
            found.append(" ".join(str(word) for word in words))
    return found


def ornaments(config: BookConfig) -> dict[tuple[int, int], str]:
    """The theme's raster ornaments by their size in pixels, to know them in the PDF."""
    from PIL import Image

    theme = themes.of(config)
    found: dict[tuple[int, int], str] = {}
    folder = theme.folder / "ornaments"
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in RASTER and path.is_file() and not path.is_symlink():
            with Image.open(path) as picture:
                found[picture.size] = f"{theme.relative}ornaments/{path.name}"
    return found
