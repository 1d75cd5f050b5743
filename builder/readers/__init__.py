"""Readers turn one manuscript file into Chapters of the document model: a Markdown or
plain-text file is one chapter, a Word or HTML file may hold many (readers.split)."""

from __future__ import annotations

from pathlib import Path

from builder import sources
from builder.config import PlainTextStyle
from builder.errors import BookError, Location
from builder.labels import label
from builder.model import Chapter, Footnote, Node, Text
from builder.readers import embedded, html, markdown, plaintext
from builder.readers.split import Section, sections, take_title

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Read as bytes, through the importer's readers: their pictures are inside them.
BINARY_SUFFIXES = embedded.SUFFIXES


def is_binary(source: str) -> bool:
    """Whether SOURCE is read as bytes (a Word or EPUB file) rather than as UTF-8 text."""
    return source.lower().endswith(BINARY_SUFFIXES)


def is_markup(source: str) -> bool:
    """Whether SOURCE is an HTML, Word or EPUB file (book check has no line-based view of it)."""
    return source.lower().endswith(HTML_SUFFIXES + BINARY_SUFFIXES)


def read_chapter(root: Path, source: str, number: int, language: str = "en") -> Chapter:
    """Read the manuscript file SOURCE (book-relative) as chapter NUMBER (its first)."""
    raw = sources.read_bytes(root, source, Location(source))
    return chapters(root, source, content(source, raw), number, language)[0]


def content(source: str, raw: bytes) -> str | bytes:
    """What SOURCE's reader takes: a Word file's bytes as they are, any other file's text."""
    return raw if is_binary(source) else sources.decode(source, raw)


def chapters(
    root: Path,
    source: str,
    text: str | bytes,
    number: int,
    language: str = "en",
    plain_text: PlainTextStyle | None = None,
) -> tuple[Chapter, ...]:
    """The chapters of the manuscript file SOURCE, whose content is TEXT (see content),
    numbered from NUMBER: a Markdown or plain-text file is one chapter, a Word,
    OpenDocument, EPUB or HTML file may hold many (readers.split).

    PLAIN_TEXT is book.yaml's paragraph style for .txt files (None: guessed per file)."""
    found = _sections(root, source, text, plain_text)
    if not any(section.blocks or section.notes for section in found):
        raise BookError("the chapter has no text", Location(source, 1), "C001")
    return tuple(
        Chapter(source, n, section.title or _untitled(n, language), section.blocks, section.notes)
        for n, section in enumerate(found, start=number)
    )


def _sections(
    root: Path, source: str, text: str | bytes, plain_text: PlainTextStyle | None
) -> list[Section]:
    if isinstance(text, bytes):
        return embedded.sections(root, source, text)
    if is_markup(source):
        return sections(*_read_markup(root, source, text))
    if source.endswith(".txt"):
        title, blocks = plaintext.read(text, plain_text)
        return [Section(title, blocks)]
    try:
        blocks, notes = markdown.read(root, source, text)
    except RecursionError:
        # markdown-it bounds nesting itself; this guards the rest of the way down.
        message = "the text is nested too deeply (quotes or lists inside each other)"
        raise BookError(message, Location(source, 1), "M005") from None
    title, blocks = take_title(blocks)
    return [Section(title, blocks, notes)]


def _untitled(number: int, language: str) -> tuple[Node, ...]:
    return (Text(f"{label(language, 'chapter')} {number}"),)


def _read_markup(
    root: Path, source: str, content: str
) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    try:
        return html.read(root, source, content.encode("utf-8"))
    except RecursionError:
        message = "the document is nested too deeply (elements inside each other)"
        raise BookError(message, Location(source, 1), "M005") from None
