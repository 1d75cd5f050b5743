"""Google Docs' "Web page" download: what its footnotes bring that is not the text.

Google Docs writes each footnote as a paragraph in a <div> of its own, after a rule, its
number a link back to the reference: `<hr><div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a>
<span>&nbsp;The note.</span></p></div>`. notes.py finds the notes by that pair of links;
here the rule above them is taken out (read as it is, it would end the last chapter with
a scene break) and so is the no-break space between a note's number and its text.
"""

from __future__ import annotations

import re

from lxml import etree

# Google Docs' ids: the note's link back is ftntN, the reference it leads to ftnt_refN.
_BACK = re.compile(r"^ftnt\d+$")


def google_notes(tree: etree._Element) -> None:
    """Rewrite TREE in place where it holds Google Docs' notes (nothing otherwise)."""
    for back in list(tree.iter("a")):
        if not _BACK.match(back.get("id") or ""):
            continue
        if not (back.get("href") or "").startswith("#ftnt_ref"):
            continue
        paragraph = back.getparent()
        box = paragraph.getparent() if paragraph is not None else None
        if box is None or box.tag != "div":
            continue
        rule = box.getprevious()
        if rule is not None and rule.tag == "hr":
            _remove(rule)
        _strip_start(back)


def _strip_start(back: etree._Element) -> None:
    """The space (a no-break space) after the note's number, where its text starts."""
    if back.tail and back.tail.strip(" \xa0"):
        back.tail = back.tail.lstrip(" \xa0")
        return
    following = back.getnext()
    while following is not None and not (following.text or "").strip(" \xa0") and len(following):
        following = following[0]
    if following is not None and following.text:
        following.text = following.text.lstrip(" \xa0")


def _remove(element: etree._Element) -> None:
    """Take ELEMENT out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
