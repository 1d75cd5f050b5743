"""`book import`: real documents made by other programs become book folders that build."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml import etree

from builder import config, pipeline
from builder.checks import runner
from builder.importer import folder, formats, summary
from builder.importer.imported import Dropped, Imported
from builder.model import NOTEREF, Chapter, Element, Footnote, Text, iter_elements, plain_text
from builder.readers.split import Section
from tests.hostile.conftest import invoke

PICTURE = Path(__file__).resolve().parent.parent / "images" / "lighthouse.png"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _footnote(document: docx.document.Document, paragraph: object, text: str) -> None:
    """A footnote as Word stores it: word/footnotes.xml, and a reference run in the text
    (python-docx has no footnote API; its package API adds the part)."""
    notes = etree.Element(f"{{{W}}}footnotes", nsmap={"w": W})
    note = etree.SubElement(notes, f"{{{W}}}footnote", {f"{{{W}}}id": "1"})
    run = etree.SubElement(etree.SubElement(note, f"{{{W}}}p"), f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}t").text = text
    blob = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    paragraph.add_run()._r.append(reference)  # type: ignore[attr-defined]


def word_file(title: str = "The Crossing", author: str = "Ann Writer") -> bytes:
    """A short story as Word saves it, made by python-docx: headings, italics, a footnote,
    a picture with alt text, a comment, and the file's properties."""
    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.author, properties.language = title, author, "en-GB"
    properties.comments, properties.keywords = "Two friends cross the sea.", "sea; friendship"
    document.add_heading("Departure", level=1)
    para = document.add_paragraph("She read ")
    para.add_run("The Odyssey").italic = True
    para.add_run(" twice.")
    _footnote(document, para, "In Fagles's translation.")
    shape = document.add_picture(str(PICTURE), width=Inches(1))
    shape._inline.docPr.set("descr", "The lighthouse")
    document.add_paragraph("* * *")
    later = document.add_paragraph("Morning came, and the gulls.")
    document.add_comment(later.runs, text="Too short?", author="Ed")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _imported(tmp_path: Path, name: str, content: bytes, *args: str) -> tuple[Path, str]:
    source = tmp_path / name
    source.write_bytes(content)
    target = tmp_path / "book"
    result = invoke("import", str(source), str(target), *args)
    assert result.status == 0, result.output
    assert result.output.splitlines()[0] == str(target)
    return target, result.output


def _chapters(root: Path) -> list[Chapter]:
    """The book's chapters as the build reads them (a file may hold several, or fail)."""
    found: list[Chapter] = []
    for entry in pipeline.read(pipeline.load_config(root)).chapters:
        found.extend(c for c in (entry if isinstance(entry, tuple) else (entry,)))
    assert all(isinstance(c, Chapter) for c in found), found
    return found


def test_word_file_becomes_a_book_that_checks_clean(tmp_path: Path) -> None:
    """Headings, italics, a footnote, a picture and the properties come across; book check
    reports no error and EPUBCheck no problem on the built book."""
    root, output = _imported(tmp_path, "crossing.docx", word_file())
    book = config.load(root)
    assert (book.title, book.authors, book.language) == ("The Crossing", ("Ann Writer",), "en-GB")
    assert book.description == "Two friends cross the sea."
    assert book.subjects == ("sea", "friendship")
    assert sorted(p.name for p in (root / "manuscript").iterdir()) == ["01-departure.md"]
    assert [p.read_bytes() for p in (root / "images").iterdir()] == [PICTURE.read_bytes()]
    (chapter,) = _chapters(root)
    assert chapter.title_text == "Departure"
    elements = list(iter_elements(chapter.blocks))
    assert [plain_text(e.children) for e in elements if e.tag == "em"] == ["The Odyssey"]
    assert [e.attr("note") for e in elements if e.tag == NOTEREF] == ["1"]
    assert plain_text(chapter.notes[0].blocks).strip() == "In Fagles's translation."
    (img,) = [e for e in elements if e.tag == "img"]
    assert (img.attr("src"), img.attr("alt")) == ("images/image-001.png", "The lighthouse")
    assert "1 comment dropped" in output and "Morning came, and the gulls." in output
    report = runner.check(root)
    assert report.errors == 0, report.findings
    assert report.epubcheck == "no problems", report.epubcheck


