"""MkDocs hook: PDFs (placeholder until the PDF issue)."""
