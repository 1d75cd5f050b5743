"""HTML manuscripts (and Word's, through mammoth): semantic HTML into the document model.

lxml's HTML parser reads what browsers and converters write (AO3 downloads, Google Docs
exports, mammoth's output) without a DTD, entities or network; only the tags a book needs
come across, as the same Elements the Markdown reader makes. Everything else keeps its text
and loses its markup, and what can run or fetch (scripts, frames, forms) is dropped whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from builder import sources
from builder.errors import BookError, Location
from builder.markers import is_scene_break_line
from builder.model import (
    NOTEREF,
    PAGE_BREAK,
    SCENE_BREAK,
    Code,
    Element,
    Footnote,
    Node,
    Text,
    plain_text,
)
from builder.readers import blank, css, exported, notes
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
_LONE_MARKERS = frozenset({"#", "~", "*", "§"})
SMALL_CAPS_CLASS = css.SMALL_CAPS_CLASS
# Pictures of a document that is not in the book folder (a document being imported, an
# EPUB's, whose pictures are in its zip): (src, where) -> the picture's src in the model,
# or None to leave it out (the importer then says why).
Pictures = Callable[[str, Location], str | None]


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
        self.depth = 0  # how deep blocks() is in itself
        self.rules = css.class_rules(tree)  # Google Docs' classes: .c3{text-align:center}
        # Notes are numbered in the order they are written; references find them by id.
        self.note_elements, self.note_ids = notes.find(tree)
        self.is_note = set(self.note_elements).__contains__
        self.refs: dict[str, int] = {}  # how often each note was referenced so far
        # A reference's own id or name: the note's link back to it is not text of the note.
        self.backlinks = {
            name
            for a in tree.iter("a")
            if (a.get("href") or "")[1:] in self.note_ids
            for name in (a.get("id"), a.get("name"))
            if name
        }

    def where(self) -> Location:
        return Location(self.source, self.line or None)

    def notes(self) -> tuple[Footnote, ...]:
        return tuple(
            Footnote(number, self.blocks(element))
            for number, element in enumerate(self.note_elements, 1)
        )

    def blocks(self, parent: etree._Element) -> tuple[Node, ...]:
        """PARENT's children as blocks; loose text and inline tags gather into paragraphs.

        Empty paragraphs are settled (blank.py) once the outermost call has them all: a
        document's body, a note, or a chapter's element that another reader hands in."""
        self.depth += 1
        try:
            found = self.inner_blocks(parent)
        finally:
            self.depth -= 1
        return blank.resolve(found, blank.spacing((found,))) if self.depth == 0 else found

    def inner_blocks(self, parent: etree._Element) -> tuple[Node, ...]:
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
        if tag in _DROPPED or self.is_note(element):
            return ()
        if (element.get("role") or "") in notes.NOTE_LISTS:
            return ()  # pandoc's list of notes and its rule: the notes were read above
        if isinstance(element.sourceline, int) and not self.word:
            self.line = element.sourceline
        line = self.line
        declared = css.style(element, self.rules)
        if tag == "hr" and (css.breaks_page(declared) or _is_page_hr(element)):
            return (Element(PAGE_BREAK, (), (), line),)  # Google Docs' and word.py's page break
        page = (Element(PAGE_BREAK, (), (), line),)
        if css.breaks_page(declared):
            return (*page, *self.unbroken(element, declared, line))
        if tag == "p" and (br := _page_break_in(element, self.rules)) is not None:
            # Word puts the break in a paragraph: at the end of a chapter's last, or at the
            # start of the next chapter's first.
            if _text_before(element, br):
                return (*self.unbroken(element, declared, line), *page)
            return (*page, *self.unbroken(element, declared, line))
        return self.unbroken(element, declared, line)

    def unbroken(
        self, element: etree._Element, declared: css.Declarations, line: int
    ) -> tuple[Node, ...]:
        """ELEMENT's blocks, apart from the page it may start."""
        tag = element.tag
        if tag == "hr":
            return (Element(SCENE_BREAK, (), (), line),)
        if tag == "p":
            inline = self.inlines(element)
            if not inline and element.find(".//img") is not None:
                return ()  # a picture left out is not an empty paragraph (a scene break)
            return _paragraph(inline, line, css.is_centred(element, declared))
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
        if not isinstance(tag, str) or tag in _DROPPED or self.is_note(element):
            return ()
        if tag == "br":
            return () if _is_page_br(element, self.rules) else (Element("br"),)
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
        if tag == "span" and children and (self.rules or element.get("style")):
            return css.styled(children, css.style(element, self.rules))
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
    """A span of class smallcaps (pandoc's); small caps set in CSS are css.styled's."""
    return bool({"smallcaps", "small-caps"} & set((element.get("class") or "").split()))


def _paragraph(inline: tuple[Node, ...], line: int, centred: bool = False) -> tuple[Node, ...]:
    """A paragraph; one of only a break marker is a scene break, an empty one a blank.

    Word and web pages space scenes apart with a lone "#" or "~" as often as with "***";
    blank paragraphs (AO3's <p>&nbsp;</p>) are spacing or a break: blank.py tells which."""
    text = plain_text(inline).strip()
    if text in _LONE_MARKERS or is_scene_break_line(text):
        return (Element(SCENE_BREAK, (), (), line),)
    if not text and not any(isinstance(n, Element) and n.tag == "img" for n in inline):
        return (Element(blank.BLANK, (), (), line),)
    return (Element("p", inline, (("class", "center"),) if centred else (), line),)


def _is_page_hr(element: etree._Element) -> bool:
    # Google Docs: <hr style="page-break-before:always;display:none">, also with a class
    return "page-break" in (element.get("class") or "").split()


def _is_page_br(element: etree._Element, rules: dict[str, css.Declarations]) -> bool:
    # word.py's br.page-break; Word's own "Web Page" export writes
    # <br clear=all style='page-break-before:always'>
    if element.tag != "br":
        return False
    return _is_page_hr(element) or css.breaks_page(css.style(element, rules))


def _page_break_in(
    element: etree._Element, rules: dict[str, css.Declarations]
) -> etree._Element | None:
    return next((br for br in element.iter("br") if _is_page_br(br, rules)), None)


def _text_before(paragraph: etree._Element, br: etree._Element) -> bool:
    """Whether PARAGRAPH has text before BR, one of its descendants."""
    # preceding:: leaves out ancestors: what precedes BR and not PARAGRAPH is inside it.
    count = "count(preceding::text()[normalize-space()])"
    return float(br.xpath(count)) > float(paragraph.xpath(count))  # type: ignore[arg-type]


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
    return read_tree(root, source, parse(source, data), word, pictures)


def read_tree(
    root: Path,
    source: str,
    tree: etree._Element,
    word: bool = False,
    pictures: Pictures | None = None,
) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """As read, for a document already parsed (by parse)."""
    exported.google_notes(tree)  # the rule above Google Docs' notes is no scene break
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
