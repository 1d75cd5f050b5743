"""Back matter and one EPUB per store: the sample book with every back-matter key, built once.

Each edition must pass EPUBCheck and Ace, link to no competing store, and keep "Also by"
free of the book itself; the kepub must carry Kobo's spans without changing a character
and open in a real reading engine (MuPDF's). The store findings must fire on planted faults.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from typer.testing import CliRunner

from builder import pipeline
from builder.back_matter import STORES, store_of
from builder.checks import runner
from builder.cli import app
from builder.errors import BookError, BookWarning
from builder.render.epub import kepub, stores
from tests.conftest import assert_epubcheck_clean, copy_sample, require_tool, unzip
from tests.test_accessibility import assert_no_violations

XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"

WEBSITE = "https://nellashdown.example.org/"
# Enough acknowledgements to run over two printed pages, for the running head.
THANKS = "\n".join(
    f"\n  Thanks, too, to the {n}th reader of the proofs, who found what the others missed "
    "and said so kindly, in pencil, in the margin, where a printer looks for it." * 3
    for n in range(4, 24)
)
BACK_MATTER = f"""
website: {WEBSITE}
praise:
  - quote: "A *delight* from the first proof to the last."
    source: The Merrow Quay Gazette
  - "I read it twice, and then I set it in type."
acknowledgements: |
  Thanks to the compositors of Merrow Quay, who lent us their *e*s.
{THANKS}
about-author:
  text: |
    Nell Ashdown lives by the sea and sets type by hand. "Out of Sorts" is her first novel.
  photo: images/lighthouse.png
also-by:
  - title: The Lighthouse Letters
    links:
      kindle: https://www.amazon.com/dp/B000000001
      apple: https://books.apple.com/book/id0000000001
      kobo: https://www.kobo.com/ebook/the-lighthouse-letters
      google: https://play.google.com/store/books/details?id=AAAAAAAAAAA
      website: https://nellashdown.example.org/lighthouse-letters
  - title: Proofs of Love
    links:
      kindle: https://www.amazon.co.uk/dp/B000000002
  - title: Out of Sorts
newsletter:
  text: Get the next book first, and a short story about the regatta, free.
  url: https://nellashdown.example.org/newsletter
"""
# The Lighthouse Letters' link in each edition: its own store's, never another's.
OWN_LINK = {
    None: "https://nellashdown.example.org/lighthouse-letters",
    "kindle": "https://www.amazon.com/dp/B000000001",
    "apple": "https://books.apple.com/book/id0000000001",
    "kobo": "https://www.kobo.com/ebook/the-lighthouse-letters",
    "google": "https://play.google.com/store/books/details?id=AAAAAAAAAAA",
}


@dataclass(frozen=True)
class Built:
    root: Path
    generic: Path
    editions: dict[str, Path]
    notices: list[str]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample with every back-matter key, built as the EPUB and the four editions."""
    root = copy_sample(tmp_path_factory.mktemp("stores") / "sample")
    with (root / "book.yaml").open("a", encoding="utf-8") as handle:
        handle.write(BACK_MATTER)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BookWarning)
        written = pipeline.build(root, ("epub",), stores=STORES)
    generic, *editions = written
    return Built(
        root,
        generic,
        dict(zip(STORES, editions, strict=True)),
        [str(notice.message) for notice in caught],
    )


def _documents(epub: Path) -> dict[str, etree._Element]:
    return {
        name: etree.fromstring(data)
        for name, data in unzip(epub).items()
        if name.endswith(".xhtml")
    }


def _hrefs(epub: Path) -> list[str]:
    return [
        link.get("href", "")
        for tree in _documents(epub).values()
        for link in tree.iter(f"{XHTML}a")
    ]


