"""Parsers: raw bytes of one archived file -> ParsedDocument. One module per format produces blocks
(extractors/parsers/blocks.py); extractors/structure.py turns blocks into records the same way for all formats."""

from __future__ import annotations

from extractors.model import ParsedDocument, ParseError

PARSER_VERSION = "1"


def decode_text(data: bytes) -> str:
    """Bytes of a text file -> str, detecting the encoding (BOMs, UTF-8, then charset-normalizer's best guess)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ParseError("cannot detect the text encoding (binary or unknown encoding)")
    return str(best)


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
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    if not data.strip():
        raise ParseError("empty file")
    if data[:5] == b"%PDF-":
        raise ParseError("PDF files are not supported yet")
    if data[:4] == b"PK\x03\x04":
        raise ParseError("DOCX/zip files are not supported yet")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("binary file: not a text document")
    text = decode_text(data)
    info = FileInfo(sha256=sha256, source=source, url=url, retrieved_at=retrieved_at, published_on=published_on)
    return build_document(text_to_blocks(text), info, parser=f"seed_text/{PARSER_VERSION}")


__all__ = ["PARSER_VERSION", "ParseError", "decode_text", "parse_file"]
