"""Each theme as a reader sees it: the sample book's chapter opening and the spread after
it, drawn from the PDF (pdftoppm) and from the EPUB (MuPDF), against reference pictures.

The pictures are small and grey (30 dpi) and compared by their mean difference, so that
a changed design fails and a different anti-aliasing does not. BOOK_REGENERATE=1 writes
them again (look at them before committing), and the pictures of docs/themes.md too.
A theme added to styles/themes/ is tested as soon as it is there, and fails until its
pictures are made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageStat

from builder import config, pipeline
from builder.checks import preflight
from builder.render import themes
from builder.render.pdf import contact_sheet
from tests.conftest import ROOT, copy_sample, require_tool

REFERENCES = Path(__file__).parent / "themes"
DOCS_PICTURES = ROOT / "docs" / "images" / "themes"
REGENERATE = os.environ.get("BOOK_REGENERATE") == "1"
DPI, DOCS_DPI = 30, 48
# Mean difference per pixel, of 255: a line of text moved or a new ornament is several.
TOLERANCE = 1.5
# MuPDF lays the EPUB out on pages of this size (points) and text size.
EPUB_PAGE = ("288", "432", "11")


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("pixels") / "sample")


@pytest.fixture(scope="session")
def laid_out(sample: Path) -> dict[str, bytes]:
    """Each theme's PDF of the sample book's first chapter (as `book themes --preview`)."""
    _, shown = contact_sheet.layouts(sample)
    return {item.name: item.pdf for item in shown}


def pdf_pages(pdf: bytes, folder: Path, dpi: int) -> Image.Image:
    """The body's pages 1 to 3 (the opening, then a spread), side by side, in grey."""
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    source = folder / "book.pdf"
    source.write_bytes(pdf)
    with pikepdf.open(source) as document:
        numbers = [
            i + 1 for i, page in enumerate(document.pages) if page.label in contact_sheet.PAGES
        ]
    pictures = []
    for number in numbers:
        out = folder / f"page-{number}"
        subprocess.run(
            [pdftoppm, "-r", str(dpi), "-gray", "-png", "-singlefile",
             "-f", str(number), "-l", str(number), str(source), str(out)],
            check=True, timeout=60,
        )  # fmt: skip
        pictures.append(Image.open(f"{out}.png").convert("L"))
    return side_by_side(pictures)


def epub_pages(root: Path, theme: str, folder: Path) -> Image.Image:
    """The first chapter's first three pages, as MuPDF lays out the EPUB's own files."""
    mutool = require_tool("mutool", "mupdf-tools")
    with (root / "book.yaml").open("a") as yaml:
        yaml.write(f"theme: {theme}\n")
    (epub,) = pipeline.build(root, ("epub",))
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(folder / "epub")
    chapter = folder / "epub" / "EPUB" / "text" / "chapter-001.xhtml"
    width, height, size = EPUB_PAGE
    pattern = str(folder / "epub-%d.png")
    subprocess.run(
        [mutool, "draw", "-q", "-r", str(DPI), "-c", "gray", "-W", width, "-H", height,
         "-S", size, "-o", pattern, str(chapter), "1-3"],
        check=True, timeout=60, capture_output=True,
    )  # fmt: skip
    return side_by_side([Image.open(folder / f"epub-{n}.png").convert("L") for n in (1, 2, 3)])


def side_by_side(pictures: list[Image.Image]) -> Image.Image:
    gap = 4
    width = sum(p.width for p in pictures) + gap * (len(pictures) - 1)
    out = Image.new("L", (width, max(p.height for p in pictures)), 160)
    left = 0
    for picture in pictures:
        out.paste(picture, (left, 0))
        left += picture.width + gap
    return out


def compare(found: Image.Image, reference: Path) -> None:
    if REGENERATE:
        reference.parent.mkdir(parents=True, exist_ok=True)
        found.save(reference, optimize=True)
    assert reference.is_file(), f"no reference picture {reference}: run with BOOK_REGENERATE=1"
    with Image.open(reference) as expected:
        assert found.size == expected.size, f"{reference.name}: the pages changed size"
        difference = ImageStat.Stat(ImageChops.difference(found, expected.convert("L"))).mean[0]
    assert difference <= TOLERANCE, f"{reference.name} differs by {difference:.2f} per pixel"


@pytest.mark.parametrize("theme", themes.builtin_names())
class TestThemePictures:
    def test_pdf_opening_and_spread(
        self, theme: str, laid_out: dict[str, bytes], tmp_path: Path
    ) -> None:
        pdf = laid_out[themes.builtin(theme).name]
        found = pdf_pages(pdf, tmp_path, DPI)
        assert ImageStat.Stat(found).extrema[0][0] < 100, "the pages are blank"
        compare(found, REFERENCES / f"{theme}-pdf.png")
        if REGENERATE:
            DOCS_PICTURES.mkdir(parents=True, exist_ok=True)
            pdf_pages(pdf, tmp_path, DOCS_DPI).save(DOCS_PICTURES / f"{theme}.png", optimize=True)

    def test_pdf_passes_the_preflight(
        self, theme: str, sample: Path, laid_out: dict[str, bytes], tmp_path: Path
    ) -> None:
        """Every font embedded and none other than the theme's (no fallback), margins, trim
        and ornaments as a print service wants them."""
        pdf = tmp_path / "book.pdf"
        pdf.write_bytes(laid_out[themes.builtin(theme).name])
        settings = replace(config.load(sample), theme=theme)
        assert preflight.preflight(pdf, settings) == []

    def test_epub_opening_pages(self, theme: str, tmp_path: Path) -> None:
        root = copy_sample(tmp_path / "sample")
        found = epub_pages(root, theme, tmp_path)
        assert ImageStat.Stat(found).extrema[0][0] < 100, "the pages are blank"
        compare(found, REFERENCES / f"{theme}-epub.png")


def test_a_changed_design_is_caught(laid_out: dict[str, bytes], tmp_path: Path) -> None:
    """The comparison sees a design change as small as a drop cap for the lead-in."""
    root = copy_sample(tmp_path / "sample")
    with (root / "book.yaml").open("a") as yaml:
        yaml.write("print:\n  opening: drop-cap\n")
    _, shown = contact_sheet.layouts(root, ["classic"])
    changed = pdf_pages(shown[0].pdf, tmp_path, DPI)
    reference = pdf_pages(laid_out["classic"], tmp_path, DPI)
    difference = ImageStat.Stat(ImageChops.difference(changed, reference)).mean[0]
    assert difference > TOLERANCE
    shutil.rmtree(root)
