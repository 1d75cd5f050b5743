"""HTML manuscripts (and Word's, through mammoth): semantic HTML into the document model.

lxml's HTML parser reads what browsers and converters write (AO3 downloads, Google Docs
exports, mammoth's output) without a DTD, entities or network; only the tags a book needs
come across, as the same Elements the Markdown reader makes. Everything else keeps its text
and loses its markup, and what can run or fetch (scripts, frames, forms) is dropped whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from builder import sources
from builder.errors import BookError, Location
from builder.markers import is_scene_break_line
from builder.model import NOTEREF, SCENE_BREAK, Code, Element, Footnote, Node, Text, plain_text
from builder.readers import exported
from builder.urls import LINK_SCHEMES, SCHEME

# Dropped with everything inside: what can run, fetch, or is not prose at all.
_DROPPED = frozenset(
    {"script", "style", "iframe", "object", "form", "input", "button", "select",
     "textarea", "option", "noscript", "template", "svg", "math", "head", "title", "meta",
     "link", "base", "canvas", "audio", "video", "frame", "frameset", "applet", "nav"}
)  # fmt: skip
_INLINE = {"em": "em", "i": "em", "cite": "em", "strong": "strong", "b": "strong",
           "s": "s", "strike": "s", "del": "s", "sup": "sup", "sub": "sub"}  # fmt: skip
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TABLE = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
# Block tags the model keeps; other blocks (div, section, body...) give up their children.
_BLOCKS = frozenset({"p", "blockquote", "ul", "ol", "li", "pre", "hr", "td", "th"}) | _TABLE
_NOTE_ID = re.compile(r"^(?:foot|end)note-\d+$")  # mammoth's notes: <li id="footnote-1">
_SMALL_CAPS = re.compile(r"font-variant\s*:\s*small-caps", re.I)
_LONE_MARKERS = frozenset({"#", "~", "*", "§"})
SMALL_CAPS_CLASS = "smallcaps"  # Pandoc's name for [text]{.smallcaps}
# Pictures of a document that is not in the book folder (a document being imported, an
# EPUB's, whose pictures are in its zip): (src, where) -> the picture's src in the model,
# or None to leave it out (the importer then says why).
Pictures = Callable[[str, Location], str | None]


def _epub_type(element: etree._Element) -> str:
    return str(element.get("epub:type") or element.get("{http://www.idpf.org/2007/ops}type") or "")


def _is_note(element: etree._Element) -> bool:
    if element.tag == "li" and _NOTE_ID.match(element.get("id") or ""):
        return True
    kinds = _epub_type(element).split()
    return bool(element.get("id")) and any(k in kinds for k in ("footnote", "endnote"))


class _Reader:
    def __init__(
        self,
        root: Path,
        source: str,
        tree: etree._Element,
        word: bool,
        pictures: Pictures | None = None,
    ) -> None:
        # mammoth's HTML is one line and has no pictures that are files: lines of it would
        # mislead, and its pictures are data: URLs.
        self.root, self.source, self.word, self.pictures = root, source, word, pictures
        self.line = 0
        # Notes are numbered in the order they are written; references find them by id.
        self.note_elements = [e for e in tree.iter() if isinstance(e.tag, str) and _is_note(e)]
        self.note_ids = {str(e.get("id")): n for n, e in enumerate(self.note_elements, 1)}
        self.refs: dict[str, int] = {}  # how often each note was referenced so far
        # A reference's own id: the note's link back to it is not text of the note.
        self.backlinks = {
            str(a.get("id"))
            for a in tree.iter("a")
            if a.get("id") and (a.get("href") or "")[1:] in self.note_ids
        }

    def where(self) -> Location:
        return Location(self.source, self.line or None)

    def notes(self) -> tuple[Footnote, ...]:
        return tuple(
            Footnote(number, self.blocks(element))
            for number, element in enumerate(self.note_elements, 1)
        )

    def blocks(self, parent: etree._Element) -> tuple[Node, ...]:
        """PARENT's children as blocks; loose text and inline tags gather into paragraphs."""
        out: list[Node] = []
        loose: list[Node] = list(self.text(parent.text))
        for child in parent:
            if _block_like(child):
                _flush(loose, out)
                out.extend(self.block(child))
            else:
                loose.extend(self.inline(child))
            loose.extend(self.text(child.tail))
        _flush(loose, out)
        return tuple(out)

    def block(self, element: etree._Element) -> tuple[Node, ...]:
        tag = element.tag
        if tag in _DROPPED or _is_note(element):
            return ()
        if isinstance(element.sourceline, int) and not self.word:
            self.line = element.sourceline
        line = self.line
        if tag == "hr":
            return (Element(SCENE_BREAK, (), (), line),)
        if tag == "p":
            return _paragraph(self.inlines(element), line)
        if tag in ("td", "th") or tag in _HEADINGS:
            return (Element(tag, self.inlines(element), (), line),)
        if tag == "pre":
            return (Element("pre", (Element("code", (Code(_text_of(element)),)),), (), line),)
        if tag == "li":
            return (Element("li", self.list_item(element), (), line),)
        if tag in ("ul", "ol", "blockquote") or tag in _TABLE:
            children = self.blocks(element)
            if not children:  # a list of nothing but notes
                return ()
            return (Element("tbody" if tag == "tfoot" else tag, children, (), line),)
        return self.blocks(element)  # div, section, body...: their children stand alone

    def list_item(self, element: etree._Element) -> tuple[Node, ...]:
        # An item of text alone holds it directly, as a tight Markdown list does.
        if not any(_block_like(child) for child in element):
            return self.inlines(element)
        return self.blocks(element)

    def text(self, text: str | None) -> tuple[Node, ...]:
        return (Text(text),) if text else ()

    def inlines(self, element: etree._Element) -> tuple[Node, ...]:
        out: list[Node] = list(self.text(element.text))
        for child in element:
            out.extend(self.inline(child))
            out.extend(self.text(child.tail))
        return tuple(out)

    def inline(self, element: etree._Element) -> tuple[Node, ...]:
        tag = element.tag
        if not isinstance(tag, str) or tag in _DROPPED or _is_note(element):
            return ()
        if tag == "br":
            return (Element("br"),)
        if tag == "img":
            return self.image(element)
        if tag == "a":
            return self.link(element)
        if tag in _CODE:
            return (Element("code", (Code(_text_of(element)),)),)
        children = self.inlines(element)
        if tag in ("sup", "sub") and children and all(_is_noteref(c) for c in children):
            return children  # mammoth's <sup><a href="#footnote-1">[1]</a></sup>
        if tag in _INLINE:
            return (Element(_INLINE[tag], children),) if children else ()
        if tag == "span" and _small_caps(element):
            return (Element("span", children, (("class", SMALL_CAPS_CLASS),)),)
        return children  # an unknown inline tag: its text stays, its markup goes

    def link(self, element: etree._Element) -> tuple[Node, ...]:
        href = (element.get("href") or "").strip()
        if href.startswith("#") and href[1:] in self.note_ids:
            number = self.note_ids[href[1:]]
            self.refs[href] = seen = self.refs.get(href, 0) + 1
            occurrence = f"{number}-{seen}" if seen > 1 else str(number)
            return (Element(NOTEREF, (), (("note", str(number)), ("ref", occurrence))),)
        if href.startswith("#") and href[1:] in self.backlinks:
            return ()  # a note's way back to its reference: the renderer makes its own
        children = self.inlines(element)
        if href.startswith(LINK_SCHEMES):
            return (Element("a", children, (("href", href),)),)
        if href and not href.startswith("#") and not SCHEME.match(href):
            path, _, fragment = href.partition("#")
            target = sources.book_relative(self.source, path)
            if target is not None:
                link = f"book:{target}" + (f"#{fragment}" if fragment else "")
                return (Element("a", children, (("href", link),)),)
        # javascript:, data:, ids this model does not keep, paths out of the book: text only.
        return children

    def image(self, element: etree._Element) -> tuple[Node, ...]:
        src = (element.get("src") or "").strip()
        if self.pictures is not None:
            target = self.pictures(src, self.where())
            if target is None:
                return ()
        elif self.word:
            return ()
        else:
            target = sources.picture(self.root, self.source, src, self.where())
        return (Element("img", (), (("src", target), ("alt", element.get("alt") or ""))),)


