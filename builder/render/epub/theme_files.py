"""The theme's own files in the EPUB: its fonts (those theme.yaml lists) and its ornaments.

The theme's stylesheets travel under styles/theme/ and the files they use beside them,
at the same relative paths, so a url() in a theme's CSS means the same file in the EPUB
as in the PDF. Fonts go in only when theme.yaml's ``fonts:`` lists them: a theme without
that list leaves the typeface to the reader's device.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any

from ebooklib import epub

from builder.errors import BookError, Location
from builder.model import Book
from builder.render import styles, themes
from builder.render.epub import fonts

MEDIA_TYPES = {
    ".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp",
}  # fmt: skip
FONT_SUFFIXES = (".otf", ".ttf", ".woff", ".woff2")


def for_epub(
    book: Book, sheets: list[styles.Sheet], characters: Callable[[], set[str]]
) -> list[epub.EpubItem]:
    """Manifest items for the theme's fonts (subset to CHARACTERS(), fonts.py) and for the
    files its EPUB stylesheets use. CHARACTERS reads every document: called only when
    there is a font to subset (most books have none, and `book serve` renders often)."""
    theme = themes.of(book.config)
    wanted = dict.fromkeys(theme.fonts)
    for sheet in sheets:
        if sheet.name.startswith(styles.THEME_DIR):
            for url in urls(sheet.data):
                wanted[_checked(theme, sheet.name, url)] = None
    fonts_wanted = any(path.lower().endswith(FONT_SUFFIXES) for path in wanted)
    shown = characters() if fonts_wanted else set()
    return [_item(theme, path, shown) for path in wanted]


def _checked(theme: themes.Theme, sheet: str, url: str) -> str:
    """The theme file a url() in the theme's stylesheet SHEET names."""
    where = Location(theme.relative + sheet.removeprefix(styles.THEME_DIR))
    path = PurePosixPath(url.split("#", 1)[0].split("?", 1)[0]).as_posix()  # ./a is a
    suffix = path[path.rfind(".") :].lower()
    if ":" in path or suffix not in MEDIA_TYPES:
        raise BookError(f"url({url}) is not a font or picture of the theme", where, "F001")
    if suffix in FONT_SUFFIXES and path not in theme.fonts:
        message = (f"url({url}): the EPUB carries only the fonts theme.yaml lists under fonts "
                   "(or put this @font-face in print.css)")  # fmt: skip
        raise BookError(message, where, "F001")
    try:
        themes.inside(theme.folder, path)
    except ValueError as error:
        raise BookError(str(error), where, "F001") from None
    return path


def _item(theme: themes.Theme, path: str, characters: set[str]) -> epub.EpubItem:
    suffix = path[path.rfind(".") :].lower()
    uid = "theme-" + re.sub(r"[^A-Za-z0-9]+", "-", path)
    data = font_data(theme, path, characters) if suffix in FONT_SUFFIXES else theme.read(path)
    return epub.EpubItem(uid, f"styles/{styles.THEME_DIR}{path}", MEDIA_TYPES[suffix], data)


def font_data(theme: themes.Theme, path: str, characters: set[str]) -> bytes:
    """The bytes of a font the EPUB carries: the glyphs of CHARACTERS, renamed (fonts.py)."""
    return fonts.subset(theme.read(path), characters)


def urls(data: bytes) -> Iterator[str]:
    """Every url() of a stylesheet, found by tinycss2 (quoted or not)."""
    import tinycss2

    tokens = tinycss2.parse_stylesheet(data.decode("utf-8-sig"), skip_comments=True)
    stack: list[Any] = tokens[::-1]  # popped in the order they are written
    while stack:
        token = stack.pop()
        kind = getattr(token, "type", "")
        if kind == "url":
            yield token.value
        elif kind == "function" and token.lower_name == "url":
            yield from (arg.value for arg in token.arguments if arg.type == "string")
        for name in ("prelude", "content", "arguments"):
            stack.extend(reversed(getattr(token, name, None) or ()))
