"""What a file really is, from its bytes, and whether that is what its name or media type promised.

Names lie: a server answering a missing PDF with a "404 Not Found" HTML page under the .pdf URL, a login wall, a
text file renamed .docx. The bytes decide which parser runs; a document promised as PDF/Word whose bytes are an
HTML page or text is refused (the raw file is kept and quarantined with the reason).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from extractors.model import ParseError

PDF, DOCX, DOC, HTML, XML, TEXT, RTF = "pdf", "docx", "doc", "html", "xml", "text", "rtf"
BINARY, EMPTY = "binary", "empty"

_EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".doc": DOC, ".htm": HTML, ".html": HTML, ".xhtml": HTML,
               ".txt": TEXT, ".text": TEXT, ".xml": XML, ".rtf": RTF}  # fmt: skip
_MEDIA_TYPES = {
    "application/pdf": PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": DOCX,
    "application/msword": DOC,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/plain": TEXT,
    "application/rtf": RTF,
    "text/rtf": RTF,
}
# Formats whose bytes carry an unmistakable signature: if one was promised, anything else is a wrong file.
_SIGNED = {PDF, DOCX, DOC}
_HTML_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip
_ERROR_WORDS = re.compile(
    r"\b(?:404|403|410|500|502|503|not found|page not found|access denied|forbidden|unauthori[sz]ed|"
    r"internal server error|service unavailable|bad gateway|error)\b",
    re.IGNORECASE,
)


def sniff(data: bytes) -> str:
    """The format of the bytes: pdf docx (any zip: the DOCX parser says what else it is) doc html xml text rtf
    binary empty."""
    if not data.strip():
        return EMPTY
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return DOCX
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.lstrip().startswith(b"{\\rtf"):
        return RTF
    sample = _text_sample(data)
    if sample is None:
        return BINARY
    stripped = sample.lstrip("\ufeff \t\r\n").encode("utf-8", "replace")
    if _HTML_START.match(stripped) or b"<html" in stripped[:2048].lower():
        return HTML
    if stripped.startswith(b"<?xml"):
        return XML
    return TEXT


def _text_sample(data: bytes) -> str | None:
    """The first few KB as text (any BOM or UTF-16 taken into account), None for binary bytes."""
    head = data[:4096]
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if b"\x00" in head:
        from extractors.parsers.text_parser import _utf16_without_bom

        return _utf16_without_bom(data[:4096])
    return head.decode("utf-8", errors="ignore") if _mostly_text(head) else None


def _mostly_text(head: bytes) -> bool:
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= 0.01 * max(len(head), 1)


def claimed_format(url: str | None, media_type: str | None) -> str | None:
    """The format the file name in the URL (first) or the stated media type promise, if any."""
    if url:
        name = posixpath.basename(unquote(urlsplit(url).path))
        suffix = posixpath.splitext(name.lower())[1]
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
    if media_type:
        return _MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())
    return None


def check_claim(actual: str, url: str | None, media_type: str | None, data: bytes) -> None:
    """Refuse a file promised as PDF/Word whose bytes are something else (typically an HTML error page)."""
    promised = claimed_format(url, media_type)
    if promised not in _SIGNED or actual == promised or (promised == DOC and actual == DOCX):
        return
    reason = f"content does not match the claimed type: promised {promised.upper()} but the bytes are {actual}"
    if actual == HTML:
        hint = html_error_hint(data)
        reason += f" ({hint})" if hint else " (an HTML page, not the document)"
    raise ParseError(reason)


def html_error_hint(data: bytes) -> str | None:
    """A short description when an HTML page looks like an error page: its title/heading names an HTTP error, or
    it has almost no text."""
    text = data[:200_000].decode("utf-8", errors="replace")
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.IGNORECASE | re.DOTALL)
    for found in (title, heading):
        if found:
            label = re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()
            if _ERROR_WORDS.search(label):
                return f"looks like an error page: {label[:80]!r}"
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    words = re.sub(r"<[^>]+>", " ", body).split()
    if len(words) < 30:
        return f"looks like an error page: only {len(words)} words of text"
    return None


def refuse_unsupported(actual: str) -> None:
    """Formats we recognise but do not parse, each with the reason a user can act on."""
    reasons = {
        EMPTY: "empty file",
        DOC: "legacy Word .doc (OLE2 binary) is not supported: convert it to DOCX",
        RTF: "RTF files are not supported: convert to DOCX",
        XML: "XML data file, not a document (no decision text to parse)",
        BINARY: "binary file: not a text document",
    }
    if actual in reasons:
        raise ParseError(reasons[actual])