def _block_like(element: etree._Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False
    return tag in _BLOCKS or tag in _HEADINGS or tag not in _KNOWN_INLINE


_KNOWN_INLINE = frozenset(
    {*_INLINE, *_CODE, "a", "img", "br", "span", "u", "small", "big", "mark", "abbr", "q",
     "dfn", "var", "font", "ins", "bdi", "bdo", "time", "data", "wbr", "label", "script",
     "style", "iframe", "object", "input", "button", "select", "textarea", "svg",
     "math", "canvas", "audio", "video", "noscript", "template"}
)  # fmt: skip


def _text_of(element: etree._Element) -> str:
    return "".join(str(piece) for piece in element.itertext())


def _is_noteref(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == NOTEREF


def _small_caps(element: etree._Element) -> bool:
    classes = (element.get("class") or "").split()
    return bool(
        _SMALL_CAPS.search(element.get("style") or "") or {"smallcaps", "small-caps"} & set(classes)
    )


def _paragraph(inline: tuple[Node, ...], line: int) -> tuple[Node, ...]:
    """A paragraph; one of only a break marker is a scene break, an empty one is nothing.

    Word and web pages space scenes apart with a lone "#" or "~" as often as with "***";
    blank paragraphs (AO3's <p>&nbsp;</p>) are spacing, not text."""
    text = plain_text(inline).strip()
    if text in _LONE_MARKERS or is_scene_break_line(text):
        return (Element(SCENE_BREAK, (), (), line),)
    if not text and not any(isinstance(n, Element) and n.tag == "img" for n in inline):
        return ()
    return (Element("p", inline, (), line),)


def _flush(loose: list[Node], out: list[Node]) -> None:
    """Text between blocks becomes a paragraph of its own, unless it is only white space."""
    if any(isinstance(n, Element) or n.text.strip() for n in loose):
        out.append(Element("p", tuple(loose)))
    loose.clear()


def parse(source: str, data: bytes) -> etree._Element:
    """The document's tree: no network, entities, comments or processing instructions.

    An XHTML file (an EPUB's chapter, a saved .xhtml page) is read as XML, with entities
    left unresolved and no DTD loaded; anything else, or XML that is not well formed, goes
    to libxml2's HTML parser, which reads no DTD and so expands or fetches nothing."""
    if data.lstrip().startswith(b"<?xml"):
        xml = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
            remove_pis=True, huge_tree=False,
        )  # fmt: skip
        try:
            return _local_names(etree.fromstring(data, parser=xml))
        except etree.XMLSyntaxError:
            pass  # tag soup with an XML declaration: the HTML parser copes
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        tree = lxml_html.document_fromstring(data, parser=parser)
    except etree.ParserError:  # "Document is empty"
        return lxml_html.document_fromstring(b"<html><body></body></html>", parser=parser)
    if any(error.level_name == "FATAL" for error in parser.error_log):
        # libxml2 stops at 256 levels of nesting and keeps what it read so far: the rest
        # of the chapter would be lost without a word.
        message = "the document is nested too deeply (elements inside each other)"
        raise BookError(message, Location(source, 1), "M005")
    return tree


def _local_names(tree: etree._Element) -> etree._Element:
    """XHTML's tags without their namespace, as the HTML parser names them."""
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    return tree


def read(
    root: Path, source: str, data: bytes, word: bool = False, pictures: Pictures | None = None
) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """Parse one HTML document (UTF-8 bytes) into blocks and footnotes.

    WORD: the HTML is mammoth's, from a Word file (no lines, no pictures yet).
    PICTURES: what each picture's src becomes (by default, pictures are files of the book)."""
    tree = parse(source, data)
    exported.tidy(tree)  # Google Docs' classes and notes, as the tags read below
    body = tree.find("body")
    reader = _Reader(root, source, tree, word, pictures)
    blocks = reader.blocks(body if body is not None else tree)
    return blocks, reader.notes()


def blocks_of(
    root: Path,
    source: str,
    element: etree._Element,
    picture: Pictures | None = None,
) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """One part of a parsed document (an AO3 chapter, an EPUB's spine file) as blocks and
    the notes written inside that part, numbered from 1.

    PICTURE: as for read (an EPUB's pictures are in its zip)."""
    reader = _Reader(root, source, element, False, picture)
    return reader.blocks(element), reader.notes()
