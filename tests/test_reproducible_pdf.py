"""The same book gives the same PDF bytes: in any folder, at any time, with either subsetter."""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from builder import pipeline
from tests.conftest import copy_sample

FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"


def build_pdf(root: Path) -> bytes:
    shutil.rmtree(root / "dist", ignore_errors=True)  # the layout cache too
    (written,) = pipeline.build(root, ("pdf",))
    return written.read_bytes()


def pictures(data: bytes) -> int:
    """How many pictures the PDF holds: the test is about them."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return sum(
            1
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        )


def _metadata(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return bytes(pdf.Root.Metadata.read_bytes())


@pytest.fixture
def fonttools_subsets(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Callable[[], None]:
    """WeasyPrint's own fallback: fontTools subsets the fonts, as where HarfBuzz's subsetter
    (libharfbuzz-subset0) is not installed. The layout workers are forked, so they inherit
    it. Returns a check that the fallback was taken."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)

    def taken() -> None:
        # Written by WeasyPrint when it writes the stamps' sheet, in this process.
        assert "Using fontTools instead of HarfBuzz-Subset" in caplog.text

    caplog.set_level(logging.WARNING, logger="weasyprint")
    return taken


class TestSameBytes:
    def test_two_folders_and_twice(self, tmp_path: Path) -> None:
        """The sample book, pictures and all, built in two folders and twice: one PDF."""
        first = build_pdf(copy_sample(tmp_path / "one" / "book"))
        elsewhere = copy_sample(tmp_path / "somewhere" / "else" / "out-of-sorts")
        second = build_pdf(elsewhere)
        assert pictures(first) > 0
        assert second == first
        assert build_pdf(elsewhere) == first

    def test_pdf_x4_two_folders(self, tmp_path: Path) -> None:
        """A PDF/X-4 (WeasyPrint's one-document writer, which gives it an XMP DocumentID)
        built in two folders: one PDF."""
        roots = [copy_sample(tmp_path / name / "book") for name in ("one", "two")]
        for root in roots:
            with (root / "book.yaml").open("a") as yaml:
                yaml.write("print:\n  variant: pdf/x-4\n")
        first, second = (build_pdf(root) for root in roots)
        assert b"GTS_PDFXVersion" in _metadata(first)
        assert second == first

    def test_fonttools_subsetting(
        self, tmp_path: Path, fonttools_subsets: Callable[[], None]
    ) -> None:
        """With fontTools subsetting the fonts, two builds (seconds apart) give one PDF."""
        root = copy_sample(tmp_path / "book")
        first = build_pdf(root)
        assert build_pdf(root) == first
        fonttools_subsets()

    def test_author_woff_font(self, make_book: Callable[..., Path]) -> None:
        """A WOFF font in the author's stylesheet (fontTools decodes it) does not date the PDF."""
        from fontTools.ttLib import TTFont

        font = TTFont(next(FONTS.glob("*.otf")))
        font.flavor = "woff"
        root = make_book("styles: [styles/my.css]\n")
        (root / "styles").mkdir()
        font.save(root / "styles" / "face.woff")
        (root / "styles" / "my.css").write_text(
            "@font-face { font-family: Face; src: url(styles/face.woff); }\n"
            "p { font-family: Face; }\n"
        )
        first = build_pdf(root)
        assert build_pdf(root) == first
