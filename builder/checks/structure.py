"""Structure rules: footnotes, links, images, headings and raw HTML in the manuscript.

Most of these are problems the build would stop at, one at a time (a missing image, a
link to nowhere); here every one of them is found, each at its own line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from builder import sources
from builder.checks import images
from builder.checks.chapters import Facts
from builder.checks.findings import ERROR, WARNING, Finding, Severity
from builder.checks.source import Block, SourceFile
from builder.config import BookConfig
from builder.errors import BookError, Location
from builder.urls import LINK_SCHEMES, SCHEME

# What e-readers handle comfortably: larger images are slow to open on older devices,
# and stores (Kindle) scale down anything over about 4,000 pixels anyway.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 4000


@dataclass(frozen=True)
class BookView:
    """The whole book as the structure rules need it: each chapter's source and reader facts."""

    config: BookConfig
    sources: dict[str, SourceFile]
    chapters: dict[str, Facts | None]  # None when the reader refused the chapter

    @property
    def root(self) -> Path:
        return self.config.root

    def anchors(self, source: str) -> frozenset[str] | None:
        """The ids a link may point to in a chapter; from its source if the reader refused it."""
        chapter = self.chapters.get(source)
        if chapter is not None:
            return chapter.anchors
        text = self.sources.get(source)
        return frozenset(text.ids) if text is not None and text.markdown else None


def _at(
    source: SourceFile, block: Block, index: int, code: str, severity: Severity, message: str
) -> Finding:
    line, column = block.position(index)
    return Finding(code, severity, message, source.path, line, column)


# --- S001, S002 ----------------------------------------------------------------------------


def footnotes(source: SourceFile, view: BookView) -> Iterator[Finding]:
    # S001: an undefined [^x] is printed as typed. S002: an unused note is left out.
    used: set[str] = set()
    for block in source.blocks:
        for index, label in block.inline.notes:
            used.add(label)
            if label not in source.footnotes:
                message = f"footnote [^{label}] is not defined, so it is printed as typed"
                yield _at(source, block, index, "S001", ERROR, message)
    for label, line in source.footnotes.items():
        if label not in used:
            message = f"footnote [^{label}] is never referenced, so it is left out of the book"
            yield Finding("S002", WARNING, message, source.path, line, 1)


# --- S003 ----------------------------------------------------------------------------------


def links(source: SourceFile, view: BookView) -> Iterator[Finding]:
    # S003: a link to a missing chapter or anchor stops the build.
    for block in source.blocks:
        for link in block.inline.links:
            if link.image or link.target.startswith(LINK_SCHEMES):
                continue
            problem = _link_problem(source.path, link.target, view)
            if problem:
                code, message = problem
                yield _at(source, block, link.index, code, ERROR, message)


def _link_problem(path: str, href: str, view: BookView) -> tuple[str, str] | None:
    if SCHEME.match(href):
        return "M003", f"links of this kind are not allowed: {href!r}"
    file, _, fragment = href.partition("#")
    target = sources.book_relative(path, file) if file else path
    if target is None:
        return "S003", f"link to {href!r}, which is outside the book folder"
    if target in view.chapters:
        anchors = view.anchors(target)
        if fragment and anchors is not None and fragment not in anchors:
            where = "this chapter" if target == path else target
            return "S003", f"link to {href!r}: there is no id {fragment!r} in {where}"
        return None
    if (view.root / target).is_file():
        return "S003", f"link to {href!r}, which is not a chapter of the book"
    return "S003", f"link to {href!r}, which does not exist"


# --- S004, S005, S006 ----------------------------------------------------------------------


def pictures(source: SourceFile, view: BookView) -> Iterator[Finding]:
    # S004: a missing image stops the build. S005: without alt text a screen reader says
    # nothing. S006: a huge image is slow or refused on e-readers.
    for block in source.blocks:
        for link in block.inline.links:
            if not link.image:
                continue
            line, column = block.position(link.index)
            where = Location(source.path, line, column)
            yield from _picture(source.path, link.target, view.root, where)
            if not link.text.strip():
                message = "image without alt text: describe it for readers who cannot see it"
                yield Finding("S005", WARNING, message, source.path, line, column)


