"""Themes: `theme:` in book.yaml, the theme folder's files in both outputs, the CLI."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from typer.testing import CliRunner

from builder import config
from builder.cli import app
from builder.errors import BookError
from builder.render import styles, themes
from tests.conftest import assert_epubcheck_clean, build_epub, copy_sample, unzip

FONT = styles.house_folder() / "fonts" / "EBGaramond12-Regular.otf"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


def own_theme(root: Path, files: dict[str, str | bytes]) -> Path:
    folder = root / "design"
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), 0).save(out, "PNG")
    return out.getvalue()


class TestChoosing:
    def test_default_is_classic_and_adds_no_sheet(self, make_book: Callable[..., Path]) -> None:
        """Without `theme:` the book has classic, whose folder holds no stylesheet: the
        cascade is the builder's own, as before themes (the goldens stay the same)."""
        root = make_book()
        loaded = config.load(root)
        assert themes.of(loaded).name == "classic"
        names = [sheet.name for sheet in styles.for_config(loaded, "epub")]
        assert names == ["base.css", "epub.css"]

    def test_unknown_name_lists_the_builtin_ones(self, make_book: Callable[..., Path]) -> None:
        root = make_book("theme: gothic-horror\n")
        with pytest.raises(BookError) as raised:
            config.load(root)
        assert raised.value.code == "Y006"
        assert raised.value.location.line == 4
        for name in themes.builtin_names():
            assert name in raised.value.message

    def test_unknown_name_is_one_line_on_the_command_line(
        self, make_book: Callable[..., Path]
    ) -> None:
        root = make_book("theme: gothic-horror\n")
        result = CliRunner().invoke(app, ["build", str(root)])
        assert result.exit_code == 1
        (line,) = result.output.strip().splitlines()
        assert line.startswith("book.yaml:4:8: error[Y006]: unknown theme 'gothic-horror'")
        assert not (root / "dist").exists()

    def test_folder_outside_the_book(self, make_book: Callable[..., Path]) -> None:
        root = make_book("theme: ../elsewhere\n")
        with pytest.raises(BookError) as raised:
            config.load(root)
        assert raised.value.code == "F002"

    def test_unknown_key_in_theme_yaml(self, make_book: Callable[..., Path]) -> None:
        root = make_book("theme: design\n")
        own_theme(root, {"theme.yaml": "name: mine\ncolour: red\n", "theme.css": "p {}\n"})
        with pytest.raises(BookError) as raised:
            config.load(root)
        assert (str(raised.value.location), raised.value.code) == ("design/theme.yaml:2:1", "Y002")

    def test_cascade_order(self, make_book: Callable[..., Path]) -> None:
        """base, the theme's both-outputs sheet, ours, the theme's per output, large print,
        then the author's."""
        root = make_book(
            "theme: design\nstyles: [mine.css]\nprint: {edition: large-print}\n",
            {"manuscript/01.md": "# One\n\nText.\n", "mine.css": "p {}\n"},
        )
        own_theme(root, {"theme.css": "p {}\n", "print.css": "p {}\n", "epub.css": "p {}\n"})
        loaded = config.load(root)
        assert [sheet.name for sheet in styles.for_config(loaded, "print")] == [
            "base.css", "theme/theme.css", "print.css", "theme/print.css",
            "large-print.css", "user-1.css",
        ]  # fmt: skip
        assert [sheet.name for sheet in styles.for_config(loaded, "epub")] == [
            "base.css", "theme/theme.css", "epub.css", "theme/epub.css", "user-1.css",
        ]  # fmt: skip


