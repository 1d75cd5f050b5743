"""Where an HTML page keeps its footnotes: found by their links, whichever program wrote it.

mammoth writes <li id="footnote-1">, an EPUB marks its notes with epub:type; pandoc, Google
Docs and LibreOffice mark them with nothing a reader can rely on (pandoc's li id="fn1",
Google Docs' a id="ftnt1", LibreOffice's div id="sdfootnote1"). What they all share is a
pair of links: the reference points at the note and the note points back at the reference.
A link whose target leads back to it, and whose target comes later in the page, is a
reference, and the block around that target is the note.
"""

from __future__ import annotations

import re

from lxml import etree

_NOTE_ID = re.compile(r"^(?:foot|end)note-\d+$")  # mammoth's notes: <li id="footnote-1">
_BOXES = frozenset({"li", "div", "aside", "section"})  # what holds one note
# DPUB-ARIA roles of a whole list of notes: pandoc's <section role="doc-endnotes">.
NOTE_LISTS = frozenset({"doc-endnotes", "doc-footnotes"})


def _epub_type(element: etree._Element) -> str:
    return str(element.get("epub:type") or element.get("{http://www.idpf.org/2007/ops}type") or "")


def is_marked_note(element: etree._Element) -> bool:
    """A note that says it is one: mammoth's ids or an EPUB's epub:type."""
    if element.tag == "li" and _NOTE_ID.match(element.get("id") or ""):
        return True
    kinds = _epub_type(element).split()
    return bool(element.get("id")) and any(k in kinds for k in ("footnote", "endnote"))


def _names(element: etree._Element) -> set[str]:
    """What a link may point at: an id, or an old-style <a name> (LibreOffice's)."""
    return {str(value) for value in (element.get("id"), element.get("name")) if value}


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return any(node is outer for node in inner.iterancestors()) or outer is inner


def _box(target: etree._Element, reference: etree._Element) -> etree._Element | None:
    """The note around TARGET: the nearest li/div/aside/section (else paragraph) that does not
    also hold the reference (a wrapper around the whole page is not a note)."""
    for tag_set in (_BOXES, frozenset({"p"})):
        for node in (target, *target.iterancestors()):
            if node.tag in tag_set and not _contains(node, reference):
                return node
    return None


def find(tree: etree._Element) -> tuple[list[etree._Element], dict[str, int]]:
    """The page's notes in reading order, and each name a reference may use → note number."""
    order = {node: index for index, node in enumerate(tree.iter())}
    anchors: dict[str, etree._Element] = {}
    for node in tree.iter():
        if isinstance(node.tag, str):
            for name in _names(node):
                anchors.setdefault(name, node)
    marked = (node for node in order if isinstance(node.tag, str) and is_marked_note(node))
    targets: dict[etree._Element, set[str]] = {node: {str(node.get("id"))} for node in marked}
    for link in tree.iter("a"):
        href = link.get("href") or ""
        target = anchors.get(href[1:]) if href.startswith("#") else None
        if target is None or order[target] < order[link]:
            continue  # not a link to a later place in the page
        note = _box(target, link)
        back = _names(link)
        if note is not None and any((a.get("href") or "")[1:] in back for a in note.iter("a")):
            targets.setdefault(note, set()).add(href[1:])
    notes = sorted(targets, key=order.__getitem__)
    ids = {name: number for number, note in enumerate(notes, 1) for name in targets[note]}
    return notes, ids
