"""The full-wrap print cover (`book build --format cover`): its size from the interior's page
count and the service's published spine formula, its spine text, its fonts, its preflight
(P201-P203) on planted faults, its book.yaml keys, and `book check` on a real interior.

Most covers are made from synthetic interiors (pikepdf PDFs of N blank pages: only the
page count matters to a cover); one from the sample book's real interior, through the CLI.
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
from typer.testing import CliRunner

from builder import pipeline
from builder.checks import cover as cover_check
from builder.checks import runner
from builder.cli import app
from builder.config import BookConfig
from builder.errors import BookError, BookWarning
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

cli = CliRunner()


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


def picture(path: Path, width: int, height: int) -> None:
    """A PNG of WIDTH × HEIGHT pixels: a dark field, lighter towards the foot."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.save(path)


class TestPreflight:
    def test_own_covers_are_clean_but_for_the_picture(
        self, covers: dict[tuple[int, str], Path], sample: Path
    ) -> None:
        """The builder's own covers have no text in a safe zone or too near a fold; the
        sample's picture (1600 px, made for ebook stores) is too coarse for print."""
        for key in MATRIX:
            found = codes(covers[key], sample)
            assert set(found) == {"P201"}, (key, found)
        assert "261 ppi" in found["P201"]

    def test_fine_picture_passes(self, make_book: Callable[..., Path], tmp_path: Path) -> None:
        """A front picture of 300 ppi and more over the panel and its bleed: no P201."""
        root = make_book("print: {cover-front: images/front.png}\n")
        (root / "images").mkdir()
        picture(root / "images" / "front.png", 1900, 2900)
        path = make_cover(book_of(root), 300, tmp_path, "fine.pdf")
        assert codes(path, root) == {}

    @pytest.mark.parametrize(
        ("pages", "css", "code", "words_in_message"),
        [
            (200, ".cover-back .back-text { left: 0.15in; }", "P202", "from the trim"),
            (200, ".cover-back .back-text { top: 7.9in; }", "P202", "barcode"),
            (100, ".cover-spine .spine-text { font-size: 14pt; }", "P203", "from a fold"),
            (24, '.cover-spine::after { content: "|"; font-size: 3pt; }', "P203", "24-page"),
        ],
    )
    def test_planted_faults(
        self,
        make_book: Callable[..., Path],
        tmp_path: Path,
        pages: int,
        css: str,
        code: str,
        words_in_message: str,
    ) -> None:
        """An author's stylesheet moves text into the safe zone or the barcode's area, or
        sets spine text too large for the spine, or puts text on a spine too thin for any."""
        text = "description: A *short* tale of a printer who ran out of the letter e.\n"
        root = make_book(text + "styles: [fault.css]\n")
        (root / "fault.css").write_text(css)
        path = make_cover(book_of(root), pages, tmp_path, "fault.pdf")
        found = codes(path, root)
        assert code in found and words_in_message in found[code], found
        clean = make_book(text)
        (clean / "fault.css").unlink(missing_ok=True)
        assert codes(make_cover(book_of(clean), pages, tmp_path, "clean.pdf"), clean) == {}


