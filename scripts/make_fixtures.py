"""Generate the DOCX, PDF and HTML parser fixtures from the text sources kept in the repo.

    .venv/bin/python scripts/make_fixtures.py            # rewrite tests/fixtures/formats and tests/fixtures/bad
    .venv/bin/python scripts/make_fixtures.py --out DIR  # write elsewhere (the reproducibility test does this)

Sources: tests/fixtures/documents/<lang>_compilation_mc5.txt (the seed format: `[footnoteRef:N]` markers, footnote
bodies `[N: <tab>text]`, `N.<tab>` numbered paragraphs, `(a)<tab>`/`a)<tab>` sub-paragraphs, decision titles after
`[bookmark: …]`). The same decisions come out as
* DOCX (python-docx): real Word numbering (numbers are NOT in the text: w:numPr + numbering.xml, a new list
  instance with a start override per decision), real footnotes (footnotes.xml + w:footnoteReference), Title and
  Heading 1 styles, the document symbol in the page header;
* PDF (reportlab, DejaVu Sans for Cyrillic): small pages so paragraphs and footnotes cross page breaks, a running
  header with the symbol, page numbers, superscript footnote markers with the notes in a smaller font at the bottom
  of the page, words hyphenated at line ends; English with space between paragraphs, Russian without (the parser
  must use indentation, short lines and numbering);
* HTML: a convention-website page (navigation, header, footer around the main region, <ol> numbering, footnotes
  as <sup><a href="#fn1">).
Everything is deterministic (fixed zip timestamps, reportlab's invariant mode) so the committed files can be
compared with a fresh run. Also writes the bad-input fixtures that are small enough to commit.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
FORMATS = ROOT / "tests" / "fixtures" / "formats"
BAD = ROOT / "tests" / "fixtures" / "bad"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF")]
# language -> text source; the output files take the source's name (en_compilation_mc5.docx …)
SOURCES = {
    "en": DOCUMENTS / "en_compilation_mc5.txt",
    "ru": DOCUMENTS / "ru_compilation_mc5.txt",
    "fr": ROOT / "tests" / "fixtures" / "languages" / "fr_compilation_mc5.txt",
    "es": ROOT / "tests" / "fixtures" / "languages" / "es_compilation_mc5.txt",
    "ar": FORMATS / "sources" / "ar_decision_mc5.txt",
    "zh": FORMATS / "sources" / "zh_decision_mc5.txt",
}
RTL = {"ar"}
SYMBOL = "UNEP/MC/COP.5/11"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MARK = 0xE000  # private-use characters stand for footnote markers inside paragraph text: chr(MARK + n)


# -- the source text -----------------------------------------------------------------------------------------------
@dataclass
class Para:
    kind: str  # meeting title decision opening text numbered sub
    text: str  # footnote markers as chr(MARK + n)
    number: int | None = None
    label: str | None = None  # sub-paragraph label as written: "(a)" or "a)"


@dataclass
class Source:
    language: str
    paras: list[Para]
    notes: dict[int, str] = field(default_factory=dict)


def read_source(language: str) -> Source:
    text = SOURCES[language].read_text(encoding="utf-8")
    notes: dict[int, str] = {}

    def take(match: re.Match[str]) -> str:
        notes[int(match.group(1))] = " ".join(match.group(2).split())
        return ""

    text = re.sub(r"\[(\d+):[ \t]+(.*?)\][ \t]*$", take, text, flags=re.MULTILINE)
    text = re.sub(r"\[footnoteRef:(\d+)\]", lambda m: chr(MARK + int(m.group(1))), text)
    paras: list[Para] = []
    for raw in text.splitlines():
        decision = raw.startswith("[bookmark:")
        line = re.sub(r"\[bookmark:[^\]]*\]", "", raw).strip()
        if not line:
            continue
        if decision:
            paras.append(Para("decision", line))
        elif m := re.match(r"(\d+)(?:\.| -)\t(.*)", line):  # "1.<tab>", Arabic "1 -<tab>"
            paras.append(Para("numbered", m.group(2).strip(), number=int(m.group(1))))
        elif m := re.match(r"(\(?[a-z\u0621-\u064a]\))\t(.*)", line):  # "(a)", "a)", Arabic "(أ)"
            paras.append(Para("sub", m.group(2).strip(), label=m.group(1)))
        elif not any(p.kind == "decision" for p in paras):
            paras.append(Para("meeting" if not paras else "title", line))
        elif paras[-1].kind == "decision":
            paras.append(Para("opening", line))
        else:
            paras.append(Para("text", line))
    return Source(language, paras, notes)


def plain(text: str) -> str:
    return re.sub(f"[{chr(MARK)}-{chr(MARK + 99)}]", "", text)


def split_marks(text: str) -> list[tuple[str, int | None]]:
    """Text -> runs of (text, None) and ("", footnote number)."""
    runs: list[tuple[str, int | None]] = []
    for part in re.split(f"([{chr(MARK)}-{chr(MARK + 99)}])", text):
        if len(part) == 1 and MARK <= ord(part) < MARK + 100:
            runs.append(("", ord(part) - MARK))
        elif part:
            runs.append((part, None))
    return runs


# -- DOCX ----------------------------------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# (level-0 text, level-1 format, level-1 text) as UN documents print them in each language
LIST_STYLES = {"en": ("%1.", "lowerLetter", "(%2)"), "ru": ("%1.", "lowerLetter", "%2)"),
               "ar": ("%1 -", "arabicAbjad", "(%2)"), "zh": ("%1.", "lowerLetter", "(%2)"),
               "fr": ("%1.", "lowerLetter", "%2)"), "es": ("%1.", "lowerLetter", "%2)")}  # fmt: skip


def _numbering_xml(source: Source, decisions: int) -> str:
    top_text, sub_format, sub_text = LIST_STYLES[source.language]
    levels = (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{top_text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{sub_format}"/><w:lvlText w:val="{sub_text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>'
    )
    nums = []
    for i in range(decisions):  # list 1 continues the abstract list, later ones restart it at 1 (startOverride)
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if i else ""
        nums.append(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="10"/>{override}</w:num>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        + "".join(nums)
        + "</w:numbering>"
    )


def _footnotes_xml(notes: dict[int, str]) -> str:
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
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{head}<w:footnotes xmlns:w="{W_NS}">{body}</w:footnotes>'


def _set_part(document, reltype: str, partname: str, content_type: str, xml: str):
    """Replace (or add) the part related to the main document by reltype."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rel in list(document.part.rels.values()):
        if rel.reltype == reltype:
            rel.target_part._blob = xml.encode("utf-8")  # a plain Part keeps its blob; numbering is an XmlPart
            if hasattr(rel.target_part, "_element"):
                from docx.oxml.parser import parse_xml

                rel.target_part._element = parse_xml(xml.encode("utf-8"))
            return rel.target_part
    part = Part(PackURI(partname), content_type, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, reltype)
    return part


