"""Word and PDF files laid out like UN documents, shared by the benchmark corpus (bench.writers, bench.pdf_writer)
and the parser fixtures (scripts/make_fixtures.py). Knows nothing of where the text comes from: callers hand over
paragraphs whose footnote references are private-use characters (chr(MARK + n), see marked()).

* DOCX (python-docx): real Word numbering (numbering.xml with one abstract two-level list and a list instance per
  decision that restarts it), real footnotes (footnotes.xml), the document symbol in the page header, and archives
  with fixed timestamps so that every run writes the same bytes.
* PDF (reportlab canvas, "invariant" mode): paragraphs and footnotes that cross page breaks, a running header with
  the document symbol alternating sides, page numbers, superscript footnote markers with the notes in a smaller font
  at the foot of the page that cites them, words hyphenated at line ends, paragraph numbers and sub-paragraph labels
  drawn apart from the text, right-to-left lines drawn in visual order (runs reversed, brackets mirrored, digits and
  Latin symbols left to right), Chinese wrapped between any two characters. Fonts: DejaVu Sans (Latin, Cyrillic,
  Arabic letters) from the system, reportlab's built-in CID font STSong-Light (not embedded) for Chinese.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# -- footnote markers inside paragraph text --------------------------------------------------------------------------
MARK = 0xE100  # a footnote reference inside text: chr(MARK + n), n < NOTES
NOTES = 4000
_MARKS = f"[{chr(MARK)}-{chr(MARK + NOTES)}]"


def marked(runs: Iterable[str | int]) -> str:
    """Runs of text and footnote numbers -> one string with the references as markers."""
    return "".join(chr(MARK + r) if isinstance(r, int) else r for r in runs)


def plain(text: str) -> str:
    """The text without its footnote markers."""
    return re.sub(_MARKS, "", text)


def split_marks(text: str) -> list[tuple[str, int | None]]:
    """Text -> runs of (text, None) and ("", footnote number)."""
    runs: list[tuple[str, int | None]] = []
    for part in re.split(f"({_MARKS})", text):
        if len(part) == 1 and MARK <= ord(part) <= MARK + NOTES:
            runs.append(("", ord(part) - MARK))
        elif part:
            runs.append((part, None))
    return runs


def note_refs(text: str) -> list[int]:
    return [note for _, note in split_marks(text) if note is not None]


# -- DOCX ------------------------------------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class ListStyle:
    """How Word prints a decision's two list levels in one language."""

    top: str  # level-0 text: "%1." (Arabic "%1 -")
    sub_format: str  # level-1 number format: lowerLetter, arabicAbjad
    sub: str  # level-1 text: "(%2)" or "%2)"


def numbering_xml(style: ListStyle, lists: int, abstract_id: int) -> str:
    """numbering.xml: one abstract list, and `lists` instances of it; the first continues the abstract list, later
    ones restart it at 1 (startOverride), one per decision."""
    levels = (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{style.top}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{style.sub_format}"/>'
        f'<w:lvlText w:val="{style.sub}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>'
    )
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    nums = "".join(
        f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{abstract_id}"/>{restart if i else ""}</w:num>'
        for i in range(max(lists, 1))
    )
    return (
        f'{XML_HEAD}<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>{nums}</w:numbering>'
    )


def footnotes_xml(notes: dict[int, str]) -> str:
    body = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
    )
    for n, text in sorted(notes.items()):
        body += (
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'
            "</w:p></w:footnote>"
        )
    return f'{XML_HEAD}<w:footnotes xmlns:w="{W_NS}">{body}</w:footnotes>'


def set_part(document, reltype: str, partname: str, content_type: str, xml: str) -> None:
    """Replace (or add) the part related to the main document by reltype."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.parser import parse_xml

    for rel in list(document.part.rels.values()):
        if rel.reltype == reltype:
            rel.target_part._blob = xml.encode("utf-8")  # a plain Part keeps its blob; numbering is an XmlPart
            if hasattr(rel.target_part, "_element"):
                rel.target_part._element = parse_xml(xml.encode("utf-8"))
            return
    document.part.relate_to(Part(PackURI(partname), content_type, xml.encode("utf-8"), document.part.package), reltype)


def word_document(numbering: str, notes: dict[int, str], symbol: str | None):
    """An empty python-docx Document with our numbering and footnotes parts and the symbol in the page header."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    set_part(document, RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, numbering)
    set_part(document, RT.FOOTNOTES, "/word/footnotes.xml", CT.WML_FOOTNOTES, footnotes_xml(notes))
    if symbol:
        document.sections[0].header.paragraphs[0].text = symbol
    return document


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return normalized_zip(buffer.getvalue())


