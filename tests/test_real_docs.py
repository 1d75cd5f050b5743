"""Documents saved by Word, LibreOffice and pandoc, read through the readers the build uses.

The files in tests/fixtures/docs/ were made by those programs, never written by hand (its
README.md says which program made each, and how). Each test names what must come across:
every italic span, bold, small caps, superscript, notes, headings, scene breaks, pictures.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from builder.errors import BookWarning
from builder.model import NOTEREF, SCENE_BREAK, Element, Footnote, Node, plain_text
from builder.readers import html, split, word
from tests.conftest import assert_epubcheck_clean, build_epub

DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"

# The small manuscript (tests/fixtures/docs/source/) as its author wrote it.
ITALICS = ["He is not coming back,", "The Tempest", "not even the dog"]
NOTE_ITALICS = ["old"]
FOOTNOTE = "May Day, in the old calendar."
ENDNOTE = "Act II, scene i."
VERSE = ["Roses are red,", "violets are blue,", "the lamp is lit", "and so are you."]
CHAPTERS = ["The Letter", "The Lamp", "Chapter 3"]
ALT = "A red lamp above a door"

Read = tuple[tuple[Node, ...], tuple[Footnote, ...]]


def elements(nodes: tuple[Node, ...], tag: str) -> list[Element]:
    """Every element TAG among NODES and inside them, in reading order."""
    found: list[Element] = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == tag:
                found.append(node)
            found.extend(elements(node.children, tag))
    return found


def texts(nodes: tuple[Node, ...], tag: str) -> list[str]:
    return [plain_text(e.children).strip() for e in elements(nodes, tag)]


def note_texts(notes: tuple[Footnote, ...]) -> list[str]:
    return [" ".join(plain_text(b.children).split()) for n in notes for b in n.blocks]


def note_blocks(notes: tuple[Footnote, ...]) -> tuple[Node, ...]:
    return tuple(block for note in notes for block in note.blocks)


def read_word(name: str) -> Read:
    return word.read(DOCS, name, (DOCS / name).read_bytes())


def read_html(name: str, tmp_path: Path, pictures: list[Path]) -> Read:
    """The HTML page in a folder of its own with its pictures beside it, as a book holds it."""
    for picture in pictures:
        shutil.copyfile(picture, tmp_path / picture.name)
    return html.read(tmp_path, name, (DOCS / name).read_bytes())


def titles(blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> list[str]:
    sections = split.sections(blocks, notes)
    return [" ".join(plain_text(section.title).split()) for section in sections]


def verse_lines(blocks: tuple[Node, ...]) -> list[str]:
    """The lines of the paragraph that holds line breaks (the poem)."""
    for paragraph in elements(blocks, "p"):
        if elements(paragraph.children, "br"):
            lines: list[list[Node]] = [[]]
            for node in paragraph.children:
                if isinstance(node, Element) and node.tag == "br":
                    lines.append([])
                else:
                    lines[-1].append(node)
            return [" ".join(plain_text(tuple(line)).split()) for line in lines]
    return []


def check_lamp_keeper(blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> None:
    """What every copy of the lamp-keeper manuscript carries, whichever program wrote it."""
    assert texts(blocks, "em") == ITALICS
    assert texts(note_blocks(notes), "em") == NOTE_ITALICS
    assert texts(blocks, "strong") == ["CLOSED"]
    spans = [e for e in elements(blocks, "span") if e.attr("class") == html.SMALL_CAPS_CLASS]
    assert [plain_text(e.children) for e in spans] == ["small capitals"]
    assert verse_lines(blocks) == VERSE
    assert texts(blocks, "blockquote") == ["What is past is prologue."]


# --- pandoc ---------------------------------------------------------------------------------


def test_pandoc_docx_carries_inline_styles_notes_and_verse() -> None:
    blocks, notes = read_word("pandoc-lamp-keeper.docx")
    check_lamp_keeper(blocks, notes)
    assert texts(blocks, "sup") == ["st"]
    assert note_texts(notes) == [FOOTNOTE]
    assert [e.attr("note") for e in elements(blocks, NOTEREF)] == ["1"]
    assert texts(blocks, "h1") == CHAPTERS
    # pandoc draws "* * *" as a horizontal line (as Word's Insert > Horizontal Line does),
    # which mammoth skips: it is read as a scene break all the same, as is the lone "#".
    assert len(elements(blocks, SCENE_BREAK)) == 2


def test_pandoc_docx_picture_keeps_its_alt_text() -> None:
    page = lxml_html.fromstring(
        word.to_html("p.docx", (DOCS / "pandoc-lamp-keeper.docx").read_bytes())
    )
    assert [img.get("alt") for img in page.iter("img")] == [ALT]


def test_pandoc_docx_is_cut_at_its_headings() -> None:
    assert titles(*read_word("pandoc-lamp-keeper.docx")) == CHAPTERS


def test_pandoc_html_carries_everything(tmp_path: Path) -> None:
    """pandoc's notes: <a role="doc-noteref"> to <li id="fn1"> in a "doc-endnotes" list."""
    blocks, notes = read_html("pandoc-lamp-keeper.html", tmp_path, [DOCS / "source" / "lamp.png"])
    check_lamp_keeper(blocks, notes)
    assert texts(blocks, "sup") == ["st"]
    assert note_texts(notes) == [FOOTNOTE]
    # pandoc's <hr /> and the lone "#"; the rule before its list of notes is not one.
    assert len(elements(blocks, SCENE_BREAK)) == 2
    assert [img.attr("alt") for img in elements(blocks, "img")] == [ALT]
    assert [e.attr("note") for e in elements(blocks, NOTEREF)] == ["1"]


