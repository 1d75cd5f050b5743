"""Where a PDF page puts its text and its pictures, read back from the page with pikepdf.

Each run of text (one Tj or TJ) becomes a box: from its origin to its advance, which the
font's widths give, and from the font's descent to its ascent, through the text and
transformation matrices, so that turned text (a spine's) has its true place on the page.
Each picture becomes its box and its size in pixels. Boxes are in the page's user space,
in points, as its TrimBox is. The content streams of forms are followed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix M applied, then N (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)  # fmt: skip


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @classmethod
    def around(cls, m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Box:
        """The upright box around the rectangle (x0, y0)-(x1, y1) after M."""
        corners = [apply(m, x, y) for x in (x0, x1) for y in (y0, y1)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return cls(min(xs), min(ys), max(xs), max(ys))

    def meets(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.bottom < other.top and other.bottom < self.top)  # fmt: skip


@dataclass(frozen=True)
class Picture:
    box: Box
    pixels: tuple[int, int]  # width, height
    printed: tuple[float, float]  # width, height in points, along the picture's own axes

    @property
    def ppi(self) -> float:
        """Pixels per printed inch, on the picture's coarser axis."""
        width, height = (max(side / 72, 1e-9) for side in self.printed)
        return min(self.pixels[0] / width, self.pixels[1] / height)


@dataclass
class Seen:
    texts: list[Box] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)


@dataclass(frozen=True)
class _Font:
    widths: dict[int, float]
    default: float
    two_bytes: bool
    ascent: float
    descent: float

    def codes(self, data: bytes) -> list[int]:
        if self.two_bytes:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)


def _font(font: Any) -> _Font:
    """Widths and vertical extent of a font dictionary (Type 0 or simple)."""
    if "/DescendantFonts" in font:
        described = font.DescendantFonts[0]
        widths = _cid_widths(described.get("/W", []))
        default, two_bytes = float(described.get("/DW", 1000)), True
    else:
        described = font
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}
        default, two_bytes = 0.0, False
    descriptor = described.get("/FontDescriptor") or {}
    ascent = float(descriptor.get("/Ascent", 800)) or 800.0
    descent = float(descriptor.get("/Descent", -200))
    return _Font(widths, default, two_bytes, ascent, descent)


def _cid_widths(array: Any) -> dict[int, float]:
    """A CID font's /W: `c [w1 w2 ...]` or `first last w`, repeated."""
    import pikepdf

    items, index = list(array), 0
    widths: dict[int, float] = {}
    while index + 1 < len(items):
        start, then = int(items[index]), items[index + 1]
        if isinstance(then, pikepdf.Array):
            widths.update({start + i: float(w) for i, w in enumerate(then)})
            index += 2
        else:
            widths.update(dict.fromkeys(range(start, int(then) + 1), float(items[index + 2])))
            index += 3
    return widths


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    font: _Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0

    def copy(self) -> _State:
        return _State(**self.__dict__)