def normalized_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and attributes: byte-identical on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# -- PDF -------------------------------------------------------------------------------------------------------------
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF")]
BODY, LEADING, NOTE, NOTE_LEADING, SUP = 10.0, 13.0, 8.0, 10.0, 6.0
RTL = {"ar"}
HYPHENATED = {"en", "fr", "es", "ru"}  # languages whose long words are cut at line ends
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_LTR = r"[0-9A-Za-z./\-]"
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")  # brackets take their mirrored glyph in right-to-left text


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


@dataclass(frozen=True)
class Page:
    """Page size, text area and where the running header and the page number go."""

    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float
    header_y: float
    folio_y: float


@dataclass
class Style:
    font: str
    size: float
    first: float  # x of the first line's text (after the number/label)
    rest: float  # x of the continuation lines
    label_x: float | None = None  # where the number/label is drawn
    space_before: float = 0.0


@dataclass(frozen=True)
class Paragraph:
    kind: str  # a key of the styles
    text: str  # footnote references as markers
    label: str | None = None  # the printed number or sub-paragraph label


def measure(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    markers = sum(stringWidth(str(n), font, SUP) for n in note_refs(text))
    return stringWidth(plain(text), font, size) + markers


def wrap(text: str, font: str, size: float, first_width: float, width: float, hyphenate_from: int | None) -> list[str]:
    """Greedy line breaking at spaces, and between any two Chinese characters; lower-case words of hyphenate_from
    letters or more are cut at the line end (as much as fits, at least 4 letters each side)."""
    tokens = re.findall(rf"[{_CJK}]|[^\s{_CJK}]+", text)
    spaced = _spaces_before(text, tokens)
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(tokens):
        word = tokens[i]
        limit = first_width if not lines else width
        candidate = f"{current} {word}" if current and spaced[i] else current + word
        if measure(candidate, font, size) <= limit:
            current, i = candidate, i + 1
            continue
        core = re.match(r"[a-zа-яёéèàç]+", word)
        if hyphenate_from and core and len(core.group(0)) >= hyphenate_from and current:
            for cut in range(len(core.group(0)) - 4, 3, -1):
                head = f"{current} {word[:cut]}-"
                if measure(head, font, size) <= limit:
                    lines.append(head)
                    current, tokens[i], spaced[i] = "", word[cut:], False
                    break
            else:
                lines.append(current)
                current = ""
            continue
        if not current:  # a token longer than the line: it gets a line of its own
            lines.append(word)
            i += 1
            continue
        lines.append(current)
        current = ""
    if current:
        lines.append(current)
    return lines


def _spaces_before(text: str, tokens: list[str]) -> list[bool]:
    """For each token, whether a space separates it from the previous one in the text."""
    out, position = [], 0
    for token in tokens:
        start = text.index(token, position)
        out.append(start > position)
        position = start + len(token)
    return out


def visual(text: str) -> list[tuple[str, int | None]]:
    """Logical right-to-left text -> runs in drawing (left-to-right) order: the runs reversed, Arabic letters
    reversed inside a run (brackets mirrored), digits and Latin symbols kept as they are. No shaping: letters are
    drawn in their isolated forms (reportlab does not shape Arabic), which changes nothing for text extraction."""
    out: list[tuple[str, int | None]] = []
    for chunk, note in reversed(split_marks(text)):
        if note is not None:
            out.append(("", note))
            continue
        parts = re.findall(rf"{_LTR}+|(?:(?!{_LTR}).)+", chunk)
        out.append(("".join(p if re.match(_LTR, p) else p[::-1].translate(MIRRORED) for p in reversed(parts)), None))
    return out


class _Pages:
    """Lays out lines page by page, footnotes at the bottom of the page that cites them. Right-to-left languages
    are laid out as if left-to-right and mirrored when drawn."""

    def __init__(self, canvas, page: Page, language: str, notes: dict[int, str], symbol: str | None, regular: str):
        self.c, self.geometry, self.notes, self.symbol, self.regular = canvas, page, notes, symbol, regular
        self.rtl = language in RTL
        self.page = 0
        self.y = page.top
        self.page_notes: list[int] = []
        self._new_page(first=True)

    def _note_lines(self, n: int) -> list[str]:
        width = self.geometry.right - self.geometry.left - 12
        return wrap(self.notes.get(n, ""), self.regular, NOTE, width, width, None)

    def _notes_height(self, numbers: list[int]) -> float:
        return 8 + sum(len(self._note_lines(n)) * NOTE_LEADING for n in numbers) if numbers else 0.0

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self._finish_page()
            self.c.showPage()
        self.page += 1
        self.y = self.geometry.top
        self.page_notes = []
        if self.symbol:  # running header: alternates sides like UN documents
            self.c.setFont(self.regular, 8)
            width = self.c.stringWidth(self.symbol, self.regular, 8)
            x = self.geometry.right - width if self.page % 2 else self.geometry.left
            self.c.drawString(x, self.geometry.header_y, self.symbol)

    def _draw(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """Text with footnote markers as superscripts, starting at x (left-to-right) or ending at the mirror of x
        (right-to-left)."""
        runs = visual(text) if self.rtl else split_marks(text)
        if self.rtl:
            x = self.geometry.left + self.geometry.right - x - measure(text, font, size)
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
        left, right = self.geometry.left, self.geometry.right
        if self.page_notes:
            y = self.geometry.bottom + self._notes_height(self.page_notes) - 4
            self.c.setLineWidth(0.5)
            self.c.line(right - 80 if self.rtl else left, y, right if self.rtl else left + 80, y)
            y -= 4
            for n in self.page_notes:
                for i, line in enumerate(self._note_lines(n)):
                    y -= NOTE_LEADING
                    if i == 0:
                        self._draw(left, y + 3, str(n), self.regular, SUP)
                    self._draw(left + 12, y, line, self.regular, NOTE)
        self.c.setFont(self.regular, 8)
        self.c.drawCentredString(self.geometry.size[0] / 2, self.geometry.folio_y, str(self.page))

    def line(self, text: str, x: float, style: Style, label: str | None, space_before: float) -> None:
        refs = note_refs(text)
        if self.y - space_before - LEADING < self.geometry.bottom + self._notes_height(self.page_notes + refs):
            self._new_page()
            space_before = 0
        self.y -= space_before + LEADING
        self.page_notes += refs
        if label and style.label_x is not None:
            self._draw(style.label_x, self.y, label, style.font, style.size)
        self._draw(x, self.y, text, style.font, style.size)

    def close(self) -> None:
        self._finish_page()
        self.c.save()


@dataclass(frozen=True)
class PdfLayout:
    """What a PDF looks like apart from its text: the page, a Style per paragraph kind, the regular font (running
    header, footnotes, markers) and the shortest word that may be hyphenated (None: no hyphenation)."""

    page: Page
    styles: dict[str, Style]
    regular: str
    hyphenate_from: int | None


def write_pdf(
    paragraphs: Iterable[Paragraph], layout: PdfLayout, language: str, notes: dict[int, str], symbol: str | None,
    title: str,
) -> bytes:  # fmt: skip
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page.size, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    pages = _Pages(canvas, layout.page, language, notes, symbol, layout.regular)
    right = layout.page.right
    hyphenate_from = layout.hyphenate_from if language in HYPHENATED else None
    for paragraph in paragraphs:
        style = layout.styles[paragraph.kind]
        wrapped = wrap(paragraph.text, style.font, style.size, right - style.first, right - style.rest, hyphenate_from)
        for i, part in enumerate(wrapped):
            first = i == 0
            pages.line(part, style.first if first else style.rest, style, paragraph.label if first else None,
                       style.space_before if first else 0.0)  # fmt: skip
    pages.close()
    return buffer.getvalue()


# -- HTML: the page chrome and footnotes of a convention website (Drupal) ---------------------------------------------
def html_inline(text: str) -> str:
    """Paragraph text escaped, its footnote references as <sup><a href="#fnN">N</a></sup>."""
    return "".join(
        html.escape(chunk) if note is None else f'<sup><a href="#fn{note}" id="fnref{note}">{note}</a></sup>'
        for chunk, note in split_marks(text)
    )


def html_notes(notes: dict[int, str]) -> str:
    """The footnotes as list items, each with a link back to its reference."""
    return "".join(
        f'<li id="fn{n}"><p>{html.escape(text)} <a href="#fnref{n}" class="footnote-backref">↩</a></p></li>'
        for n, text in sorted(notes.items())
    )


def html_banner(lang: str, site: str, home: str) -> str:
    """From <body> to the end of the site header: skip link, site name, main menu."""
    return f"""<body class="path-node page-node-type-document">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<header role="banner"><div class="site-name"><a href="{home}/{lang}">{site}</a></div>
<nav role="navigation" aria-label="Main"><ul class="menu"><li><a href="/{lang}/convention">The Convention</a></li>
<li><a href="/{lang}/meetings">Meetings</a></li><li><a href="/{lang}/documents">Documents</a></li></ul></nav>
</header>"""
