"""Plain text as people paste it: how paragraphs are separated is guessed per file.

Blank lines (a fan-fiction site's text box), one line break (Word, a browser), an indent,
or lines hard-wrapped at 70 columns (Project Gutenberg); `*emphasis*` typed by hand.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from builder import config as config_mod
from builder.checks import runner
from builder.errors import BookError
from builder.model import SCENE_BREAK, Element, Node, Text, plain_text
from builder.readers import plaintext
from tests.conftest import assert_epubcheck_clean, build_epub, corpus_book, corpus_path, unzip

NS = {"x": "http://www.w3.org/1999/xhtml"}
SPEECH = '"Yes," she said.'
PROSE = (
    "The morning came grey and slow over the hills, and she watched it from the window "
    "for a long time before she went down to the kitchen."
)


def _tags(blocks: tuple[Node, ...]) -> list[str]:
    return [block.tag for block in blocks if isinstance(block, Element)]


def _texts(blocks: tuple[Node, ...]) -> list[str]:
    return [plain_text(b.children) for b in blocks if isinstance(b, Element) and b.tag == "p"]


class TestStyles:
    """One fixture per way of separating paragraphs, and the count the reader must find."""

    CASES: ClassVar[dict[str, str]] = {
        "blank-line": f"{PROSE}\n\n{SPEECH}\n\n{PROSE}\n\n{PROSE}\n",
        "line": f"{PROSE}\n{PROSE}\n{PROSE}\n{PROSE}\n{PROSE}\n",
        "line-with-dialogue": f"{PROSE}\n{SPEECH}\n{SPEECH}\n{PROSE}\n{SPEECH}\n{PROSE}\n",
        "indent": "".join(f"    {PROSE}\n" for _ in range(4)) + f"\t{SPEECH}\n",
        "wrapped": "\n\n".join(textwrap.fill(PROSE * 3, 70) for _ in range(3)) + "\n",
        "indent-wrapped": "".join(
            textwrap.fill(PROSE * 2, 70, initial_indent="    ") + "\n" for _ in range(3)
        ),
    }
    EXPECTED: ClassVar[dict[str, tuple[str, int]]] = {
        "blank-line": ("blank-line", 4),
        "line": ("line", 5),
        "line-with-dialogue": ("line", 6),
        "indent": ("indent", 5),
        "wrapped": ("wrapped", 3),
        "indent-wrapped": ("indent", 3),
    }

    @pytest.mark.parametrize("case", sorted(CASES))
    def test_guess_and_count(self, case: str) -> None:
        text = self.CASES[case]
        style, count = self.EXPECTED[case]
        assert plaintext.guess(text) == style
        _, blocks = plaintext.read(text)
        assert _tags(blocks) == ["p"] * count

    def test_wrapped_lines_are_joined_with_spaces(self) -> None:
        """A hard-wrapped paragraph prints as the sentence typed, no line breaks inside."""
        _, blocks = plaintext.read(self.CASES["wrapped"])
        assert _texts(blocks)[0] == PROSE * 3

    def test_indented_paragraph_lines_are_joined(self) -> None:
        _, blocks = plaintext.read(self.CASES["indent-wrapped"])
        assert _texts(blocks)[1] == (PROSE * 2).strip()

    def test_single_blank_line_is_a_scene_break_in_line_text(self) -> None:
        """With one line break between paragraphs, one blank line is the wider gap."""
        text = f"{PROSE}\n{SPEECH}\n\n{PROSE}\n{SPEECH}\n"
        _, blocks = plaintext.read(text)
        assert _tags(blocks) == ["p", "p", SCENE_BREAK, "p", "p"]

    def test_verse_in_blank_line_text_keeps_its_lines(self) -> None:
        """Short lines inside a blank-line paragraph (verse, a letter) stay as typed."""
        verse = "Roses are red,\nviolets are blue,\nsugar is sweet,\nand so are you."
        text = f"{PROSE}\n\n{verse}\n\n{PROSE}\n\n{SPEECH}\n"
        assert plaintext.guess(text) == "blank-line"
        _, blocks = plaintext.read(text)
        assert _texts(blocks)[1] == verse

    def test_verse_in_wrapped_text_keeps_its_lines(self) -> None:
        """In Gutenberg text a stanza's short lines are not joined: only full lines are."""
        verse = "Roses are red,\nviolets are blue,\nsugar is sweet,\nand so are you."
        wrapped = textwrap.fill(PROSE * 3, 70)
        text = f"{wrapped}\n\n{verse}\n\n{wrapped}\n\n{wrapped}\n"
        assert plaintext.guess(text) == "wrapped"
        _, blocks = plaintext.read(text)
        assert _texts(blocks)[1] == verse
        assert _texts(blocks)[0] == PROSE * 3

    def test_setting_overrides_the_guess(self) -> None:
        """`line` read as blank-line text is the one long paragraph the guess avoids."""
        text = self.CASES["line"]
        _, guessed = plaintext.read(text)
        _, forced = plaintext.read(text, "blank-line")
        assert (len(_tags(guessed)), len(_tags(forced))) == (5, 1)


