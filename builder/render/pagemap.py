"""The print pages, carried into the EPUB: where each printed page begins in the text.

After layout, the first thing printed on each page is traced back to its block
(a paragraph, heading, list item...) and to how many characters into that
block the page starts. The EPUB renderer draws the same sections, so it can
put a page-break marker at the same place, and list the pages in its
navigation: readers can then cite the printed edition's pages from the ebook.

A place is (path, offset): the block's position below its section as element
indexes, and characters of the block's text before the page begins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from builder.render.xhtml import el

Place = tuple[tuple[int, ...], int]
# Section id -> (page label, place) of every printed page that begins in it, in order.
PageMap = dict[str, list[tuple[str, Place]]]
# Elements a page can begin in, as far as the page list is concerned.
BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "pre", "figure", "hr"}
)
_SPACE = re.compile(r"\s+")
_WHITE = re.compile(r"\s")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _text(element: Any) -> str:
    """A block's characters, each white-space character as a space (lengths unchanged)."""
    return _WHITE.sub(" ", "".join(element.itertext()))


def _first_box(box: Any) -> Any:
    """The first thing drawn in a page's main flow: text, an image, or a rule."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return None
    if isinstance(box, boxes.TextBox):
        return box if box.text.strip() else None
    if isinstance(box, boxes.ReplacedBox):
        return box
    if getattr(box, "element_tag", "") == "hr":
        return box
    for child in getattr(box, "children", ()):
        found = _first_box(child)
        if found is not None:
            return found
    return None


class Tracer:
    """Finds, page by page, where each page of a laid-out document begins."""

    def __init__(self, root: Any) -> None:
        self.parents = {child: parent for parent in root.iter() for child in parent}
        self.cursor: dict[Any, int] = {}  # block -> where the last search ended

    def place(self, page: Any, section_ids: set[str]) -> tuple[str, Place] | None:
        """(section id, place) where PAGE begins, if it begins inside one of the sections."""
        box = _first_box(page._page_box)
        if box is None or box.element is None:
            return None
        element, block, path = box.element, None, []
        while element is not None and element.get("id") not in section_ids:
            if block is None and _local(element.tag) in BLOCKS:
                block = element
            parent = self.parents.get(element)
            if parent is not None and block is not None:
                path.append(list(parent).index(element))
            element = parent
        if element is None or block is None:
            return (element.get("id"), ((), 0)) if element is not None else None
        return element.get("id"), (tuple(reversed(path)), self._offset(block, box))

    def _offset(self, block: Any, box: Any) -> int:
        text = getattr(box, "text", "")
        fragment = _SPACE.sub(" ", text).strip()[:40]
        if not fragment:
            return 0
        start = self.cursor.get(block, 0)
        found = _text(block).find(fragment, start)
        if found < 0:
            return start
        self.cursor[block] = found + 1
        return found


# --- the EPUB side --------------------------------------------------------------------------


def _block_at(section: etree._Element, path: tuple[int, ...]) -> etree._Element | None:
    element = section
    for index in path:
        children = [child for child in element if isinstance(child.tag, str)]
        if index >= len(children):
            return None
        element = children[index]
    return element


def _text_slots(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, "text" or "tail") for every text node inside ELEMENT, in reading order."""
    yield element, "text"
    for child in element:
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
    """Put the page-break marker for LABEL at PLACE (moved back to a word boundary)."""
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
