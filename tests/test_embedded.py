"""Word and EPUB files built directly from manuscript/: their chapters, their own pictures
(kept in dist/.cache/pictures, never in the author's folders) and a warning for what the book
cannot carry."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from builder import pipeline
from builder.errors import BookWarning
from tests.conftest import assert_epubcheck_clean, unzip

FIXTURES = Path(__file__).parent / "fixtures"
BOOK_YAML = "title: From Elsewhere\nauthor: Test Author\nlanguage: en\n"


def _book(tmp_path: Path, *files: tuple[str, Path]) -> Path:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    for name, source in files:
        shutil.copyfile(source, tmp_path / "manuscript" / name)
    return tmp_path


def _build(root: Path) -> tuple[Path, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BookWarning)
        (epub,) = pipeline.build(root, ("epub",))
    return epub, [str(w.message) for w in caught if isinstance(w.message, BookWarning)]


def test_a_word_files_pictures_come_into_the_epub(tmp_path: Path) -> None:
    root = _book(tmp_path, ("01-pictures.docx", FIXTURES / "docs" / "word-pictures.docx"))
    epub, _ = _build(root)
    assert_epubcheck_clean(epub)
    files = unzip(epub)
    pictures = [name for name in files if name.startswith("EPUB/media/")]
    assert pictures, sorted(files)
    stored = sorted(p.name for p in (root / "dist/.cache/pictures").iterdir())
    assert stored and all(name.endswith((".png", ".jpg", ".gif")) for name in stored)
    # The author's folders get nothing: the pictures are output.
    assert sorted(p.name for p in (root / "manuscript").iterdir()) == ["01-pictures.docx"]
    assert not (root / "images").exists()


def test_an_ao3_epub_builds_as_its_chapters(tmp_path: Path) -> None:
    work = FIXTURES / "ao3" / "The_Lighthouse_Ledger.epub"
    root = _book(tmp_path, ("01-work.epub", work))
    book = pipeline.read_book(root)
    titles = [chapter.title_text for chapter in book.chapters()]
    assert len(titles) == 3 and titles[0] != titles[1]
    epub, _ = _build(root)
    assert_epubcheck_clean(epub)


def test_comments_left_out_are_a_warning(tmp_path: Path) -> None:
    root = _book(tmp_path, ("01-notes.docx", FIXTURES / "docs" / "word-comments.docx"))
    epub, said = _build(root)
    assert_epubcheck_clean(epub)
    assert any("[F009]" in line and "comment" in line for line in said), said
    assert all(line.startswith("manuscript/01-notes.docx") for line in said if "F009" in line)


def test_an_odt_builds_as_its_chapters_with_its_picture(tmp_path: Path) -> None:
    odt = FIXTURES / "docs" / "libreoffice-lamp-keeper.odt"
    root = _book(tmp_path, ("01-lamp.odt", odt))
    book = pipeline.read_book(root)
    assert [c.title_text for c in book.chapters()] == ["The Letter", "The Lamp", "Chapter 3"]
    epub, said = _build(root)
    assert_epubcheck_clean(epub)
    assert [name for name in unzip(epub) if name.startswith("EPUB/media/")]
    assert not said