def _picture(path: str, src: str, root: Path, where: Location) -> Iterator[Finding]:
    def found(code: str, severity: Severity, message: str) -> Finding:
        return Finding(code, severity, message, where.file, where.line, where.column)

    target = None if SCHEME.match(src) else sources.book_relative(path, src)
    if target is None:
        yield found("S004", ERROR, f"image {src!r} must be a file inside the book folder")
        return
    try:
        facts = images.facts(sources.resolve(root, target, where), target, where)
    except BookError as error:
        code = "S004" if error.code.startswith("F") else error.code
        yield found(code, ERROR, f"image {src!r}: {error.message}")
        return
    if facts.size > MAX_IMAGE_BYTES:
        megabytes = facts.size / (1024 * 1024)
        yield found("S006", WARNING, f"image {src!r} is {megabytes:.1f} MB; keep images under 5 MB")
    if facts.pixels and max(facts.pixels) > MAX_IMAGE_SIDE:
        width, height = facts.pixels
        message = f"image {src!r} is {width} × {height} pixels; e-readers want at most 4000 a side"
        yield found("S006", WARNING, message)


# --- S007, S009, S010 ----------------------------------------------------------------------


def heading_levels(source: SourceFile, view: BookView) -> Iterator[Finding]:
    # S007: a skipped level (# then ###) breaks the outline screen readers navigate by.
    previous = 0
    for block in source.headings():
        if block.note is None:
            if previous and block.level > previous + 1:
                message = f"heading level {block.level} after level {previous}: a level is skipped"
                yield Finding("S007", WARNING, message, source.path, block.line, 1)
            previous = block.level


def raw_html(source: SourceFile, view: BookView) -> Iterator[Finding]:
    # S009: the builder does not interpret HTML, so a tag is printed in the book as typed.
    for block in source.blocks:
        for index, html in block.inline.html:
            if html.startswith("<!--"):
                message = "an HTML comment is printed in the book; for a note write [//]: # (note)"
            else:
                message = (
                    f"HTML {html[:40]!r} is printed in the book as typed; use Markdown instead"
                )
            yield _at(source, block, index, "S009", WARNING, message)


_SENTENCE_END = re.compile(r"[.!?…,;:\"”’»]\W*$")


def dashes_under_paragraph(source: SourceFile, view: BookView) -> Iterator[Finding]:
    # S010: `---` right under a paragraph makes it a heading, not a scene break.
    for block in source.headings():
        text = block.prose.replace("\x00", "").strip()
        if block.setext == "-" and (len(text) > 80 or _SENTENCE_END.search(text)):
            message = (
                "the --- under this paragraph makes it a heading; "
                "for a scene break put a blank line before ---"
            )
            yield Finding("S010", WARNING, message, source.path, block.line, 1)


Rule = Callable[[SourceFile, BookView], Iterator[Finding]]
RULES: tuple[Rule, ...] = (
    footnotes,
    links,
    pictures,
    heading_levels,
    raw_html,
    dashes_under_paragraph,
)


def check_file(source: SourceFile, view: BookView) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(source, view)]


# --- S008: across the book -----------------------------------------------------------------


def duplicate_titles(view: BookView) -> list[Finding]:
    # S008: two chapters with one title look like one chapter twice in the contents. Parts
    # may repeat titles ("Chapter 1" in each part), so titles are compared within a part.
    findings = []
    for group in view.config.contents:
        first: dict[str, str] = {}
        for path in group.files:
            chapter, source = view.chapters.get(path), view.sources.get(path)
            if chapter is None or source is None:
                continue
            key = " ".join(chapter.title.casefold().split())
            if key in first:
                message = f"chapter title {chapter.title!r} is also the title of {first[key]}"
                findings.append(Finding("S008", WARNING, message, path, source.title_line(), 1))
            first.setdefault(key, path)
    return findings


def already_found(error: BookError, findings: list[Finding], source: SourceFile | None) -> bool:
    """Whether the rules have reported an error where the build stopped.

    The build stops at the first problem in a block (a missing image, a link to nowhere)
    and names only the block's line, or no line at all; the rules find the same problem
    at its own line and column, so an error of theirs in that block (or, without a line,
    in that file) stands for it.
    """
    where = error.location
    mine = [f for f in findings if f.severity == ERROR and f.file == where.file]
    if where.line is None or any(f.code == error.code for f in mine):
        return bool(mine)
    block = source.block_at(where.line) if source is not None else None
    return block is not None and any(
        f.line is not None and block.line <= f.line <= block.end for f in mine
    )
