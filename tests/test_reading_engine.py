"""The EPUB opens and renders in a real reading engine (MuPDF)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from tests.conftest import build_epub, copy_sample, require_tool


class TestMuPDF:
    def test_renders_pages(self, tmp_path: Path) -> None:
        """MuPDF lays out the sample book and draws its first pages with ink on them."""
        epub = build_epub(copy_sample(tmp_path / "sample"))
        pattern = str(tmp_path / "page-%d.png")
        mutool = require_tool("mutool", "mupdf-tools")
        done = subprocess.run(
            [mutool, "draw", "-r", "50", "-o", pattern, str(epub), "1-8"],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "error" not in done.stderr.lower(), done.stderr
        pages = sorted(tmp_path.glob("page-*.png"))
        assert len(pages) == 8
        for page in pages:
            with Image.open(page) as image:
                darkest, _ = image.convert("L").getextrema()
            assert darkest < 128, f"{page.name} is blank"
