"""Golden cases: one broken book per rule in cases/<case>/ and the findings it must give.

Each case folder holds book.yaml, manuscript/ (and images/ when the rule is about them)
and expected.json, the JSON findings of `book check --no-epubcheck`, compared exactly.
The print preflight's cases (P1xx) are checked with the PDF, from a copy of the folder
(the check builds the PDF into dist/).
BOOK_REGENERATE=1 rewrites expected.json from what the checker finds now: read the diff
before trusting it.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

from builder.checks import runner
from builder.errors import BookWarning

CASES = Path(__file__).parent / "cases"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if path.is_dir())


class TestGoldenCases:
    @pytest.mark.parametrize("case", CASE_NAMES)
    def test_findings_match_expected(self, case: str, tmp_path: Path) -> None:
        """The case's book gives exactly the findings in its expected.json."""
        root = CASES / case
        if case.startswith("P1"):
            copy = shutil.copytree(root, tmp_path / case)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", BookWarning)  # P002, said by the build
                report = runner.check(copy, epubcheck=False, pdf=True)
        else:
            report = runner.check(root, epubcheck=False)
        found = [finding.as_dict() for finding in report.findings]
        expected = root / "expected.json"
        if os.environ.get("BOOK_REGENERATE"):
            expected.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", "utf-8")
        assert found == json.loads(expected.read_text("utf-8"))

    def test_cases_leave_no_output(self) -> None:
        """Checking never writes into the book folder (no dist/)."""
        assert not any((CASES / case / "dist").exists() for case in CASE_NAMES)