class TestOwnThemeInTheEpub:
    def test_sheets_ornament_and_listed_font_travel(self, tmp_path: Path) -> None:
        """The theme's CSS, the ornament it uses and the font theme.yaml lists are in the
        EPUB at the paths the CSS names; EPUBCheck accepts it."""
        root = copy_sample(tmp_path / "book")
        with (root / "book.yaml").open("a") as yaml:
            yaml.write("theme: design\n")
        css = (
            '@font-face { font-family: "Mine"; src: url(fonts/Mine.otf); }\n'
            'h1 { font-family: "Mine", serif; }\n'
            "hr.scene-break { background: url('ornaments/leaf.png') no-repeat center; }\n"
        )
        own_theme(root, {
            "theme.yaml": "name: mine\ndescription: Mine.\nfonts: [fonts/Mine.otf]\n",
            "theme.css": css, "fonts/Mine.otf": FONT.read_bytes(),
            "ornaments/leaf.png": png(90, 30), "ornaments/unused.png": png(9, 3),
        })  # fmt: skip
        epub = build_epub(root)
        files = unzip(epub)
        assert files["EPUB/styles/theme/theme.css"] == css.encode()
        # The font travels cut down to the book's characters (render/epub/fonts.py).
        carried = TTFont(BytesIO(files["EPUB/styles/theme/fonts/Mine.otf"]))
        whole = TTFont(FONT, lazy=True)
        assert 0 < len(carried.getBestCmap()) < len(whole.getBestCmap())
        assert "EPUB/styles/theme/ornaments/leaf.png" in files
        assert "EPUB/styles/theme/ornaments/unused.png" not in files
        opf = files["EPUB/content.opf"].decode()
        assert (
            'href="styles/theme/fonts/Mine.otf" id="theme-fonts-Mine-otf" media-type="font/otf"'
            in opf
        )
        chapter = files["EPUB/text/chapter-001.xhtml"].decode()
        assert (
            '<link rel="stylesheet" type="text/css" href="../styles/theme/theme.css"/>' in chapter
        )
        assert_epubcheck_clean(epub)

    def test_font_the_epub_does_not_carry(self, make_book: Callable[..., Path]) -> None:
        """A font in an EPUB sheet but not in theme.yaml's fonts would be a missing file."""
        root = make_book("theme: design\n")
        own_theme(root, {
            "theme.css": '@font-face { font-family: "Mine"; src: url(fonts/Mine.otf); }\n',
            "fonts/Mine.otf": FONT.read_bytes(),
        })  # fmt: skip
        with pytest.raises(BookError) as raised:
            build_epub(root)
        assert (str(raised.value.location), raised.value.code) == ("design/theme.css", "F001")


