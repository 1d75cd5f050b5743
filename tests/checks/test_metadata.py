"""The book.yaml rules that go beyond the schema: language, ISBN, cover size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from builder.checks import book_yaml, runner


class TestIsbnSums:
    @pytest.mark.parametrize("digits", ["9780306406157", "0306406152", "080442957X"])
    def test_valid(self, digits: str) -> None:
        """Known-good ISBN-13, ISBN-10 and ISBN-10 with X check digits add up."""
        assert book_yaml._isbn_sums(digits)

    @pytest.mark.parametrize("digits", ["9780306406158", "0306406153", "0804429570"])
    def test_wrong_check_digit(self, digits: str) -> None:
        """Changing the check digit breaks the sum."""
        assert not book_yaml._isbn_sums(digits)


class TestLanguage:
    @pytest.mark.parametrize("tag", ["en", "en-GB", "pt-BR", "de", "fr", "nb", "haw", "zh-Hant"])
    def test_accepted(self, tag: str, write_book: Callable[..., Path]) -> None:
        """Real language tags give no B001."""
        root = write_book()
        text = (root / "book.yaml").read_text().replace("language: en", f"language: {tag}")
        (root / "book.yaml").write_text(text)
        assert [f.code for f in runner.check(root, epubcheck=False).findings] == []


class TestCover:
    def test_ideal_cover_passes(self, write_book: Callable[..., Path]) -> None:
        """A 1600 × 2560 PNG cover gives nothing."""
        root = write_book("cover: cover.png\n")
        Image.new("RGB", (1600, 2560)).save(root / "cover.png")
        assert runner.check(root, epubcheck=False).findings == []
