"""Hostile documents for `book import`: nothing read outside them, nothing fetched, nothing
that runs carried into the book, nothing written outside DIR or into a folder in use."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.hostile.conftest import MARKER, invoke
from tests.test_import import word_file


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _refused(tmp_path: Path, name: str, content: bytes, code: str) -> str:
    """Import NAME: exit 1, one line naming it with CODE; no folder, no temporary left."""
    source = tmp_path / name
    source.write_bytes(content)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke("import", str(source), str(tmp_path / "book"))
    assert result.status == 1, result.output
    (line,) = result.output.strip().splitlines()
    assert f"error[{code}]" in line and str(source) in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    return line


def _imported(tmp_path: Path, name: str, content: bytes) -> tuple[Path, str]:
    source = tmp_path / name
    source.write_bytes(content)
    result = invoke("import", str(source), str(tmp_path / "book"))
    assert result.status == 0, result.output
    assert "Traceback" not in result.output
    return tmp_path / "book", result.output


def _with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The Word file DATA with some parts replaced or added (as a hostile tool would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as word, zipfile.ZipFile(out, "w") as changed:
        for item in word.infolist():
            if item.filename not in parts:
                changed.writestr(item, word.read(item))
        for name, content in parts.items():
            changed.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as word:
        return word.read(name)


def test_non_empty_folder_is_untouched(tmp_path: Path) -> None:
    """A folder with anything in it: exit 1, one line, the folder as it was, no leftovers."""
    target = tmp_path / "book"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / "story.docx").write_bytes(word_file())
    result = invoke("import", str(tmp_path / "story.docx"), str(target))
    assert result.status == 1, result.output
    (line,) = result.output.strip().splitlines()
    assert line == f"error: {target} already exists and is not empty"
    assert _files(target) == {"notes.txt": b"mine\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book", "story.docx"]


def test_empty_folder_is_used(tmp_path: Path) -> None:
    """An empty folder is a fine DIR (as `book new` takes one)."""
    (tmp_path / "book").mkdir()
    root, _ = _imported(tmp_path, "story.docx", word_file())
    assert (root / "book.yaml").is_file()


def test_text_named_docx(tmp_path: Path) -> None:
    _refused(tmp_path, "story.docx", b"# Not Word\n\nJust text.\n", "F007")


def test_word_file_named_html(tmp_path: Path) -> None:
    _refused(tmp_path, "story.html", word_file(), "F005")


def test_truncated_docx(tmp_path: Path) -> None:
    _refused(tmp_path, "story.docx", word_file()[:3000], "F007")


def test_zip_bomb_docx(tmp_path: Path) -> None:
    padding = {"word/media/padding.bin": bytes(65 * 1024 * 1024)}
    bomb = _with_parts(word_file(), padding)
    assert len(bomb) < 1024 * 1024
    assert "unpacks to more than 64 MB" in _refused(tmp_path, "story.docx", bomb, "F004")


def test_relationships_outside_the_file(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    """A picture whose relationship leads out of the zip (../../etc/passwd) or to a web
    address: reported where it was, never read or fetched."""
    url, requests = server
    data = word_file()
    rels = _part(data, "word/_rels/document.xml.rels")
    # The picture's relationship, once to a path outside the zip, once to the server.
    outside = rels.replace(b"media/image1.png", b"../../../../../etc/passwd")
    root, output = _imported(tmp_path, "outside.docx", _with_parts(data, {
        "word/_rels/document.xml.rels": outside}))  # fmt: skip
    assert "1 missing picture not found" in output and "picture 1 ('The lighthouse')" in output
    assert not (root / "images").exists()
    remote = rels.replace(b'Target="media/image1.png"', f'Target="{url}/x.png"'.encode())
    remote = remote.replace(b"/image1.png", b"/image1.png")
    document = _part(data, "word/document.xml").replace(b"r:embed=", b"r:link=")
    rels_external = remote.replace(
        f'Target="{url}/x.png"'.encode(), f'Target="{url}/x.png" TargetMode="External"'.encode()
    )
    parts = {"word/_rels/document.xml.rels": rels_external, "word/document.xml": document}
    (tmp_path / "book2").mkdir()
    source = tmp_path / "remote.docx"
    source.write_bytes(_with_parts(data, parts))
    result = invoke("import", str(source), str(tmp_path / "book2"))
    assert result.status == 0, result.output
    assert "1 remote image not fetched" in result.output
    assert requests == []


def test_external_entity_in_document_xml(tmp_path: Path, secret: Path) -> None:
    """An external entity in document.xml is left out, unread."""
    data = word_file()
    document = _part(data, "word/document.xml")
    declaration, _, rest = document.partition(b"?>")
    external = (
        declaration + b'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://'
        + str(secret).encode() + b'">]>' + rest.replace(b"She read ", b"She read &xxe;")
    )  # fmt: skip
    hostile = _with_parts(data, {"word/document.xml": external})
    root, _ = _imported(tmp_path, "xxe.docx", hostile)  # the entity is left out, unread
    text = "".join(p.read_text("utf-8") for p in (root / "manuscript").iterdir())
    assert MARKER not in text and "She read *The Odyssey*" in text


def test_entity_expansion_in_document_xml(tmp_path: Path) -> None:
    """Billion laughs is refused by the XML parser, as a file that is no Word document."""
    data = word_file()
    declaration, _, rest = _part(data, "word/document.xml").partition(b"?>")
    laughs = b"".join(
        b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
        % ((n,) + (n - 1,) * 10)
        for n in range(1, 10)
    )
    bomb = (
        declaration + b'?><!DOCTYPE w:document [<!ENTITY l0 "ha">' + laughs + b"]>"
        + rest.replace(b"She read ", b"She read &l9;")
    )  # fmt: skip
    _refused(tmp_path, "laughs.docx", _with_parts(data, {"word/document.xml": bomb}), "F007")


HOSTILE_PAGE = b"""<html><head><title>Evil</title><script>steal()</script></head>
<body onload="steal()">
<h1 onclick="steal()">Chapter</h1>
<p>Safe <a href="javascript:steal()">click</a> <a href=" java\tscript:steal()">again</a>.</p>
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="q" value="typed"></form>
<object data="x.swf"></object><embed src="x.swf">
<p><img src="../secret.png" alt="outside"><img src="SERVER/x.png" alt="remote"></p>
<p><img src="link.png" alt="linked out"><img src="data:image/svg+xml,SVG" alt="svg"></p>
<p>End.</p>
</body></html>
"""


def test_web_page_with_scripts(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    """Scripts, handlers, frames, forms and script links reach no Markdown, and each is
    reported at its line; pictures outside the page's folder or on the web stay out."""
    url, requests = server
    (tmp_path / "secret.png").write_bytes(MARKER.encode())
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "link.png").symlink_to(tmp_path / "secret.png")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="steal()"><rect/></svg>'
    page = HOSTILE_PAGE.replace(b"SERVER", url.encode()).replace(b"SVG", quote(svg).encode())
    root, output = _imported(tmp_path / "page", "evil.html", page)
    text = "".join(p.read_text("utf-8") for p in (root / "manuscript").iterdir())
    for bad in ("steal", "script", "onclick", "iframe", "evil.example", "typed", MARKER, "swf"):
        assert bad not in text, bad
    assert "Safe click again." in text.replace("\\", "")
    counts = output.splitlines()[1]
    for expected in ("1 script dropped", "2 event handlers dropped", "2 script links dropped",
                     "1 frame dropped", "1 form dropped", "2 embedded objects dropped",
                     "2 missing pictures not found", "1 remote image not fetched",
                     "1 unsafe picture dropped"):  # fmt: skip
        assert expected in counts, counts
    assert "  event handler: line 3" in output and "  frame: line 5" in output
    assert requests == []
    assert not (root / "images").exists()


