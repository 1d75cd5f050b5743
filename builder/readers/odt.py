"""OpenDocument text (.odt, LibreOffice's own format): odfpy's ODF2XHTML into the HTML reader.

odfpy is the OpenDocument library the ODF community keeps (ODF2XHTML is its converter);
it writes each paragraph and span with a class and the style's properties in a <style>
element, which the HTML reader reads as it reads Google Docs' pages (italic, bold, small
caps, centring). Five things it gets wrong for a book are set right here, by subclassing
its handlers rather than editing its output:

- a paragraph or span in an automatic style ("P3", what LibreOffice writes for any
  paragraph formatted by hand) loses the meaning of the style it derives from: a heading,
  a quotation, a horizontal line, Emphasis. The style's parents are followed here;
- named character styles it knows (Emphasis, Strong Emphasis) come out as bare <span>s:
  they are written as <em> and <strong>;
- a footnote's number is written as an int and fails the join (odfpy 1.4.1);
- a picture's alt text (its frame's svg:title or svg:desc) is left out;
- a picture is boxed in a <div>, which would break its paragraph in two.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import sources
from builder.errors import BookError, Location
from builder.model import Footnote, Node
from builder.readers import html

_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_XLINK = "http://www.w3.org/1999/xlink"
# Named paragraph styles (as ODF encodes their names) and what they are in a book.
_PARAGRAPHS = {
    **{f"Heading_20_{n}": f"h{n}" for n in range(1, 7)},
    "Title": "h1", "Quotations": "blockquote", "Quote": "blockquote", "Block_20_Text":
    "blockquote", "Horizontal_20_Line": "hr",
}  # fmt: skip
_SPANS = {"Emphasis": "em", "Strong_20_Emphasis": "strong", "Citation": "em"}


def _converter() -> Any:
    from odf.odf2xhtml import ODF2XHTML

    class Converter(ODF2XHTML):  # type: ignore[misc]
        """ODF2XHTML with the four corrections above."""

        def __init__(self) -> None:
            super().__init__(generate_css=True, embedable=False)
            self.parents: dict[tuple[str, str], str] = {}  # (family, name) -> parent
            self.node: Any = None
            self.closing: list[str] = []  # what each open paragraph or span closes with

        def _walknode(self, node: Any) -> None:
            self.node = node  # s_draw_image reads its frame's title through it
            super()._walknode(node)

        def writeout(self, s: Any) -> None:
            super().writeout(str(s))

        def s_style_style(self, tag: Any, attrs: Any) -> None:
            family, name = attrs.get((_STYLE, "family")), attrs.get((_STYLE, "name"))
            parent = attrs.get((_STYLE, "parent-style-name"))
            if family and name and parent:
                self.parents[(family, name)] = parent
            super().s_style_style(tag, attrs)

        def named(self, family: str, name: str | None, known: dict[str, str]) -> str | None:
            seen = set()
            while name and name not in known and name not in seen:
                seen.add(name)
                name = self.parents.get((family, name))
            return known.get(name or "")

        def s_text_p(self, tag: Any, attrs: Any) -> None:
            kind = self.named("paragraph", attrs.get((_TEXT, "style-name")), _PARAGRAPHS)
            if kind is None or kind == "hr":
                self.closing.append("p")
                super().s_text_p(tag, attrs)
                if kind == "hr":
                    self.writeout("* * *")
                return
            self.writedata()
            self.closing.append(kind)
            if kind == "blockquote":
                self.opentag("blockquote", {})
                self.opentag("p", {}, block=True)
            else:
                self.opentag(kind, {})
            self.purgedata()

        def e_text_p(self, tag: Any, attrs: Any) -> None:
            kind = self.closing.pop()
            if kind == "p":
                super().e_text_p(tag, attrs)
                return
            self.writedata()
            if kind == "blockquote":
                self.closetag("p")
            self.closetag(kind)
            self.purgedata()

        def s_text_span(self, tag: Any, attrs: Any) -> None:
            kind = self.named("text", attrs.get((_TEXT, "style-name")), _SPANS)
            self.closing.append(kind or "span")
            if kind is None:
                super().s_text_span(tag, attrs)
                return
            self.writedata()
            self.opentag(kind, {})
            self.purgedata()

        def e_text_span(self, tag: Any, attrs: Any) -> None:
            self.writedata()
            self.closetag(self.closing.pop(), False)
            self.purgedata()

        def s_draw_frame(self, tag: Any, attrs: Any) -> None:
            # ODF2XHTML boxes a picture in a positioned <div>, which would end the paragraph
            # that holds it (and leave an empty one, read as spacing or a scene break).
            self.writedata()
            self.purgedata()

        def e_draw_frame(self, tag: Any, attrs: Any) -> None:
            self.writedata()
            self.purgedata()

        def s_draw_image(self, tag: Any, attrs: Any) -> None:
            alt = _alt(self.node.parentNode)
            self.writedata()
            src = self.rewritelink(attrs[(_XLINK, "href")])
            self.emptytag("img", {"alt": alt, "src": src})

    return Converter()


def _alt(frame: Any) -> str:
    """A frame's description, else its title: what LibreOffice's Description / Title hold."""
    texts = {}
    for child in getattr(frame, "childNodes", ()):
        if getattr(child, "qname", None) in ((_SVG, "desc"), (_SVG, "title")):
            texts[child.qname[1]] = str(child).strip()
    return texts.get("desc") or texts.get("title") or ""


def read(root: Path, source: str, data: bytes) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """Parse one .odt file into blocks and footnotes (its pictures: see importer/formats.py)."""
    return html.read(root, source, to_html(source, data), word=True)


@dataclass(frozen=True)
class OdtFile:
    """An .odt as read: its HTML (UTF-8), its meta.xml as book.yaml keys, and its pictures
    by the path its HTML names them with (Pictures/...)."""

    page: bytes
    metadata: dict[str, object]
    pictures: dict[str, bytes]


def convert(source: str, data: bytes) -> OdtFile:
    """The document SOURCE (whose bytes are DATA), or a one-line error naming the file."""
    sources.check_zip_bytes(source, data, "the OpenDocument file")
    converter = _converter()
    try:
        converter.load(io.BytesIO(data))
        page = converter.xhtml()
        document = converter.document
        pictures = {
            str(href): bytes(body)
            for href, (kind, body, _media) in document.Pictures.items()
            if body and kind == 1  # 1: inside the file (odfpy's IS_IMAGE); else a link
        }
        metadata = _metadata(document.meta)
    except Exception as error:
        # A damaged or renamed file fails in zipfile, the XML parser or odfpy itself, with
        # any of many exception types; to the author it is one problem.
        message = f"not an OpenDocument text (.odt) that can be read ({type(error).__name__})"
        raise BookError(message, Location(source, None), "F010") from None
    return OdtFile(str(page).encode("utf-8"), metadata, pictures)


def to_html(source: str, data: bytes) -> bytes:
    """The document as HTML (UTF-8), or a one-line error naming the file."""
    return convert(source, data).page


_DC = "http://purl.org/dc/elements/1.1/"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
# meta.xml's fields (File > Properties in LibreOffice) and the book.yaml key each gives.
_FIELDS = {(_DC, "title"): "title", (_META, "initial-creator"): "author",
           (_DC, "language"): "language", (_DC, "description"): "description",
           (_META, "creation-date"): "date"}  # fmt: skip


def _metadata(meta: Any) -> dict[str, object]:
    out: dict[str, object] = {}
    subjects: list[str] = []
    for child in getattr(meta, "childNodes", ()):
        name = getattr(child, "qname", None)
        text = " ".join(str(child).split())
        if not text:
            continue
        if name in _FIELDS:
            out.setdefault(_FIELDS[name], text[:10] if name == (_META, "creation-date") else text)
        elif name == (_DC, "creator"):
            out.setdefault("author", text)  # the last to edit, when no initial creator
        elif name in ((_META, "keyword"), (_DC, "subject")):
            subjects.append(text)
    if subjects:
        out["subjects"] = list(dict.fromkeys(subjects))
    return out
