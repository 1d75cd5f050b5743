"""Hypothesis: any manuscript gives an EPUB that EPUBCheck passes, or a deliberate BookError."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.errors import BookError
from tests.conftest import assert_epubcheck_clean, build_epub

# Pieces that exercise Markdown syntax, quotes and dashes, escaping and non-Latin text.
PIECES = st.sampled_from(
    [*"abcxyz ABC 019 \n\n\n\t.,;:!?-–—…'\"‘’“”«»„*_#`~>[]()<>&^\\|{}=+/@%$",
     "é", "ß", "ø", "Ж", "中", "ع", "\u00a0", "\u200b", "🙂", "A/N: ", "* * *", "[^1]", "[^1]: "]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=300).map("".join)
TITLES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
BUILT = "built"


def _deliberate(error: BookError, title: str, texts: dict[str, str]) -> bool:
    """Whether ERROR is one the builder means to give for this input, not a breakage."""
    if error.location.file == "book.yaml":
        return error.code == "Y006" and not title.strip()  # an empty title
    text = texts.get(error.location.file)
    if text is None:
        return False
    if error.code == "C001":
        # A chapter with no text: nothing but punctuation, or all in a footnote's definition.
        return not any(c.isalnum() for c in text) or "[^1]:" in text
    # A link or a picture to a file that is not there (or is the manuscript folder).
    return error.code in ("F001", "F003", "R002") and "](" in text


def _build_one(title: str, markdown: str, plain: str) -> str:
    """Build one book; return BUILT (EPUBCheck passed) or the deliberate error's code."""
    root = Path(tempfile.mkdtemp())
    try:
        (root / "manuscript").mkdir()
        meta = {"title": title, "author": "Someone", "language": "en"}
        (root / "book.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
        texts = {"manuscript/01.md": markdown, "manuscript/02.txt": plain}
        for name, text in texts.items():
            (root / name).write_text(text, encoding="utf-8")
        try:
            epub = build_epub(root)
        except BookError as error:
            assert "\n" not in str(error)
            assert _deliberate(error, title, texts), f"not a deliberate error: {error}"
            return error.code
        assert_epubcheck_clean(epub)
        return BUILT
    finally:
        shutil.rmtree(root)


def test_any_text_builds_a_valid_epub() -> None:
    """A book with any title and chapter text is valid, or fails on purpose; most build."""
    outcomes: list[str] = []

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(title=TITLES, markdown=TEXTS, plain=TEXTS)
    def example(title: str, markdown: str, plain: str) -> None:
        outcomes.append(_build_one(title, markdown, plain))

    example()
    # About four in five random books have text in both chapters and build; a run where
    # fewer than a quarter built means the build is broken, not that the input was bad.
    assert outcomes.count(BUILT) * 4 >= len(outcomes) >= 12, Counter(outcomes)
