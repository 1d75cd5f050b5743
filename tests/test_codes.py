"""The registry of diagnostic codes: the one list, used everywhere, documented as it is.

BOOK_REGENERATE=1 rewrites docs/check.md's tables of codes from builder/codes.py.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from builder.checks.findings import ERROR, WARNING, Finding
from builder.codes import CODES, require
from builder.errors import BookError, BookWarning, Location

ROOT = Path(__file__).resolve().parents[1]
CHECK_MD = ROOT / "docs" / "check.md"
_CODE = re.compile(r"[A-Z][0-9]{3}")
# docs/check.md's tables, by the first letters of the codes each holds.
SECTIONS = {
    "book.yaml": "YFBI",
    "text": "TC",
    "structure": "SMR",
    "outputs": "EO",
    "print": "PL",
    "stores": "D",
    "silences": "X",
}
_TABLE = re.compile(r"(<!-- codes: ([\w.]+) -->\n).*?(<!-- /codes -->)", re.S)


def code_literals() -> dict[str, list[str]]:
    """Every string literal in builder/ that is a code, with the files it is in."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "builder").rglob("*.py")):
        if path.name == "codes.py" and path.parent.name == "builder":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and _CODE.fullmatch(value):
                found.setdefault(value, []).append(str(path.relative_to(ROOT)))
    return found


def table(section: str) -> str:
    rows = ["| code | severity | by | what |", "| --- | --- | --- | --- |"]
    for code, entry in CODES.items():
        if code[0] in SECTIONS[section]:
            rows.append(f"| {code} | {entry.severity} | {entry.stage} | {entry.meaning} |")
    return "\n".join(rows) + "\n"


def with_tables(text: str) -> str:
    return _TABLE.sub(lambda m: m.group(1) + table(m.group(2)) + m.group(3), text)


class TestRegistry:
    def test_every_code_in_builder_is_registered(self) -> None:
        """A code written anywhere in builder/ is one of the registry's."""
        unknown = {code: files for code, files in code_literals().items() if code not in CODES}
        assert unknown == {}

    def test_every_registered_code_is_reported_somewhere(self) -> None:
        """The registry holds no code that nothing reports."""
        assert set(CODES) - set(code_literals()) == set()

    def test_sections_cover_every_code(self) -> None:
        """Each code falls in exactly one table of docs/check.md."""
        letters = "".join(SECTIONS.values())
        assert all(letters.count(code[0]) == 1 for code in CODES)


class TestRefusal:
    def test_unknown_code_in_an_error(self) -> None:
        """A BookError or BookWarning with a code not in the registry is refused."""
        with pytest.raises(ValueError, match="Z999"):
            BookError("message", Location("book.yaml"), "Z999")
        with pytest.raises(ValueError, match="T01"):
            BookWarning("message", Location("book.yaml"), "T01")

    def test_unknown_code_in_a_finding(self) -> None:
        """A Finding with a code not in the registry is refused."""
        with pytest.raises(ValueError, match="Q001"):
            Finding("Q001", ERROR, "message", "book.yaml")

    def test_finding_of_the_wrong_severity(self) -> None:
        """A Finding reported at another severity than the registry's is refused."""
        with pytest.raises(ValueError, match="T002"):
            Finding("T002", ERROR, "doubled word", "m.md")
        assert Finding("T002", WARNING, "doubled word", "m.md").code == "T002"

    def test_require_returns_the_entry(self) -> None:
        """require gives the code's severity, stage and meaning."""
        entry = require("L001")
        assert (entry.severity, entry.stage) == ("error", "layout")


class TestDocs:
    def test_check_md_tables_are_the_registry(self) -> None:
        """docs/check.md lists exactly the registry's codes, severities, stages and meanings."""
        text = CHECK_MD.read_text("utf-8")
        if os.environ.get("BOOK_REGENERATE"):
            CHECK_MD.write_text(with_tables(text), "utf-8")
            text = CHECK_MD.read_text("utf-8")
        assert len(_TABLE.findall(text)) == len(SECTIONS)
        assert with_tables(text) == text