def test_word_title_page_gives_the_metadata(tmp_path: Path) -> None:
    """Title, Subtitle and Author paragraphs at the top are book.yaml's, over the file's
    properties, and not text of the first chapter."""
    document = docx.Document()
    document.core_properties.title, document.core_properties.author = "Document1", "User"
    document.add_paragraph("")
    document.add_paragraph("The Crossing", style="Title")
    document.add_paragraph("A Tale of the Sea", style="Subtitle")
    document.add_heading("Departure", level=1)
    first = document.add_paragraph("She left.")
    document.add_comment(first.runs, text="Why?", author="Ed")
    out = io.BytesIO()
    document.save(out)
    root, output = _imported(tmp_path, "crossing.docx", out.getvalue())
    book = config.load(root)
    assert (book.title, book.subtitle, book.authors) == (
        "The Crossing",
        "A Tale of the Sea",
        ("User",),
    )
    (chapter,) = _chapters(root)
    assert (chapter.title_text, plain_text(chapter.blocks)) == ("Departure", "She left.")
    assert "comment: paragraph 5 ('She left.')" in output


def test_web_page_with_its_pictures(tmp_path: Path) -> None:
    """A Google Docs export: the page's metadata, and its pictures from images/ beside it
    (and from a data: URL) carried into the book."""
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "image1.png").write_bytes(PICTURE.read_bytes())
    gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    page = (
        '<html lang="fr"><head><title>La Traversée</title>'
        '<meta name="author" content="Anne Écrivain"><meta name="keywords" content="mer, amis">'
        "</head><body><h1>Départ</h1><p>Elle lut <em>L’Odyssée</em>.</p>"
        '<p><img src="images/image1.png" alt="Le phare"></p>'
        f'<p><img src="{gif}" alt="Un point"></p></body></html>'
    )
    root, output = _imported(tmp_path, "traversee.html", page.encode())
    book = config.load(root)
    assert (book.title, book.authors, book.language) == ("La Traversée", ("Anne Écrivain",), "fr")
    assert book.subjects == ("mer", "amis")
    assert sorted(p.name for p in (root / "images").iterdir()) == ["image-001.png", "image-002.gif"]
    (chapter,) = _chapters(root)
    alts = [e.attr("alt") for e in iter_elements(chapter.blocks) if e.tag == "img"]
    assert alts == ["Le phare", "Un point"]
    assert "dropped" not in output
    assert runner.check(root, epubcheck=False).errors == 0


def test_plain_text_title_from_the_file_name(tmp_path: Path) -> None:
    """A .txt file: its title line is the chapter's; the book is named from the file, and
    book.yaml's placeholder author is one book check accepts."""
    text = "The Last Morning\n\nShe woke *early*.\n\nThe sea was grey.\n"
    root, output = _imported(tmp_path, "last_morning.txt", text.encode())
    book = config.load(root)
    assert (book.title, book.authors, book.language) == ("Last Morning", ("Your Name",), "en")
    assert "Your Name" in (root / "book.yaml").read_text().split("title:")[0]  # said on top
    assert "no author in the document" in output
    (chapter,) = _chapters(root)
    assert chapter.title_text == "The Last Morning"
    assert [e.tag for e in iter_elements(chapter.blocks)] == ["p", "em", "p"]
    assert runner.check(root, epubcheck=False).errors == 0


