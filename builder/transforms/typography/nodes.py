"""Apply the typography rules (engine.py) to the book's text nodes, and only to them.

The rules see each paragraph as a run of segments so that a quote next to
*emphasis* pairs correctly, and see a chapter's paragraphs in order so that a
quotation may run over several paragraphs. Code and URLs travel along as
context but are never changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from builder.model import (
    BLOCK_TAGS,
    Book,
    Chapter,
    Code,
    Element,
    Footnote,
    GatheredNote,
    Node,
    Text,
)
from builder.transforms import map_chapters
from builder.transforms.typography.engine import smarten
from builder.transforms.typography.segments import Segment

_INVISIBLE = frozenset({"noteref", "img"})


def _is_inline(node: Node) -> bool:
    return not isinstance(node, Element) or node.tag not in BLOCK_TAGS


def _segments(nodes: tuple[Node, ...], out: list[Segment]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            out.append((node.text, "text"))
        elif isinstance(node, Code):
            out.append((node.text, "code"))
        elif node.tag == "br":
            out.append(("\n", "code"))  # whitespace context, not part of the text
        elif node.tag not in _INVISIBLE:
            _segments(node.children, out)


def _collect(nodes: tuple[Node, ...], blocks: list[list[Segment]]) -> None:
    """Split node trees into text blocks: each run of inline nodes is one block."""
    run: list[Segment] = []
    for node in nodes:
        if _is_inline(node):
            _segments((node,), run)
            continue
        if run:
            blocks.append(run)
            run = []
        assert isinstance(node, Element)
        _collect(node.children, blocks)
    if run:
        blocks.append(run)


def _rebuild(nodes: tuple[Node, ...], texts: Iterator[str]) -> tuple[Node, ...]:
    """The same trees with each Text replaced, in depth-first order, by the next new text."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(next(texts)))
        elif isinstance(node, Element) and node.children and node.tag not in _INVISIBLE:
            out.append(replace(node, children=_rebuild(node.children, texts)))
        else:
            out.append(node)
    return tuple(out)


def smarten_nodes(nodes: tuple[Node, ...], language: str) -> tuple[Node, ...]:
    """Typography over a sequence of blocks (or one run of inline nodes) read in order."""
    blocks: list[list[Segment]] = []
    _collect(nodes, blocks)
    if not blocks:
        return nodes
    results = smarten(blocks, language)
    texts = (
        new
        for block, result in zip(blocks, results, strict=True)
        for (_, kind), new in zip(block, result, strict=True)
        if kind == "text"
    )
    return _rebuild(nodes, texts)


def apply(book: Book) -> Book:
    """Curly quotes, apostrophes, dashes and ellipses in the book's language."""
    if not book.config.typography:
        return book
    language = book.config.language

    def change(chapter: Chapter) -> Chapter:
        notes = tuple(
            Footnote(note.number, smarten_nodes(note.blocks, language)) for note in chapter.notes
        )
        return replace(
            chapter,
            title=smarten_nodes(chapter.title, language),
            blocks=smarten_nodes(chapter.blocks, language),
            notes=notes,
        )

    book = map_chapters(book, change)
    gathered = tuple(
        GatheredNote(note.chapter, smarten_nodes(note.blocks, language))
        for note in book.gathered_notes
    )
    return replace(
        book,
        dedication=smarten_nodes(book.dedication, language),
        epigraph=smarten_nodes(book.epigraph, language),
        gathered_notes=gathered,
    )
