"""Word manuscripts: mammoth turns a .docx's styles into semantic HTML for the HTML reader.

mammoth maps Word's built-in styles (Heading 1, Quote, List Paragraph...) and its direct
formatting (italic, bold, small caps, superscript) to plain HTML tags and leaves the look
(fonts, sizes, spacing) behind, which is what a book built from the text wants.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder import sources
from builder.errors import BookError, Location
from builder.model import Footnote, Node
from builder.readers import html, wordrules, wordstyles, wordxml

# Small caps are set as direct formatting in Word; mammoth drops them unless mapped. A page
# break (Ctrl+Enter) and a centred paragraph are where a chapter may start (readers.split):
# mammoth drops both unless told; html.py reads br.page-break and p.center.
_CENTRED = "book-centred"  # the style name _centre gives a centred body paragraph
_STYLE_MAP = "\n".join(
    (
        f"small-caps => span.{html.SMALL_CAPS_CLASS}",
        "br[type='page'] => br.page-break",
        f"p[style-name='{_CENTRED}'] => p.center:fresh",
    )
)
# Styles mammoth does not map by default, which Word, LibreOffice and pandoc use for italics
# and block quotes (LibreOffice saves an HTML <em> as the character style "Emphasis").
_QUOTE = "blockquote > p:fresh"
_NAMED_STYLES = (
    "r[style-name='Emphasis'] => em",
    f"p[style-name='Quote'] => {_QUOTE}",
    f"p[style-name='Intense Quote'] => {_QUOTE}",
    f"p[style-name='Block Text'] => {_QUOTE}",
    f"p[style-name='Quotations'] => {_QUOTE}",
)
_MAPPINGS = "\n".join((_STYLE_MAP, *_NAMED_STYLES))
# Paragraph styles of body text: centred by hand, one is set apart. Headings, quotes and
# lists keep their own style and meaning.
_BODY_STYLES = frozenset(
    {None, "Normal", "Body Text", "Body", "First Paragraph", "No Spacing", "Normal (Web)"}
)


def _centre(paragraph: Any) -> Any:
    """A body paragraph centred by direct formatting (Word's Ctrl+E), under a style name
    the style map knows: mammoth reads the alignment but writes nothing for it."""
    if paragraph.alignment == "center" and paragraph.style_name in _BODY_STYLES:
        return paragraph.copy(style_name=_CENTRED, style_id=None)
    return paragraph


def _each_paragraph(transform: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """mammoth.transforms.paragraph(TRANSFORM), copying only the elements on the way to a
    paragraph TRANSFORM changed: mammoth's copies every element of the document, a sixth
    of a novel's import."""
    import mammoth

    kinds = mammoth.documents
    parents = (kinds.HasChildren, kinds.TableCellUnmerged)

    def walk(element: Any) -> Any:
        if isinstance(element, parents):
            children = [walk(child) for child in element.children]
            if any(new is not old for new, old in zip(children, element.children, strict=True)):
                element = element.copy(children=children)
        return transform(element) if isinstance(element, kinds.Paragraph) else element

    return walk


def to_html(
    source: str,
    data: bytes,
    convert_image: Callable[[Any], Any] | None = None,
    transform_document: Callable[[Any], Any] | None = None,
) -> bytes:
    """The document's semantic HTML (UTF-8), or a one-line error naming the file.

    CONVERT_IMAGE and TRANSFORM_DOCUMENT are mammoth's hooks, for `book import` (to keep
    pictures; to note comments and take out a title page); they must not raise."""
    # Imported here: mammoth and its XML stack cost 50 ms, paid only by books in Word.
    import mammoth

    wordxml.install()
    wordstyles.install()
    sources.check_zip_bytes(source, data, "the Word document")
    data = wordrules.with_rules_as_text(data)
    centre = _each_paragraph(_centre)

    def transform(document: Any) -> Any:
        if transform_document is not None:  # import's (comments, a title page) first
            document = transform_document(document)
        return centre(document)

    images = {} if convert_image is None else {"convert_image": convert_image}
    try:
        # No external file access: a picture linked by URL or path is never fetched.
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=_MAPPINGS,
            external_file_access=False,
            transform_document=transform,
            # Empty paragraphs may be a scene break: blank.py decides, not mammoth.
            ignore_empty_paragraphs=False,
            **images,
        )
    except Exception as error:
        # A damaged or renamed file fails deep inside zipfile or an XML parser, with any
        # of a dozen exception types; to the author it is one problem: not a Word file.
        message = f"not a Word document (.docx) that can be read ({type(error).__name__})"
        raise BookError(message, Location(source, None), "F007") from None
    return str(result.value).encode("utf-8")


def read(root: Path, source: str, data: bytes) -> tuple[tuple[Node, ...], tuple[Footnote, ...]]:
    """Parse one .docx file into blocks and footnotes (its pictures are not carried yet)."""
    return html.read(root, source, to_html(source, data), word=True)
