"""The EPUB packager: one XHTML document per section, packed by ebooklib.

ebooklib writes the package document, the NCX and the zip; we give it finished
XHTML (as plain items, so it does not re-parse and rewrite our markup) and our
own navigation document. Its zip entries carry the current time, so we repack
the archive with one fixed timestamp: the same source gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ebooklib import epub
from lxml import etree

from builder import sources
from builder.chapter_cache import ChapterCache
from builder.errors import BookError, Location
from builder.labels import label
from builder.media import checked_type, extension, used
from builder.model import Book, Chapter
from builder.render import back_matter, matter, styles
from builder.render.epub import fonts, opf, page_breaks, rendering, theme_files
from builder.render.page_map import PageMap
from builder.render.xhtml import XML_LANG, Links, document, el, link_targets, sub

TEXT_DIR = "text"
XHTML_TYPE = "application/xhtml+xml"
CONTAINER = "META-INF/container.xml"
ROOTFILE = "{urn:oasis:names:tc:opendocument:xmlns:container}rootfile"


@dataclass
class _Doc:
    name: str
    title: str
    section: etree._Element
    landmark: str = ""  # epub:type(s) in the landmarks nav, space-separated
    toc: bool = True
    children: list[_Doc] = field(default_factory=list)  # a part's chapters
    chapter: Chapter | None = None  # a chapter's document: rendered late, maybe cached
    content: bytes | None = None  # the finished document, when the cache had it
    level: int = 1  # a chapter title's heading level (2 under part titles)


@dataclass
class _Images:
    """Book-relative image paths -> names inside the EPUB, in order of first use."""

    book: Book
    names: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    data: dict[str, bytes] = field(default_factory=dict)

    def add(self, path: str, where: Location, name: str | None = None) -> str:
        if path not in self.names:
            content = sources.read_bytes(self.book.config.root, path, where)
            kind = checked_type(path, content, where)
            stem = name or f"image-{len(self.names) + 1:03d}"
            self.names[path] = f"media/{stem}{extension(kind)}"
            self.types[path], self.data[path] = kind, content
        return self.names[path]


def _collect_images(book: Book, images: _Images) -> None:
    for path, where in used(book):
        images.add(path, where, "cover" if path == book.config.cover else None)
        if path == book.config.cover and images.types[path] not in ("image/jpeg", "image/png"):
            raise BookError("the cover must be a JPEG or PNG image", where, "I003")


def _links(book: Book, images: _Images) -> Links:
    target = link_targets(book)

    def chapter_href(source: str, fragment: str) -> str | None:
        chapter = target(source, fragment)
        if chapter is None:
            return None
        return f"{chapter.name}.xhtml" + (f"#{fragment}" if fragment else "")

    return Links(chapter_href, lambda path: "../" + images.names[path])


def _documents(book: Book, images: _Images, links: Links, store: str | None) -> list[_Doc]:
    config, language = book.config, book.config.language
    docs: list[_Doc] = []
    if config.cover:
        src = "../" + images.names[config.cover]
        docs.append(
            _Doc("cover", label(language, "cover"), matter.cover(config, src), "cover", False)
        )
    praise = back_matter.praise(config, links)
    if praise:
        docs.append(_Doc(praise.name, praise.title, praise.section, "frontmatter"))
    docs.append(_Doc("title-page", config.title, matter.title_page(config), "titlepage"))
    docs.append(_Doc("copyright", label(language, "copyright"), matter.copyright_page(config)))
    for kind in ("dedication", "epigraph"):
        if getattr(book, kind):
            section = matter.front_section(book, kind, links)
            docs.append(_Doc(kind, label(language, kind), section))
    docs.append(_Doc("nav", label(language, "contents"), el("section"), "toc", False))
    level = 2 if any(part.title for part in book.parts) else 1
    body: list[_Doc] = []
    for part in book.parts:
        chapters = [_chapter_doc(chapter, links, level) for chapter in part.chapters]
        if part.title:
            body.append(_Doc(part.name, part.title, matter.part_page(part), children=chapters))
        else:
            body.extend(chapters)
    body[0].landmark = "bodymatter"
    docs.extend(body)
    if book.gathered_notes:
        section = matter.gathered_notes(book, links, "{name}.xhtml")
        docs.append(_Doc("authors-notes", label(language, "authors-notes"), section))
    docs.extend(_back_docs(book, links, store))
    return docs


def _back_docs(book: Book, links: Links, store: str | None) -> list[_Doc]:
    """The back-matter pages; the first is the landmarks' backmatter."""
    docs = []
    for index, page in enumerate(back_matter.back_pages(book.config, links, store)):
        kinds = ["backmatter"] if index == 0 else []
        if page.name == "acknowledgements":
            kinds.append("acknowledgments")
        docs.append(_Doc(page.name, page.title, page.section, " ".join(kinds)))
    return docs


