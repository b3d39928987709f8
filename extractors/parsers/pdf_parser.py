"""PDF files -> blocks, with pdfminer.six (pypdf as a degraded fallback).

A PDF has no paragraphs, only glyphs at positions. This module rebuilds what the author wrote:
1. characters -> lines (vertical overlap; raised small digits inside a line are footnote markers, not text);
2. running headers and footers are dropped: lines at the top/bottom of pages whose text (digits masked) repeats on
   most pages, page numbers ("3", "- 3 -", "Page 3 of 9"); a document symbol alone in the page header
   (UNEP/MC/COP.5/11) is kept as BlockDocument.symbol_hint;
3. footnotes: the lines at the bottom of a page in a smaller font than the body, each opening with its number; a
   note is attached to the block whose text carries the marker (numbers per page first, then per document);
4. lines -> paragraphs, across pages: a new paragraph starts after extra vertical space, at a change of font size
   or weight, when the previous line stopped short (the next line's first word would have fitted), at a numbering
   cue ("1.", "(a)", "i)") after a line ending in punctuation, or at a first-line indent (in a document that indents
   whole paragraphs, a full line followed by a lower-case one at the same indent runs on); a word hyphenated at a
   line end is re-joined (the hyphen is kept when the document writes the word with a hyphen elsewhere);
5. each paragraph goes through classify_line like a line of converted text;
6. the title in the document information (if it reads like a title) is BlockDocument.title_hint.

No text layer at all (a scan) -> ParseError("scanned PDF without a text layer (no OCR)"). Right-to-left lines
(Arabic) are put back into logical order and Arabic presentation forms folded to letters.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from extractors.model import ParseError
from extractors.parsers.blocks import Block, BlockDocument, classify_line, file_title

SUPERSCRIPT_RATIO = 0.85  # a char this much smaller than its line, and raised, is a superscript
FOOTNOTE_RATIO = 0.92  # footnote lines are at most this size relative to the body text
ZONE = 0.12  # running headers/footers live in the top/bottom 12% of the page
# A line opening a numbered paragraph, sub-paragraph or section: "1.", Arabic "1 -"/"١-", "(a)", "a)", "(أ)",
# full-width "（a）", "i)", "IV.", Chinese "一、".
_NUMBER_CUE = re.compile(
    r"^(?:[\d\u0660-\u0669\u06f0-\u06f9]{1,3}(?:\.|\s?-)(?:\s|$)|[(（]?[a-zа-я\u0621-\u064a]{1,2}[)）]\s*"
    r"|\(?[ivx]{1,5}\)\s|[IVX]{1,5}\.\s|[一二三四五六七八九十]+、)"
)
# Punctuation that ends a paragraph or list item, in the six languages (Arabic ، ؛, Chinese ，；。：).
_END = re.compile(r"[.;:,،؛。；，：]$")
_END_STRONG = re.compile(r"[.;:؛。；：]$")
_COMMA_END = re.compile(r"[,،，]$")  # how a preambular paragraph ends
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:(?:page|p\.|стр\.?|страница)\s*)?\d{1,4}(?:\s*(?:/|of|из)\s*\d{1,4})?[-–—\s]*$",
                          re.IGNORECASE)  # fmt: skip
# the UN job number printed at the foot of a document's first page: "K2300123 080323", "2301234E"
_JOB_NUMBER = re.compile(r"^(?:[A-Z]{1,2}\d{6,8}|\d{7}[A-Z]?)(?:\s+\d{6})?(?:\s+\*?\d{7}\*?)?$")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    refs: list[str] = field(default_factory=list)  # footnote markers cited in the line
    lead_marker: str | None = None  # a superscript number opening the line (a footnote body)
    first_word_width: float = 0.0


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    images: int


# -- characters -> lines -------------------------------------------------------------------------------------------
def _cluster(chars: list[dict]) -> list[list[dict]]:
    """Group characters into lines by vertical overlap (relative to the smaller of char and line height, so a
    superscript joins the line it is raised above)."""
    lines: list[tuple[list[dict], list[float]]] = []  # (chars, [top, bottom])
    previous: dict | None = None
    current: list[dict] = []  # the line the previous character joined
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        same_box = previous is not None and ch["top"] == previous["top"] and ch["bottom"] == previous["bottom"]
        if same_box and ch["bottom"] > ch["top"]:
            # the box of the previous character, which its line now spans whole: no other line can overlap it
            # more (the usual case: a line's characters share one box height), so it joins the same line
            current.append(ch)
            continue
        previous = ch
        height = max(ch["bottom"] - ch["top"], 0.1)
        best, best_overlap = None, 0.0
        for members, span in lines[-4:]:
            overlap = min(span[1], ch["bottom"]) - max(span[0], ch["top"])
            relative = overlap / min(height, span[1] - span[0] or 0.1)
            if relative > best_overlap:
                best, best_overlap = (members, span), relative
        if best is not None and best_overlap >= 0.3:
            best[0].append(ch)
            best[1][0], best[1][1] = min(best[1][0], ch["top"]), max(best[1][1], ch["bottom"])
            current = best[0]
        else:
            current = [ch]
            lines.append((current, [ch["top"], ch["bottom"]]))
    return [members for members, _ in sorted(lines, key=lambda item: item[1][1])]


def _make_line(chars: list[dict], page: int, width: float, rtl: bool = False) -> _Line | None:
    """One line of characters -> text in reading order, footnote markers apart. rtl: the page's base direction is
    right-to-left (Arabic), so even a line of mostly Latin symbols is read from the right."""
    chars = sorted(chars, key=lambda c: c["x0"])
    visible = [c for c in chars if c["text"].strip()]
    if not visible:
        return None
    sizes = Counter(round(c["size"], 1) for c in visible)
    main = max(sizes, key=lambda s: (sizes[s], s))
    main_chars = [c for c in visible if abs(c["size"] - main) < 0.6]
    baseline = max(c["bottom"] for c in main_chars)

    def raised(c: dict) -> bool:
        return c["size"] < SUPERSCRIPT_RATIO * main and c["bottom"] < baseline - 0.15 * main

    def is_marker(c: dict) -> bool:
        return raised(c) and (c["text"].isdigit() or c["text"] in "*†‡")

    chars = _with_gap_spaces(chars)
    if rtl:
        chars = _logical_order(chars, is_marker)
    parts: list[str] = []
    refs: list[str] = []
    lead_marker = None
    marker = ""
    for index, c in enumerate(chars):
        text = c["text"]
        if text.strip() and is_marker(c):
            marker += text
            nxt = chars[index + 1] if index + 1 < len(chars) else None
            if nxt is None or not (nxt["text"].strip() and raised(nxt)):
                if not "".join(parts).strip():
                    lead_marker = marker
                else:
                    refs.append(marker)
                marker = ""
            continue
        parts.append(text)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    text = _fold_presentation_forms(text)
    if not text and lead_marker is None:
        return None
    body = [c for c in chars if c["text"].strip() and not raised(c)] or visible  # in reading order
    words = text.split(" ")
    first_width = 0.0
    if words and words[0]:
        first = words[0][:1] if _CJK.match(words[0]) else words[0]  # Chinese breaks lines between any characters
        first_width = _drawn_width(chars, len(first), raised)
    bold = sum(1 for c in main_chars if "bold" in c["fontname"].lower()) > len(main_chars) / 2
    x0, x1 = min(c["x0"] for c in body), max(c["x1"] for c in visible)
    if rtl:  # measure from the right margin: indents and short lines mirror in right-to-left text
        x0, x1 = width - max(c["x1"] for c in body), width - min(c["x0"] for c in visible)
    return _Line(page=page, text=text, x0=x0, x1=x1, top=min(c["top"] for c in main_chars), bottom=baseline,
                 size=main, bold=bold, refs=refs, lead_marker=lead_marker, first_word_width=first_width)  # fmt: skip


def _drawn_width(chars: list[dict], letters: int, raised) -> float:
    """Width the first `letters` letters of a line take on the page, with the footnote markers set inside or right
    after them ("климата⁵;"): the room the word would have needed at the end of the line before."""
    width, seen = 0.0, 0
    for c in chars:
        if not c["text"].strip():
            if seen:
                break
            continue
        if raised(c):
            if seen:
                width += c["x1"] - c["x0"]
            continue
        if seen == letters:
            break
        width += c["x1"] - c["x0"]
        seen += 1
    return width


def _with_gap_spaces(chars: list[dict]) -> list[dict]:
    """Chars in page order with a space inserted wherever the page shows a gap but the PDF has no space character
    (tabs, word spacing done by positioning). Done before any reordering, while page neighbours are neighbours;
    a footnote marker set tight against its word ("partners¹,") gets no space."""
    out: list[dict] = []
    previous = None
    for c in chars:
        if not c["text"].strip():
            out.append(c)
            previous = None
            continue
        if previous is not None:
            gap = c["x0"] - previous["x1"]
            cjk = _CJK.match(c["text"]) or _CJK.match(previous["text"])
            if gap > (0.6 if cjk else 0.2) * min(c["size"], previous["size"]):
                out.append({**c, "text": " ", "x0": previous["x1"], "x1": c["x0"]})
        out.append(c)
        previous = c
    return out


def _is_rtl(chars: list[dict]) -> bool:
    """Most letters are Arabic/Hebrew: the base direction is right-to-left."""
    letters = [c["text"] for c in chars if c["text"].isalpha()]
    return bool(letters) and sum(1 for t in letters if _RTL.match(t)) > len(letters) / 2


_LTR_CHAR = re.compile(r"[0-9A-Za-z./\-]")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _logical_order(chars: list[dict], is_marker) -> list[dict]:
    """Chars of a right-to-left line sorted left to right -> reading order: runs of RTL text read right to left
    (brackets drawn mirrored are swapped back), embedded left-to-right runs (digits, Latin symbols) keep their
    own order. A simplification of the Unicode bidi algorithm that is enough for decision texts. A footnote
    marker is a run of its own: drawn left of "UNEP/MC/COP.14/8" it follows the symbol, it does not open it."""

    def kind(c: dict) -> str:
        return "marker" if is_marker(c) else "ltr" if _LTR_CHAR.match(c["text"]) else "rtl"

    runs: list[tuple[str, list[dict]]] = []
    for c in reversed(chars):
        k = kind(c)
        if runs and k != "rtl" and runs[-1][0] == k:
            runs[-1][1].append(c)
        else:
            runs.append((k, [c]))
    ordered: list[dict] = []
    for k, run in runs:
        if k != "rtl":
            ordered.extend(reversed(run))
        else:
            ordered.extend({**c, "text": c["text"].translate(_MIRRORED)} for c in run)
    return ordered


_COMPATIBILITY = re.compile(r"[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufeff]")


def _fold_presentation_forms(text: str) -> str:
    """Typographic ligatures (ﬁ ﬂ) and Arabic presentation forms, as some PDFs encode them, back to letters; a
    soft hyphen inside a line is invisible (at the end of a line it marks a hyphenation, see _join_lines)."""
    text = text[:-1].replace("\u00ad", "") + text[-1:] if "\u00ad" in text else text
    if not _COMPATIBILITY.search(text):
        return text
    return _COMPATIBILITY.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


# -- reading the file ----------------------------------------------------------------------------------------------
def layout_pages(data: bytes) -> Iterator[Any]:
    """pdfminer's layout of every page (LTPage: glyphs with their boxes and fonts, images, figures), from its page
    aggregator without layout analysis. pdfplumber would give the same characters at twice the cost (it copies
    every attribute of every object into a dict), so it is not used. Raises pdfminer's own errors."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        yield device.get_result()


