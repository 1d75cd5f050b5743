"""Kobo's kepub markup, added to a finished XHTML document's tree.

Kobo's readers take an EPUB named `.kepub.epub` through their own engine, which counts
reading statistics and turns pages by sentence spans: each run of text is cut after each
sentence into `<span class="koboSpan" id="kobo.P.S">` (P counts paragraphs, S sentences
in one), and the body's content is wrapped in `div#book-columns > div#book-inner`. This
does what kepubify (pgaskin/kepubify, kepub/transform.go) does, which matches the files
Kobo's own conversion makes; we do it on the lxml tree the renderer serialized, so the
characters stay exactly as they were: the spans of a paragraph concatenate to its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from builder.render.xhtml import XHTML, el

# A sentence ends after . ! ? or : and any closing quotes and spaces (kepubify's rule).
_SENTENCE = re.compile(r".*?[.!?:]['\"”’“…]?\s*", re.DOTALL)
# Elements whose text is kept as it is: code keeps its spaces, scripts and styles are no text.
_KEEP = frozenset({"script", "style", "pre", "audio", "video"})
# Elements that start a new paragraph number for the sentences in them.
_PARAGRAPHS = frozenset({"p", "ol", "ul", "table"})
# Kobo's own style fix-up (kepubify's, without its font-size and link colour overrides).
_STYLE = "div#book-inner { margin-top: 0; margin-bottom: 0; }"


def sentences(text: str) -> list[str]:
    """TEXT cut after each sentence; the pieces join to TEXT."""
    pieces = _SENTENCE.findall(text)
    rest = text[sum(map(len, pieces)) :]
    return [*pieces, rest] if rest else pieces


@dataclass
class _Counter:
    paragraph: int = 0
    sentence: int = 0
    next_paragraph: bool = False

    def span(self, text: str | None = None) -> etree._Element:
        if self.next_paragraph:
            self.paragraph, self.sentence, self.next_paragraph = self.paragraph + 1, 0, False
        self.sentence += 1
        ident = f"kobo.{self.paragraph}.{self.sentence}"
        return el("span", {"class": "koboSpan", "id": ident}, text)

    def image(self) -> etree._Element:
        self.paragraph, self.sentence, self.next_paragraph = self.paragraph + 1, 0, False
        return self.span()


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _spans(text: str, parent: str, count: _Counter) -> tuple[str | None, list[etree._Element]]:
    """TEXT as sentence spans; space between them stays text (except right in a <p>)."""
    lead, spans = "", list[etree._Element]()
    for piece in sentences(text):
        if piece.isspace() and parent != "p":
            if spans:
                spans[-1].tail = (spans[-1].tail or "") + piece
            else:
                lead += piece
        else:
            spans.append(count.span(piece))
    return lead or None, spans


def _walk(node: etree._Element, count: _Counter) -> None:
    """Add spans to NODE's text and its children's, in reading order."""
    name = _local(node)
    if name in _PARAGRAPHS:
        count.next_paragraph = True
    children = list(node)  # before the spans are added, which are not walked again
    if node.text:
        node.text, spans = _spans(node.text, name, count)
        for index, span in enumerate(spans):
            node.insert(index, span)
    for child in children:
        child_name = _local(child)
        if child_name == "img":
            holder = count.image()
            child.addprevious(holder)
            holder.append(child)
            holder.tail, child.tail = child.tail, None
            child = holder
        elif child_name and child_name not in _KEEP:
            _walk(child, count)
        if child.tail:
            child.tail, spans = _spans(child.tail, name, count)
            for span in reversed(spans):
                child.addnext(span)


def _wrap(body: etree._Element) -> None:
    """The body's content inside div#book-columns > div#book-inner."""
    columns = el("div", {"id": "book-columns"})
    inner = etree.SubElement(columns, f"{{{XHTML}}}div", {"id": "book-inner"})
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    body.append(columns)


def document(data: bytes) -> bytes:
    """An XHTML content document (serialized by the renderer) with Kobo's markup."""
    root = etree.fromstring(data)
    head = root.find(f"{{{XHTML}}}head")
    body = root.find(f"{{{XHTML}}}body")
    if head is None or body is None:
        return data
    style = etree.SubElement(head, f"{{{XHTML}}}style", {"class": "kobostylehacks"})
    style.text = _STYLE
    _walk(body, _Counter())
    _wrap(body)
    return bytes(
        etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
    )
