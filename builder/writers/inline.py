"""Inline Markdown from the model: emphasis, links, notes, and text escaped only where needed.

The nodes become pieces (text, emphasis delimiters, other syntax, line breaks), and each
piece is written knowing its neighbours, because CommonMark decides what a character means
from the characters beside it: `*` opens emphasis only if it is "left-flanking", `_` never
inside a word, `1.` only at the start of a line. Text escapes only what would otherwise be
read as markup, so the file stays pleasant to edit; where a delimiter would not be read as
one (an emphasis that starts with punctuation right after a letter: `word*"quote"*`), the
neighbouring letter is written as a character reference (`&#100;`), which Markdown reads back
as the letter itself and which counts as punctuation for the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar

from builder.model import NOTEREF, Code, Element, Node, Text
from builder.writers.normal import is_autolink, is_space

_ALWAYS = frozenset("\\`*[]<{|")  # markup wherever it stands
_SCRIPT_MARKS = frozenset("^~")  # superscript, subscript, strikethrough: markup before text
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LIST_NUMBER = re.compile(r"[0-9]{1,9}[.)]")
_LINE_START = frozenset("#>-+=")  # headings, quotes, list bullets, setext underlines
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Every character that escape() may change away from the edges and a line's start.
_SPECIAL = _ALWAYS | _SCRIPT_MARKS | frozenset("_&!:(#\n")
_FIND_SPECIAL = re.compile("[" + re.escape("".join(sorted(_SPECIAL))) + "]")  # found in C
_MARKS = {"em": ("*", "_"), "strong": ("**", "__"), "s": ("~~",)}


@dataclass
class _Piece:
    kind: str  # "text", "open", "close", "syntax", "break" (a line break: "\n" or "\\\n")
    source: str  # text: the model's characters; others: the Markdown written
    tag: str = ""  # open/close: the element's tag
    partner: int = -1  # open/close: the index of the other delimiter
    entity: set[int] = field(default_factory=set)  # text: indexes written as &#N;


def _char_ref(char: str) -> str:
    return f"&#{ord(char)};"


class Writer:
    """The inline content of one block, for one kind of place in the file."""

    def __init__(self, labels: dict[int, int], context: str = "paragraph") -> None:
        # context: "paragraph" (lines, line breaks allowed), "heading" (one line, ATX),
        # "cell" (one line, in a table), "alt" (an image's alt text).
        self.labels = labels
        self.context = context
        self.pieces: list[_Piece] = []

    def write(self, nodes: tuple[Node, ...]) -> str:
        self.pieces = []
        self.add(nodes)
        self.keep_blank_lines()
        self.choose_marks()
        for _ in range(3):
            if not self.fix_flanking():
                break
        return "".join(self.render(i) for i in range(len(self.pieces)))

    # --- pieces -------------------------------------------------------------------------
    def add(self, nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Text | Code):
                self.text(node.text)
            else:
                self.element(node)

    def text(self, text: str) -> None:
        lines = text.split("\n") if self.context == "paragraph" else [text]
        for number, line in enumerate(lines):
            if number:
                self.pieces.append(_Piece("break", "\n"))
            if line:
                self.pieces.append(_Piece("text", line))

    def keep_blank_lines(self) -> None:
        """A new line that would leave a line empty (and end the paragraph), or that starts
        or ends it (and would be trimmed), is written as a character reference."""
        for index, piece in enumerate(self.pieces):
            if piece.kind != "break" or piece.source != "\n":
                continue
            last = index == len(self.pieces) - 1
            if index == 0 or last or self.pieces[index - 1].kind == "break":
                self.pieces[index] = _Piece("text", "\n")

    def syntax(self, source: str) -> None:
        self.pieces.append(_Piece("syntax", source))

    def element(self, node: Element) -> None:
        tag = node.tag
        if tag in _MARKS:
            self.delimited(node)
        elif tag == "br":
            self.hard_break()
        elif tag in ("sup", "sub"):
            mark = "^" if tag == "sup" else "~"
            self.syntax(mark + _script_text(_text_of(node)) + mark)
        elif tag == "code":
            span = _code_span(_text_of(node))
            if self.context == "cell":  # a table splits its rows at every unescaped |
                span = span.replace("|", "\\|")
            self.syntax(span + _attrs(node.attrs))
        elif tag == NOTEREF:
            number = int(node.attr("note") or 0)
            self.syntax(f"[^{self.labels.get(number, number)}]")
        elif tag == "img":
            self.image(node)
        elif tag == "a":
            self.link(node)
        elif tag == "span":
            self.syntax("[")
            self.add(node.children)
            self.syntax("]" + _attrs(node.attrs))
        else:
            self.add(node.children)

    def hard_break(self) -> None:
        if self.context == "paragraph":
            self.pieces.append(_Piece("break", "\\\n"))
        else:  # one line: a heading, a table cell
            self.pieces.append(_Piece("text", "\n"))

    def delimited(self, node: Element) -> None:
        opening = len(self.pieces)
        self.pieces.append(_Piece("open", "", node.tag))
        self.add(node.children)
        self.pieces[opening].partner = len(self.pieces)
        self.pieces.append(_Piece("close", "", node.tag, opening))

    def image(self, node: Element) -> None:
        alt = Writer(self.labels, "alt").write((Text(node.attr("alt")),))
        title = _title(node.attr("title"))
        rest = tuple((k, v) for k, v in node.attrs if k not in ("src", "alt", "title"))
        target = _destination(quote(node.attr("src"), safe="/:#?&=@!$'()*+,;~"))
        self.syntax(f"![{alt}]({target}{title}){_attrs(rest)}")

    def link(self, node: Element) -> None:
        href = node.attr("href")
        rest = tuple((k, v) for k, v in node.attrs if k not in ("href", "title"))
        if is_autolink(node):
            self.syntax(f"<{_text_of(node) or href}>")
            return
        self.syntax("[")
        self.add(node.children)
        title = _title(node.attr("title"))
        self.syntax(f"]({_destination(_href(href))}{title}){_attrs(rest)}")

    # --- emphasis -------------------------------------------------------------------------
    def choose_marks(self) -> None:
        """`*` unless a neighbouring delimiter is a `*` too (`***` is read other ways)."""
        for index, piece in enumerate(self.pieces):
            if piece.kind != "open":
                continue
            taken = {self.mark_at(index - 1), self.mark_at(piece.partner + 1)}
            choices = _MARKS[piece.tag]
            mark = next((m for m in choices if m[0] not in taken), choices[0])
            piece.source = self.pieces[piece.partner].source = mark

    def mark_at(self, index: int) -> str:
        if 0 <= index < len(self.pieces):
            piece = self.pieces[index]
            if piece.kind in ("open", "close") and piece.source:
                return piece.source[0]
        return ""

    def fix_flanking(self) -> bool:
        """Make each delimiter readable as what it is; True if some text had to change."""
        changed = False
        for index, piece in enumerate(self.pieces):
            if piece.kind not in ("open", "close"):
                continue
            before, after = self.char_before(index), self.char_after(index)
            can_open, can_close = _flanking(before, after, piece.source[0] != "_")
            if piece.kind == "open" and not can_open:
                changed |= self.to_reference(index - 1, last=True)
            elif piece.kind == "close" and not can_close:
                changed |= self.to_reference(index + 1, last=False)
        return changed

    def to_reference(self, index: int, last: bool) -> bool:
        if not 0 <= index < len(self.pieces) or self.pieces[index].kind != "text":
            return False
        piece = self.pieces[index]
        position = len(piece.source) - 1 if last else 0
        if position in piece.entity:
            return False
        piece.entity.add(position)
        return True

    def char_before(self, index: int) -> str:
        return self.render(index - 1)[-1:] or " " if index > 0 else " "

    def char_after(self, index: int) -> str:
        return self.render(index + 1)[:1] or " " if index + 1 < len(self.pieces) else " "

    # --- text -----------------------------------------------------------------------------
    def render(self, index: int) -> str:
        piece = self.pieces[index]
        if piece.kind != "text":
            return piece.source
        # Only some characters can need escaping: look at those alone (a book is millions).
        text = piece.source
        out = list(text)
        positions = {0, len(text) - 1, *piece.entity}
        positions.update(match.start() for match in _FIND_SPECIAL.finditer(text))
        if self.context == "paragraph" and self.line_start(index):
            # What line_start_escape may escape: the first character, and the `.` or `)`
            # after a number (`123456789.` would be a list's).
            positions.add(0)
            number = _LIST_NUMBER.match(text)
            if number:
                positions.add(number.end() - 1)
        for position in positions:
            out[position] = self.escape(index, position)
        return "".join(out)

    def escape(self, index: int, position: int) -> str:
        piece = self.pieces[index]
        text, char = piece.source, piece.source[position]
        if position in piece.entity or char == "\n" or self.at_edge(index, position):
            return _char_ref(char)
        if char in _ALWAYS or (char in "#" and self.context == "heading"):
            return "\\" + char
        nxt = text[position + 1] if position + 1 < len(text) else ""
        if char == "_":
            inside_word = position > 0 and text[position - 1].isalnum() and nxt.isalnum()
            return char if inside_word else "\\" + char
        if char in _SCRIPT_MARKS:
            # Alone before a space (Hello~ you) it is text; the space must stay a space.
            plain = nxt == " " and position + 2 < len(text)
            return char if plain else "\\" + char
        if char == "&":
            return "\\&" if _ENTITY.match(text, position) else char
        if char == "!" and not nxt and self.next_source(index).startswith("["):
            return "\\!"  # a `!` before a link would make it a picture
        if char == ":" and (text[position - 1] == "]" if position else self.follows("]", index)):
            return "\\:"  # [^1]: at a line's start would define a note
        if position == 0 and char == "(" and self.follows("[^", index):
            return "\\("  # [^1](x) would be a link
        if self.context == "paragraph" and self.line_start(index):
            return self.line_start_escape(text, position)
        return char

    def at_edge(self, index: int, position: int) -> bool:
        """White space that Markdown would trim: at the start or end of the block, of a line."""
        char = self.pieces[index].source[position]
        if not char.isspace():
            return False
        previous = self.pieces[index - 1] if position == 0 and index > 0 else None
        following = self.pieces[index + 1] if index + 1 < len(self.pieces) else None
        end = position == len(self.pieces[index].source) - 1
        if position == 0 and (previous is None or previous.kind == "break"):
            return True
        return end and (following is None or following.kind == "break")

    def line_start(self, index: int) -> bool:
        return index == 0 or self.pieces[index - 1].kind == "break"

    def line_start_escape(self, text: str, position: int) -> str:
        """Markup that only counts at the start of a line: `# `, `> `, `- `, `1. `, `===`."""
        char = text[position]
        if position == 0 and char in _LINE_START:
            return "\\" + char
        number = _LIST_NUMBER.match(text)
        if number and position == number.end() - 1:
            return "\\" + char
        return char

    def next_source(self, index: int) -> str:
        return self.render(index + 1) if index + 1 < len(self.pieces) else ""

    def follows(self, source: str, index: int) -> bool:
        """Whether the piece before INDEX is written starting (for "[^") or ending with SOURCE."""
        if index == 0 or self.pieces[index - 1].kind == "text":
            return False
        written = self.pieces[index - 1].source
        return written.startswith(source) if source == "[^" else written.endswith(source)


def _flanking(before: str, after: str, split_word: bool) -> tuple[bool, bool]:
    """Whether a delimiter run between BEFORE and AFTER can open and close (CommonMark's
    rules, as markdown-it's StateInline.scanDelims applies them)."""
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space, after_space = is_space(before), is_space(after)
    left = not (after_space or (after_punct and not (before_space or before_punct)))
    right = not (before_space or (before_punct and not (after_space or after_punct)))
    can_open = left and (split_word or not right or before_punct)
    can_close = right and (split_word or not left or after_punct)
    return can_open, can_close


def _text_of(node: Element) -> str:
    return "".join(c.text for c in node.children if isinstance(c, Text | Code))


def _script_text(text: str) -> str:
    """Superscript or subscript text: no unescaped space or punctuation may stand in it."""
    return "".join("\\" + c if c in _ASCII_PUNCT or c == " " else c for c in text)


def _code_span(text: str) -> str:
    """Backticks one more than the longest run inside; padded where Markdown would strip."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space inside each end is not part of the code, and keeps `[^1]:` in it from
    # being read as a note's definition when the line starts [^x^ (a span, a link).
    pad = text.startswith("`") or text.endswith("`") or "]" in text
    pad = pad or (text.startswith(" ") and text.endswith(" ") and text.strip(" ") != "")
    inner = f" {text} " if pad else text
    return fence + inner + fence


def _attrs(attrs: tuple[tuple[str, str], ...]) -> str:
    """`{#id .class lang=xx}` after an element, in the order the attributes have."""
    words = []
    for key, value in attrs:
        if key == "id":
            words.append(f"#{value}")
        elif key == "class":
            words.extend(f".{name}" for name in value.split())
        else:
            words.append(f'{key}="{value}"')
    return "{" + " ".join(words) + "}" if words else ""


def _title(title: str) -> str:
    if not title:
        return ""
    return ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _destination(target: str) -> str:
    if target and not any(c.isspace() or c in "<>()\\" for c in target):
        return target
    return "<" + re.sub(r"([<>\\])", r"\\\1", target) + ">"


def _href(href: str) -> str:
    """A link to another file of the book (book:PATH), from a chapter in manuscript/."""
    if not href.startswith("book:"):
        return href
    path, _, fragment = href.removeprefix("book:").partition("#")
    relative = path.removeprefix("manuscript/") if path.startswith("manuscript/") else f"../{path}"
    return quote(relative) + (f"#{fragment}" if fragment else "")
