"""The built EPUB: what a reader and EPUBCheck see, on real books."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from builder.render.xhtml import OPS, XHTML
from tests.conftest import (
    assert_epubcheck_clean,
    build_epub,
    copy_sample,
    corpus_book,
    unzip,
)

NS = {"x": XHTML, "epub": OPS, "opf": "http://www.idpf.org/2007/opf"}
DC = "http://purl.org/dc/elements/1.1/"


def documents(files: dict[str, bytes]) -> dict[str, etree._Element]:
    return {name: etree.fromstring(data) for name, data in files.items() if name.endswith(".xhtml")}


def opf(files: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(files["EPUB/content.opf"])


def metas(files: dict[str, bytes], prop: str) -> list[str]:
    root = opf(files)
    return [m.text or "" for m in root.iterfind(f".//opf:meta[@property='{prop}']", NS)]


@pytest.fixture(scope="module")
def last_morning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    target = tmp_path_factory.mktemp("lm") / "last-morning"
    shutil.copytree(corpus_book("last-morning"), target)
    return build_epub(target)


class TestLastMorning:
    """The plain-text chapter our brief came with, as its README describes it."""

    def chapter(self, epub: Path) -> etree._Element:
        return documents(unzip(epub))["EPUB/text/chapter-001.xhtml"]

    def test_story_paragraphs(self, last_morning: Path) -> None:
        """27 story paragraphs outside the author's note, 3 inside it."""
        body = self.chapter(last_morning)
        story = body.xpath("//x:section[@class='chapter']/x:p", namespaces=NS)
        note = body.xpath("//x:aside[@class='authors-note']/x:p", namespaces=NS)
        assert (len(story), len(note)) == (27, 3)
        assert note[0].xpath("string()").startswith("A/N: This is the end.")

    def test_typography(self, last_morning: Path) -> None:
        """Every quote curled, the interruption closed by an em dash, ... as one character."""
        text = self.chapter(last_morning).xpath("string(//x:body)", namespaces=NS)
        assert '"' not in text and "'" not in text.replace(":'(", "")
        assert "“You shouldn’t be here. Someone could come and—”" in text
        assert "We kissed again… and" in text
        assert "..." not in text

    def test_two_scene_breaks(self, last_morning: Path) -> None:
        """Exactly two breaks, before "I looked up" and "I'd been watching"."""
        body = self.chapter(last_morning)
        breaks = body.xpath("//x:hr[@class='scene-break']", namespaces=NS)
        assert len(breaks) == 2
        following = [hr.getnext().xpath("string()") for hr in breaks]
        assert following[0].startswith("I looked up at him.")
        assert following[1].startswith("I’d been watching him leave")
        assert all(hr.getnext().get("class") == "noindent" for hr in breaks)

    def test_epubcheck(self, last_morning: Path) -> None:
        """EPUBCheck finds no error and no warning."""
        assert_epubcheck_clean(last_morning)

    def test_no_image_claims(self, last_morning: Path) -> None:
        """Without images the accessibility metadata claims no alternative text or visual mode."""
        files = unzip(last_morning)
        assert "alternativeText" not in metas(files, "schema:accessibilityFeature")
        assert metas(files, "schema:accessMode") == ["textual"]
        assert metas(files, "schema:accessibilitySummary")


@pytest.fixture(scope="module")
def sample_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample book, copied (book.yaml, manuscript, images) and built."""
    return build_epub(copy_sample(tmp_path_factory.mktemp("sample") / "sample"))


class TestSampleBook:
    """The repository's own sample book shows every feature."""

    def test_epubcheck(self, sample_epub: Path) -> None:
        """EPUBCheck finds no error and no warning."""
        assert_epubcheck_clean(sample_epub)

    def test_structure(self, sample_epub: Path) -> None:
        """Cover, title, copyright, dedication, epigraph, contents, two parts of chapters."""
        root = opf(unzip(sample_epub))
        spine = [ref.get("idref") for ref in root.iterfind(".//opf:itemref", NS)]
        assert spine[:6] == ["cover", "title-page", "copyright", "dedication", "epigraph", "nav"]
        assert [s for s in spine if s.startswith("part")] == ["part-01", "part-02"]
        assert root.find(".//opf:item[@properties='cover-image']", NS) is not None

    def test_nav_nests_parts(self, sample_epub: Path) -> None:
        """The table of contents lists chapters inside their parts; landmarks are there."""
        nav = documents(unzip(sample_epub))["EPUB/text/nav.xhtml"]
        parts = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li[x:ol]", namespaces=NS)
        assert len(parts) == 2
        assert all(len(part.xpath("x:ol/x:li", namespaces=NS)) == 2 for part in parts)
        landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
        assert landmarks == ["cover", "titlepage", "toc", "bodymatter"]

    def test_footnote_popups(self, sample_epub: Path) -> None:
        """Footnotes are noteref links to footnote asides with a backlink."""
        chapter = documents(unzip(sample_epub))["EPUB/text/chapter-001.xhtml"]
        (ref,) = chapter.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
        (note,) = chapter.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
        assert ref.get("href") == "#" + note.get("id")
        assert note.xpath(".//x:a[@role='doc-backlink']/@href", namespaces=NS) == [
            "#" + ref.get("id")
        ]

    def test_metadata(self, sample_epub: Path) -> None:
        """Series in both vocabularies, roles as MARC codes, images described."""
        files = unzip(sample_epub)
        assert metas(files, "belongs-to-collection") == ["Book Builder Samples"]
        assert b'name="calibre:series"' in files["EPUB/content.opf"]
        assert "ill" in metas(files, "role")
        assert "alternativeText" in metas(files, "schema:accessibilityFeature")
        image = documents(files)["EPUB/text/chapter-002.xhtml"].xpath("//x:img", namespaces=NS)
        assert image[0].get("alt")