def test_title_cannot_lead_out_of_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title and a chapter heading that are paths: the book is written in its folder only."""
    work = tmp_path / "work"
    work.mkdir()
    data = word_file(title="../../../escaped")
    document = _part(data, "word/document.xml").replace(b">Departure<", b">../../../x<")
    (work / "story.docx").write_bytes(_with_parts(data, {"word/document.xml": document}))
    monkeypatch.chdir(work)
    result = invoke("import", "story.docx")  # DIR from the title, in the current folder
    assert result.status == 0, result.output
    assert result.output.splitlines()[0] == "escaped"
    assert sorted(p.name for p in (work / "escaped" / "manuscript").iterdir()) == ["01-x.md"]
    assert sorted(p.name for p in work.iterdir()) == ["escaped", "story.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_empty_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`book import story.docx .` in an empty folder fills that folder, in place (the
    shell's current folder stays the same folder), and writes nothing beside it."""
    (tmp_path / "story.docx").write_bytes(word_file())
    here = tmp_path / "here"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    result = invoke("import", "../story.docx", ".")
    assert result.status == 0, result.output
    assert sorted(p.name for p in here.iterdir()) == ["book.yaml", "images", "manuscript"]
    assert here.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "story.docx"]


def test_deep_nesting_is_one_line(tmp_path: Path) -> None:
    """A page nested past the parser's limit: one line naming it, not a cut-short book."""
    deep = b"<blockquote>" * 300 + b"x" + b"</blockquote>" * 300
    _refused(tmp_path, "deep.html", b"<h1>T</h1><p>a</p>" + deep + b"<p>after</p>", "M005")


