"""Pairing double quotes paragraph by paragraph, in the book's language."""

from __future__ import annotations

from builder.checks.mdsource import read_markdown
from builder.checks.quotes import marks_for, scan
from builder.transforms.typography import STYLES, smarten


def problems(text: str, language: str = "en") -> list[tuple[int, int]]:
    source = read_markdown("m.md", text)
    return [block.position(index) for block, index, _ in scan(source.blocks, language).problems]


class TestScan:
    def test_balanced(self) -> None:
        """Paired straight and curly quotes give nothing."""
        assert problems('"Yes," she said. “No.”\n') == []

    def test_reopened_paragraphs(self) -> None:
        """A quotation reopened at each paragraph's start and closed at the last is fine."""
        assert problems('"One,\n\n"two,\n\n"three."\n') == []

    def test_unclosed_before_new_quotation(self) -> None:
        """Left open, then a paragraph with a new quotation in the middle: reported."""
        assert problems('He said, "never closed.\n\nThen she said "hi."\n') == [(1, 10)]

    def test_quote_free_paragraphs_then_close(self) -> None:
        """Austen's letters: open, paragraphs without quotes, then the close; fine."""
        assert problems("> “Dear Sir,\n>\n> I remain.\n>\n> Yours.”\n") == []

    def test_does_not_run_out_of_a_blockquote(self) -> None:
        """A quotation left open in a blockquote is not continued by the paragraph after it."""
        assert problems('> "Open.\n\n"Next."\n') == [(1, 3)]

    def test_stray_close(self) -> None:
        """A closing mark with nothing open is reported where it is."""
        assert problems("Oops” here.\n") == [(1, 5)]

    def test_inches_are_not_quotes(self) -> None:
        """5'10" is a height, not a closing quote."""
        assert problems("He was 5'10\" tall.\n") == []

    def test_german_marks(self) -> None:
        """In German „…“ pair; in English “ opens, so both are left open."""
        assert problems("„Ja“, sagte sie.\n", "de") == []
        assert problems("„Ja“, sagte sie.\n", "en") == [(1, 1), (1, 4)]


class TestMarksFromTypography:
    def test_typography_output_pairs_in_every_language(self) -> None:
        """What the typography writes in a language, the check of that language pairs."""
        for language in STYLES:
            [[curled]] = smarten([[('"He said \'no\', and left." Then "yes."', "text")]], language)
            assert problems(curled + "\n", language) == [], language

    def test_other_marks_of_the_language_pair(self) -> None:
        """German »…«, Danish „…“ and Swedish »…» are paired in their languages."""
        assert problems("»Ja«, sagte sie.\n", "de") == []
        assert problems("„Ja“, sagde hun.\n", "da") == []
        assert problems("»Ja» sa hon.\n", "sv") == []

    def test_foreign_quotation_in_english(self) -> None:
        """An English book may quote „German“ or «French» by those marks' usual roles."""
        assert marks_for("en").opening == "“„«"
        assert problems("She wrote «oui» and left.\n") == []
