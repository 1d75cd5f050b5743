"""First paragraphs: no indent after a heading, a scene break or an author's note.

Done as a class in the model rather than only with CSS sibling selectors because
several e-readers apply their own paragraph indents and honour a class more
reliably, and because the PDF uses the same markup.
"""

from __future__ import annotations

from dataclasses import replace

from builder.model import AUTHORS_NOTE, SCENE_BREAK, Book, Element, Node
from builder.transforms import map_chapters

NO_INDENT = "noindent"
_RESETS = frozenset({SCENE_BREAK, AUTHORS_NOTE, "h1", "h2", "h3", "h4", "h5", "h6"})


def _with_class(element: Element, name: str) -> Element:
    classes = element.attr("class").split()
    if name in classes:
        return element
    attrs = tuple((k, v) for k, v in element.attrs if k != "class")
    return replace(element, attrs=(*attrs, ("class", " ".join([*classes, name]))))


def mark_first(blocks: tuple[Node, ...]) -> tuple[Node, ...]:
    """Mark the paragraphs that open a chapter, a scene or a note."""
    out: list[Node] = []
    previous: Node | None = None
    for node in blocks:
        if isinstance(node, Element):
            if node.tag == "p" and (previous is None or _resets(previous)):
                node = _with_class(node, NO_INDENT)
            elif node.tag == AUTHORS_NOTE:
                node = replace(node, children=mark_first(node.children))
        out.append(node)
        previous = node
    return tuple(out)


def _resets(node: Node) -> bool:
    return isinstance(node, Element) and node.tag in _RESETS


def apply(book: Book) -> Book:
    return map_chapters(book, lambda chapter: replace(chapter, blocks=mark_first(chapter.blocks)))
