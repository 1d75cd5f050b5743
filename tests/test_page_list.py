"""The EPUB learns the print pages: markers, a page-list and pageBreakSource after a PDF build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from builder import pipeline
from tests.conftest import assert_epubcheck_clean, copy_sample, unzip

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("pages") / "sample")
    pipeline.build(root, ("epub", "pdf"))
    return root


def page_list(epub: Path) -> list[tuple[str, str]]:
    nav = etree.fromstring(unzip(epub)["EPUB/text/nav.xhtml"])
    links = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    return [(a.get("href"), a.text) for a in links]


class TestPageList:
    def test_markers_where_pages_begin(self, sample: Path) -> None:
        """Each marker stands where its printed page begins: the words after it open the page."""
        epub, pdf = sample / "dist" / "out-of-sorts.epub", sample / "dist" / "out-of-sorts.pdf"
        reader = PdfReader(pdf)
        labels = reader.page_labels
        files = unzip(epub)
        entries = page_list(epub)
        assert len(entries) >= 15
        checked = 0
        for href, label in entries:
            name, _, anchor = href.partition("#")
            doc = etree.fromstring(files[f"EPUB/text/{name}"])
            (span,) = doc.xpath(f"//*[@id='{anchor}']")
            assert span.get("{http://www.idpf.org/2007/ops}type") == "pagebreak"
            after = words(" ".join(span.xpath("following::text()")[:6]))[:3]
            if not after:
                continue
            page_text = reader.pages[labels.index(label)].extract_text() or ""
            assert " ".join(after) in " ".join(words(page_text)[:40]), (label, after)
            checked += 1
        assert checked >= 10

    def test_metadata_and_epubcheck(self, sample: Path) -> None:
        """The package names the print source, claims the features, and EPUBCheck passes."""
        opf = unzip(sample / "dist" / "out-of-sorts.epub")["EPUB/content.opf"].decode()
        assert '<meta property="pageBreakSource">urn:uuid:' in opf
        assert "pageBreakMarkers" in opf and "pageNavigation" in opf
        assert_epubcheck_clean(sample / "dist" / "out-of-sorts.epub")

    def test_epub_alone_reuses_then_forgets(self, sample: Path) -> None:
        """An EPUB built alone keeps the last PDF's pages, until the source changes."""
        epub = sample / "dist" / "out-of-sorts.epub"
        before = page_list(epub)
        pipeline.build(sample, ("epub",))
        assert page_list(epub) == before
        chapter = sample / "manuscript" / "04-let-it-stand.md"
        chapter.write_text(chapter.read_text() + "\nOne more line.\n")
        pipeline.build(sample, ("epub",))
        assert page_list(epub) == []
