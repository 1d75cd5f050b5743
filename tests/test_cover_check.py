"""The cover's preflight (P201-P203) on planted faults, its book.yaml keys, and the cover
through the command line and `book check` on the sample book's real interior (the
helpers that make covers from synthetic interiors are test_cover.py's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from builder import built, pipeline
from builder.checks import runner
from builder.cli import app
from builder.errors import BookError
from tests.conftest import copy_sample
from tests.test_cover import KDP_PER_PAGE, TRIM, book_of, codes, fonts, make_cover, words

cli = CliRunner()


def picture(path: Path, width: int, height: int) -> None:
    """A PNG of WIDTH × HEIGHT pixels: a dark field, lighter towards the foot."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.save(path)


class TestPreflight:
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
        # Set in the interior's type, taken from the same stylesheets, every font embedded.
        cover_fonts = dict(fonts(real / "dist" / "out-of-sorts-cover.pdf"))
        assert all(cover_fonts.values())
        assert set(cover_fonts) <= dict(fonts(real / "dist" / "out-of-sorts.pdf")).keys()
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
        assert built.laid_out_for(pipeline.load_config(root)) == "print"

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
