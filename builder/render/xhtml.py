"""The only place markup is made: document-model nodes to XHTML element trees.

Everything is built as lxml elements, so text is escaped by construction and
the result is well-formed by construction; no HTML is ever assembled from
strings. The EPUB packager wraps each section in its own document; the PDF
packager puts them all in one.

Footnotes come in two forms. The EPUB's are popups: a numbered link at the
reference and the note, with a link back, in a list at the end of the chapter.
The PDF's are print footnotes: the note's text at its reference, in a span that
print.css floats to the foot of the page (WeasyPrint numbers call and note).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from builder.errors import BookError, Location
from builder.model import (
    AUTHORS_NOTE,
    NOTEREF,
    SCENE_BREAK,
    Book,
    Chapter,
    Element,
    Node,
    Text,
    iter_elements,
)
from builder.readers import is_markup

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"
NSMAP = {None: XHTML, "epub": OPS}

# Model tags that become the XHTML element of the same name, attributes as they are.
_PLAIN = {"p", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
          "dl", "dt", "dd", "div", "pre", "em", "strong", "s", "sub", "sup", "span",
          "code"}  # fmt: skip
# What may stand inside a paragraph: in a print footnote anything else becomes a span,
# because an HTML parser (WeasyPrint's) ends the paragraph at a block's start tag.
_PHRASING = {"em", "strong", "s", "sub", "sup", "span", "code", "a", "img", "br", NOTEREF}

# The classes of the elements that hold a note's number or its print text. The two editions
# show them differently, so places on the printed page (page_map.py) leave them out.
NOTE_CLASSES = frozenset({"noteref", "footnote"})
Footnotes = Literal["popup", "print"]


def el(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A new XHTML element (``epub:type`` may be given as a key)."""
    # lxml takes None as the default namespace's prefix; its stubs do not know that.
    node = etree.Element(f"{{{XHTML}}}{tag}", nsmap=NSMAP)  # type: ignore[arg-type]
    for key, value in (attrs or {}).items():
        node.set(EPUB_TYPE if key == "epub:type" else key, value)
    if text:
        node.text = text
    return node


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:  # fmt: skip
    child = el(tag, attrs, text)
    parent.append(child)
    return child


def add_text(parent: etree._Element, text: str) -> None:
    """Append characters after whatever the parent already holds (lxml keeps them in tails)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


@dataclass(frozen=True)
class Links:
    """How references leave a section: differs between one-file-per-chapter and one book."""

    chapter_href: Callable[[str, str], str | None]  # (book-relative source, fragment) -> href
    image_src: Callable[[str], str]  # book-relative image path -> src


@dataclass
class _Renderer:
    links: Links
    chapter: Chapter
    heading_shift: int
    footnotes_as: Footnotes = "popup"
    anchors: frozenset[str] = frozenset()
    in_note: bool = False  # inside a print footnote: blocks become spans
    printed: set[str] = field(default_factory=set)  # notes already set at a reference

    def __post_init__(self) -> None:
        self.anchors = anchor_ids(self.chapter)

    def ids(self, kind: str, number: str) -> str:
        return f"{self.chapter.name}-{kind}-{number}"

    def where(self, node: Element) -> Location:
        if node.line or not is_markup(self.chapter.source):
            return Location(self.chapter.source, node.line or None)
        # A Word file has no lines, and a file may hold many chapters: the title says which.
        return Location(self.chapter.source, place=f"chapter “{self.chapter.title_text}”")

    def blocks(self, parent: etree._Element, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Element):
                self.element(parent, node)
            else:
                add_text(parent, node.text)

    def element(self, parent: etree._Element, node: Element) -> None:
        tag = node.tag
        attrs = dict(node.attrs)
        if self.in_note and tag not in _PHRASING:
            kept = {key: value for key, value in attrs.items() if key in ("id", "lang")}
            self.blocks(sub(parent, "span", {**kept, "class": "footnote-para"}), node.children)
        elif tag == SCENE_BREAK:
            sub(parent, "hr", {"class": "scene-break"})
        elif tag == AUTHORS_NOTE:
            aside = sub(parent, "aside", {"class": "authors-note", "role": "note"})
            self.blocks(aside, node.children)
        elif tag == NOTEREF:
            self.noteref(parent, attrs)
        elif tag == "p" and (image := _lone_image(node)) is not None:
            self.figure(parent, image)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(6, int(tag[1]) + self.heading_shift)
            self.blocks(sub(parent, f"h{level}", attrs), node.children)
        elif tag == "a":
            self.link(parent, node, attrs)
        elif tag == "img":
            sub(parent, "img", self.image_attrs(attrs))
        elif tag == "br":
            sub(parent, "br")
        elif tag in _PLAIN:
            self.blocks(sub(parent, tag, attrs), node.children)
        else:
            raise BookError(f"cannot render <{tag}>", self.where(node), "R001")

    def noteref(self, parent: etree._Element, attrs: dict[str, str]) -> None:
        note, ref = attrs["note"], attrs["ref"]
        if self.footnotes_as == "print" and note not in self.printed:
            self.printed.add(note)  # a second reference stays a number linking to the note
            self.print_note(parent, note)
            return
        sub(
            parent,
            "a",
            {"class": "noteref", "epub:type": "noteref", "role": "doc-noteref",
             "id": self.ids("fnref", ref), "href": "#" + self.ids("fn", note)},
            note,
        )  # fmt: skip

    def print_note(self, parent: etree._Element, number: str) -> None:
        """The note's text at its reference, in the span print.css floats to the foot."""
        (note,) = (note for note in self.chapter.notes if str(note.number) == number)
        span = sub(parent, "span", {"class": "footnote", "id": self.ids("fn", number)})
        outer, self.in_note = self.in_note, True
        self.blocks(span, note.blocks)
        self.in_note = outer

    def figure(self, parent: etree._Element, image: Element) -> None:
        attrs = dict(image.attrs)
        figure = sub(parent, "figure")
        sub(figure, "img", self.image_attrs(attrs))
        if attrs.get("title"):
            sub(figure, "figcaption", None, attrs["title"])

    def image_attrs(self, attrs: dict[str, str]) -> dict[str, str]:
        out = {"src": self.links.image_src(attrs["src"]), "alt": attrs.get("alt", "")}
        for key in ("id", "class", "lang"):
            if key in attrs:
                out[key] = attrs[key]
        return out

    def link(self, parent: etree._Element, node: Element, attrs: dict[str, str]) -> None:
        href = attrs["href"]
        if href.startswith("#") and href[1:] not in self.anchors:
            message = f"link to {href!r}, which is not an id in this chapter"
            raise BookError(message, self.where(node), "R002")
        if href.startswith("book:"):
            source, _, fragment = href[5:].partition("#")
            resolved = self.links.chapter_href(source, fragment)
            if resolved is None:
                message = f"link to {href[5:]!r}, which is not a chapter or an id in this book"
                raise BookError(message, self.where(node), "R002")
            attrs["href"] = resolved
        self.blocks(sub(parent, "a", attrs), node.children)

    def footnotes(self, parent: etree._Element) -> None:
        notes = self.chapter.notes
        if not notes or self.footnotes_as == "print":
            return
        section = sub(parent, "section", {"class": "footnotes", "aria-label": "Notes"})
        for note in notes:
            number = str(note.number)
            aside = sub(
                section,
                "aside",
                {"id": self.ids("fn", number), "epub:type": "footnote", "role": "doc-footnote"},
            )
            self.blocks(aside, note.blocks)
            first = aside[0] if len(aside) and aside[0].tag == f"{{{XHTML}}}p" else sub(aside, "p")
            back = el("a", {"href": "#" + self.ids("fnref", number), "role": "doc-backlink"})
            back.text = f"{number}."
            back.tail = " " + (first.text or "")
            first.text = None
            first.insert(0, back)


