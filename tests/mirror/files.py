"""Small real document files for the mirrors (deterministic, so a sha256 is stable within a test session)."""

from __future__ import annotations

import io
from functools import cache


@cache
def pdf(*lines: str) -> bytes:
    """A one-page PDF holding the lines (reportlab, invariant mode: same input -> same bytes)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = 800
    for line in lines:
        page.drawString(72, y, line)
        y -= 16
    page.showPage()
    page.save()
    return buffer.getvalue()


@cache
def docx(*paragraphs: str) -> bytes:
    """A DOCX holding the paragraphs (python-docx)."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Page not found</title></head>"
    b"<body><h1>Sorry, this document is temporarily unavailable</h1></body></html>"
)

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese", "ar": "Arabic"}
