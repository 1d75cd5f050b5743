"""The full-wrap print cover (`book build --format cover`): its size from the interior's page
count and the service's published spine formula, its spine text, its look and fonts.
(test_cover_check.py: its preflight, book.yaml keys and command line.)

The covers here are made from synthetic interiors (pikepdf PDFs of N blank pages: only
the page count matters to a cover); test_cover_check.py makes one from a real interior.
The sizes are checked against KDP's published figures, written out here, and the text and
pictures are read back by poppler (pdftotext, pdfimages, pdftoppm), not by the builder.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from builder import pipeline
from builder.checks import cover as cover_check
from builder.config import BookConfig
from builder.errors import BookWarning
from builder.model import Book
from builder.render.cover import package as cover
from tests.conftest import copy_sample, require_tool

# KDP's published spine figures (inches a page) and its rules for the cover.
KDP_PER_PAGE = {"white": 0.002252, "cream": 0.0025}
KDP_SPINE_TEXT_PAGES = 79
BLEED = 0.125
TRIM = (6.0, 9.0)  # the sample book's: book.yaml sets no trim
WHEN = datetime(2026, 11, 24)
MATRIX = [(pages, paper) for pages in (24, 100, 424, 2000) for paper in ("white", "cream")]


def interior(folder: Path, pages: int) -> Path:
    """A PDF of PAGES blank 6 × 9 in pages: all a cover needs of an interior."""
    path = folder / f"interior-{pages}.pdf"
    if not path.exists():
        pdf = pikepdf.new()
        for _ in range(pages):
            pdf.add_blank_page(page_size=(432, 648))
        pdf.save(path)
    return path


def book_of(root: Path, **cover_settings: str) -> Book:
    """The book in ROOT, its print.cover settings replaced by COVER_SETTINGS."""
    book = pipeline.transform(pipeline.assemble(pipeline.read(pipeline.load_config(root))))
    config: BookConfig = book.config
    settings = replace(config.print.cover, **cover_settings)  # type: ignore[arg-type]
    return replace(book, config=replace(config, print=replace(config.print, cover=settings)))


def make_cover(book: Book, pages: int, folder: Path, name: str) -> Path:
    """The cover for an interior of PAGES pages, written to FOLDER/NAME."""
    path = folder / name
    path.write_bytes(cover.package(book, cover.page_count(interior(folder, pages)), WHEN))
    return path


def words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, x_min, y_min, x_max, y_max) of every word, in points from the sheet's top left."""
    tool = require_tool("pdftotext", "poppler-utils")
    out = subprocess.run([tool, "-bbox", str(pdf), "-"], capture_output=True, check=True)
    tree = etree.fromstring(out.stdout, etree.XMLParser(recover=True))
    return [
        (node.text or "", *(float(node.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")))
        for node in tree.iter("{*}word")
    ]


def spine_words(pdf: Path, spine_in: float) -> list[str]:
    """The words between the spine's folds (the sheet's left edge is the bleed's)."""
    left = (BLEED + TRIM[0]) * 72
    right = left + spine_in * 72
    return [w for w, x0, _, x1, _ in words(pdf) if left - 0.5 <= x0 and x1 <= right + 0.5]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("cover") / "sample")


@pytest.fixture(scope="module")
def covers(sample: Path) -> dict[tuple[int, str], Path]:
    """The sample book's cover for each page count and paper of MATRIX, made once."""
    folder = sample.parent
    made = {}
    for pages, paper in MATRIX:
        book = book_of(sample, paper=paper)
        made[pages, paper] = make_cover(book, pages, folder, f"cover-{pages}-{paper}.pdf")
    return made


class TestSize:
    @pytest.mark.parametrize(("pages", "paper"), MATRIX)
    def test_sheet_is_both_panels_the_spine_and_the_bleed(
        self, covers: dict[tuple[int, str], Path], pages: int, paper: str
    ) -> None:
        """Width 2 × trim + spine + 2 × bleed, height trim + 2 × bleed, to 0.001 in, with
        KDP's spine: the page count times the paper's thickness."""
        spine = pages * KDP_PER_PAGE[paper]
        with pikepdf.open(covers[pages, paper]) as pdf:
            (page,) = pdf.pages
            left, bottom, right, top = (float(v) / 72 for v in page.mediabox)
            trim = [float(v) / 72 for v in page.trimbox]
        assert right - left == pytest.approx(2 * TRIM[0] + spine + 2 * BLEED, abs=0.001)
        assert top - bottom == pytest.approx(TRIM[1] + 2 * BLEED, abs=0.001)
        assert trim[2] - trim[0] == pytest.approx(2 * TRIM[0] + spine, abs=0.001)
        assert trim[3] - trim[1] == pytest.approx(TRIM[1], abs=0.001)

    def test_other_services_formulas(self, sample: Path, tmp_path: Path) -> None:
        """Lulu's spine is pages / 444 + 0.06 in on any paper; IngramSpark's cream is 0.0025."""
        for service, paper, spine in (
            ("lulu", "cream", 300 / 444 + 0.06),
            ("ingramspark", "cream", 300 * 0.0025),
        ):
            book = book_of(sample, service=service, paper=paper)
            with pikepdf.open(make_cover(book, 300, tmp_path, f"{service}.pdf")) as pdf:
                width = float(pdf.pages[0].trimbox[2] - pdf.pages[0].trimbox[0]) / 72
            assert width == pytest.approx(2 * TRIM[0] + spine, abs=0.001), service


class TestSpine:
    @pytest.mark.parametrize(("pages", "paper"), MATRIX)
    def test_text_only_from_the_threshold(
        self, covers: dict[tuple[int, str], Path], pages: int, paper: str
    ) -> None:
        """Title, author and imprint on the spine from 79 pages (KDP); none on 24."""
        found = spine_words(covers[pages, paper], pages * KDP_PER_PAGE[paper])
        if pages >= KDP_SPINE_TEXT_PAGES:
            assert {"Sorts", "Ashdown", "Press"} <= set(found), found
        else:
            assert found == []

    def test_reads_top_to_bottom_in_english(self, covers: dict[tuple[int, str], Path]) -> None:
        """Title, then author, then imprint, down the spine; each word turned (taller than
        wide), as when the book lies face up."""
        placed = {w: (x0, y0, x1, y1) for w, x0, y0, x1, y1 in words(covers[424, "white"])}
        title, author, imprint = placed["Sorts"], placed["Ashdown"], placed["Press"]
        assert title[1] < author[1] < imprint[1]
        assert all(y1 - y0 > x1 - x0 for x0, y0, x1, y1 in (title, author, imprint))

    def test_reads_bottom_to_top_in_german(self, sample: Path, tmp_path: Path) -> None:
        """Continental European books read up the spine: the title is at its foot."""
        book = book_of(sample)
        book = replace(book, config=replace(book.config, language="de"))
        placed = {w: y0 for w, _, y0, _, _ in words(make_cover(book, 424, tmp_path, "de.pdf"))}
        assert placed["Sorts"] > placed["Ashdown"] > placed["Press"]

    def test_long_title_set_smaller_to_fit(
        self, make_book: Callable[..., Path], tmp_path: Path
    ) -> None:
        """A long title, two authors and an imprint, which do not fit along a 300-page
        spine at the size its width allows, are set smaller: in order, apart, on the spine."""
        root = make_book("publisher: Merrow Quay Press\n")
        yaml = root / "book.yaml"
        yaml.write_text(
            yaml.read_text()
            .replace("Test Book", "The Lighthouse Keeper's Long Letter to the Harbour Master")
            .replace("author: Test Author", "author: [Nell Ashdown, Tom Ferris]")
        )
        path = make_cover(book_of(root, paper="cream"), 300, tmp_path, "long.pdf")
        left = (BLEED + TRIM[0]) * 72
        right = left + 300 * KDP_PER_PAGE["cream"] * 72
        names = ("Master", "Nell", "Ferris", "Merrow", "Press")
        spine = [w for w in words(path) if w[0] in names and left <= w[1] and w[3] <= right]
        assert [w[0] for w in sorted(spine, key=lambda w: w[2])] == [
            "Master", "Nell", "Ferris", "Merrow", "Press"
        ]  # fmt: skip
        master, nell = sorted(spine, key=lambda w: w[2])[:2]
        assert nell[2] - master[4] > 12  # a gap of more than 12 pt between title and author
        assert all(w[2] > BLEED * 72 and w[4] < (BLEED + TRIM[1]) * 72 for w in spine)

    def test_threshold_and_too_thin_for_type(self, sample: Path, tmp_path: Path) -> None:
        """78 pages: no spine text, silently. 79 pages on white paper: KDP allows text, but
        its margins leave room for type under 5 pt, so the spine stays blank, with P204."""
        book = book_of(sample)
        with pytest.warns(BookWarning) as caught:
            thin = make_cover(book, 79, tmp_path, "79.pdf")
        assert [w.message.code for w in caught.list] == ["P204"]  # type: ignore[union-attr]
        assert spine_words(thin, 79 * KDP_PER_PAGE["white"]) == []
        with warnings_as_errors():
            below = make_cover(book, 78, tmp_path, "78.pdf")
        assert spine_words(below, 78 * KDP_PER_PAGE["white"]) == []


class TestLook:
    def test_fonts_embedded(self, covers: dict[tuple[int, str], Path]) -> None:
        """Every font of every cover is embedded (has a FontFile, FontFile2 or FontFile3)."""
        for path in covers.values():
            for name, embedded in fonts(path):
                assert embedded, f"{path.name}: {name} is not embedded"

    def test_front_picture_covers_panel_and_bleed(
        self, covers: dict[tuple[int, str], Path]
    ) -> None:
        """The cover picture (1600 px wide) is scaled to the front panel and its bleed."""
        tool = require_tool("pdfimages", "poppler-utils")
        listed = subprocess.run(
            [tool, "-list", str(covers[100, "white"])], capture_output=True, check=True, text=True
        ).stdout.splitlines()[2:]
        (row,) = listed
        width_px, x_ppi = int(row.split()[3]), int(row.split()[12])
        assert width_px / x_ppi == pytest.approx(TRIM[0] + BLEED, abs=0.01)

    def test_barcode_area_is_clear_white(
        self, covers: dict[tuple[int, str], Path], tmp_path: Path
    ) -> None:
        """A white 2 × 1.2 in box 0.25 in from the spine fold and the bottom trim; the back's
        colour just outside it."""
        image = render(covers[424, "cream"], tmp_path, dpi=50)
        right = (BLEED + TRIM[0] - 0.25) * 50  # the box's right edge, in pixels
        bottom = (BLEED + TRIM[1] - 0.25) * 50
        inside = [(right - 5, bottom - 5), (right - 95, bottom - 55), (right - 50, bottom - 30)]
        assert all(image.getpixel((round(x), round(y))) == (255, 255, 255) for x, y in inside)
        outside = [(right + 4, bottom - 30), (right - 50, bottom + 4), (right - 104, bottom - 30)]
        assert all(image.getpixel((round(x), round(y))) != (255, 255, 255) for x, y in outside)

    def test_same_bytes_from_another_folder(
        self, covers: dict[tuple[int, str], Path], tmp_path: Path
    ) -> None:
        """The same book, copied elsewhere, gives the same cover, byte for byte."""
        other = copy_sample(tmp_path / "elsewhere")
        again = make_cover(book_of(other), 424, tmp_path, "again.pdf")
        assert again.read_bytes() == covers[424, "white"].read_bytes()

    def test_plain_front_without_a_picture(
        self, make_book: Callable[..., Path], tmp_path: Path
    ) -> None:
        """No cover picture: the front sets the title and author in the book's type."""
        root = make_book("description: A *short* tale, [told here](https://example.org).\n")
        path = make_cover(book_of(root), 200, tmp_path, "plain.pdf")
        front_left = (BLEED + TRIM[0]) * 72 + 200 * KDP_PER_PAGE["white"] * 72
        front = {w for w, x0, _, _, _ in words(path) if x0 > front_left}
        assert {"Test", "Book", "Author"} <= front
        assert all(embedded for _, embedded in fonts(path))
        with pikepdf.open(path) as pdf:  # a print file: no bookmarks, no links
            assert "/Outlines" not in pdf.Root
            assert all("/Annots" not in page.obj for page in pdf.pages)


class TestOwnPreflight:
    def test_own_covers_are_clean_but_for_the_picture(
        self, covers: dict[tuple[int, str], Path], sample: Path
    ) -> None:
        """The builder's own covers have no text in a safe zone or too near a fold; the
        sample's picture (1600 px, made for ebook stores) is too coarse for print."""
        for key in MATRIX:
            found = codes(covers[key], sample)
            assert set(found) == {"P201"}, (key, found)
        assert "261 ppi" in found["P201"]


def fonts(pdf: Path) -> Iterator[tuple[str, bool]]:
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = described.get("/FontDescriptor", {})
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                yield str(font.BaseFont).split("+")[-1], embedded


def render(pdf: Path, folder: Path, dpi: int) -> object:
    from PIL import Image

    tool = require_tool("pdftoppm", "poppler-utils")
    stem = folder / pdf.stem
    subprocess.run([tool, "-r", str(dpi), "-png", "-singlefile", str(pdf), str(stem)], check=True)
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("RGB")


class warnings_as_errors:
    """No BookWarning may be given inside."""

    def __enter__(self) -> None:
        import warnings

        self.context = warnings.catch_warnings()
        self.context.__enter__()
        warnings.simplefilter("error", BookWarning)

    def __exit__(self, *exc: object) -> None:
        self.context.__exit__(*exc)


def codes(pdf: Path, root: Path) -> dict[str, str]:
    """The cover preflight's findings on PDF for the book in ROOT: code -> message."""
    return {f.code: f.message for f in cover_check.preflight(pdf, pipeline.load_config(root))}
