"""Page-break markers and the page list: the printed edition's pages inside the EPUB.

Places come from the PDF's layout (see page_map.py); each is found again in the
EPUB's own rendering of the same section and marked there. Note numbers are not
counted: the printed edition has its footnotes there instead (page_starts.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from builder.render.page_map import Place
from builder.render.xhtml import NOTE_CLASSES, el


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _block_at(section: etree._Element, path: tuple[int, ...]) -> etree._Element | None:
    element = section
    for index in path:
        children = [child for child in element if isinstance(child.tag, str)]
        if index >= len(children):
            return None
        element = children[index]
    return element


def _text_slots(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, "text" or "tail") for every text node inside ELEMENT, in reading order,
    leaving out the text of note numbers."""
    yield element, "text"
    for child in element:
        if child.get("class") not in NOTE_CLASSES:
            yield from _text_slots(child)
        yield child, "tail"


def marker(label: str) -> etree._Element:
    return el(
        "span",
        {"id": f"page-{label}", "epub:type": "pagebreak", "role": "doc-pagebreak",
         "aria-label": label},
    )  # fmt: skip


# Parents that may hold a marker next to a block (not ol, ul, table rows...).
_FLOW = frozenset({"section", "blockquote", "aside", "div", "li", "dd", "figure", "td", "th"})


def insert(section: etree._Element, place: Place, label: str) -> bool:
    """Put the page-break marker for LABEL at PLACE (moved back to a word boundary).

    False if the section has no such place: the PDF saw another text than the EPUB's.
    """
    path, offset = place
    span = marker(label)
    if not path:  # the page begins with the section itself
        section.insert(0, span)
        return True
    block = _block_at(section, path)
    if block is None:
        return False
    parent = block.getparent()
    if offset == 0 and parent is not None and _local(parent.tag) in _FLOW:
        parent.insert(parent.index(block), span)
        return True
    seen = 0
    for node, slot in _text_slots(block):
        text = getattr(node, slot) or ""
        if seen + len(text) > offset:
            local = offset - seen
            _split(node, slot, text.rfind(" ", 0, local + 1) + 1, span)
            return True
        seen += len(text)
    if offset > seen:
        return False
    block.append(span)
    return True


def _split(node: etree._Element, slot: str, cut: int, span: etree._Element) -> None:
    text = getattr(node, slot) or ""
    if slot == "text":
        node.text = text[:cut]
        span.tail = text[cut:]
        node.insert(0, span)
    else:
        parent = node.getparent()
        assert parent is not None
        node.tail = text[:cut]
        span.tail = text[cut:]
        parent.insert(parent.index(node) + 1, span)


def page_list(entries: list[tuple[str, str]], heading: str) -> etree._Element:
    """The navigation document's page list: (href, label) in page order."""
    nav = el("nav", {"epub:type": "page-list", "role": "doc-pagelist", "hidden": "hidden",
                     "class": "page-list"})  # fmt: skip
    h2 = el("h2", None, heading)
    nav.append(h2)
    ol = el("ol")
    nav.append(ol)
    for href, label in entries:
        li = el("li")
        li.append(el("a", {"href": href}, label))
        ol.append(li)
    return nav
