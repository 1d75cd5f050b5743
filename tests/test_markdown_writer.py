"""writers.markdown: what it writes, readers.markdown reads back as the same chapter."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.model import (
    AUTHORS_NOTE,
    NOTEREF,
    SCENE_BREAK,
    Code,
    Element,
    Footnote,
    Node,
    Text,
    with_pictures,
)  # fmt: skip
from builder.readers import markdown
from builder.readers.split import take_title
from builder.writers import normal, normal_blocks
from builder.writers.markdown import chapter

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BOOKS = Path(__file__).parent / "books"
PICTURES = ("images/pic.png", "images/a b&c(1).png")

# Text an author may type that looks like Markdown, next to plain words and other scripts.
_SNIPPETS = [
    *"abcxyzAZ019 .,;:!?'\"()-_*#>+=|[]{}<>\\`~^&@$%/",
    "\n", "\t", "\u00a0", "é", "“", "”", "—", "😀", "中文", "\u2003",
    "word", "snake_case", "&amp;", "&#42;", "&copy", "1. ", "12) ", "- ", "+ ", "* ", "# ",
    "> ", "---", "***", "___", "===", "```", "~~~", "    ", "[^1]:", "{.x}", "{#id}",
    "<https://a.b>", "![x](y)", "[a](b)", "H~2~O", "2^10^", "~~", "**", "__", " \\",
]  # fmt: skip
_text = st.lists(st.sampled_from(_SNIPPETS), min_size=1, max_size=8).map("".join)
_word = st.text(st.sampled_from("ab1é_*.-!"), min_size=1, max_size=4)
_HREFS = ["https://example.com/a_b*c", "https://example.org/x?y=1&z=2", "#frag",
          "mailto:someone@example.com", "https://example.com/(paren)"]  # fmt: skip


def _leaf() -> st.SearchStrategy[Node]:
    return st.one_of(
        _text.map(Text),
        _text.map(Text),
        st.just(Element("br")),
        st.integers(1, 3).map(lambda n: Element(NOTEREF, (), (("note", str(n)),))),
        _text.map(lambda t: Element("code", (Code(t),))),
        st.builds(
            lambda src, alt, title: Element(
                "img", (), (("src", src), ("alt", alt)) + ((("title", title),) if title else ())
            ),
            st.sampled_from(PICTURES),
            _text,
            st.sampled_from(["", 'A "quoted" \\ title']),
        ),
        st.sampled_from(["https://example.com/x_y", "mailto:a@b.org"]).map(
            lambda u: Element("a", (Code(u.removeprefix("mailto:")),), (("href", u),))
        ),
    )


def _no_links(nodes: list[Node]) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag == "a":
            out.extend(_no_links(list(node.children)))
        elif isinstance(node, Element):
            out.append(replace(node, children=_no_links(list(node.children))))
        else:
            out.append(node)
    return tuple(out)


def _extend(inner: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    children = st.lists(inner, min_size=1, max_size=3)
    return st.one_of(
        st.builds(lambda c: Element("em", tuple(c)), children),
        st.builds(lambda c: Element("strong", tuple(c)), children),
        st.builds(lambda c: Element("s", tuple(c)), children),
        st.builds(lambda c: Element("span", tuple(c), (("class", "smallcaps"),)), children),
        st.builds(lambda c: Element("span", tuple(c), (("lang", "fr"),)), children),
        st.builds(
            lambda c, href: Element("a", _no_links(c), (("href", href),)),
            children,
            st.sampled_from(_HREFS),
        ),
        st.builds(lambda t: Element("sup", (Text(t),)), _word),
        st.builds(lambda t: Element("sub", (Text(t),)), _word),
    )


_inline = st.lists(st.recursive(_leaf(), _extend, max_leaves=6), min_size=1, max_size=5).map(tuple)


def _table(rows: list[list[tuple[Node, ...]]], align: str) -> Element:
    width = len(rows[0])
    attrs = (("class", f"align-{align}"),) if align else ()

    def row(cells: list[tuple[Node, ...]], tag: str) -> Element:
        return Element("tr", tuple(Element(tag, c, attrs) for c in cells[:width]))

    body = [r + [()] * (width - len(r)) for r in rows[1:]]
    return Element(
        "table",
        (
            Element("thead", (row(rows[0], "th"),)),
            Element("tbody", tuple(row(r, "td") for r in body)),
        ),
    )


_leaf_blocks = st.one_of(
    _inline.map(lambda c: Element("p", c)),
    _inline.map(lambda c: Element("p", c)),
    st.builds(lambda n, c: Element(f"h{n}", c), st.integers(2, 6), _inline),
    st.builds(lambda c: Element("h2", c, (("id", "a-b"), ("class", "x y"))), _inline),
    st.builds(lambda c: Element("p", c, (("class", "letter"),)), _inline),
    _text.map(lambda t: Element("pre", (Element("code", (Code(t),)),))),
    st.just(Element(SCENE_BREAK)),
    st.builds(
        _table,
        st.lists(st.lists(_inline, min_size=1, max_size=3), min_size=2, max_size=3),
        st.sampled_from(["", "left", "center", "right"]),
    ),
)


def _containers(inner: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    blocks = st.lists(inner, min_size=1, max_size=3).map(tuple)
    item = st.one_of(blocks, _inline, st.tuples(_inline, blocks).map(lambda p: p[0] + p[1]))
    items = st.lists(item.map(lambda c: Element("li", c)), min_size=1, max_size=3).map(tuple)
    return st.one_of(
        blocks.map(lambda c: Element("blockquote", c)),
        blocks.map(lambda c: Element(AUTHORS_NOTE, c)),
        items.map(lambda i: Element("ul", i)),
        st.builds(
            lambda i, n: Element("ol", i, (("start", str(n)),) if n != 1 else ()),
            items,
            st.integers(0, 12),
        ),
    )


_blocks = st.lists(st.recursive(_leaf_blocks, _containers, max_leaves=5), max_size=5).map(tuple)


@st.composite
def _chapters(draw: st.DrawFn) -> tuple[tuple[Node, ...], tuple[Node, ...], tuple[Footnote, ...]]:
    title = draw(_inline)
    blocks = draw(_blocks)
    notes = tuple(
        Footnote(n, draw(st.lists(_leaf_blocks, min_size=1, max_size=2).map(tuple)))
        for n in (1, 2, 3)
    )
    return title, blocks, notes


# --- what the file must read back as -----------------------------------------------------


def _expected(
    title: tuple[Node, ...], blocks: tuple[Node, ...], notes: tuple[Footnote, ...]
) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """The chapter in writable form, notes numbered as Markdown numbers them."""
    order = normal.footnotes((Element("h1", title), *blocks), notes)
    numbers = {old: new for new, old in enumerate(order, 1)}
    seen: dict[int, int] = {}
    body = _renumber(normal_blocks.blocks((Element("h1", title), *blocks)), numbers, seen)
    by_number = {note.number: note for note in notes}
    written = tuple(
        Footnote(
            numbers[old], _renumber(normal_blocks.blocks(by_number[old].blocks), numbers, seen)
        )
        for old in order
    )
    return body, written


def _blocks_of(note: Footnote) -> tuple[Node, ...]:
    return normal_blocks.blocks(note.blocks)


def _renumber(nodes: tuple[Node, ...], numbers: dict[int, int], seen: dict[int, int]) -> tuple:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag == NOTEREF:
            new = numbers[int(node.attr("note"))]
            seen[new] = count = seen.get(new, 0) + 1
            ref = f"{new}-{count}" if count > 1 else str(new)
            out.append(Element(NOTEREF, (), (("note", str(new)), ("ref", ref))))
        elif isinstance(node, Element):
            attrs = node.attrs
            if node.tag == "img":  # the reader gives the picture's path in the book
                attrs = tuple((k, v.removeprefix("../")) for k, v in attrs)
            out.append(Element(node.tag, _renumber(node.children, numbers, seen), attrs))
        else:
            out.append(node)
    return tuple(out)


def _unlined(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """Nodes without their source lines, and adjacent texts as one (as Markdown has them;
    the reader gives an empty text beside some delimiters, which is no text at all)."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text) and not node.text:
            continue
        if isinstance(node, Element):
            node = Element(node.tag, _unlined(node.children), node.attrs)
        if out and type(out[-1]) is Text and type(node) is Text:
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def _relative(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """Pictures named from manuscript/, as the importer gives them."""
    return with_pictures(nodes, lambda src: "../" + src)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("book")
    (root / "images").mkdir()
    for picture in PICTURES:
        (root / picture).write_bytes(b"\x89PNG")
    return root


def _read(root: Path, text: str) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    blocks, notes = markdown.read(root, "manuscript/01.md", text)
    return _unlined(blocks), tuple(Footnote(n.number, _unlined(n.blocks)) for n in notes)


@settings(
    max_examples=200,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_chapters())
@example(  # found by hypothesis: white space ending a heading that has attributes
    (
        (Text("a"),),
        (Element("p", (Text("a"),)),),
        (Footnote(1, (Element("h2", (Text("\n"),), (("id", "a-b"), ("class", "x y"))),)),),
    )
)
def test_any_chapter_reads_back_as_written(book: Path, drawn: tuple) -> None:
    title, blocks, notes = drawn
    notes = tuple(Footnote(n.number, _relative(n.blocks)) for n in notes)
    text = chapter(_relative(title), _relative(blocks), notes)
    body, read_notes = _read(book, text)
    expected_body, expected_notes = _expected(title, blocks, notes)
    got = (body, *(n.blocks for n in read_notes))
    wanted = (_unlined(expected_body), *(_unlined(n.blocks) for n in expected_notes))
    assert got == wanted, f"{text}\n{_difference(got, wanted)}"
    assert [n.number for n in read_notes] == [n.number for n in expected_notes]


def _difference(got: object, wanted: object) -> str:
    """The smallest part of two trees that differs (for a readable failure)."""
    if isinstance(got, tuple) and isinstance(wanted, tuple) and len(got) == len(wanted):
        for a, b in zip(got, wanted, strict=True):
            if a != b:
                return _difference(a, b)
    same = isinstance(got, Element) and isinstance(wanted, Element) and got.tag == wanted.tag
    if same and got.attrs == wanted.attrs:  # type: ignore[union-attr]
        return _difference(got.children, wanted.children)  # type: ignore[union-attr]
    return f"got:    {got!r}\nwanted: {wanted!r}"


def _markdown_chapters() -> list[Path]:
    found = sorted(BOOKS.glob("*/manuscript/*.md"))
    found += sorted((CORPUS / "pride-and-prejudice" / "manuscript").glob("*.md"))
    return found


@pytest.mark.parametrize("path", _markdown_chapters(), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_real_chapters_read_back_the_same(path: Path) -> None:
    root, source = path.parent.parent, f"manuscript/{path.name}"
    blocks, notes = markdown.read(root, source, path.read_text(encoding="utf-8"))
    title, rest = take_title(blocks)
    moved = tuple(Footnote(n.number, _relative(n.blocks)) for n in notes)
    text = chapter(_relative(title), _relative(rest), moved)
    again, again_notes = markdown.read(root, source, text)
    assert _unlined(again) == _unlined((Element("h1", title), *rest))
    assert [(n.number, _unlined(n.blocks)) for n in again_notes] == [
        (n.number, _unlined(n.blocks)) for n in notes
    ]


def _text_chapters() -> list[Path]:
    return sorted(BOOKS.glob("*/manuscript/*.txt")) + sorted(
        (CORPUS / "last-morning" / "manuscript").glob("*.txt")
    )


@pytest.mark.parametrize("path", _text_chapters(), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_plain_text_chapters_read_back_the_same(path: Path) -> None:
    """What the plain-text reader makes (paste-style text, straight quotes, `*` and `_`
    emphasis, A/N notes) comes back from the Markdown written for it."""
    from builder.readers import chapters

    root, source = path.parent.parent, f"manuscript/{path.name}"
    (read,) = chapters(root, source, path.read_text(encoding="utf-8"), 1)
    text = chapter(read.title, read.blocks, read.notes)
    again, _ = markdown.read(root, "manuscript/01.md", text)
    assert _unlined(again) == _unlined(
        normal_blocks.blocks((Element("h1", read.title), *read.blocks))
    )
