"""How fast can a .docx become semantic HTML at best? A measuring probe, not a reader.

.venv/bin/python benchmarks/docx_lxml_floor.py NOVEL.docx

Walks word/document.xml once with lxml (paragraph style → h1/p, w:i → em, w:b → strong,
footnote references → mammoth's <sup><a href="#footnote-N">), builds the HTML as an lxml tree
and hands its bytes to the builder's HTML reader; prints the time of each step next to
mammoth's for the same file. It knows only what pandoc's .docx of the generated novel uses
(no lists, tables, pictures, links, numbering, fields or tracked changes), so it is the floor
that a reader of the same semantic HTML built on lxml could approach, not a replacement.
"""

import io
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

from builder.readers import html, word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def heading_styles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Style id → h1..h6 for the styles named "Heading N" (what mammoth's default map does)."""
    styles = etree.fromstring(archive.read("word/styles.xml"), PARSER)
    found = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        label = (name.get(f"{W}val") or "").lower() if name is not None else ""
        if label.startswith("heading ") and label[8:].isdigit():
            found[str(style.get(f"{W}styleId"))] = f"h{label[8:]}"
    return found


def runs(paragraph: etree._Element, out: etree._Element) -> None:
    for run in paragraph.iter(f"{W}r"):
        props = run.find(f"{W}rPr")
        target = out
        if props is not None:
            if props.find(f"{W}i") is not None:
                target = etree.SubElement(target, "em")
            if props.find(f"{W}b") is not None:
                target = etree.SubElement(target, "strong")
        for child in run:
            if child.tag == f"{W}t":
                append_text(target, child.text or "")
            elif child.tag == f"{W}footnoteReference":
                number = child.get(f"{W}id")
                link = etree.SubElement(etree.SubElement(target, "sup"), "a")
                link.set("href", f"#footnote-{number}")
                link.set("id", f"footnote-ref-{number}")
                link.text = f"[{number}]"
            elif child.tag == f"{W}br":
                etree.SubElement(target, "br")


def append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def paragraphs(root: etree._Element, body: etree._Element, headings: dict[str, str]) -> None:
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        tag = headings.get(style.get(f"{W}val") or "", "p") if style is not None else "p"
        runs(paragraph, etree.SubElement(body, tag))


def notes(archive: zipfile.ZipFile, body: etree._Element, headings: dict[str, str]) -> None:
    listing = etree.SubElement(body, "ol")
    for note in etree.fromstring(archive.read("word/footnotes.xml"), PARSER):
        if note.get(f"{W}type") in ("separator", "continuationSeparator"):
            continue
        item = etree.SubElement(listing, "li", id=f"footnote-{note.get(f'{W}id')}")
        paragraphs(note, item, headings)


def to_html(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        headings = heading_styles(archive)
        document = etree.fromstring(archive.read("word/document.xml"), PARSER)
        page = etree.Element("html")
        body = etree.SubElement(page, "body")
        paragraphs(document, body, headings)
        notes(archive, body, headings)
    return etree.tostring(page, method="html", encoding="utf-8")


def main() -> None:
    path = Path(sys.argv[1])
    data = path.read_bytes()
    start = time.perf_counter()
    ours = to_html(data)
    walked = time.perf_counter()
    blocks, found = html.read(path.parent, path.name, ours, word=True)
    read = time.perf_counter()
    word.to_html(path.name, data)
    mammoth = time.perf_counter()
    print(f"lxml walk → HTML {walked - start:6.2f} s  ({len(ours) / 2**20:.1f} MiB of HTML)")
    print(f"html.read        {read - walked:6.2f} s  ({len(blocks)} blocks, {len(found)} notes)")
    print(f"mammoth to_html  {mammoth - read:6.2f} s")


if __name__ == "__main__":
    main()
