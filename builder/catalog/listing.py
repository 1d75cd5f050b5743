"""What a catalog holds: its book folders, and the book.yaml keys they share.

PATH is either a folder whose sub-folders with a book.yaml are the books, or a
catalog.yaml (or a folder holding one) that lists the book folders and gives
`defaults:`, book.yaml keys every book gets unless its own book.yaml sets them.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder import config, sources
from builder.contents import natural_key
from builder.errors import BookError, Location
from builder.yamlsafe import compose, location, mapping_items

CATALOG_FILE = "catalog.yaml"
KEYS = ("books", "defaults")


@dataclass(frozen=True)
class Book:
    """One book of the catalog: its folder, named relative to the catalog's folder."""

    name: str
    root: Path
    # Where catalog.yaml lists it (for an error about the folder itself), if it does.
    listed_at: Location | None = None


@dataclass(frozen=True)
class Catalog:
    root: Path
    books: tuple[Book, ...]
    # catalog.yaml, when there is one: its file (for the defaults' errors) and `defaults:`.
    file: Path | None = None
    defaults: MappingNode | None = None

    @property
    def defaults_text(self) -> str:
        """The defaults as canonical YAML: what the cache key holds of them."""
        return "" if self.defaults is None else yaml.serialize(self.defaults)


def load(path: Path) -> Catalog:
    """The catalog at PATH (a folder, or a catalog.yaml); raises BookError if it is wrong."""
    if path.is_dir() and not (path / CATALOG_FILE).is_file():
        return Catalog(path, _sub_folders(path))
    file = path / CATALOG_FILE if path.is_dir() else path
    return _from_file(file.parent, file)


def _sub_folders(root: Path) -> tuple[Book, ...]:
    found = [
        Book(child.name, child)
        for child in root.iterdir()
        if child.is_dir() and not child.name.startswith(".") and (child / "book.yaml").is_file()
    ]
    if not found:
        raise BookError(
            "no book folders here (sub-folders with a book.yaml) and no catalog.yaml",
            Location(str(root)),
            "Y005",
        )
    return tuple(sorted(found, key=lambda book: natural_key(book.name)))


def _from_file(root: Path, file: Path) -> Catalog:
    values = _values(file)
    defaults = _defaults(values.get("defaults"), file.name)
    if "books" in values:
        return Catalog(root, _listed(root, values["books"], file.name), file, defaults)
    return Catalog(root, _sub_folders(root), file, defaults)


def defaults_of(file: Path) -> MappingNode | None:
    """catalog.yaml's `defaults:` (in a book's process, which needs no more of the file)."""
    return _defaults(_values(file).get("defaults"), file.name)


def _values(file: Path) -> dict[str, Node]:
    """catalog.yaml's keys and their YAML trees."""
    name = file.name
    node = compose(sources.decode(name, _read(file)), name)
    if node is None:  # an empty file: every sub-folder, nothing shared
        return {}
    if not isinstance(node, MappingNode):
        raise BookError(f"{name} must be a mapping of keys to values", Location(name, 1), "Y003")
    values: dict[str, Node] = {}
    for key, key_node, value in mapping_items(node, name):
        if key not in KEYS:
            message = f"unknown key {key!r} (expected {', '.join(KEYS)})"
            raise BookError(message, location(key_node, name), "Y002")
        values[key] = value
    return values


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        message = f"cannot read {file.name}: {error.strerror}"
        raise BookError(message, Location(str(file)), "F001") from None


def _defaults(node: Node | None, name: str) -> MappingNode | None:
    """`defaults:`, checked for keys book.yaml knows (values are checked in each book)."""
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        raise BookError(
            "`defaults` must be a mapping of book.yaml keys", location(node, name), "Y003"
        )
    for key, key_node, _ in mapping_items(node, name):
        if key not in config.FIELDS:
            message = f"unknown key {key!r} in `defaults` (they are book.yaml's keys)"
            raise BookError(message, location(key_node, name), "Y002")
    return node


def _listed(root: Path, node: Node, name: str) -> tuple[Book, ...]:
    """`books:`: folders or globs of folders, relative to catalog.yaml, in the order given."""
    if not isinstance(node, SequenceNode) or not node.value:
        raise BookError("`books` must be a list of book folders", location(node, name), "Y003")
    books: dict[str, Book] = {}
    for item in node.value:
        where = location(item, name)
        if not isinstance(item, ScalarNode) or not str(item.value).strip():
            raise BookError("expected a folder (or a glob of folders)", where, "Y003")
        for folder in _expand(root, str(item.value).strip().rstrip("/"), where):
            books.setdefault(folder, Book(folder, root / folder, where))
    return tuple(books.values())


def _expand(root: Path, entry: str, where: Location) -> list[str]:
    pure = PurePosixPath(entry)
    if pure.is_absolute() or ".." in pure.parts:
        raise BookError(f"{entry!r} is outside the catalog's folder", where, "F002")
    if not glob.has_magic(entry):
        return [pure.as_posix()]  # a missing folder fails as that book, not the catalog
    found = [
        path.relative_to(root).as_posix()
        for path in root.glob(entry)
        if path.is_dir() and (path / "book.yaml").is_file()
    ]
    if not found:
        raise BookError(f"{entry!r} matches no book folder (with a book.yaml)", where, "Y005")
    return sorted(found, key=natural_key)
