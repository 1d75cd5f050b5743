"""The print preflight: the PDF read back for what print services reject."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from builder import config, pipeline
from builder.checks import preflight, runner
from builder.errors import BookWarning


def preflight_codes(root: Path, target: str | None = None) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BookWarning)
        (pdf,) = pipeline.build(root, ("pdf",), target)
    return [finding.code for finding in preflight.preflight(pdf, config.load(root))]


class TestPreflight:
    def test_clean_book(self, write_book: Callable[..., Path]) -> None:
        """The builder's own PDF of a plain book passes."""
        assert preflight_codes(write_book()) == []

    def test_trim_size(self, write_book: Callable[..., Path]) -> None:
        """A stylesheet that changes the page size is caught (P101)."""
        root = write_book(
            "styles: [styles/page.css]\n",
            {"manuscript/01.md": "# One\n\nText.\n",
             "styles/page.css": "@page { size: 5in 8in !important; }\n"},
        )  # fmt: skip
        assert "P101" in preflight_codes(root)

    def test_margins(self, write_book: Callable[..., Path]) -> None:
        """Text pushed into the gutter or to the edge is an error (P104)."""
        css = "@page { margin-left: 0.1in !important; margin-right: 0.1in !important; }\n"
        root = write_book(
            "styles: [styles/page.css]\n",
            {"manuscript/01.md": "# One\n\n" + "Words and words. " * 400 + "\n",
             "styles/page.css": css},
        )  # fmt: skip
        assert "P104" in preflight_codes(root)

    def test_low_resolution_image(self, write_book: Callable[..., Path]) -> None:
        """A small picture stretched over the text width prints below 300 dpi (P105)."""
        root = write_book("", {"manuscript/01.md": "# One\n\n![A grey box](../images/box.png)\n"})
        (root / "images").mkdir()
        Image.new("RGB", (300, 200), (128, 128, 128)).save(root / "images" / "box.png")
        assert "P105" in preflight_codes(root)

    def test_fallback_font(self, write_book: Callable[..., Path]) -> None:
        """Characters outside the book typeface bring in another font (P103)."""
        root = write_book("", {"manuscript/01.md": "# One\n\nA star: ★ and a knight ♞.\n"})
        assert "P103" in preflight_codes(root)

    def test_screen_pdf_checked_for_print(self, write_book: Callable[..., Path]) -> None:
        """Bookmarks and links have no place in a file for the printer (P106)."""
        root = write_book(
            "", {"manuscript/01.md": "# One\n\nText.\n", "manuscript/02.md": "# Two\n\nMore.\n"}
        )
        assert "P106" in preflight_codes(root, target="digital")


class TestInCheck:
    def test_current_pdf_is_checked_as_built(self, write_book: Callable[..., Path]) -> None:
        """`book check` preflights dist/'s PDF as built when it matches the source."""
        root = write_book()
        (pdf,) = pipeline.build(root, ("pdf",))
        built = pdf.stat().st_mtime_ns
        assert runner.check(root, epubcheck=False, pdf=True).pdf == "no problems"
        assert pdf.stat().st_mtime_ns == built

    def test_stale_pdf_is_built_again(self, write_book: Callable[..., Path]) -> None:
        """A PDF built from another source is laid out again before the preflight."""
        root = write_book()
        pipeline.build(root, ("pdf",))
        (root / "manuscript" / "01.md").write_text("# One\n\nA star: ★ and a knight ♞.\n")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BookWarning)
            report = runner.check(root, epubcheck=False, pdf=True)
        assert [f.code for f in report.findings] == ["P103"]
        assert report.pdf == "1 problem(s)"

    def test_digital_pdf_checked_as_digital(self, write_book: Callable[..., Path]) -> None:
        """A PDF built with --target digital is checked as it is, for screens: its bookmarks
        and links are no print problem (P106), and it is not laid out again for print."""
        root = write_book(
            "", {"manuscript/01.md": "# One\n\nText.\n", "manuscript/02.md": "# Two\n\nMore.\n"}
        )
        (pdf,) = pipeline.build(root, ("pdf",), "digital")
        built = pdf.stat().st_mtime_ns
        assert runner.check(root, epubcheck=False, pdf=True).pdf == "no problems"
        assert pdf.stat().st_mtime_ns == built

    def test_build_for_the_check(self, write_book: Callable[..., Path]) -> None:
        """Without dist/, the check lays the book out into dist/ and reports what it finds."""
        root = write_book("", {"manuscript/01.md": "# One\n\nA star: ★ and a knight ♞.\n"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BookWarning)
            report = runner.check(root, epubcheck=False, pdf=True)
        assert report.pdf == "1 problem(s)"
        assert [f.code for f in report.findings if f.code.startswith("P")] == ["P103"]
        assert (root / "dist" / "clean-book.pdf").is_file()
