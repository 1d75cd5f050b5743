"""The stylesheets a book uses: ours (shared base plus one per output) and then the author's."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from builder import sources
from builder.config import BookConfig
from builder.errors import BookError, Location
from builder.model import Book
from builder.render import themes


def house_folder() -> Path:
    """The builder's own styles/ folder (stylesheets and fonts)."""
    return Path(str(resources.files("builder").joinpath("styles"))).resolve()


def house(name: str) -> bytes:
    """One of the builder's own stylesheets (styles/NAME in the repository)."""
    return (house_folder() / name).read_bytes()


@dataclass(frozen=True)
class Sheet:
    """One stylesheet of the cascade."""

    name: str  # its path in the EPUB's styles/ folder: base.css, theme/theme.css, user-1.css
    data: bytes
    # Where its url()s resolve: a folder under the builder's styles/ ("house") or under the
    # book ("book"), as a relative path ending in "/" ("" for the folder itself).
    origin: Literal["house", "book"]
    folder: str = ""


THEME_DIR = "theme/"  # the theme's files in the EPUB, under styles/: url()s keep working


def for_output(book: Book, output: str) -> list[Sheet]:
    """Every stylesheet for OUTPUT ('epub' or 'print'), in cascade order: ours, the theme's
    between them (docs/themes.md), then the author's."""
    return for_config(book.config, output)


def for_config(config: BookConfig, output: str) -> list[Sheet]:
    """for_output, from the book's config alone."""
    theme = themes.of(config)
    sheets = [Sheet("base.css", house("base.css"), "house")]
    sheets += _theme_sheets(theme, ["theme.css"])
    sheets.append(Sheet(f"{output}.css", house(f"{output}.css"), "house"))
    sheets += _theme_sheets(theme, [f"{output}.css"])
    if output == "print" and config.print.edition == "large-print":
        sheets.append(Sheet("large-print.css", house("large-print.css"), "house"))
        sheets += _theme_sheets(theme, [theme.large_print] if theme.large_print else [])
    root = config.root
    where = Location("book.yaml", config.lines.get("styles"))
    for index, path in enumerate(config.styles, start=1):
        data = sources.read_bytes(root, path, where)
        check_values(path, data)
        sheets.append(Sheet(f"user-{index}.css", data, "book"))
    return sheets


def _theme_sheets(theme: themes.Theme, names: list[str]) -> list[Sheet]:
    origin: Literal["house", "book"] = "house" if theme.builtin else "book"
    found = []
    for name in names:
        data = theme.sheet(name)
        if data is not None:
            check_values(theme.relative + name, data)
            found.append(Sheet(THEME_DIR + name, data, origin, theme.relative))
    return found


# No length in a book is a hundred thousand units long (that is 28 metres in points):
# WeasyPrint overflows on such a value, or lays out pages for ever.
MAX_CSS_NUMBER = 100_000


def check_values(path: str, data: bytes) -> None:
    """Refuse an author's stylesheet that is not UTF-8 or holds an absurd length."""
    import tinycss2

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = Location(path, line)
        raise BookError("not valid UTF-8; save the file as UTF-8", where, "F005") from None
    tokens = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    stack: list[Any] = list(tokens)
    while stack:
        token = stack.pop()
        kind = getattr(token, "type", "")
        if kind in ("dimension", "percentage") and abs(token.value) > MAX_CSS_NUMBER:
            where = Location(path, token.source_line, token.source_column)
            message = f"{token.serialize()!r} is out of range (more than {MAX_CSS_NUMBER:,})"
            raise BookError(message, where, "P003")
        for name in ("prelude", "content", "arguments"):
            stack.extend(getattr(token, name, None) or ())
