"""A Word file for import: mammoth's HTML with its pictures, its comments counted, and the
metadata of docProps/core.xml.

The metadata is read from docProps/core.xml alone (and the default language from
word/styles.xml), with the same safe lxml parser as web pages: python-docx would parse the
whole document.xml a second time, which on a 500,000-word novel costs seconds.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from builder.importer.imported import Dropped
from builder.importer.pictures import MAX_PICTURE_BYTES, Pictures
from builder.model import Footnote, Node
from builder.readers import html
from builder.readers import word as word_reader

_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DCTERMS = "http://purl.org/dc/terms/"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Metadata parts are a few KB; anything this big is not metadata.
_MAX_PART_BYTES = 4 * 1024 * 1024
_SNIPPET_WORDS = 6
# Paragraph styles of a title page at the top of a manuscript (Word's built-in Title and
# Subtitle; pandoc's Author, Date, Abstract): the book.yaml key each gives, None if none.
_FRONT: dict[str, str | None] = {"Title": "title", "Subtitle": "subtitle", "Author": "author",
                                 "Date": None, "Abstract": "description",
                                 "AbstractTitle": None, "Abstract Title": None}  # fmt: skip


@dataclass(frozen=True)
class WordFile:
    """A Word file as read for import: its blocks and notes, mammoth's HTML of it (parsed), and
    the book.yaml keys its title-page paragraphs (Title, Subtitle, Author) gave."""

    blocks: tuple[Node, ...]
    notes: tuple[Footnote, ...]
    page: etree._Element
    front: dict[str, object]


def read(source: str, data: bytes, pictures: Pictures) -> WordFile:
    """The Word file SOURCE (whose bytes are DATA); its pictures go to PICTURES, its
    losses to PICTURES.dropped."""
    images = _Images(pictures)
    document = _Document(pictures.dropped)
    page = word_reader.to_html(
        source, data, convert_image=images.convert(), transform_document=document.transform
    )
    tree = html.parse(source, page)
    # The root is unused: with a picture hook, the reader opens no file.
    blocks, notes = html.read_tree(Path("."), source, tree, word=True, pictures=images.src)
    return WordFile(blocks, notes, tree, document.front)


class _Images:
    """mammoth's convert_image: each picture's bytes into PICTURES, its src its name there."""

    def __init__(self, pictures: Pictures) -> None:
        self.pictures = pictures
        self.count = 0

    def convert(self) -> Any:
        import mammoth

        return mammoth.images.img_element(self._attributes)

    def _attributes(self, image: Any) -> dict[str, str]:
        self.count += 1
        where = f"picture {self.count}" + (f" ({image.alt_text!r})" if image.alt_text else "")
        try:
            with image.open() as stream:
                data = stream.read(MAX_PICTURE_BYTES + 1)
        except KeyError:  # the relationship names no part of the file: ../../etc/passwd
            self.pictures.dropped.append(Dropped("missing picture", where))
            return {}
        except ValueError:  # mammoth's InvalidFileReferenceError: a picture linked by address
            self.pictures.dropped.append(Dropped("remote image", where))
            return {}
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
        ):
            # A damaged, encrypted or oddly packed member: one picture lost, not the book.
            self.pictures.dropped.append(Dropped("unreadable picture", where))
            return {}
        name = self.pictures.add(data, where)
        return {"src": name} if name else {}

    def src(self, src: str, where: object) -> str | None:
        """The html reader's picture hook: only the pictures kept above."""
        return f"images/{src}" if src in self.pictures.files else None


class _Document:
    """mammoth's transform_document: the title page's paragraphs taken out (the book
    makes its own title page from book.yaml) and each comment's place noted."""

    def __init__(self, dropped: list[Dropped]) -> None:
        self.dropped = dropped
        self.front: dict[str, object] = {}

    def transform(self, document: Any) -> Any:
        import mammoth

        kinds = mammoth.documents  # loaded with mammoth itself
        children = list(document.children)
        taken = 0
        while children and isinstance(children[0], kinds.Paragraph):
            key = _FRONT.get(children[0].style_name or "", "")
            text = " ".join(
                " ".join(t.value for t in _descendants(children[0], kinds.Text)).split()
            )
            if key == "" and (text or _descendants(children[0], kinds.Image)):
                break  # the first paragraph of the text itself (a picture is text too)
            if key and text:
                self.front.setdefault(key, text)
            children.pop(0)
            taken += 1
        document = document.copy(children=children)
        paragraphs = _descendants(document, kinds.Paragraph)
        for number, paragraph in enumerate(paragraphs, taken + 1):
            for _ in _descendants(paragraph, kinds.CommentReference):
                self.dropped.append(Dropped("comment", _where(number, paragraph, kinds.Text)))
        return document


def _where(number: int, paragraph: Any, text: type) -> str:
    words = " ".join(t.value for t in _descendants(paragraph, text)).split()
    snippet = " ".join(words[:_SNIPPET_WORDS]) + ("…" if len(words) > _SNIPPET_WORDS else "")
    return f"paragraph {number}" + (f" ({snippet!r})" if snippet else "")


def _descendants(element: Any, kind: type) -> list[Any]:
    found = []
    for child in getattr(element, "children", ()):
        if isinstance(child, kind):
            found.append(child)
        found.extend(_descendants(child, kind))
    return found


# --- metadata -------------------------------------------------------------------------


def metadata(data: bytes) -> dict[str, object]:
    """book.yaml keys from the file's properties (File > Properties in Word)."""
    core = _part(data, "docProps/core.xml")
    found: dict[str, object] = {}
    if core is not None:
        found = _core(core)
    if "language" not in found:
        styles = _part(data, "word/styles.xml")
        language = None if styles is None else styles.find(f".//{{{_W}}}docDefaults//{{{_W}}}lang")
        if language is not None and language.get(f"{{{_W}}}val"):
            found["language"] = language.get(f"{{{_W}}}val")
    return found


def _core(core: etree._Element) -> dict[str, object]:
    def text(namespace: str, name: str) -> str:
        element = core.find(f"{{{namespace}}}{name}")
        return " ".join((element.text or "").split()) if element is not None else ""

    found: dict[str, object] = {
        "title": text(_DC, "title"),
        "author": text(_DC, "creator"),
        "language": text(_DC, "language"),
        "description": text(_DC, "description") or text(_DC, "subject"),
        "subjects": [s.strip() for s in re.split(r"[,;]", text(_CP, "keywords")) if s.strip()],
    }
    created = re.match(r"\d{4}-\d{2}-\d{2}", text(_DCTERMS, "created"))
    if created:
        found["date"] = created.group()
    return {key: value for key, value in found.items() if value}


def _part(data: bytes, name: str) -> etree._Element | None:
    """The XML part NAME of the zip DATA, parsed without entities, DTD or network."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(name)
            if info.file_size > _MAX_PART_BYTES:
                return None
            content = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        return None  # no properties: the title comes from the file's name
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError:
        return None
