"""EPUB sources: an AO3 EPUB made by Calibre as AO3 makes it, and EPUBs this builder makes."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from builder.model import NOTEREF, Element, Node, iter_elements, plain_text
from builder.readers import ao3, epub, html
from tests.conftest import build_epub

FIXTURES = Path(__file__).parent / "fixtures" / "ao3"
EPUB = FIXTURES / "The_Lighthouse_Ledger.epub"
HTML = FIXTURES / "The_Lighthouse_Ledger.html"
OPF = "{http://www.idpf.org/2007/opf}"


@pytest.fixture(scope="module")
def book() -> epub.Epub:
    return epub.read("The_Lighthouse_Ledger.epub", EPUB.read_bytes())


def unlined(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """NODES without source lines, which differ between the HTML and Calibre's files."""
    return tuple(
        replace(n, children=unlined(n.children), line=0) if isinstance(n, Element) else n
        for n in nodes
    )


def test_spine_documents_in_reading_order(book: epub.Epub) -> None:
    paths = [path for path, _ in book.documents]
    assert paths == [f"The_Lighthouse_Ledger_split_00{n}.xhtml" for n in range(6)]
    assert all(data.startswith(b"<?xml") for _, data in book.documents)
    assert book.pictures == {}


def test_package_metadata(book: epub.Epub) -> None:
    assert book.metadata["title"] == "The Lighthouse Ledger"
    assert book.metadata["author"] == "lantern_keeper"
    assert book.metadata["language"] == "en"
    # Calibre's --comments, HTML in dc:description, as plain paragraphs.
    assert book.metadata["description"] == (
        "A keeper writes down the weather, the ships, and one visitor she did not expect."
        "\n\nThree evenings on a rock in the sea."
    )
    # AO3's --tags: "Fanworks" first, then every tag the work has.
    subjects = book.metadata["subjects"]
    assert isinstance(subjects, list) and subjects[:2] == ["Fanworks", "General Audiences"]
    assert len(subjects) == 11
    assert book.metadata["date"] == "2024-03-16"  # AO3's --pubdate: the last revision
    assert book.metadata["series"] == {"name": "Weather Along the Coast", "number": "2"}


def test_an_ao3_epub_gives_the_same_work_as_the_html(book: epub.Epub) -> None:
    from_epub = epub.ao3_work(FIXTURES, "The_Lighthouse_Ledger.epub", book)
    tree = html.parse("The_Lighthouse_Ledger.html", HTML.read_bytes())
    from_html = ao3.read(FIXTURES, "The_Lighthouse_Ledger.html", tree)
    assert from_epub is not None and from_html is not None
    assert [plain_text(c.title) for c in from_epub.chapters] == [
        "Fair, Wind from the West",
        "Fog",
        "Chapter 3",
    ]
    for a, b in zip(from_epub.chapters, from_html.chapters, strict=True):
        assert a.title == b.title
        assert unlined(a.blocks) == unlined(b.blocks)
        assert a.notes == b.notes
    # The preface's metadata wins (its subjects leave out ratings and warnings, its date is
    # the first publication), as for the HTML download.
    assert from_epub.metadata == from_html.metadata


def test_sections_of_an_ao3_epub_are_its_chapters(book: epub.Epub) -> None:
    sections = epub.sections(FIXTURES, "The_Lighthouse_Ledger.epub", book)
    assert [plain_text(s.title) for s in sections] == [
        "Fair, Wind from the West",
        "Fog",
        "Chapter 3",
    ]