class TestEditions:
    def test_names(self, built: Built) -> None:
        """dist/<name>-<store>.epub, and Kobo's as a kepub."""
        names = {store: path.name for store, path in built.editions.items()}
        assert names == {
            "kindle": "out-of-sorts-kindle.epub",
            "apple": "out-of-sorts-apple.epub",
            "kobo": "out-of-sorts-kobo.kepub.epub",
            "google": "out-of-sorts-google.epub",
        }

    @pytest.mark.parametrize("store", STORES)
    def test_epubcheck_clean(self, built: Built, store: str) -> None:
        assert_epubcheck_clean(built.editions[store])

    @pytest.mark.parametrize("store", STORES)
    def test_ace_clean(self, built: Built, store: str, tmp_path: Path) -> None:
        """Ace on the kindle edition and the kepub (the others differ from kindle's only in
        their links: test_only_links_differ)."""
        assert_no_violations(built.editions[store], tmp_path)

    @pytest.mark.parametrize("store", ["apple", "google"])
    def test_only_links_differ(self, built: Built, store: str) -> None:
        """Apple's and Google's documents are the Kindle edition's but for hrefs, so Ace's
        verdict on the Kindle edition holds for them."""
        kindle, other = _documents(built.editions["kindle"]), _documents(built.editions[store])
        assert kindle.keys() == other.keys()
        for name, tree in other.items():
            for link in (*tree.iter(f"{XHTML}a"), *kindle[name].iter(f"{XHTML}a")):
                link.set("href", "")
            assert etree.tostring(tree) == etree.tostring(kindle[name]), name

    @pytest.mark.parametrize("store", [None, *STORES])
    def test_no_competing_store_link(self, built: Built, store: str | None) -> None:
        """Every href of every document goes to this edition's store or to none; the
        other book's link is its own store's (the website in the store-neutral EPUB)."""
        epub = built.editions[store] if store else built.generic
        hrefs = _hrefs(epub)
        assert {store_of(href) for href in hrefs} <= {None, store}
        assert OWN_LINK[store] in hrefs

    def test_also_by_never_lists_the_book(self, built: Built) -> None:
        for epub in (built.generic, *built.editions.values()):
            page = _documents(epub)["EPUB/text/also-by.xhtml"]
            titles = ["".join(cite.itertext()) for cite in page.iter(f"{XHTML}cite")]
            assert titles == ["The Lighthouse Letters", "Proofs of Love"], epub.name
        assert any("D002" in notice and "Out of Sorts" in notice for notice in built.notices)

    def test_falls_back_to_the_website(self, built: Built) -> None:
        """Proofs of Love has a Kindle link only: elsewhere it links to the website."""
        for store, epub in built.editions.items():
            page = _documents(epub)["EPUB/text/also-by.xhtml"]
            links = page.iter(f"{XHTML}a")
            (link,) = [a for a in links if "".join(a.itertext()) == "Proofs of Love"]
            expected = "https://www.amazon.co.uk/dp/B000000002"
            assert link.get("href") == (expected if store == "kindle" else WEBSITE)

    def test_kindle_navigation_two_levels_deep(self, built: Built) -> None:
        """Kindle shows two levels of the table of contents (KDP's guidelines)."""
        nav = _documents(built.editions["kindle"])["EPUB/text/nav.xhtml"]
        toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{OPS}type") == "toc")
        depths = [len(list(item.iterancestors(f"{XHTML}ol"))) for item in toc.iter(f"{XHTML}a")]
        assert max(depths) == 2

    def test_reproducible(self, built: Built, tmp_path: Path) -> None:
        """The same source gives the same bytes (built again in a fresh copy)."""
        copy = tmp_path / "again"
        shutil.copytree(built.root, copy, ignore=shutil.ignore_patterns("dist"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BookWarning)
            again = pipeline.build(copy, ("epub",), stores=("kobo",))[-1]
        assert again.read_bytes() == built.editions["kobo"].read_bytes()


class TestBackMatter:
    def test_landmarks(self, built: Built) -> None:
        nav = _documents(built.generic)["EPUB/text/nav.xhtml"]
        marks = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{OPS}type") == "landmarks")
        found = {(a.get(f"{OPS}type"), a.get("href")) for a in marks.iter(f"{XHTML}a")}
        assert {("frontmatter", "praise.xhtml"), ("backmatter", "acknowledgements.xhtml"),
                ("acknowledgments", "acknowledgements.xhtml")} <= found  # fmt: skip

    def test_order_and_classes(self, built: Built) -> None:
        """Praise before the title page; the back matter after the last chapter, in the
        conventional order, each section classed by its key for themes."""
        opf = etree.fromstring(unzip(built.generic)["EPUB/content.opf"])
        spine = [ref.get("idref") for ref in opf.iter("{http://www.idpf.org/2007/opf}itemref")]
        assert spine.index("praise") < spine.index("title-page")
        tail = spine[spine.index("chapter-004") + 1 :]
        assert tail == ["acknowledgements", "about-author", "also-by", "newsletter"]
        documents = _documents(built.generic)
        for name in tail:
            section = documents[f"EPUB/text/{name}.xhtml"].find(f".//{XHTML}section")
            assert section is not None and section.get("class") == f"back-matter {name}"

    def test_markdown_and_photo(self, built: Built) -> None:
        documents = _documents(built.generic)
        praise = documents["EPUB/text/praise.xhtml"]
        assert [em.text for em in praise.iter(f"{XHTML}em")] == ["delight"]
        about = documents["EPUB/text/about-author.xhtml"]
        (photo,) = about.iter(f"{XHTML}img")
        assert photo.get("alt") == "Nell Ashdown"
        assert "EPUB/" + photo.get("src", "").removeprefix("../") in unzip(built.generic)
        assert "“Out of Sorts”" in "".join(about.itertext())  # the book's typography

    def test_pdf_contents(self, built: Built, tmp_path: Path) -> None:
        """The print PDF lists the back matter in its contents, with page numbers."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BookWarning)
            (pdf,) = pipeline.build(built.root, ("pdf",))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        contents = text[text.index("Contents") :]
        for title in ("Acknowledgements", "About the Author", "Also by Nell Ashdown"):
            assert any(line.split()[-1].isdigit() for line in contents.splitlines()
                       if line.strip().startswith(title)), title  # fmt: skip
        assert text.index("Praise for Out of Sorts") < text.index("Contents")
        # The running head of the acknowledgements' second page is theirs, not the last
        # chapter's.
        pages = text.split("\f")
        first = next(i for i, page in enumerate(pages) if "who lent us their" in page)
        assert pages[first + 1].split()[0].lower() == "nell"  # a left page: the author
        assert pages[first + 2].split()[0].lower() == "acknowledgements"


class TestKepub:
    def test_wrappers_and_spans(self, built: Built) -> None:
        """In each chapter: body > div#book-columns > div#book-inner, and each paragraph's
        koboSpans concatenate to its text, which is the EPUB's, character for character."""
        kobo, plain = _documents(built.editions["kobo"]), _documents(built.generic)
        name = "EPUB/text/chapter-001.xhtml"
        body = kobo[name].find(f"{XHTML}body")
        assert body is not None and [child.get("id") for child in body] == ["book-columns"]
        assert [child.get("id") for child in body[0]] == ["book-inner"]
        paragraphs = list(kobo[name].iter(f"{XHTML}p"))
        originals = list(plain[name].iter(f"{XHTML}p"))
        assert len(paragraphs) == len(originals) > 10
        for paragraph, original in zip(paragraphs, originals, strict=True):
            spans = [s for s in paragraph.iter(f"{XHTML}span") if s.get("class") == "koboSpan"]
            assert spans
            assert "".join(t for s in spans for t in s.itertext()) == "".join(original.itertext())
        ids = [s.get("id") for s in kobo[name].iter(f"{XHTML}span") if s.get("class") == "koboSpan"]
        assert len(ids) == len(set(ids))

    def test_sentences(self) -> None:
        text = "“Stop!” she said. Then: nothing… and more"
        assert kepub.sentences(text) == ["“Stop!” ", "she said. ", "Then: ", "nothing… and more"]
        assert "".join(kepub.sentences(text)) == text

    def test_opens_in_a_reading_engine(self, built: Built, tmp_path: Path) -> None:
        """MuPDF lays the kepub out and draws every page; the chapters' text is on them."""
        mutool = require_tool("mutool", "mupdf-tools")
        out = tmp_path / "pages.txt"
        done = subprocess.run(
            [mutool, "draw", "-F", "txt", "-o", str(out), str(built.editions["kobo"])],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "error" not in done.stderr.lower()
        pages = out.read_text(encoding="utf-8")
        assert "The Merrow Quay Press stood in the narrow gap" in " ".join(pages.split())
        assert "Also by Nell Ashdown" in pages
        assert pages.count("\f") > 20


class TestDisplayOptions:
    def test_only_when_fonts_are_embedded(self, built: Built) -> None:
        assert stores.DISPLAY_OPTIONS not in unzip(built.editions["apple"])
        assert stores.display_options(["EPUB/styles/base.css"]) is None
        options = stores.display_options(["EPUB/fonts/EBGaramond.woff2"])
        assert options is not None
        root = etree.fromstring(options)
        assert root.tag == "display_options"
        (option,) = root.iter("option")
        assert (option.get("name"), option.text) == ("specified-fonts", "true")

    def test_apple_edition_of_a_book_with_fonts(self, tmp_path: Path) -> None:
        """A theme that embeds fonts (fantasy: Cardo for titles and initials) gets the
        display-options file in Apple's edition, and only there."""
        root = copy_sample(tmp_path / "sample")
        with (root / "book.yaml").open("a", encoding="utf-8") as handle:
            handle.write("theme: fantasy\n")
        written = pipeline.build(root, ("epub",), stores=("apple", "kindle"))
        generic, apple, kindle = written
        assert any(name.endswith((".otf", ".ttf")) for name in unzip(apple))
        options = etree.fromstring(unzip(apple)[stores.DISPLAY_OPTIONS])
        assert [(o.get("name"), o.text) for o in options.iter("option")] == [
            ("specified-fonts", "true")
        ]
        assert stores.DISPLAY_OPTIONS not in unzip(kindle)
        assert stores.DISPLAY_OPTIONS not in unzip(generic)
        assert_epubcheck_clean(apple)


class TestFindings:
    def _codes(self, root: Path) -> list[tuple[str, str, int | None, str]]:
        report = runner.check(root, epubcheck=False, pdf=False)
        return [(f.code, f.file, f.line, f.message) for f in report.findings
                if f.code.startswith("D")]  # fmt: skip

    def test_clean_back_matter_has_none(self, make_book: Callable[..., Path]) -> None:
        root = make_book(BACK_MATTER.replace("  - title: Out of Sorts\n", "").replace(
            "photo: images/lighthouse.png", "photo: images/me.png"),
            {"manuscript/01.md": "# One\n\nText.\n", "images/me.png": _png(40, 40)})  # fmt: skip
        assert self._codes(root) == []

    def test_planted_faults(self, make_book: Callable[..., Path]) -> None:
        yaml = """\
            also-by:
              - title: Test Book
              - title: Other
                links:
                  apple: https://www.kobo.com/ebook/other
            website: https://www.amazon.com/author/test
            cover: images/cover.png
            """
        root = make_book(
            yaml,
            {
                "manuscript/01.md": "# One\n\nBuy [it](https://play.google.com/x).\n\n"
                "![Map](../images/map.png)\n",
                "images/cover.png": _png(1000, 7300),
                "images/map.png": _png(2400, 2400),
            },
        )
        found = self._codes(root)
        codes = {(code, file, line) for code, file, line, _ in found}
        assert ("D002", "book.yaml", 5) in codes  # also-by: Test Book, this book
        assert ("D001", "book.yaml", 8) in codes  # Other's apple link goes to Kobo
        assert ("D001", "book.yaml", 9) in codes  # the website is an Amazon page
        assert ("D001", "manuscript/01.md", 3) in codes
        assert ("D004", "manuscript/01.md", 5) in codes  # 5.76 million pixels: Apple
        cover = [message for code, _, _, message in found if code == "D003"]
        assert any("Google Play Books" in message for message in cover)
        assert any("Apple Books" in message for message in cover)
        kobo = next(m for c, _, line, m in found if c == "D001" and line == 8)
        assert "Kobo" in kobo and "Apple Books" in kobo

    def test_bad_link_is_a_book_yaml_error(self, make_book: Callable[..., Path]) -> None:
        root = make_book("also-by:\n  - title: X\n    links: {kobo: kobo.com/x}\n")
        with pytest.raises(BookError) as caught:
            pipeline.load_config(root)
        assert (caught.value.code, caught.value.location.line) == ("Y006", 6)


class TestRules:
    @pytest.mark.parametrize(
        ("link", "store"),
        [
            ("https://www.amazon.co.uk/dp/B0", "kindle"),
            ("https://amzn.to/3xyz", "kindle"),
            ("https://books.apple.com/us/book/id1", "apple"),
            ("https://www.kobo.com/gb/en/ebook/x", "kobo"),
            ("https://play.google.com/store/books/details?id=x", "google"),
            ("https://books.google.de/books?id=x", "google"),
            ("https://notamazon.com/book", None),
            ("https://www.apple.com/", None),
            ("mailto:me@example.org", None),
        ],
    )
    def test_store_of(self, link: str, store: str | None) -> None:
        assert store_of(link) == store

    def test_this_book_by_title_or_identifier(self) -> None:
        from builder.back_matter import OtherBook, is_this_book

        assert is_this_book(OtherBook("out of sorts!"), "Out of Sorts", "urn:x:1")
        assert is_this_book(OtherBook("Sequel", identifier="URN:X:1"), "Out of Sorts", "urn:x:1")
        assert not is_this_book(OtherBook("Out of Sorts II"), "Out of Sorts", "urn:x:1")


class TestCommand:
    def test_store_option(self, make_book: Callable[..., Path]) -> None:
        root = make_book()
        cli = CliRunner()
        result = cli.invoke(app, ["build", str(root), "-f", "epub", "--store", "kobo,kindle"])
        assert result.exit_code == 0, result.output
        names = [Path(line).name for line in result.output.split()]
        assert names == ["test-book.epub", "test-book-kindle.epub", "test-book-kobo.kepub.epub"]
        result = cli.invoke(app, ["build", str(root), "--store", "nook"])
        assert result.exit_code == 2
        assert "'nook' is not a store" in result.output


def _png(width: int, height: int) -> bytes:
    import io

    data = io.BytesIO()
    Image.new("L", (width, height), 200).save(data, "PNG")
    return data.getvalue()
