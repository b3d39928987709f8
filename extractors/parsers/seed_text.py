"""Converted Word text (the seed format): `[bookmark: _Toc…]` anchors, `[footnoteRef:N]` markers with the footnote
body inline as `[N: <tab>text]`, a tab between a paragraph's number and its text, stray leading spaces."""

from __future__ import annotations

import re

from extractors.parsers.blocks import Block, BlockDocument, classify_line

BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
FOOTNOTE_REF_RE = re.compile(r"\[footnoteRef:(?P<n>\d+)\]")
# The body runs to the closing bracket that ends the line (bodies may contain brackets such as [--]).
FOOTNOTE_BODY_RE = re.compile(r"\[(?P<n>\d+):[ \t\u00a0]+(?P<body>.*?)\][ \t\u00a0]*(?=$|\[\d+:)", re.MULTILINE)


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
    for line in text.split("\n"):
        refs = FOOTNOTE_REF_RE.findall(line)
        line = FOOTNOTE_REF_RE.sub("", line)
        block = classify_line(line, [bodies[n] for n in refs if n in bodies])
        if block is not None:
            blocks.append(block)
    return BlockDocument(blocks=blocks, file_format="txt")
