"""Readers turn one manuscript file into a Chapter of the document model."""

from __future__ import annotations

from pathlib import Path

from builder import sources
from builder.config import PlainTextStyle
from builder.errors import BookError, Location
from builder.labels import label
from builder.model import Chapter, Element, Footnote, Node, Text
from builder.readers import markdown, plaintext


def read_chapter(root: Path, source: str, number: int, language: str = "en") -> Chapter:
    """Read the manuscript file SOURCE (book-relative) as chapter NUMBER."""
    return chapter(root, source, sources.read_text(root, source), number, language)


def chapter(
    root: Path,
    source: str,
    text: str,
    number: int,
    language: str = "en",
    plain_text: PlainTextStyle | None = None,
) -> Chapter:
    """The manuscript file SOURCE, whose text is TEXT, as chapter NUMBER.

    PLAIN_TEXT is book.yaml's paragraph style for .txt files (None: guessed per file)."""
    if source.endswith(".txt"):
        title, blocks = plaintext.read(text, plain_text)
        notes: tuple[Footnote, ...] = ()
    else:
        try:
            blocks, notes = markdown.read(root, source, text)
        except RecursionError:
            # markdown-it bounds nesting itself; this guards the rest of the way down.
            message = "the text is nested too deeply (quotes or lists inside each other)"
            raise BookError(message, Location(source, 1), "M005") from None
        title, blocks = _take_title(blocks)
    if not blocks and not notes:
        raise BookError("the chapter has no text", Location(source, 1), "C001")
    if not title:
        title = (Text(f"{label(language, 'chapter')} {number}"),)
    return Chapter(source, number, title, blocks, notes)


def _take_title(blocks: tuple[Node, ...]) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """A chapter's title is its first heading, taken out of the text."""
    for index, block in enumerate(blocks):
        if isinstance(block, Element) and block.tag in ("h1", "h2", "h3") and block.children:
            return block.children, blocks[:index] + blocks[index + 1 :]
    return (), blocks
