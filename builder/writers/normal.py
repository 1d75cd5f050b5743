"""The model as Markdown can say it: one tree for each thing Markdown has one way to write.

Markdown cannot tell two adjacent Text nodes from one, *a**b* from *ab*, or an emphasis
that starts with a space from one whose space is just outside it, so the writer first brings
the tree to this form and then writes it exactly; reading the file back gives this form.
What changes is invisible in a book, except where the docstrings below say otherwise.
"""

from __future__ import annotations

from dataclasses import replace

from markdown_it.common.utils import isWhiteSpace

from builder.model import (
    NOTEREF,
    Code,
    Element,
    Footnote,
    Node,
    Text,
    iter_elements,
    plain_text,
)  # fmt: skip

# Inline elements written with delimiters: their edges can hold no space.
DELIMITED = frozenset({"em", "strong", "s"})
# Inline elements with attributes that Markdown ({.class} after them) can carry.
ATTRIBUTED = frozenset({"span", "a", "img", "code"})
INLINE = DELIMITED | ATTRIBUTED | {"sup", "sub", "br", NOTEREF}


def is_space(char: str) -> bool:
    """Whitespace as CommonMark's emphasis rules count it."""
    return isWhiteSpace(ord(char))


def inlines(nodes: tuple[Node, ...], inside: frozenset[str] = frozenset()) -> tuple[Node, ...]:
    """Inline nodes in writable form: texts merged, emphasis edges without spaces, an
    emphasis inside the same emphasis unwrapped, empty and attribute-less spans dropped."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            if node.text:
                out.append(node)
        elif isinstance(node, Code):
            out.append(Text(node.text))  # outside a code span or autolink Markdown has no Code
        elif node.tag in ("br", NOTEREF, "img"):
            out.append(_bare(node))
        elif node.tag == "code":
            out.extend(_code(node))
        elif (node.tag in inside and node.tag in DELIMITED) or node.tag not in INLINE:
            out.extend(inlines(node.children, inside))
        elif node.tag in ("sup", "sub"):
            out.extend(_script(node))
        elif node.tag == "span" and not node.attrs:
            out.extend(inlines(node.children, inside))
        else:
            out.extend(_element(node, inside))
    return _merged(out)


def _bare(node: Element) -> Element:
    return Element(node.tag, node.children, node.attrs)


def _code(node: Element) -> tuple[Node, ...]:
    """A code span is one line in Markdown: a line break in it is a space; an empty one
    is nothing."""
    text = "".join(c.text for c in node.children if not isinstance(c, Element))
    text = text.replace("\n", " ")
    return (Element("code", (Code(text),), node.attrs),) if text else ()


def _script(node: Element) -> tuple[Node, ...]:
    """Superscript and subscript hold only text in Markdown (^2^, ~2~) and no white space
    but plain spaces: markup inside is dropped, other white space becomes a space."""
    text = "".join(" " if c.isspace() else c for c in plain_text(node.children))
    if not text.strip():
        return (Text(text),) if text else ()
    return (Element(node.tag, (Text(text),)),)


def _element(node: Element, inside: frozenset[str]) -> tuple[Node, ...]:
    attrs = node.attrs if node.tag in ATTRIBUTED else ()
    children = inlines(node.children, inside | {node.tag})
    if node.tag == "a" and is_autolink(node):
        return (Element("a", node.children, attrs),)
    if node.tag == "a":
        return _link(children, attrs)
    if node.tag not in DELIMITED:
        if not children and node.tag == "span":
            return ()
        return (Element(node.tag, children, attrs),)
    lead, core, trail = _edges(children)
    middle = (Element(node.tag, core),) if core else ()
    return (*lead, *middle, *trail)


def _link(children: tuple[Node, ...], attrs: tuple[tuple[str, str], ...]) -> tuple[Node, ...]:
    """A link as Markdown can hold it: a span around its whole text goes outside it
    ([[text]{.smallcaps}](url) is no link), other spans in it are dropped, and a note's
    reference in it follows it."""
    if len(children) == 1 and _is_span(children[0]):
        span = children[0]
        assert isinstance(span, Element)
        return (Element("span", _link(span.children, attrs), span.attrs),)
    children = inlines(_unspanned(children), frozenset({"a"}))
    notes = tuple(e for e in iter_elements(children) if e.tag == NOTEREF)
    return (Element("a", _without_notes(children), attrs), *notes)


def _is_code(node: Node | None) -> bool:
    return isinstance(node, Element) and node.tag == "code"


def _is_span(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == "span"


def _unspanned(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """A link's text without spans (Markdown reads no [span]{.x} inside a link's text)."""
    out: list[Node] = []
    for node in nodes:
        if _is_span(node):
            assert isinstance(node, Element)
            out.extend(_unspanned(node.children))
        elif isinstance(node, Element):
            out.append(replace(node, children=_unspanned(node.children)))
        else:
            out.append(node)
    return _merged(out)


def _without_notes(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    return inlines(
        tuple(
            Element(n.tag, _without_notes(n.children), n.attrs) if isinstance(n, Element) else n
            for n in nodes
            if not (isinstance(n, Element) and n.tag == NOTEREF)
        )
    )


def is_autolink(node: Element) -> bool:
    """A link that shows its own address (<https://...>): the reader's Code child."""
    if len(node.children) != 1 or not isinstance(node.children[0], Code) or node.attrs[1:]:
        return False
    text, href = node.children[0].text, node.attr("href")
    plain = all(not c.isspace() and c not in "<>" for c in href) and ":" in href
    return plain and href in (text, f"mailto:{text}")


def _edges(nodes: tuple[Node, ...]) -> tuple[list[Node], tuple[Node, ...], list[Node]]:
    """Spaces and line breaks at the edges of an emphasis, taken out of it."""
    core = list(nodes)
    lead: list[Node] = []
    trail: list[Node] = []
    while core and _edge(core[0]):
        first = core.pop(0)
        if isinstance(first, Text):
            stripped = first.text.lstrip("".join(c for c in first.text if is_space(c)))
            lead.append(Text(first.text[: len(first.text) - len(stripped)]))
            if stripped:
                core.insert(0, Text(stripped))
                break
        else:
            lead.append(first)
    while core and _edge(core[-1], end=True):
        last = core.pop()
        if isinstance(last, Text):
            kept = last.text.rstrip("".join(c for c in last.text if is_space(c)))
            trail.insert(0, Text(last.text[len(kept) :]))
            if kept:
                core.append(Text(kept))
                break
        else:
            trail.insert(0, last)
    return lead, tuple(core), trail


def _edge(node: Node, end: bool = False) -> bool:
    if isinstance(node, Element):
        return node.tag == "br"
    if isinstance(node, Code) or not node.text:
        return False
    return is_space(node.text[-1] if end else node.text[0])


def _merged(nodes: list[Node]) -> tuple[Node, ...]:
    """Adjacent texts as one, and adjacent emphases of one kind as one (*a**b* is *ab*).

    A subscript right after struck-out text, or first in it, is its text alone: `~~a~~~2~`
    is not read as it was meant, and Markdown has no other way to write it."""
    out: list[Node] = []
    for node in _unstruck(nodes):
        last = out[-1] if out else None
        if isinstance(node, Text) and isinstance(last, Text):
            out[-1] = Text(last.text + node.text)
        elif (
            isinstance(node, Element)
            and isinstance(last, Element)
            and node.tag == last.tag
            and node.tag in DELIMITED
        ):
            out[-1] = Element(node.tag, _merged([*last.children, *node.children]))
        elif _is_code(node) and _is_code(last) and node.attrs == last.attrs:  # type: ignore[union-attr]
            joined = plain_text(last.children) + plain_text(node.children)  # type: ignore[union-attr]
            out[-1] = Element("code", (Code(joined),), node.attrs)  # type: ignore[union-attr]
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return tuple(out)


def _unstruck(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag == "sub" and _is_struck(out[-1:]):
            node = Text(plain_text(node.children))
        elif isinstance(node, Element) and node.tag == "s" and _is_sub(node.children[:1]):
            first = Text(plain_text(node.children[:1]))
            node = Element("s", _merged([first, *node.children[1:]]), node.attrs)
        out.append(node)
    return out


def _is_struck(nodes: list[Node]) -> bool:
    return bool(nodes) and isinstance(nodes[0], Element) and nodes[0].tag == "s"


def _is_sub(nodes: tuple[Node, ...]) -> bool:
    return bool(nodes) and isinstance(nodes[0], Element) and nodes[0].tag == "sub"


def footnotes(blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> list[int]:
    """The notes' numbers in the order Markdown numbers them: by first reference, from the
    text and then from the notes as they are written; a note never referenced has none."""
    by_number = {note.number: note for note in notes}
    order: list[int] = []

    def visit(nodes: tuple[Node, ...]) -> None:
        for element in iter_elements(nodes):
            number = int(element.attr("note") or 0) if element.tag == NOTEREF else 0
            if number in by_number and number not in order:
                order.append(number)

    visit(blocks)
    index = 0
    while index < len(order):  # the list grows as notes refer to further notes
        visit(by_number[order[index]].blocks)
        index += 1
    return order
