"""Web copies flattened into one line: "Decision BC-10/7: Title The Conference of the Parties, Recalling …,
1. Requests …; 2. Invites …" -> the blocks the author laid out (heading, body opening, paragraphs).

Only a line that holds a body opening followed by a numbered operative paragraph is cut, so a sentence that merely
names "the Conference of the Parties," is never touched.
"""

from __future__ import annotations

import re

from extractors.lexicon import Lexicon
from extractors.parsers.blocks import Block, classify_line
from extractors.symbols import find_decisions, find_documents
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
    m = search.search(block.text)
    if m is None:
        return None
    before, rest = block.text[: m.start()].strip(), block.text[m.end() :].strip()
    if not rest:
        return None
    pieces = [p.strip() for p in _LABEL_BREAK.split(rest) if p.strip()]
    if not any(_numbered_operative(p, lexicon) for p in pieces):
        return None  # a body named in a sentence, not a flattened decision
    out = [Block(text=t) for t in _heading_split(before, lexicon)]
    out.append(Block(text=m.group("opening").strip()))
    first = True
    for piece in pieces:
        for part in _preamble_split(piece, lexicon):
            line = classify_line(part, list(block.footnotes) if first else [])
            if line is not None:
                out.append(line)
                first = False
    return out


def _numbered_operative(piece: str, lexicon: Lexicon) -> bool:
    line = classify_line(piece, [])
    return line is not None and line.number is not None and bool(lexicon.operative_re.match(line.text))


def _heading_split(before: str, lexicon: Lexicon) -> list[str]:
    """Text before the body opening: page words, then a decision heading ("… Decision BC-10/7: Title") on its
    own block so it is read as the heading."""
    if not before:
        return []
    words = sorted({w.split("{symbol}")[0].strip() for forms in lexicon.decision_headings.values() for w in forms
                    if w.split("{symbol}")[0].strip()}, key=len, reverse=True)  # fmt: skip
    for symbol in [*find_decisions(before), *find_documents(before)]:
        head = before[: symbol.start].rstrip()
        for word in words:
            if head.lower().endswith(word.lower()):
                cut = len(head) - len(word)
                return [t for t in (before[:cut].strip(), before[cut:].strip()) if t]
        if not head:
            return [before]
    return [before]


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
