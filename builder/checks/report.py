"""The three ways `book check` prints its findings: for people, for programs, for GitHub."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from builder.checks.findings import ERROR, Finding
from builder.checks.runner import Report


def as_json(report: Report) -> str:
    """A JSON list of findings: code, severity, message, file, line, column, place."""
    return json.dumps([f.as_dict() for f in report.findings], indent=2, ensure_ascii=False)


def _escape(text: str, property: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def as_github(report: Report, prefix: str = "") -> str:
    """GitHub Actions annotations, one a line; PREFIX is the book folder within the repository."""
    lines = []
    for finding in report.findings:
        fields = [f"file={_escape(prefix + finding.file, True)}"]
        if finding.line is not None:
            fields.append(f"line={finding.line}")
            if finding.column is not None:
                fields.append(f"col={finding.column}")
        fields.append(f"title={_escape(finding.code, True)}")
        # No line to point at in a Word or HTML file: the place leads the message instead.
        message = f"{finding.place}: {finding.message}" if finding.place else finding.message
        lines.append(f"::{finding.severity} {','.join(fields)}::{_escape(message)}")
    return "\n".join(lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def summary(report: Report) -> str:
    parts = [_count(report.errors, "error"), _count(report.warnings, "warning")]
    if report.silenced:
        parts.append(f"{report.silenced} silenced")
    return ", ".join(parts) + f"; EPUBCheck: {report.epubcheck}; PDF preflight: {report.pdf}"


def write_text(report: Report, out: TextIO, color: bool | None = None) -> None:
    """Findings grouped by file, aligned; coloured on a terminal (COLOR None: if OUT is one)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out, highlight=False, soft_wrap=True, force_terminal=color, no_color=color is False
    )
    for file, group in groupby(report.findings, key=lambda f: f.file):
        findings = list(group)
        console.print(Text(file, style="bold underline"))
        width = max(len(_place(f)) for f in findings)
        for finding in findings:
            console.print(_line(finding, width))
        console.print()
    style = "bold red" if report.errors else "bold yellow" if report.warnings else "bold green"
    console.print(Text(summary(report), style=style))


def _place(finding: Finding) -> str:
    if finding.place:
        return finding.place
    return ":".join(str(p) for p in (finding.line, finding.column) if p is not None) or "-"


def _line(finding: Finding, width: int) -> object:
    from rich.text import Text

    line = Text("  ")
    line.append(_place(finding).ljust(width + 2), style="dim")
    severity = finding.severity.ljust(9)
    line.append(severity, style="red" if finding.severity == ERROR else "yellow")
    line.append(finding.code.ljust(6), style="bold")
    line.append(finding.message)
    return line
