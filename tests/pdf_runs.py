"""Text runs of a PDF page read from its content stream: where each starts, its baseline,
its size and its font, in points from the page's bottom left (as the PDF draws them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Run:
    x: float
    baseline: float
    size: float  # points
    font: str  # the PDF's name for it (EB-Garamond-Italic...)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)  # fmt: skip


def runs(page: Any) -> list[Run]:
    """Every text run (each Tm) of a pikepdf page's own content."""
    import pikepdf

    fonts = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    ctm: Matrix = (1, 0, 0, 1, 0, 0)
    stack: list[Matrix] = []
    size, font = 0.0, ""
    at = (0.0, 0.0)
    found = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm":
            ctm = _times(tuple(map(float, operands)), ctm)  # type: ignore[arg-type]
        elif op == "Tf":
            resource = fonts.get(str(operands[0]))
            base = str(resource.get("/BaseFont", "?")) if resource is not None else "?"
            font = base.lstrip("/").split("+")[-1]
            size = float(operands[1]) * abs(ctm[3])
        elif op == "Tm":
            a, b, c, d, x0, y0 = ctm
            e, f = float(operands[4]), float(operands[5])
            at = (a * e + c * f + x0, b * e + d * f + y0)
        elif op in ("TJ", "Tj"):  # WeasyPrint may set the font after the position
            found.append(Run(at[0], at[1], size, font))
    return found


def lines(found: list[Run], size: float) -> list[tuple[float, float]]:
    """(baseline, leftmost x) of each line of text of SIZE, from the top of the page down."""
    by_line: dict[float, float] = {}
    for run in found:
        if abs(run.size - size) < 0.05:
            key = round(run.baseline, 1)
            by_line[key] = min(by_line.get(key, run.x), run.x)
    return sorted(by_line.items(), reverse=True)
