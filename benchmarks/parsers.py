"""A probe: faster CommonMark parsers against markdown-it-py, on speed and on what our
manuscripts use.

.venv/bin/pip install markdown-it-pyrs pyromark   # not dependencies of the project
.venv/bin/python benchmarks/parsers.py [--words 500000]

Times each parser over the chapters of a generated novel (in this process, parsing only;
the files are read first), then asks each whether it keeps the Markdown our golden book
(tests/books/markdown-features) is written in. A parser that drops one cannot replace
markdown-it-py without our own code for it, which would be slower than what it saves.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import chapter_files, generate

# What the golden book writes, and the text a parser that does not know it leaves behind.
# (`# Title {#id}` is not here: our reader reads it from the heading's text itself.)
FEATURES = {
    "footnote [^1]": ("Text.[^1]\n\n[^1]: The note.\n", "[^1]"),
    "inline note ^[...]": ("Text.^[An inline note.]\n", "^["),
    "span attributes [x]{.c}": ("A [span]{.smallcaps} here.\n", "{.smallcaps}"),
    "block attributes {.c}": ("{.authors-note}\n> A note.\n", "{.authors-note}"),
    "superscript 2^10^": ("2^10^\n", "^10^"),
    "subscript H~2~O": ("H~2~O\n", "~2~"),
    "table": ("| a | b |\n|---|---|\n| 1 | 2 |\n", "|---|"),
    "strikethrough ~~x~~": ("~~gone~~\n", "~~"),
}


Parser = tuple[Callable[[str], Any], Callable[[str], str]]  # (parse, render as HTML)


def markdown_it_py() -> Parser:
    from builder.readers import markdown

    parser = markdown.configure()
    return parser.parse, parser.render


def markdown_it_pyrs() -> Parser:
    import markdown_it_pyrs

    parser = markdown_it_pyrs.MarkdownIt("commonmark")
    parser.enable_many(["footnote", "strikethrough", "table", "heading_anchors"])
    return parser.tree, parser.render


def pyromark() -> Parser:
    import pyromark as module

    flags = module.Options
    options = (
        flags.ENABLE_TABLES | flags.ENABLE_FOOTNOTES | flags.ENABLE_STRIKETHROUGH
        | flags.ENABLE_HEADING_ATTRIBUTES | flags.ENABLE_SUPERSCRIPT | flags.ENABLE_SUBSCRIPT
    )  # fmt: skip
    return (
        lambda text: list(module.events(text, options=options)),  # events() is lazy
        lambda text: module.html(text, options=options),
    )


PARSERS = {"markdown-it-py": markdown_it_py, "markdown-it-pyrs": markdown_it_pyrs,
           "pyromark": pyromark}  # fmt: skip


def dropped(render: Callable[[str], str]) -> list[str]:
    """The features whose marks the parser leaves in its HTML as text: it does not read them."""
    return [name for name, (source, left) in FEATURES.items() if left in render(source)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        generate(Path(temp), args.words, 320, 16)
        texts = [path.read_text(encoding="utf-8") for path in chapter_files(Path(temp))]
    print(f"{'parser':<18}{'parse s':>9}  features it drops")
    for name, make in PARSERS.items():
        try:
            parse, render = make()
        except ImportError:
            print(f"{name:<18}{'-':>9}  not installed")
            continue
        start = time.perf_counter()
        for text in texts:
            parse(text)
        seconds = time.perf_counter() - start
        print(f"{name:<18}{seconds:>9.3f}  {', '.join(dropped(render)) or 'none'}")


if __name__ == "__main__":
    main()
