"""The format-neutral shape every format parser produces: a list of text blocks (paragraphs as the author laid
them out) with their printed numbers and the footnotes they cite. extractors.structure turns blocks into
decisions, paragraphs, mandates, cooperation and references, the same way for every format and language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.lexicon import heading_numbers
from extractors.text import clean_whitespace, fold_letter, fold_marks


@dataclass
class Block:
    text: str  # clean text: no numbers, bookmarks or footnote markers
    number: int | None = None  # printed paragraph number "1." (or Word list number)
    sub: str | None = None  # sub-paragraph label: a, b … or i, ii …
    heading: bool = False  # section heading (I. Introduction, Annex …)
    footnotes: list[str] = field(default_factory=list)  # texts of the footnotes cited in this block


@dataclass
class BlockDocument:
    blocks: list[Block]
    file_format: str  # txt docx pdf html
    symbol_hint: str | None = None  # a document symbol from a header/metadata, if the format has one
    # The page's or file's own title (HTML <title>/<h1>, DOCX core properties, PDF metadata), kept apart from the
    # text flow: web copies print no "Decision BC-10/7: …" line, their title is here.
    title_hint: str | None = None
    # Labelled fields a page shows beside the text (InforMEA: Treaty, Meeting, Symbol, Status, Date …), keyed by
    # the lower-case English label; never part of any block.
    metadata: dict[str, str] = field(default_factory=dict)


_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# "1." and, in Arabic texts, "1 -" / "١-" (digits are folded to ASCII first)
NUMBERED_RE = re.compile(r"^(?P<number>\d{1,3})(?:\.|[ ]?-)(?:\s+|$)")
HEADING_RE = re.compile(rf"^(?P<roman>{_ROMAN})\.\s+\S", re.UNICODE)
# "(a)", "a)", Arabic "(أ)", and full-width "（a）" (Chinese, often with no space after it)
SUB_RE = re.compile(r"^[(（]?(?P<label>[a-zA-Zа-яА-Я]{1,2}|[ivxIVX]{1,4}|[\u0621-\u064a\u0640]{1,2})(?:\)\s+|）\s*)")
# Web copies glue the number to the text: "1.Requests", "2.Décide", "(a)Mindful", Russian "1.постановляет" (its
# operative verbs are lower case: "14.с удовлетворением отмечает"), Arabic "1-يطلب". A capital or a caseless letter
# may follow; lower case only as running words (a word of three letters or more, or a short one and another word);
# a dash only before a caseless script: "1.5 degrees", "(a)b", "(a)bc", "2-methyl" stay as they are.
GLUED_NUMBER_RE = re.compile(r"^(?P<number>\d{1,3})(?P<dash>\.|[ ]?-)(?=[^\W\d_])")
GLUED_SUB_RE = re.compile(r"^\(?(?P<label>[a-zA-Zа-яА-Я]{1,2}|[ivxIVX]{1,4}|[\u0621-\u064a\u0640]{1,2})\)(?=[^\W\d_])")


def classify_line(text: str, footnotes: list[str]) -> Block | None:
    """One clean line of text -> a Block (numbered paragraph, sub-paragraph, heading or plain)."""
    text = clean_whitespace(text)
    if not text:
        return None
    # numbers are read from a copy with ASCII digits and dashes ("١ -", "１．"); the text is kept as written
    marks = fold_marks(text)
    m = NUMBERED_RE.match(marks) or _glued(GLUED_NUMBER_RE, marks)
    if m:
        return Block(text=text[m.end() :].strip(), number=int(m.group("number")), footnotes=footnotes)
    m = HEADING_RE.match(marks)
    if m and m.group("roman"):
        return Block(text=text[m.end() - 1 :].strip(), heading=True, footnotes=footnotes)
    others = heading_numbers()  # section numbers of other scripts, from the lexicons ("一、", "أولاً -")
    m = others.match(marks) if others else None
    if m and text[m.end() :].strip():
        return Block(text=text[m.end() :].strip(), heading=True, footnotes=footnotes)
    m = SUB_RE.match(marks) or _glued(GLUED_SUB_RE, marks)
    if m:
        return Block(text=text[m.end() :].strip(), sub=fold_letter(m.group("label")), footnotes=footnotes)
    return Block(text=text, footnotes=footnotes)


_LOWER_WORDS = re.compile(r"[^\W\d_]{3,}|[^\W\d_]{1,2}\s+[^\W\d_]{2,}")


def _glued(pattern: re.Pattern[str], marks: str) -> re.Match[str] | None:
    """A number glued to its text, if the text after it opens with a capital, a caseless letter or lower-case
    running words (not a letter or two alone); after a dash, only with a caseless letter."""
    m = pattern.match(marks)
    if m is None:
        return None
    first = marks[m.end()]
    caseless = not first.islower() and not first.isupper()
    if "dash" in m.groupdict() and m.group("dash") != ".":
        return m if caseless else None
    return m if not first.islower() or _LOWER_WORDS.match(marks, m.end()) else None


# What Word, PDF writers and document services leave in a file's title when nobody typed one: a file or template
# name, a job number ("K1901234"), "Microsoft Word - …", a bare symbol. Such a title is no title.
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NO_FILE_TITLE = re.compile(
    r"^(?:microsoft word\b|untitled\b|title$|document\d*$|normal$|\S+\.(?:docx?|dotx?|pdf)$|[A-Z]{0,2}\d{5,}\b)",
    re.IGNORECASE,
)


def file_title(raw: str | None) -> str | None:
    """A file's own title (DOCX core properties, PDF document information) if it reads like a title."""
    from extractors.symbols import find_documents

    title = clean_whitespace(raw or "")
    words = len(title.split()) + len(_HAN.findall(title))  # Chinese writes no spaces: a character is a word
    if words < 2 or _NO_FILE_TITLE.match(title):
        return None
    found = find_documents(title)
    if found and len(found[0].as_written) >= len(title) - 1:
        return None
    return title
