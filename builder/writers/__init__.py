"""Writers turn the document model back into files an author keeps editing (Markdown)."""