def test_pandoc_html_is_cut_at_its_headings(tmp_path: Path) -> None:
    pictures = [DOCS / "source" / "lamp.png"]
    assert titles(*read_html("pandoc-lamp-keeper.html", tmp_path, pictures)) == CHAPTERS


# --- LibreOffice ----------------------------------------------------------------------------


def test_libreoffice_docx_carries_inline_styles_notes_and_breaks() -> None:
    blocks, notes = read_word("libreoffice-lamp-keeper.docx")
    check_lamp_keeper(blocks, notes)
    # LibreOffice saves a footnote and an endnote; both become notes, in reading order.
    assert note_texts(notes) == [FOOTNOTE, ENDNOTE]
    assert [e.attr("note") for e in elements(blocks, NOTEREF)] == ["1", "2"]
    assert len(elements(blocks, SCENE_BREAK)) == 2  # "* * *" and the centred "#"
    assert texts(blocks, "h1") == CHAPTERS[:2]


def test_libreoffice_docx_keeps_its_picture() -> None:
    # LibreOffice's HTML import keeps alt text as the picture's title, which its .docx
    # export does not write: the picture comes across, its alt text does not.
    page = lxml_html.fromstring(
        word.to_html("l.docx", (DOCS / "libreoffice-lamp-keeper.docx").read_bytes())
    )
    assert [img.get("src", "")[:15] for img in page.iter("img")] == ["data:image/png;"]


def test_libreoffice_docx_chapter_line_after_page_break_starts_a_chapter() -> None:
    assert titles(*read_word("libreoffice-lamp-keeper.docx")) == CHAPTERS


def test_libreoffice_html_carries_inline_styles_notes_and_picture(tmp_path: Path) -> None:
    """Writer's "Save as HTML": notes are <div id="sdfootnote1"> with <a name> links."""
    pictures = list(DOCS.glob("libreoffice-lamp-keeper_html_*.png"))
    blocks, notes = read_html("libreoffice-lamp-keeper.html", tmp_path, pictures)
    assert texts(blocks, "em") == ITALICS
    assert note_texts(notes) == [FOOTNOTE, ENDNOTE]
    assert texts(note_blocks(notes), "em") == NOTE_ITALICS
    assert [e.attr("note") for e in elements(blocks, NOTEREF)] == ["1", "2"]
    assert texts(blocks, "strong") == ["CLOSED"]
    assert texts(blocks, "sup")[:1] == ["st"]
    assert verse_lines(blocks) == VERSE
    assert [img.attr("alt") for img in elements(blocks, "img")] == [ALT]
    assert len(elements(blocks, SCENE_BREAK)) == 2


def test_libreoffice_html_is_cut_at_headings_and_the_centred_chapter_line(
    tmp_path: Path,
) -> None:
    pictures = list(DOCS.glob("libreoffice-lamp-keeper_html_*.png"))
    assert titles(*read_html("libreoffice-lamp-keeper.html", tmp_path, pictures)) == CHAPTERS


# --- Microsoft Word (python-docx's test documents) -------------------------------------------


def test_word_heading_1_starts_a_chapter_after_untitled_text() -> None:
    blocks, notes = read_word("word-headings.docx")
    assert texts(blocks, "h1") == ["Heading 1"]
    # Two paragraphs of real text come before the heading: their own, untitled, section.
    assert titles(blocks, notes) == ["", "Heading 1"]


def test_word_character_styles_strong_and_emphasis() -> None:
    blocks, _ = read_word("word-strong.docx")
    assert texts(blocks, "strong") == ["Last run having Strong style."]
    assert texts(blocks, "em") == ["Next run having Emphasis character style."]


