"""`book import`'s SOURCE, read by its kind into an Imported: metadata, chapters, pictures
and what could not come across.

The kind is the file's suffix; the content must then be what the suffix says (a .docx
that is text is refused with a one-line error naming it). Every kind goes through the
readers the build uses, so an imported book and a built one read a document alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from builder import sources
from builder.errors import BookError, Location
from builder.importer import web
from builder.importer import word as word_import
from builder.importer.imported import Dropped, Imported
from builder.importer.pictures import Pictures, from_archive, from_page
from builder.model import Element, Node, plain_text
from builder.readers import ao3, epub, html, odt, plaintext
from builder.readers.split import Section, sections

# What book.yaml says when the document names no author: `book check` accepts it, and the
# author sees it at the top of book.yaml (the same words `book new` starts with).
PLACEHOLDER_AUTHOR = "Your Name"
DEFAULT_LANGUAGE = "en"
# A subset of the language tags book.yaml takes: language, script, region ("en-US",
# "zh-Hant-TW"). Word's "x-none" and the like give way to the default.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class CannotImport(Exception):
    """SOURCE is missing, not a file, or of a kind `book import` does not read."""


Reader = Callable[[Path, str, bytes], Imported]


def read(path: Path) -> Imported:
    """The document at PATH, read for import, its metadata completed for book.yaml."""
    source = str(path)  # as the author typed it: every error names it so
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(sorted(READERS))
        raise CannotImport(f"{source}: `book import` reads {kinds} files, not this one")
    try:
        imported = reader(path, source, _content(path, source))
    except RecursionError:
        message = "the document is nested too deeply (elements inside each other)"
        raise BookError(message, Location(source), "M005") from None
    if not any(section.blocks or section.notes for section in imported.chapters):
        raise BookError("the document has no text", Location(source), "C001")
    imported.metadata = complete(imported.metadata, path)
    return imported


def _content(path: Path, source: str) -> bytes:
    if not path.exists():
        raise CannotImport(f"{source}: no such file")
    if not path.is_file():
        raise CannotImport(f"{source}: not a file")
    if path.stat().st_size > sources.MAX_FILE_BYTES:
        limit = sources.MAX_FILE_BYTES // (1024 * 1024)
        raise BookError(f"the file is larger than {limit} MB", Location(source), "F004")
    return path.read_bytes()


def _word(path: Path, source: str, data: bytes) -> Imported:
    dropped: list[Dropped] = []
    pictures = Pictures(dropped)
    word = word_import.read(source, data, pictures)
    dropped.extend(web.dropped(word.page, word=True))
    # What the title page shows over what the file's properties say: the properties are
    # unseen, and often a template's or an account's ("Document1", "User").
    metadata = {**word_import.metadata(data), **word.front}
    chapters = _unlinked_sections(sections(word.blocks, word.notes), dropped)
    return Imported(metadata, chapters, pictures.files, dropped)


def _odt(path: Path, source: str, data: bytes) -> Imported:
    document = odt.convert(source, data)
    tree = html.parse(source, document.page)
    dropped = web.dropped(tree, word=True)
    pictures = Pictures(dropped)
    picture = from_archive(pictures, document.pictures)
    blocks, notes = html.read_tree(path.parent, source, tree, word=True, pictures=picture)
    chapters = _unlinked_sections(sections(blocks, notes), dropped)
    return Imported(document.metadata, chapters, pictures.files, dropped)


def _web(path: Path, source: str, raw: bytes) -> Imported:
    # As the build reads a page: UTF-8 text (a Word file or a picture renamed .html is
    # refused here, at its first bad byte, instead of coming across as garbage).
    data = sources.decode(source, raw).encode("utf-8")
    tree = html.parse(source, data)
    dropped = web.dropped(tree)
    pictures = Pictures(dropped)

    def picture(src: str, where: Location) -> str | None:
        place = f"line {where.line}" if where.line else "the document"
        name = from_page(pictures, path.parent, src, place)
        return None if name is None else f"images/{name}"

    work = ao3.read(path.parent, source, tree, picture)
    if work is not None:  # an AO3 download: its preface, its chapters and notes
        chapters = _unlinked_sections(work.chapters, dropped)
        return Imported(work.metadata, chapters, pictures.files, dropped)
    blocks, notes = html.read_tree(path.parent, source, tree, pictures=picture)
    chapters = _unlinked_sections(sections(blocks, notes), dropped)
    return Imported(web.metadata(tree), chapters, pictures.files, dropped)


def _epub(path: Path, source: str, data: bytes) -> Imported:
    book = epub.read(source, data)
    dropped: list[Dropped] = []
    pictures = Pictures(dropped)
    picture = from_archive(pictures, book.pictures)  # by their paths in the zip
    work = epub.ao3_work(path.parent, source, book, picture)
    if work is not None:  # an AO3 download, as the Archive's HTML gives it
        metadata, chapters = work.metadata, work.chapters
    else:
        metadata, chapters = book.metadata, epub.sections(path.parent, source, book, picture)
    return Imported(metadata, _unlinked_sections(chapters, dropped), pictures.files, dropped)


def _text(path: Path, source: str, data: bytes) -> Imported:
    title, blocks = plaintext.read(sources.decode(source, data), None)
    if title:  # the title line goes back as a heading, where sections() looks for titles
        blocks = (Element("h1", title), *blocks)
    return Imported({}, sections(blocks, ()))


# By suffix. .odt (readers/odt.py: to_html(source, data), then read as a Word file's HTML
# is) joins here when its branch is merged.
READERS: dict[str, Reader] = {
    ".docx": _word, ".odt": _odt, ".epub": _epub, ".html": _web, ".htm": _web, ".txt": _text,
}  # fmt: skip


def _unlinked(nodes: tuple[Node, ...], dropped: list[Dropped]) -> tuple[Node, ...]:
    """Links to other files of the document's folder, as text: the book has no such file."""
    out: list[Node] = []
    for node in nodes:
        if not isinstance(node, Element):
            out.append(node)
        elif node.tag == "a" and node.attr("href").startswith("book:"):
            dropped.append(Dropped("file link", repr(plain_text(node.children)[:60])))
            out.extend(_unlinked(node.children, dropped))
        else:
            children = _unlinked(node.children, dropped)
            out.append(Element(node.tag, children, node.attrs, node.line))
    return tuple(out)