def _read(data: bytes) -> list[_Page]:
    """Every page's upright characters, grouped into lines."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[_Page] = []
    try:
        for number, layout in enumerate(layout_pages(data), start=1):
            chars: list[dict] = []
            images = _collect(layout, layout.height, chars)
            rtl = _is_rtl(chars)  # the page's base direction
            made = (_make_line(group, number, float(layout.width), rtl) for group in _cluster(chars))
            lines = [line for line in made if line is not None]
            pages.append(_Page(number, float(layout.width), float(layout.height), lines, images))
    except PDFPasswordIncorrect as error:
        raise ParseError("encrypted PDF: a password is needed to read it") from error
    except PDFSyntaxError as error:
        raise _Unreadable(str(error)) from error
    except Exception as error:  # pdfminer raises many exception types on broken files
        if type(error).__module__.startswith("pdfminer"):
            raise _Unreadable(f"{type(error).__name__}: {error}") from error
        raise
    return pages


def _font_name(name: str | bytes) -> str:
    """A font's name; a few PDFs store it as undecoded bytes."""
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _collect(container, height: float, chars: list[dict]) -> int:
    """The upright characters of a pdfminer layout object (figures included), with their top/bottom measured from
    the top of the page, into chars; returns how many images it holds."""
    from pdfminer.layout import LTChar, LTContainer, LTImage

    images = 0
    for item in container:
        if isinstance(item, LTChar):
            if item.upright:
                chars.append({
                    "text": item.get_text(), "x0": item.x0, "x1": item.x1, "top": height - item.y1,
                    "bottom": height - item.y0, "size": item.size, "fontname": _font_name(item.fontname),
                })  # fmt: skip
        elif isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTContainer):
            images += _collect(item, height, chars)
    return images