def test_default_folder_is_named_from_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without DIR, the book goes into a folder named from the title, where the command runs."""
    (tmp_path / "story.docx").write_bytes(word_file(title="The Crossing: A Tale"))
    monkeypatch.chdir(tmp_path)
    result = invoke("import", "story.docx")
    assert result.status == 0, result.output
    assert (tmp_path / "the-crossing-a-tale" / "book.yaml").is_file()


def _sections(titles: list[str]) -> list[Section]:
    body = (Element("p", (Text("Text."),)),)
    return [Section((Text(title),) if title else (), body) for title in titles]


def test_chapter_files_in_reading_order(tmp_path: Path) -> None:
    """NN is padded to the count's width; names are short ASCII; a title that names a path
    stays a name; an untitled chapter is numbered."""
    titles = ["Prologue", "../../escape", "Chapitre Été: l'Ombre!", "", *["x"] * 96]
    imported = Imported({"title": "T", "author": "A", "language": "fr"}, _sections(titles))
    root = folder.write(imported, tmp_path / "book")
    names = sorted(p.name for p in (root / "manuscript").iterdir())
    assert names[:4] == [
        "001-prologue.md", "002-escape.md", "003-chapitre-ete-l-ombre.md", "004-chapitre-4.md",
    ]  # fmt: skip
    assert len(names) == 100 and names[-1] == "100-x.md"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book"]
    assert [c.title_text for c in _chapters(root)][1:4] == [
        "../../escape", "Chapitre Été: l'Ombre!", "Chapitre 4",
    ]  # fmt: skip


def test_book_yaml_is_written_by_yaml_not_by_hand(tmp_path: Path) -> None:
    """Values that would be YAML if pasted in (colons, quotes, newlines, 'no') stay text."""
    title = 'Title: "quoted" # not a comment\nauthor: Mallory'
    metadata = formats.complete(
        {"title": title, "author": "no", "date": "2024-02-30", "language": "x-none"},
        Path("a.docx"),
    )
    imported = Imported(metadata, _sections(["One"]))
    root = folder.write(imported, tmp_path / "book")
    book = config.load(root)
    assert book.title == 'Title: "quoted" # not a comment author: Mallory'
    assert (book.authors, book.language, book.date) == (("no",), "en", None)


def test_summary_counts_then_places() -> None:
    """One line with the counts, then one line per place."""
    lines = summary.lines(
        [
            Dropped("comment", "paragraph 2"),
            Dropped("remote image", "line 9: http://x/\x1b[2J"),
            Dropped("comment", "paragraph 5"),
        ]
    )
    assert lines[0] == "2 comments dropped, 1 remote image not fetched"
    assert lines[1:] == [
        "  comment: paragraph 2", "  remote image: line 9: http://x/ [2J", "  comment: paragraph 5"
    ]  # fmt: skip
    assert summary.lines([]) == []


def test_notes_keep_their_links_as_text(tmp_path: Path) -> None:
    """A link to another file of the document's folder is text in the book (no such file)."""
    page = b'<h1>One</h1><p>See <a href="two.html">the next part</a>.</p>'
    root, output = _imported(tmp_path, "one.html", page)
    (chapter,) = _chapters(root)
    assert "a" not in [e.tag for e in iter_elements(chapter.blocks)]
    assert plain_text(chapter.blocks) == "See the next part."
    assert "1 file link kept as text" in output


def test_unusable_source_or_folder_is_one_line(tmp_path: Path) -> None:
    """A .pdf, a file that is not there, a folder, a DIR in a missing folder: one line
    naming it, exit 1, nothing made."""
    (tmp_path / "book.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "story.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "folder.docx").mkdir()
    cases = [
        ("book.pdf", "out", "book.pdf: `book import` reads .docx, .epub, .htm, .html, .odt, .txt"),
        ("missing.docx", "out", "missing.docx: no such file"),
        ("folder.docx", "out", "folder.docx: not a file"),
        ("story.txt", "missing/out", "the folder to make it in does not exist"),
    ]
    for source, target, message in cases:
        result = invoke("import", str(tmp_path / source), str(tmp_path / target))
        assert result.status == 1, result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith("error: ") and message in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf", "folder.docx", "story.txt"]


def test_footnotes_and_pictures_in_notes_are_relocated() -> None:
    """Pictures are ../images/NAME in the Markdown, in notes too."""
    img = Element("img", (), (("src", "images/image-001.png"), ("alt", "x")))
    note = Footnote(1, (Element("p", (img,)),))
    (moved,) = Section((), (), (note,)).mapped(folder._relocated).notes
    (shown,) = [e for e in iter_elements(moved.blocks) if e.tag == "img"]
    assert shown.attr("src") == "../images/image-001.png"


GOOGLE_DOCS = Path(__file__).parent / "import_docs" / "google-docs.html"


