"""The built-in themes as designs: each builds the sample book, Pride and Prejudice and the
seed chapter clean (EPUBCheck, Ace, the print preflight, no missing glyph), ships only
licensed fonts with their sources, sets small capitals only with real ones, and puts
subset, renamed fonts in the EPUB while leaving the text's font to the reader.

Cost: by default each theme builds the sample EPUB (about a second) and EPUBCheck reads
it (2-3 s); the whole matrix of three books, PDF and EPUB, EPUBCheck, Ace and the
preflight is tests/test_theme_matrix.py; the tests here take about 44 CPU-seconds.
"""

from __future__ import annotations

import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import tinycss2
from fontTools.ttLib import TTFont

from builder import pipeline
from builder.render import themes
from builder.render.epub import fonts
from tests.conftest import assert_epubcheck_clean, copy_sample, corpus_book

DESIGNS = ("modern", "romance", "thriller", "fantasy", "manuscript")
BOOKS = ("sample", "pride-and-prejudice", "last-morning")


def _copy(book: str, target: Path) -> Path:
    if book == "sample":
        return copy_sample(target)
    shutil.copytree(corpus_book(book), target, ignore=shutil.ignore_patterns("dist", ".*"))
    return target


@pytest.fixture(scope="session")
def themed() -> dict[tuple[str, str, str], Path]:
    """Book folders with a theme, built once a session, by (theme, book, formats)."""
    return {}


def _built(themed: dict[tuple[str, str, str], Path], tmp: pytest.TempPathFactory,
           theme: str, book: str, formats: str = "epub pdf") -> Path:  # fmt: skip
    key = (theme, book, formats)
    if key not in themed:
        root = _copy(book, tmp.mktemp(f"{theme}-{book}") / book)
        with (root / "book.yaml").open("a", encoding="utf-8") as yaml:
            yaml.write(f"\ntheme: {theme}\n")
        pipeline.build(root, tuple(formats.split()))
        themed[key] = root
    return themed[key]


def _output(root: Path, suffix: str) -> Path:
    (found,) = (root / "dist").glob(f"*{suffix}")
    return found


Built = dict[tuple[str, str, str], Path]


@pytest.mark.parametrize("theme", DESIGNS)
class TestThemeFiles:
    def test_sample_epub_passes_epubcheck(self, themed: Built,
                                          tmp_path_factory: pytest.TempPathFactory,
                                          theme: str) -> None:  # fmt: skip
        """The themed sample EPUB, with its subset fonts in the manifest, passes EPUBCheck."""
        assert_epubcheck_clean(
            _output(_built(themed, tmp_path_factory, theme, "sample", "epub"), ".epub")
        )

    def test_description(self, theme: str) -> None:
        """theme.yaml says what the theme is for, in one line."""
        described = themes.builtin(theme).description
        assert described and "\n" not in described and len(described) > 40

    def test_fonts_licensed_and_sourced(self, theme: str) -> None:
        """Every font file has an OFL licence file beside it and a line in SOURCES.md
        naming the Debian package it came from."""
        folder = themes.builtin(theme).folder / "fonts"
        licences = [p.read_text(encoding="utf-8") for p in folder.glob("*LICENSE.txt")]
        sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
        assert licences
        assert all("OFL-1.1" in text and "Open Font License" in text for text in licences)
        for font in folder.glob("*.[ot]tf"):
            assert font.name in sources or font.stem.split("-")[0] in sources, font.name
            assert "fonts-" in sources

    def test_small_caps_only_with_smcp(self, theme: str) -> None:
        """A theme whose text face has small capitals (smcp) may set them; one whose face has
        none switches them off everywhere, the house's rules included (no scaled capitals)."""
        found = themes.builtin(theme)
        text_face = _text_face(found)
        has_smcp = _has_feature(text_face, "smcp")
        declared = {
            (name, value) for _, name, value in _declarations(found, ("theme.css", "print.css"))
        }
        if has_smcp:
            return
        assert ("font-variant-caps", "normal !important") in declared, text_face.name
        assert not any("small-caps" in value for name, value in declared if name != "content")

    def test_print_stacks_end_in_shipped_fonts(self, theme: str) -> None:
        """Every font stack for print goes on to the theme's text face and EB Garamond
        before any generic family, so a character a display face lacks never falls back
        to a font of the machine (Bebas Neue has no hair space, none has U+2E3A)."""
        found = themes.builtin(theme)
        for selector, name, value in _declarations(found, ("theme.css", "print.css")):
            if name == "font-family":
                families = [part.strip() for part in value.split(",")]
                named = [part for part in families if part.startswith('"')]
                assert named[-1] == '"EB Garamond"', (selector, value)
                assert families[: len(named)] == named, (selector, value)

    def test_epub_leaves_text_font_to_reader(self, theme: str) -> None:
        """The EPUB's theme sheets set fonts on titles and initials only, never on the text."""
        found = themes.builtin(theme)
        for selector, name, _ in _declarations(found, ("theme.css", "epub.css")):
            if name in ("font-family", "font"):
                words = selector.replace(",", " ").split()
                assert not set(words) & {"html", "body", "p", "*", "div", "section"}, selector

    def test_epub_fonts_subset_and_renamed(self, themed: Built,
                                           tmp_path_factory: pytest.TempPathFactory,
                                           theme: str) -> None:  # fmt: skip
        """The EPUB carries exactly the fonts theme.yaml lists, each smaller than the
        original, holding only the book's characters, and without the original's name
        (a Reserved Font Name must not name a modified font)."""
        found = themes.builtin(theme)
        epub = _output(_built(themed, tmp_path_factory, theme, "sample", "epub"), ".epub")
        with zipfile.ZipFile(epub) as archive:
            carried = {
                name.rsplit("styles/theme/", 1)[1]: archive.read(name)
                for name in archive.namelist()
                if name.lower().endswith((".otf", ".ttf"))
            }
        assert sorted(carried) == sorted(found.fonts)
        for path, data in carried.items():
            original = TTFont(found.folder / path, lazy=True)
            subset = TTFont(BytesIO(data))
            assert len(subset.getBestCmap()) < len(original.getBestCmap())
            family = original["name"].getDebugName(1) or ""
            names = [subset["name"].getDebugName(i) or "" for i in (1, 3, 4, 6, 16)]
            assert not any(family.split()[0] in name for name in names), names


