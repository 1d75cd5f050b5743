"""The catalog's cache: what a build wrote, filed under a hash of everything it came from.

The key of a book's build hashes every file of the book folder (except dist/ and hidden
files: the build reads no others, and hashing them all costs far less than finding out
which the build reads), the catalog's shared settings, the formats, the environment that
changes the outputs (SOURCE_DATE_EPOCH), and the builder itself: its version, every file
of its package (code, stylesheets, fonts), and the versions of the libraries that shape
the outputs. So a change anywhere, even in the builder's code, means a new key.

The store is a folder that may be shared by every worker of a cluster:
objects/ab/<sha256> holds each file once, by the hash of its bytes, and
entries/ab/<key>.json lists the files of one build. Everything is written to a temporary
file and renamed, objects before the entry that names them, so a reader (another worker,
a later run) sees a whole entry or none.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from builder import __version__
from builder.output import write_atomically

# The libraries whose version can change the bytes of an EPUB or a PDF.
SHAPING = ("weasyprint", "pydyf", "tinycss2", "fonttools", "pikepdf", "ebooklib", "lxml",
           "markdown-it-py", "mdit-py-plugins", "mammoth", "odfpy", "pyphen")  # fmt: skip
# What the environment can change in the outputs (pipeline.build_time).
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
# built.DIST, named here so that a look-up in the cache never imports the build.
SKIPPED = ("dist", "__pycache__")


@cache
def builder_fingerprint() -> str:
    """A hash of the builder: its version, its package's files, the shaping libraries."""
    return fingerprint(Path(__file__).resolve().parent.parent)


def fingerprint(package: Path) -> str:
    """A hash of the builder whose package is the folder PACKAGE."""
    digest = hashlib.sha256(__version__.encode())
    for path in _files(package, followlinks=True):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for name in SHAPING:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()


def book_key(
    root: Path, name: str, formats: Iterable[str], shared: str, environ: Mapping[str, str]
) -> str:
    """The key of ROOT's build of FORMATS with the catalog's SHARED settings (as text).

    NAME, the book's folder in the catalog, is in it too: the report's lines name it.
    """
    digest = hashlib.sha256(builder_fingerprint().encode())
    for part in (name, ",".join(sorted(formats)), shared):
        digest.update(part.encode() + b"\0")
    for name in ENVIRONMENT:
        digest.update(f"{name}={environ.get(name, '')}\0".encode())
    for path in _files(root, followlinks=False):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(_content(path, root))
    return digest.hexdigest()


def _files(top: Path, followlinks: bool) -> list[Path]:
    """Every file under TOP but dist/, caches and hidden ones, in a stable order."""
    found: list[Path] = []
    for folder, folders, files in os.walk(top, followlinks=followlinks):
        folders[:] = sorted(f for f in folders if f not in SKIPPED and not f.startswith("."))
        found.extend(Path(folder, name) for name in files if not name.startswith("."))
    return sorted(found)


def _content(path: Path, root: Path) -> bytes:
    """What a file contributes to the key: its bytes, or for a link, where it leads.

    A link inside the book is hashed as its target's bytes (the build follows it); one
    that leads out is refused by the build, so its target's name is enough.
    """
    if path.is_symlink():
        target = path.resolve()
        if not (target.is_relative_to(root.resolve()) and target.is_file()):
            return b"link\0" + os.fsencode(os.readlink(path))
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as error:  # unreadable: the build will say so; the key just differs
        return f"unreadable: {error.strerror}".encode()


@dataclass
class Entry:
    """One build as the cache keeps it: its files (dist-relative path: sha256) and report."""

    files: dict[str, str]
    report: dict[str, Any] = field(default_factory=dict)


class Store:
    """The cache folder: entries and the objects they name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_path(self, key: str) -> Path:
        return self.folder / "entries" / key[:2] / f"{key}.json"

    def _object_path(self, sha: str) -> Path:
        return self.folder / "objects" / sha[:2] / sha

    def get(self, key: str) -> Entry | None:
        try:
            data = json.loads(self._entry_path(key).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
            return None
        return Entry(data["files"], data.get("report") or {})

    def put(self, key: str, root: Path, paths: Iterable[str], report: dict[str, Any]) -> None:
        """File the book's PATHS (relative to ROOT) and its REPORT under KEY."""
        files = {}
        for relative in paths:
            data = (root / relative).read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            target = self._object_path(sha)
            if not target.is_file():
                write_atomically(target, data)
            files[relative] = sha
        entry = json.dumps({"files": files, "report": report}, sort_keys=True, indent=1)
        write_atomically(self._entry_path(key), entry.encode())

    def restore(self, entry: Entry, root: Path) -> bool:
        """Bring ENTRY's files into ROOT; False when they were there already, identical.

        Every object is read and checked first, so a damaged cache changes nothing.
        """
        wanted = {
            relative: sha
            for relative, sha in entry.files.items()
            if _sha256(root / relative) != sha
        }
        contents = {relative: self._object(sha) for relative, sha in wanted.items()}
        for relative, data in contents.items():
            write_atomically(root / relative, data)
        return bool(wanted)

    def _object(self, sha: str) -> bytes:
        path = self._object_path(sha)
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        if hashlib.sha256(data).hexdigest() != sha:
            raise Damaged(f"cache object {path} is missing or damaged")
        return data


class Damaged(Exception):
    """An object of the cache that is not what its name says: the book is built instead."""


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
