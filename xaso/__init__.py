"""Xã Số's logic as plain Python: the course as data (load, validate, cross-check), fragments of
HTML/Markdown, PDFs, plans, translations, the changelog, the zip and the command line.

Nothing here imports MkDocs (tests/test_structure.py checks it): the MkDocs hooks in hooks/ are
thin adapters, so another site engine needs only new adapters.
"""
