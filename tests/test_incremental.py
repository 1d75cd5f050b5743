"""Rebuilds through the per-chapter cache (chapter_cache.py) and the PDF's piece cache give
the bytes of a cold build, and redo only what an edit touched."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from builder import pipeline
from builder.render.pdf import pieces
from tests.conftest import ROOT, copy_sample, unzip

FEATURES = ROOT / "tests" / "books" / "markdown-features"
# Another valid PNG than the book's own square: replacing a picture is an edit.
OTHER_PNG = (ROOT / "images" / "lighthouse.png").read_bytes()
FEATURES_PNG = (FEATURES / "images" / "square.png").read_bytes()

Edit = Callable[[Path], None]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuilt(root: Path) -> dict[str, list[str]]:
    """What the last build made afresh, as it reports it."""
    report: dict[str, list[str]] = json.loads((root / "dist/.cache/rebuilt.json").read_text())
    return report


def cold(root: Path, formats: tuple[str, ...], tmp_path: Path) -> dict[str, bytes]:
    """The outputs of a build of a copy of ROOT without dist/ (no cache)."""
    copy = tmp_path / "cold" / root.name
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("dist"))
    return {path.suffix: path.read_bytes() for path in pipeline.build(copy, formats)}


def assert_incremental_is_cold(
    root: Path, edits: list[tuple[str, Edit]], formats: tuple[str, ...], tmp_path: Path
) -> None:
    pipeline.build(root, formats)
    for what, edit in edits:
        edit(root)
        warm = {path.suffix: path.read_bytes() for path in pipeline.build(root, formats)}
        assert warm == cold(root, formats, tmp_path), f"after an edit to {what}"


def feature_edits() -> list[tuple[str, Edit]]:
    return [
        ("a chapter", lambda r: _append(r / "manuscript/ch2.md", '\nOne "more" line.\n')),
        ("book.yaml", lambda r: _replace(r / "book.yaml", "Features &", "Fixtures &")),
        ("book.yaml's typography", lambda r: _append(r / "book.yaml", "typography: false\n")),
        ("a stylesheet", lambda r: _append(r / "styles/custom.css", "p { color: #222; }\n")),
        ("an image", lambda r: (r / "images/square.png").write_bytes(OTHER_PNG)),
    ]


def test_epub_rebuilds_are_cold_builds(copy_book: Callable[[Path], Path], tmp_path: Path) -> None:
    assert_incremental_is_cold(copy_book(FEATURES), feature_edits(), ("epub",), tmp_path)


def test_sample_epub_rebuilds_are_cold_builds(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    chapter = sorted((root / "manuscript").glob("*.md"))[1]
    edits: list[tuple[str, Edit]] = [
        ("a chapter", lambda r: _append(chapter, "\nA last word -- or two.\n")),
        ("book.yaml", lambda r: _replace(r / "book.yaml", "Out of Sorts", "Sorted Out")),
        ("an image", lambda r: (r / "images/lighthouse.png").write_bytes(FEATURES_PNG)),
    ]
    assert_incremental_is_cold(root, edits, ("epub",), tmp_path)


def small_book(make_book: Callable[..., Path], chapters: int = 5) -> Path:
    files: dict[str, str | bytes] = {
        f"manuscript/{n:02d}.md": f'# Chapter {n}\n\nThe {n}th chapter\'s text, "quoted".\n'
        for n in range(1, chapters + 1)
    }
    files["manuscript/02.md"] += "\n![A square](../images/square.png)\n\nSee [the end](05.md).\n"
    files["images/square.png"] = FEATURES_PNG
    files["styles/book.css"] = "p { margin: 0; }\n"
    return make_book("styles: [styles/book.css]\n", files)


def test_one_chapter_edit_redoes_only_that_chapter(make_book: Callable[..., Path]) -> None:
    root = small_book(make_book)
    pipeline.build(root, ("epub",))
    assert rebuilt(root)["xhtml"] == [f"chapter-{n:03d}" for n in range(1, 6)]
    pipeline.build(root, ("epub",))
    assert rebuilt(root) == {"read": [], "transform": [], "xhtml": [], "laid_out": []}
    _replace(root / "manuscript/03.md", "text", "edited text")
    (epub,) = pipeline.build(root, ("epub",))
    assert rebuilt(root) == {
        "read": ["manuscript/03.md"],
        "transform": ["chapter-003"],
        "xhtml": ["chapter-003"],
        "laid_out": [],
    }
    assert b"edited text" in unzip(epub)["EPUB/text/chapter-003.xhtml"]


def test_renamed_target_renders_its_linking_chapter_again(make_book: Callable[..., Path]) -> None:
    """Chapter 2 links to chapter 5 and shows a picture: its document depends on the rest
    of the book through them, and is made again when they change, not otherwise."""
    root = small_book(make_book)
    pipeline.build(root, ("epub",))
    _append(root / "book.yaml", "cover: images/square.png\n")  # the picture's name changes
    (epub,) = pipeline.build(root, ("epub",))
    assert rebuilt(root)["xhtml"] == ["chapter-002"]
    assert b'src="../media/cover.png"' in unzip(epub)["EPUB/text/chapter-002.xhtml"]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pieces per batch, so that a small book has several."""
    monkeypatch.setattr(pieces, "BATCH_PIECES", 2)


@pytest.mark.usefixtures("small_batches")
def test_pdf_rebuilds_are_cold_builds(make_book: Callable[..., Path], tmp_path: Path) -> None:
    root = small_book(make_book)
    edits: list[tuple[str, Edit]] = [
        ("a chapter", lambda r: _append(r / "manuscript/04.md", "\nMore.\n" * 40)),
        ("book.yaml", lambda r: _append(r / "book.yaml", "description: Edited.\n")),
        ("a stylesheet", lambda r: _append(r / "styles/book.css", "p { color: #222; }\n")),
        ("an image", lambda r: (r / "images/square.png").write_bytes(OTHER_PNG)),
    ]
    assert_incremental_is_cold(root, edits, ("epub", "pdf"), tmp_path)


@pytest.mark.usefixtures("small_batches")
def test_pdf_lays_out_only_the_edited_batch(make_book: Callable[..., Path]) -> None:
    root = small_book(make_book)
    pipeline.build(root, ("pdf",))
    _replace(root / "manuscript/05.md", "text", "edited text")
    pipeline.build(root, ("pdf",))
    # Chapter 5 is alone in the third batch; the contents' page numbers did not move.
    assert rebuilt(root)["laid_out"] == ["chapter-005"]
