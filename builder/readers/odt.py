"""OpenDocument text (.odt, LibreOffice): odfpy's own converter to XHTML, for the HTML reader.

odfpy is the OpenDocument library the ODF community keeps (it reads and writes every part
of the format); its odf2xhtml walks the document into XHTML with footnotes as
`<li id="footnote-N">`, the shape mammoth gives and readers/html.py reads. It keeps the
look in classes naming the document's styles, so the styles that carry meaning are turned
back into tags here, on the tree: italic → em, bold → strong, small caps, superscript and
subscript; paragraphs in the "Quotations" style → a block quote; a "Horizontal Line"
paragraph → a scene break. Pictures and tables' look do not come across.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from lxml import html as lxml_html

from builder import sources
from builder.errors import BookError, Location
from builder.readers.html import SMALL_CAPS_CLASS

_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def to_html(source: str, data: bytes) -> bytes:
    """The document as XHTML (UTF-8), or a one-line error naming the file."""
    # Imported here: only books with an .odt pay for odfpy.
    from odf.odf2xhtml import ODF2XHTML

    class _Converter(ODF2XHTML):  # type: ignore[misc]
        def _wlines(self, s: object) -> None:
            # odfpy 1.4 writes a footnote's number as an int; the text wants a str.
            if s != "":
                self.lines.append(str(s))

    _check_unpacked_size(source, data)
    converter = _Converter(generate_css=True, embedable=False)
    try:
        converter.load(io.BytesIO(data))
        text = converter.xhtml()
    except Exception as error:
        # A damaged or renamed file fails in zipfile or an XML parser, with many exception
        # types; to the author it is one problem.
        message = f"not an OpenDocument text (.odt) that can be read ({type(error).__name__})"
        raise BookError(message, Location(source, None), "F008") from None
    tree = lxml_html.document_fromstring(text.encode("utf-8"))
    _restore_meaning(tree, _styles(converter))
    return bytes(etree.tostring(tree, encoding="utf-8"))


def _styles(converter: object) -> dict[str, dict[str, str]]:
    """Each class odf2xhtml wrote ("S-T1", "P-P1") with the properties of its style and of
    the styles it is based on, and the names of those styles under "parents"."""
    found: dict[str, dict[str, str]] = {}
    styledict = getattr(converter, "styledict", {})
    for name in styledict:
        merged: dict[str, str] = {}
        parents: list[str] = []
        current: str | None = name
        while current and current in styledict and current not in parents:
            parents.append(current)
            for key, value in styledict[current].items():
                if isinstance(key, tuple):
                    merged.setdefault(key[1], str(value))
            current = styledict[current].get("__parent-style-name")
        merged["parents"] = " ".join(parents)
        found[name.lstrip(".")] = merged
    return found


def _restore_meaning(tree: etree._Element, styles: dict[str, dict[str, str]]) -> None:
    for span in list(tree.iter("span")):
        style = styles.get(span.get("class") or "", {})
        _wrap_inline(span, style)
    for paragraph in list(tree.iter("p")):
        style = styles.get(paragraph.get("class") or "", {})
        parents = style.get("parents", "") + " " + (paragraph.get("class") or "")
        if "Horizontal_20_Line" in parents:
            paragraph.tag = "hr"
        elif "Quotations" in parents or _indented(style):
            _into_quote(paragraph)


def _indented(style: dict[str, str]) -> bool:
    """A paragraph indented on the left with no first-line indent: a quoted block."""
    left = style.get("margin-left", "0")
    return left not in ("0", "0in", "0cm") and style.get("text-indent", "0in") in ("0in", "0cm")


def _wrap_inline(span: etree._Element, style: dict[str, str]) -> None:
    tags = []
    if style.get("font-style") == "italic":
        tags.append("em")
    if style.get("font-weight") == "bold":
        tags.append("strong")
    position = style.get("text-position", "")
    if position.startswith("super"):
        tags.append("sup")
    elif position.startswith("sub"):
        tags.append("sub")
    if "class" in span.attrib:
        del span.attrib["class"]
    if style.get("font-variant") == "small-caps":
        span.set("class", SMALL_CAPS_CLASS)
    for tag in tags:  # each wraps the span's content, innermost last
        inner = etree.Element(tag)
        inner.text, span.text = span.text, None
        for child in list(span):
            inner.append(child)
        span.append(inner)
        span = inner


def _into_quote(paragraph: etree._Element) -> None:
    """Consecutive quoted paragraphs share one block quote."""
    previous = paragraph.getprevious()
    if previous is not None and previous.tag == "blockquote" and not (previous.tail or "").strip():
        previous.append(paragraph)
        return
    quote = etree.Element("blockquote")
    paragraph.addprevious(quote)
    quote.tail, paragraph.tail = paragraph.tail, None
    quote.append(paragraph)


def _check_unpacked_size(source: str, data: bytes) -> None:
    """An .odt is a zip: its declared unpacked size is held to the manuscript limit, so a
    small file that unpacks to gigabytes (a zip bomb) is refused before it is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # not a zip at all: odfpy's own failure names it
    if unpacked > sources.MAX_FILE_BYTES:
        limit = sources.MAX_FILE_BYTES // (1024 * 1024)
        message = f"the OpenDocument file unpacks to more than {limit} MB"
        raise BookError(message, Location(source, None), "F004")