def _single_newline(text: str) -> str:
    """TEXT as Word gives it: paragraphs on one line each, scene breaks one blank line."""
    scenes = re.split(r"\n{3,}", text.strip())
    return "\n\n".join(scene.replace("\n\n", "\n") for scene in scenes) + "\n"


class TestRealText:
    def test_last_morning_pasted_with_single_line_breaks(self, tmp_path: Path) -> None:
        """The seed chapter pasted from Word builds the same chapter as the original."""
        original = shutil.copytree(corpus_book("last-morning"), tmp_path / "original")
        pasted = shutil.copytree(corpus_book("last-morning"), tmp_path / "pasted")
        chapter = pasted / "manuscript" / "final-chapter.txt"
        chapter.write_text(_single_newline(chapter.read_text("utf-8")), "utf-8")
        assert plaintext.guess(chapter.read_text("utf-8")) == "line"
        epub = build_epub(pasted)
        name = "EPUB/text/chapter-001.xhtml"
        assert unzip(epub)[name] == unzip(build_epub(original))[name]
        body = etree.fromstring(unzip(epub)[name])
        story = body.xpath("//x:section[@class='chapter']/x:p", namespaces=NS)
        note = body.xpath("//x:aside[@class='authors-note']/x:p", namespaces=NS)
        breaks = body.xpath("//x:hr[@class='scene-break']", namespaces=NS)
        assert (len(story), len(breaks), len(note)) == (27, 2, 3)
        assert_epubcheck_clean(epub)

    @pytest.mark.parametrize("width", [60, 70, 75])
    @pytest.mark.parametrize("chapter", ["01.md", "07.md", "36.md", "43.md", "52.md"])
    def test_pride_and_prejudice_rewrapped(self, chapter: str, width: int) -> None:
        """Gutenberg-style hard wrap gives the paragraphs of the unwrapped text (36.md at 60
        columns has a 38-character line in a wrapped paragraph, before a long word)."""
        source = corpus_path(f"pride-and-prejudice/manuscript/{chapter}").read_text("utf-8")
        blocks = (block.strip() for block in source.split("\n\n"))
        # The prose: not the heading, quoted letters (`>`) or pictures of the Markdown.
        paragraphs = [block for block in blocks if block and block[0] not in "#>![-"]
        wrapped = "\n\n".join(
            textwrap.fill(p, 70, break_on_hyphens=False, break_long_words=False) for p in paragraphs
        )
        assert max(len(line) for line in wrapped.split("\n")) <= 70
        assert plaintext.guess(wrapped) == "wrapped"
        assert plaintext.guess("\n\n".join(paragraphs)) == "blank-line"
        assert [p.text for p in plaintext.paragraphs(wrapped)] == paragraphs


def _em(tag: str, text: str) -> Element:
    return Element(tag, (Text(text),))


class TestEmphasis:
    @pytest.mark.parametrize(
        ("typed", "nodes"),
        [
            ("a *word* b", (Text("a "), _em("em", "word"), Text(" b"))),
            ("_so_ tired", (_em("em", "so"), Text(" tired"))),
            (
                "**bold** and __this__",
                (_em("strong", "bold"), Text(" and "), _em("strong", "this")),
            ),
            ("*a* or *b*", (_em("em", "a"), Text(" or "), _em("em", "b"))),
            ("*two words*.", (_em("em", "two words"), Text("."))),
        ],
    )
    def test_paired_markers(self, typed: str, nodes: tuple[Node, ...]) -> None:
        _, blocks = plaintext.read(typed)
        assert blocks[0].children == nodes  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        "typed",
        [
            "a snake_case_name here",
            "2*3*4 is 24",
            "*sigh and nothing closes it",
            "an unpaired _marker",
            "see https://example.org/a_b_c/*x* now",
            "mail first_last_@example.org today",
            "* * *",
            "a *!* and _*_ hold no word",
        ],
    )
    def test_left_as_typed(self, typed: str) -> None:
        """Inside words, numbers and URLs, or unpaired, markers are the characters typed."""
        _, blocks = plaintext.read(f"{PROSE}\n\n{typed}\n")
        assert blocks[1].children == (Text(typed),)  # type: ignore[union-attr]

    def test_markers_pair_within_a_paragraph_only(self) -> None:
        _, blocks = plaintext.read(f"{PROSE} *open\n\nclose* here.\n")
        assert all(len(b.children) == 1 for b in blocks)  # type: ignore[union-attr]

    def test_italics_in_the_built_book(self, make_book: Callable[..., Path]) -> None:
        root = make_book(files={"manuscript/01.txt": f"{PROSE} I *knew* it.\n"})
        body = etree.fromstring(unzip(build_epub(root))["EPUB/text/chapter-001.xhtml"])
        assert body.xpath("string(//x:em)", namespaces=NS) == "knew"


