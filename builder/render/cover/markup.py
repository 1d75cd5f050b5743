"""The cover as XHTML: the back's text and photo, the barcode area, the spine's line, the front.

Built as lxml trees by the renderer's own helpers (render/xhtml.py), like the interior;
where each part goes is cover.css's business.
"""

from __future__ import annotations

from lxml import etree

from builder.config import CONFIG_FILE, BookConfig
from builder.model import Chapter, Node
from builder.readers import markdown
from builder.render.xhtml import Links, el, render_blocks, sub
from builder.transforms.typography import smarten_nodes

# Where titles on the spine read from the bottom up: most of continental Europe and Latin
# America. Elsewhere they read from the top down, as ISO 6357 and ANSI/NISO Z39.41 have it.
BOTTOM_TO_TOP = frozenset(
    {"de", "fr", "es", "pt", "ca", "ru", "uk", "pl", "cs", "sk", "hu", "ro", "bg", "hr", "sr",
     "sl"}
)  # fmt: skip


def authors(config: BookConfig) -> str:
    """The authors as the title page names them ("A & B", "A, B & C")."""
    names = list(config.authors)
    return " & ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " & " + names[-1]


def spine_reads_up(language: str) -> bool:
    return language.split("-")[0].lower() in BOTTOM_TO_TOP


def back_blocks(config: BookConfig) -> tuple[Node, ...]:
    """The back's text: print.back-cover, else the description, read as Markdown."""
    text = config.print.cover.back_text or config.description
    if not text:
        return ()
    blocks = markdown.read(config.root, CONFIG_FILE, text)[0]
    return smarten_nodes(blocks, config.language) if config.typography else blocks


def body(config: BookConfig, links: Links, spine_text: bool) -> etree._Element:
    """The cover's <body>: back, spine and front, in that order on the sheet."""
    root = el("body")
    root.append(_back(config, links))
    spine = _open(sub(root, "section", {"class": "cover-spine"}))
    if spine_text:
        _spine_line(sub(spine, "div", {"class": "spine-text"}), config)
    root.append(_front(config, links))
    return root


def _open(node: etree._Element) -> etree._Element:
    """NODE written with an end tag even when empty: an HTML parser (WeasyPrint's) reads
    `<div/>` as a start tag, and everything after it as the div's content."""
    node.text = ""
    return node


def _back(config: BookConfig, links: Links) -> etree._Element:
    section = el("section", {"class": "cover-back"})
    blocks = back_blocks(config)
    if blocks:
        owner = Chapter(CONFIG_FILE, 0, (), ())
        render_blocks(sub(section, "div", {"class": "back-text"}), blocks, links, owner)
    photo = config.print.cover.author_photo
    if photo:
        alt = authors(config)
        sub(section, "img", {"class": "author-photo", "src": links.image_src(photo), "alt": alt})
    _open(sub(section, "div", {"class": "barcode-area"}))
    return section


def _spine_line(line: etree._Element, config: BookConfig) -> None:
    """Title, author and imprint, from the head of the spine to its foot."""
    sub(line, "span", {"class": "spine-title"}, config.title)
    sub(line, "span", {"class": "spine-author"}, authors(config))
    sub(line, "span", {"class": "spine-imprint"}, config.publisher or "")


def _front(config: BookConfig, links: Links) -> etree._Element:
    section = el("section", {"class": "cover-front"})
    art = config.print.cover.front or config.cover
    if art:
        alt = f"{config.title}, {authors(config)}"
        sub(section, "img", {"class": "front-art", "src": links.image_src(art), "alt": alt})
        return section
    text = sub(section, "div", {"class": "front-text"})
    sub(text, "h1", None, config.title)
    if config.subtitle:
        sub(text, "p", {"class": "front-subtitle"}, config.subtitle)
    sub(text, "p", {"class": "front-author"}, authors(config))
    return section
