"""Markdown manuscripts: markdown-it-py's CommonMark plus footnotes, attributes and tables.

Raw HTML is deliberately off: a manuscript is prose, often written by someone
other than the person running the build, and HTML typed into it shows as the
characters typed. That keeps every output valid XHTML and free of scripts;
Markdown (and `{.class}` attributes) covers what books need.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from builder import sources
from builder.errors import BookError, Location
from builder.model import AUTHORS_NOTE, NOTEREF, SCENE_BREAK, Code, Element, Footnote, Node, Text
from builder.urls import LINK_SCHEMES, SCHEME

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

# Attributes an author may set with {#id .class lang=xx}; anything else (style,
# event handlers) has no place in a manuscript and would need sanitising.
ALLOWED_ATTRS = frozenset({"id", "class", "lang"})
_ID = re.compile(r"^[A-Za-z_][\w.-]*$")
_CONTAINERS = {
    "blockquote": "blockquote", "bullet_list": "ul", "ordered_list": "ol", "list_item": "li",
    "table": "table", "thead": "thead", "tbody": "tbody", "tr": "tr", "th": "th", "td": "td",
}  # fmt: skip
_INLINE = {"em": "em", "strong": "strong", "s": "s", "sup": "sup", "sub": "sub"}
# `{.authors-note}` before a block quote: an author's note, as book import writes one.
AUTHORS_NOTE_CLASS = "authors-note"


def configure() -> MarkdownIt:
    """The manuscript's Markdown: a new parser, for the reader here and for book check.

    The checker runs the same configuration with fewer phases (see checks/mdsource.py),
    so it sees exactly the blocks the build sees.
    """
    # Imported here: a rebuild whose chapters all come from the cache parses nothing.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.footnote.index import footnote_inline
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    allowed = sorted(ALLOWED_ATTRS)
    md.use(footnote_plugin).use(attrs_plugin, spans=True, allowed=allowed)
    md.use(attrs_block_plugin, allowed=allowed)
    # Pandoc's 2^10^ and H~2~O, as markdown-it's own plugins read them.
    md.use(superscript_plugin).use(sub_plugin)
    # An inline note, ^[text], is a note before it is a superscript.
    md.inline.ruler.before("sup", "footnote_inline_first", footnote_inline)
    return md.enable(["table", "strikethrough"])


_parser = cache(configure)


class _Reader:
    def __init__(self, root: Path, source: str) -> None:
        self.root = root
        self.source = source
        self.line = 0
        self.notes: list[Footnote] = []

    def where(self) -> Location:
        return Location(self.source, self.line or None)

    def blocks(self, nodes: list[SyntaxTreeNode]) -> tuple[Node, ...]:
        out: list[Node] = []
        for node in nodes:
            if node.map:
                self.line = node.map[0] + 1
            out.extend(self.block(node))
        return tuple(out)

    def block(self, node: SyntaxTreeNode) -> tuple[Node, ...]:
        kind, line = node.type, self.line
        if kind == "paragraph":
            inline = self.inline_of(node)
            if node.hidden:  # a tight list item holds its text directly
                return inline
            return (Element("p", inline, self.attrs(node), line),)
        if kind == "heading":
            inline, extra = _heading_attrs(self.inline_of(node), _raw(node), self.where())
            return (Element(node.tag, inline, self.attrs(node) + extra, line),)
        if kind in ("code_block", "fence"):
            return (Element("pre", (Element("code", (Code(node.content),)),), (), line),)
        if kind == "hr":
            return (Element(SCENE_BREAK, (), (), line),)
        if kind == "footnote_block":
            self.footnotes(node)
            return ()
        if kind == "footnote_anchor":  # a note ending in a list or quote: its way back
            return ()
        if kind == "blockquote" and AUTHORS_NOTE_CLASS in str(node.attrs.get("class")).split():
            return (Element(AUTHORS_NOTE, self.blocks(node.children), (), line),)
        if kind in ("th", "td"):
            return (Element(kind, self.inline_of(node), self.align(node), line),)
        if kind in _CONTAINERS:
            attrs = self.attrs(node)
            if kind == "ordered_list" and node.attrs.get("start") not in (None, 1):
                attrs += (("start", str(node.attrs["start"])),)
            return (Element(_CONTAINERS[kind], self.blocks(node.children), attrs, line),)
        raise BookError(f"unsupported Markdown element ({kind})", self.where(), "M001")

    def inline_of(self, node: SyntaxTreeNode) -> tuple[Node, ...]:
        # A paragraph holds one "inline" node (plus a footnote's anchor, which we skip).
        children = [
            c
            for child in node.children
            for c in (child.children if child.type == "inline" else [child])
        ]
        return self.inlines(children)

    def inlines(self, nodes: list[SyntaxTreeNode]) -> tuple[Node, ...]:
        out: list[Node] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                out.append(Text(node.content))
            elif kind == "softbreak":
                out.append(Text("\n"))
            elif kind == "hardbreak":
                out.append(Element("br"))
            elif kind == "code_inline":
                out.append(Element("code", (Code(node.content),), self.attrs(node)))
            elif kind in _INLINE:
                out.append(Element(_INLINE[kind], self.inlines(node.children), self.attrs(node)))
            elif kind == "span":
                out.append(Element("span", self.inlines(node.children), self.attrs(node)))
            elif kind == "link":
                out.append(self.link(node))
            elif kind == "image":
                out.append(self.image(node))
            elif kind == "footnote_ref":
                number = str(node.meta["id"] + 1)
                sub_id = node.meta.get("subId", 0)  # inline notes (^[...]) have none
                occurrence = f"{number}-{sub_id + 1}" if sub_id else number
                out.append(Element(NOTEREF, (), (("note", number), ("ref", occurrence))))
            elif kind != "footnote_anchor":
                raise BookError(f"unsupported Markdown ({kind})", self.where(), "M001")
        return tuple(out)

    def link(self, node: SyntaxTreeNode) -> Element:
        href = str(node.attrs.get("href", ""))
        children = self.inlines(node.children)
        if node.markup == "autolink":  # the visible text is a URL: typography must not touch it
            children = (Code(href.removeprefix("mailto:")),)
        attrs: tuple[tuple[str, str], ...] = (("href", self.href(href)),)
        if node.attrs.get("title"):
            attrs += (("title", str(node.attrs["title"])),)
        return Element("a", children, attrs + self.attrs(node))

    def href(self, href: str) -> str:
        """Keep web and fragment links; turn links to other manuscript files into book: links."""
        if href.startswith(LINK_SCHEMES) or href.startswith("#"):
            return href
        if SCHEME.match(href):
            raise BookError(f"links of this kind are not allowed: {href!r}", self.where(), "M003")
        path, _, fragment = href.partition("#")
        target = self.book_relative(path)
        return f"book:{target}" + (f"#{fragment}" if fragment else "")

    def image(self, node: SyntaxTreeNode) -> Element:
        target = sources.picture(
            self.root, self.source, str(node.attrs.get("src", "")), self.where()
        )
        alt = "".join(child.content for child in node.children if child.type == "text")
        attrs: tuple[tuple[str, str], ...] = (("src", target), ("alt", alt))
        if node.attrs.get("title"):
            attrs += (("title", str(node.attrs["title"])),)
        return Element("img", (), attrs + self.attrs(node))

    def book_relative(self, path: str) -> str:
        """A path written in this file, relative to the book folder."""
        target = sources.book_relative(self.source, path)
        if target is None:
            raise BookError(f"{path!r} is outside the book folder", self.where(), "F002")
        return target

    def footnotes(self, node: SyntaxTreeNode) -> None:
        for note in node.children:
            self.notes.append(Footnote(note.meta["id"] + 1, self.blocks(note.children)))

    def attrs(self, node: SyntaxTreeNode) -> tuple[tuple[str, str], ...]:
        refused = node.meta.get("insecure_attrs")
        if refused:
            names = ", ".join(sorted(refused))
            raise BookError(f"attribute {names} is not supported", self.where(), "M002")
        out = []
        for key, value in node.attrs.items():
            if node.type in ("link", "image", "ordered_list") and key in (
                "href", "src", "alt", "title", "start"
            ):  # fmt: skip
                continue
            if key not in ALLOWED_ATTRS:
                raise BookError(f"attribute {key!r} is not supported", self.where(), "M002")
            if key == "id" and not _ID.match(str(value)):
                raise BookError(f"{value!r} is not a valid id", self.where(), "M002")
            out.append((key, str(value)))
        return tuple(out)

    def align(self, node: SyntaxTreeNode) -> tuple[tuple[str, str], ...]:
        style = str(node.attrs.get("style", ""))
        match = re.match(r"text-align:(left|center|right)", style)
        return (("class", f"align-{match[1]}"),) if match else ()


_HEADING_ATTRS = re.compile(r"\s*\{((?:\s*(?:[#.][\w-]+|lang=[\w-]+))+)\s*\}\s*$")


def _raw(node: SyntaxTreeNode) -> str:
    """A block's inline source, as typed."""
    return "".join(child.content for child in node.children if child.type == "inline")


