"""A chapter's EPUB document, rendered or taken from the per-chapter cache.

The cache key (chapter_cache.py) covers the chapter as transformed, its heading level,
the language, the stylesheets and the printed page breaks put into it. What else shapes
the document comes from the rest of the book through Links: where a link to another
chapter goes and what a picture is called inside the EPUB. Those answers are recorded
while the chapter renders and kept with the entry; the entry is used only while every
recorded question still has the same answer.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from builder.chapter_cache import ChapterCache, key
from builder.model import Book, Chapter
from builder.render.page_map import PageMap
from builder.render.xhtml import Links, el, render_chapter

# (kind, question, answer): ("chapter", [source, fragment], href) or ("image", path, src)
Asked = list[tuple[str, Any, Any]]


class Chapters:
    def __init__(
        self,
        book: Book,
        links: Links,
        stylesheets: list[str],
        page_map: PageMap,
        cache: ChapterCache | None,
    ) -> None:
        self.links = links
        self.page_map = page_map
        self.cache = cache
        self.shared = (book.config.language, json.dumps(stylesheets))
        self.pending: dict[int, tuple[str, Asked]] = {}

    def render(self, chapter: Chapter, level: int) -> tuple[etree._Element, bytes | None]:
        """The chapter's section, or (an empty section and) its finished document."""
        name = self._name(chapter, level)
        if name is not None and self.cache is not None:
            content = self._cached(self.cache, name)
            if content is not None:
                return el("section"), content
        asked: Asked = []
        section = render_chapter(chapter, self._recording(asked), level)
        if name is not None and self.cache is not None:
            self.pending[id(chapter)] = (name, asked)
            self.cache.rebuilt["xhtml"].append(chapter.name)
        return section, None

    def store(self, chapter: Chapter, content: bytes) -> None:
        """Keep a rendered chapter's finished document (with its page breaks put in)."""
        if self.cache is None or id(chapter) not in self.pending:
            return
        name, asked = self.pending.pop(id(chapter))
        header = json.dumps(asked).encode()
        self.cache.store(name, header + b"\n" + content)

    def _cached(self, cache: ChapterCache, name: str) -> bytes | None:
        entry = cache.load(name)
        if entry is None:
            return None
        header, _, content = entry.partition(b"\n")
        try:
            asked = json.loads(header)
            same = all(self._answer(kind, question) == answer for kind, question, answer in asked)
        except (ValueError, TypeError, KeyError):
            return None
        return content if same else None

    def _answer(self, kind: str, question: Any) -> Any:
        if kind == "chapter":
            return self.links.chapter_href(*question)
        return self.links.image_src(question)

    def _name(self, chapter: Chapter, level: int) -> str | None:
        transformed = self.cache.key_of(chapter) if self.cache is not None else None
        if transformed is None:
            return None
        breaks = json.dumps(self.page_map.get(chapter.name, []))
        return f"xhtml-{key(transformed, level, *self.shared, breaks)}"

    def _recording(self, asked: Asked) -> Links:
        def chapter_href(source: str, fragment: str) -> str | None:
            href = self.links.chapter_href(source, fragment)
            asked.append(("chapter", [source, fragment], href))
            return href

        def image_src(path: str) -> str:
            src = self.links.image_src(path)
            asked.append(("image", path, src))
            return src

        return Links(chapter_href, image_src)
