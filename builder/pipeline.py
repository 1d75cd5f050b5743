"""The build and the check, stage by stage: the only module that wires config, readers,
transforms and packagers.

book.yaml   --load_config-->  BookConfig
manuscript  --read--------->  Reading: each file read once, as text and as a Chapter (or
                              the error it was refused with)
Reading     --assemble----->  Book (or the first error, in reading order)
Book        --transform---->  Book
Book        --package------>  dist/<name>.epub, dist/<name>.pdf, and what each was built from
Book + PDF  --cover-------->  dist/<name>-cover.pdf, sized from the PDF's page count

`book build` runs the stages in order and stops at the first error. `book check` runs the
same stages once (checks/runner.py): it turns their errors into findings and goes on, and
validates dist/'s files, building them first (with build_from) when they are missing or
stale.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from yaml.nodes import MappingNode

from builder import back_matter, built, chapter_cache, media, readers, sources
from builder import config as config_mod
from builder.built import DIST
from builder.errors import BookError, Location
from builder.model import Book, Chapter, Element, Node, Part, Text
from builder.output import write_atomically
from builder.readers import markdown
from builder.transforms import Transform, authors_notes, indents, scene_breaks, typography

# Order matters: breaks typed as "* * *" paragraphs must be known before author's notes
# are found (a note often ends at a break), and indents come last, when blocks are final.
TRANSFORMS: tuple[Transform, ...] = (
    scene_breaks.mark,
    typography.apply,
    authors_notes.apply,
    scene_breaks.tidy,
    indents.apply,
)

FORMATS = ("epub", "pdf")
# The full-wrap print cover: built only when asked for (`--format cover`), since it needs
# the print layout, and a paper and a picture chosen for print (render/cover/).
COVER = "cover"


def read_config(root: Path) -> tuple[bytes, MappingNode]:
    """Stage 1a: book.yaml's bytes and YAML tree (book check reads its lines from the tree)."""
    return config_mod.read_node(root)


def load_config(
    root: Path, parsed: tuple[bytes, MappingNode] | None = None
) -> config_mod.BookConfig:
    """Stage 1: book.yaml, from its tree when the caller has parsed it already."""
    return config_mod.from_node(root, *(parsed or read_config(root)))


def manuscript_files(config: config_mod.BookConfig) -> list[str]:
    """The manuscript files in reading order."""
    return [path for group in config.contents for path in group.files]


@dataclass(frozen=True)
class Reading:
    """Stage 2: every manuscript file read once, and what the readers made of it.

    TEXTS holds the text of each text file that could be read (book check's rules look at
    it too; a Word file has none); CHAPTERS holds, in reading order, each file's chapters
    (a Word or HTML file may hold many) or the error that refused it. DATA keeps the bytes
    read, for the digest of the source.
    """

    config: config_mod.BookConfig
    texts: dict[str, str]
    chapters: tuple[tuple[Chapter, ...] | BookError, ...]
    data: dict[str, bytes]
    cache: chapter_cache.ChapterCache | None = None  # a build's; book check reads afresh

    def errors(self) -> list[BookError]:
        return [chapter for chapter in self.chapters if isinstance(chapter, BookError)]

    def accepted(self) -> list[Chapter]:
        """Every chapter the readers made, in reading order."""
        return [c for read in self.chapters if not isinstance(read, BookError) for c in read]

    @cached_property
    def digest(self) -> str:
        """The built.source_digest of what was read (only meaningful when every file was read)."""
        return built.source_digest(
            self.config, self.data, media.pictures(self.config, self.accepted())
        )


def read(config: config_mod.BookConfig, cache: chapter_cache.ChapterCache | None = None) -> Reading:
    """Read each manuscript file once and through its reader; errors are kept, per file.

    Chapters are numbered across the book: a file of three chapters moves the next on by
    three (a file refused, by one). With CACHE, a text file read before is not parsed again."""
    texts: dict[str, str] = {}
    data: dict[str, bytes] = {}
    chapters: list[tuple[Chapter, ...] | BookError] = []
    number = 1
    for path in manuscript_files(config):
        try:
            if path not in data:  # a file listed twice is read once
                raw = sources.read_bytes(config.root, path, Location(path))
                if isinstance(decoded := readers.content(path, raw), str):
                    texts[path] = decoded
                data[path] = raw
            chapters.append(_chapters(config, path, texts.get(path, data[path]), number, cache))
        except BookError as error:
            chapters.append(error)
        number += 1 if isinstance(chapters[-1], BookError) else len(chapters[-1])
    return Reading(config, texts, tuple(chapters), data, cache)


