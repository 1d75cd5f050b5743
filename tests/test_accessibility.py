"""DAISY Ace, the EPUB accessibility checker, on every EPUB we build: no violation at all.

Ace checks the package (language, accessibility metadata, page source) and runs the
axe rules on each content document in a headless Chromium. Any failed assertion, at any
impact from minor to critical, fails the test. Ace is pinned in package.json: set up with
`npm ci --ignore-scripts` (its install scripts would fetch Electron, which the Puppeteer
runner does not need) and `apt-get install chromium`. A run costs seconds to a minute, so
each book is built and checked once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from builder import pipeline
from tests.conftest import ROOT, build_epub, copy_sample, corpus_book, unzip

ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
SET_UP = "run `./dev test`, or by hand `npm ci --ignore-scripts` at the repository root"


@dataclass(frozen=True)
class Violation:
    document: str
    rule: str
    impact: str
    message: str

    def __str__(self) -> str:
        return f"{self.document}: {self.rule} ({self.impact}): {self.message}"


def _chromium() -> str:
    """The browser Ace drives: Puppeteer's own download is never fetched here."""
    found = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if not found or not Path(found).is_file():
        pytest.fail(f"Chromium not found: `apt-get install chromium` ({SET_UP})")
    return found


def _run_ace(epub: Path, report_dir: Path) -> dict[str, Any]:
    if not ACE.is_file():
        pytest.fail(f"DAISY Ace is not installed at {ACE}: {SET_UP}")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": _chromium()}
    command = [str(ACE), "--silent", "--force", "--outdir", str(report_dir), str(epub)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    report = report_dir / "report.json"
    if done.returncode != 0 or not report.is_file():
        pytest.fail(f"Ace did not run ({done.returncode}): {done.stderr or done.stdout}")
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def _assertions(node: dict[str, Any], document: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every assertion in the report's tree, with the document it is about."""
    document = node.get("earl:testSubject", {}).get("url", document)
    if "earl:test" in node:
        yield document, node
    for child in node.get("assertions", []):
        yield from _assertions(child, document)


def _checked_documents(report: dict[str, Any]) -> set[str]:
    urls = (node.get("earl:testSubject", {}).get("url", "") for node in report["assertions"])
    return {url.rsplit("/", 1)[-1] for url in urls}


def ace_violations(epub: Path, report_dir: Path) -> list[Violation]:
    """Every assertion Ace failed on EPUB, whatever its impact."""
    report = _run_ace(epub, report_dir)
    # A report that skipped documents would be clean for the wrong reason.
    content = {name.rsplit("/", 1)[-1] for name in unzip(epub) if name.endswith(".xhtml")}
    assert content <= _checked_documents(report), content - _checked_documents(report)
    violations = [
        Violation(
            document,
            node["earl:test"]["dct:title"],
            node["earl:test"].get("earl:impact", ""),
            node["earl:result"].get("dct:description", ""),
        )
        for document, node in _assertions(report, "")
        if node["earl:result"]["earl:outcome"] != "pass"
    ]
    # Ace's own verdict and ours must agree, or the walk above missed a failure.
    assert (report["earl:result"]["earl:outcome"] == "pass") == (violations == []), violations
    return violations


def assert_no_violations(epub: Path, report_dir: Path) -> None:
    violations = ace_violations(epub, report_dir)
    assert violations == [], "Ace found:\n" + "\n".join(str(v) for v in violations)


def _copy_corpus(name: str, tmp: pytest.TempPathFactory) -> Path:
    target = tmp.mktemp(name) / name
    shutil.copytree(corpus_book(name), target, ignore=shutil.ignore_patterns("dist", ".*"))
    return target


@pytest.fixture(scope="module")
def sample_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_epub(copy_sample(tmp_path_factory.mktemp("ace") / "sample"))


@pytest.fixture(scope="module")
def paginated_sample_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("ace") / "sample")
    epub, _pdf = pipeline.build(root, ("epub", "pdf"))
    return epub


@pytest.fixture(scope="module")
def last_morning_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_epub(_copy_corpus("last-morning", tmp_path_factory))


@pytest.fixture(scope="module")
def pride_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_epub(_copy_corpus("pride-and-prejudice", tmp_path_factory))


class TestAce:
    def test_sample(self, sample_epub: Path, tmp_path: Path) -> None:
        """The sample book (parts, notes, images, cover) has no accessibility violation."""
        assert_no_violations(sample_epub, tmp_path / "report")

    def test_sample_with_print_pages(self, paginated_sample_epub: Path, tmp_path: Path) -> None:
        """Built with its PDF, the sample's page-break markers and page list pass as well."""
        nav = unzip(paginated_sample_epub)["EPUB/text/nav.xhtml"]
        assert b'epub:type="page-list"' in nav
        assert_no_violations(paginated_sample_epub, tmp_path / "report")

    def test_last_morning(self, last_morning_epub: Path, tmp_path: Path) -> None:
        """The seed fan-fiction chapter, from plain text, has no accessibility violation."""
        assert_no_violations(last_morning_epub, tmp_path / "report")

    def test_pride_and_prejudice(self, pride_epub: Path, tmp_path: Path) -> None:
        """A whole novel of 61 chapters has no accessibility violation."""
        assert_no_violations(pride_epub, tmp_path / "report")


class TestSetUp:
    def test_missing_ace_fails(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without Ace the check fails, saying how to install it, instead of skipping."""
        monkeypatch.setattr(sys.modules[__name__], "ACE", tmp_path / "missing")
        with pytest.raises(pytest.fail.Exception, match="npm ci --ignore-scripts"):
            ace_violations(tmp_path / "book.epub", tmp_path / "report")

    def test_missing_chromium_fails(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without Chromium the check fails, saying how to install it, instead of skipping."""
        monkeypatch.setenv("PUPPETEER_EXECUTABLE_PATH", str(tmp_path / "missing"))
        with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
            _chromium()