def _without_stylesheet_links(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for link in root.iter(f"{XHTML_NS}link"):
        link.getparent().remove(link)
    return bytes(etree.tostring(root))


class TestMarkupIsTheSame:
    def test_every_theme_leaves_the_xhtml_byte_identical(self, tmp_path: Path) -> None:
        """Themes are CSS: every XHTML document of the sample is the same bytes in every
        theme, but for the links to the theme's stylesheets."""
        base = copy_sample(tmp_path / "base")
        expected = {
            name: _without_stylesheet_links(data)
            for name, data in unzip(build_epub(base)).items()
            if name.endswith(".xhtml")
        }
        for name in themes.builtin_names():
            root = shutil.copytree(base, tmp_path / name, ignore=shutil.ignore_patterns("dist"))
            with (root / "book.yaml").open("a") as yaml:
                yaml.write(f"theme: {name}\n")
            files = unzip(build_epub(root))
            found = {
                n: _without_stylesheet_links(d) for n, d in files.items() if n.endswith(".xhtml")
            }
            assert found == expected, name


class TestCommands:
    def test_themes_lists_names_and_descriptions(self) -> None:
        result = CliRunner().invoke(app, ["themes"])
        assert result.exit_code == 0
        lines = result.output.strip().splitlines()
        assert len(lines) == len(themes.builtin_names())
        for line, name in zip(lines, themes.builtin_names(), strict=True):
            assert line.split()[0] == name
            assert themes.builtin(name).description in line
            assert themes.builtin(name).description

    def test_new_with_a_theme_builds_with_it(self, tmp_path: Path) -> None:
        name = themes.builtin_names()[-1]
        result = CliRunner().invoke(app, ["new", str(tmp_path / "b"), "--theme", name])
        assert result.exit_code == 0, result.output
        assert themes.of(config.load(tmp_path / "b")).name == name

    def test_new_with_an_unknown_theme_writes_nothing(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(app, ["new", str(tmp_path / "b"), "--theme", "nope"])
        assert result.exit_code == 1
        (line,) = result.output.strip().splitlines()
        assert "unknown theme 'nope'" in line
        assert not (tmp_path / "b").exists()

    def test_preview_sets_the_authors_book_in_every_theme(
        self, copy_book: Callable[[Path], Path]
    ) -> None:
        """dist/<name>-themes.pdf: a page per theme with its name and description over the
        book's own chapter opening (the seed chapter: short, so the test is quick)."""
        import pikepdf

        from tests.conftest import corpus_book, require_tool

        root = copy_book(corpus_book("last-morning"))
        result = CliRunner().invoke(app, ["themes", "--preview", str(root)])
        assert result.exit_code == 0, result.output
        sheet = root / "dist" / "the-last-morning-themes.pdf"
        assert result.output.strip() == str(sheet)
        names = themes.builtin_names()
        with pikepdf.open(sheet) as pdf:
            assert len(pdf.pages) == len(names)
        pdftotext = require_tool("pdftotext", "poppler-utils")
        # Words of the second paragraph: a drop cap or a lead-in may set the first apart.
        second = (root / "manuscript" / "final-chapter.txt").read_text().split("\n\n")[1]
        first_words = " ".join(second.split()[3:7])
        for number, name in enumerate(names, start=1):
            text = subprocess.run(
                [pdftotext, "-f", str(number), "-l", str(number), str(sheet), "-"],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            words = " ".join(text.split())
            assert name in text
            assert " ".join(themes.builtin(name).description.split()[:3]) in words
            assert first_words in words, name  # the chapter's own words, on its opening page


class TestOrnaments:
    STORY = "# One\n\nBefore the break.\n\n* * *\n\nAfter the break.\n"

    def preflight_codes(self, root: Path) -> dict[str, str]:
        import warnings

        from builder import pipeline
        from builder.checks import preflight
        from builder.errors import BookWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BookWarning)
            (pdf,) = pipeline.build(root, ("pdf",))
        return {f.code: f.message for f in preflight.preflight(pdf, config.load(root))}

    def themed(self, make_book: Callable[..., Path], picture: bytes, resolution: str) -> Path:
        """A theme whose scene break is PICTURE, printed at RESOLUTION (CSS Images 4)."""
        root = make_book("theme: design\n", {"manuscript/01.md": self.STORY})
        css = (
            "hr.scene-break::after { content: url(ornaments/leaf.png); "
            f"image-resolution: {resolution}; }}\n"
        )
        own_theme(root, {"print.css": css, "ornaments/leaf.png": picture})
        return root

    def test_low_resolution_ornament(self, make_book: Callable[..., Path]) -> None:
        """A theme's ornament printed below 300 dpi is P107, naming the theme's file."""
        found = self.preflight_codes(self.themed(make_book, png(60, 20), "normal"))
        assert "design/ornaments/leaf.png prints at 96 dpi" in found["P107"]
        assert "P105" not in found

    def test_sharp_ornament(self, make_book: Callable[..., Path]) -> None:
        found = self.preflight_codes(self.themed(make_book, png(600, 200), "300dpi"))
        assert "P107" not in found and "P105" not in found

    def test_scene_break_keeps_its_separator(self, make_book: Callable[..., Path]) -> None:
        """An ornament is the theme's CSS on the break: the EPUB keeps the <hr> (announced
        as a separator by screen readers), with no picture in the text."""
        root = self.themed(make_book, png(60, 20), "normal")
        chapter = unzip(build_epub(root))["EPUB/text/chapter-001.xhtml"].decode()
        assert '<hr class="scene-break"/>' in chapter
        assert "<img" not in chapter
