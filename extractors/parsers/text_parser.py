"""Plain and converted-Word text in any encoding -> blocks.

The bytes say nothing reliable about their encoding, so it is detected: BOMs first, then UTF-16 without a BOM
(from the pattern of high bytes), then strict UTF-8, then charset-normalizer's candidates, preferring the code pages
UN documents are actually written in (cp1252 for English/French/Spanish, cp1251 for Russian …) over look-alike code
pages that decode the same bytes to nearly the same text. Garbled input (no plausible encoding, UTF-8 that was read
as cp1252 and saved again) is refused with a reason instead of being parsed into nonsense.
"""

from __future__ import annotations

import re

from extractors.lexicon import available_languages, load_lexicon
from extractors.model import ParseError
from extractors.parsers.blocks import BlockDocument
from extractors.parsers.page import clean_page
from extractors.parsers.seed_text import looks_like_seed_text, text_to_blocks
from extractors.text import tokens

# Code pages in the order we trust them when several decode the bytes equally well.
PREFERRED_ENCODINGS = (
    "utf_8", "cp1252", "cp1251", "cp1256", "gb18030", "gbk", "big5", "koi8_r", "cp1250", "iso8859_1",
    "iso8859_5", "iso8859_6", "cp866", "mac_cyrillic",
)  # fmt: skip
MAX_CHAOS = 0.15  # charset-normalizer's mess ratio above which the text is garbage in any encoding
_CHAOS_SLACK = 0.02  # candidates this close to the best are considered equally good
# Single-byte code pages of legacy Word/Notepad files and the script of the languages written in them. The mess
# ratio misjudges some of these texts (Latin symbols beside Cyrillic words: "InforMEAом", "РК-12/11" score 0.17),
# so a strict decode that reads as a lexicon language is accepted even when the ratio is high.
LEGACY_CODE_PAGES = {"cp1252": "latin", "cp1251": "cyrillic", "cp1256": "arabic"}
MIN_STOPWORD_SHARE = 0.08  # decision texts have 15-35 % stopwords; random bytes in any code page have ~0 %
MIN_WORDS = 20
# UTF-8 bytes of Cyrillic/Latin-1 letters read as cp1252/latin-1: "Ð°", "Ñ\x80", "Ã©" …
_MOJIBAKE_RE = re.compile(
    r"[ÐÑ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]|Ã[\u0080-\u00bf]"
)


def decode_text(data: bytes) -> str:
    """Bytes of a text file -> str. Raises ParseError when no encoding gives plausible text."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ParseError(f"text with a {encoding} byte-order mark that does not decode: {error}") from error
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _detected(data)
    _refuse_mojibake(text)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM. Both byte orders are tried; the right one turns line breaks, spaces, digits and
    punctuation into themselves, the wrong one into unrelated CJK/Indic characters (U+0A00, U+2000 …)."""
    sample = data[:8192]
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    best, best_score = None, 0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) // 2 * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:4096]
        score = sum(1 for ch in head if ch in _COMMON)
        if score > best_score and score >= 0.02 * len(head) and _plausible(text):
            best, best_score = text, score
    return best


_COMMON = frozenset("\n\r\t .,;:()[]-/0123456789\u3001\u3002\uff0c\u060c")


def _plausible(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0xD800 <= ord(ch) <= 0xDFFF)
    return bad <= 0.01 * len(text)


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ParseError("cannot detect the text encoding: the bytes are not text in any known encoding")
    best_chaos = min(m.chaos for m in matches)
    if best_chaos > MAX_CHAOS:
        legacy = _legacy_text(data)
        if legacy is not None:
            return legacy
        raise ParseError(f"garbled text: no encoding decodes these bytes to readable text (mess {best_chaos:.2f})")
    good = [m for m in matches if m.chaos <= best_chaos + _CHAOS_SLACK]

    def rank(match) -> tuple[int, float]:
        names = [match.encoding, *match.could_be_from_charset]
        ranks = [PREFERRED_ENCODINGS.index(n) for n in names if n in PREFERRED_ENCODINGS]
        return (min(ranks) if ranks else len(PREFERRED_ENCODINGS), match.chaos)

    chosen = min(good, key=rank)
    names = [chosen.encoding, *chosen.could_be_from_charset]
    encoding = next((n for n in PREFERRED_ENCODINGS if n in names), chosen.encoding)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding, text = chosen.encoding, str(chosen)
    if not _plausible(text):
        raise ParseError(f"garbled text: decoding as {encoding} gives control characters")
    return text


def _legacy_text(data: bytes) -> str | None:
    """The bytes strictly decoded in the legacy code page whose text has the most stopwords of a language of its
    script, if that share is plausible for running text; None otherwise."""
    best, best_share = None, 0.0
    for encoding, script in LEGACY_CODE_PAGES.items():
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        words = [w.lower() for w, _, _ in tokens(text) if not w.isdigit()]
        if len(words) < MIN_WORDS or not _plausible(text):
            continue
        for stopwords in _stopwords_of(script):
            share = sum(1 for w in words if w in stopwords) / len(words)
            if share >= MIN_STOPWORD_SHARE and share > best_share:
                best, best_share = text, share
    return best


def _stopwords_of(script: str) -> list[set[str]]:
    lexicons = (load_lexicon(language) for language in available_languages())
    return [lex.stopwords for lex in lexicons if lex.script == script and lex.stopwords]


def _refuse_mojibake(text: str) -> None:
    """UTF-8 text that was once decoded as cp1252 and saved again ("Ð ÐµÑˆÐµÐ½Ð¸Ðµ" for "Решение")."""
    hits = len(_MOJIBAKE_RE.findall(text))
    if hits < 5:
        return  # most texts: no need to count their letters
    letters = sum(1 for ch in text if ch.isalpha())
    if letters and hits >= 0.05 * letters:
        raise ParseError("garbled text: UTF-8 bytes that were decoded as cp1252/latin-1 and saved again (mojibake)")


def parse_text(data: bytes) -> tuple[BlockDocument, str]:
    """(blocks, parser name). Converted-Word text keeps its own name: its markers are read, not just stripped."""
    text = decode_text(data)
    if "\x00" in text:
        raise ParseError("binary file: not a text document")
    name = "seed_text" if looks_like_seed_text(text) else "text"
    return clean_page(text_to_blocks(text)), name  # a saved web page: the site taken out (page.py)
