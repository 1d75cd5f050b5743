"""The per-chapter cache of `book build`: what reading, transforming and rendering a
chapter made, so that a rebuild after editing one chapter does that chapter's work only.

It lives in dist/.cache/chapters.sqlite (SQLite: one file, written once per stage in
one transaction, safe with two builds at once), one row per entry, named by a hash of
everything the entry was made from (content-addressed), so an entry is never stale,
only unused:

  read-*       a Markdown or text file's chapters as its reader made them; key: the file's
               bytes, its path, its first chapter number, the language, book.yaml's
               plain_text style, and the builder (version and the hash of its own source)
  transform-*  one chapter after the transforms, with the author's notes it gave up to the
               back of the book; key: the read entry, the chapter's place in it and the
               settings the transforms read (typography, language, author's notes)
  xhtml-*      a chapter's finished EPUB document (render/epub/package.py); key: the
               transformed chapter, its heading level, the stylesheets, the printed page
               breaks put into it; the entry keeps what each of its links and pictures
               resolved to in the rest of the book, and is used only if they still do

Whole-book state stays out of the entries or is checked on use: chapter numbers (in the
read key), notes (numbered per chapter), contents and the package document (made fresh
every build from the chapters' titles), picture names (resolved links, checked), page
maps (in the xhtml key). Word, OpenDocument, EPUB and HTML files are read afresh every
build: their readers store pictures, and they are rarely what an author edits live.

Entries are pickles of builder.model objects, loaded with an unpickler that can build
nothing else (the `pickle` documentation's "restricting globals"): a book folder from
someone else may carry a crafted dist/.cache. Each entry starts with the SHA-256 of the
rest, so an entry torn by a crash is ignored, not trusted; the database is written
without waiting for the disk for that reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import builder
from builder import model, sources
from builder.errors import BookError, Location
from builder.model import Book, Chapter, GatheredNote, Part, iter_elements

DATABASE = ("dist", ".cache", "chapters.sqlite")
REPORT = ("dist", ".cache", "rebuilt.json")
LAYERS = ("read", "transform", "xhtml")
_MODEL_CLASSES = frozenset({"Text", "Code", "Element", "Footnote", "Chapter", "GatheredNote"})
_SKIP = frozenset({"styles", "__pycache__"})  # styles/ is keyed where it is used


@cache
def builder_fingerprint() -> str:
    """The builder's version and a hash of its own source files: a changed builder makes
    no use of what an older one cached, even under the same version number."""
    digest = hashlib.sha256(builder.__version__.encode())
    package = Path(builder.__file__).parent
    for path in sorted(_source_files(package)):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _source_files(folder: Path) -> Iterable[Path]:
    for path in folder.iterdir():
        if path.is_dir() and not path.is_symlink() and path.name not in _SKIP:
            yield from _source_files(path)
        elif path.is_file() and path.suffix in (".py", ".css", ".html", ".xhtml", ".yaml"):
            yield path


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builder.model" and name in _MODEL_CLASSES:
            return getattr(model, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a cached chapter")


def key(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part if isinstance(part, bytes) else str(part).encode()) + b"\0")
    return digest.hexdigest()


@dataclass
class ChapterCache:
    """One build's view of the cache: what it used (the rest is pruned) and what it had to
    make afresh (reported in dist/.cache/rebuilt.json)."""

    root: Path
    used: set[str] = field(default_factory=set)
    rebuilt: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in LAYERS})
    # id(chapter) -> (chapter, the key it came from); the chapter is held so the id stays its.
    _keys: dict[int, tuple[Chapter, str]] = field(default_factory=dict)

    _db: sqlite3.Connection | None = None
    _broken: bool = False  # the database cannot be opened or made: build without it
    _pending: list[tuple[str, bytes]] = field(default_factory=list)

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            path = self.root.joinpath(*DATABASE)
            try:
                try:
                    self._db = _open(path)
                except sqlite3.OperationalError:  # locked, read-only: not the file's fault
                    raise
                except sqlite3.DatabaseError:  # not a database, or a damaged one: anew
                    path.unlink(missing_ok=True)
                    self._db = _open(path)
            except (OSError, sqlite3.Error):
                self._broken = True
        return self._db

    def load(self, name: str) -> bytes | None:
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT data FROM entries WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error:
            return None
        data = row[0] if row is not None and isinstance(row[0], bytes) else b""
        if len(data) < 32 or hashlib.sha256(data[32:]).digest() != data[:32]:
            return None
        self.used.add(name)
        return data[32:]

    def store(self, name: str, payload: bytes) -> None:
        """Keep an entry, to be written with the others made in the same stage (save)."""
        self.used.add(name)
        self._pending.append((name, hashlib.sha256(payload).digest() + payload))

    def save(self) -> None:
        """Write the entries made since the last save, in one transaction; a cache that
        cannot be written only costs the next build its time."""
        db = self._connection()
        if db is not None and self._pending:
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self._pending)
            except sqlite3.Error:
                pass
        self._pending.clear()

    def load_model(self, name: str) -> Any:
        data = self.load(name)
        if data is None:
            return None
        try:
            return _ModelUnpickler(io.BytesIO(data)).load()
        except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None

    def store_model(self, name: str, value: object) -> None:
        self.store(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def remember(self, chapter: Chapter, name: str) -> None:
        self._keys[id(chapter)] = (chapter, name)

    def key_of(self, chapter: Chapter) -> str | None:
        found = self._keys.get(id(chapter))
        return found[1] if found is not None and found[0] is chapter else None

    def prune(self, layers: Iterable[str]) -> None:
        """Forget the entries of LAYERS this build did not use, so the cache does not grow."""
        self.save()
        db = self._connection()
        if db is None:
            return
        prefixes = tuple(f"{layer}-" for layer in layers)
        try:
            names = [row[0] for row in db.execute("SELECT name FROM entries")]
            stale = [(n,) for n in names if n.startswith(prefixes) and n not in self.used]
            with db:
                db.executemany("DELETE FROM entries WHERE name = ?", stale)
        except sqlite3.Error:
            pass

    def report(self, laid_out: Iterable[str] = ()) -> None:
        """What this build made afresh, for `book serve` and the tests."""
        if self._db is not None:
            self._db.close()
            self._db = None
        rebuilt = {**self.rebuilt, "laid_out": list(laid_out)}
        path = self.root.joinpath(*REPORT)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(rebuilt, indent=1))
        except OSError:
            pass


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    # The file may come with someone else's book folder: no code in its schema is run.
    db.execute("PRAGMA trusted_schema = OFF")
    # No waiting for the disk: every entry carries its own digest, checked when read.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE IF NOT EXISTS entries (name TEXT PRIMARY KEY, data BLOB NOT NULL)")
    return db


def read_chapters(
    cache: ChapterCache,
    source: str,
    raw: bytes,
    settings: tuple[object, ...],
    read: Callable[[], tuple[Chapter, ...]],
) -> tuple[Chapter, ...]:
    """A text file's chapters from the cache, or from READ (its reader), then cached.

    SETTINGS is what else the reader is given (first number, language, plain-text style)."""
    name = f"read-{key(builder_fingerprint(), source, raw, *settings)}"
    chapters: tuple[Chapter, ...] | None = cache.load_model(name)
    if not isinstance(chapters, tuple) or not _pictures_exist(cache.root, chapters):
        # A missing picture: the reader says so, in its own words and at its own line.
        chapters = read()
        cache.store_model(name, chapters)
        cache.rebuilt["read"].append(source)
    for index, chapter in enumerate(chapters):
        cache.remember(chapter, f"{name}:{index}")
    return chapters


def _pictures_exist(root: Path, chapters: tuple[Chapter, ...]) -> bool:
    for chapter in chapters:
        for tree in (chapter.blocks, *(note.blocks for note in chapter.notes)):
            for node in iter_elements(tree):
                if node.tag == "img":
                    try:
                        sources.resolve(root, node.attr("src"), Location(chapter.source))
                    except BookError:
                        return False
    return True


def transform(book: Book, cache: ChapterCache, run: Callable[[Book], Book]) -> Book:
    """RUN (the pipeline's transforms, each chapter on its own) on the chapters not in the
    cache, as a book of those chapters only; the others come from the cache."""
    config = book.config
    settings = (config.typography, config.language, config.authors_notes)
    found: dict[int, tuple[Chapter, tuple[GatheredNote, ...]]] = {}
    todo: list[tuple[int, Chapter, str | None]] = []
    for index, chapter in enumerate(book.chapters()):
        read_key = cache.key_of(chapter)
        name = f"transform-{key(read_key, *settings)}" if read_key else None
        entry = cache.load_model(name) if name else None
        if isinstance(entry, tuple) and len(entry) == 2:
            found[index] = entry
            cache.remember(entry[0], name or "")
        else:
            todo.append((index, chapter, name))
    some = replace(book, parts=(Part(1, None, tuple(c for _, c, _ in todo)),))
    done = run(some)
    notes: dict[tuple[str, int], list[GatheredNote]] = {}
    for note in done.gathered_notes:
        notes.setdefault((note.chapter.source, note.chapter.number), []).append(note)
    for (index, chapter, name), new in zip(todo, done.chapters(), strict=True):
        entry = (new, tuple(notes.get((chapter.source, chapter.number), ())))
        found[index] = entry
        cache.rebuilt["transform"].append(chapter.name)
        if name:
            cache.store_model(name, entry)
            cache.remember(new, name)
    cache.save()
    return _reassembled(book, done, [found[i] for i in range(len(found))])


def _reassembled(
    book: Book, done: Book, chapters: list[tuple[Chapter, tuple[GatheredNote, ...]]]
) -> Book:
    """BOOK's parts holding the transformed CHAPTERS, and DONE's front matter."""
    parts, position = [], 0
    for part in book.parts:
        count = len(part.chapters)
        members = tuple(chapter for chapter, _ in chapters[position : position + count])
        parts.append(replace(part, chapters=members))
        position += count
    gathered = tuple(note for _, notes in chapters for note in notes)
    return replace(
        book,
        parts=tuple(parts),
        dedication=done.dedication,
        epigraph=done.epigraph,
        gathered_notes=gathered,
    )