def _add_runs(paragraph, text: str, rtl: bool = False) -> None:
    from docx.oxml.parser import parse_xml

    if rtl:  # right-to-left paragraph (Arabic): w:bidi on the paragraph, w:rtl on its runs
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:bidi xmlns:w="{W_NS}"/>'))
    for chunk, note in split_marks(text):
        if note is None:
            run = paragraph.add_run(chunk)
            if rtl:
                run._r.get_or_add_rPr().append(parse_xml(f'<w:rtl xmlns:w="{W_NS}"/>'))
        else:
            paragraph._p.append(
                parse_xml(
                    f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{note}"/></w:r>'
                )
            )


def _number(paragraph, num_id: int, ilvl: int) -> None:
    from docx.oxml.parser import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def make_docx(source: Source) -> bytes:
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    decisions = sum(1 for p in source.paras if p.kind == "decision")
    _set_part(document, RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, _numbering_xml(source, decisions))
    _set_part(document, RT.FOOTNOTES, "/word/footnotes.xml", CT.WML_FOOTNOTES, _footnotes_xml(source.notes))
    document.sections[0].header.paragraphs[0].text = SYMBOL
    num_id = 0
    for para in source.paras:
        if para.kind == "title":
            paragraph = document.add_paragraph(style="Title")
        elif para.kind == "decision":
            num_id += 1
            paragraph = document.add_paragraph(style="Heading 1")
        else:
            paragraph = document.add_paragraph()
        _add_runs(paragraph, para.text, source.language in RTL)
        if para.kind == "numbered":
            _number(paragraph, num_id, 0)
        elif para.kind == "sub":
            _number(paragraph, num_id, 1)
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