def _chapters(
    config: config_mod.BookConfig,
    path: str,
    content: str | bytes,
    number: int,
    cache: chapter_cache.ChapterCache | None,
) -> tuple[Chapter, ...]:
    def read() -> tuple[Chapter, ...]:
        settings = (config.language, config.plain_text)
        return readers.chapters(config.root, path, content, number, *settings)

    if cache is None or not isinstance(content, str) or readers.is_markup(path):
        return read()
    raw = content.encode()
    settings = (number, config.language, repr(config.plain_text))
    return chapter_cache.read_chapters(cache, path, raw, settings, read)


def assemble(reading: Reading) -> Book:
    """Stage 3: the book's parts and chapters, or the first error in reading order."""
    config = reading.config
    chapters = iter(reading.chapters)
    parts = []
    for index, group in enumerate(config.contents, start=1):
        members: list[Chapter] = []
        for _ in group.files:
            read = next(chapters)
            if isinstance(read, BookError):
                raise read
            members.extend(read)
        parts.append(Part(index, group.part, tuple(members)))
    return Book(config, tuple(parts), _front(config.root, config.dedication), _epigraph(config))


def read_book(root: Path) -> Book:
    """Load book.yaml and read every manuscript file in reading order."""
    return assemble(read(load_config(root)))


def _front(root: Path, text: str | None) -> tuple[Node, ...]:
    return markdown.read(root, config_mod.CONFIG_FILE, text)[0] if text else ()


def _epigraph(config: config_mod.BookConfig) -> tuple[Node, ...]:
    if config.epigraph is None:
        return ()
    blocks = _front(config.root, config.epigraph.text)
    if config.epigraph.source:
        source = Element("p", (Text("—" + config.epigraph.source),), (("class", "source"),))
        blocks += (source,)
    return blocks


def transform(
    book: Book,
    transforms: Iterable[Transform] = TRANSFORMS,
    cache: chapter_cache.ChapterCache | None = None,
) -> Book:
    """Stage 4; with CACHE, only the chapters not transformed before (chapter_cache.py)."""
    if cache is not None:
        return chapter_cache.transform(book, cache, lambda some: transform(some, transforms))
    for step in transforms:
        book = step(book)
    return book


def build_time(config: config_mod.BookConfig, environ: Mapping[str, str]) -> datetime:
    """The one moment every timestamp in the outputs uses, so that builds are reproducible.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) wins, then the book's date;
    without either, a fixed date rather than the clock.
    """
    if environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(environ["SOURCE_DATE_EPOCH"]), UTC)
        return max(stamp, datetime(1980, 1, 1, tzinfo=UTC)).replace(tzinfo=None)
    if config.date:
        year, month, day = [*map(int, config.date.split("-")), 1, 1][:3]
        return datetime(max(year, 1980), month, day)
    return datetime(2000, 1, 1)


def build(
    root: Path,
    formats: Iterable[str] = FORMATS,
    target: str | None = None,
    stores: Iterable[str] = (),
) -> list[Path]:
    """Build the book in ROOT; return the paths written (EPUB first, then PDF, then STORES').

    TARGET ("print" or "digital"), when given, overrides book.yaml's print.target. STORES
    (kindle, apple, kobo, google) adds one EPUB per store (builder/render/epub/stores.py).
    """
    config = load_config(root)
    reading = read(config, chapter_cache.ChapterCache(config.root))
    return build_from(reading, formats, target, stores)


def build_from(
    reading: Reading,
    formats: Iterable[str] = FORMATS,
    target: str | None = None,
    stores: Iterable[str] = (),
) -> list[Path]:
    """The stages after reading: assemble, transform, package into dist/."""
    formats = tuple(formats)
    cache = reading.cache
    book = transform(assemble(reading), cache=cache)
    interior = [kind for kind in formats if kind != COVER]
    written = (
        package(book, reading.digest, interior, target, stores, cache) if interior or stores else []
    )
    if COVER in formats:
        written.extend(_cover(book, reading, target))
    return written


def _cover(book: Book, reading: Reading, target: str | None) -> list[Path]:
    """The cover, from dist/'s print PDF, laid out first when it is missing or stale;
    returns the files written (the PDF too, when it was laid out again)."""
    from builder.render.cover import package as cover

    config = book.config
    if (target or config.print.target) != "print":
        message = "a print cover goes with the print layout, not `target: digital`"
        raise BookError(
            message, Location(config_mod.CONFIG_FILE, config.lines.get("print")), "Y006"
        )
    written = []
    interior = current_output(reading, "pdf")
    if interior is None or built.laid_out_for(config) != "print":
        written = package(book, reading.digest, ["pdf"], "print")
        interior = written[0]
    when = build_time(config, os.environ)
    data = cover.package(book, cover.page_count(interior), when)
    path = write_atomically(output_path(config, COVER), data)
    built.record(config, {COVER: path}, reading.digest)
    return [*written, path]


