"""Our page rules as stylesheets (styles/pdf-*.css) with values filled in as CSS tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2
from pypdf import PdfReader

from builder import pipeline
from builder.print_settings import PrintSettings
from builder.render.pdf import pieces, style


def at_rules(css: str) -> list[tinycss2.ast.AtRule]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [rule for rule in rules if rule.type == "at-rule"]


def declarations(rule: tinycss2.ast.AtRule) -> dict[str, str]:
    parsed = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
    return {d.name: tinycss2.serialize(d.value).strip() for d in parsed if d.type == "declaration"}


def write_book(root: Path, author: str) -> Path:
    root.mkdir()
    (root / "manuscript").mkdir()
    yaml = f"title: Heads\nauthor: {author}\nlanguage: en\ncontents: [manuscript/*.md]\n"
    (root / "book.yaml").write_text(yaml, "utf-8")
    for number in (1, 2):
        text = f"# Chapter {number}\n\n" + "A line of text that fills the page.\n\n" * 120
        (root / "manuscript" / f"0{number}.md").write_text(text, "utf-8")
    return root


class TestFilled:
    def test_geometry_values(self) -> None:
        """The page rule carries the trim size, margins and marks as given."""
        css = style.Geometry(432.0, 648.0, 50.0, 43.2, 9.0).css(PrintSettings(crop_marks=True))
        page = declarations(at_rules(css)[0])
        assert page["size"] == "432.000pt 648.000pt"
        assert (page["bleed"], page["marks"], page["margin-top"]) == (
            "9.000pt",
            "crop cross",
            "0.8in",
        )
        assert "var(" not in css

    def test_target_rules(self) -> None:
        """Print drops the bookmarks; a screen PDF starts each section on a new page."""
        geometry = style.Geometry(432.0, 648.0, 50.0, 43.2, 0.0)
        assert "bookmark-level: none" in geometry.css(PrintSettings(target="print"))
        assert "break-before: page" in geometry.css(PrintSettings(target="digital"))

    def test_a_missing_value_is_refused(self) -> None:
        """A var() left without a value is an error, never passed on to WeasyPrint."""
        with pytest.raises(KeyError):
            style.filled("pdf-running-heads.css")

    def test_an_unused_value_is_refused(self) -> None:
        """A value for a var() the sheet does not have is an error too."""
        with pytest.raises(ValueError, match="title"):
            style.filled("pdf-running-heads.css", author=style.string("A"), title=style.string("T"))


class TestRunningHeads:
    HOSTILE = 'Eve"; } @page { size: 1in 1in } p { content: "\\'

    def test_author_is_one_css_string(self) -> None:
        """An author's name that looks like CSS stays a string: no rule can come out of it."""
        css = style.filled("pdf-running-heads.css", author=style.string(self.HOSTILE))
        rules = at_rules(css)
        assert [rule.lower_at_keyword for rule in rules] == ["page", "page"]
        (head,) = [t for t in rules[0].content if t.type == "at-keyword"]
        block = rules[0].content[rules[0].content.index(head) + 2]
        (content,) = tinycss2.parse_blocks_contents(block.content, skip_whitespace=True)
        (value,) = [t for t in content.value if t.type == "string"]
        assert value.value == self.HOSTILE

    def test_author_in_the_printed_head(self, tmp_path: Path) -> None:
        """The book's left pages carry the author's name exactly as book.yaml gives it."""
        root = write_book(tmp_path / "book", "'Ann \"Nan\" O\\Brien'")
        book = pipeline.read_book(root)
        assert 'content: "Ann \\"Nan\\" O\\\\Brien"' in pieces.running_heads_css(book)
        (pdf,) = pipeline.build(root, ("pdf",))
        texts = [page.extract_text() for page in PdfReader(pdf).pages]
        assert any('Ann "Nan" O\\Brien' in text for text in texts)
