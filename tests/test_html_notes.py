"""Notes in HTML found by their pair of links, and links that are not notes left alone.

The real pages (pandoc's, LibreOffice's) are in test_real_docs.py; these pages keep only the
shape that decides: Google Docs' web-page export, for which no public file could be found,
and the look-alikes that must not become notes (a contents list, links back to the top).
"""

from __future__ import annotations

from pathlib import Path

from builder.model import NOTEREF, SCENE_BREAK, Element, Node, plain_text
from builder.readers import html


def read(page: str) -> tuple[tuple[Node, ...], list[str]]:
    blocks, notes = html.read(Path("."), "page.html", page.encode("utf-8"))
    return blocks, [plain_text(n.blocks[0].children).strip() for n in notes]  # type: ignore[union-attr]


def noterefs(blocks: tuple[Node, ...]) -> list[str]:
    found: list[str] = []
    for node in blocks:
        if isinstance(node, Element):
            found += [node.attr("note")] if node.tag == NOTEREF else noterefs(node.children)
    return found


def test_google_docs_notes_come_across_without_their_markers() -> None:
    # Google Docs' "Web page" export: <sup><a id="ftnt_ref1" href="#ftnt1">[1]</a></sup> in
    # the text, and at the end <div><p><a id="ftnt1" href="#ftnt_ref1">[1]</a> text</p></div>.
    blocks, notes = read(
        '<html><body><p class="c1"><span>Rain.</span><sup><a href="#ftnt1" id="ftnt_ref1">[1]'
        '</a></sup><span> Snow.</span><sup><a href="#ftnt2" id="ftnt_ref2">[2]</a></sup></p>'
        '<hr class="c2"><div><p class="c3"><a href="#ftnt_ref1" id="ftnt1">[1]</a>'
        '<span class="c4">&nbsp;The first.</span></p></div><div><p class="c3">'
        '<a href="#ftnt_ref2" id="ftnt2">[2]</a><span> The second.</span></p></div>'
        "</body></html>"
    )
    assert notes == ["The first.", "The second."]
    assert noterefs(blocks) == ["1", "2"]
    assert plain_text(blocks[0].children) == "Rain. Snow."  # type: ignore[union-attr]


def test_a_contents_list_and_back_to_top_links_are_not_notes() -> None:
    page = (
        '<html><body><ul id="toc"><li><a id="to-one" href="#one">One</a></li></ul>'
        '<div id="one"><h2>One</h2><p>Text.</p><p><a href="#toc">Back to the top</a></p></div>'
        "</body></html>"
    )
    blocks, notes = read(page)
    assert notes == []
    assert [b.tag for b in blocks if isinstance(b, Element)] == ["ul", "h2", "p", "p"]


def test_a_note_that_links_back_to_the_wrong_place_is_not_a_note() -> None:
    # The target comes after the link but does not link back to it: an ordinary jump.
    blocks, notes = read(
        '<html><body><p><a id="r" href="#later">see below</a></p>'
        '<div id="later"><p>Below, <a href="#elsewhere">elsewhere</a>.</p></div></body></html>'
    )
    assert notes == []
    assert plain_text(blocks[1].children) == "Below, elsewhere."  # type: ignore[union-attr]


def test_pandoc_notes_list_leaves_no_scene_break() -> None:
    blocks, notes = read(
        '<html><body><p>Text.<a href="#fn1" class="footnote-ref" id="fnref1" '
        'role="doc-noteref"><sup>1</sup></a></p><section id="footnotes" '
        'class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr /><ol>'
        '<li id="fn1"><p>The note.<a href="#fnref1" class="footnote-back" '
        'role="doc-backlink">↩︎</a></p></li></ol></section></body></html>'
    )
    assert notes == ["The note."]
    assert not any(isinstance(b, Element) and b.tag == SCENE_BREAK for b in blocks)
