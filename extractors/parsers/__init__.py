"""Parsers: raw bytes of one archived file -> ParsedDocument. One module per format."""

from __future__ import annotations

from extractors.model import ParsedDocument, ParseError

PARSER_VERSION = "1"


def parse_file(
    data: bytes,
    *,
    sha256: str,
    source: str,
    url: str | None,
    retrieved_at: str | None,
    media_type: str | None = None,
) -> ParsedDocument:
    """Dispatch on the sniffed format. Raises ParseError with a user-facing reason for bad input."""
    from extractors.parsers.seed_text import parse_seed_text

    if not data.strip():
        raise ParseError("empty file")
    return parse_seed_text(data, sha256=sha256, source=source, url=url, retrieved_at=retrieved_at)


__all__ = ["PARSER_VERSION", "ParseError", "parse_file"]
