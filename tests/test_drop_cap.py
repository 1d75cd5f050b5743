"""Drop caps done right: the first letter floated, never split from its word, spanning
exactly three lines in the PDF, on a baseline, clear of the text (Pride and Prejudice)."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from builder import pipeline
from builder.render import styles
from tests.conftest import corpus_book, unzip
from tests.pdf_runs import Run, lines, runs

CHAPTERS = ("01.md", "02.md", "03.md")
BODY_PT = 11.5
LINES = 3
CAP_HEIGHT = 0.65  # of the size, in EB Garamond
XHTML = "{http://www.w3.org/1999/xhtml}"


def pride_and_prejudice(target: Path, extra: str, chapters: tuple[str, ...] = CHAPTERS) -> Path:
    """The novel's first CHAPTERS, with EXTRA added to its book.yaml."""
    source = corpus_book("pride-and-prejudice")
    target.mkdir(parents=True)
    text = (source / "book.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("cover:")]
    (target / "book.yaml").write_text("\n".join(kept) + "\n" + extra, encoding="utf-8")
    (target / "manuscript").mkdir()
    for name in chapters:
        shutil.copy(source / "manuscript" / name, target / "manuscript" / name)
    return target


@pytest.fixture(scope="session")
def dropped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The PDF and the EPUB of the first chapters with `print: {opening: drop-cap}`."""
    root = pride_and_prejudice(
        tmp_path_factory.mktemp("drop") / "pp", "print:\n  opening: drop-cap\n"
    )
    epub, pdf = pipeline.build(root)
    return pdf, epub


@cache
def advance(letter: str) -> float:
    """The width of LETTER in EB Garamond, as a fraction of the size."""
    from fontTools.ttLib import TTFont

    font = TTFont(styles.house_folder() / "fonts" / "EBGaramond12-Regular.otf")
    glyph = font.getBestCmap()[ord(letter)]
    return float(font["hmtx"][glyph][0]) / float(font["head"].unitsPerEm)


def first_letters() -> list[str]:
    """The first letter of each chapter's first paragraph, from the manuscript."""
    letters = []
    for name in CHAPTERS:
        text = (corpus_book("pride-and-prejudice") / "manuscript" / name).read_text()
        paragraph = next(p for p in text.split("\n\n") if p.strip() and not p.startswith("#"))
        letters.append(next(char for char in paragraph if char.isalpha()))
    return letters


def openings(pdf: Path) -> list[tuple[Run, list[tuple[float, float]]]]:
    """Each page with a drop cap: the cap's run and the page's lines of body text."""
    found = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            page_runs = runs(page)
            cap = max(page_runs, key=lambda run: run.size, default=None)
            if cap is not None and cap.size > 4 * BODY_PT:
                body = [
                    line for line in lines(page_runs, BODY_PT) if line[0] < cap.baseline + cap.size
                ]
                found.append((cap, body))
    return found


class TestDropCapInThePdf:
    def test_every_chapter_opens_with_one(self, dropped: tuple[Path, Path]) -> None:
        assert len(openings(dropped[0])) == len(CHAPTERS)

    def test_spans_exactly_three_lines_on_a_baseline(self, dropped: tuple[Path, Path]) -> None:
        """The cap's baseline is the third line's; its top is the first line's capitals'."""
        for cap, body in openings(dropped[0]):
            baselines = [baseline for baseline, _ in body]
            assert cap.baseline == pytest.approx(baselines[LINES - 1], abs=0.5)
            top = cap.baseline + CAP_HEIGHT * cap.size
            assert top == pytest.approx(baselines[0] + CAP_HEIGHT * BODY_PT, abs=1.0)

    def test_text_clear_of_the_cap_and_full_width_after(self, dropped: tuple[Path, Path]) -> None:
        """Lines one to three start right of the cap's letter (the first line too, which
        WeasyPrint alone sets over it); the fourth starts at the margin again."""
        for (cap, body), letter in zip(openings(dropped[0]), first_letters(), strict=True):
            right = cap.x + advance(letter) * cap.size
            for _, left in body[:LINES]:
                assert left > right + 1, (letter, body[:LINES], right)
            assert body[LINES][1] == pytest.approx(cap.x, abs=0.5)


class TestDropCapInTheEpub:
    def test_first_paragraph_unchanged(self, dropped: tuple[Path, Path], tmp_path: Path) -> None:
        """The first paragraph's text and markup are the same with and without a drop cap
        (print's, or a theme's ::first-letter): the word is never split for the cap."""
        css = "section.chapter > p.noindent:first-of-type::first-letter { float: left; }\n"
        themed = pride_and_prejudice(tmp_path / "themed", "theme: design\n")
        (themed / "design").mkdir()
        (themed / "design" / "theme.css").write_text(css)
        plain = pride_and_prejudice(tmp_path / "plain", "")
        paragraphs = []
        for epub in (dropped[1], *(pipeline.build(r, ("epub",))[0] for r in (themed, plain))):
            chapter = etree.fromstring(unzip(epub)["EPUB/text/chapter-001.xhtml"])
            paragraphs.append(next(chapter.iter(f"{XHTML}p")))
        texts = {"".join(p.itertext()) for p in paragraphs}
        assert len(texts) == 1
        (text,) = texts
        assert text.startswith("It is a truth universally acknowledged")
        assert len({etree.tostring(p) for p in paragraphs}) == 1
