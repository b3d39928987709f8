"""Converted Word text (the seed format): `[bookmark: _Toc…]` anchors, `[footnoteRef:N]` markers with the footnote
body inline as `[N: <tab>text]`, a tab between a paragraph's number and its text, stray leading spaces."""

from __future__ import annotations

import re

from extractors.parsers.blocks import Block, BlockDocument, classify_line

BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
FOOTNOTE_REF_RE = re.compile(r"\[footnoteRef:(?P<n>\d+)\]")
# The body runs to the closing bracket that ends the line (bodies may contain brackets such as [--]).
FOOTNOTE_BODY_RE = re.compile(r"\[(?P<n>\d+):[ \t\u00a0]+(?P<body>.*?)\][ \t\u00a0]*(?=$|\[\d+:)", re.MULTILINE)


# A web page saved as text (chemicalsframework.org, InforMEA): "[1]" markers in the text and the notes as lines
# "[1] SAICM/ICCM.5/INF/12." at its end. A marker right after "/" or "-" is a placeholder (MC-6/[1]), not a note.
WEB_NOTE_LINE_RE = re.compile(r"^[ \t\u00a0]*\[(?P<n>\d{1,3})\][ \t\u00a0]+(?P<body>\S.*)$")
WEB_NOTE_REF_RE = re.compile(r"[ \t\u00a0]?(?<![/\-\u2010\u2011])\[(?P<n>\d{1,3})\](?![\w\]])")


def _web_notes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """The lines without their "[n] note" lines, and the notes cited by a marker in another line."""
    notes = {m.group("n"): m.group("body").strip() for m in map(WEB_NOTE_LINE_RE.match, lines) if m}
    if not notes:
        return lines, {}
    cited = {n for line in lines if not WEB_NOTE_LINE_RE.match(line) for n in WEB_NOTE_REF_RE.findall(line)}
    notes = {n: body for n, body in notes.items() if n in cited}
    kept = [line for line in lines if not ((m := WEB_NOTE_LINE_RE.match(line)) and m.group("n") in notes)]
    return kept, notes


def looks_like_seed_text(text: str) -> bool:
    return bool(BOOKMARK_RE.search(text) or FOOTNOTE_REF_RE.search(text))


def text_to_blocks(text: str) -> BlockDocument:
    """Plain or converted-Word text -> blocks. Footnote bodies are collected first, then attached to the block
    that cites them, so a body the converter placed on a later line is not lost."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = BOOKMARK_RE.sub("", text)
    bodies: dict[str, str] = {}

    def take_body(match: re.Match[str]) -> str:
        bodies[match.group("n")] = re.sub(r"\s+", " ", match.group("body")).strip()
        return ""

    text = FOOTNOTE_BODY_RE.sub(take_body, text)
    blocks: list[Block] = []
    lines, web_notes = _web_notes(text.split("\n"))
    for line in lines:
        refs = FOOTNOTE_REF_RE.findall(line)
        line = FOOTNOTE_REF_RE.sub("", line)
        notes = [bodies[n] for n in refs if n in bodies]
        if web_notes:
            notes += [web_notes[m.group("n")] for m in WEB_NOTE_REF_RE.finditer(line) if m.group("n") in web_notes]
            line = WEB_NOTE_REF_RE.sub(lambda m: "" if m.group("n") in web_notes else m.group(), line)
        block = classify_line(line, notes)
        if block is not None:
            blocks.append(block)
    return BlockDocument(blocks=blocks, file_format="txt")
