"""Parsers: raw bytes of one archived file -> ParsedDocument.

parse_file sniffs the format from the bytes (extractors/parsers/sniff.py: names lie), refuses files whose bytes are
not what their name promised, and dispatches to one module per format (text_parser, docx_parser, pdf_parser,
html_parser). Each produces the same format-neutral blocks (extractors/parsers/blocks.py); extractors/structure.py
turns blocks into records the same way for all formats.
"""

from __future__ import annotations

import hashlib

from extractors.model import ParsedDocument, ParseError
from extractors.parsers.text_parser import decode_text

# Bump when any parser's code changes its output: cached parse results of older versions are discarded. Edits to
# the parser's data (lexicons, gazetteer) need no bump: parser_cache_key covers them.
PARSER_VERSION = "6"


def parser_data_digest() -> str:
    """The data files the parser reads besides its code: every lexicon and the organisation gazetteer in use."""
    from extractors.gazetteer import gazetteer_path
    from extractors.lexicon import LEXICON_DIR

    digest = hashlib.sha256()
    for path in [*sorted(LEXICON_DIR.glob("*.yaml")), gazetteer_path()]:
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def parser_cache_key() -> str:
    """What a cached parse result depends on: PARSER_VERSION and the parser's data, so editing an alias or a lexicon
    phrase re-parses the files on the next run (no --full-refresh, no version bump)."""
    return f"{PARSER_VERSION}+{parser_data_digest()[:16]}"


def parse_file(
    data: bytes,
    *,
    sha256: str,
    source: str,
    url: str | None,
    retrieved_at: str | None,
    media_type: str | None = None,
    published_on: str | None = None,
) -> ParsedDocument:
    """Dispatch on the sniffed format. Raises ParseError with a user-facing reason for bad input."""
    from extractors.parsers import sniff
    from extractors.structure import FileInfo, build_document

    fmt = sniff.sniff(data)
    sniff.refuse_unsupported(fmt)
    sniff.check_claim(fmt, url, media_type, data)
    if fmt == sniff.PDF:
        from extractors.parsers.pdf_parser import pdf_to_blocks

        doc, name = pdf_to_blocks(data), "pdf"
    elif fmt == sniff.DOCX:
        from extractors.parsers.docx_parser import docx_to_blocks

        doc, name = docx_to_blocks(data), "docx"
    elif fmt == sniff.HTML:
        from extractors.parsers.html_parser import html_to_blocks

        doc, name = html_to_blocks(data), "html"
    else:
        from extractors.parsers.text_parser import parse_text

        doc, name = parse_text(data)
    info = FileInfo(sha256=sha256, source=source, url=url, retrieved_at=retrieved_at, published_on=published_on)
    return build_document(doc, info, parser=f"{name}/{PARSER_VERSION}")


__all__ = ["PARSER_VERSION", "ParseError", "decode_text", "parse_file", "parser_cache_key", "parser_data_digest"]
