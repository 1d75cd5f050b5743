"""The reading order: book.yaml's `contents`, or every manuscript file in natural order."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder import sources
from builder.errors import BookError, Location
from builder.yamlsafe import location, mapping_items

MANUSCRIPT_DIR = "manuscript"
# Markdown, plain text, HTML (saved web pages, AO3 downloads) and Word documents.
SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".xhtml", ".docx", ".odt", ".epub")


@dataclass(frozen=True)
class Group:
    """Chapters in reading order, under a part title or (None) directly in the book."""

    part: str | None
    files: tuple[str, ...]  # book-relative POSIX paths


def natural_key(path: str) -> list[object]:
    """Sort key that puts chapter2 before chapter10."""
    return [int(chunk) if chunk.isdigit() else chunk.lower() for chunk in re.split(r"(\d+)", path)]


def default(root: Path, config_file: str) -> tuple[Group, ...]:
    """Every manuscript file (SUFFIXES) under manuscript/, in natural sort order."""
    found = _expand(root, f"{MANUSCRIPT_DIR}/**/*", Location(config_file), SUFFIXES)
    files = [f for f in found if f.endswith(SUFFIXES)]
    if not files:
        raise BookError(
            "no .md, .txt, .html or .docx files under manuscript/ (or list them in `contents`)",
            Location(config_file),
            "Y005",
        )
    return (Group(None, tuple(files)),)


def parse(node: Node, root: Path, config_file: str) -> tuple[Group, ...]:
    """Turn the `contents` list into groups, checking that every file exists once."""
    if not isinstance(node, SequenceNode) or not node.value:
        raise BookError("`contents` must be a non-empty list", location(node, config_file), "Y003")
    groups: list[Group] = []
    loose: list[str] = []
    seen: dict[str, int] = {}
    for entry in node.value:
        if isinstance(entry, MappingNode):
            if loose:
                groups.append(Group(None, tuple(loose)))
                loose = []
            groups.append(_part(entry, root, config_file, seen))
        else:
            loose.extend(_entry_files(entry, root, config_file, seen))
    if loose:
        groups.append(Group(None, tuple(loose)))
    return tuple(groups)


def _part(node: MappingNode, root: Path, config_file: str, seen: dict[str, int]) -> Group:
    values: dict[str, Node] = {}
    for key, key_node, value in mapping_items(node, config_file):
        if key not in ("part", "chapters"):
            raise BookError(
                f"unknown key {key!r} in a part (expected part, chapters)",
                location(key_node, config_file),
                "Y002",
            )
        values[key] = value
    for key in ("part", "chapters"):
        if key not in values:
            raise BookError(f"a part needs {key!r}", location(node, config_file), "Y004")
    title = values["part"]
    if not isinstance(title, ScalarNode) or not str(title.value).strip():
        raise BookError("a part title must be text", location(title, config_file), "Y003")
    chapters = values["chapters"]
    if not isinstance(chapters, SequenceNode) or not chapters.value:
        raise BookError(
            "`chapters` must be a non-empty list", location(chapters, config_file), "Y003"
        )
    files = [f for item in chapters.value for f in _entry_files(item, root, config_file, seen)]
    return Group(str(title.value).strip(), tuple(files))


def _entry_files(node: Node, root: Path, config_file: str, seen: dict[str, int]) -> list[str]:
    where = location(node, config_file)
    if not isinstance(node, ScalarNode) or not str(node.value).strip():
        raise BookError("expected a file path or glob", where, "Y003")
    pattern = str(node.value).strip()
    if any(ch in pattern for ch in "*?["):
        files = _expand(root, pattern, where)
        if not files:
            raise BookError(f"{pattern!r} matches no file", where, "Y005")
    else:
        sources.resolve(root, pattern, where)
        files = [str(PurePosixPath(pattern))]
    for file in files:
        if file in seen:
            raise BookError(f"{file!r} is listed twice (also at line {seen[file]})", where, "Y006")
        seen[file] = where.line or 0
    return files


def _expand(root: Path, pattern: str, where: Location, chapters: tuple[str, ...] = ()) -> list[str]:
    """Book-relative files matching a glob, naturally sorted, all inside the book.

    A match that is neither a file nor a folder (a FIFO, a socket, a device, a broken
    symlink) is refused rather than left out unseen; with CHAPTERS (suffixes), only
    matches named like a chapter are looked at.
    """
    pure = PurePosixPath(pattern)
    if pure.is_absolute() or ".." in pure.parts:
        raise BookError(f"{pattern!r} is outside the book folder", where, "F002")
    matches = []
    for path in root.glob(pattern):
        relative = path.relative_to(root).as_posix()
        if path.name.startswith(".") or (chapters and not path.name.endswith(chapters)):
            continue
        if path.is_file():
            sources.resolve(root, relative, where)
            matches.append(relative)
        elif not path.is_dir():
            _refuse_special(relative, path, where if where.line else Location(relative))
    return sorted(matches, key=natural_key)


def _refuse_special(relative: str, path: Path, where: Location) -> None:
    """An error naming a matched entry that is not a regular file; stat only, never open."""
    try:
        mode = path.stat().st_mode
    except OSError:
        kind = "a broken symlink"
    else:
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket or device"
    message = f"{relative!r} is {kind}, not a regular file: it cannot be read as a chapter"
    raise BookError(message, where, "F003")