def test_epub_pictures_on_the_web_or_missing(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    """An EPUB chapter showing a picture on the web and one the EPUB does not hold: both
    reported, neither fetched nor read; the rest of the work comes across."""
    url, requests = server
    fixture = Path(__file__).parents[1] / "fixtures" / "ao3" / "The_Lighthouse_Ledger.epub"
    out = io.BytesIO()
    chapter = "The_Lighthouse_Ledger_split_002.xhtml"
    pictures = f'<p><img src="{url}/x.png" alt="a"/><img src="missing.png" alt="b"/></p>'
    with zipfile.ZipFile(fixture) as good, zipfile.ZipFile(out, "w") as changed:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == chapter:
                mark = b"about themselves.</p>"  # in the chapter's text
                data = data.replace(mark, mark + pictures.encode(), 1)
            changed.writestr(item, data)
    root, output = _imported(tmp_path, "work.epub", out.getvalue())
    assert "1 remote image not fetched, 1 missing picture not found" in output
    assert requests == []
    assert len(list((root / "manuscript").iterdir())) == 3


def test_damaged_picture_in_a_word_file(tmp_path: Path) -> None:
    """A picture whose bytes fail the zip's checksum: that picture reported, the rest
    of the book imported."""
    data = word_file()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as word, zipfile.ZipFile(out, "w") as stored:
        for item in word.infolist():
            stored.writestr(item.filename, word.read(item), zipfile.ZIP_STORED)
    damaged = bytearray(out.getvalue())
    at = damaged.index(b"\x89PNG") + 40  # inside the picture's pixels, past its header
    damaged[at] ^= 0xFF
    root, output = _imported(tmp_path, "damaged.docx", bytes(damaged))
    assert "1 unreadable picture dropped" in output
    assert not (root / "images").exists()
    assert len(list((root / "manuscript").iterdir())) == 1


def test_script_link_in_a_word_file(tmp_path: Path) -> None:
    """A Word hyperlink to javascript: keeps its words as text and is reported by them."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("One", level=1)
    paragraph = document.add_paragraph("Read ")
    target = "javascript:alert(document.cookie)"
    rid = document.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "this page"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    root, output = _imported(tmp_path, "link.docx", out.getvalue())
    markdown = (root / "manuscript" / "01-one.md").read_text("utf-8")
    assert "javascript" not in markdown and "cookie" not in markdown
    assert "this page" in markdown
    assert "1 script link dropped" in output and "script link: 'this page'" in output
