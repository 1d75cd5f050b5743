"""`book import`: a new book folder (book.yaml, manuscript/, images/) from one document."""
