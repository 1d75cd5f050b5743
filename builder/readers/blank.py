"""Empty paragraphs in Word and HTML: spacing, or a scene break.

Authors press Enter twice for two reasons: to space every paragraph from the next (a
typewriter habit, or a paste from the web), or to leave a gap between scenes. What tells
them apart is the document itself: the number of empty paragraphs found most often between
two paragraphs of text is its spacing, and only a longer run is a break. In a document
whose paragraphs follow each other directly, one empty paragraph between two paragraphs is
a break; in one with an empty paragraph after every paragraph, it takes two.

Empty paragraphs anywhere else (at the start or end, next to a heading, a picture, a list
or a break already marked) are spacing, and go.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from builder.model import SCENE_BREAK, Element, Node

BLANK = "blank-paragraph"  # the HTML reader's mark for <p></p>, gone once resolve() ran


def _is(node: Node, tag: str) -> bool:
    return isinstance(node, Element) and node.tag == tag


def _runs(blocks: tuple[Node, ...]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of blanks, including empty ones, between two paragraphs."""
    last_p = None
    for index, node in enumerate(blocks):
        if _is(node, "p"):
            if last_p is not None:
                yield last_p + 1, index - last_p - 1
            last_p = index
        elif not _is(node, BLANK):
            last_p = None


def _lists(blocks: tuple[Node, ...]) -> Iterator[tuple[Node, ...]]:
    """Every list of blocks in the tree: the top one and those inside quotes, items..."""
    yield blocks
    for node in blocks:
        if isinstance(node, Element) and node.tag != "p" and node.children:
            yield from _lists(node.children)


def spacing(trees: tuple[tuple[Node, ...], ...]) -> int:
    """The document's usual number of blanks between two paragraphs (the smaller on a tie)."""
    lists = [blocks for tree in trees for blocks in _lists(tree)]
    counts = Counter(length for blocks in lists for _, length in _runs(blocks))
    if not counts:
        return 0
    return min(counts, key=lambda length: (-counts[length], length))


def resolve(blocks: tuple[Node, ...], usual: int) -> tuple[Node, ...]:
    """BLOCKS with each run of more than USUAL blanks between paragraphs a scene break,
    and every other blank gone."""
    breaks = {start for start, length in _runs(blocks) if length > usual}
    out: list[Node] = []
    for index, node in enumerate(blocks):
        if index in breaks:
            out.append(Element(SCENE_BREAK, (), (), node.line if isinstance(node, Element) else 0))
        if _is(node, BLANK):
            continue
        if isinstance(node, Element) and node.tag != "p" and node.children:
            node = replace(node, children=resolve(node.children, usual))
        out.append(node)
    return tuple(out)