def _unlinked_sections(chapters: list[Section], dropped: list[Dropped]) -> list[Section]:
    return [chapter.mapped(lambda nodes: _unlinked(nodes, dropped)) for chapter in chapters]


# --- metadata -------------------------------------------------------------------------


def complete(metadata: dict[str, object], path: Path) -> dict[str, object]:
    """METADATA as book.yaml takes it: clean text, a valid language and date, and the
    required keys there (the title from the file's name, a placeholder author)."""
    found = {key: _clean(value, key == "description") for key, value in metadata.items()}
    found = {key: value for key, value in found.items() if value}
    if not _LANGUAGE.fullmatch(str(found.get("language", ""))):
        found["language"] = DEFAULT_LANGUAGE
    if "date" in found and not _is_date(str(found["date"])):
        del found["date"]
    found.setdefault("title", title_from_name(path))
    found.setdefault("author", PLACEHOLDER_AUTHOR)
    return found


def _clean(value: object, paragraphs: bool = False) -> object:
    """VALUE without control characters or runs of spaces; PARAGRAPHS: text whose
    paragraphs stay a blank line apart (a description)."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value)
        if paragraphs:
            pieces = (_clean(piece) for piece in re.split(r"\n\s*\n", text))
            return "\n\n".join(str(piece) for piece in pieces if piece)
        return " ".join(_CONTROL.sub(" ", text).split())
    if isinstance(value, list):
        return [item for item in map(_clean, value) if item]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _is_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a day that exists (book.yaml refuses others)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if match is None:
        return False
    try:
        date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return False
    return True


def title_from_name(path: Path) -> str:
    """'my-first_novel.docx' -> 'My First Novel'."""
    words = re.split(r"[-_\s]+", path.stem)
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or "Untitled"
