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
    def test_current_pdf_only(self, write_book: Callable[..., Path]) -> None:
        """`book check` preflights dist/'s PDF when it matches the source, not a stale one."""
        root = write_book()
        assert runner.check(root, epubcheck=False, pdf="current").pdf.startswith("not run")
        pipeline.build(root, ("pdf",))
        assert runner.check(root, epubcheck=False, pdf="current").pdf == "no problems"
        (root / "manuscript" / "01.md").write_text("# One\n\nChanged.\n")
        assert runner.check(root, epubcheck=False, pdf="current").pdf.startswith("not run")

    def test_build_for_the_check(self, write_book: Callable[..., Path]) -> None:
        """--pdf lays the book out for the check itself and reports what it finds."""
        root = write_book("", {"manuscript/01.md": "# One\n\nA star: ★ and a knight ♞.\n"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BookWarning)
            report = runner.check(root, epubcheck=False, pdf="build")
        assert report.pdf == "1 problem(s)"
        assert [f.code for f in report.findings if f.code.startswith("P")] == ["P103"]
