"""EPUB sources: the spine's documents, the package's metadata and the pictures of an .epub.

Read with zipfile and lxml, not ebooklib: ebooklib parses every XML part with lxml's default
parser (entities resolved, DTDs loaded as the document asks), reads every member of the
zip into memory whatever its size, and fails on EPUBs with small faults (a manifest item
that is missing from the zip) with exceptions of many types. Here nothing is resolved or
fetched, the unpacked size is held to the manuscript limit before anything is read, only
the members the manifest names are read, and any fault is one BookError naming the file.
An AO3 EPUB (Calibre's ``ebook-convert`` of AO3's HTML) goes through readers.ao3, so it
gives the same work as the HTML download.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from builder import sources
from builder.errors import BookError, Location
from builder.readers import ao3, html, split
from builder.readers.split import Section

_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_DOCUMENTS = frozenset({"application/xhtml+xml", "text/html"})
# A damaged member fails in zipfile, zlib or the decompressors; an encrypted one with
# RuntimeError; an unknown compression method with NotImplementedError.
_UNREADABLE = (
    zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
    NotImplementedError,
)  # fmt: skip
_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)")


@dataclass
class Epub:
    """DOCUMENTS: (zip path, bytes) of the spine's XHTML files in reading order; METADATA:
    book.yaml keys from the package file; PICTURES: each manifest image's bytes by zip path."""

    documents: list[tuple[str, bytes]] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)
    pictures: dict[str, bytes] = field(default_factory=dict)


def _error(source: str, message: str) -> BookError:
    return BookError(message, Location(source, None), "F008")


def read(source: str, data: bytes) -> Epub:
    """The EPUB in DATA (the bytes of the file SOURCE), or a one-line error naming it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _error(source, "not an EPUB that can be read (not a zip file)") from None
    with archive:
        sources.check_unpacked_size(source, archive, "the EPUB")
        opf_path = _package_path(source, archive)
        package = _xml(source, archive, opf_path)
        manifest = _manifest(source, package, opf_path)
        epub = Epub(metadata=_metadata(package))
        for idref in _spine(package):
            path, media_type = manifest.get(idref, ("", ""))
            if media_type in _DOCUMENTS:
                epub.documents.append((path, _member(source, archive, path)))
        for path, media_type in manifest.values():
            if media_type.startswith("image/") and path in archive.NameToInfo:
                epub.pictures[path] = _member(source, archive, path)
    return epub


def _member(source: str, archive: zipfile.ZipFile, path: str) -> bytes:
    try:
        return archive.read(path)
    except KeyError:
        raise _error(source, f"the EPUB has no {path!r}, which its package names") from None
    except _UNREADABLE as error:
        message = f"the EPUB's {path!r} cannot be read ({type(error).__name__})"
        raise _error(source, message) from None


def _xml(source: str, archive: zipfile.ZipFile, path: str) -> etree._Element:
    """A package part, parsed with nothing resolved, loaded or fetched."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
        remove_pis=True, huge_tree=False,
    )  # fmt: skip
    try:
        return etree.fromstring(_member(source, archive, path), parser=parser)
    except etree.XMLSyntaxError:
        raise _error(source, f"the EPUB's {path!r} is not well-formed XML") from None