class _Unreadable(Exception):
    pass


# -- headers, footers, footnotes -----------------------------------------------------------------------------------
def _strip_running(pages: list[_Page]) -> str | None:
    """Remove running headers/footers and page numbers in place; returns the symbol found in a page header."""
    from extractors.symbols import find_documents

    def candidates(page: _Page) -> list[tuple[_Line, str]]:
        out = []
        for line in page.lines[:3]:
            if line.bottom < ZONE * page.height:
                out.append((line, "top"))
        notes = _footnote_lines(page)
        for line in page.lines[-3:]:
            if line.top > (1 - ZONE) * page.height and (line, "top") not in out and id(line) not in notes:
                out.append((line, "bottom"))
        return out

    def key(line: _Line, zone: str) -> str:
        return zone + ":" + re.sub(r"\d+", "#", line.text.lower()).strip()

    seen = Counter(k for page in pages for k in {key(line, zone) for line, zone in candidates(page)})
    threshold = max(2, (len(pages) + 1) // 2)
    symbol = None
    for page in pages:
        drop = set()
        for line, zone in candidates(page):
            if seen[key(line, zone)] >= threshold or _PAGE_NUMBER.match(line.text) or _JOB_NUMBER.match(line.text):
                drop.add(id(line))
            if zone == "top" and (seen[key(line, zone)] >= threshold or _apart_from_body(line, page)):
                found = find_documents(line.text)
                if found and len(found[0].as_written) >= len(line.text.strip().rstrip(".")) - 1:
                    symbol = symbol or found[0].canonical
                    drop.add(id(line))
        page.lines = [line for line in page.lines if id(line) not in drop]
    return symbol


def _footnote_lines(page: _Page) -> set[int]:
    """ids of the lines that open a footnote with a raised marker or continue one: the notes "See …/INF/2." and
    "See …/INF/7." read alike with digits masked, yet they are text, not a running footer."""
    notes: set[int] = set()
    previous = None
    for line in page.lines:
        continues = (
            previous is not None and id(previous) in notes and abs(line.size - previous.size) < 0.6
            and line.top - previous.bottom < line.size
        )  # fmt: skip
        if line.lead_marker or continues:
            notes.add(id(line))
        previous = line
    return notes


def _apart_from_body(line: _Line, page: _Page) -> bool:
    """A line set off from the text below it by more than two line heights, as a page header is. A document symbol
    wrapped to the top of a page ("UNEP/CHW.6/INF/22;") is followed at the normal line spacing."""
    index = next(i for i, other in enumerate(page.lines) if other is line)
    if index + 1 >= len(page.lines):
        return True
    return page.lines[index + 1].top - line.bottom > 2 * line.size


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return max(sizes, key=lambda s: sizes[s]) if sizes else 0.0


def _take_footnotes(pages: list[_Page], body_size: float) -> dict[tuple[int, str], str]:
    """Remove footnote lines from the bottom of each page; (page, number) -> note text."""
    notes: dict[tuple[int, str], str] = {}
    last_key: tuple[int, str] | None = None
    for page in pages:
        zone: list[_Line] = []
        for line in reversed(page.lines):
            if line.size > FOOTNOTE_RATIO * body_size:
                break
            zone.insert(0, line)
        opening = [i for i, line in enumerate(zone) if _note_number(line, last_key, page.number)]
        if not opening:
            continue
        page.lines = page.lines[: len(page.lines) - len(zone)]
        texts: dict[tuple[int, str], list[str]] = {}
        current = last_key
        for line in zone:
            number = _note_number(line, current, page.number)
            if number is not None:
                current = (page.number, number)
                text = line.text if line.lead_marker else line.text[len(number) :].lstrip()
                texts[current] = [text]
            elif current is not None:
                texts.setdefault(current, [notes.get(current, "")]).append(line.text)
        for note_key, parts in texts.items():
            notes[note_key] = _join_lines([p for p in parts if p], set())
        last_key = current
    return notes


def _note_number(line: _Line, previous: tuple[int, str] | None, page: int) -> str | None:
    if line.lead_marker:
        return line.lead_marker
    m = re.match(r"^(\d{1,3})\s", line.text)
    if m and (previous is None or int(m.group(1)) == int(previous[1]) + 1):
        return m.group(1)
    return None


# -- lines -> paragraphs -------------------------------------------------------------------------------------------
def _vocabulary(pages: list[_Page]) -> set[str]:
    words: set[str] = set()
    for page in pages:
        for line in page.lines:
            text = line.text[:-1] if line.text.endswith("-") else line.text
            words.update(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text))
    return words