def make_numbering_docx() -> bytes:
    """Word numbering cases the compilations do not cover, with the blocks the parser must produce asserted in
    tests/test_parser_formats.py: a list continued across two w:num instances of one abstract list, a restart,
    numbering that comes from a paragraph style, a third level (i, ii), upper-roman section headings, bullets,
    a typed (not Word) number, a table, an endnote, a content control, hidden text."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    document = docx.Document()
    lvl = '<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'

    def one_level(key: int, fmt: str, text: str, start: int = 1) -> str:
        level = lvl.format(i=0, start=start, fmt=fmt, text=text)
        return f'<w:abstractNum w:abstractNumId="{key}">{level}</w:abstractNum>'

    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="1">'
        + lvl.format(i=0, start=1, fmt="decimal", text="%1.")
        + lvl.format(i=1, start=1, fmt="lowerLetter", text="(%2)")
        + lvl.format(i=2, start=1, fmt="lowerRoman", text="(%3)")
        + "</w:abstractNum>"
        + one_level(2, "upperRoman", "%1.")
        + one_level(3, "bullet", "\u2022")
        + one_level(4, "decimal", "%1.", start=5)
        + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>'
        "</w:numbering>"
    )
    _set_part(document, RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, numbering)
    endnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes xmlns:w="{W_NS}">'
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> See UNEP/MC/COP.5/2.'
        "</w:t></w:r></w:p></w:endnote></w:endnotes>"
    )
    _set_part(document, RT.ENDNOTES, "/word/endnotes.xml", CT.WML_ENDNOTES, endnotes)
    # a paragraph style that carries the numbering (like UN templates' "Normalnumber")
    style = document.styles.add_style("Normalnumber", 1)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>')
    )

    def para(text: str, num: int | None = None, ilvl: int = 0, style: str | None = None):
        paragraph = document.add_paragraph(text, style=style)
        if num is not None:
            _number(paragraph, num, ilvl)
        return paragraph

    para("I. Introduction typed by hand")
    para("Background", num=4)  # -> heading "I."
    hidden = para("First item", num=1)  # 1., with hidden text that is not part of the document
    hidden._p.append(
        parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> HIDDEN</w:t></w:r>')
    )
    para("Second item", num=1)  # 2.
    para("Sub one", num=1, ilvl=1)  # (a)
    para("Sub sub one", num=1, ilvl=2)  # (i)
    para("Sub sub two", num=1, ilvl=2)  # (ii)
    para("Sub two", num=1, ilvl=1)  # (b)
    para("Third item continues the list through another w:num", num=2)  # 3.
    para("Sub after a shallower item restarts", num=2, ilvl=1)  # (a)
    para("Bullet point", num=5)
    para("Discussion", num=4)  # -> heading "II."
    para("Restarted by a start override", style="Normalnumber")  # 1. (numId 3 via the style)
    para("Next through the style", style="Normalnumber")  # 2.
    para("Starts at five", num=6)  # 5.
    last = para("7.\tA number typed in the text, with an endnote")
    last._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:endnoteReference w:id="1"/></w:r>'))
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Budget line", "Amount"), ("1. Staff", "100")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    sdt = parse_xml(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtContent><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>'
        "<w:r><w:t>Annex</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, sdt)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalized_zip(buffer.getvalue())


# -- PDF -----------------------------------------------------------------------------------------------------------
@dataclass
class Style:
    font: str
    size: float
    first: float  # x of the first line's text (after the number/label)
    rest: float  # x of the continuation lines
    label_x: float | None = None  # where the number/label is drawn
    space_before: float = 0.0


PAGE = (360.0, 460.0)  # small pages: paragraphs and footnotes cross page breaks
LEFT, RIGHT, TOP = 40.0, 320.0, 400.0
# chosen so paragraphs (and hyphenated words) cross pages
BOTTOM = {"en": 50.0, "ru": 66.0, "ar": 50.0, "zh": 50.0, "fr": 50.0, "es": 50.0}
BODY, LEADING, NOTE, NOTE_LEADING, SUP = 10.0, 13.0, 8.0, 10.0, 6.0
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_LTR_RUN = r"[0-9A-Za-z./\-]"
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")  # brackets take their mirrored glyph in right-to-left text


def _fonts(language: str) -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans (Latin, Cyrillic, Arabic letters) from the system; Chinese uses
    reportlab's built-in CID font STSong-Light (not embedded, which PDF readers and pdfminer handle)."""
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
    raise SystemExit("DejaVu Sans not found (needed for Cyrillic and Arabic): install fonts-dejavu-core")