def _heading_attrs(
    inline: tuple[Node, ...], raw: str, where: Location
) -> tuple[tuple[Node, ...], tuple[tuple[str, str], ...]]:
    """Pandoc's `# Title {#id .class}`: attributes written after a heading's text (RAW, as
    typed: `\\{.class}` is the text it shows)."""
    last = inline[-1] if inline else None
    match = _HEADING_ATTRS.search(last.text) if isinstance(last, Text) else None
    typed = _HEADING_ATTRS.search(raw)
    before = raw[: typed.start()] if typed else ""
    if not typed or (len(before) - len(before.rstrip("\\"))) % 2:
        match = None  # the braces are escaped, or written as character references
    if not match or not isinstance(last, Text):
        return inline, ()
    attrs: list[tuple[str, str]] = []
    classes = []
    for token in match[1].split():
        if token.startswith("#"):
            if not _ID.match(token[1:]):
                raise BookError(f"{token[1:]!r} is not a valid id", where, "M002")
            attrs.append(("id", token[1:]))
        elif token.startswith("."):
            classes.append(token[1:])
        else:
            attrs.append(("lang", token[5:]))
    if classes:
        attrs.append(("class", " ".join(classes)))
    rest = last.text[: match.start()]
    return (*inline[:-1], *((Text(rest),) if rest else ())), tuple(attrs)


def read(root: Path, source: str, text: str) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """Parse one Markdown file into blocks and footnotes."""
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(_parser().parse(text))
    reader = _Reader(root, source)
    blocks = reader.blocks(tree.children)
    return blocks, tuple(reader.notes)
