"""AO3 downloads: a work's metadata and chapters from the HTML the Archive of Our Own makes.

The Archive renders every download from the same templates (otwarchive's
app/views/downloads/): a ``#preface`` with the tags as ``<dl>`` pairs, the title (``<h1>``),
the byline, the summary and the work's notes; a ``#chapters`` block where each chapter is a
header (``<h2>`` title, chapter summary and notes as blockquotes), the chapter's text, and its
end notes (``#endnotesN``); and an ``#afterword`` with the work's end notes. Its EPUB is
Calibre's ``ebook-convert`` run on that HTML, which renames classes and cuts the blocks
across files but keeps ids, headings and order; so this reader goes by ids, ``<h2>``,
``<dl>`` and ``<blockquote>``, not by class names, and reads both alike.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from builder.model import AUTHORS_NOTE, Element, Footnote, Node, Text
from builder.readers import html, split
from builder.readers.split import Section

# The tag groups that say what a work is about, in the order AO3 lists them; ratings,
# warnings and categories describe the audience, not the subject, and are left out.
_SUBJECT_GROUPS = ("fandom", "relationship", "character", "additional tags")
_CHAPTER_PREFIX = re.compile(r"^\s*Chapter\s+\d+\s*:\s*")
_PART_OF = re.compile(r"Part\s+(\d+)\s+of", re.I)
_PUBLISHED = re.compile(r"Published:\s*(\d{4}-\d{2}-\d{2})")
_END_NOTES_ID = re.compile(r"^endnotes\d+$")
# AO3's language names (as its download shows them) and their BCP 47 tags: the download
# names the language, not its code; the <html lang> is the Archive's interface language.
_LANGUAGES = {
    "english": "en", "deutsch": "de", "français": "fr", "español": "es", "italiano": "it",
    "日本語": "ja", "中文-普通话 國語": "zh", "中文-廣東話 粵語": "yue", "русский": "ru",
    "português brasileiro": "pt-BR", "português europeu": "pt-PT", "polski": "pl",
    "한국어": "ko", "nederlands": "nl", "svenska": "sv", "suomi": "fi", "dansk": "da",
    "norsk": "no", "türkçe": "tr", "українська": "uk", "tiếng việt": "vi",
    "bahasa indonesia": "id", "magyar": "hu", "čeština": "cs", "català": "ca",
    "ελληνικά": "el", "עברית": "he", "العربية": "ar", "ไทย": "th", "română": "ro",
    "hrvatski": "hr", "eesti keel": "et", "lietuvių kalba": "lt", "latviešu valoda": "lv",
    "slovenčina": "sk", "slovenščina": "sl", "српски": "sr", "български": "bg",
    "filipino": "fil", "latine": "la", "esperanto": "eo", "gaeilge": "ga", "cymraeg": "cy",
}  # fmt: skip


@dataclass
class Ao3Work:
    """What an AO3 download holds: book.yaml keys and the chapters in reading order."""

    metadata: dict[str, object] = field(default_factory=dict)
    chapters: list[Section] = field(default_factory=list)


@dataclass
class _Chapter:
    title: tuple[Node, ...]
    notes_before: list[Node] = field(default_factory=list)
    body: list[etree._Element] = field(default_factory=list)
    notes_after: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class _Source:
    """Where the work is read from, as html.blocks_of wants it."""

    root: Path
    name: str
    picture: html.Pictures | None

    def blocks(self, element: etree._Element) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
        return html.blocks_of(self.root, self.name, element, self.picture)


def read(
    root: Path,
    source: str,
    tree: etree._Element,
    picture: html.Pictures | None = None,
) -> Ao3Work | None:
    """The work in TREE (a parsed AO3 HTML download, or the bodies of an AO3 EPUB's files
    in spine order under one <body>); None if TREE is not an AO3 download.

    PICTURE: as for html.blocks_of (an EPUB's pictures are in its zip)."""
    src = _Source(root, source, picture)
    prefaces = _by_id(tree, "preface")
    blocks = _by_id(tree, "chapters")
    if not prefaces or not blocks or not any(p.find(".//dl") is not None for p in prefaces):
        return None
    metadata = _metadata(prefaces)
    chapters = [c for c in _chapters(src, blocks) if c.title or _has_text(c.body)]
    _add_work_notes(src, chapters, prefaces, _by_id(tree, "afterword"))
    sections = [_section(src, chapter) for chapter in chapters]
    if len(sections) == 1 and not sections[0].title and "title" in metadata:
        # A one-chapter work's text has no heading of its own: the work's title names it.
        only = sections[0]
        sections[0] = Section((Text(str(metadata["title"])),), only.blocks, only.notes)
    return Ao3Work(metadata, sections)


def _by_id(tree: etree._Element, name: str) -> list[etree._Element]:
    # Calibre repeats an element that its split cuts in two, id and all, in each file.
    return [e for e in tree.iter() if isinstance(e.tag, str) and e.get("id") == name]


def _text(element: etree._Element) -> str:
    return " ".join("".join(str(t) for t in element.itertext()).split())


# --- metadata ---------------------------------------------------------------------------


def _metadata(prefaces: list[etree._Element]) -> dict[str, object]:
    tags = _tag_groups(prefaces)
    metadata: dict[str, object] = {}
    title = next((_text(h) for p in prefaces for h in p.iter("h1")), "")
    if title:
        metadata["title"] = title
    authors = _authors(prefaces)
    if authors:
        metadata["author"] = authors[0] if len(authors) == 1 else authors
    language = _LANGUAGES.get(_text(tags["language"][0]).lower()) if "language" in tags else None
    if language:
        metadata["language"] = language
    summary = _labelled_quote(prefaces, "Summary")
    description = _plain(summary) if summary is not None else ""
    if description:  # book.yaml refuses an empty one
        metadata["description"] = description
    subjects = _subjects(tags)
    if subjects:
        metadata["subjects"] = subjects
    if "series" in tags:
        metadata["series"] = _series(tags["series"][0])
    published = _PUBLISHED.search(_text(tags["stats"][0])) if "stats" in tags else None
    if published:
        metadata["date"] = published[1]
    return metadata


def _tag_groups(prefaces: list[etree._Element]) -> dict[str, list[etree._Element]]:
    """Each <dt> label ("Fandoms:" → "fandom") and the <dd> elements after it."""
    groups: dict[str, list[etree._Element]] = {}
    for preface in prefaces:
        for dt in preface.iter("dt"):
            dd = dt.getnext()
            if dd is not None and dd.tag == "dd":
                groups.setdefault(_label(_text(dt)), []).append(dd)
    return groups


def _label(text: str) -> str:
    label = text.rstrip(":").strip().lower()
    singular = {"fandoms": "fandom", "relationships": "relationship", "characters": "character"}
    return singular.get(label, label)


def _authors(prefaces: list[etree._Element]) -> list[str]:
    for preface in prefaces:
        for byline in preface.iter():
            if isinstance(byline.tag, str) and "byline" in (byline.get("class") or "").split():
                names = [_text(a) for a in byline.iter("a") if a.get("rel") == "author"]
                # An anonymous work's byline is plain text: "by Anonymous".
                return names or [re.sub(r"^by\s+", "", _text(byline))]
    return []


def _subjects(tags: dict[str, list[etree._Element]]) -> list[str]:
    subjects: list[str] = []
    for group in _SUBJECT_GROUPS:
        for dd in tags.get(group, []):
            names = [_text(a) for a in dd.iter("a")] or [_text(dd)]
            subjects.extend(n for n in names if n and n not in subjects)
    return subjects


def _series(dd: etree._Element) -> dict[str, str]:
    """The first series ("Part 2 of <a>Name</a>, Part 1 of <a>Other</a>"): name and number."""
    link = dd.find(".//a")
    name = _text(link) if link is not None else _text(dd)
    part = _PART_OF.search(_text(dd))
    return {"name": name, "number": part[1]} if part else {"name": name}


def _labelled_quote(prefaces: list[etree._Element], label: str) -> etree._Element | None:
    """The <blockquote> that follows a <p> saying LABEL ("Summary", "Notes")."""
    for preface in prefaces:
        for p in preface.iter("p"):
            after = p.getnext()
            if _text(p) == label and after is not None and after.tag == "blockquote":
                return after
    return None


def _plain(quote: etree._Element) -> str:
    """A blockquote's text: its paragraphs, a blank line apart (book.yaml's description is
    plain text, shown by stores as they choose)."""
    paragraphs = [_text(p) for p in quote.iter("p")] or [_text(quote)]
    return "\n\n".join(p for p in paragraphs if p)


# --- chapters ---------------------------------------------------------------------------


def _chapters(src: _Source, blocks: list[etree._Element]) -> list[_Chapter]:
    """Each child of #chapters is a chapter's header (it holds the <h2>), its text, or its
    end notes (#endnotesN); text before any header is a one-chapter work's."""
    chapters: list[_Chapter] = []
    for block in blocks:
        for child in block:
            if not isinstance(child.tag, str):
                continue
            heading = child if _is_heading(child) else _first(child, _is_heading)
            if heading is not None:
                chapters.append(_Chapter(_title(src, heading)))
                if heading is not child:
                    chapters[-1].notes_before.extend(_quotes(src, child))
                continue
            if not chapters:
                chapters.append(_Chapter(()))
            if _END_NOTES_ID.match(child.get("id") or ""):
                chapters[-1].notes_after.extend(_quotes(src, child))
            else:
                chapters[-1].body.append(child)
    return chapters


def _is_heading(element: etree._Element) -> bool:
    # AO3's own chapter headings, told from an author's <h2> by their class (Calibre keeps it).
    classes = (element.get("class") or "").split()
    return element.tag == "h2" and ("heading" in classes or "toc-heading" in classes)


def _first(
    element: etree._Element, test: Callable[[etree._Element], bool]
) -> etree._Element | None:
    return next((child for child in element if test(child)), None)


def _has_text(parts: list[etree._Element]) -> bool:
    # Calibre leaves an empty <div> where it cut a file: no chapter of its own.
    return any(_text(part) or part.find(".//img") is not None for part in parts)


def _title(src: _Source, heading: etree._Element) -> tuple[Node, ...]:
    """ "Chapter 3: The Ball" is "The Ball"; a chapter with no title of its own keeps
    "Chapter 3" (the book numbers chapters itself only where its style says so)."""
    blocks, _ = src.blocks(heading)
    nodes = blocks[0].children if blocks and isinstance(blocks[0], Element) else ()
    if nodes and isinstance(nodes[0], Text) and _CHAPTER_PREFIX.match(nodes[0].text):
        rest = _CHAPTER_PREFIX.sub("", nodes[0].text, count=1)
        nodes = ((Text(rest),) if rest else ()) + nodes[1:]
    return nodes


def _quotes(src: _Source, element: etree._Element) -> list[Node]:
    """Each blockquote in ELEMENT (a summary, notes, end notes) as an author's note; AO3's
    own labels and "See the end of the chapter for notes" links are not the author's."""
    notes: list[Node] = []
    for quote in element.iter("blockquote"):
        blocks, _ = src.blocks(quote)
        if blocks:
            line = quote.sourceline if isinstance(quote.sourceline, int) else 0
            notes.append(Element(AUTHORS_NOTE, blocks, (), line))
    return notes


def _add_work_notes(
    src: _Source,
    chapters: list[_Chapter],
    prefaces: list[etree._Element],
    afterwords: list[etree._Element],
) -> None:
    """The work's notes open its first chapter and its end notes close the last one, where
    a reader of the download meets them."""
    if not chapters:
        return
    notes = _labelled_quote(prefaces, "Notes")
    if notes is not None:
        chapters[0].notes_before[:0] = _quotes(src, notes)
    for afterword in afterwords:
        for end in afterword.iter():
            if isinstance(end.tag, str) and end.get("id") == "endnotes":
                chapters[-1].notes_after.extend(_quotes(src, end))


def _section(src: _Source, chapter: _Chapter) -> Section:
    body = etree.Element("div")
    for part in chapter.body:
        body.append(_copy(part))
    blocks, notes = src.blocks(body)
    # AO3 cuts the chapters itself: a page break in one (an inline style) is only spacing.
    before, after = _one_note(chapter.notes_before), _one_note(chapter.notes_after)
    blocks = split.drop_breaks((*before, *blocks, *after))
    return Section(chapter.title, blocks, notes)


def _one_note(notes: list[Node]) -> tuple[Node, ...]:
    """A chapter's opening (or closing) notes as one author's note: the reader meets one
    note set apart, not a stack of them (the work's notes, the summary, the chapter's)."""
    blocks = tuple(b for n in notes for b in (n.children if isinstance(n, Element) else (n,)))
    if not blocks:
        return ()
    line = notes[0].line if isinstance(notes[0], Element) else 0
    return (Element(AUTHORS_NOTE, blocks, (), line),)


def _copy(element: etree._Element) -> etree._Element:
    # A copy, so the caller's tree is left as it was (lxml moves an element it appends).
    return copy.deepcopy(element)
