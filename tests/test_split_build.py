"""Multi-chapter Word and HTML files: the readers' page breaks, centred lines and blank
paragraphs, the build's chapters from one file, and book check's places in it."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from builder import pipeline
from builder.checks import report, runner
from builder.errors import BookError
from builder.model import PAGE_BREAK, SCENE_BREAK, Element, Node, plain_text
from builder.readers import html, word
from tests.conftest import assert_epubcheck_clean, build_epub, unzip

ROOT = Path(".")
LONG = " ".join(["word"] * 1100) + "."


def _novel(long_paragraph: bool = False) -> bytes:
    """Three chapters as Word saves them (python-docx): Heading 1, a "Chapter N" line, and
    a page break before a centred title; italics; an empty paragraph between scenes."""
    document = docx.Document()
    document.add_heading("The Arrival", level=1)
    para = document.add_paragraph("She read ")
    para.add_run("The Odyssey").italic = True
    para.add_run(" on the train.")
    document.add_paragraph("")
    document.add_paragraph("Later, at the inn.")
    document.add_paragraph("Chapter 2: The Ball").runs[0].bold = True
    document.add_paragraph("They danced.")
    if long_paragraph:
        document.add_paragraph(LONG)
    document.add_paragraph("Somebody said the the same thing twice.")
    document.add_page_break()
    title = document.add_paragraph("The Walk Home")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("It rained.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tags(blocks: tuple[Node, ...]) -> list[str]:
    return [b.tag for b in blocks if isinstance(b, Element)]


def test_word_page_break_and_centred_line() -> None:
    blocks, _ = word.read(ROOT, "manuscript/novel.docx", _novel())
    assert _tags(blocks) == ["h1", "p", SCENE_BREAK, "p", "p", "p", "p", PAGE_BREAK, "p", "p"]
    centred = blocks[-2]
    assert isinstance(centred, Element) and centred.attr("class") == "center"
    assert plain_text(centred.children) == "The Walk Home"


def test_word_centred_heading_keeps_its_style() -> None:
    document = docx.Document()
    document.add_heading("Centred Heading", level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Text.")
    out = io.BytesIO()
    document.save(out)
    blocks, _ = word.read(ROOT, "a.docx", out.getvalue())
    assert _tags(blocks) == ["h1", "p"]


def _html(body: str, style: str = "") -> tuple[Node, ...]:
    page = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    return html.read(ROOT, "manuscript/a.html", page.encode())[0]


def test_html_page_breaks_and_centring() -> None:
    blocks = _html(
        '<p>a</p><p style="page-break-before:always">b</p>'
        '<h2 style="break-before: page">c</h2><p align="center">d</p>'
        '<p style="text-align: center">e</p>'
        '<p>f<br clear="all" style="page-break-before:always"></p>'
    )
    assert _tags(blocks) == ["p", PAGE_BREAK, "p", PAGE_BREAK, "h2", "p", "p", "p", PAGE_BREAK]
    assert [b.attr("class") for b in blocks if isinstance(b, Element) and b.tag == "p"] == [
        "", "", "center", "center", "",
    ]  # fmt: skip


def test_google_docs_classes() -> None:
    """Google Docs' "Web page" export: classes defined in <style>, an hr for a page break."""
    style = ".c1{font-style:italic}.c2{text-align:center;orphans:2}.c3{font-weight:700}"
    blocks = _html(
        '<p class="c4"><span>It was </span><span class="c1">late</span></p>'
        '<hr style="page-break-before:always;display:none">'
        '<p class="c2 c4"><span class="c3">The Walk</span></p>',
        style,
    )
    assert _tags(blocks) == ["p", PAGE_BREAK, "p"]
    first, _, title = blocks
    assert isinstance(first, Element) and isinstance(title, Element)
    assert [e.tag for e in first.children if isinstance(e, Element)] == ["em"]
    assert title.attr("class") == "center"
    assert [e.tag for e in title.children if isinstance(e, Element)] == ["strong"]


def test_blank_paragraphs_in_a_tight_document_are_a_break() -> None:
    blocks = _html("<p></p><p>a</p><p>b</p><p>&nbsp;</p><p>c</p><p>d</p><p></p>")
    assert _tags(blocks) == ["p", "p", SCENE_BREAK, "p", "p"]


def test_blank_paragraphs_as_spacing_need_a_longer_run() -> None:
    spaced = "<p></p>".join(f"<p>{n}</p>" for n in "abcde")
    blocks = _html(spaced + "<p></p><p></p><p>f</p><p></p><p>g</p>")
    assert _tags(blocks) == ["p"] * 5 + [SCENE_BREAK] + ["p", "p"]


def test_blank_paragraphs_next_to_headings_are_spacing() -> None:
    blocks = _html("<h2>T</h2><p></p><p></p><p>a</p><p></p><ul><li>x</li></ul><p>b</p>")
    assert _tags(blocks) == ["h2", "p", "ul", "p"]


