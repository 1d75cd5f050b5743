"""One Word or HTML document, many chapters: readers.split, and the markers it cuts at."""

from __future__ import annotations

import pytest

from builder.model import NOTEREF, PAGE_BREAK, Element, Footnote, Node, Text, iter_elements
from builder.model import plain_text as text_of
from builder.readers.split import Section, sections


def p(text: str, *attrs: tuple[str, str]) -> Element:
    return Element("p", (Text(text),), attrs)


def h1(text: str) -> Element:
    return Element("h1", (Text(text),))


CENTRED = ("class", "center")
BREAK = Element(PAGE_BREAK)


def titles(found: list[Section]) -> list[str]:
    return [text_of(section.title) for section in found]


def texts(section: Section) -> list[str]:
    return [text_of(b.children) for b in section.blocks if isinstance(b, Element)]


def test_h1_headings_cut() -> None:
    found = sections((h1("One"), p("a"), h1("Two"), p("b")), ())
    assert titles(found) == ["One", "Two"]
    assert [texts(s) for s in found] == [["a"], ["b"]]


@pytest.mark.parametrize(
    "line",
    ["Chapter 12", "CHAPTER TWELVE", "Chapter 3: The Ball", "Prologue", "Epilogue",
     "Chapter XII. The Ball", "Chapter Twenty-One", "Ch. 4", "Chapter 5 — Home",
     "Chapter the First", "CHAPTER TWENTY-SECOND"],
)  # fmt: skip
def test_chapter_lines_cut(line: str) -> None:
    found = sections((p("Before the chapters."), p(line), p("Text.")), ())
    assert titles(found) == ["", line]
    assert texts(found[1]) == ["Text."]


def test_bold_chapter_line_is_a_plain_title() -> None:
    bold = Element("p", (Element("strong", (Text("Chapter 2"),)),), (CENTRED,))
    found = sections((p("Chapter 1"), p("a"), bold, p("b")), ())
    assert [s.title for s in found] == [(Text("Chapter 1"),), (Text("Chapter 2"),)]


@pytest.mark.parametrize(
    "prose",
    [
        "Chapter one ended badly, and chapter two was worse.",
        "Chapter 3 The Ball",  # no punctuation before a title: could be a sentence
        "Part One",  # a part, not a chapter
        "Chapter 3: " + "a title far too long to be a title, " * 3,
        "She read the prologue.",
        "Prologue to a quarrel",
    ],
)
def test_prose_is_not_cut(prose: str) -> None:
    found = sections((p("Chapter 1"), p("a"), p(prose), p("b")), ())
    assert titles(found) == ["Chapter 1"]
    assert texts(found[0]) == ["a", prose, "b"]


def test_page_break_then_short_centred_line_cuts() -> None:
    blocks = (p("The Ball", CENTRED), p("a"), BREAK, p("The Walk", CENTRED), p("b"))
    found = sections(blocks, ())
    # The first centred line follows no page break: it stays text.
    assert titles(found) == ["", "The Walk"]
    assert texts(found[0]) == ["The Ball", "a"]
    assert all(e.tag != PAGE_BREAK for s in found for e in iter_elements(s.blocks))


def test_page_break_alone_does_not_cut() -> None:
    found = sections((p("a"), BREAK, p("b"), BREAK, p("A long centred line " * 6, CENTRED)), ())
    assert len(found) == 1
    assert [b.tag for b in found[0].blocks if isinstance(b, Element)] == ["p", "p", "p"]


def test_front_matter_of_headings_only_is_dropped() -> None:
    found = sections((h1("My Novel"), p("Chapter 1"), p("a"), p("Chapter 2"), p("b")), ())
    assert titles(found) == ["Chapter 1", "Chapter 2"]
    front = sections((p("A dedication."), h1("One"), p("a")), ())
    assert titles(front) == ["", "One"]


def test_h1_parts_with_chapter_lines() -> None:
    """h1 is the part's title when chapters are "Chapter N" lines: it opens the chapter."""
    blocks = (h1("Part One"), p("Chapter 1"), p("a"), p("Chapter 2"), p("b"),
              h1("Part Two"), BREAK, p("Chapter 3"), p("c"))  # fmt: skip
    found = sections(blocks, ())
    assert titles(found) == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert [texts(s) for s in found] == [["Part One", "a"], ["b"], ["Part Two", "c"]]


def test_typed_contents_list_makes_no_empty_chapters() -> None:
    blocks = (p("Chapter 1"), p("Chapter 2"), p("Chapter 1"), p("a"), p("Chapter 2"), p("b"))
    found = sections(blocks, ())
    assert titles(found) == ["Chapter 1", "Chapter 2"]
    assert [texts(s) for s in found] == [["a"], ["b"]]


def test_no_titles_is_one_section() -> None:
    found = sections((p("a"), BREAK, p("b")), ())
    assert titles(found) == [""]
    assert texts(found[0]) == ["a", "b"]


def _ref(note: int, occurrence: str) -> Element:
    return Element(NOTEREF, (), (("note", str(note)), ("ref", occurrence)))


def _with_refs(text: str, *refs: Element) -> Element:
    return Element("p", (Text(text), *refs))


def test_notes_are_renumbered_per_section() -> None:
    notes = tuple(Footnote(n, (p(f"note {n}"),)) for n in (1, 2, 3))
    blocks = (
        h1("One"), _with_refs("a", _ref(1, "1"), _ref(2, "2")),
        h1("Two"), _with_refs("b", _ref(3, "3")), _with_refs("c", _ref(3, "3-2")),
    )  # fmt: skip
    one, two = sections(blocks, notes)
    assert [(n.number, texts(Section((), n.blocks))) for n in one.notes] == [
        (1, ["note 1"]),
        (2, ["note 2"]),
    ]
    assert [(n.number, texts(Section((), n.blocks))) for n in two.notes] == [(1, ["note 3"])]
    refs = [e.attrs for e in iter_elements(two.blocks) if e.tag == NOTEREF]
    assert refs == [(("note", "1"), ("ref", "1")), (("note", "1"), ("ref", "1-2"))]


def test_a_note_referenced_in_two_sections_is_in_both() -> None:
    notes = (Footnote(1, (p("shared"),)),)
    blocks: tuple[Node, ...] = (h1("One"), _with_refs("a", _ref(1, "1")),
                                h1("Two"), _with_refs("b", _ref(1, "1-2")))  # fmt: skip
    one, two = sections(blocks, notes)
    assert len(one.notes) == len(two.notes) == 1
    refs = [e.attr("ref") for e in iter_elements(two.blocks) if e.tag == NOTEREF]
    assert refs == ["1"]  # counted again within the section: its backlink has a target


def test_h1_chapters_with_a_stray_chapter_line() -> None:
    """As many h1 headings as chapter lines: the h1s are chapters too, not parts."""
    found = sections((p("Prologue"), p("a"), h1("The Arrival"), p("b"), h1("The Ball")), ())
    assert titles(found) == ["Prologue", "The Arrival"]  # "The Ball" has no text: dropped


def test_chapter_line_with_its_title_on_a_second_line() -> None:
    """ "Chapter 3", Shift+Enter, "The Ball": one paragraph, a title; a third line is prose."""
    two = Element("p", (Text("Chapter 3"), Element("br"), Text("The Ball")))
    three = Element("p", (Text("Chapter 4"), Element("br"), Text("It"), Element("br"), Text("x")))
    found = sections((p("Chapter 1"), p("a"), two, p("b"), three), ())
    assert titles(found) == ["Chapter 1", "Chapter 3 The Ball"]
    assert texts(found[1]) == ["b", "Chapter 4 It x"]
