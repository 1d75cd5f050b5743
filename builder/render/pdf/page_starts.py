"""Where each laid-out page begins: its first block, and characters into that block.

See page_map.py for what a place is and how the EPUB uses it. The PDF's chapters
carry print footnotes where the EPUB's have note numbers: places leave both out
(xhtml.NOTE_CLASSES), so that they count the characters the two editions share.
"""

from __future__ import annotations

import re
from typing import Any

from builder.render.page_map import BLOCKS, Place
from builder.render.xhtml import NOTE_CLASSES

_SPACE = re.compile(r"\s+")
_WHITE = re.compile(r"\s")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _text(element: Any) -> str:
    """A block's characters but its notes', each white-space character as a space."""
    return _WHITE.sub(" ", "".join(_shared_text(element)))


def _shared_text(element: Any) -> list[str]:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.get("class") not in NOTE_CLASSES:
            parts += _shared_text(child)
        parts.append(child.tail or "")
    return parts


def _index(parent: Any, element: Any) -> int:
    """ELEMENT's position among PARENT's elements (comments do not count, as in the EPUB)."""
    return [child for child in parent if isinstance(child.tag, str)].index(element)


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
                path.append(_index(parent, element))
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
