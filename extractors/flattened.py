"""Web copies flattened into one line: "Decision BC-10/7: Title The Conference of the Parties, Recalling …,
1. Requests …; 2. Invites …" -> the blocks the author laid out (heading, body opening, paragraphs).

Only a line that holds a body opening followed by a numbered operative paragraph is cut, so a sentence that merely
names "the Conference of the Parties," is never touched.
"""

from __future__ import annotations

import re

from extractors.lexicon import Lexicon
from extractors.parsers.blocks import Block, classify_line
from extractors.symbols import ROMAN, find_decisions, find_documents
from extractors.text import fold_marks

# Where a flattened line starts its next paragraph: after , ; . : and before a label ("…; 2. Requests", "(a) …").
_LABEL_BREAK = re.compile(r"(?<=[,;.:，،；。：])\s*(?=(?:\d{1,3}\s?[.．]|[(（][a-z\u0621-\u064a]{1,3}[)）])\s*\S)")
_COMMA_BREAK = re.compile(r"(?<=[,،，])\s+")
_OPENINGS: dict[str, re.Pattern[str] | None] = {}


def opening_in_line(lexicon: Lexicon) -> re.Pattern[str] | None:
    """A body opening with its comma anywhere in a line, case-sensitive (a capitalised body, not "the Conference
    of the Parties," inside a sentence)."""
    if lexicon.language not in _OPENINGS:
        ordered = sorted(set(lexicon.body_openings), key=len, reverse=True)
        phrases = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
        pattern = rf"(?:^|(?<=[\s.;:]))(?P<opening>(?:{phrases})\s*[,،，])"
        _OPENINGS[lexicon.language] = re.compile(pattern) if ordered else None
    return _OPENINGS[lexicon.language]


def unflatten(blocks: list[Block], lexicon: Lexicon) -> list[Block]:
    """Every flattened decision line cut into its blocks; other blocks as they are."""
    search = opening_in_line(lexicon)
    if search is None:
        return blocks
    out: list[Block] = []
    for block in blocks:
        out += _cut(block, lexicon, search) or [block]
    return out


def _cut(block: Block, lexicon: Lexicon, search: re.Pattern[str]) -> list[Block] | None:
    if block.number is not None or block.sub is not None or block.heading:
        return None
    for m in search.finditer(block.text):
        before, rest = block.text[: m.start()].strip(), block.text[m.end() :]
        if _has_numbered_operative(rest, lexicon):
            break
    else:
        return None  # a body named in a sentence, not a flattened decision
    # several decisions on one line: this one ends where the next one's heading (or opening) starts
    following = ""
    for n in search.finditer(rest):
        if _has_numbered_operative(rest[n.end() :], lexicon):
            cut = _heading_start(rest[: n.start()], lexicon)
            cut = n.start() if cut is None else cut
            rest, following = rest[:cut], rest[cut:]
            break
    out = []
    cut = _heading_start(before, lexicon)
    if cut is None:
        out += [Block(text=before)] if before else []
    else:
        out += [Block(text=t) for t in (before[:cut].strip(), before[cut:].strip()) if t]
    out.append(Block(text=m.group("opening").strip()))
    first = True
    for piece in _pieces(rest):
        for part in _preamble_split(piece, lexicon):
            line = classify_line(part, list(block.footnotes) if first else [])
            if line is not None:
                out.append(line)
                first = False
    if following.strip():
        tail = Block(text=following.strip())
        out += _cut(tail, lexicon, search) or [tail]
    return out


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in _LABEL_BREAK.split(text.strip()) if p.strip()]


def _has_numbered_operative(text: str, lexicon: Lexicon) -> bool:
    for piece in _pieces(text):
        line = classify_line(piece, [])
        if line is not None and line.number is not None and lexicon.operative_re.match(line.text):
            return True
    return False


def _heading_start(text: str, lexicon: Lexicon) -> int | None:
    """Where a decision heading ("Decision BC-10/7: Title", "Resolution V/4: …") starts at the end of this text,
    or None. The heading word is matched as printed (capitalised): "recalling decision BC-9/15" is no heading."""
    words = sorted({w.split("{symbol}")[0].strip() for forms in lexicon.decision_headings.values() for w in forms
                    if w.split("{symbol}")[0].strip()}, key=len, reverse=True)  # fmt: skip
    symbols = [*find_decisions(text), *find_documents(text)]
    symbols += [_Span(m.start(), m.end()) for m in _SHORT_SYMBOL.finditer(fold_marks(text))]
    for symbol in sorted(symbols, key=lambda s: s.start, reverse=True):
        head = text[: symbol.start].rstrip()
        for word in words:
            if head.endswith(word) and (len(head) == len(word) or not head[-len(word) - 1].isalnum()):
                return len(head) - len(word)
    return None


class _Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


_SHORT_SYMBOL = re.compile(rf"(?<![\w/])(?:\d{{1,2}}|(?=[IVX]){ROMAN})/\d{{1,3}}(?![\d/])")


def _preamble_split(piece: str, lexicon: Lexicon) -> list[str]:
    """Unnumbered text of a flattened line cut before each preambular participle ("…, Recalling …, Noting …")."""
    if re.match(r"^\s*(?:\d{1,3}\s?[.．]|[(（])", fold_marks(piece)):
        return [piece]
    parts, start = [], 0
    for m in _COMMA_BREAK.finditer(piece):
        if lexicon.preambular_re.match(piece[m.end() :]):
            parts.append(piece[start : m.end()].strip())
            start = m.end()
    parts.append(piece[start:].strip())
    return [p for p in parts if p]