def anchor_ids(chapter: Chapter) -> frozenset[str]:
    """The ids a link may point to in a chapter: its own and those the author set."""
    trees = (chapter.blocks, *(note.blocks for note in chapter.notes))
    ids = {node.attr("id") for tree in trees for node in iter_elements(tree)}
    return frozenset(ids - {""}) | {chapter.name}


def link_targets(book: Book) -> Callable[[str, str], Chapter | None]:
    """Where a `book:SOURCE#FRAGMENT` link goes: the chapter of file SOURCE that has the id
    FRAGMENT, or without one the file's first chapter (a Word or HTML file may hold many)."""
    first: dict[str, Chapter] = {}
    by_id: dict[tuple[str, str], Chapter] = {}
    for chapter in book.chapters():
        first.setdefault(chapter.source, chapter)
        for anchor in anchor_ids(chapter):
            by_id.setdefault((chapter.source, anchor), chapter)

    def target(source: str, fragment: str) -> Chapter | None:
        return by_id.get((source, fragment)) if fragment else first.get(source)

    return target


def _lone_image(node: Element) -> Element | None:
    """The paragraph's picture if it holds nothing else; white space around it (an HTML
    page's line break before </p>) does not count, so it is not its first child."""
    children = [c for c in node.children if not (isinstance(c, Text) and not c.text.strip())]
    if len(children) == 1 and isinstance(children[0], Element) and children[0].tag == "img":
        return children[0]
    return None


def render_chapter(
    chapter: Chapter, links: Links, title_level: int = 1, footnotes: Footnotes = "popup"
) -> etree._Element:
    """A chapter as ``<section>``: its title, its text and its footnotes (see the top)."""
    section = el(
        "section",
        {"id": chapter.name, "class": "chapter", "epub:type": "chapter", "role": "doc-chapter"},
    )
    renderer = _Renderer(links, chapter, heading_shift=title_level - 1, footnotes_as=footnotes)
    heading = sub(section, f"h{title_level}", {"class": "chapter-title"})
    renderer.blocks(heading, chapter.title)
    renderer.blocks(section, chapter.blocks)
    renderer.footnotes(section)
    return section


def render_blocks(
    parent: etree._Element, nodes: tuple[Node, ...], links: Links, owner: Chapter
) -> None:
    """Render block nodes that belong to OWNER (front matter, gathered notes) into PARENT."""
    _Renderer(links, owner, heading_shift=1).blocks(parent, nodes)


def document(
    title: str,
    language: str,
    stylesheets: list[str],
    body: etree._Element,
    meta: dict[str, str] | None = None,
    html_class: str = "",
) -> bytes:
    """A complete XHTML5 document around BODY's content, serialized."""
    html = el("html", {"lang": language, XML_LANG: language})
    if html_class:
        html.set("class", html_class)
    head = sub(html, "head")
    sub(head, "meta", {"charset": "utf-8"})
    sub(head, "title", None, title)
    for name, content in (meta or {}).items():
        sub(head, "meta", {"name": name, "content": content})
    for href in stylesheets:
        sub(head, "link", {"rel": "stylesheet", "type": "text/css", "href": href})
    html.append(body)
    return bytes(
        etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
    )
