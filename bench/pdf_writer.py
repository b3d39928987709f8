"""A Document as a PDF laid out like a UN document (reportlab canvas, deterministic "invariant" mode).

What the parser has to undo: paragraphs and footnotes that cross page breaks, a running header with the document
symbol and page numbers, superscript footnote markers with the notes in a smaller font at the foot of the page that
cites them, words hyphenated at line ends, paragraph numbers and sub-paragraph labels drawn apart from the text
(first-line indents, no blank line between paragraphs in some languages), right-to-left Arabic lines drawn in visual
order (runs reversed, brackets mirrored, digits and Latin symbols left to right), Chinese wrapped between any two
characters. Fonts: DejaVu Sans (Latin, Cyrillic, Arabic letters) from the system, reportlab's built-in CID font
STSong-Light for Chinese; a language whose script no available font covers gets no PDF (pdf_supported).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.documents import Document
from bench.writers import label

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF")]
PAGE = (595.0, 842.0)
LEFT, RIGHT, TOP, BOTTOM = 72.0, 523.0, 770.0, 70.0
BODY, LEADING, NOTE, NOTE_LEADING, SUP = 10.0, 13.0, 8.0, 10.0, 6.0
MARK = 0xE100  # a footnote reference inside text while it is wrapped: chr(MARK + n)
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_LTR = r"[0-9A-Za-z./\-]"
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
RTL = {"ar"}
NO_GAP = {"ru", "zh"}  # no space between paragraphs: the parser must use indents and numbering


@cache
def fonts(language: str) -> tuple[str, str] | None:
    """(regular, bold) font names registered with reportlab, or None when no font covers the script."""
    from reportlab.pdfbase import pdfmetrics

    if language == "zh":
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light", "STSong-Light"
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
            return "DejaVu", "DejaVu-Bold"
    return None


def pdf_supported(language: str) -> bool:
    try:
        return fonts(language) is not None
    except Exception:  # reportlab missing or a broken font file: no PDFs, the rest of the corpus goes on
        return False


@dataclass
class Style:
    font: str
    size: float
    first: float  # x of the first line's text
    rest: float  # x of continuation lines
    label_x: float | None = None
    space_before: float = 0.0


def _styles(language: str, regular: str, bold: str) -> dict[str, Style]:
    gap = 0.0 if language in NO_GAP else 6.0
    indented = Style(regular, BODY, LEFT + 28, LEFT, space_before=gap)
    return {
        "meeting": Style(regular, BODY, LEFT, LEFT),
        "symbol": Style(regular, BODY, LEFT, LEFT),
        "title": Style(bold, 12.0, LEFT, LEFT, space_before=8),
        "note": Style(regular, BODY, LEFT, LEFT, space_before=4),
        "heading": Style(bold, BODY, LEFT, LEFT, space_before=12),
        "decision": Style(bold, BODY, LEFT, LEFT, space_before=14),
        "opening": indented,
        "preamble": indented,
        "passage": indented,
        "annex": Style(bold, BODY, LEFT, LEFT, space_before=12),
        "numbered": Style(regular, BODY, LEFT + 28, LEFT, label_x=LEFT, space_before=gap),
        "sub": Style(regular, BODY, LEFT + 56, LEFT + 56, label_x=LEFT + 28, space_before=gap),
    }


def _plain(text: str) -> str:
    return re.sub(f"[{chr(MARK)}-{chr(MARK + 4000)}]", "", text)


def _runs(text: str) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for part in re.split(f"([{chr(MARK)}-{chr(MARK + 4000)}])", text):
        if len(part) == 1 and MARK <= ord(part) <= MARK + 4000:
            out.append(("", ord(part) - MARK))
        elif part:
            out.append((part, None))
    return out


def _measure(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(_plain(text), font, size)
    return width + sum(stringWidth(str(n), font, SUP) for _, n in _runs(text) if n is not None)


def _wrap(text: str, font: str, size: float, first_width: float, width: float, hyphenate: bool) -> list[str]:
    """Greedy line breaking at spaces (between any two Chinese characters); long lower-case words hyphenated."""
    tokens = re.findall(rf"[{_CJK}]|[^\s{_CJK}]+", text)
    spaced, position = [], 0
    for token in tokens:
        start = text.index(token, position)
        spaced.append(start > position)
        position = start + len(token)
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(tokens):
        word = tokens[i]
        limit = first_width if not lines else width
        candidate = f"{current} {word}" if current and spaced[i] else current + word
        if _measure(candidate, font, size) <= limit:
            current, i = candidate, i + 1
            continue
        core = re.match(r"[a-zа-яёéèàç]+", word)
        if hyphenate and core and len(core.group(0)) >= 10 and current:
            for cut in range(len(core.group(0)) - 4, 3, -1):
                head = f"{current} {word[:cut]}-"
                if _measure(head, font, size) <= limit:
                    lines.append(head)
                    current, tokens[i], spaced[i] = "", word[cut:], False
                    break
            else:
                lines.append(current)
                current = ""
            continue
        if not current:
            lines.append(word)
            i += 1
            continue
        lines.append(current)
        current = ""
    if current:
        lines.append(current)
    return lines


def _visual(text: str) -> list[tuple[str, int | None]]:
    """Logical right-to-left text -> runs in drawing order: runs reversed, Arabic letters reversed inside a run and
    brackets mirrored, digits and Latin symbols kept left to right."""
    out: list[tuple[str, int | None]] = []
    for chunk, note in reversed(_runs(text)):
        if note is not None:
            out.append(("", note))
            continue
        parts = re.findall(rf"{_LTR}+|(?:(?!{_LTR}).)+", chunk)
        out.append(("".join(p if re.match(_LTR, p) else p[::-1].translate(MIRRORED) for p in reversed(parts)), None))
    return out


class _Pages:
    def __init__(self, canvas, doc: Document, regular: str) -> None:
        self.c, self.doc, self.regular = canvas, doc, regular
        self.notes = doc.notes()
        self.rtl = doc.language in RTL
        self.page = 0
        self.y = TOP
        self.page_notes: list[int] = []
        self._new_page(first=True)

    def _note_lines(self, n: int) -> list[str]:
        return _wrap(self.notes.get(n, ""), self.regular, NOTE, RIGHT - LEFT - 12, RIGHT - LEFT - 12, False)

    def _notes_height(self, numbers: list[int]) -> float:
        return 8 + sum(len(self._note_lines(n)) * NOTE_LEADING for n in numbers) if numbers else 0.0

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self._finish_page()
            self.c.showPage()
        self.page += 1
        self.y = TOP
        self.page_notes = []
        if self.doc.symbol:
            self.c.setFont(self.regular, 8)
            width = self.c.stringWidth(self.doc.symbol, self.regular, 8)
            self.c.drawString(RIGHT - width if self.page % 2 else LEFT, PAGE[1] - 40, self.doc.symbol)

    def _draw(self, x: float, y: float, text: str, font: str, size: float) -> None:
        runs = _visual(text) if self.rtl else _runs(text)
        if self.rtl:
            x = LEFT + RIGHT - x - _measure(text, font, size)
        t = self.c.beginText(x, y)
        for chunk, note in runs:
            if note is None:
                t.setFont(font, size)
                t.setRise(0)
                t.textOut(chunk)
            else:
                t.setFont(self.regular, SUP)
                t.setRise(4)
                t.textOut(str(note))
        t.setRise(0)
        self.c.drawText(t)

    def _finish_page(self) -> None:
        if self.page_notes:
            y = BOTTOM + self._notes_height(self.page_notes) - 4
            self.c.setLineWidth(0.5)
            self.c.line(RIGHT - 80 if self.rtl else LEFT, y, RIGHT if self.rtl else LEFT + 80, y)
            y -= 4
            for n in self.page_notes:
                for i, line in enumerate(self._note_lines(n)):
                    y -= NOTE_LEADING
                    if i == 0:
                        self._draw(LEFT, y + 3, str(n), self.regular, SUP)
                    self._draw(LEFT + 12, y, line, self.regular, NOTE)
        self.c.setFont(self.regular, 8)
        self.c.drawCentredString(PAGE[0] / 2, 40, str(self.page))

    def line(self, text: str, x: float, style: Style, printed_label: str | None, space_before: float) -> None:
        refs = [ord(ch) - MARK for ch in text if MARK <= ord(ch) <= MARK + 4000]
        if self.y - space_before - LEADING < BOTTOM + self._notes_height(self.page_notes + refs):
            self._new_page()
            space_before = 0
        self.y -= space_before + LEADING
        self.page_notes += refs
        if printed_label and style.label_x is not None:
            self._draw(style.label_x, self.y, printed_label, style.font, style.size)
        self._draw(x, self.y, text, style.font, style.size)

    def close(self) -> None:
        self._finish_page()
        self.c.save()


def write_pdf(doc: Document, rng) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    registered = fonts(doc.language)
    if registered is None:
        raise RuntimeError(f"no font covers {doc.language}: no PDF")
    regular, bold = registered
    styles = _styles(doc.language, regular, bold)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=1)
    canvas.setTitle(doc.title)
    pages = _Pages(canvas, doc, regular)
    hyphenate = doc.language in ("en", "fr", "es", "ru")
    for line, runs in doc.numbered_runs():
        style = styles[line.kind]
        text = "".join(chr(MARK + r) if isinstance(r, int) else r for r in runs)
        printed = label(doc, line.kind, line.number, line.label) if line.kind in ("numbered", "sub") else None
        wrapped = _wrap(text, style.font, style.size, RIGHT - style.first, RIGHT - style.rest, hyphenate)
        for i, part in enumerate(wrapped):
            pages.line(part, style.first if i == 0 else style.rest, style, printed if i == 0 else None,
                       style.space_before if i == 0 else 0.0)  # fmt: skip
    pages.close()
    return buffer.getvalue()
