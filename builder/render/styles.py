"""The stylesheets a book uses: ours (shared base plus one per output) and then the author's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from builder import sources
from builder.errors import BookError, Location
from builder.model import Book


def house_folder() -> Path:
    """The builder's own styles/ folder (stylesheets and fonts)."""
    return Path(str(resources.files("builder").joinpath("styles"))).resolve()


def house(name: str) -> bytes:
    """One of the builder's own stylesheets (styles/NAME in the repository)."""
    return (house_folder() / name).read_bytes()


def for_output(book: Book, output: str) -> list[tuple[str, bytes]]:
    """(file name, content) of every stylesheet for OUTPUT ('epub' or 'print'), in cascade order."""
    sheets = [("base.css", house("base.css")), (f"{output}.css", house(f"{output}.css"))]
    root = book.config.root
    where = Location("book.yaml", book.config.lines.get("styles"))
    for index, path in enumerate(book.config.styles, start=1):
        data = sources.read_bytes(root, path, where)
        check_values(path, data)
        sheets.append((f"user-{index}.css", data))
    return sheets


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
