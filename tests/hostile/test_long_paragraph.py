"""A whole chapter as one paragraph on one line: refused for print in seconds, not minutes."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.hostile.conftest import Good, snapshot

BOOK = Path(sys.executable).parent / "book"
# Well inside a CI job's patience; without the limit WeasyPrint needs many minutes.
BOUND_S = 60


def one_line(words: int) -> str:
    """WORDS of lorem-like prose with quotes and dashes, and no newline at all."""
    rng = random.Random(1)
    vocabulary = [
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
        "sed",
        "do",
    ]
    out = []
    for _ in range(words):
        word = rng.choice(vocabulary)
        roll = rng.random()
        if roll < 0.02:
            word = f'"{word},"'
        elif roll < 0.03:
            word += " —"
        elif roll < 0.08:
            word += "."
        out.append(word)
    return " ".join(out)


def _build(root: Path, *formats: str) -> tuple[subprocess.CompletedProcess[str], float]:
    command = [str(BOOK), "build", str(root), *(a for f in formats for a in ("--format", f))]
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=BOUND_S)
    return done, time.monotonic() - start


class TestOneParagraphChapter:
    def test_refused_for_print_quickly(self, good: Callable[..., Good]) -> None:
        """400,000 words on one line: exit 3 in one line naming the file and line, dist/ kept."""
        book = good("pdf")
        book.write("manuscript/02.md", "# Two\n\n" + one_line(400_000))
        done, _ = _build(book.root)
        assert done.returncode == 3, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("manuscript/02.md:3: error[L003]"), lines
        assert "--format epub" in lines[0]
        book.unchanged()

    def test_epub_alone_builds(self, good: Callable[..., Good]) -> None:
        """The EPUB, which has no such cost, still builds from the same chapter."""
        book = good("epub")
        book.write("manuscript/02.md", "# Two\n\n" + one_line(400_000))
        done, _ = _build(book.root, "epub")
        assert done.returncode == 0, done.stderr
        assert snapshot(book.root)["test-book.epub"] != book.before["test-book.epub"]

    def test_long_paragraph_in_a_note_or_list(self, good: Callable[..., Good]) -> None:
        """The limit counts any block that holds text: a list item, a footnote."""
        book = good("pdf")
        text = one_line(40_000)
        book.write("manuscript/02.md", f"# Two\n\nSee.[^1]\n\n- short\n- {text}\n\n[^1]: Note.\n")
        book.refused("L003", "manuscript/02.md:6", 3)
        book.write("manuscript/02.md", f"# Two\n\nSee.[^1]\n\n[^1]: {text}\n")
        book.refused("L003", "manuscript/02.md", 3)