class TestSettings:
    @pytest.mark.parametrize(
        ("yaml", "code", "line"),
        [
            ("print:\n  paper: glossy\n", "Y006", 5),
            ("print:\n  service: createspace\n", "Y006", 5),
            ("print:\n  cover-front: images/none.png\n", "F001", 5),
            ("print:\n  author-photo: ../me.jpg\n", "F002", 5),
            ("print:\n  back-cover: ''\n", "Y006", 5),
        ],
    )
    def test_bad_values(
        self, make_book: Callable[..., Path], yaml: str, code: str, line: int
    ) -> None:
        root = make_book(yaml)
        with pytest.raises(BookError) as raised:
            pipeline.load_config(root)
        assert (raised.value.code, raised.value.location.line) == (code, line)

    def test_values(self, make_book: Callable[..., Path]) -> None:
        root = make_book(
            "print:\n  paper: cream\n  service: lulu\n  back-cover: |\n    Two *lines*.\n",
            {"manuscript/01.md": "# One\n\nText.\n", "images/me.jpg": b"\xff\xd8\xff"},
        )
        (root / "book.yaml").write_text(
            (root / "book.yaml").read_text() + "  author-photo: images/me.jpg\n"
        )
        settings = pipeline.load_config(root).print
        assert (settings.cover.paper, settings.cover.service) == ("cream", "lulu")
        assert settings.cover.back_text == "Two *lines*."
        assert settings.cover.author_photo == "images/me.jpg"
        # The interior's layout cache keys on the settings' repr: the cover stays out of it.
        assert "lines" not in repr(settings)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample book, checked once before any cover exists (which lays out its PDF)."""
    root = copy_sample(tmp_path_factory.mktemp("real") / "sample")
    report = runner.check(root, epubcheck=False, pdf=True)
    assert not [f for f in report.findings if f.code.startswith("P2")]
    return root


class TestCommand:
    def test_cover_from_the_real_interior(self, real: Path) -> None:
        """`book build --format cover` sizes the cover from dist/'s PDF, which is current and
        so not laid out again; `book check` then preflights the cover too."""
        result = cli.invoke(app, ["build", str(real), "--format", "cover"])
        assert result.exit_code == 0, result.output
        assert result.output.split() == [str(real / "dist" / "out-of-sorts-cover.pdf")]
        with pikepdf.open(real / "dist" / "out-of-sorts.pdf") as interior:
            pages = len(interior.pages)
        with pikepdf.open(real / "dist" / "out-of-sorts-cover.pdf") as made:
            width = float(made.pages[0].mediabox[2] - made.pages[0].mediabox[0]) / 72
        spine = pages * KDP_PER_PAGE["white"]
        assert width == pytest.approx(2 * TRIM[0] + spine + 0.25, abs=0.001)
        report = runner.check(real, epubcheck=False, pdf=True)
        assert [f.code for f in report.findings if f.code.startswith("P2")] == ["P201"]

    def test_check_builds_a_stale_cover_again(self, real: Path) -> None:
        """A new back-cover text makes dist/'s cover stale: `book check` builds it again."""
        cli.invoke(app, ["build", str(real), "--format", "cover"])
        yaml = real / "book.yaml"
        yaml.write_text(yaml.read_text() + "print:\n  back-cover: Fresh words for the back.\n")
        runner.check(real, epubcheck=False, pdf=True)
        made = {w for w, *_ in words(real / "dist" / "out-of-sorts-cover.pdf")}
        assert {"Fresh", "words"} <= made

    def test_lays_out_a_missing_or_screen_pdf_first(self, make_book: Callable[..., Path]) -> None:
        """No PDF yet, or one laid out for screens: the print PDF is laid out first, and
        both paths are printed."""
        root = make_book()
        dist = root / "dist"
        expected = [str(dist / "test-book.pdf"), str(dist / "test-book-cover.pdf")]
        result = cli.invoke(app, ["build", str(root), "--format", "cover"])
        assert result.output.split() == expected
        cli.invoke(app, ["build", str(root), "--format", "pdf", "--target", "digital"])
        result = cli.invoke(app, ["build", str(root), "--format", "cover"])
        assert result.output.split() == expected
        assert pipeline.laid_out_for(pipeline.load_config(root)) == "print"

    def test_all_builds_no_cover(self, make_book: Callable[..., Path]) -> None:
        """`book build` (all) writes the EPUB and the PDF only: a cover is asked for."""
        root = make_book()
        assert cli.invoke(app, ["build", str(root)]).exit_code == 0
        built = sorted(p.name for p in (root / "dist").iterdir() if p.is_file())
        assert built == ["test-book.epub", "test-book.pdf"]

    def test_no_cover_for_a_screen_pdf(self, make_book: Callable[..., Path]) -> None:
        """A cover goes with the print layout: one line, exit 1, nothing written."""
        root = make_book("print: {target: digital}\n")
        result = cli.invoke(app, ["build", str(root), "--format", "cover"])
        assert result.exit_code == 1
        assert result.output.startswith("book.yaml:4: error[Y006]: a print cover")
        assert not (root / "dist").exists()
