"""Transforms: small Book -> Book functions, applied in order by the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from builder.model import Book, Chapter

Transform = Callable[[Book], Book]


def map_chapters(book: Book, change: Callable[[Chapter], Chapter]) -> Book:
    """A new Book with CHANGE applied to every chapter."""
    parts = tuple(
        replace(part, chapters=tuple(change(chapter) for chapter in part.chapters))
        for part in book.parts
    )
    return replace(book, parts=parts)
