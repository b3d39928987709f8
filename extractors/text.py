"""Text helpers shared by parsers and extractors: look-alike folding, dashes, whitespace, tokens."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Cyrillic (and Greek) letters typed in place of the Latin letters they look like. Folding is 1:1 per character so
# positions in the folded copy match positions in the original (we report spans "as written").
_LOOKALIKES = {
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P", "Т": "T", "Х": "X",
    "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s", "к": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Κ": "K", "Μ": "M", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X",
}  # fmt: skip
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u00ad"
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"
_MARKS = {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SPACES, " ")}
_FOLD_TABLE = str.maketrans({**_LOOKALIKES, **_MARKS})
_MARKS_TABLE = str.maketrans(_MARKS)
# Arabic-Indic and extended Arabic-Indic digits -> ASCII digits.
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_FOLD_TABLE.update({ord(k): v for k, v in _DIGITS.items()})
_MARKS_TABLE.update({ord(k): v for k, v in _DIGITS.items()})
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)} | {"\uff0f": "/", "\uff0e": "."}
_FOLD_TABLE.update({ord(k): v for k, v in _FULLWIDTH.items()})
_MARKS_TABLE.update({ord(k): v for k, v in _FULLWIDTH.items()})


# A paragraph is folded by every symbol search that looks at it (decisions, documents, masking): remember the last
# few hundred results instead of translating the same text again.
@lru_cache(maxsize=512)
def fold(text: str) -> str:
    """Same-length copy with look-alike letters made Latin, dashes '-', odd spaces ' ' and digits ASCII."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=512)
def fold_marks(text: str) -> str:
    """Same-length copy with only dashes, odd spaces and digits folded (letters kept: lexicon words still match)."""
    return text.translate(_MARKS_TABLE)


def fold_letter(letter: str) -> str:
    """A sub-paragraph letter typed with a look-alike (Cyrillic а, с) as its Latin letter."""
    return fold(letter).lower()


def clean_whitespace(text: str) -> str:
    """Collapse every run of whitespace (tabs, NBSP …) to one space and strip."""
    return re.sub(r"\s+", " ", text).strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Combining marks stay inside a word (Arabic short vowels and shadda, Latin accents typed as combining characters).
_MARKS_IN_WORDS = "\u0300-\u036f\u064b-\u065f\u0670"
_TOKEN = re.compile(rf"[\w{_MARKS_IN_WORDS}]+", re.UNICODE)
# Han characters, one token each (Chinese writes no spaces between words); other words as usual.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHAR_TOKEN = re.compile(rf"[{_HAN}]|[^\W{_HAN}]+", re.UNICODE)


_TOKEN_CHAR = re.compile(rf"[\w{_MARKS_IN_WORDS}]", re.UNICODE)
_RUN_CHAR = re.compile(rf"[^\W{_HAN}]", re.UNICODE)  # a character of a non-Han run in char_tokens


def splits_token(text: str, pos: int, by_chars: bool = False) -> bool:
    """Whether pos falls inside a token (of tokens(), or of char_tokens() if by_chars): then the tokens of
    text[pos:] are not the tokens of text that start at or after pos."""
    if pos <= 0 or pos >= len(text):
        return False
    char = _RUN_CHAR if by_chars else _TOKEN_CHAR
    return bool(char.match(text, pos - 1) and char.match(text, pos))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens with their spans (hyphenated words split, punctuation and quotes dropped)."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def char_tokens(text: str) -> list[tuple[str, int, int]]:
    """Tokens for scripts without spaces: every Han character alone, Latin words and numbers whole."""
    return [(m.group(0), m.start(), m.end()) for m in _CHAR_TOKEN.finditer(text)]


def script_of(text: str) -> str:
    """The dominant script of a text: cyrillic, arabic, han or latin."""
    counts = {"cyrillic": 0, "arabic": 0, "han": 0, "latin": 0}
    for ch, n in Counter(text).items():  # each distinct character once: a document has a few hundred
        code = ord(ch)
        if 0x0400 <= code <= 0x04FF:
            counts["cyrillic"] += n
        elif 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
            counts["arabic"] += n
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            counts["han"] += n
        elif ch.isalpha() and code < 0x0250:
            counts["latin"] += n
    return max(counts, key=lambda k: counts[k])