def _join_lines(texts: list[str], vocabulary: set[str]) -> str:
    out = ""
    for text in texts:
        if not out:
            out = text
            continue
        m = re.search(r"(\w+)[-\u00ad]$", out)
        if m and text[:1].islower():
            head, tail = m.group(1), re.match(r"\w*", text).group(0)
            keep = f"{head}-{tail}".lower() in vocabulary and f"{head}{tail}".lower() not in vocabulary
            out = out[:-1] + ("-" if keep else "") + text
        elif re.search(r"\S[-–\u2011]$", out) or _CJK.match(out[-1:]) or _CJK.match(text[:1]):
            out += text  # no space after a dash ending a line, nor next to Chinese characters
        else:
            out += " " + text
    return out


@dataclass
class _Layout:
    leading: float
    width: float  # text width
    margin: float | None = None  # the usual left margin of a page (median over the pages)
    # paragraphs set as indented blocks (continuation lines under the first line's text, as convention-site PDFs
    # do), not with a first-line indent and continuations at the margin
    block_indent: bool = False

    def left(self, lines: list[_Line]) -> float:
        """A page's left margin: its leftmost line, unless that is indented from the usual margin (a page holding
        only indented sub-paragraphs or preambles: its text still wraps at the usual width)."""
        left = min(line.x0 for line in lines)
        return self.margin if self.margin is not None and left > self.margin + 8 else left

    def right_edge(self, lines: list[_Line]) -> float:
        return self.left(lines) + self.width