def package(
    book: Book,
    digest: str,
    formats: Iterable[str] = FORMATS,
    target: str | None = None,
    stores: Iterable[str] = (),
    cache: chapter_cache.ChapterCache | None = None,
) -> list[Path]:
    """Stage 5: write the outputs of FORMATS to dist/, and record what they were built from."""
    if target is not None:
        settings = replace(book.config.print, target=target)  # type: ignore[arg-type]
        book = replace(book, config=replace(book.config, print=settings))
    root = book.config.root
    when = build_time(book.config, os.environ)
    media.check_all(book)
    back_matter.warn_self_listing(book.config)
    outputs: dict[str, bytes] = {}
    # The PDF first: its pages become the EPUB's page list.
    page_map, laid_out = None, list[str]()
    if "pdf" in formats:
        from builder.render.pdf import package as pdf

        outputs["pdf"], page_map = pdf.package(book, when, laid_out)
    if "epub" in formats:
        from builder.render.epub import package as epub

        saved = page_map if page_map is not None else built.saved_page_map(root, digest)
        outputs["epub"] = epub.package(book, when, saved, cache=cache)
    if stores:
        from builder.render.epub import stores as store_editions

        store_list = list(stores)
        saved = page_map if page_map is not None else built.saved_page_map(root, digest)
        for store in store_list:
            outputs[f"epub-{store}"] = store_editions.edition(book, when, saved, store)
    # Written only once every output is made: a failed build leaves all of dist/ as it was.
    written = {kind: write_atomically(_output(book, kind), data) for kind, data in outputs.items()}
    if page_map is not None:
        write_atomically(root / built.PAGE_MAP, json.dumps([digest, page_map]).encode())
    built.record(book.config, written, digest)
    if cache is not None:
        cache.prune(chapter_cache.LAYERS if "epub" in formats else ("read", "transform"))
        cache.report(laid_out)
    editions = [path for kind, path in written.items() if kind not in FORMATS]
    return [written[kind] for kind in FORMATS if kind in written] + editions


def _output(book: Book, kind: str) -> Path:
    if kind.startswith("epub-"):
        from builder.render.epub.stores import file_name

        return book.config.root / DIST / file_name(book.config.output, kind[5:])
    return output_path(book.config, kind)


def output_path(config: config_mod.BookConfig, kind: str) -> Path:
    """dist/<name>.epub, dist/<name>.pdf or dist/<name>-cover.pdf."""
    name = f"{config.output}-cover.pdf" if kind == COVER else f"{config.output}.{kind}"
    return config.root / DIST / name


def current_output(reading: Reading, kind: str) -> Path | None:
    """dist/'s EPUB or PDF, if the last build wrote it from exactly this source."""
    config = reading.config
    entry = built.entries(config.root).get(kind)
    path = output_path(config, kind)
    if reading.errors() or not isinstance(entry, dict) or entry.get("file") != path.name:
        return None
    if not path.is_file():
        return None
    try:
        return path if entry.get("source") == reading.digest else None
    except BookError:  # a stylesheet that cannot be read: nothing is current
        return None


def built_cover(reading: Reading) -> Path | None:
    """dist/'s cover, if one was ever built for the book: built again first when stale."""
    if COVER not in built.entries(reading.config.root):
        return None
    return current_output(reading, COVER) or build_from(reading, (COVER,))[-1]


def current_outputs(reading: Reading, kinds: Iterable[str]) -> dict[str, Path]:
    """dist/'s files of KINDS, built first as `book build` builds them if missing or stale.

    A stale PDF is built with the EPUB, if that is wanted too, so that the EPUB gets the
    PDF's page list, as in `book build`. Raises the build's error if it fails.
    """
    wanted = [kind for kind in FORMATS if kind in kinds]
    found = {kind: current_output(reading, kind) for kind in wanted}
    stale = [kind for kind, path in found.items() if path is None]
    if "pdf" in stale:
        stale = wanted
    if stale:
        for path in build_from(reading, stale):
            found[path.suffix[1:]] = path
    return {kind: path for kind, path in found.items() if path is not None}
