"""An imported document written out as a book folder: book.yaml, manuscript/, images/.

All of it is written into a temporary folder beside DIR and renamed into place at the
end (inside DIR when DIR is an empty folder already), so an import that fails or is
interrupted leaves nothing half-made; a folder with anything in it is never written
into. Every name written is the importer's own (NN-slug.md from ASCII letters and
digits, image-NNN.png), so no title or picture name from the document leads outside DIR.
"""

from __future__ import annotations

import re
import secrets
import shutil
import unicodedata
import uuid
from pathlib import Path

import yaml

from builder.importer.formats import PLACEHOLDER_AUTHOR
from builder.importer.imported import Imported
from builder.labels import label
from builder.model import Node, Text, plain_text, with_pictures
from builder.readers.split import Section
from builder.writers import markdown

# book.yaml's keys in the order an author reads them.
_KEYS = ("title", "subtitle", "author", "language", "identifier", "date", "description",
         "subjects", "series")  # fmt: skip
_PICTURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SLUG_LENGTH = 40
_HEADER = (
    "# Made by `book import`; every key is described in the builder's docs/book-yaml.md.\n"
    "# `book build` makes dist/*.epub and dist/*.pdf from this file and manuscript/.\n"
)
_NO_AUTHOR = f"# The document named no author: put yours in place of {PLACEHOLDER_AUTHOR}.\n"


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing text of several paragraphs as a literal block (|)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _text)


class Refused(Exception):
    """DIR holds something already (`book import` never writes into it), or the folder
    it would be made in is missing."""


def default_folder(title: str, cwd: Path) -> Path:
    """Where a book of this TITLE goes when no DIR is given: its slug in CWD."""
    return cwd / (slug(title, 60) or "book")


def write(imported: Imported, folder: Path) -> Path:
    """Write IMPORTED as a new book folder at FOLDER (missing or empty); return FOLDER."""
    _refuse_if_used(folder)
    place = folder.absolute()  # "." has no name of its own to put a temporary beside
    existing = place.is_dir()
    # A new folder is made beside its place and renamed there (one file system, one
    # step); an empty one that exists (perhaps the current folder) is filled from a
    # temporary folder inside it. Either way made by mkdir, which honours the umask.
    name = f".{place.name}.import-{secrets.token_hex(4)}"
    temporary = (place if existing else place.parent) / name
    temporary.mkdir()
    moved: list[Path] = []
    try:
        _fill(temporary, imported)
        if not existing:
            temporary.rename(place)
            return folder
        for entry in sorted(temporary.iterdir()):
            moved.append(entry.rename(place / entry.name))
        temporary.rmdir()
    except BaseException:  # an error, Ctrl-C, SIGTERM: nothing half-made stays behind
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return folder


def _refuse_if_used(folder: Path) -> None:
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise Refused(f"{folder} already exists and is not empty")
    if not folder.absolute().parent.is_dir():
        raise Refused(f"{folder}: the folder to make it in does not exist")


def _fill(root: Path, imported: Imported) -> None:
    (root / "book.yaml").write_text(book_yaml(imported.metadata), encoding="utf-8")
    (root / "manuscript").mkdir()
    for name, section in chapter_files(imported):
        moved = section.mapped(_relocated)
        text = markdown.chapter(moved.title, moved.blocks, moved.notes)
        (root / "manuscript" / name).write_text(text, encoding="utf-8")
    if imported.pictures:
        (root / "images").mkdir()
    for name, data in imported.pictures.items():
        if not _PICTURE_NAME.fullmatch(name):
            raise ValueError(f"not a picture name of the importer's: {name!r}")
        (root / "images" / name).write_bytes(data)


def book_yaml(metadata: dict[str, object]) -> str:
    """book.yaml's text: PyYAML writes the values, so no title can change the YAML."""
    values = {key: metadata[key] for key in _KEYS if key in metadata}
    # A new book, a new identity; it then stays, so readers keep their notes and places.
    values.setdefault("identifier", f"urn:uuid:{uuid.uuid4()}")
    values = {key: values[key] for key in _KEYS if key in values}
    body = yaml.dump(values, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    note = _NO_AUTHOR if metadata.get("author") == PLACEHOLDER_AUTHOR else ""
    return _HEADER + note + "\n" + body


def chapter_files(imported: Imported) -> list[tuple[str, Section]]:
    """Each chapter with its file name, NN-slug.md in reading order, and a title."""
    chapters = imported.chapters
    width = max(2, len(str(len(chapters))))
    language = str(imported.metadata.get("language", "en"))
    named = []
    for number, section in enumerate(chapters, 1):
        title = section.title or _untitled(imported, number, language)
        name = f"{number:0{width}d}-{slug(plain_text(title)) or 'chapter'}.md"
        named.append((name, Section(title, section.blocks, section.notes)))
    return named


def _untitled(imported: Imported, number: int, language: str) -> tuple[Node, ...]:
    # A document of one chapter is named by the book; in a longer one, by its number.
    if len(imported.chapters) == 1:
        return (Text(str(imported.metadata.get("title", ""))),)
    return (Text(f"{label(language, 'chapter')} {number}"),)


def slug(text: str, length: int = _SLUG_LENGTH) -> str:
    """A short ASCII name from TEXT: 'Chapter 1: The Ball!' -> 'chapter-1-the-ball'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    name = ""
    for word in words:
        if name and len(name) + 1 + len(word) > length:
            break
        name = f"{name}-{word}" if name else word[:length]
    return name


def _relocated(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """Pictures as manuscript/ sees them: images/NAME is ../images/NAME from there."""
    return with_pictures(nodes, lambda src: "../" + src)