def _layout(pages: list[_Page], body_size: float) -> _Layout:
    steps, widths, lefts = [], [], []
    for page in pages:
        body = [line for line in page.lines if abs(line.size - body_size) < 0.6]
        for a, b in itertools.pairwise(body):
            if b.top > a.top:
                steps.append(b.top - a.top)
        if len(page.lines) >= 3:
            lefts.append(min(line.x0 for line in page.lines))
            widths.append(max(line.x1 for line in page.lines) - lefts[-1])
    leading = statistics.median(steps) if steps else body_size * 1.2
    return _Layout(leading=min(leading, body_size * 2), width=max(widths) if widths else 0.0,
                   margin=statistics.median(lefts) if lefts else None,
                   block_indent=_block_indented(pages, body_size, leading))  # fmt: skip


def _block_indented(pages: list[_Page], body_size: float, leading: float) -> bool:
    """Where this document continues an indented line: a line that fills the width, followed by one opening in
    lower case, is (almost always) a paragraph running on. Those continuations vote: under the indented line
    (block indents) or back at the margin (first-line indents)."""
    under = at_margin = 0
    for page in pages:
        body = [line for line in page.lines if abs(line.size - body_size) < 0.6]
        if len(body) < 3:
            continue
        left, right = min(line.x0 for line in body), max(line.x1 for line in body)
        for a, b in itertools.pairwise(body):
            if not (0 < b.top - a.top <= leading * 1.3 and b.text[:1].islower()):
                continue
            if a.x0 <= left + 8 or a.x1 + 0.3 * b.size + b.first_word_width < right - 1.0:
                continue  # not an indented line, or one that stopped short
            if abs(b.x0 - a.x0) < 1:
                under += 1
            elif b.x0 < a.x0 - 8:
                at_margin += 1
    return under > at_margin


