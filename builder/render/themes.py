"""Themes: a book's design as a folder of stylesheets, fonts and ornament images.

A theme is CSS, never Python: the renderer's markup is the same for every theme, and a
theme only adds stylesheets to the cascade (styles.py). A built-in theme is a folder of
the builder's styles/themes/; an author's own is any folder in the book, with the same
layout (docs/themes.md):

    theme.yaml   name, description, fonts (for the EPUB), opening, large-print
    theme.css    both outputs        epub.css, print.css   one output each
    fonts/       font files, each family's licence beside them
    ornaments/   images the stylesheets use

book.yaml's ``theme:`` names one; without it the book has the default, classic, which is
the builder's own look (its folder holds no stylesheet, so books without a theme are
built exactly as before themes existed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder import sources
from builder.errors import BookError, Location
from builder.yamlsafe import compose, location, mapping_items

if TYPE_CHECKING:
    from builder.config import BookConfig

DEFAULT = "classic"
THEME_FILE = "theme.yaml"
# The stylesheets a theme may hold: one for both outputs, then one per output.
SHEETS = ("theme.css", "epub.css", "print.css")
# The builder's own treatments of a chapter's first paragraph in print (print.css).
OPENINGS = ("small-caps", "drop-cap", "none")
_KEYS = ("name", "description", "fonts", "opening", "large-print")


@dataclass(frozen=True)
class Theme:
    """A theme folder, read and checked."""

    name: str
    description: str
    folder: Path  # the real folder
    # Where the folder is: under the builder's styles/ ("themes/NAME/") or under the book
    # folder ("path/in/book/"); stylesheets resolve their url()s from there.
    relative: str
    builtin: bool
    root: Path  # the builder's styles/ or the book folder
    fonts: tuple[str, ...] = ()  # folder-relative font files the EPUB carries
    opening: str = "small-caps"  # the print opening when book.yaml's print sets none
    large_print: str | None = None  # a folder-relative stylesheet for large print

    def sheet(self, name: str) -> bytes | None:
        """The theme's stylesheet NAME (theme.css, epub.css, print.css), if it has one."""
        path = self.folder / name
        return self.read(name) if path.is_file() else None

    def read(self, relative: str) -> bytes:
        """A file of the theme, which must stay inside its folder (and an author's, the book)."""
        if self.builtin:
            return inside(self.folder, relative).read_bytes()
        where = Location(self.relative + THEME_FILE)
        return sources.read_bytes(self.root, self.relative + relative, where)


def builtin_folder() -> Path:
    """styles/themes/ of the builder."""
    return Path(str(resources.files("builder").joinpath("styles", "themes"))).resolve()


def builtin_names() -> list[str]:
    """The built-in themes, by name: folders of styles/themes/ with a theme.yaml."""
    folder = builtin_folder()
    return sorted(p.name for p in folder.iterdir() if (p / THEME_FILE).is_file())


@cache
def builtin(name: str) -> Theme:
    """The built-in theme NAME (which must be one of builtin_names())."""
    folder = builtin_folder() / name
    text = (folder / THEME_FILE).read_text(encoding="utf-8")
    where = (folder.parent.parent, f"themes/{name}/")
    return _parse(text, folder, where, True, f"styles/themes/{name}/{THEME_FILE}")


def find(root: Path, value: str, where: Location) -> Theme:
    """The theme book.yaml's ``theme: VALUE`` names: a built-in one, or a folder in the book."""
    as_path = "/" in value or value.startswith(".")
    if not as_path and value in builtin_names():
        return builtin(value)
    pure = PurePosixPath(value)
    folder = (root / pure).resolve()
    if pure.is_absolute() or ".." in pure.parts or not folder.is_relative_to(root.resolve()):
        raise BookError(f"theme {value!r} is outside the book folder", where, "F002")
    if not folder.is_dir():
        names = ", ".join(builtin_names())
        message = f"unknown theme {value!r}: use one of {names}, or a folder in the book"
        raise BookError(message, where, "Y006")
    return _own(root, pure.as_posix().strip("/") + "/", where)