def _book(make_book: Callable[..., Path], **extra: str | bytes) -> Path:
    files: dict[str, str | bytes] = {
        "manuscript/01-foreword.md": "# Foreword\n\nSee [the novel](02-novel.docx).\n",
        "manuscript/02-novel.docx": _novel(),
        **extra,
    }
    return make_book(files=files)


def test_multi_chapter_word_file_builds(make_book: Callable[..., Path]) -> None:
    root = _book(make_book, **{"manuscript/03-after.md": "# Afterword\n\nDone.\n"})
    reading = pipeline.read(pipeline.load_config(root))
    chapters = reading.accepted()
    assert [(c.number, c.title_text) for c in chapters] == [
        (1, "Foreword"), (2, "The Arrival"), (3, "Chapter 2: The Ball"), (4, "The Walk Home"),
        (5, "Afterword"),
    ]  # fmt: skip
    epub = build_epub(root)
    assert_epubcheck_clean(epub)
    files = unzip(epub)
    nav = etree.fromstring(files["EPUB/text/nav.xhtml"])
    toc = nav.xpath("//*[local-name()='nav'][@*[local-name()='type']='toc']//*[local-name()='a']")
    assert [a.text for a in toc][-5:] == [c.title_text for c in chapters]
    # The link to the file goes to its first chapter.
    foreword = etree.fromstring(files["EPUB/text/chapter-001.xhtml"])
    hrefs = foreword.xpath("//*[local-name()='a']/@href")
    assert "chapter-002.xhtml" in hrefs
    ball = files["EPUB/text/chapter-003.xhtml"].decode()
    assert "They danced." in ball and "It rained." not in ball


def test_check_places_findings_by_chapter_and_paragraph(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/novel.docx": _novel(long_paragraph=True)})
    found = runner.check(root, epubcheck=False)
    places = {(f.code, f.place) for f in found.findings}
    assert ("T012", "chapter 2 “Chapter 2: The Ball”, paragraph 2") in places
    assert ("T002", "chapter 2 “Chapter 2: The Ball”, paragraph 3") in places
    assert all(f.line is None for f in found.findings if f.file == "manuscript/novel.docx")
    # In reading order, not by code: paragraph 2's T012 before paragraph 3's T002.
    codes = [f.code for f in found.findings if f.code in ("T002", "T012")]
    assert codes == ["T012", "T002"]
    annotations = report.as_github(found)
    assert "file=manuscript/novel.docx,title=T012::chapter 2 “Chapter 2" in annotations
    (long,) = [f for f in json.loads(report.as_json(found)) if f["code"] == "T012"]
    assert long["place"] == "chapter 2 “Chapter 2: The Ball”, paragraph 2"


def test_multi_chapter_word_file_in_the_pdf(make_book: Callable[..., Path]) -> None:
    """Each chapter of the file is a chapter of the PDF: its bookmarks, its contents."""
    from pypdf import PdfReader

    root = _book(make_book)
    (pdf,) = pipeline.build(root, ("pdf",), "digital")
    outline = [item["/Title"] for item in PdfReader(pdf).outline]
    assert outline == ["Foreword", "The Arrival", "Chapter 2: The Ball", "The Walk Home"]


def test_centred_paragraph_is_centred_in_the_book(make_book: Callable[..., Path]) -> None:
    import tinycss2

    root = make_book(files={"manuscript/01.html": '<h1>T</h1><p>a</p><p align="center">Fin</p>'})
    files = unzip(build_epub(root))
    chapter = etree.fromstring(files["EPUB/text/chapter-001.xhtml"])
    assert chapter.xpath("//*[local-name()='p'][@class='center']/text()") == ["Fin"]
    sheet = tinycss2.parse_stylesheet(files["EPUB/styles/base.css"].decode(), True, True)
    rules = {tinycss2.serialize(r.prelude).strip(): tinycss2.serialize(r.content) for r in sheet
             if r.type == "qualified-rule"}  # fmt: skip
    assert "text-align: center" in rules["p.center"]


def test_blank_paragraphs_are_settled_for_any_element_read() -> None:
    """Another reader (AO3's) hands in one chapter's element: no blank mark leaks out."""
    tree = html.parse("a.html", b"<div><p>a</p><p>b</p><p></p><p>c</p><p></p></div>")
    (chapter,) = tree.xpath("//div")
    blocks = html._Reader(ROOT, "a.html", tree, False).blocks(chapter)
    assert _tags(blocks) == ["p", "p", SCENE_BREAK, "p"]


def test_build_error_in_a_word_or_html_chapter_names_the_chapter(
    make_book: Callable[..., Path],
) -> None:
    html_file = '<h1>Two</h1><p>a</p><h1>Three</h1><p><a href="gone.md">b</a></p>'
    root = make_book(files={"manuscript/01.html": html_file})
    with pytest.raises(BookError) as refused:
        build_epub(root)
    assert str(refused.value).startswith("manuscript/01.html (chapter “Three”): error[R002]")