def _package_path(source: str, archive: zipfile.ZipFile) -> str:
    container = _xml(source, archive, "META-INF/container.xml")
    rootfile = container.find(f"{_CONTAINER}rootfiles/{_CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise _error(source, "the EPUB's META-INF/container.xml names no package file")
    return _inside(source, "", str(rootfile.get("full-path")))


def _inside(source: str, base: str, href: str) -> str:
    """HREF (relative to the zip path BASE) as a zip path, refused if it leaves the zip."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or path.startswith("/") or "\\" in path:
        raise _error(source, f"the EPUB names {href[:60]!r}, which is not a file inside it")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined == ".." or joined.startswith("../"):
        raise _error(source, f"the EPUB names {href[:60]!r}, which leads outside it")
    return joined


def _manifest(source: str, package: etree._Element, opf: str) -> dict[str, tuple[str, str]]:
    """Each manifest item's id: its zip path and media type."""
    items: dict[str, tuple[str, str]] = {}
    for item in package.iter(f"{_OPF}item"):
        href, item_id = item.get("href"), item.get("id")
        if href and item_id:
            items[item_id] = (_inside(source, opf, href), item.get("media-type") or "")
    return items


def _spine(package: etree._Element) -> list[str]:
    return [str(i.get("idref")) for i in package.iter(f"{_OPF}itemref") if i.get("idref")]


def _metadata(package: etree._Element) -> dict[str, object]:
    """book.yaml keys from the package's Dublin Core and Calibre's or EPUB 3's series."""
    found = package.find(f"{_OPF}metadata")
    if found is None:
        return {}
    metadata: dict[str, object] = {}
    texts = _dc_texts(found)
    for key, name in (("title", "title"), ("language", "language")):
        if texts.get(name):
            metadata[key] = texts[name][0]
    authors = _authors(found)
    if authors:
        metadata["author"] = authors[0] if len(authors) == 1 else authors
    description = _plain(texts["description"][0]) if texts.get("description") else ""
    if description:  # book.yaml refuses an empty one ("<p></p>" is)
        metadata["description"] = description
    if texts.get("subject"):
        metadata["subjects"] = list(dict.fromkeys(texts["subject"]))
    date = _DATE.match(texts["date"][0]) if texts.get("date") else None
    if date and not date[1].startswith("0101"):  # Calibre's "no date"
        metadata["date"] = date[1]
    series = _series(found)
    if series:
        metadata["series"] = series
    return metadata


def _text(element: etree._Element) -> str:
    return " ".join("".join(str(t) for t in element.itertext()).split())


def _dc_texts(metadata: etree._Element) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for element in metadata:
        if isinstance(element.tag, str) and element.tag.startswith(_DC):
            name = element.tag[len(_DC) :]
            # A description keeps its line breaks: it may be HTML, read below.
            whole = "".join(str(t) for t in element.itertext()).strip()
            text = whole if name == "description" else _text(element)
            if text:
                texts.setdefault(name, []).append(text)
    return texts


def _authors(metadata: etree._Element) -> list[str]:
    """The creators who are authors (role "aut", or no role: EPUB 3 puts roles elsewhere)."""
    return [
        _text(creator)
        for creator in metadata.iter(f"{_DC}creator")
        if _text(creator) and (creator.get(f"{_OPF}role") or "aut") == "aut"
    ]


def _plain(description: str) -> str:
    """A description that is HTML (Calibre writes the comments so) as plain paragraphs."""
    if "<" not in description:
        return description
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        tree = lxml_html.fragment_fromstring(description, create_parent="div", parser=parser)
    except etree.ParserError:
        return description
    paragraphs = [_text(p) for p in tree.iter("p")] or [_text(tree)]
    return "\n\n".join(p for p in paragraphs if p)


def _series(metadata: etree._Element) -> dict[str, str] | None:
    """Calibre's calibre:series and calibre:series_index, or EPUB 3's belongs-to-collection
    with its group-position."""
    metas = {m.get("name"): m.get("content") or "" for m in metadata.iter(f"{_OPF}meta")}
    name, number = metas.get("calibre:series"), metas.get("calibre:series_index")
    if not name:
        for meta in metadata.iter(f"{_OPF}meta"):
            if meta.get("property") == "belongs-to-collection" and _text(meta):
                name, number = _text(meta), _refined(metadata, meta.get("id"))
                break
    if not name:
        return None
    number = re.sub(r"\.0+$", "", (number or "").strip())
    return (
        {"name": name, "number": number} if re.fullmatch(r"\d+(\.\d+)?", number) else {"name": name}
    )


def _refined(metadata: etree._Element, item_id: str | None) -> str | None:
    for meta in metadata.iter(f"{_OPF}meta"):
        refines = item_id and meta.get("refines") == f"#{item_id}"
        if refines and meta.get("property") == "group-position":
            return _text(meta)
    return None


# --- the documents as one tree ----------------------------------------------------------


def joined(source: str, epub: Epub) -> etree._Element:
    """The spine's documents as one HTML tree: each one's <body> children in reading order.

    A link to another spine file ("notes.xhtml#n3") becomes a link within the tree ("#n3"),
    and a picture's src its zip path, which is how Epub.pictures names it."""
    tree = lxml_html.document_fromstring(b"<html><body></body></html>")
    body = tree.find("body")
    assert body is not None
    spine = {path for path, _ in epub.documents}
    for path, data in epub.documents:
        document = html.parse(source, data)
        part = document.find("body")
        for element in list(part if part is not None else ()):
            _relink(source, path, spine, element)
            body.append(element)
    return tree


def _relink(source: str, path: str, spine: set[str], element: etree._Element) -> None:
    for link in element.iter("a"):
        href = link.get("href") or ""
        target, _, fragment = href.partition("#")
        if fragment and target and not urlsplit(target).scheme:
            try:
                if _inside(source, path, target) in spine:
                    link.set("href", f"#{fragment}")
            except BookError:
                link.attrib.pop("href")  # a link out of the EPUB leads nowhere in the book
    for image in element.iter("img"):
        src = image.get("src") or ""
        if src and not urlsplit(src).scheme:
            image.set("src", _inside(source, path, src))


def picture_names(epub: Epub) -> dict[str, str]:
    """Each picture's file name for the book's images/ folder, by its zip path: its own
    name, numbered where two folders of the EPUB hold the same name."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for path in epub.pictures:
        stem, suffix = posixpath.splitext(posixpath.basename(path))
        name, n = stem + suffix, 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken.add(name.lower())
        names[path] = name
    return names


def _picture(epub: Epub) -> html.Pictures:
    """The src a picture gets in the book: "images/NAME" (see picture_names); a picture the
    manifest does not list keeps its zip path, and the importer reports it missing."""
    names = picture_names(epub)
    return lambda src, where: f"images/{names[src]}" if src in names else src


def ao3_work(
    root: Path, source: str, epub: Epub, picture: html.Pictures | None = None
) -> ao3.Ao3Work | None:
    """The AO3 work an EPUB holds (Calibre's files of AO3's HTML), or None if it is not one.

    Its metadata comes from AO3's preface, as for the HTML download; what the package has
    beyond it fills the gaps. Pictures are named as PICTURE says (default: _picture)."""
    work = ao3.read(root, source, joined(source, epub), picture or _picture(epub))
    if work is not None:
        work.metadata = {**epub.metadata, **work.metadata}
    return work


def sections(
    root: Path, source: str, epub: Epub, picture: html.Pictures | None = None
) -> list[Section]:
    """The EPUB's chapters: an AO3 work's as AO3 cut them; any other EPUB's text, read as
    one document across its spine files and cut at its chapter headings by split.sections.
    PICTURE: as for ao3_work."""
    work = ao3_work(root, source, epub, picture)
    if work is not None:
        return work.chapters
    tree = joined(source, epub)
    body = tree.find("body")
    element = body if body is not None else tree
    blocks, notes = html.blocks_of(root, source, element, picture or _picture(epub))
    return split.sections(blocks, notes)
