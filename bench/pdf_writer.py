"""A Document as a PDF laid out like a UN document on A4 pages (the layout itself: bench.docwriter).

What the parser has to undo: paragraphs and footnotes that cross page breaks, a running header with the document
symbol and page numbers, footnotes at the foot of the page that cites them, words hyphenated at line ends, paragraph
numbers and sub-paragraph labels drawn apart from the text (first-line indents, no blank line between paragraphs in
some languages), right-to-left Arabic lines drawn in visual order, Chinese wrapped between any two characters. A
language whose script no available font covers gets no PDF (pdf_supported).
"""

from __future__ import annotations

from bench import docwriter
from bench.documents import Document
from bench.docwriter import BODY, Page, Paragraph, PdfLayout, Style, fonts, marked
from bench.writers import label

A4 = Page(size=(595.0, 842.0), left=72.0, right=523.0, top=770.0, bottom=70.0, header_y=802.0, folio_y=40.0)
NO_GAP = {"ru", "zh"}  # no space between paragraphs: the parser must use indents and numbering


def pdf_supported(language: str) -> bool:
    try:
        return fonts(language) is not None
    except Exception:  # reportlab missing or a broken font file: no PDFs, the rest of the corpus goes on
        return False


def _styles(language: str, regular: str, bold: str) -> dict[str, Style]:
    left = A4.left
    gap = 0.0 if language in NO_GAP else 6.0
    indented = Style(regular, BODY, left + 28, left, space_before=gap)
    return {
        "meeting": Style(regular, BODY, left, left),
        "symbol": Style(regular, BODY, left, left),
        "title": Style(bold, 12.0, left, left, space_before=8),
        "note": Style(regular, BODY, left, left, space_before=4),
        "heading": Style(bold, BODY, left, left, space_before=12),
        "decision": Style(bold, BODY, left, left, space_before=14),
        "opening": indented,
        "preamble": indented,
        "passage": indented,
        "annex": Style(bold, BODY, left, left, space_before=12),
        "numbered": Style(regular, BODY, left + 28, left, label_x=left, space_before=gap),
        "sub": Style(regular, BODY, left + 56, left + 56, label_x=left + 28, space_before=gap),
    }


def write_pdf(doc: Document, rng) -> bytes:
    registered = fonts(doc.language)
    if registered is None:
        raise RuntimeError(f"no font covers {doc.language}: no PDF")
    regular, bold = registered
    layout = PdfLayout(A4, _styles(doc.language, regular, bold), regular, hyphenate_from=10)
    paragraphs = (
        Paragraph(line.kind, marked(runs),
                  label(doc, line.kind, line.number, line.label) if line.kind in ("numbered", "sub") else None)
        for line, runs in doc.numbered_runs()
    )  # fmt: skip
    return docwriter.write_pdf(paragraphs, layout, doc.language, doc.notes(), doc.symbol, doc.title)
