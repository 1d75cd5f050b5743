"""Hypothesis: any manuscript text gives an EPUB that EPUBCheck passes, or a clear BookError."""

from __future__ import annotations

import shutil
import tempfile
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


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TITLES, markdown=TEXTS, plain=TEXTS)
def test_any_text_builds_a_valid_epub(title: str, markdown: str, plain: str) -> None:
    """A book with any title and any chapter text is valid, or fails with a BookError."""
    root = Path(tempfile.mkdtemp())
    try:
        (root / "manuscript").mkdir()
        meta = {"title": title, "author": "Someone", "language": "en"}
        (root / "book.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
        (root / "manuscript" / "01.md").write_text(markdown, encoding="utf-8")
        (root / "manuscript" / "02.txt").write_text(plain, encoding="utf-8")
        try:
            epub = build_epub(root)
        except BookError as error:
            assert "\n" not in str(error)
            assert error.location.file in ("book.yaml", "manuscript/01.md", "manuscript/02.txt")
            return
        assert_epubcheck_clean(epub)
    finally:
        shutil.rmtree(root)