def test_google_docs_web_page(tmp_path: Path) -> None:
    """Google Docs' export says italics, bold and small caps with classes and writes notes
    as linked paragraphs after a rule: they come across as italics, bold, small caps and
    footnotes, and the rule is no scene break."""
    root, output = _imported(tmp_path, "crossing.html", GOOGLE_DOCS.read_bytes())
    (chapter,) = _chapters(root)
    assert chapter.title_text == "Departure"
    elements = list(iter_elements(chapter.blocks))
    assert [(e.tag, plain_text(e.children)) for e in elements if e.tag in ("em", "strong")] == [
        ("em", "The Odyssey"),
        ("strong", "loudly"),
    ]
    assert [plain_text(e.children) for e in elements if e.attr("class") == "smallcaps"] == ["Ritz"]
    assert [e.attr("note") for e in elements if e.tag == NOTEREF] == ["1", "2"]
    assert [e.tag for e in chapter.blocks if isinstance(e, Element)] == ["p", "scene-break", "p"]
    notes = [plain_text(note.blocks) for note in chapter.notes]
    assert notes == ["In Fagles’s translation.", "At last."]
    assert [e.tag for e in iter_elements(chapter.notes[1].blocks)] == ["p", "em"]
    assert "[1]" not in plain_text(chapter.blocks)
    assert "dropped" not in output
    report = runner.check(root)
    assert report.errors == 0, report.findings
    assert report.epubcheck == "no problems", report.epubcheck


def test_google_docs_page_in_the_build(make_book: Callable[..., Path]) -> None:
    """The same page kept in manuscript/ builds with its italics and notes."""
    root = make_book(files={"manuscript/01.html": GOOGLE_DOCS.read_text("utf-8")})
    (chapter,) = _chapters(root)
    assert [plain_text(e.children) for e in iter_elements(chapter.blocks) if e.tag == "em"] == [
        "The Odyssey"
    ]
    assert len(chapter.notes) == 2


AO3 = Path(__file__).parent / "fixtures" / "ao3"


@pytest.mark.parametrize("name", ["The_Lighthouse_Ledger.html", "The_Lighthouse_Ledger.epub"])
def test_ao3_download(tmp_path: Path, name: str) -> None:
    """An AO3 download, as HTML or as EPUB: the work's metadata in book.yaml (the summary's
    paragraphs kept apart), its three chapters in order; book check finds no error."""
    root, _ = _imported(tmp_path, name, (AO3 / name).read_bytes())
    book = config.load(root)
    assert (book.title, book.authors, book.language) == (
        "The Lighthouse Ledger",
        ("lantern_keeper",),
        "en",
    )
    assert book.description is not None and "\n\nThree evenings" in book.description
    assert book.series is not None and (book.series.name, book.series.number) == (
        "Weather Along the Coast",
        "2",
    )
    names = sorted(p.name for p in (root / "manuscript").iterdir())
    assert names == ["01-fair-wind-from-the-west.md", "02-fog.md", "03-chapter-3.md"]
    report = runner.check(root)
    assert report.errors == 0, report.findings
    assert report.epubcheck == "no problems", report.epubcheck


def test_word_file_of_several_chapters(tmp_path: Path) -> None:
    """Heading 1 and "Chapter N" lines cut the file into chapters, one Markdown file
    each, in order, each with its own notes."""
    document = docx.Document()
    document.add_paragraph("The Crossing", style="Title")
    document.add_heading("Departure", level=1)
    _footnote(document, document.add_paragraph("She left."), "At dawn.")
    document.add_paragraph("Chapter 2: The Sea")
    document.add_paragraph("It was grey.")
    document.add_heading("Arrival", level=1)
    document.add_paragraph("They landed.")
    out = io.BytesIO()
    document.save(out)
    root, _ = _imported(tmp_path, "crossing.docx", out.getvalue())
    names = sorted(p.name for p in (root / "manuscript").iterdir())
    assert names == ["01-departure.md", "02-chapter-2-the-sea.md", "03-arrival.md"]
    chapters = _chapters(root)
    assert [c.title_text for c in chapters] == ["Departure", "Chapter 2: The Sea", "Arrival"]
    assert [len(c.notes) for c in chapters] == [1, 0, 0]
    assert plain_text(chapters[2].blocks) == "They landed."
    assert runner.check(root, epubcheck=False).errors == 0
