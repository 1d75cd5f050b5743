"""The long round trip: the 500,000-word novel written as ONE .docx by pandoc and read back.

The generated novel (benchmarks/generate.py) is read chapter by chapter from its Markdown,
and the same text, concatenated and turned into a .docx by pandoc, is read through the Word
reader and cut into chapters: both must give the same chapters, the same italic spans in the
same order, the same footnotes and the same scene breaks. Made once per session (pandoc
takes about 6 s, the Word reader about 5 s).
"""

from __future__ import annotations

import importlib.util
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pypandoc
import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.model import SCENE_BREAK, Element, Footnote, Node, plain_text
from builder.readers import markdown, split, word
from tests.conftest import ROOT


@dataclass(frozen=True)
class Chapter:
    """What must survive the trip, for one chapter: title, italics and notes, as text."""

    title: str
    italics: tuple[str, ...]  # the text of every em in the chapter's body, in order
    note_italics: tuple[str, ...]  # and in its notes
    notes: tuple[str, ...]
    scene_breaks: int


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(nodes: tuple[Node, ...]) -> str:
    return " ".join(plain_text(nodes).split())


def _italics(nodes: tuple[Node, ...]) -> list[str]:
    found: list[str] = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == "em":
                found.append(_text(node.children))
            found.extend(_italics(node.children))
    return found


def _chapter(title: str, blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> Chapter:
    note_blocks = tuple(block for note in notes for block in note.blocks)
    return Chapter(
        title,
        tuple(_italics(blocks)),
        tuple(_italics(note_blocks)),
        tuple(_text(note.blocks) for note in notes),
        sum(isinstance(block, Element) and block.tag == SCENE_BREAK for block in blocks),
    )


@dataclass(frozen=True)
class Novel:
    markdown: list[Chapter]  # read from the book folder, one file per chapter
    docx: Path
    docx_blocks: tuple[Node, ...]
    docx_notes: tuple[Footnote, ...]


@pytest.fixture(scope="session")
def novel(tmp_path_factory: pytest.TempPathFactory) -> Novel:
    root = tmp_path_factory.mktemp("roundtrip") / "novel"
    generate = _generator()
    generate.generate(root, words=500_000, chapters=320, parts=16, seed=1)
    chapters: list[Chapter] = []
    texts: list[str] = []
    for path in generate.chapter_files(root):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        blocks, notes = markdown.read(root, path.relative_to(root).as_posix(), text)
        heading, rest = blocks[0], blocks[1:]
        assert isinstance(heading, Element) and heading.tag == "h1"
        chapters.append(_chapter(_text(heading.children), rest, notes))
    source = root.parent / "novel.md"
    source.write_text("\n\n".join(texts), encoding="utf-8")
    docx = root.parent / "novel.docx"
    # -smart: pandoc would curl quotes and join dashes; the builder's reader leaves that to
    # its typography transform, so the text compared must stay as typed.
    command = [pypandoc.get_pandoc_path(), str(source), "-f", "markdown-smart", "-o", str(docx)]
    subprocess.run(command, check=True)
    blocks, notes = word.read(root, "novel.docx", docx.read_bytes())
    return Novel(chapters, docx, blocks, notes)


def test_whole_docx_keeps_every_heading_italic_span_and_footnote(novel: Novel) -> None:
    """Across the whole document, before it is cut: every chapter title as a Heading 1, and
    the same italics and notes, in order."""
    headings = [
        _text(block.children)
        for block in novel.docx_blocks
        if isinstance(block, Element) and block.tag == "h1"
    ]
    assert headings == [chapter.title for chapter in novel.markdown]
    assert len(headings) == 320
    whole = _chapter("", novel.docx_blocks, novel.docx_notes)
    italics = [span for chapter in novel.markdown for span in chapter.italics]
    note_italics = [span for chapter in novel.markdown for span in chapter.note_italics]
    notes = [note for chapter in novel.markdown for note in chapter.notes]
    assert len(italics) > 1000 and len(notes) > 20  # the novel has plenty of both
    assert list(whole.italics) == italics
    assert list(whole.note_italics) == note_italics
    assert list(whole.notes) == notes
    # pandoc draws each "* * *" as a horizontal line, which must still be a scene break.
    breaks = sum(chapter.scene_breaks for chapter in novel.markdown)
    assert breaks > 100
    assert whole.scene_breaks == breaks


def test_docx_is_cut_into_the_same_chapters(novel: Novel) -> None:
    """split.sections finds every chapter at its Heading 1, with its italics and notes."""
    sections = split.sections(novel.docx_blocks, novel.docx_notes)
    got = [_chapter(_text(s.title), s.blocks, s.notes) for s in sections]
    assert [c.title for c in got] == [c.title for c in novel.markdown]
    assert got == novel.markdown


def test_book_import_writes_the_same_chapters_as_markdown(novel: Novel, tmp_path: Path) -> None:
    """The whole way: `book import` of the .docx, then each Markdown file it wrote, read
    back, has its chapter's title, italics, notes and scene breaks."""
    folder = tmp_path / "imported"
    result = CliRunner().invoke(app, ["import", str(novel.docx), str(folder)])
    assert result.exit_code == 0, result.output
    files = sorted((folder / "manuscript").glob("*.md"))
    assert len(files) == 320
    got = []
    for path in files:
        relative = path.relative_to(folder).as_posix()
        blocks, notes = markdown.read(folder, relative, path.read_text(encoding="utf-8"))
        heading, rest = blocks[0], blocks[1:]
        assert isinstance(heading, Element) and heading.tag == "h1"
        got.append(_chapter(_text(heading.children), rest, notes))
    assert got == novel.markdown