class TestPrideAndPrejudice:
    def test_epubcheck_and_quotes_untouched(self, copy_book: Callable[[Path], Path]) -> None:
        """Austen's already-curly text passes EPUBCheck and keeps its 61 chapters."""
        epub = build_epub(copy_book(corpus_book("pride-and-prejudice")))
        assert_epubcheck_clean(epub)
        files = unzip(epub)
        chapters = [n for n in files if re.fullmatch(r"EPUB/text/chapter-\d+\.xhtml", n)]
        assert len(chapters) == 61
        text = b"".join(files[n] for n in chapters).decode()
        assert '"' not in re.sub(r"<[^>]+>", "", text)


class TestReproducible:
    def test_same_bytes(self, copy_book: Callable[[Path], Path], tmp_path: Path) -> None:
        """Two builds of the same source, in different folders, are byte-identical."""
        first = build_epub(copy_book(corpus_book("last-morning"))).read_bytes()
        second_root = tmp_path / "again"
        import shutil

        shutil.copytree(corpus_book("last-morning"), second_root)
        second = build_epub(second_root).read_bytes()
        assert first == second

    def test_source_date_epoch(
        self, copy_book: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SOURCE_DATE_EPOCH sets dcterms:modified and the zip timestamps."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        files = unzip(build_epub(copy_book(corpus_book("last-morning"))))
        assert metas(files, "dcterms:modified") == ["2023-11-14T22:13:20Z"]


class TestPackageMetadata:
    def test_package_language(self, copy_book: Callable[[Path], Path]) -> None:
        """The package element carries xml:lang, the book's language (Ace's epub-lang)."""
        root = opf(unzip(build_epub(copy_book(Path(__file__).parent / "books" / "french"))))
        assert root.tag == "{http://www.idpf.org/2007/opf}package"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"

    def test_no_date_no_publication_date(self, make_book: Callable[..., Path]) -> None:
        """Without a date in book.yaml there is no dc:date, only the fixed dcterms:modified."""
        files = unzip(build_epub(make_book()))
        assert opf(files).findall(".//dc:date", {"dc": DC}) == []
        assert metas(files, "dcterms:modified") == ["2000-01-01T00:00:00Z"]

    def test_date_as_written(self, make_book: Callable[..., Path]) -> None:
        """The author's date is the publication date, exactly as book.yaml gives it."""
        files = unzip(build_epub(make_book("date: 2025-06\n")))
        dates = opf(files).findall(".//dc:date", {"dc": DC})
        assert [date.text for date in dates] == ["2025-06"]


def test_an_authors_note_is_a_block_in_every_reading_engine() -> None:
    """MuPDF (and the readers built on it) shows an element its own stylesheet does not
    know, such as <aside>, inline: the note's rules and margins vanish. The book's CSS
    says what the note is."""
    import tinycss2

    css = (Path(__file__).parent.parent / "builder" / "styles" / "base.css").read_text()
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    declared = {
        declaration.lower_name: tinycss2.serialize(declaration.value).strip()
        for rule in rules
        if isinstance(rule, tinycss2.ast.QualifiedRule)
        and tinycss2.serialize(rule.prelude).strip() == "aside.authors-note"
        for declaration in tinycss2.parse_declaration_list(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        if isinstance(declaration, tinycss2.ast.Declaration)
    }
    assert declared.get("display") == "block"
