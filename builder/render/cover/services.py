"""What each print service asks of a paperback's full-wrap cover, and the wrap's geometry.

Every figure is the service's published one (docs/cover.md gives the sources):

- KDP ("Create a Paperback Cover"): the spine is the page count times the paper's
  thickness (white 0.002252 in, cream 0.0025 in, premium colour 0.002347 in a page);
  spine text from 79 pages, 0.0625 in clear of each fold; everything else 0.125 in
  inside the trim; a 2 × 1.2 in barcode area at the lower right of the back, 0.25 in
  from the spine and the bottom edge.
- IngramSpark publishes its spine only through its cover template generator; the
  per-page figures given for its 50 lb white, 50 lb crème and 70 lb colour stocks are
  KDP's. Its File Creation Guide allows spine text from 48 pages; its help centre asks
  for cover art 0.25 in from the trim and allows the spine 1/16 in of variance.
- Lulu ("Book Creation Guide"): spine = pages / 444 + 0.06 in on every paper; no spine
  text at 80 pages or fewer, nor below 100 for Global Distribution (the builder keeps
  the stricter rule); a 0.5 in safety margin; spine text 0.125 in from the folds.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.print_settings import BLEED_IN, Paper, PrintSettings

# A barcode area of 2 × 1.2 in, 0.25 in from the spine fold and the bottom trim: KDP's, and
# the size Lulu and IngramSpark ask for too.
BARCODE_IN = (2.0, 1.2)
BARCODE_INSET_IN = 0.25


@dataclass(frozen=True)
class Service:
    name: str
    per_page_in: dict[Paper, float]
    base_in: float  # added to every spine (Lulu's cover board)
    spine_text_pages: int  # the fewest pages whose spine may carry text
    safe_in: float  # text at least this far inside the trim and from the folds
    spine_margin_in: float  # spine text at least this far from each fold

    def spine_in(self, pages: int, paper: Paper) -> float:
        return pages * self.per_page_in[paper] + self.base_in

    def pages_for(self, spine_in: float, paper: Paper) -> float:
        """The page count a spine this wide stands for (the inverse of spine_in)."""
        return (spine_in - self.base_in) / self.per_page_in[paper]


_KDP_PAPER: dict[Paper, float] = {"white": 0.002252, "cream": 0.0025, "color": 0.002347}
SERVICES: dict[str, Service] = {
    "kdp": Service("KDP", _KDP_PAPER, 0.0, 79, 0.125, 0.0625),
    "ingramspark": Service("IngramSpark", _KDP_PAPER, 0.0, 48, 0.25, 0.0625),
    "lulu": Service("Lulu", dict.fromkeys(_KDP_PAPER, 1 / 444), 0.06, 100, 0.5, 0.125),
}

# Spine text smaller than this cannot be read on a shelf: the spine is left blank.
MIN_SPINE_PT = 5.0
MAX_SPINE_PT = 20.0
# The room across the spine for type of 1 pt: the type's ascent to descent (1 em in EB
# Garamond), and a little for accents and fonts that reach further.
SPINE_LINE = 1.2


@dataclass(frozen=True)
class Wrap:
    """The cover sheet, in inches from the top left corner of the trim (the bleed is outside).

    Left to right: back panel, spine, front panel, each the full trim height.
    """

    trim_width: float
    trim_height: float
    spine: float
    pages: int
    paper: Paper
    service: Service
    bleed: float = BLEED_IN

    @classmethod
    def of(cls, settings: PrintSettings, pages: int) -> Wrap:
        cover = settings.cover
        service = SERVICES[cover.service]
        spine = service.spine_in(pages, cover.paper)
        return cls(settings.width_in, settings.height_in, spine, pages, cover.paper, service)

    @property
    def width(self) -> float:
        """The whole sheet: both panels, the spine and the bleed on either side."""
        return 2 * self.trim_width + self.spine + 2 * self.bleed

    @property
    def height(self) -> float:
        return self.trim_height + 2 * self.bleed

    @property
    def front_left(self) -> float:
        return self.trim_width + self.spine

    @property
    def inset(self) -> float:
        """Where the back's text starts: the safe zone and some air."""
        return max(0.5, self.service.safe_in + 0.125)

    @property
    def barcode(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the clear barcode area on the back."""
        width, height = BARCODE_IN
        left = self.trim_width - BARCODE_INSET_IN - width
        return left, self.trim_height - BARCODE_INSET_IN - height, width, height

    @property
    def spine_text_allowed(self) -> bool:
        return self.pages >= self.service.spine_text_pages

    @property
    def spine_room(self) -> float:
        """The spine's width between its margins, in inches."""
        return self.spine - 2 * self.service.spine_margin_in

    @property
    def spine_type_pt(self) -> float:
        """The size of the spine's type: as large as the room between the margins allows."""
        return min(MAX_SPINE_PT, self.spine_room * 72 / SPINE_LINE)
