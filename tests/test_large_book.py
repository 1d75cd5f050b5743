"""A generated 500,000-word novel of 320 chapters in 16 parts builds and passes EPUBCheck."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, assert_epubcheck_clean, build_epub


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large") / "novel"
    _generator().generate(root, words=500_000, chapters=320, parts=16, seed=1)
    return build_epub(root)


class TestLargeBook:
    def test_structure(self, large_epub: Path) -> None:
        """Every chapter and part becomes its own document."""
        with zipfile.ZipFile(large_epub) as archive:
            names = archive.namelist()
        assert sum(n.startswith("EPUB/text/chapter-") for n in names) == 320
        assert sum(n.startswith("EPUB/text/part-") for n in names) == 16

    def test_epubcheck(self, large_epub: Path) -> None:
        """EPUBCheck finds no error and no warning in the whole novel."""
        assert_epubcheck_clean(large_epub)
