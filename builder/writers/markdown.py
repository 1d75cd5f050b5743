"""A chapter of the model as the Markdown file an author keeps editing (for `book import`).

The file reads back, through readers/markdown.py, to the same blocks and notes (in the form
writers/normal.py gives them). Paragraphs are not wrapped: one paragraph is one line, as in
the word processor the text came from, so an edit never reflows its neighbours, a diff shows
the sentence that changed, and a line break in the file always means one in the text (a
line break inside a paragraph is written `\\` at a line's end, as verse and letters need).
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.model import AUTHORS_NOTE, SCENE_BREAK, Code, Element, Footnote, Node
from builder.writers import normal, normal_blocks
from builder.writers.inline import Writer, _attrs

AUTHORS_NOTE_CLASS = "authors-note"  # `{.authors-note}` before a block quote
_BULLETS = ("-", "+")  # adjacent lists alternate, or Markdown would join them
_NUMBERS = (".", ")")


def chapter(title: tuple[Node, ...], blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> str:
    """The Markdown of a chapter titled TITLE (its `# ` heading), with BLOCKS and NOTES."""
    order = normal.footnotes((Element("h1", title), *blocks), notes)
    labels = {number: label for label, number in enumerate(order, 1)}
    writer = _Blocks(labels)
    lines = writer.blocks(normal_blocks.blocks((Element("h1", title), *blocks)))
    by_number = {note.number: normal_blocks.blocks(note.blocks) for note in notes}
    for number in order:
        lines += ["", *writer.footnote(labels[number], by_number[number])]
    return "\n".join(lines) + "\n"


class _Blocks:
    def __init__(self, labels: dict[int, int]) -> None:
        self.labels = labels

    def inline(self, nodes: Iterable[Node], context: str = "paragraph") -> str:
        return Writer(self.labels, context).write(normal.inlines(tuple(nodes)))

    def blocks(self, nodes: tuple[Node, ...], tight: bool = False) -> list[str]:
        out: list[str] = []
        run = 0  # how many lists of this kind came just before: their markers alternate
        elements = [node for node in nodes if isinstance(node, Element)]
        for index, node in enumerate(elements):
            if out and not tight:
                out.append("")
            out += self.block(node, run)
            following = elements[index + 1] if index + 1 < len(elements) else None
            same = following is not None and following.tag == node.tag in ("ul", "ol")
            run = run + 1 if same else 0
        return out

    def block(self, node: Element, run: int = 0) -> list[str]:
        tag = node.tag
        attrs = [_attrs(node.attrs)] if node.attrs and tag in ("p", "blockquote", "pre") else []
        if tag == "p":
            return attrs + self.inline(node.children).split("\n")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return self.heading(node)
        if tag == SCENE_BREAK:
            return ["* * *"]
        if tag == "pre":
            return attrs + _fence(node)
        if tag == "blockquote":
            return attrs + _prefixed(self.blocks(node.children), "> ", ">")
        if tag == AUTHORS_NOTE:
            return ["{." + AUTHORS_NOTE_CLASS + "}", *_prefixed(self.blocks(node.children),
                                                                "> ", ">")]  # fmt: skip
        if tag in ("ul", "ol"):
            return self.listing(node, run % 2 == 1)
        if tag == "table":
            return self.table(node)
        return self.blocks(node.children)  # div and the like: their blocks stand alone

    def heading(self, node: Element) -> list[str]:
        level = int(node.tag[1])
        inline = normal.inlines(node.children)
        breaks = normal_blocks.has_break(inline)
        ending = _attrs(node.attrs)
        if breaks and level == 1:  # a title on two lines: a setext heading keeps them
            lines = self.inline(inline).split("\n")
            lines[-1] += f" {ending}" if ending else ""
            return [*lines, "==="]
        text = self.inline(inline, "heading")
        return ["#" * level + (" " + text if text else "") + (f" {ending}" if ending else "")]

    def listing(self, node: Element, alternate: bool) -> list[str]:
        items = [c for c in node.children if isinstance(c, Element)]
        tight = all(normal_blocks.is_tight(item.children) for item in items)
        start = int(node.attr("start") or 1) if node.tag == "ol" else 0
        out: list[str] = []
        if node.attrs and any(k != "start" for k, _ in node.attrs):
            out.append(_attrs(tuple(a for a in node.attrs if a[0] != "start")))
        for index, item in enumerate(items):
            if node.tag == "ol":
                marker = f"{start + index}{_NUMBERS[alternate]} "
            else:
                marker = f"{_BULLETS[alternate]} "
            if index and not tight:
                out.append("")
            out += _item(marker, self.item(item, tight))
        return out

    def item(self, item: Element, tight: bool) -> list[str]:
        if not tight:
            return self.blocks(item.children)
        out: list[str] = []
        for inline, run in normal_blocks.runs(item.children):
            if inline:
                out += self.inline(run).split("\n")
            else:
                out += self.blocks(tuple(run), tight=True)
        return out

    def table(self, node: Element) -> list[str]:
        rows = [
            row
            for part in node.children
            if isinstance(part, Element)
            for row in (part.children if part.tag in ("thead", "tbody") else (part,))
            if isinstance(row, Element) and row.tag == "tr"
        ]
        lines = []
        for number, row in enumerate(rows):
            cells = [c for c in row.children if isinstance(c, Element)]
            lines.append("| " + " | ".join(self.inline(c.children, "cell") for c in cells) + " |")
            if number == 0:
                lines.append("|" + "|".join(_rule(c) for c in cells) + "|")
        return lines

    def footnote(self, label: int, blocks: tuple[Node, ...]) -> list[str]:
        """`[^N]: text`, the note's further blocks indented under it; a note that does not
        open with a paragraph starts on the next line (a fence beside `[^N]:` is misread)."""
        lines = self.blocks(blocks)
        indented = [f"    {line}" if line else "" for line in lines]
        first = blocks[0] if blocks else None
        if isinstance(first, Element) and first.tag == "p" and not first.attrs:
            return [f"[^{label}]: {lines[0]}", *indented[1:]]
        return [f"[^{label}]:", *indented]


def _item(marker: str, lines: list[str]) -> list[str]:
    if not lines:
        return [marker.rstrip()]
    indent = " " * len(marker)
    first = (marker + lines[0]).rstrip() if lines[0] else marker.rstrip()
    return [first, *(indent + line if line else "" for line in lines[1:])]


def _prefixed(lines: list[str], prefix: str, blank: str) -> list[str]:
    return [prefix + line if line else blank for line in lines] or [blank]


def _fence(node: Element) -> list[str]:
    code = "".join(
        leaf.text
        for child in node.children
        for leaf in (child.children if isinstance(child, Element) else (child,))
        if isinstance(leaf, Code)
    )
    longest = max((len(run) for line in code.split("\n") for run in _runs(line, "`")), default=0)
    fence = "`" * max(3, longest + 1)
    body = code[:-1] if code.endswith("\n") else code
    return [fence, *(body.split("\n") if code else []), fence]


def _runs(line: str, char: str) -> list[str]:
    stripped = line.lstrip(" ")
    run = stripped[: len(stripped) - len(stripped.lstrip(char))]
    return [run] if run else []


def _rule(cell: Element) -> str:
    align = cell.attr("class").removeprefix("align-")
    return {"left": ":---", "center": ":---:", "right": "---:"}.get(align, "---")