def _text_face(theme: themes.Theme) -> Path:
    """The font of the text in print: the first family of html's font-family, its regular."""
    for selector, name, value in _declarations(theme, ("print.css",)):
        if selector == "html" and name == "font-family":
            family = value.split(",")[0].strip().strip('"')
            return _face_file(theme, family)
    raise AssertionError(f"{theme.name}: print.css sets no font-family on html")


def _face_file(theme: themes.Theme, family: str) -> Path:
    sheet = (theme.folder / "print.css").read_text(encoding="utf-8")
    for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        if getattr(rule, "lower_at_keyword", "") != "font-face":
            continue
        decls = dict(_pairs(rule.content))
        if decls.get("font-family", "").strip('"') == family and "italic" not in str(decls):
            url = decls["src"].removeprefix("url(").removesuffix(")")
            return theme.folder / url
    raise AssertionError(f"no @font-face for {family}")


def _has_feature(path: Path, tag: str) -> bool:
    font = TTFont(path, lazy=True)
    if "GSUB" not in font:
        return False
    return any(r.FeatureTag == tag for r in font["GSUB"].table.FeatureList.FeatureRecord)


def _declarations(theme: themes.Theme, names: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(selector, property, value) of every declaration in the theme's sheets NAMES."""
    out = []
    for name in names:
        path = theme.folder / name
        if not path.is_file():
            continue
        sheet = path.read_text(encoding="utf-8")
        for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            selector = tinycss2.serialize(rule.prelude).strip()
            out += [(selector, prop, value) for prop, value in _pairs(rule.content)]
    return out


def _pairs(content: list[object]) -> list[tuple[str, str]]:
    pairs = []
    for decl in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if decl.type == "declaration":
            value = tinycss2.serialize(decl.value).strip()
            pairs.append((decl.lower_name, value + (" !important" if decl.important else "")))
    return pairs


class TestSubset:
    def test_keeps_small_caps_and_drops_the_name(self) -> None:
        """A subset of Cardo keeps its smcp feature for the characters kept, holds no other
        characters, and is named neither Cardo nor differently from one build to the next."""
        original = (themes.builtin("fantasy").folder / "fonts" / "Cardo104s.ttf").read_bytes()
        data = fonts.subset(original, "Chapter")
        font = TTFont(BytesIO(data))
        assert set(font.getBestCmap()) == set(range(0x20, 0x7F))
        assert any(r.FeatureTag == "smcp" for r in font["GSUB"].table.FeatureList.FeatureRecord)
        assert "Cardo" not in (font["name"].getDebugName(1) or "")
        assert "David J. Perry" in (font["name"].getDebugName(0) or "")  # the copyright stays
        assert fonts.subset(original, "Chapter") == data

    def test_characters_of_documents_and_stylesheets(self) -> None:
        """The characters to keep are the documents' text and the stylesheets' strings."""
        page = (b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
                b"<body><p>\xc3\xa9a</p></body></html>")  # fmt: skip
        found = fonts.characters([page], [b'hr::after { content: "\\2766" }'])
        assert found == {"é", "a", "❦"}