def made_by_the_builder(make_book, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    picture = (Path(__file__).parent / "books").rglob("*.png")
    png = next(picture).read_bytes()
    root = make_book(
        "series:\n  name: The Coast\n  number: 3\ndescription: Two chapters.\n",
        {
            "manuscript/01.md": "# The Harbour\n\nShe said *no* twice.[^1]\n\n"
            "![A gull](../images/gull.png)\n\n[^1]: Once for each.\n",
            "manuscript/02.md": "# The Tower\n\nThe *light* turned.\n",
            "images/gull.png": png,
        },
    )
    return build_epub(root)


def test_an_epub_3_by_another_program(make_book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An EPUB 3 as ebooklib writes it (this builder's output): metadata, pictures, text."""
    path = made_by_the_builder(make_book, tmp_path)
    book = epub.read(path.name, path.read_bytes())
    assert book.metadata["title"] == "Test Book" and book.metadata["author"] == "Test Author"
    assert book.metadata["series"] == {"name": "The Coast", "number": "3"}
    (picture,) = book.pictures
    assert picture == "EPUB/media/image-001.png" and book.pictures[picture].startswith(b"\x89PNG")
    assert epub.ao3_work(tmp_path, path.name, book) is None
    sections = epub.sections(tmp_path, path.name, book)
    nodes = tuple(n for s in sections for n in s.blocks)
    ems = [plain_text(e.children) for e in iter_elements(nodes) if e.tag == "em"]
    assert ems == ["no", "light"]
    images = [e for e in iter_elements(nodes) if e.tag == "img"]
    assert [(i.attr("src"), i.attr("alt")) for i in images] == [("images/image-001.png", "A gull")]
    notes = [n for s in sections for n in s.notes]
    assert [plain_text(n.blocks).strip() for n in notes] == ["Once for each."]
    assert any(e.tag == NOTEREF for e in iter_elements(nodes))


def test_epub_3_series_from_belongs_to_collection(make_book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without Calibre's keys, the series is EPUB 3's collection and its group-position."""
    path = made_by_the_builder(make_book, tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    (opf,) = [name for name in parts if name.endswith(".opf")]
    package = etree.fromstring(parts[opf])
    for meta in list(package.iter(f"{OPF}meta")):
        if (meta.get("name") or "").startswith("calibre:"):
            meta.getparent().remove(meta)
    parts[opf] = etree.tostring(package, xml_declaration=True, encoding="utf-8")
    rewritten = tmp_path / "epub3.epub"
    with zipfile.ZipFile(rewritten, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    book = epub.read("epub3.epub", rewritten.read_bytes())
    assert book.metadata["series"] == {"name": "The Coast", "number": "3"}


def test_picture_names_are_unique(book: epub.Epub) -> None:
    two = epub.Epub(pictures={"a/x.png": b"1", "b/x.png": b"2", "b/X.PNG": b"3"})
    assert epub.picture_names(two) == {
        "a/x.png": "x.png",
        "b/x.png": "x-2.png",
        "b/X.PNG": "X-3.PNG",
    }


XHTML = (
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" '
    'xmlns:epub="http://www.idpf.org/2007/ops"><body>{}</body></html>'
)
CONTAINER = (
    '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    'version="1.0"><rootfiles><rootfile full-path="OEBPS/p.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles></container>'
)
PACKAGE = (
    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata>'
    '<manifest><item id="a" href="text/c1.xhtml" media-type="application/xhtml+xml"/>'
    '<item id="n" href="text/notes.xhtml" media-type="application/xhtml+xml"/></manifest>'
    '<spine><itemref idref="a"/><itemref idref="n"/></spine></package>'
)


def test_endnotes_in_another_file_are_the_chapters_notes(tmp_path: Path) -> None:
    """EPUB 3 endnotes in a file of their own (as Pandoc and Sigil make them)."""
    members = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": CONTAINER,
        "OEBPS/p.opf": PACKAGE,
        "OEBPS/text/c1.xhtml": XHTML.format(
            '<h1>One</h1><p>Text<a epub:type="noteref" href="notes.xhtml#n1">1</a>.</p>'
        ),
        "OEBPS/text/notes.xhtml": XHTML.format(
            '<aside epub:type="endnote" id="n1"><p>The note.</p></aside>'
        ),
    }
    out = tmp_path / "notes.epub"
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    (section,) = epub.sections(tmp_path, "notes.epub", epub.read("notes.epub", out.read_bytes()))
    assert plain_text(section.title) == "One"
    refs = [e for e in iter_elements(section.blocks) if e.tag == NOTEREF]
    assert [r.attr("note") for r in refs] == ["1"]
    assert [plain_text(n.blocks) for n in section.notes] == ["The note."]
