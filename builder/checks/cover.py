"""Preflight of the full-wrap cover (dist/<name>-cover.pdf), as a print service checks it.

Read back from the PDF (pdfboxes.py), not from the builder's settings, so that an author's
stylesheet that moves or enlarges the cover's type is caught too:

- P201 (warning) a picture printed below 300 pixels per inch for its printed size;
- P202 (error) text nearer the trim or a spine fold than the service's safe zone, or in
  the barcode's area;
- P203 (error) a spine too thin for its text: spine text nearer a fold than the service
  allows, or spine text on fewer pages than the service allows it on.

`book check` runs it when the book has a cover in dist/ (built by `--format cover`),
building the cover again first when it is stale, as it does the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import pipeline
from builder.checks import pdfboxes
from builder.checks.findings import ERROR, WARNING, Finding, Severity, from_error
from builder.config import CONFIG_FILE, BookConfig
from builder.errors import BookError
from builder.render.cover.services import SERVICES, Service, Wrap

MIN_PPI = 300
# Glyph boxes run from the font's descent to its ascent: allow for rounding.
TOLERANCE_PT = 0.5


def check(reading: pipeline.Reading) -> list[Finding]:
    """The preflight of dist/'s cover, if the book has one (built again first when stale)."""
    try:
        path = pipeline.built_cover(reading)
    except BookError as error:
        return [from_error(error)]
    return preflight(path, reading.config) if path is not None else []


@dataclass(frozen=True)
class _Sheet:
    """Where the panels and the spine are on the page, in points (the page's user space)."""

    trim: pdfboxes.Box
    panel: float  # a panel's width: the trim width
    service: Service
    wrap: Wrap
    front_set: bool  # print.cover-front, rather than `cover`, names the front's picture

    @property
    def folds(self) -> tuple[float, float]:
        left = self.trim.left + self.panel
        return left, left + self.wrap.spine * 72

    def on_spine(self, box: pdfboxes.Box) -> bool:
        left, right = self.folds
        return left <= (box.left + box.right) / 2 <= right

    def panel_edges(self, box: pdfboxes.Box) -> tuple[float, float]:
        left, right = self.folds
        if (box.left + box.right) / 2 < left:
            return self.trim.left, left
        return right, self.trim.right

    @property
    def barcode(self) -> pdfboxes.Box:
        left, top, width, height = self.wrap.barcode
        x, y = self.trim.left + left * 72, self.trim.top - top * 72
        return pdfboxes.Box(x, y - height * 72, x + width * 72, y)


def _sheet(page: Any, config: BookConfig) -> _Sheet:
    trim = pdfboxes.Box(*map(float, page.trimbox))
    settings = config.print
    service = SERVICES[settings.cover.service]
    panel = settings.width_in * 72
    spine_in = max(trim.right - trim.left - 2 * panel, 0.0) / 72
    pages = round(service.pages_for(spine_in, settings.cover.paper))
    wrap = Wrap(settings.width_in, settings.height_in, spine_in, pages, settings.cover.paper,
                service)  # fmt: skip
    return _Sheet(trim, panel, service, wrap, settings.cover.front is not None)


def preflight(pdf: Path, config: BookConfig) -> list[Finding]:
    """Every problem a print service would find in the cover PDF, as findings on book.yaml."""
    import pikepdf

    found: dict[str, Finding] = {}

    def report(code: str, severity: Severity, message: str, key: str = "print") -> None:
        line = config.lines.get(key, config.lines.get("print"))
        found.setdefault(code, Finding(code, severity, message, CONFIG_FILE, line))

    with pikepdf.open(pdf) as document:
        page = document.pages[0]
        sheet = _sheet(page, config)
        seen = pdfboxes.read(page)
    for box in seen.texts:
        if sheet.on_spine(box):
            _spine_text(box, sheet, report)
        else:
            _panel_text(box, sheet, report)
    for picture in seen.pictures:
        _resolution(picture, sheet, report)
    return sorted(found.values(), key=lambda f: f.code)


Report = Any  # (code, severity, message) -> None


def _spine_text(box: pdfboxes.Box, sheet: _Sheet, report: Report) -> None:
    service, wrap = sheet.service, sheet.wrap
    left, right = sheet.folds
    room = min(box.left - left, right - box.right) / 72
    if not wrap.spine_text_allowed:
        report("P203", ERROR, f"text on the spine of a {wrap.pages}-page book; "
               f"{service.name} allows it from {service.spine_text_pages} pages")  # fmt: skip
    if room * 72 + TOLERANCE_PT < service.spine_margin_in * 72:
        report("P203", ERROR, f"spine text comes {max(room, 0):.3f} in from a fold of a "
               f"{wrap.spine:.3f} in spine; {service.name} asks for "
               f"{service.spine_margin_in} in")  # fmt: skip
    _ends(box, sheet, report)


def _panel_text(box: pdfboxes.Box, sheet: _Sheet, report: Report) -> None:
    low, high = sheet.panel_edges(box)
    sides = min(box.left - low, high - box.right)
    if sides + TOLERANCE_PT < sheet.service.safe_in * 72:
        edge = "trim or the spine's fold"
        report("P202", ERROR, f"text {max(sides, 0) / 72:.3f} in from the {edge}; "
               f"{sheet.service.name} asks for {sheet.service.safe_in} in")  # fmt: skip
    _ends(box, sheet, report)
    if box.meets(sheet.barcode):
        report("P202", ERROR, "text in the barcode's area at the foot of the back cover")


def _ends(box: pdfboxes.Box, sheet: _Sheet, report: Report) -> None:
    """Text too near the top or the bottom of the trim."""
    nearest = min(sheet.trim.top - box.top, box.bottom - sheet.trim.bottom)
    if nearest + TOLERANCE_PT < sheet.service.safe_in * 72:
        report("P202", ERROR, f"text {max(nearest, 0) / 72:.3f} in from the top or bottom "
               f"edge; {sheet.service.name} asks for {sheet.service.safe_in} in")  # fmt: skip


def _resolution(picture: pdfboxes.Picture, sheet: _Sheet, report: Report) -> None:
    if picture.ppi + 0.5 >= MIN_PPI:
        return
    front = (picture.box.left + picture.box.right) / 2 > sheet.folds[1]
    # The key that names the picture: `cover`, unless print.cover-front replaces it.
    key = "cover" if front and not sheet.front_set else "print"
    width, height = (side / 72 for side in picture.printed)
    what = "the front's picture" if front else "a picture on the back"
    report("P201", WARNING, f"{what} prints at {picture.ppi:.0f} ppi over {width:.2f} × "
           f"{height:.2f} in; print needs {MIN_PPI}: {round(width * MIN_PPI)} × "
           f"{round(height * MIN_PPI)} px", key)  # fmt: skip
