"""The EPUB learns the print pages: markers, a page-list and pageBreakSource after a PDF build."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from builder import pipeline
from builder.render.epub import package as epub_package
from tests.conftest import assert_epubcheck_clean, copy_sample, unzip

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
# Short words only: WeasyPrint hyphenates longer ones, and a page that opens on the
# second half of a word cannot match the whole word after its EPUB marker.
VOCABULARY = (  # noqa: SIM905 (a list of 48 words reads better as one string)
    "oak elm ash fir yew bay cove dune reef tide salt rope sail mast keel hull deck "
    "gull tern crab kelp moss fern reed pond lake hill vale glen moor bog peat clay "
    "lamp wick coal iron tin lead gold ruby jade opal pear plum fig lime kiwi"
).split()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("pages") / "sample")
    pipeline.build(root, ("epub", "pdf"))
    return root


def page_list(epub: Path) -> list[tuple[str, str]]:
    nav = etree.fromstring(unzip(epub)["EPUB/text/nav.xhtml"])
    links = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    return [(a.get("href"), a.text) for a in links]


LIST_NOTE = "A list follows.\n\n    - one item\n    - two *items*\n\n    > a quote in a note"


def letters(text: str) -> list[str]:
    """Words without digits: a footnote call is a digit glued to the word before it."""
    return re.findall(r"[^\W\d_]+", text)


def footnoted_book(root: Path) -> Path:
    """Five chapters, 30 pages in all, a footnote in the middle of every other paragraph."""
    pick = random.Random(7)

    def sentence() -> str:
        return " ".join(pick.choice(VOCABULARY) for _ in range(pick.randint(6, 14))) + "."

    def paragraph() -> str:
        return " ".join(sentence() for _ in range(pick.randint(5, 9)))

    root.mkdir(parents=True)
    (root / "book.yaml").write_text("title: Notes Here\nauthor: Quinn Vex\nlanguage: en\n")
    for number in range(1, 6):
        lines, notes = [f"# Chapter {number}", ""], []
        for index in range(18):
            text = paragraph()
            if index % 2:
                cut = len(text) // 2
                cut = text.index(" ", cut)
                label = f"n{index}"
                text = f"{text[:cut]}[^{label}]{text[cut:]}"
                # The first note of each chapter holds blocks that may not stand in a paragraph.
                blocks = "" if index > 1 else f"{LIST_NOTE}\n\n    "
                notes.append(f"[^{label}]: {blocks}{paragraph()}")
            lines += [text, ""]
        path = root / "manuscript" / f"{number:02d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(lines + notes) + "\n")
    return root


@pytest.fixture(scope="module", params=["pieces", "pdf/a-3b"])
def footnoted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built in pieces, and as one document (the PDF/A path, single.py)."""
    root = footnoted_book(tmp_path_factory.mktemp("notes") / "notes")
    if request.param != "pieces":
        with (root / "book.yaml").open("a") as yaml:
            yaml.write(f"print: {{variant: {request.param}}}\n")
    pipeline.build(root, ("epub", "pdf"))
    return root


def words_after(span: etree._Element, count: int) -> list[str]:
    """The first words of the text after a marker, as a reader sees it (no note numbers)."""
    found: list[str] = []
    for text in span.xpath("following::text()"):
        holder = text.getparent()
        if text.is_text and holder.get("class") == "noteref":
            continue
        found += letters(text)
        if len(found) >= count:
            break
    return found[:count]


def markers(folder: Path, name: str) -> list[tuple[etree._Element, str, str]]:
    """Each page-break marker of dist/NAME.epub, its label, and the text of that PDF page."""
    reader = PdfReader(folder / "dist" / f"{name}.pdf")
    labels = reader.page_labels
    files = unzip(folder / "dist" / f"{name}.epub")
    found = []
    for href, label in page_list(folder / "dist" / f"{name}.epub"):
        file, _, anchor = href.partition("#")
        doc = etree.fromstring(files[f"EPUB/text/{file}"])
        (span,) = doc.xpath(f"//*[@id='{anchor}']")
        found.append((span, label, reader.pages[labels.index(label)].extract_text() or ""))
    return found


class TestPageList:
    def test_markers_where_pages_begin(self, sample: Path) -> None:
        """Each marker stands where its printed page begins: the words after it open the page."""
        entries = markers(sample, "out-of-sorts")
        assert len(entries) >= 15
        checked = 0
        for span, label, page_text in entries:
            assert span.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"
            after = words(" ".join(span.xpath("following::text()")[:6]))[:3]
            if not after:
                continue
            assert " ".join(after) in " ".join(words(page_text)[:40]), (label, after)
            checked += 1
        assert checked >= 10

    def test_markers_where_pages_begin_with_footnotes(self, footnoted: Path) -> None:
        """With footnotes too, every marker stands at the word its printed page begins with."""
        entries = markers(footnoted, "notes-here")
        assert len(entries) >= 20
        for span, label, page_text in entries:
            after = words_after(span, 4)
            page = letters(page_text)
            # The running head (the author's name or the title) may come first.
            heads = {"Notes", "Here", "Quinn", "Vex"}
            page = [word for word in page if word not in heads]
            assert after == page[:4], (label, after, page[:8])

    def test_footnote_keeps_its_blocks(self, footnoted: Path) -> None:
        """A note's list and quote are printed in the footnote, not spilled into the text."""
        reader = PdfReader(footnoted / "dist" / "notes-here.pdf")
        pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
        holding = [text for text in pages if "A list follows." in text]
        assert len(holding) == 5
        for text in holding:
            note = text.index("A list follows.")
            assert note < text.index("one item two items a quote in a note"), text

    def test_unplaceable_marker_fails(self, make_book: Callable[..., Path]) -> None:
        """A printed page the EPUB's text has no place for stops the build, naming the page."""
        book = pipeline.transform(pipeline.read_book(make_book()))
        when = datetime(2026, 1, 1, tzinfo=UTC)
        for place in (((7,), 0), ((0,), 999)):  # no eighth block; the first is shorter
            with pytest.raises(RuntimeError, match=r"printed page 3 has no place"):
                epub_package.package(book, when, {"chapter-001": [("3", place)]})
        assert epub_package.package(book, when, {"chapter-001": [("3", ((0,), 2))]})

    def test_metadata_and_epubcheck(self, sample: Path) -> None:
        """The package names the print source, claims the features, and EPUBCheck passes."""
        opf = unzip(sample / "dist" / "out-of-sorts.epub")["EPUB/content.opf"].decode()
        assert '<meta property="pageBreakSource">urn:uuid:' in opf
        assert "pageBreakMarkers" in opf and "pageNavigation" in opf
        assert_epubcheck_clean(sample / "dist" / "out-of-sorts.epub")

    def test_epub_alone_reuses_then_forgets(self, sample: Path) -> None:
        """An EPUB built alone keeps the last PDF's pages, until the source changes."""
        epub = sample / "dist" / "out-of-sorts.epub"
        before = page_list(epub)
        pipeline.build(sample, ("epub",))
        assert page_list(epub) == before
        chapter = sample / "manuscript" / "04-let-it-stand.md"
        chapter.write_text(chapter.read_text() + "\nOne more line.\n")
        pipeline.build(sample, ("epub",))
        assert page_list(epub) == []