def _chapter_doc(chapter: Chapter, links: Links, level: int) -> _Doc:
    return _Doc(chapter.name, chapter.title_text, el("section"), chapter=chapter, level=level)


def _nav_document(
    book: Book, docs: list[_Doc], stylesheets: list[str], pages: list[tuple[str, str]]
) -> bytes:
    language = book.config.language
    body = el("body")
    nav = sub(body, "nav", {"id": "toc", "epub:type": "toc", "role": "doc-toc"})
    sub(nav, "h1", None, label(language, "contents"))
    _nav_list(nav, [doc for doc in docs if doc.toc])
    landmarks = sub(
        body, "nav", {"class": "landmarks", "epub:type": "landmarks", "hidden": "hidden"}
    )
    sub(landmarks, "h2", None, label(language, "landmarks"))
    items = sub(landmarks, "ol")
    for doc in _all(docs):
        for kind in doc.landmark.split():
            li = sub(items, "li")
            sub(li, "a", {"epub:type": kind, "href": f"{doc.name}.xhtml"}, doc.title)
    if pages:
        body.append(page_breaks.page_list(pages, label(language, "pages")))
    return document(label(language, "contents"), language, stylesheets, body)


def _mark_pages(docs: list[_Doc], page_map: PageMap) -> list[tuple[str, str]]:
    """Put the printed edition's page breaks into the sections; the page list, in order."""
    pages: list[tuple[str, str]] = []
    for doc in _all(docs):
        entries = page_map.get(doc.name, [])
        if doc.content is not None:  # a cached document has its breaks already
            pages.extend((f"{doc.name}.xhtml#page-{label_}", label_) for label_, _ in entries)
            continue
        # Last first: a marker put before a block shifts the places of the blocks after it.
        for page_label, place in reversed(entries):
            if not page_breaks.insert(doc.section, place, page_label):
                # A builder bug (the two renderings differ); a page list entry must not dangle.
                message = f"printed page {page_label} has no place {place} in {doc.name}"
                raise RuntimeError(message)
        pages.extend(
            (f"{doc.name}.xhtml#page-{page_label}", page_label) for page_label, _ in entries
        )
    return pages


def _nav_list(parent: etree._Element, docs: list[_Doc]) -> None:
    ol = sub(parent, "ol")
    for doc in docs:
        li = sub(ol, "li")
        sub(li, "a", {"href": f"{doc.name}.xhtml"}, doc.title)
        if doc.children:
            _nav_list(li, doc.children)


def _all(docs: list[_Doc]) -> list[_Doc]:
    out: list[_Doc] = []
    for doc in docs:
        out.append(doc)
        out.extend(doc.children)
    return out


def _ncx_toc(docs: list[_Doc]) -> list[object]:
    entries: list[object] = []
    for doc in docs:
        if not doc.toc:
            continue
        href = f"{TEXT_DIR}/{doc.name}.xhtml"
        if doc.children:
            entries.append((epub.Section(doc.title, href), _ncx_toc(doc.children)))
        else:
            entries.append(epub.Link(href, doc.title, doc.name))
    return entries


@dataclass
class Rendered:
    """The EPUB's content before ebooklib packs it: its sections, stylesheets and pictures.

    `book serve` shows these documents as they are, so the preview is the EPUB's own XHTML.
    """

    book: Book
    docs: list[_Doc]
    images: _Images
    sheets: list[styles.Sheet]  # in cascade order
    pages: list[tuple[str, str]]  # the page list: (href, printed page label)
    chapters: rendering.Chapters

    @property
    def stylesheets(self) -> list[str]:
        return [f"../styles/{sheet.name}" for sheet in self.sheets]

    def documents(self) -> list[tuple[_Doc, bytes]]:
        """Every section's XHTML document (the contents page's too), in reading order."""
        language, stylesheets = self.book.config.language, self.stylesheets
        out = []
        for doc in _all(self.docs):
            if doc.name == "nav":
                content = _nav_document(self.book, self.docs, stylesheets, self.pages)
            elif doc.content is not None:
                content = doc.content
            else:
                body = el("body")
                body.append(doc.section)
                content = document(doc.title, language, stylesheets, body)
                if doc.chapter is not None:
                    self.chapters.store(doc.chapter, content)
            out.append((doc, content))
        return out

    def theme_files(self, documents: Iterable[bytes]) -> list[epub.EpubItem]:
        """The theme's ornaments and fonts, the fonts cut down to the characters shown."""

        def shown() -> set[str]:
            return fonts.characters(documents, (sheet.data for sheet in self.sheets))

        return theme_files.for_epub(self.book, self.sheets, shown)


