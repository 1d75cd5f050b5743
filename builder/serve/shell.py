"""The page around the preview: the contents on one side, the EPUB's sections on the other.

The page is built as an lxml tree, like every other piece of markup in the builder. The
sections themselves are the EPUB's XHTML documents, shown as they are in a frame;
preview.js keeps the page current from the server's event stream.
"""

from __future__ import annotations

from lxml import etree, html

from builder.serve.state import Entry, Snapshot

BOOK = "/book/"  # where the EPUB's files are served, by their paths inside the EPUB
PDF = "/book.pdf"
SCRIPT = "/_serve/preview.js"
STYLESHEET = "/_serve/preview.css"
EVENTS = "/events"


def _sub(
    parent: etree._Element, tag: str, attrs: dict[str, str] | None = None, text: str = ""
) -> etree._Element:
    child = etree.SubElement(parent, tag, attrs or {})
    if text:
        child.text = text
    return child


def page(snapshot: Snapshot) -> bytes:
    """The preview page for SNAPSHOT, serialized as HTML."""
    root = etree.Element(
        "html",
        {"lang": "en", "data-build": str(snapshot.build), "data-outline": snapshot.outline},
    )
    head = _sub(root, "head")
    _sub(head, "meta", {"charset": "utf-8"})
    _sub(head, "title", None, f"{snapshot.title or 'Book'} — preview")
    # No favicon request, so no 404 in the page's console.
    _sub(head, "link", {"rel": "icon", "href": "data:,"})
    _sub(head, "link", {"rel": "stylesheet", "href": STYLESHEET})
    _sub(head, "script", {"src": SCRIPT, "defer": "defer"})
    body = _sub(root, "body")
    _header(_sub(body, "header"), snapshot)
    nav = _sub(body, "nav", {"aria-label": "Contents"})
    _entries(nav, snapshot.contents)
    first = _first(snapshot.contents)
    frame = {"id": "section", "name": "section", "title": "The book, as its EPUB shows it"}
    # A page of a reading system's width, with its margins around the section's own.
    _sub(_sub(body, "main"), "iframe", {**frame, "src": BOOK + first if first else "about:blank"})
    return bytes(html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8"))


def _header(header: etree._Element, snapshot: Snapshot) -> None:
    _sub(header, "h1", None, snapshot.title or "Book")
    pdf = _sub(header, "p", {"id": "pdf"})
    _sub(pdf, "a", {"href": PDF, "target": "_blank"}, "PDF")
    _sub(pdf, "span", {"id": "pdf-state", "data-state": snapshot.pdf}, snapshot.pdf_words)
    # The last build's error; the frame below still shows the last good build.
    error = _sub(header, "p", {"id": "error", "role": "alert"}, snapshot.error or "")
    if not snapshot.error:
        error.set("hidden", "hidden")


def _entries(parent: etree._Element, entries: tuple[Entry, ...]) -> None:
    if not entries:
        return
    items = _sub(parent, "ol")
    for entry in entries:
        item = _sub(items, "li")
        _sub(item, "a", {"href": BOOK + entry.href, "target": "section"}, entry.title)
        _entries(item, entry.children)


def _first(entries: tuple[Entry, ...]) -> str:
    return entries[0].href if entries else ""
