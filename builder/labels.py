"""Words the builder itself puts in a book, in the book's language."""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "en": {"praise": "Praise for {title}", "acknowledgements": "Acknowledgements",
           "about-author": "About the Author", "about-authors": "About the Authors",
           "also-by": "Also by {author}", "newsletter": "Stay in Touch",
           "contents": "Contents", "cover": "Cover", "copyright": "Copyright",
           "dedication": "Dedication", "epigraph": "Epigraph",
           "authors-notes": "Author’s Notes", "landmarks": "Landmarks",
           "chapter": "Chapter", "by": "by", "published-by": "Published by",
           "first-published": "First published", "book-of": "Book {number} of {series}",
           "pages": "Pages"},
    "de": {"praise": "Stimmen zu {title}", "acknowledgements": "Danksagung",
           "about-author": "Über die Autorin/den Autor", "about-authors": "Über die Autoren",
           "also-by": "Weitere Bücher von {author}", "newsletter": "Newsletter",
           "contents": "Inhalt", "cover": "Umschlag", "copyright": "Impressum",
           "dedication": "Widmung", "epigraph": "Motto",
           "authors-notes": "Anmerkungen der Autorin/des Autors",
           "landmarks": "Orientierungspunkte", "chapter": "Kapitel", "by": "von",
           "published-by": "Verlag:", "first-published": "Erstveröffentlichung",
           "book-of": "Band {number} der Reihe {series}", "pages": "Seiten"},
    "fr": {"praise": "Ils ont aimé {title}", "acknowledgements": "Remerciements",
           "about-author": "À propos de l’auteur", "about-authors": "À propos des auteurs",
           "also-by": "Du même auteur", "newsletter": "Restons en contact",
           "contents": "Table des matières", "cover": "Couverture",
           "copyright": "Mentions légales", "dedication": "Dédicace", "epigraph": "Épigraphe",
           "authors-notes": "Notes de l’auteur", "landmarks": "Repères",
           "chapter": "Chapitre", "by": "par", "published-by": "Publié par",
           "first-published": "Première publication", "book-of": "{series}, tome {number}",
           "pages": "Pages"},
    "es": {"praise": "Elogios para {title}", "acknowledgements": "Agradecimientos",
           "about-author": "Sobre el autor", "about-authors": "Sobre los autores",
           "also-by": "Otros libros de {author}", "newsletter": "Mantente en contacto",
           "contents": "Índice", "cover": "Cubierta", "copyright": "Créditos",
           "dedication": "Dedicatoria", "epigraph": "Epígrafe",
           "authors-notes": "Notas del autor",
           "landmarks": "Puntos de referencia",
           "chapter": "Capítulo", "by": "de", "published-by": "Publicado por",
           "first-published": "Primera edición", "book-of": "{series}, libro {number}",
           "pages": "Páginas"},
}  # fmt: skip


def label(language: str, key: str) -> str:
    """The label KEY in LANGUAGE (its primary subtag), falling back to English."""
    table = _LABELS.get(language.split("-")[0].lower(), _LABELS["en"])
    return table.get(key, _LABELS["en"][key])