def render(
    book: Book,
    page_map: PageMap | None = None,
    cache: ChapterCache | None = None,
    store: str | None = None,
) -> Rendered:
    """The EPUB's sections, stylesheets and pictures; with PAGE_MAP, the print edition's
    pages. With CACHE, a chapter rendered before with the same links is not rendered again.
    STORE: the back matter links to that store (see package)."""
    images = _Images(book)
    _collect_images(book, images)
    links = _links(book, images)
    docs = _documents(book, images, links, store)
    sheets = styles.for_output(book, "epub")
    stylesheets = [f"../styles/{sheet.name}" for sheet in sheets]
    chapters = rendering.Chapters(book, links, stylesheets, page_map or {}, cache)
    for doc in _all(docs):
        if doc.chapter is not None:
            doc.section, doc.content = chapters.render(doc.chapter, doc.level)
    pages = _mark_pages(docs, page_map) if page_map else []
    return Rendered(book, docs, images, sheets, pages, chapters)


def package(
    book: Book,
    when: datetime,
    page_map: PageMap | None = None,
    store: str | None = None,
    cache: ChapterCache | None = None,
) -> bytes:
    """The finished EPUB file's bytes; with PAGE_MAP, it carries the print edition's pages.

    STORE (kindle, apple, kobo, google): the edition for that store, whose back matter
    links to it (builder/render/epub/stores.py adds the rest of what the store wants).
    With CACHE, a chapter rendered before with the same links is not rendered again.
    """
    rendered = render(book, page_map, cache, store)
    images = rendered.images
    target = epub.EpubBook()
    opf.describe(target, book.config)
    opf.accessibility(target, book, paginated=bool(rendered.pages))
    for sheet in rendered.sheets:
        uid = "css-" + sheet.name[:-4].replace("/", "-")
        target.add_item(epub.EpubItem(uid, f"styles/{sheet.name}", "text/css", sheet.data))
    for path, name in images.names.items():
        if path == book.config.cover:
            target.set_cover(name, images.data[path], create_page=False)
        else:
            uid = name.rsplit("/", 1)[-1].replace(".", "-")
            target.add_item(epub.EpubItem(uid, name, images.types[path], images.data[path]))
    spine = []
    for doc, content in rendered.documents():
        item = epub.EpubItem(doc.name, f"{TEXT_DIR}/{doc.name}.xhtml", XHTML_TYPE)
        item.content = content
        if doc.name == "nav":
            item.properties = ["nav"]
        target.add_item(item)
        spine.append(item)
    target.spine = spine
    # The theme's fonts last: they are cut down to the characters of the documents above.
    for resource in rendered.theme_files(item.content for item in spine):
        target.add_item(resource)
    target.toc = _ncx_toc(rendered.docs)
    target.add_item(epub.EpubNcx())
    return _write(target, when, book.config.language)


def _write(target: epub.EpubBook, when: datetime, language: str) -> bytes:
    """Let ebooklib make the package's files, then zip them with fixed timestamps."""
    options = {"mtime": when, "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False}
    writer = _Writer("", target, options)
    writer.process()
    files = writer.files()
    out = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(out, "w") as result:
        package_path = _package_path(dict(files)[CONTAINER])
        for name, data in files:
            if name == package_path:
                data = _with_language(data, language)
            entry = zipfile.ZipInfo(name, date_time=stamp)
            # The mimetype entry must come first and uncompressed (OCF 3.3).
            stored = name == "mimetype"
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            result.writestr(entry, data)
    return out.getvalue()


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, handing over the files it would zip, in its order: zipping
    them once ourselves (fixed dates) spares writing and reading back a first archive.
    files() makes the calls of ebooklib's own write(), on a collector instead of a zip."""

    def files(self) -> list[tuple[str, bytes]]:
        written: list[tuple[str, bytes]] = []
        self.out = _Collector(written)
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()
        return written


class _Collector:
    """What ebooklib's writer calls on its zip file, keeping the files instead."""

    def __init__(self, written: list[tuple[str, bytes]]) -> None:
        self.written = written

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        self.written.append((name, data.encode() if isinstance(data, str) else data))


def _package_path(container: bytes) -> str:
    """Where the package document is, as the container names it (ebooklib: EPUB/content.opf)."""
    (rootfile,) = etree.fromstring(container).iter(ROOTFILE)
    return rootfile.get("full-path", "")


def _with_language(package_document: bytes, language: str) -> bytes:
    """The package document with xml:lang on its root element.

    ebooklib writes the language only as dc:language; the package's own xml:lang is the
    language of its metadata text (titles, summary), which assistive technology reads
    aloud, and Ace reports its absence (epub-lang, serious).
    """
    root = etree.fromstring(package_document)
    root.set(XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
