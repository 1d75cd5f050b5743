"""Blocks in the form writers/normal.py gives inline content: the model as Markdown says it.

Markdown has no empty paragraph, no line break at a paragraph's end, and decides from the
blank lines whether a list is "tight" (its items' text directly in them) or "loose" (in
paragraphs); these functions bring blocks to what the written file reads back as.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from builder.model import AUTHORS_NOTE, BLOCK_TAGS, SCENE_BREAK, Code, Element, Node, Text
from builder.writers.normal import _merged, inlines

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks that may follow a line of a tight list item directly, with no blank line.
_INTERRUPTS = _HEADINGS | {"ul", "ol", "blockquote", "pre", SCENE_BREAK}


def blocks(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """Blocks in writable form: inline content as above, empty paragraphs dropped, a line
    break ending a paragraph dropped (Markdown has none there), lists tight or loose."""
    out: list[Node] = []
    for node in nodes:
        if not isinstance(node, Element):
            text = _paragraph(inlines((node,)))
            out.extend((Element("p", text),) if text else ())
        elif node.tag == "p":
            text = _paragraph(inlines(node.children))
            out.extend((Element("p", text, node.attrs),) if text else ())
        elif node.tag in _HEADINGS:
            out.append(Element(node.tag, _heading(node), node.attrs))
        elif node.tag in ("blockquote", AUTHORS_NOTE):
            out.append(Element(node.tag, blocks(node.children), node.attrs))
        elif node.tag == "pre":
            out.append(_pre(node))
        elif node.tag == SCENE_BREAK:
            out.append(Element(SCENE_BREAK))
        elif node.tag in ("ul", "ol"):
            out.extend(_listing(node))
        elif node.tag == "table":
            out.append(_table(node))
        elif node.tag in BLOCK_TAGS:
            out.extend(blocks(node.children))
        else:
            text = _paragraph(inlines((node,)))
            out.extend((Element("p", text),) if text else ())
    return tuple(out)


def _paragraph(text: tuple[Node, ...]) -> tuple[Node, ...]:
    while text and isinstance(text[-1], Element) and text[-1].tag == "br":
        text = text[:-1]
    return text


def _heading(node: Element) -> tuple[Node, ...]:
    """A heading's text; below level 1, a heading is one line, and a line break in it
    is kept as a new-line character (a title's line breaks are kept: see markdown.py)."""
    text = _paragraph(inlines(node.children))
    if node.tag != "h1":
        text = _newlines(text)
    if node.attrs:
        text = _without_trailing_space(text)
    return text


def _without_trailing_space(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """A heading's text before its `{#id .class}`: the reader takes the white space before
    the braces as part of them, even written as a character reference (`&#10;`)."""
    if nodes and isinstance(nodes[-1], Text):
        kept = nodes[-1].text.rstrip()
        return (*nodes[:-1], Text(kept)) if kept else nodes[:-1]
    return nodes


def _newlines(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element):
            is_br = node.tag == "br"
            out.append(Text("\n") if is_br else replace(node, children=_newlines(node.children)))
        else:
            out.append(node)
    return _merged(out)


def has_break(nodes: tuple[Node, ...]) -> bool:
    """Whether inline nodes hold a line break (a br element or a new-line character)."""
    return any(
        has_break(node.children) or node.tag == "br"
        if isinstance(node, Element)
        else "\n" in node.text
        for node in nodes
    )


def _pre(node: Element) -> Element:
    code = "".join(
        leaf.text
        for child in node.children
        for leaf in (child.children if isinstance(child, Element) else (child,))
        if not isinstance(leaf, Element)
    )
    if code and not code.endswith("\n"):
        code += "\n"  # a fence's last line ends with one
    return Element("pre", (Element("code", (Code(code),)),))


def _listing(node: Element) -> tuple[Node, ...]:
    items = [_item(li) for li in node.children if isinstance(li, Element)]
    if not items:
        return ()
    tight = all(is_tight(item) for item in items)
    if not tight and not (len(items) == 1 and len(items[0]) == 1 and _is_p(items[0][0])):
        items = [_loose(item) for item in items]
    elif not tight:  # one item of one paragraph: Markdown calls that tight
        items = [tuple(items[0][0].children) if isinstance(items[0][0], Element) else ()]
    start = node.attr("start") if node.tag == "ol" else ""
    attrs = tuple(a for a in node.attrs if a[0] != "start")
    attrs += (("start", start),) if start not in ("", "1") else ()
    return (Element(node.tag, tuple(Element("li", i) for i in items), attrs),)


def _is_p(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == "p"


def _item(li: Element) -> tuple[Node, ...]:
    out: list[Node] = []
    for inline, run in runs(li.children):
        out.extend(_paragraph(inlines(tuple(run))) if inline else blocks(tuple(run)))
    return tuple(out)


def runs(nodes: tuple[Node, ...]) -> list[tuple[bool, list[Node]]]:
    """Children of a list item as runs of inline nodes and of blocks, in order."""
    out: list[tuple[bool, list[Node]]] = []
    for node in nodes:
        inline = not (isinstance(node, Element) and node.tag in BLOCK_TAGS)
        if out and out[-1][0] == inline:
            out[-1][1].append(node)
        else:
            out.append((inline, [node]))
    return out


def is_tight(item: tuple[Node, ...]) -> bool:
    """Whether an item can be written without blank lines: text first, then blocks that
    can follow a line of text directly (a paragraph or a list numbered from 5 cannot)."""
    parts = runs(item)
    if any(inline for inline, _ in parts[1:]):
        return False
    found = [n for inline, run in parts if not inline for n in run]
    elements = [b for b in found if isinstance(b, Element)]
    if any(b.tag not in _INTERRUPTS or _attributed(b) for b in elements):
        return False
    if any(a.tag == b.tag == "blockquote" for a, b in itertools.pairwise(elements)):
        return False  # two quotes with no blank line between are one
    if parts and parts[0][0] and elements:
        first = elements[0]
        if first.tag == "ol" and first.attr("start") not in ("", "1"):
            return False
        if first.tag in ("ul", "ol") and not (first.children and _has_text(first.children[0])):
            return False
    return True


def _attributed(node: Element) -> bool:
    return any(key != "start" for key, _ in node.attrs)


def _has_text(node: Node) -> bool:
    return isinstance(node, Element) and bool(node.children)


def _loose(item: tuple[Node, ...]) -> tuple[Node, ...]:
    out: list[Node] = []
    for inline, run in runs(item):
        out.extend((Element("p", tuple(run)),) if inline else run)
    return tuple(out)


def _table(node: Element) -> Element:
    def cells(row: Element) -> tuple[Node, ...]:
        return tuple(
            Element(c.tag, _newlines(_paragraph(inlines(c.children))), c.attrs)
            for c in row.children
            if isinstance(c, Element)
        )

    parts = [
        Element(part.tag, tuple(Element("tr", cells(r)) for r in part.children
                                if isinstance(r, Element)))
        for part in node.children
        if isinstance(part, Element)
    ]  # fmt: skip
    return Element("table", tuple(parts))
