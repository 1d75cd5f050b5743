"""The print PDF read back with pypdf: trim, fonts, openings, contents numbers, page labels."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from builder import pipeline
from tests.conftest import copy_sample, corpus_book

POINTS_PER_INCH = 72


def build_pdf(root: Path) -> Path:
    (written,) = pipeline.build(root, ("pdf",))
    return written


@pytest.fixture(scope="module", params=["sample", "last-morning", "pride-and-prejudice"])
def book_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    if request.param == "sample":
        return build_pdf(copy_sample(folder / "sample"))
    root = shutil.copytree(corpus_book(request.param), folder / request.param)
    return build_pdf(root)


def opening_pages(reader: PdfReader) -> dict[str, int]:
    """0-based page index of every chapter and part, from the PDF's named destinations."""
    return {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
        if re.fullmatch(r"(chapter|part)-\d+", name)
    }


def text_above(page: PageObject, top_points: float) -> str:
    """The text printed in the top band of a page (where running heads go)."""
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[5] * cm[3] + cm[5] if cm else tm[5]
        if y > height - top_points and text.strip():
            found.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(found).strip()


class TestPrintPdf:
    def test_trim_box(self, book_pdf: Path) -> None:
        """Every page is trimmed to 6 × 9 in."""
        reader = PdfReader(book_pdf)
        sizes = {(float(p.trimbox.width), float(p.trimbox.height)) for p in reader.pages}
        assert sizes == {(6 * POINTS_PER_INCH, 9 * POINTS_PER_INCH)}

    def test_fonts_embedded(self, book_pdf: Path) -> None:
        """Every font is embedded, and every one is our book face (no system fallback)."""
        reader = PdfReader(book_pdf)
        names = set()
        for page in reader.pages:
            fonts = page["/Resources"].get_object().get("/Font", {})
            for font in fonts.values():
                font = font.get_object()
                descendant = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                descriptor = descendant["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                names.add(str(font["/BaseFont"]).split("+")[-1])
        assert names and all(name.startswith("EB-Garamond") for name in names), names

    def test_page_labels(self, book_pdf: Path) -> None:
        """Roman page labels for the front matter, then arabic from 1 to the end."""
        labels = PdfReader(book_pdf).page_labels
        first_arabic = next(i for i, label in enumerate(labels) if label.isdigit())
        assert first_arabic > 0
        assert all(re.fullmatch(r"[ivxlc]+", label) for label in labels[:first_arabic])
        assert labels[first_arabic:] == [str(n) for n in range(1, len(labels) - first_arabic + 1)]

    def test_openings_on_right_pages_without_heads(self, book_pdf: Path) -> None:
        """Each part and chapter opens on an odd (right-hand) page with no running head."""
        reader = PdfReader(book_pdf)
        openings = opening_pages(reader)
        assert openings
        for name, index in openings.items():
            assert index % 2 == 0, f"{name} opens on page {index + 1}"
            assert text_above(reader.pages[index], 0.8 * POINTS_PER_INCH) == "", name
            assert int(reader.page_labels[index]) % 2 == 1

    def test_running_heads_elsewhere(self, book_pdf: Path) -> None:
        """A body page that is not an opening carries a running head and a folio."""
        reader = PdfReader(book_pdf)
        openings = set(opening_pages(reader).values())
        labels = reader.page_labels
        pages = [i for i, label in enumerate(labels) if label.isdigit() and i not in openings]
        heads = [text_above(reader.pages[i], 0.8 * POINTS_PER_INCH) for i in pages]
        assert sum(bool(head) for head in heads) >= len(pages) // 2

    def test_contents_numbers_are_page_labels(self, book_pdf: Path) -> None:
        """The contents page gives each chapter the label of the page where it opens."""
        reader = PdfReader(book_pdf)
        openings = opening_pages(reader)
        labels = reader.page_labels
        texts = [page.extract_text() or "" for page in reader.pages]
        start = next(i for i, text in enumerate(texts) if text.lstrip().startswith("Contents"))
        end = next(i for i, label in enumerate(labels) if label.isdigit())
        contents = texts[start:end]
        numbers = [int(n) for n in re.findall(r"(\d+)\s*$", "\n".join(contents), re.MULTILINE)]
        chapter_labels = sorted(
            int(labels[index]) for name, index in openings.items() if name.startswith("chapter")
        )
        assert [n for n in numbers if n in chapter_labels] == chapter_labels


class TestSettings:
    def test_bleed_and_trim(self, make_book: Callable[..., Path]) -> None:
        """With bleed the media box grows by 0.125 in each side; the trim box stays the trim."""
        root = make_book("print: {trim: 5x8, bleed: true}\n")
        page = PdfReader(build_pdf(root)).pages[0]
        assert (float(page.trimbox.width), float(page.trimbox.height)) == (360, 576)
        assert float(page.mediabox.width) == pytest.approx(360 + 2 * 9)

    def test_digital_has_bookmarks_and_links(self, make_book: Callable[..., Path]) -> None:
        """The digital PDF keeps bookmarks and links; the print PDF has neither."""
        files = {"manuscript/01.md": "# One\n\nText.\n", "manuscript/02.md": "# Two\n\nMore.\n"}
        digital = PdfReader(build_pdf(make_book("print: {target: digital}\n", files)))
        assert [item["/Title"] for item in digital.outline] == ["One", "Two"]
        assert any("/Annots" in page for page in digital.pages)
        printed = PdfReader(build_pdf(make_book("", files)))
        assert printed.outline == []
        assert not any("/Annots" in page for page in printed.pages)

    def test_links_between_pieces_reach_their_pages(self, make_book: Callable[..., Path]) -> None:
        """In a digital PDF, the contents' links and a link from one chapter to another land
        on named destinations of the book (no link is lost between pieces)."""
        files = {"manuscript/01.md": "# One\n\nSee [the next one](02.md).\n",
                 "manuscript/02.md": "# Two\n\nMore.\n"}  # fmt: skip
        pdf = PdfReader(build_pdf(make_book("print: {target: digital}\n", files)))
        names = set(pdf.named_destinations)
        targets = []
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                annot = annot.get_object()
                assert "/URI" not in annot.get("/A", {}), annot  # no book-dest: left over
                if "/Dest" in annot:
                    targets.append(str(annot["/Dest"]))
        assert {"chapter-001", "chapter-002"} <= set(targets) <= names

    def test_chapter_links_name_other_pieces(self, make_book: Callable[..., Path]) -> None:
        """Laid out in pieces, a chapter links inside itself with `#id` and to another
        chapter with `book-dest:id`; as one document, with `#id` only."""
        from builder import pipeline
        from builder.render.pdf import sections

        files = {"manuscript/01.md": "# One\n\n{#top}\nText.\n\n[Up](#top), [next](02.md).\n",
                 "manuscript/02.md": "# Two\n\nMore.\n"}  # fmt: skip
        book = pipeline.transform(pipeline.read_book(make_book("", files)))

        def hrefs(pieces: bool) -> list[str]:
            first = next(sections.body_units(book, pieces)).section
            return [a.get("href") for a in first.iter() if a.get("href")]

        assert hrefs(pieces=True) == ["#top", "book-dest:chapter-002"]
        assert hrefs(pieces=False) == ["#top", "#chapter-002"]

    def test_same_bytes(self, make_book: Callable[..., Path]) -> None:
        """Two builds of the same source give the same PDF bytes."""
        root = make_book()
        first = build_pdf(root).read_bytes()
        assert build_pdf(root).read_bytes() == first

    def test_title_with_any_text(self, make_book: Callable[..., Path]) -> None:
        """A title may hold any text, even what looks like a placeholder; the layout's
        documents are built as trees, not cut out of serialized markup."""
        root = make_book(files={"manuscript/01.md": "# One\n\nThe chapter text.\n"})
        yaml = "title: A @@sections@@ B\nauthor: Test Author\nlanguage: en\n"
        (root / "book.yaml").write_text(yaml)
        reader = PdfReader(build_pdf(root))
        texts = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
        # The half-title, a blank left page, the title page.
        assert texts[2] == "A @@sections@@ B Test Author"
        assert "One The chapter text." in texts

    def test_bad_trim(self, make_book: Callable[..., Path]) -> None:
        """An unknown trim size is an error at its line."""
        from builder.errors import BookError

        with pytest.raises(BookError, match=r"book.yaml:4:15: error\[Y006\]: unknown trim"):
            build_pdf(make_book("print: {trim: 7x7x7}\n"))


class TestSandbox:
    def test_css_outside_book_is_refused(
        self, make_book: Callable[..., Path], tmp_path: Path
    ) -> None:
        """An author's stylesheet cannot pull a file from outside the book into the PDF."""
        from builder.errors import BookError

        secret = tmp_path / "secret.png"
        secret.write_bytes(b"\x89PNG\r\n\x1a\n not really")
        css = f"body {{ background: url(file://{secret}); }}\n"
        root = make_book("styles: [styles/mine.css]\n", {
            "manuscript/01.md": "# One\n\nText.\n", "styles/mine.css": css,
        })  # fmt: skip
        with pytest.raises(BookError, match="outside the book folder"):
            build_pdf(root)


class TestTypefaceCoverage:
    def test_missing_glyphs_are_reported(self, make_book: Callable[..., Path]) -> None:
        """Characters EB Garamond lacks are named with their file and line, never silent."""
        from builder.errors import BookWarning

        files = {"manuscript/01.md": "# One\n\nPlain text.\n\nA smile 🙂 and 中文.\n"}
        with pytest.warns(BookWarning) as caught:
            build_pdf(make_book("", files))
        (warning,) = [w.message for w in caught if isinstance(w.message, BookWarning)]
        assert str(warning).startswith("manuscript/01.md:5: warning[P002]:")
        assert "🙂" in str(warning) and "中" in str(warning)

    def test_latin_text_is_covered(self, make_book: Callable[..., Path]) -> None:
        """Ordinary typography (curly quotes, dashes, accents) needs no fallback."""
        import warnings

        from builder.errors import BookWarning

        files = {"manuscript/01.md": '# Ça\n\n"Déjà vu--naïve façade..." \'tis ½ £5 – € ©.\n'}
        with warnings.catch_warnings():
            warnings.simplefilter("error", BookWarning)
            build_pdf(make_book("", files))


class TestVariant:
    def test_pdf_a(self, make_book: Callable[..., Path]) -> None:
        """A PDF/A-3b variant is written as one document, with labels and its metadata."""
        reader = PdfReader(build_pdf(make_book("print: {variant: pdf/a-3b}\n")))
        assert "/Metadata" in reader.trailer["/Root"]
        assert reader.page_labels[-1] == "1"


class TestTargetOption:
    def test_command_line_overrides_book_yaml(self, make_book: Callable[..., Path]) -> None:
        """`book build --target digital` makes a screen PDF: bookmarks, and no blank pages."""
        from typer.testing import CliRunner

        from builder.cli import app

        files = {"manuscript/01.md": "# One\n\nText.\n", "manuscript/02.md": "# Two\n\nMore.\n"}
        root = make_book("", files)
        result = CliRunner().invoke(
            app, ["build", str(root), "--format", "pdf", "--target", "digital"]
        )
        assert result.exit_code == 0, result.output
        reader = PdfReader(root / "dist" / "test-book.pdf")
        assert [item["/Title"] for item in reader.outline] == ["One", "Two"]
        assert all(page.extract_text().strip() for page in reader.pages)