def test_word_comments_are_not_text() -> None:
    blocks, notes = read_word("word-comments.docx")
    assert [plain_text(p.children) for p in elements(blocks, "p")] == [
        "Document text", "Some text worthy of note.", "Other document text.",
        "Other text worthy of note.", "Paragraph 5", "Paragraph 6", "Paragraph 7",
    ]  # fmt: skip
    assert notes == ()


def test_word_pictures_are_converted() -> None:
    page = lxml_html.fromstring(word.to_html("w.docx", (DOCS / "word-pictures.docx").read_bytes()))
    sources = [img.get("src", "") for img in page.iter("img")]
    assert len(sources) == 5
    assert all(src.startswith("data:image/png;base64,") for src in sources)


def test_word_tables_keep_their_shape() -> None:
    blocks, _ = read_word("word-tables.docx")
    rows = [len(elements((table,), "tr")) for table in elements(blocks, "table")]
    assert rows == [2, 3, 2]


def test_word_rendered_page_breaks_are_not_breaks() -> None:
    # Word records where its last layout broke pages (w:lastRenderedPageBreak); that is not
    # a break the author made, so paragraphs stay whole and no chapter starts there.
    blocks, notes = read_word("word-page-breaks.docx")
    paragraphs = [plain_text(p.children) for p in elements(blocks, "p")]
    assert paragraphs[1] == "Page break here>><<followed by more text."
    assert len(paragraphs) == 4
    assert len(split.sections(blocks, notes)) == 1


# --- OpenDocument (builder.readers.odt, odfpy → HTML → the HTML reader) ---------------------


def read_odt(name: str) -> Read:
    # Imported here: the ODT reader is another part of the import work (readers/odt.py).
    from builder.readers import odt

    result: Read = odt.read(DOCS, name, (DOCS / name).read_bytes())
    return result


def test_pandoc_odt_carries_inline_styles_notes_and_chapters() -> None:
    blocks, notes = read_odt("pandoc-lamp-keeper.odt")
    check_lamp_keeper(blocks, notes)
    assert texts(blocks, "sup") == ["st"]
    assert note_texts(notes) == [FOOTNOTE]
    assert [e.attr("note") for e in elements(blocks, NOTEREF)] == ["1"]
    assert titles(blocks, notes) == CHAPTERS


def test_libreoffice_odt_carries_inline_styles_notes_and_chapters() -> None:
    blocks, notes = read_odt("libreoffice-lamp-keeper.odt")
    check_lamp_keeper(blocks, notes)
    assert note_texts(notes) == [FOOTNOTE, ENDNOTE]
    assert [e.attr("note") for e in elements(blocks, NOTEREF)] == ["1", "2"]
    assert len(elements(blocks, SCENE_BREAK)) == 2  # "* * *" and the centred "#"
    assert titles(blocks, notes) == CHAPTERS


# --- built as chapters of a book ------------------------------------------------------------


def test_real_documents_build_as_chapters_with_no_epubcheck_finding(tmp_path: Path) -> None:
    """Each real document kept in manuscript/ and built directly: EPUBCheck 0 errors, 0
    warnings (one chapter per file until the build cuts files into chapters)."""
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (tmp_path / "book.yaml").write_text("title: Real Documents\nauthor: A. Tester\nlanguage: en\n")
    names = [
        "pandoc-lamp-keeper.docx", "libreoffice-lamp-keeper.docx", "word-comments.docx",
        "word-tables.docx", "pandoc-lamp-keeper.html", "libreoffice-lamp-keeper.html",
    ]  # fmt: skip
    pictures = [DOCS / "source" / "lamp.png", *DOCS.glob("libreoffice-lamp-keeper_html_*.png")]
    for number, name in enumerate(names, 1):
        shutil.copyfile(DOCS / name, manuscript / f"{number:02d}-{name}")
    for picture in pictures:
        shutil.copyfile(picture, manuscript / picture.name)
    # The HTML pages name their pictures beside them; their copies keep those names.
    names.append("libreoffice-lamp-keeper.odt")
    shutil.copyfile(DOCS / names[-1], manuscript / f"{len(names):02d}-{names[-1]}")
    with pytest.warns(BookWarning) as said:
        epub = build_epub(tmp_path)
    assert_epubcheck_clean(epub)
    # Word's review comments are the one thing left out, and the build says so.
    assert [str(w.message) for w in said] == [
        "manuscript/03-word-comments.docx: warning[F009]: 4 comments dropped "
        "(comment: paragraph 3 ('Some text worthy of note.'))"
    ]
