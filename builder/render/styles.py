"""The stylesheets a book uses: ours (shared base plus one per output) and then the author's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from builder import sources
from builder.errors import Location
from builder.model import Book


def house_folder() -> Path:
    """The builder's own styles/ folder (stylesheets and fonts)."""
    return Path(str(resources.files("builder").joinpath("styles"))).resolve()


def house_url() -> str:
    return house_folder().as_uri() + "/"


def house(name: str) -> bytes:
    """One of the builder's own stylesheets (styles/NAME in the repository)."""
    return (house_folder() / name).read_bytes()


def for_output(book: Book, output: str) -> list[tuple[str, bytes]]:
    """(file name, content) of every stylesheet for OUTPUT ('epub' or 'print'), in cascade order."""
    sheets = [("base.css", house("base.css")), (f"{output}.css", house(f"{output}.css"))]
    root = book.config.root
    where = Location("book.yaml", book.config.lines.get("styles"))
    for index, path in enumerate(book.config.styles, start=1):
        sheets.append((f"user-{index}.css", sources.read_bytes(root, path, where)))
    return sheets
