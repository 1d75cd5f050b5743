"""Preflight of the print PDF: what a print-on-demand service checks before it accepts a file.

Read back with pypdf from the PDF itself, not from our settings, so an author's
stylesheet that shrinks a margin or a picture too small for print is caught:

- P101 (error) a page whose trim box is not book.yaml's trim size;
- P102 (error) a font that is not embedded;
- P103 (warning) a font other than the book typeface (a fallback for missing glyphs);
- P104 (error) text closer to the edge than the minimum margins for the page count
  (the gutter from KDP's table inside, 0.25 in elsewhere);
- P105 (warning) an image printed below 300 dots per inch;
- P106 (warning) bookmarks or annotations in a print PDF (print services refuse them);
- P107 (warning) a theme's ornament image printed below 300 dots per inch.

The book's typefaces are EB Garamond and every family an @font-face rule of the book's
print stylesheets (the theme's, the author's) declares: any other font is a fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.checks import design
from builder.checks.findings import ERROR, WARNING, Finding, Severity
from builder.config import CONFIG_FILE, BookConfig
from builder.print_settings import gutter_in

POINTS = 72.0
MIN_MARGIN_IN = 0.25
MIN_DPI = 300
# Glyph positions are baselines and left edges: allow for ascenders and rounding.
TOLERANCE_PT = 1.5


@dataclass(frozen=True)
class _Box:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class _Page:
    """What the preflight saw on one page."""

    xs: list[float] = field(default_factory=list)  # left edges of text runs
    ys: list[float] = field(default_factory=list)  # baselines
    # (printed width pt, width px, height px)
    images: list[tuple[float, int, int]] = field(default_factory=list)


Matrix = tuple[float, float, float, float, float, float]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix M applied, then N (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)  # fmt: skip


def _walk(page: Any) -> _Page:
    """Text positions and images of a page's own content (folio stamps are forms: skipped)."""
    import pikepdf

    seen = _Page()
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    ctm: Matrix = (1, 0, 0, 1, 0, 0)
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm":
            ctm = _times(tuple(map(float, operands)), ctm)  # type: ignore[arg-type]
        elif op == "Tm":
            e, f = float(operands[4]), float(operands[5])
            a, b, c, d, x0, y0 = ctm
            seen.xs.append(a * e + c * f + x0)
            seen.ys.append(b * e + d * f + y0)
        elif op == "Do" and str(operands[0]) in xobjects:
            image = xobjects[str(operands[0])]
            if image.get("/Subtype") == "/Image":
                width = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
                pixels = int(image.get("/Width", 0)), int(image.get("/Height", 0))
                seen.images.append((width, *pixels))
    return seen


def _fonts(page: Any) -> Iterator[tuple[str, bool]]:
    """(name, embedded) of each font a page uses."""
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font", {}) if resources is not None else {}
    for font in fonts.values():
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        yield str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1], embedded


def _margins(seen: _Page, trim: Any, number: int, count: int, target: str, report: Any) -> None:
    """Text too near an edge. Left edges are exact in a PDF (right edges are not), so a right
    page shows its inside margin and a left page its outside one."""
    if not seen.xs:
        return
    margin = MIN_MARGIN_IN * POINTS
    right_page = number % 2 == 1
    needed = gutter_in(count) * POINTS if right_page and target == "print" else margin
    side = "inside" if right_page and target == "print" else "outside"
    left = min(seen.xs) - trim.left
    if left + TOLERANCE_PT < needed:
        report("P104", ERROR, f"page {number}: text is {left / POINTS:.2f} in from the {side} "
               f"edge; {count} pages need at least {needed / POINTS:.3g} in")  # fmt: skip
    top = trim.top - max(seen.ys)
    bottom = min(seen.ys) - trim.bottom
    if min(top - 10, bottom) + TOLERANCE_PT < margin:  # 10 pt: a line's height above its baseline
        report("P104", ERROR, f"page {number}: text is within {MIN_MARGIN_IN} in of the top "
               "or bottom edge")  # fmt: skip


def preflight(pdf: Path, config: BookConfig) -> list[Finding]:
    """Every problem a print service would find in PDF, as findings on book.yaml."""
    import pikepdf

    document = pikepdf.open(pdf)
    settings = config.print
    pages = list(document.pages)
    found: dict[str, Finding] = {}

    def report(code: str, severity: Severity, message: str) -> None:
        line = config.lines.get("print")
        found.setdefault(code, Finding(code, severity, message, CONFIG_FILE, line))

    width, height = settings.width_in * POINTS, settings.height_in * POINTS
    fonts: set[str] = set()
    ornaments = design.ornaments(config)
    for number, page in enumerate(pages, start=1):
        trim = _Box(*map(float, page.trimbox))
        if abs(trim.width - width) > 0.5 or abs(trim.height - height) > 0.5:
            size = f"{trim.width / POINTS:.3g} × {trim.height / POINTS:.3g} in"
            report("P101", ERROR, f"page {number} is {size}, not the trim size in book.yaml")
        for name, embedded in _fonts(page):
            fonts.add(name)
            if not embedded:
                report("P102", ERROR, f"font {name} is not embedded (page {number})")
        seen = _walk(page)
        _margins(seen, trim, number, len(pages), settings.target, report)
        for printed, pixels, rows in seen.images:
            dpi = pixels / (printed / POINTS) if printed else MIN_DPI
            if dpi >= MIN_DPI:
                continue
            if (pixels, rows) in ornaments:
                report("P107", WARNING, f"page {number}: the theme's ornament "
                       f"{ornaments[pixels, rows]} prints at {dpi:.0f} dpi; print needs "
                       f"{MIN_DPI}")  # fmt: skip
            else:
                report("P105", WARNING, f"page {number}: an image prints at {dpi:.0f} dpi; "
                       f"print needs {MIN_DPI}")  # fmt: skip
    typefaces = design.families(config)
    others = sorted(name for name in fonts if not name.startswith(typefaces))
    if others:
        report("P103", WARNING, f"fallback fonts in the PDF: {', '.join(others)}")
    if settings.target == "print":
        outlines = document.Root.get("/Outlines")
        if outlines is not None and "/First" in outlines:
            report("P106", WARNING, "the print PDF has bookmarks; print services refuse them")
        if any("/Annots" in page.obj for page in pages):
            report("P106", WARNING, "the print PDF has links or annotations")
    return sorted(found.values(), key=lambda f: f.code)