def _own(root: Path, relative: str, where: Location) -> Theme:
    """An author's theme folder: theme.yaml is optional, a stylesheet is not."""
    folder = (root / relative).resolve()
    if not any((folder / name).is_file() for name in SHEETS):
        message = f"theme folder {relative!r} has none of {', '.join(SHEETS)}"
        raise BookError(message, where, "F001")
    file = relative + THEME_FILE
    if not (folder / THEME_FILE).is_file():
        return Theme(folder.name, "", folder, relative, False, root)
    data = sources.read_bytes(root, file, where)
    return _parse(sources.decode(file, data), folder, (root, relative), False, file)


def _parse(text: str, folder: Path, place: tuple[Path, str], builtin: bool, file: str) -> Theme:
    """theme.yaml's TEXT, checked: unknown keys and files that are not there are errors."""
    node = compose(text, file)
    if not isinstance(node, MappingNode):
        raise BookError(f"{THEME_FILE} must be a mapping of keys to values", Location(file, 1),
                        "Y003")  # fmt: skip
    values: dict[str, object] = {}
    for key, key_node, value in mapping_items(node, file, _KEYS):
        if key not in _KEYS:
            message = f"unknown key {key!r} (expected {', '.join(_KEYS)})"
            raise BookError(message, location(key_node, file), "Y002")
        if key == "fonts":
            values[key] = tuple(_file(item, folder, file) for item in _items(value, file))
        elif key == "large-print":
            values["large_print"] = _file(value, folder, file)
        else:
            values[key] = _text(value, file)
    opening = values.get("opening", "small-caps")
    if opening not in OPENINGS:
        where = location(_value_node(node, "opening"), file)
        raise BookError(f"opening must be one of {', '.join(OPENINGS)}", where, "Y006")
    values.setdefault("name", folder.name)
    values.setdefault("description", "")
    root, relative = place
    return Theme(folder=folder, relative=relative, builtin=builtin, root=root, **values)  # type: ignore[arg-type]


def _value_node(node: MappingNode, key: str) -> Node:
    found: Node = next(value for k, value in node.value if k.value == key)
    return found


def _text(node: Node, file: str) -> str:
    if not isinstance(node, ScalarNode) or not str(node.value).strip():
        raise BookError("expected text", location(node, file), "Y003")
    return str(node.value).strip()


def _items(node: Node, file: str) -> list[Node]:
    if not isinstance(node, SequenceNode):
        raise BookError("expected a list of files", location(node, file), "Y003")
    return list(node.value)


def _file(node: Node, folder: Path, file: str) -> str:
    """A folder-relative file path named in theme.yaml, which must be in the folder."""
    relative = _text(node, file)
    try:
        inside(folder, relative)
    except ValueError as error:
        raise BookError(str(error), location(node, file), "F001") from None
    return PurePosixPath(relative).as_posix()  # ./fonts/a.otf as its url() may name it


def inside(folder: Path, relative: str) -> Path:
    pure = PurePosixPath(relative)
    path = (folder / pure).resolve()
    if pure.is_absolute() or ".." in pure.parts or not path.is_relative_to(folder.resolve()):
        raise ValueError(f"{relative!r} is outside the theme folder")
    if not path.is_file():
        raise ValueError(f"{relative!r} is not a file of the theme")
    return path


def of(config: BookConfig) -> Theme:
    """The theme a book's config names (book.yaml was checked, so it is there)."""
    if config.theme is None:
        return builtin(DEFAULT)
    return find(config.root, config.theme, Location("book.yaml", config.lines.get("theme")))


def opening(config: BookConfig) -> str:
    """The builder's print treatment of a chapter's first paragraph: book.yaml's, else the
    theme's."""
    return config.print.opening or of(config).opening