def _new_paragraph(a: _Line, b: _Line, paragraph: list[_Line], layout: _Layout, right: float, left: float) -> bool:
    if a.page == b.page and b.top - a.top > layout.leading * 1.3:
        return True
    if abs(a.size - b.size) > 0.6 or a.bold != b.bold:
        return True
    if re.search(r"\w[-\u00ad]$", a.text) and b.text[:1].islower():
        return False
    if _NUMBER_CUE.match(b.text) and _END.search(a.text):
        return True
    space = 0.0 if _CJK.match(b.text[:1]) else 0.3 * b.size  # Chinese sets no space between characters
    if a.x1 + space + b.first_word_width < right - 1.0:
        return True  # the previous line stopped short although the next word would have fitted
    # a first line indented from the margin, where its continuation would be: a full line followed by another line
    # at the same indent is two paragraphs (a hanging "(a)" item keeps its indent and is not this)
    # a block-indented full line ending in a comma, then a line under it that opens with a preambular verb
    # ("Consciente de …", "учитывая …"): the next preamble, not a run-on (geometry alone cannot tell them apart)
    if a.x0 > left + 8 and abs(b.x0 - a.x0) < 1 and _COMMA_END.search(a.text) and _opens_preamble(b.text):
        return True
    indented_first = len(paragraph) == 1 and a.x0 > left + 8 and not _NUMBER_CUE.match(a.text)
    if indented_first and abs(b.x0 - a.x0) < 1 and _END.search(a.text):
        # ... unless the document indents whole paragraphs: then a full line ending in a comma, followed by a
        # lower-case line at the same indent, is one paragraph ("Recalling its work on the guidelines," / "notably")
        return not (layout.block_indent and b.text[:1].islower())
    continuation = [line.x0 for line in paragraph[1:]]
    return bool(continuation) and b.x0 > min(continuation) + 8 and b.x0 > a.x0 + 8


def _opens_preamble(text: str) -> bool:
    """The line opens with a preambular verb of any of the six languages (the PDF's language is not known yet)."""
    from extractors.lexicon import available_languages, load_lexicon

    return any(load_lexicon(language).preambular_re.match(text) for language in available_languages())


def _paragraphs(pages: list[_Page], layout: _Layout) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    previous: _Line | None = None
    for page in pages:
        if not page.lines:
            continue
        right = layout.right_edge(page.lines) if len(page.lines) >= 3 else max(line.x1 for line in page.lines)
        left = layout.left(page.lines)
        for line in page.lines:
            if previous is None or _new_paragraph(previous, line, paragraphs[-1], layout, right, left):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
            previous = line
    return paragraphs


# -- the whole file ------------------------------------------------------------------------------------------------
def pdf_to_blocks(data: bytes) -> BlockDocument:
    try:
        pages = _read(data)
    except _Unreadable as error:
        return _fallback(data, str(error))
    if not any(page.lines for page in pages):
        if any(page.images for page in pages):
            raise ParseError("scanned PDF without a text layer (no OCR)")
        raise ParseError("PDF without any text (blank pages or drawings only; no OCR)")
    everything = " ".join(line.text for page in pages for line in page.lines)
    if len(_CID.findall(everything)) * 6 > len(everything) / 2:
        raise ParseError("PDF text layer cannot be decoded (fonts without a Unicode map)")
    symbol = _strip_running(pages)
    body_size = _body_size(pages)
    notes = _take_footnotes(pages, body_size)
    by_number = {number: text for (_, number), text in notes.items()}
    vocabulary = _vocabulary(pages)
    layout = _layout(pages, body_size)
    blocks: list[Block] = []
    for paragraph in _paragraphs(pages, layout):
        text = _join_lines([line.text for line in paragraph], vocabulary)
        footnotes = []
        for page, marker in _cited(paragraph):
            note = notes.get((page, marker)) or by_number.get(marker)
            if note and note not in footnotes:
                footnotes.append(note)
        block = classify_line(text, footnotes)
        if block is not None:
            blocks.append(block)
    return BlockDocument(blocks=blocks, file_format="pdf", symbol_hint=symbol, title_hint=_info_title(data))


