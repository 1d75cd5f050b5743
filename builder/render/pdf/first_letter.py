"""A drop cap's first line, set clear of the cap (WeasyPrint issue #1859).

A drop cap is the paragraph's own first letter, floated (``::first-letter``), so the
word stays whole for search and screen readers. WeasyPrint 70 and earlier place a
float that starts a line correctly and shorten that line by the float's width, but
start the line's text where the float is: the first line is printed over the cap.
(Its fix, Kozea/WeasyPrint pull request #2751, keeps the line's position after the
float; no release has it yet.) Until one does, the rest of such a line is moved
right by the float's width, here, once the line is laid out: its breaks were
already made for the shortened width, and justification then fills the line to
the margin. Only a line that starts with a floated ``::first-letter`` is touched,
so no other layout changes.
"""

from __future__ import annotations

from typing import Any

_PATCHED = "_book_first_letter"


def patch() -> None:
    """Wrap WeasyPrint's line layout once per process (idempotent)."""
    from weasyprint.layout import inline

    original = inline.split_inline_box
    if getattr(original, _PATCHED, False):
        return

    def split_inline_box(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(context, box, *args, **kwargs)
        _clear_of_cap(box, result[0])
        return result

    setattr(split_inline_box, _PATCHED, True)
    inline.split_inline_box = split_inline_box


def _clear_of_cap(box: Any, line: Any) -> None:
    """Move the text after a line's floated first letter to the right of it."""
    from weasyprint.formatting_structure import boxes

    if not isinstance(box, boxes.LineBox) or not line.children:
        return
    cap = line.children[0]
    left_to_right = box.style["direction"] == "ltr"
    if not (
        cap.is_floated()
        and cap.element_tag.endswith("::first-letter")
        and cap.style["float"] in ("left", "inline-start")
        and left_to_right
    ):
        return
    shift = max(cap.margin_width(), 0)
    for child in line.children[1:]:
        if child.is_in_normal_flow():
            child.translate(dx=shift)