def _styles(language: str, regular: str, bold: str) -> dict[str, Style]:
    gap = 6.0 if language in ("en", "ar") else 0.0
    return {
        "meeting": Style(regular, BODY, LEFT, LEFT, space_before=0),
        "title": Style(bold, 12.0, LEFT, LEFT, space_before=8),
        "decision": Style(bold, BODY, LEFT, LEFT, space_before=14),
        "opening": Style(regular, BODY, LEFT + 28, LEFT, space_before=gap),
        "text": Style(regular, BODY, LEFT + 28, LEFT, space_before=gap),
        "numbered": Style(regular, BODY, LEFT + 28, LEFT, label_x=LEFT, space_before=gap),
        "sub": Style(regular, BODY, LEFT + 56, LEFT + 56, label_x=LEFT + 28, space_before=gap),
    }


def _measure(s: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    markers = sum(stringWidth(str(ord(c) - MARK), font, SUP) for c in s if MARK <= ord(c) < MARK + 100)
    return stringWidth(plain(s), font, size) + markers


def _wrap(text: str, font: str, size: float, first_width: float, width: float) -> list[str]:
    """Greedy line breaking at spaces, and between any two Chinese characters; long lower-case Latin/Cyrillic
    words are hyphenated at the line end (the parser must re-join them)."""
    tokens = re.findall(rf"[{_CJK}]|[^\s{_CJK}]+", text)
    spaced = _spaces_before(text, tokens)
    lines, current = [], ""
    i = 0
    while i < len(tokens):
        word = tokens[i]
        limit = first_width if not lines else width
        candidate = f"{current} {word}" if current and spaced[i] else current + word
        if _measure(candidate, font, size) <= limit:
            current, i = candidate, i + 1
            continue
        core = re.match(r"[a-zа-яё]+", word)
        if core and len(core.group(0)) >= 9:  # hyphenate: as much as fits, at least 4 letters each side
            for cut in range(len(core.group(0)) - 4, 3, -1):
                head = f"{current} {word[:cut]}-" if current else f"{word[:cut]}-"
                if _measure(head, font, size) <= limit:
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


def _visual(text: str) -> list[tuple[str, int | None]]:
    """Logical right-to-left text -> runs in drawing (left-to-right) order: the runs reversed, Arabic letters
    reversed inside a run (brackets mirrored), digits and Latin symbols kept as they are. No shaping: letters are
    drawn in their isolated forms (reportlab does not shape Arabic), which changes nothing for text extraction."""
    out: list[tuple[str, int | None]] = []
    for chunk, note in reversed(split_marks(text)):
        if note is not None:
            out.append(("", note))
            continue
        parts = re.findall(rf"{_LTR_RUN}+|(?:(?!{_LTR_RUN}).)+", chunk)
        mirrored = [p if re.match(_LTR_RUN, p) else p[::-1].translate(MIRRORED) for p in reversed(parts)]
        out.append(("".join(mirrored), None))
    return out


class _Pages:
    """Lays out lines page by page, footnotes at the bottom of the page that cites them. Right-to-left languages
    are laid out as if left-to-right and mirrored when drawn."""

    def __init__(self, canvas, language: str, notes: dict[int, str], regular: str) -> None:
        self.c, self.language, self.notes, self.regular = canvas, language, notes, regular
        self.rtl = language in RTL
        self.page = 0
        self.y = TOP
        self.page_notes: list[int] = []
        self._new_page(first=True)

    def _note_lines(self, n: int) -> list[str]:
        return _wrap(self.notes[n], self.regular, NOTE, RIGHT - LEFT - 12, RIGHT - LEFT - 12)

    def _notes_height(self, numbers: list[int]) -> float:
        if not numbers:
            return 0.0
        return 8 + sum(len(self._note_lines(n)) * NOTE_LEADING for n in numbers)

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self._finish_page()
            self.c.showPage()
        self.page += 1
        self.y = TOP
        self.page_notes = []
        self.c.setFont(self.regular, 8)
        header_x = RIGHT - self.c.stringWidth(SYMBOL, self.regular, 8) if self.page % 2 else LEFT
        self.c.drawString(header_x, PAGE[1] - 30, SYMBOL)  # running header: alternates sides like UN documents

    def _draw(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """Text with footnote markers as superscripts, starting at x (left-to-right) or ending at the mirror of x
        (right-to-left)."""
        runs = _visual(text) if self.rtl else split_marks(text)
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
        c = self.c
        if self.page_notes:
            y = BOTTOM[self.language] + self._notes_height(self.page_notes) - 4
            c.setLineWidth(0.5)
            c.line(RIGHT - 80 if self.rtl else LEFT, y, RIGHT if self.rtl else LEFT + 80, y)
            y -= 4
            for n in self.page_notes:
                for i, line in enumerate(self._note_lines(n)):
                    y -= NOTE_LEADING
                    if i == 0:
                        self._draw(LEFT, y + 3, str(n), self.regular, SUP)
                    self._draw(LEFT + 12, y, line, self.regular, NOTE)
        c.setFont(self.regular, 8)
        c.drawCentredString(PAGE[0] / 2, 25, str(self.page))  # page number

    def line(self, text: str, x: float, style: Style, label: str | None, space_before: float) -> None:
        refs = [ord(ch) - MARK for ch in text if MARK <= ord(ch) < MARK + 100]
        need = self._notes_height(self.page_notes + refs)
        if self.y - space_before - LEADING < BOTTOM[self.language] + need:
            self._new_page()
            space_before = 0
        self.y -= space_before + LEADING
        self.page_notes += refs
        if label:
            self._draw(style.label_x, self.y, label, style.font, style.size)
        self._draw(x, self.y, text, style.font, style.size)

    def close(self) -> None:
        self._finish_page()
        self.c.save()


def make_pdf(source: Source) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _fonts(source.language)
    styles = _styles(source.language, regular, bold)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=1)
    canvas.setTitle(f"Decisions MC-5 ({source.language})")
    pages = _Pages(canvas, source.language, source.notes, regular)
    number_format = LIST_STYLES[source.language][0]
    for para in source.paras:
        style = styles[para.kind]
        label = number_format.replace("%1", str(para.number)) if para.kind == "numbered" else para.label
        lines = _wrap(para.text, style.font, style.size, RIGHT - style.first, RIGHT - style.rest)
        for i, line in enumerate(lines):
            pages.line(line, style.first if i == 0 else style.rest, style, label if i == 0 else None,
                       style.space_before if i == 0 else 0.0)  # fmt: skip
    pages.close()
    return buffer.getvalue()


def make_scanned_pdf() -> bytes:
    """A page that is only a picture of text (what a scanner produces): no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (200, 120), 255)
    draw = ImageDraw.Draw(image)
    for y in range(10, 110, 12):
        draw.line((10, y, 190, y), fill=0, width=3)  # lines of "text" as a scanner sees them
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1)
    canvas.drawImage(ImageReader(image), LEFT, 200, width=280, height=170)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- HTML ----------------------------------------------------------------------------------------------------------
def make_html(source: Source) -> str:
    """A decision page of a convention website: site chrome around a main region, Word numbering as <ol>
    (Arabic: right-to-left, numbers typed in <p> paragraphs as "1 -" and "(أ)", like pages converted from Word)."""
    lang = source.language
    esc = html.escape
    typed = lang in RTL

    def inline(text: str) -> str:
        out = ""
        for chunk, note in split_marks(text):
            out += esc(chunk) if note is None else f'<sup><a href="#fn{note}" id="fnref{note}">{note}</a></sup>'
        return out

    body: list[str] = []
    open_ol = open_sub = False
    for para in source.paras:
        if typed and para.kind in ("numbered", "sub"):
            label = LIST_STYLES[lang][0].replace("%1", str(para.number)) if para.kind == "numbered" else para.label
            body.append(f"<p>{esc(label)}\u00a0{inline(para.text)}</p>")
            continue
        if para.kind == "sub":
            if not open_sub:
                style = "lower-alpha" if lang == "en" else "lower-latin"
                body.append(f'<ol type="a" style="list-style-type: {style}">')
                open_sub = True
            body.append(f"<li>{inline(para.text)}</li>")
            continue
        if open_sub:
            body.append("</ol></li>")
            open_sub = False
        elif open_ol and para.kind == "numbered":
            body.append("</li>")
        if para.kind == "numbered":
            if not open_ol:
                body.append(f'<ol start="{para.number}">' if para.number != 1 else "<ol>")
                open_ol = True
            body.append(f"<li>{inline(para.text)}")
            continue
        if open_ol:
            body.append("</li></ol>")
            open_ol = False
        tag = {"meeting": "p", "title": "h1", "decision": "h2"}.get(para.kind, "p")
        body.append(f"<{tag}>{inline(para.text)}</{tag}>")
    if open_sub:
        body.append("</ol></li>")
    if open_ol:
        body.append("</li></ol>")
    notes = "".join(
        f'<li id="fn{n}"><p>{esc(text)} <a href="#fnref{n}" class="footnote-backref">↩</a></p></li>'
        for n, text in sorted(source.notes.items())
    )
    site = "Minamata Convention on Mercury"
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{"rtl" if typed else "ltr"}">
<head>
<meta charset="utf-8">
<title>{esc(plain(source.paras[1].text))} | {site}</title>
<link rel="stylesheet" href="/themes/custom/minamata/css/style.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="path-node page-node-type-document">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<header role="banner"><div class="site-name"><a href="/{lang}">{site}</a></div>
<nav role="navigation" aria-label="Main"><ul class="menu"><li><a href="/{lang}/convention">The Convention</a></li>
<li><a href="/{lang}/meetings">Meetings</a></li><li><a href="/{lang}/documents">Documents</a></li></ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/{lang}">Home</a></li>
<li><a href="/{lang}/meetings/cop5">COP-5</a></li></ol></nav>
<main role="main"><a id="main-content" tabindex="-1"></a>
<article class="node node--type-document">
<div class="field field--name-field-symbol">{SYMBOL}</div>
<div class="field field--name-body">
{chr(10).join(body)}
</div>
<section class="footnotes" role="doc-endnotes"><hr><ol>{notes}</ol></section>
</article>
</main>
<aside class="sidebar"><h2>Related documents</h2>
<ul><li><a href="/{lang}/documents/x">Report of the meeting</a></li></ul></aside>
<footer role="contentinfo"><p>© United Nations Environment Programme</p><ul><li><a href="/{lang}/contact">Contact</a>
</li></ul></footer>
</body>
</html>
"""


# -- bad input -----------------------------------------------------------------------------------------------------
ERROR_PAGE = """<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>
"""


def make_bad(docx_bytes: bytes) -> dict[str, bytes]:
    import random

    rng = random.Random(4)
    xxe_document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Decision MC-5/3: &secret;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    xxe = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(xxe, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = xxe_document.encode() if info.filename == "word/document.xml" else source.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, data)
    russian = SOURCES["ru"].read_text(encoding="utf-8")
    return {
        "empty.txt": b"",
        "garbage.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(4000)),
        "mojibake.txt": russian.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
        "truncated.docx": docx_bytes[: len(docx_bytes) // 2],
        "xxe.docx": xxe.getvalue(),
        "scanned.pdf": make_scanned_pdf(),
        "error_page.pdf": ERROR_PAGE.encode("utf-8"),
    }


# -- main ----------------------------------------------------------------------------------------------------------
def generate(formats_dir: Path, bad_dir: Path) -> list[Path]:
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    docx_en = b""
    for language, path in SOURCES.items():
        source = read_source(language)
        docx_bytes = make_docx(source)
        docx_en = docx_en or docx_bytes
        write(formats_dir / f"{path.stem}.docx", docx_bytes)
        write(formats_dir / f"{path.stem}.pdf", make_pdf(source))
        write(formats_dir / f"{path.stem}.html", make_html(source).encode("utf-8"))
    write(formats_dir / "en_numbering.docx", make_numbering_docx())
    for name, data in make_bad(docx_en).items():
        write(bad_dir / name, data)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write formats/ and bad/ under this folder instead of tests/fixtures")
    args = parser.parse_args()
    formats_dir, bad_dir = (args.out / "formats", args.out / "bad") if args.out else (FORMATS, BAD)
    for path in generate(formats_dir, bad_dir):
        print(f"{path.stat().st_size:>8}  {path}")


if __name__ == "__main__":
    main()
