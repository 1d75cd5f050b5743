"""Scene breaks: one semantic element, wherever and however the author marked them."""

from __future__ import annotations

from dataclasses import replace

from builder.markers import is_scene_break_line
from builder.model import SCENE_BREAK, Book, Chapter, Element, Node, plain_text
from builder.transforms import map_chapters


def _is_break(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == SCENE_BREAK


def _as_break(node: Node) -> Node:
    # A paragraph of only "* * *" or "oOo" (or an empty Markdown heading "###") is a break
    # the author typed by hand; Markdown itself only knows *** and ---.
    if isinstance(node, Element) and node.tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
        text = plain_text(node.children)
        if (not text.strip() and node.tag != "p") or is_scene_break_line(text):
            return Element(SCENE_BREAK, (), (), node.line)
    return node


def _tidy(blocks: tuple[Node, ...]) -> tuple[Node, ...]:
    """No break at the very start or end of a chapter, never two in a row."""
    out: list[Node] = []
    for node in blocks:
        if _is_break(node) and (not out or _is_break(out[-1])):
            continue
        out.append(node)
    while out and _is_break(out[-1]):
        out.pop()
    return tuple(out)


def mark(book: Book) -> Book:
    """Turn hand-typed break lines into scene-break elements."""

    def change(chapter: Chapter) -> Chapter:
        return replace(chapter, blocks=tuple(_as_break(node) for node in chapter.blocks))

    return map_chapters(book, change)


def tidy(book: Book) -> Book:
    """Drop breaks that separate nothing (at a chapter's edges, or doubled)."""
    return map_chapters(book, lambda chapter: replace(chapter, blocks=_tidy(chapter.blocks)))