class _Walker:
    """Follows one content stream (and the forms it draws), noting text and pictures."""

    def __init__(self, seen: Seen) -> None:
        self.seen = seen
        self.fonts: dict[int, _Font] = {}
        self.state = _State()
        self.stack: list[_State] = []
        self.line: Matrix = IDENTITY  # the text line matrix (Tlm)
        self.text: Matrix = IDENTITY  # the text matrix (Tm)

    def walk(self, stream: Any, resources: Any) -> None:
        import pikepdf

        for instruction in pikepdf.parse_content_stream(stream):
            if isinstance(instruction, pikepdf.ContentStreamInstruction):
                self.step(str(instruction.operator), list(instruction.operands), resources)

    def step(self, op: str, args: list[Any], resources: Any) -> None:
        state = self.state
        if op == "q":
            self.stack.append(state.copy())
        elif op == "Q" and self.stack:
            self.state = self.stack.pop()
        elif op == "cm":
            state.ctm = times(_matrix(args), state.ctm)
        elif op == "BT":
            self.line = self.text = IDENTITY
        elif op == "Tf":
            state.font, state.size = self._font(resources, args[0]), float(args[1])
        elif op in ("Tc", "Tw", "Tz", "TL", "Ts"):
            self._text_state(op, float(args[0]))
        elif op == "Tm":
            self.line = self.text = _matrix(args)
        elif op in ("Td", "TD"):
            if op == "TD":
                state.leading = -float(args[1])
            self._move(float(args[0]), float(args[1]))
        elif op in ("T*", "'", '"'):
            self._next_line(op, args)
        elif op == "Tj":
            self._show([args[0]])
        elif op == "TJ":
            self._show(list(args[0]))
        elif op == "Do":
            self._draw(resources, args[0])

    def _text_state(self, op: str, value: float) -> None:
        state = self.state
        if op == "Tc":
            state.char_spacing = value
        elif op == "Tw":
            state.word_spacing = value
        elif op == "Tz":
            state.scale = value / 100
        elif op == "TL":
            state.leading = value
        else:
            state.rise = value

    def _move(self, x: float, y: float) -> None:
        self.line = self.text = times((1, 0, 0, 1, x, y), self.line)

    def _next_line(self, op: str, args: list[Any]) -> None:
        if op == '"':
            self.state.word_spacing, self.state.char_spacing = float(args[0]), float(args[1])
        self._move(0, -self.state.leading)
        if op != "T*":
            self._show([args[-1]])

    def _font(self, resources: Any, name: Any) -> _Font | None:
        font = resources.get("/Font", {}).get(str(name))
        if font is None:
            return None
        key = font.objgen if font.is_indirect else id(font)
        if key not in self.fonts:
            self.fonts[key] = _font(font)
        return self.fonts[key]

    def _show(self, items: list[Any]) -> None:
        state, font = self.state, self.state.font
        if font is None:
            return
        advance = 0.0
        for item in items:
            if isinstance(item, (int, float)) or not hasattr(item, "__bytes__"):
                advance -= float(item) / 1000 * state.size * state.scale
                continue
            for code in font.codes(bytes(item)):
                width = font.widths.get(code, font.default) / 1000 * state.size
                spacing = state.word_spacing if code == 32 and not font.two_bytes else 0.0
                advance += (width + state.char_spacing + spacing) * state.scale
        low = state.rise + font.descent / 1000 * state.size
        high = state.rise + font.ascent / 1000 * state.size
        if advance > 0:
            placed = times(self.text, state.ctm)
            self.seen.texts.append(Box.around(placed, 0, low, advance, high))
        self.text = times((1, 0, 0, 1, advance, 0), self.text)

    def _draw(self, resources: Any, name: Any) -> None:
        drawn = resources.get("/XObject", {}).get(str(name))
        if drawn is None:
            return
        ctm = self.state.ctm
        if drawn.get("/Subtype") == "/Image":
            pixels = (int(drawn.get("/Width", 0)), int(drawn.get("/Height", 0)))
            printed = (math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3]))
            self.seen.pictures.append(Picture(Box.around(ctm, 0, 0, 1, 1), pixels, printed))
        elif drawn.get("/Subtype") == "/Form":
            saved, line, text = self.state.copy(), self.line, self.text
            self.state.ctm = times(_matrix(drawn.get("/Matrix", IDENTITY)), ctm)
            self.walk(drawn, drawn.get("/Resources", resources))
            self.state, self.line, self.text = saved, line, text


def _matrix(values: Any) -> Matrix:
    a, b, c, d, e, f = (float(value) for value in values)
    return (a, b, c, d, e, f)


def read(page: Any) -> Seen:
    """The text runs and pictures of a pikepdf page."""
    seen = Seen()
    _Walker(seen).walk(page, page.obj.get("/Resources", {}))
    return seen
