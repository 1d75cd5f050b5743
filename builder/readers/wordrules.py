"""Horizontal lines in a .docx, which mammoth does not read, kept as scene breaks.

Word's Insert > Horizontal Line, and pandoc's rendering of `* * *`, is a VML drawing inside a
paragraph (<w:pict><v:rect o:hr="t"/></w:pict>). mammoth skips drawings it cannot show, so
the paragraph comes out empty and is dropped, and the scene break with it. Before mammoth
runs, each such paragraph's content becomes the text "* * *", which the HTML reader reads as
a scene break. A document without one is passed on untouched, at the cost of one search.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RULE = b'o:hr="t"'  # how both Word and pandoc write it; the tree check below confirms it
_DOCUMENT = "word/document.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_VML = "urn:schemas-microsoft-com:vml"
_OFFICE = "urn:schemas-microsoft-com:office:office"


def with_rules_as_text(data: bytes) -> bytes:
    """The .docx DATA with every horizontal-line paragraph turned into "* * *" text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = archive.read(_DOCUMENT)
            if _RULE not in document:
                return data
            tree = etree.fromstring(document, _PARSER)
            if not _replace_rules(tree):
                return data
            return _rezip(archive, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, etree.XMLSyntaxError):
        return data  # not a Word file as expected: mammoth's own failure names it


def _replace_rules(tree: etree._Element) -> bool:
    rules = [rule for rule in tree.iter(f"{{{_VML}}}rect") if rule.get(f"{{{_OFFICE}}}hr") == "t"]
    # The nearest paragraph around each line (a text box's paragraph inside another's).
    nearest = (next(rule.iterancestors(f"{{{_W}}}p"), None) for rule in rules)
    paragraphs = list({id(p): p for p in nearest if p is not None}.values())
    for paragraph in paragraphs:
        for child in list(paragraph):
            if child.tag != f"{{{_W}}}pPr":  # keep the paragraph's style, drop its content
                paragraph.remove(child)
        run = etree.SubElement(paragraph, f"{{{_W}}}r")
        etree.SubElement(run, f"{{{_W}}}t").text = "* * *"
    return bool(paragraphs)


def _rezip(archive: zipfile.ZipFile, document: bytes) -> bytes:
    """The same parts with the new document, stored: the copy lives only in memory, for
    mammoth, and compressing it again would cost more than all the rest (0.3 s a novel)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for member in archive.infolist():
            body = document if member.filename == _DOCUMENT else archive.read(member)
            copy.writestr(member.filename, body)
    return out.getvalue()
