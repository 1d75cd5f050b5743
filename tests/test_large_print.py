"""A large-print edition (`print: {edition: large-print}`), read back from the built PDF."""

from __future__ import annotations

import itertools
import statistics
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from builder import pipeline
from builder.print_settings import gutter_in
from builder.render.pdf.style import GUTTER_EXTRA_IN, OUTSIDE_IN
from tests.conftest import require_tool
from tests.pdf_runs import lines, runs
from tests.test_drop_cap import pride_and_prejudice

# Eighteen chapters: about 110 pages in the standard edition (the first step of KDP's
# gutter table, up to 150) and over 150 in large print, whose gutter is the next step's.
CHAPTERS = 18


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    names = tuple(f"{n:02d}.md" for n in range(1, CHAPTERS + 1))
    folder = tmp_path_factory.mktemp("large") / "pp"
    root = pride_and_prejudice(folder, "print:\n  edition: large-print\n", names)
    (pdf,) = pipeline.build(root, ("pdf",))
    return pdf


@pytest.fixture(scope="module")
def standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = pride_and_prejudice(tmp_path_factory.mktemp("standard") / "pp", "")
    (pdf,) = pipeline.build(root, ("pdf",))
    return pdf


def body_pages(pdf: pikepdf.Pdf) -> list[pikepdf.Page]:
    """Pages of running text: after the opening pages, with a running head."""
    return [page for page in pdf.pages[12:-2] if len(runs(page)) > 20]


def flush_right_share(pdf: Path) -> float:
    """The share of lines that end within a point of the text block's right edge."""
    pdftotext = require_tool("pdftotext", "poppler-utils")
    page_range = ["-f", "12", "-l", "16"]
    done = subprocess.run(
        [pdftotext, *page_range, "-bbox-layout", str(pdf), "-"],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True))
    ends = [
        float(line.get("xMax", 0))
        for line in root.iter("{http://www.w3.org/1999/xhtml}line", "line")
        if len(list(line)) > 3  # a line of a few words is no test of justification
    ]
    right = max(ends)
    return sum(1 for end in ends if end > right - 1) / len(ends)


class TestLargePrint:
    def test_text_is_sixteen_points_on_lines_one_and_a_half_apart(self, large: Path) -> None:
        with pikepdf.open(large) as pdf:
            pages = body_pages(pdf)
            sizes = [run.size for page in pages for run in runs(page)]
            body = statistics.mode(round(size, 1) for size in sizes)
            assert body >= 16
            assert min(sizes) >= 13.99  # the running heads; nothing smaller
            gaps = []
            for page in pages:
                baselines = [baseline for baseline, _ in lines(runs(page), body)]
                gaps += [a - b for a, b in itertools.pairwise(baselines)]
            assert statistics.median(gaps) >= 1.5 * body - 0.1

    def test_ragged_right_not_justified(self, large: Path, standard: Path) -> None:
        """Most lines of the standard edition end flush at the margin; few of large print's."""
        assert flush_right_share(standard) > 0.4  # the rest end paragraphs
        assert flush_right_share(large) < 0.1

    def test_no_italic(self, large: Path) -> None:
        """Chapter 1's italic *You* and every other emphasis are set in bold instead."""
        fonts = set()
        with pikepdf.open(large) as pdf:
            for page in pdf.pages:
                fonts.update(run.font for run in runs(page))
        assert not [font for font in fonts if "Italic" in font]
        assert any("Bold" in font for font in fonts)

    def test_gutter_follows_its_own_page_count(self, large: Path) -> None:
        """The inside margin is KDP's for the large-print page count (over 150 pages here,
        so wider than the standard edition's): text starts that much further from the left
        edge on a right page than on a left one, whose left margin is the outside one."""
        with pikepdf.open(large) as pdf:
            count = len(pdf.pages)
            starts: dict[int, list[float]] = {0: [], 1: []}
            for index in range(12, count - 2):
                found = runs(pdf.pages[index])
                if found:
                    starts[index % 2].append(min(run.x for run in found))
        assert count > 150
        assert gutter_in(count) > gutter_in(150)
        inside = (gutter_in(count) + GUTTER_EXTRA_IN) * 72
        right_page, left_page = min(starts[0]), min(starts[1])  # page 1 is index 0
        assert right_page - left_page == pytest.approx(inside - OUTSIDE_IN * 72, abs=0.2)
