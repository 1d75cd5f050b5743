"""Finding Markdown's inline syntax in place: masks keep every column where it was."""

from __future__ import annotations

from builder.checks.inline import MASK, lex, mask_urls
from builder.checks.mdsource import read_markdown


class TestLex:
    def test_code_span_masked(self) -> None:
        """A code span is masked, backticks included, and nothing else moves."""
        inline = lex('Say `"hi"` now', {})
        assert inline.prose == "Say " + MASK * 6 + " now"

    def test_unclosed_backticks_are_text(self) -> None:
        """A backtick with no closing run of the same width is prose."""
        assert lex("a `` b ` c", {}).prose == "a `` b ` c"

    def test_link_text_kept_destination_masked(self) -> None:
        """A link's text stays prose; its brackets and destination are masked."""
        inline = lex("see [the map](maps/a.md#x) here", {})
        assert inline.prose == "see " + MASK + "the map" + MASK * len("](maps/a.md#x)") + " here"
        (link,) = inline.links
        assert (link.image, link.index, link.text, link.target) == (
            False,
            4,
            "the map",
            "maps/a.md#x",
        )

    def test_image_and_reference_link(self) -> None:
        """Images and reference links are found, with the target of the reference."""
        inline = lex("![Alt](a.png) and [text][ref] and [ref]", {"REF": "b.md"})
        assert [(x.image, x.index, x.target) for x in inline.links] == [
            (True, 0, "a.png"), (False, 18, "b.md"), (False, 34, "b.md")
        ]  # fmt: skip

    def test_escapes(self) -> None:
        """An escaped bracket or backtick is text, and only the backslash is masked."""
        inline = lex(r"\[not a link](x) \`not code`", {})
        assert inline.links == []
        assert inline.prose == MASK + "[not a link](x) " + MASK + "`not code`"

    def test_footnote_reference(self) -> None:
        """A footnote reference is listed with its label and masked."""
        inline = lex("word[^note] more", {})
        assert inline.notes == [(4, "note")] and inline.prose == "word" + MASK * 7 + " more"

    def test_html_known_tags_only(self) -> None:
        """<b> and comments are HTML; <grin> and autolinks are not."""
        inline = lex("<b>x</b> <grin> <!-- c --> <https://a.org>", {})
        assert [html for _, html in inline.html] == ["<b>", "</b>", "<!-- c -->"]
        assert inline.prose.endswith(MASK * 15)

    def test_attributes_masked(self) -> None:
        """A span's brackets and {#id .class} are masked; braces in prose are not."""
        assert lex("[a]{#x .y} {not attrs}", {}).prose == MASK + "a" + MASK * 8 + " {not attrs}"


class TestMaskUrls:
    def test_url_without_trailing_punctuation(self) -> None:
        """A URL is masked up to, not including, the full stop that ends the sentence."""
        url = "https://a.org/x..y"
        assert mask_urls(f"Go to {url}. Then") == "Go to " + MASK * len(url) + ". Then"


class TestReadMarkdown:
    def test_positions_are_source_positions(self) -> None:
        """A block's index maps to the line and column in the file, past container markers."""
        source = read_markdown("m.md", "# Title\n\n> quoted\n> the end\n\n- item one\n")
        quote = source.blocks[1]
        assert quote.prose == "  quoted\n  the end"
        assert quote.position(quote.prose.index("end")) == (4, 7)
        item = source.blocks[2]
        assert item.position(item.prose.index("one")) == (6, 8)

    def test_scene_breaks_and_footnotes(self) -> None:
        """Thematic breaks and symbol lines are breaks; footnote definitions keep their lines."""
        source = read_markdown("m.md", "A\n\n* * *\n\noOo\n\nB[^1]\n\n[^1]: Note.\n")
        assert [(b.kind, b.marker) for b in source.blocks if b.kind == "break"] == [
            ("break", "* * *"), ("break", "oOo")
        ]  # fmt: skip
        assert source.footnotes == {"1": 9}
        note = source.blocks[-1]
        assert (note.note, note.prose) == ("1", "      Note.")
