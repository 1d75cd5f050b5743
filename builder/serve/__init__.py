"""`book serve`: a live preview of the book, as its EPUB renders it (see watch.py)."""
