"""HTML and Word chapters: real documents made by other programs, read into the model."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from lxml import etree

from builder import pipeline, readers
from builder.checks import runner
from builder.model import NOTEREF, SCENE_BREAK, Chapter, Element, iter_elements, plain_text
from tests.conftest import assert_epubcheck_clean, build_epub, unzip
from tests.hostile.conftest import invoke

XHTML = "{http://www.w3.org/1999/xhtml}"


def _word_file() -> bytes:
    """A chapter as Word saves it, made by python-docx (not by this project)."""
    document = docx.Document()
    document.add_heading("The Crossing", level=1)
    para = document.add_paragraph("She read ")
    para.add_run("The Odyssey").italic = True
    para.add_run(" twice, and ")
    para.add_run("loudly").bold = True
    para.add_run(", at the ")
    para.add_run("Ritz").font.small_caps = True
    para.add_run(".")
    document.add_paragraph("Bread", style="List Bullet")
    document.add_paragraph("Salt", style="List Bullet")
    document.add_paragraph("* * *")
    document.add_paragraph("Morning came.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _chapter(root: Path, source: str) -> Chapter:
    (chapter,) = pipeline.read(pipeline.load_config(root)).accepted()
    assert chapter.source == source
    return chapter


def _tags(chapter: Chapter) -> list[str]:
    return [e.tag for e in iter_elements(chapter.blocks)]


def _chapter_xhtml(epub: Path) -> etree._Element:
    files = unzip(epub)
    (name,) = [n for n in files if "chapter-001" in n]
    return etree.fromstring(files[name])


def test_word_chapter_comes_across(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01-crossing.docx": _word_file()})
    chapter = _chapter(root, "manuscript/01-crossing.docx")
    assert chapter.title_text == "The Crossing"
    tags = _tags(chapter)
    assert {"em", "strong", "ul", "li"} <= set(tags)
    assert {e.line for e in chapter.blocks if isinstance(e, Element)} == {0}  # no lines in Word
    spans = [e for e in iter_elements(chapter.blocks) if e.tag == "span"]
    assert [(plain_text(s.children), s.attr("class")) for s in spans] == [("Ritz", "smallcaps")]
    epub = build_epub(root)
    assert_epubcheck_clean(epub)
    page = _chapter_xhtml(epub)
    assert page.find(f".//{XHTML}em").text == "The Odyssey"
    assert page.find(f".//{XHTML}hr[@class='scene-break']") is not None
    assert [li.text for li in page.iter(f"{XHTML}li")] == ["Bread", "Salt"]


AO3 = """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><title>Last Morning</title>
<style>body { color: red }</style></head>
<body>
<div id="chapters" class="userstuff">
<div class="meta group"><h2 class="heading">Chapter 1: The Kettle</h2></div>
<div class="userstuff">
<p>The kettle had <em>already</em> boiled.</p>
<p>&nbsp;</p>
<p>~</p>
<p>She said<sup><a href="#fn1" epub:type="noteref" id="r1">1</a></sup> nothing.</p>
<blockquote><p>Quoted, in <span style="font-variant: small-caps">Small Caps</span>.</p></blockquote>
<p><a href="https://archiveofourown.org/">AO3</a> and <a href="#top">top</a>.</p>
</div>
<aside epub:type="footnote" id="fn1"><p>The note.</p></aside>
</div>
</body></html>
"""


def test_ao3_download_builds(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.html": AO3})
    chapter = _chapter(root, "manuscript/01.html")
    assert chapter.title_text == "Chapter 1: The Kettle"
    assert [e.line for e in chapter.blocks if isinstance(e, Element)][:2] == [8, 10]
    assert [plain_text(note.blocks) for note in chapter.notes] == ["The note."]
    assert NOTEREF in _tags(chapter)
    assert "red" not in plain_text(chapter.blocks)  # the stylesheet is not text
    epub = build_epub(root)
    assert_epubcheck_clean(epub)
    page = _chapter_xhtml(epub)
    assert page.find(f".//{XHTML}em").text == "already"
    assert page.find(f".//{XHTML}hr[@class='scene-break']") is not None
    assert page.find(f".//{XHTML}blockquote//{XHTML}span[@class='smallcaps']") is not None
    links = [a.get("href") for a in page.iter(f"{XHTML}a")]
    assert "https://archiveofourown.org/" in links
    assert "#top" not in links  # ids are not carried, so a link to one is text only


MAMMOTH = (
    '<h1>One</h1><p>Text<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>.</p>'
    '<ol><li id="footnote-1"><p> A note. <a href="#footnote-ref-1">↑</a></p></li></ol>'
)


def test_mammoth_footnotes_are_notes(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.htm": MAMMOTH})
    chapter = _chapter(root, "manuscript/01.htm")
    assert [plain_text(note.blocks).strip() for note in chapter.notes] == ["A note."]
    assert "ol" not in _tags(chapter)  # the list of notes is not text
    refs = [e for e in iter_elements(chapter.blocks) if e.tag == NOTEREF]
    assert [r.attr("note") for r in refs] == ["1"]
    assert "[1]" not in plain_text(chapter.blocks) and "↑" not in plain_text(chapter.blocks)


ENTITY = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<h1>Title</h1><p>Safe &e; text.</p>
</body></html>
"""

