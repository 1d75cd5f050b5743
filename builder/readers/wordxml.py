"""mammoth's XML parsing on lxml: the same tree of mammoth's own elements, four times sooner.

mammoth reads each part of a .docx with xml.dom.minidom and then copies the DOM into its
own XmlElement tree. On a novel that is a third of the whole import (2 s of 5.5 s for
500,000 words, more than the rest of our reading put together), so the same tree is built
here from lxml's parse instead: mammoth's reading of that tree is untouched.

The parser resolves no entities, loads no DTD and reaches no network, like every other
parser in the builder; a part that is not well-formed XML fails here as it does in minidom
(book calls it F007, not a Word document). tests/test_word_xml.py holds the two parsers to
the same trees on real documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from lxml import etree

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE, _FALLBACK = f"{_MC}AlternateContent", f"{_MC}Fallback"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    remove_comments=True, remove_pis=True,
)  # fmt: skip


def parse_xml(
    fileobj: IO[bytes],
    namespace_mapping: Iterable[tuple[str, str]] | None = None,
    collapse: bool = False,
) -> Any:
    """mammoth.docx.xmlparser.parse_xml's result (names as "prefix:local"), from lxml.

    COLLAPSE: each mc:AlternateContent element replaced by its mc:Fallback's children,
    as office_xml.read does after parsing (in a second walk of the whole tree)."""
    from mammoth.docx.xmlparser import XmlElement, XmlText

    prefixes = {uri: prefix for prefix, uri in namespace_mapping or ()}
    names: dict[str, str] = {}

    def name(qualified: str) -> str:
        # lxml names "{uri}local"; mammoth wants "prefix:local" for the namespaces it knows.
        found = names.get(qualified)
        if found is None:
            uri, _, local = (
                qualified[1:].partition("}") if qualified[0] == "{" else ("", "", qualified)
            )
            prefix = prefixes.get(uri)
            found = f"{prefix}:{local}" if prefix else qualified
            names[qualified] = found
        return found

    def convert(element: etree._Element, collapse: bool) -> Any:
        children: list[Any] = [XmlText(element.text)] if element.text else []
        for child in element:
            if collapse and child.tag == _ALTERNATE:
                # As office_xml does: the fallback's children, themselves left as they are.
                fallback = child.find(_FALLBACK)
                if fallback is not None:
                    children.extend(convert(fallback, False).children)
            elif isinstance(child.tag, str):
                children.append(convert(child, collapse))
            # An entity left unresolved is dropped, as minidom drops what it cannot read;
            # the text after it stays.
            if child.tail:
                children.append(XmlText(child.tail))
        attributes = {name(str(key)): str(value) for key, value in element.attrib.items()}
        return XmlElement(name(element.tag), attributes, children)

    return convert(etree.parse(fileobj, _PARSER).getroot(), collapse)


def read(fileobj: IO[bytes]) -> Any:
    """mammoth.docx.office_xml.read: a part's tree with Word's alternate content
    (mc:AlternateContent) replaced by its fallback, in the same pass as the parse."""
    from mammoth.docx import office_xml

    return parse_xml(fileobj, office_xml._namespaces, collapse=True)


def install() -> None:
    """Have mammoth read .docx parts through read (idempotent)."""
    from mammoth.docx import office_xml

    office_xml.read = read