def _info_title(data: bytes) -> str | None:
    """The title in the PDF's document information, if it reads like one: it stands in for a title line that the
    body does not print (convention-site files)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        metadata = PdfReader(io.BytesIO(data)).metadata
        return file_title(metadata.title if metadata else None)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cited(paragraph: list[_Line]) -> list[tuple[int, str]]:
    """(page, marker) of the footnotes a paragraph cites, in order. A marker opening a line that continues the
    paragraph was set after the last word of the line before ("…审议" / "²；"): it is cited, not a note's number."""
    cited = []
    for line in paragraph:
        if line.lead_marker and line is not paragraph[0]:
            cited.append((line.page, line.lead_marker))
        cited.extend((line.page, marker) for marker in line.refs)
    return cited


def _fallback(data: bytes, reason: str) -> BlockDocument:
    """pdfminer could not read the file: try pypdf's more lenient reader in layout mode. Degraded: no font sizes,
    so paragraphs come from blank lines, numbering, punctuation and indentation, and footnotes are the numbered
    lines after the last gap of a page."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [(page.extract_text(extraction_mode="layout") or "").splitlines() for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as error:
        raise ParseError(f"corrupt PDF: {reason}; pypdf: {error}") from error
    if not any(line.strip() for lines in pages for line in lines):
        raise ParseError(f"corrupt PDF: {reason} (and no text could be recovered)")
    pages = _drop_running_text_lines(pages)
    notes: dict[str, str] = {}
    paragraphs: list[tuple[list[str], list[str]]] = []  # (lines, footnote markers)
    indent: int | None = None
    suffix, pending = "", []
    for lines in pages:
        lines = _take_text_footnotes(lines, notes)
        width = max((len(line.rstrip()) for line in lines), default=0)
        page_start = True
        for raw in lines:
            line = raw.strip()
            if not line:
                indent = None  # a gap ends the paragraph
                continue
            marker = re.fullmatch(r"(\d{1,3})([,;.:]?)", line)
            if marker:  # a superscript footnote marker printed on its own line above its text
                suffix = marker.group(2)
                pending.append(marker.group(1))
                continue
            line, suffix = line + suffix, ""
            lead = len(raw) - len(raw.lstrip())
            previous = paragraphs[-1][0][-1] if paragraphs else None
            carried = page_start and previous is not None and not _END.search(previous)
            ended = previous is None or _END_STRONG.search(previous) or (indent is None and not carried)
            indented = indent is not None and lead > indent + 2 and _END.search(previous or "")
            short = previous is not None and len(previous) + lead < 0.7 * width and not page_start
            stopped = short and (line[:1].isupper() or _END.search(previous))
            if ended or _NUMBER_CUE.match(line) or indented or stopped:
                paragraphs.append(([line], []))
                indent = lead
            else:
                paragraphs[-1][0].append(line)
                indent = min(indent if indent is not None else lead, lead)
            paragraphs[-1][1].extend(pending)
            pending, page_start = [], False
    blocks = []
    for lines, markers in paragraphs:
        text = re.sub(r"^(\d{1,3}\.)\s+", r"\1 ", _join_lines(lines, set()))
        block = classify_line(text, [notes[m] for m in markers if m in notes])
        if block is not None:
            blocks.append(block)
    return BlockDocument(blocks=blocks, file_format="pdf")


def _drop_running_text_lines(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers, and lines at the top or bottom of most pages (digits masked)."""

    def edge_lines(lines: list[str]) -> set[str]:
        filled = [x.strip() for x in lines if x.strip()]
        return {re.sub(r"\d+", "#", x) for x in filled[:2] + filled[-2:]}

    seen = Counter(key for lines in pages for key in edge_lines(lines))
    out = []
    for lines in pages:
        edges = edge_lines(lines)
        out.append([
            line for line in lines
            if not (line.strip() and (_PAGE_NUMBER.match(line.strip()) or (
                len(pages) > 1 and (key := re.sub(r"\d+", "#", line.strip())) in edges and seen[key] > len(pages) / 2
            )))
        ])  # fmt: skip
    return out


def _take_text_footnotes(lines: list[str], notes: dict[str, str]) -> list[str]:
    """The numbered lines after the last gap of a page are its footnotes: record them, return the other lines."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    tail = [line.strip() for line in lines[start:end]]
    if not tail or not re.match(r"^\d{1,3}\s+\S", tail[0]) or start == 0:
        return lines
    current = None
    for line in tail:
        m = re.match(r"^(\d{1,3})\s+(.*)$", line)
        if m:
            current = m.group(1)
            notes[current] = m.group(2)
        elif current:
            notes[current] = _join_lines([notes[current], line], set())
    return lines[:start]