class TestSetting:
    def test_setting_reaches_the_build(self, make_book: Callable[..., Path]) -> None:
        """`plain_text: {paragraphs: line}` splits text the guess takes for blank-line text."""
        lines = "Roses are red,\nviolets are blue,\nsugar is sweet,\nand so are you.\n"
        files = {"manuscript/01.txt": lines}
        guessed = make_book(files=files)
        assert len(_paragraphs(guessed)) == 1
        shutil.rmtree(guessed)
        forced = make_book("plain_text:\n  paragraphs: line\n", files)
        assert len(_paragraphs(forced)) == 4

    @pytest.mark.parametrize("value", ["lines", "[line]", "''"])
    def test_unknown_value_is_an_error_at_its_line(
        self, value: str, make_book: Callable[..., Path]
    ) -> None:
        root = make_book(f"plain_text:\n  paragraphs: {value}\n")
        with pytest.raises(BookError) as raised:
            config_mod.load(root)
        assert raised.value.location.line == 5
        assert raised.value.code in ("Y003", "Y006")

    def test_unknown_key_is_an_error(self, make_book: Callable[..., Path]) -> None:
        root = make_book("plain_text: {paragraph: line}\n")
        with pytest.raises(BookError) as raised:
            config_mod.load(root)
        assert raised.value.code == "Y002"


def _paragraphs(root: Path) -> list[etree._Element]:
    body = etree.fromstring(unzip(build_epub(root))["EPUB/text/chapter-001.xhtml"])
    return list(body.xpath("//x:section[@class='chapter']/x:p", namespaces=NS))


class TestCheckWarning:
    def _codes(self, root: Path) -> list[tuple[str, str | None, int | None]]:
        report = runner.check(root, epubcheck=False)
        return [(f.code, f.file, f.line) for f in report.findings if f.code == "T012"]

    def test_long_paragraph(self, make_book: Callable[..., Path]) -> None:
        """A 1,500-word paragraph is named at its file and line, with the setting to use."""
        text = "Title\n\n" + " ".join([PROSE] * 50) + "\n"
        root = make_book(files={"manuscript/01.txt": text})
        assert self._codes(root) == [("T012", "manuscript/01.txt", 3)]
        message = next(
            f.message for f in runner.check(root, epubcheck=False).findings if f.code == "T012"
        )
        assert "plain_text: {paragraphs: line}" in message

    def test_many_lines_forced_blank_line(self, make_book: Callable[..., Path]) -> None:
        """Text read as blank-line (here by the setting) with 12 lines in a paragraph."""
        text = f"{PROSE}\n" * 12
        root = make_book("plain_text: {paragraphs: blank-line}\n", {"manuscript/01.txt": text})
        assert self._codes(root) == [("T012", "manuscript/01.txt", 1)]

    def test_not_when_guessed_right(self, make_book: Callable[..., Path]) -> None:
        """The same text, guessed as one paragraph a line, gives no warning."""
        root = make_book(files={"manuscript/01.txt": f"{PROSE}\n" * 12})
        assert self._codes(root) == []

    def test_not_for_a_wrapped_paragraph(self, make_book: Callable[..., Path]) -> None:
        """Forty hard-wrapped lines are one Gutenberg paragraph, not a symptom."""
        wrapped = textwrap.fill(PROSE * 12, 70)
        text = f"{wrapped}\n\n{textwrap.fill(PROSE, 70)}\n"
        root = make_book(files={"manuscript/01.txt": text})
        assert self._codes(root) == []


class TestEmphasisAtScale:
    def test_thousands_of_pairs_in_one_paragraph(self) -> None:
        """A loop, not recursion per pair (which hit Python's recursion limit at ~1,000)."""
        _, blocks = plaintext.read("*a* " * 20000)
        children = blocks[0].children  # type: ignore[union-attr]
        assert sum(isinstance(c, Element) and c.tag == "em" for c in children) == 20000

    def test_unpaired_markers_stay_linear(self) -> None:
        """40,000 openers with no closer: each search stops at the next marker."""
        import time

        started = time.perf_counter()
        _, blocks = plaintext.read("*x _y **z " * 40000)
        assert len(blocks[0].children) == 1  # type: ignore[union-attr]
        assert time.perf_counter() - started < 5