HOSTILE = """<!DOCTYPE html>
<html><body onload="steal()">
<h1 onclick="steal()">Title</h1>
<p onmouseover="steal()">Safe text<script>steal()</script>.</p>
<p><a href="javascript:steal()">click</a> <a href="data:text/html,x">data</a></p>
<iframe src="https://evil.example/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example/"><input name="q" value="typed"></form>
<!-- a comment --><?php echo 1; ?>
<p>End.</p>
</body></html>
"""


def test_hostile_html_carries_nothing(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.xhtml": HOSTILE})
    chapter = _chapter(root, "manuscript/01.xhtml")
    text = plain_text(chapter.blocks)
    assert "root:" not in text and "steal" not in text and "typed" not in text
    assert "click" in text and "End." in text
    epub = build_epub(root)
    page = b"".join(data for name, data in unzip(epub).items() if name.endswith("xhtml"))
    for bad in (b"steal", b"javascript", b"onclick", b"onload", b"iframe", b"evil", b"root:"):
        assert bad not in page, bad
    for bad in (b"<object", b"<embed", b"<form", b"<input", b"comment", b"php", b"data:"):
        assert bad not in page, bad
    assert_epubcheck_clean(epub)


def test_external_entity_is_not_read(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.xhtml": ENTITY})
    chapter = _chapter(root, "manuscript/01.xhtml")
    assert chapter.title_text == "Title"
    assert plain_text(chapter.blocks) == "Safe  text."  # the entity is left out, unread
    epub = build_epub(root)
    page = b"".join(unzip(epub).values())
    assert b"root:" not in page and b"passwd" not in page


def test_renamed_text_is_not_a_word_file(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.docx": "# Not Word\n\nJust text.\n"})
    result = invoke("build", str(root), "--format", "epub")
    lines = result.output.strip().splitlines()
    assert result.status == 1, result.output
    assert len(lines) == 1 and "error[F007]" in lines[0] and "manuscript/01.docx" in lines[0]
    assert "Traceback" not in result.output
    report = runner.check(root, epubcheck=False)
    assert ("F007", "manuscript/01.docx") in [(f.code, f.file) for f in report.findings]


def test_truncated_word_file(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.docx": _word_file()[:2000]})
    result = invoke("build", str(root), "--format", "epub")
    assert result.status == 1 and "error[F007]" in result.output, result.output


def test_word_zip_bomb_is_refused(make_book: Callable[..., Path]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_word_file())) as word, zipfile.ZipFile(out, "w") as bomb:
        for item in word.infolist():
            bomb.writestr(item, word.read(item))
        bomb.writestr("word/media/padding.bin", bytes(65 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    assert len(out.getvalue()) < 1024 * 1024
    root = make_book(files={"manuscript/01.docx": out.getvalue()})
    result = invoke("build", str(root), "--format", "epub")
    assert result.status == 1 and "error[F004]" in result.output, result.output
    assert "unpacks to more than 64 MB" in result.output


def test_check_reads_html_and_word_chapters(make_book: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = {"manuscript/01.docx": _word_file(), "manuscript/02.html": AO3}
    root = make_book(files=files)
    report = runner.check(root)
    assert report.errors == 0, report.findings
    assert report.epubcheck == "no problems", report.epubcheck
    assert readers.is_markup("manuscript/02.html") and not readers.is_markup("a.md")


def test_default_contents_find_html_and_word(make_book: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = {
        "manuscript/01.md": "# One\n\nText.\n",
        "manuscript/02.html": '<h2>Two</h2><p><a href="01.md">Back</a>.</p>',
        "manuscript/03.docx": _word_file(),
    }
    root = make_book(files=files)
    reading = pipeline.read(pipeline.load_config(root))
    titles = [c.title_text for c in reading.accepted()]
    assert titles == ["One", "Two", "The Crossing"]
    links = [e for c in reading.accepted() for e in iter_elements(c.blocks)]
    assert [a.attr("href") for a in links if a.tag == "a"] == ["book:manuscript/01.md"]


def test_scene_break_paragraphs(make_book: Callable[..., Path]) -> None:
    root = make_book(files={"manuscript/01.html": "<h1>T</h1><p>A.</p><p>#</p><p>B.</p>"})
    book = pipeline.transform(pipeline.assemble(pipeline.read(pipeline.load_config(root))))
    (chapter,) = book.chapters()
    assert [e.tag for e in chapter.blocks if isinstance(e, Element)] == ["p", SCENE_BREAK, "p"]


def test_pictures_are_book_files(make_book: Callable[..., Path]) -> None:
    picture = (Path(__file__).parent.parent / "images" / "lighthouse.png").read_bytes()
    page = '<h1>T</h1><p><img src="../images/light.png" alt="The light"></p>'
    root = make_book(files={"manuscript/01.html": page, "images/light.png": picture})
    chapter = _chapter(root, "manuscript/01.html")
    (img,) = [e for e in iter_elements(chapter.blocks) if e.tag == "img"]
    assert (img.attr("src"), img.attr("alt")) == ("images/light.png", "The light")
    epub = build_epub(root)
    assert_epubcheck_clean(epub)
    (shown,) = _chapter_xhtml(epub).iter(f"{XHTML}img")
    assert shown.get("alt") == "The light"
    assert picture in unzip(epub).values()


def test_pictures_outside_the_book_are_refused(make_book: Callable[..., Path]) -> None:
    for src, code in (("../../secret.png", "F002"), ("https://example.com/x.png", "M004")):
        page = f'<h1>T</h1><p>Text.</p>\n<p><img src="{src}" alt="x"></p>'
        root = make_book(files={"manuscript/01.html": page})
        result = invoke("build", str(root), "--format", "epub")
        assert result.status == 1 and f"error[{code}]" in result.output, result.output
        assert "manuscript/01.html:2" in result.output, result.output


def test_deep_nesting_is_refused_not_cut(make_book: Callable[..., Path]) -> None:
    # libxml2 stops reading at 256 levels; what follows must not vanish without a word.
    deep = "<blockquote>" * 300 + "x" + "</blockquote>" * 300
    root = make_book(files={"manuscript/01.html": f"<h1>T</h1><p>a</p>{deep}<p>after</p>"})
    result = invoke("build", str(root), "--format", "epub")
    assert result.status == 1 and "error[M005]" in result.output, result.output
    assert "manuscript/01.html" in result.output and "Traceback" not in result.output


def test_small_caps_are_set_in_small_caps() -> None:
    """The shared stylesheet sets the reader's small-caps spans in small capitals."""
    from weasyprint import CSS, HTML

    from builder.render import styles

    html = HTML(string='<p>The <span class="smallcaps">Ritz</span></p>')
    css = CSS(string=styles.house("base.css").decode())
    page = html.render(stylesheets=[css]).pages[0]
    caps = {
        getattr(box, "element_tag", ""): box.style["font_variant_caps"]
        for box in page._page_box.descendants()
        if getattr(box, "element_tag", "") in ("p", "span")
    }
    assert caps == {"p": "normal", "span": "small-caps"}
