"""A stand-in for builder.writers.markdown (mdwriter's), until that branch is merged.

Importing this module makes `from builder.writers import markdown` work when the real
writer is not there yet; the lead deletes this file (and the lines importing it) after
merging. It writes only what the importer's tests need: paragraphs, headings, emphasis,
small caps, links, pictures, line breaks, scene breaks, quotes, lists and footnotes.
"""

from __future__ import annotations

import re
import sys
import types

from builder.model import AUTHORS_NOTE, NOTEREF, SCENE_BREAK, Code, Element, Footnote, Node, Text

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_MARKS = {"em": "*", "strong": "**", "s": "~~"}


def _inline(nodes: tuple[Node, ...]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(_PUNCTUATION.sub(r"\\\1", " ".join(node.text.split(" "))).replace("\n", " "))
        elif isinstance(node, Code):
            out.append(f"`` {node.text} ``")
        elif node.tag in _MARKS:
            out.append(f"{_MARKS[node.tag]}{_inline(node.children)}{_MARKS[node.tag]}")
        elif node.tag == NOTEREF:
            out.append(f"[^{node.attr('note')}]")
        elif node.tag == "img":
            out.append(f"![{_inline((Text(node.attr('alt')),))}]({node.attr('src')})")
        elif node.tag == "a":
            out.append(f"[{_inline(node.children)}](<{node.attr('href')}>)")
        elif node.tag == "br":
            out.append("\\\n")
        elif node.tag == "span":
            out.append(f"[{_inline(node.children)}]{{.smallcaps}}")
        else:
            out.append(_inline(node.children))
    return "".join(out)


def _blocks(nodes: tuple[Node, ...]) -> list[str]:
    out = []
    for node in nodes:
        if not isinstance(node, Element):
            out.append(_inline((node,)))
        elif node.tag == SCENE_BREAK:
            out.append("* * *")
        elif node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out.append("#" * int(node.tag[1]) + " " + _inline(node.children))
        elif node.tag in ("blockquote", AUTHORS_NOTE):
            out.append(
                "\n".join("> " + line for line in "\n\n".join(_blocks(node.children)).split("\n"))
            )
        elif node.tag in ("ul", "ol"):
            items = [c for c in node.children if isinstance(c, Element)]
            out.append("\n".join(f"- {_inline(i.children)}" for i in items))
        else:
            out.append(_inline(node.children))
    return out


def chapter(title: tuple[Node, ...], blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> str:
    parts = ["# " + _inline(title), *_blocks(blocks)]
    parts += [f"[^{note.number}]: " + "\n\n    ".join(_blocks(note.blocks)) for note in notes]
    return "\n\n".join(parts) + "\n"


try:
    from builder.writers import markdown as _real  # type: ignore[import-not-found]  # noqa: F401
except ImportError:
    _package = types.ModuleType("builder.writers")
    _package.__path__ = []
    _module = types.ModuleType("builder.writers.markdown")
    _module.chapter = chapter  # type: ignore[attr-defined]
    _package.markdown = _module  # type: ignore[attr-defined]
    sys.modules.setdefault("builder.writers", _package)
    sys.modules.setdefault("builder.writers.markdown", _module)
