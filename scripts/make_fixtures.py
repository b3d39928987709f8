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
Also a convention-site (BRS) compilation from tests/fixtures/real/pages/sources/<lang>_brs_bc14_decisions.txt in
the six languages: <lang>_brs_bc14_decisions.docx, whose title is only in the Word core properties, and
<lang>_brs_bc14_decisions.pdf, with paragraphs indented as blocks (Russian, Arabic in DejaVu Sans, Chinese in
STSong-Light).
The Word parts and the PDF page layout come from bench.docwriter (shared with the benchmark corpus). Everything is
deterministic (fixed zip timestamps, reportlab's invariant mode) so the committed files can be compared with a fresh
run. Also writes the bad-input fixtures that are small enough to commit.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.docwriter import (
    BODY,
    FONT_DIRS,
    MARK,
    RTL,
    W_NS,
    ZIP_DATE,
    ListStyle,
    Page,
    Paragraph,
    PdfLayout,
    Style,
    docx_bytes,
    fonts,
    html_banner,
    html_inline,
    html_notes,
    numbering_xml,
    plain,
    set_part,
    split_marks,
    word_document,
    write_pdf,
)

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
FORMATS = ROOT / "tests" / "fixtures" / "formats"
BAD = ROOT / "tests" / "fixtures" / "bad"
# language -> text source; the output files take the source's name (en_compilation_mc5.docx …)
SOURCES = {
    "en": DOCUMENTS / "en_compilation_mc5.txt",
    "ru": DOCUMENTS / "ru_compilation_mc5.txt",
    "fr": ROOT / "tests" / "fixtures" / "languages" / "fr_compilation_mc5.txt",
    "es": ROOT / "tests" / "fixtures" / "languages" / "es_compilation_mc5.txt",
    "ar": FORMATS / "sources" / "ar_decision_mc5.txt",
    "zh": FORMATS / "sources" / "zh_decision_mc5.txt",
}
SYMBOL = "UNEP/MC/COP.5/11"
# A convention-site (BRS) compilation: no title line in the body, its title only in the Word core properties
PAGES = ROOT / "tests" / "fixtures" / "real" / "pages"
BRS_SYMBOL = "UNEP/CHW.14/28/Add.1"
# language -> the compilation's title as the site's file properties give it (one source per language)
BRS_CORE_TITLES = {
    "en": "Decisions adopted by the Conference of the Parties to the Basel Convention at its fourteenth meeting",
    "fr": "Décisions adoptées par la Conférence des Parties à la Convention de Bâle à sa quatorzième réunion",
    "ru": "Решения, принятые Конференцией Сторон Базельской конвенции на ее четырнадцатом совещании",
    "ar": "المقررات التي اعتمدها مؤتمر الأطراف في اتفاقية بازل في اجتماعه الرابع عشر",
    "es": "Decisiones adoptadas por la Conferencia de las Partes en el Convenio de Basilea en su 14ª reunión",
    "zh": "巴塞尔公约缔约方大会第十四次会议通过的决定",
}
BRS_SOURCES = {language: PAGES / "sources" / f"{language}_brs_bc14_decisions.txt" for language in BRS_CORE_TITLES}


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


def read_source(language: str, path: Path | None = None) -> Source:
    text = (path or SOURCES[language]).read_text(encoding="utf-8")
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


# -- DOCX ----------------------------------------------------------------------------------------------------------
# how UN documents print decisions' two list levels in each language
LIST_STYLES = {
    "en": ListStyle("%1.", "lowerLetter", "(%2)"), "ru": ListStyle("%1.", "lowerLetter", "%2)"),
    "ar": ListStyle("%1 -", "arabicAbjad", "(%2)"), "zh": ListStyle("%1.", "lowerLetter", "(%2)"),
    "fr": ListStyle("%1.", "lowerLetter", "%2)"), "es": ListStyle("%1.", "lowerLetter", "%2)"),
}  # fmt: skip


def printed_label(para: Para, language: str) -> str | None:
    """The paragraph number or sub-paragraph label as the page shows it (PDF, typed HTML numbers)."""
    return LIST_STYLES[language].top.replace("%1", str(para.number)) if para.kind == "numbered" else para.label


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


def make_docx(source: Source, symbol: str = SYMBOL, core_title: str | None = None) -> bytes:
    decisions = sum(1 for p in source.paras if p.kind == "decision")
    numbering = numbering_xml(LIST_STYLES[source.language], decisions, abstract_id=10)
    document = word_document(numbering, source.notes, symbol)
    if core_title:  # File > Properties > Title, which convention sites fill and the body may not repeat
        document.core_properties.title = core_title
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
    return docx_bytes(document)


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
    set_part(document, RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, numbering)
    endnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes xmlns:w="{W_NS}">'
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> See UNEP/MC/COP.5/2.'
        "</w:t></w:r></w:p></w:endnote></w:endnotes>"
    )
    set_part(document, RT.ENDNOTES, "/word/endnotes.xml", CT.WML_ENDNOTES, endnotes)
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
    return docx_bytes(document)


# -- PDF -----------------------------------------------------------------------------------------------------------
# small pages so paragraphs (and hyphenated words) and footnotes cross page breaks; the bottom margin is chosen per
# language for the same reason
SMALL_PAGE = Page(size=(360.0, 460.0), left=40.0, right=320.0, top=400.0, bottom=50.0, header_y=430.0, folio_y=25.0)
BOTTOM = {"ru": 66.0}


def _fonts(language: str) -> tuple[str, str]:
    registered = fonts(language)
    if registered is None:
        folders = ", ".join(str(folder) for folder in FONT_DIRS)
        raise SystemExit(f"DejaVu Sans (for Cyrillic and Arabic) not in {folders}: install fonts-dejavu-core")
    return registered


def _styles(language: str, regular: str, bold: str) -> dict[str, Style]:
    left = SMALL_PAGE.left
    gap = 6.0 if language in ("en", "ar") else 0.0  # Russian and the others without space between paragraphs
    return {
        "meeting": Style(regular, BODY, left, left, space_before=0),
        "title": Style(bold, 12.0, left, left, space_before=8),
        "decision": Style(bold, BODY, left, left, space_before=14),
        "opening": Style(regular, BODY, left + 28, left, space_before=gap),
        "text": Style(regular, BODY, left + 28, left, space_before=gap),
        "numbered": Style(regular, BODY, left + 28, left, label_x=left, space_before=gap),
        "sub": Style(regular, BODY, left + 56, left + 56, label_x=left + 28, space_before=gap),
    }


def make_pdf(source: Source) -> bytes:
    regular, bold = _fonts(source.language)
    page = dataclasses.replace(SMALL_PAGE, bottom=BOTTOM.get(source.language, SMALL_PAGE.bottom))
    layout = PdfLayout(page, _styles(source.language, regular, bold), regular, hyphenate_from=9)
    paragraphs = [Paragraph(para.kind, para.text, printed_label(para, source.language)) for para in source.paras]
    return write_pdf(paragraphs, layout, source.language, source.notes, SYMBOL, f"Decisions MC-5 ({source.language})")


def make_brs_pdf(source: Source, title: str) -> bytes:
    """A convention-site PDF: whole paragraphs indented as blocks (continuation lines under the first line's text,
    numbers hanging in the margin), no space between paragraphs, no hyphenation: a full line ending in a comma
    followed by a lower-case line at the same indent is one paragraph running on."""
    regular, bold = _fonts(source.language)
    left = SMALL_PAGE.left
    styles = {
        "meeting": Style(regular, BODY, left, left),
        "title": Style(bold, 12.0, left, left, space_before=8),
        "decision": Style(bold, BODY, left, left, space_before=14),
        "opening": Style(regular, BODY, left + 28, left + 28),
        "text": Style(regular, BODY, left + 28, left + 28),
        "numbered": Style(regular, BODY, left + 28, left + 28, label_x=left),
        "sub": Style(regular, BODY, left + 56, left + 56, label_x=left + 28),
    }
    layout = PdfLayout(SMALL_PAGE, styles, regular, hyphenate_from=None)
    paragraphs = [Paragraph(para.kind, para.text, printed_label(para, source.language)) for para in source.paras]
    return write_pdf(paragraphs, layout, source.language, source.notes, BRS_SYMBOL, title)


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
    canvas = Canvas(buffer, pagesize=SMALL_PAGE.size, invariant=1)
    canvas.drawImage(ImageReader(image), SMALL_PAGE.left, 200, width=280, height=170)
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

    body: list[str] = []
    open_ol = open_sub = False
    for para in source.paras:
        if typed and para.kind in ("numbered", "sub"):
            body.append(f"<p>{esc(printed_label(para, lang))}\u00a0{html_inline(para.text)}</p>")
            continue
        if para.kind == "sub":
            if not open_sub:
                style = "lower-alpha" if lang == "en" else "lower-latin"
                body.append(f'<ol type="a" style="list-style-type: {style}">')
                open_sub = True
            body.append(f"<li>{html_inline(para.text)}</li>")
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
            body.append(f"<li>{html_inline(para.text)}")
            continue
        if open_ol:
            body.append("</li></ol>")
            open_ol = False
        tag = {"meeting": "p", "title": "h1", "decision": "h2"}.get(para.kind, "p")
        body.append(f"<{tag}>{html_inline(para.text)}</{tag}>")
    if open_sub:
        body.append("</ol></li>")
    if open_ol:
        body.append("</li></ol>")
    notes = html_notes(source.notes)
    site = "Minamata Convention on Mercury"
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{"rtl" if typed else "ltr"}">
<head>
<meta charset="utf-8">
<title>{esc(plain(source.paras[1].text))} | {site}</title>
<link rel="stylesheet" href="/themes/custom/minamata/css/style.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
{html_banner(lang, site, home="")}
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
def generate(formats_dir: Path, bad_dir: Path, pages_dir: Path | None = None) -> list[Path]:
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
    if pages_dir is not None:
        for language, path in BRS_SOURCES.items():
            brs, title = read_source(language, path), BRS_CORE_TITLES[language]
            write(pages_dir / f"{path.stem}.docx", make_docx(brs, BRS_SYMBOL, title))
            write(pages_dir / f"{path.stem}.pdf", make_brs_pdf(brs, title))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write formats/, bad/ and pages/ under this folder instead")
    args = parser.parse_args()
    dirs = (args.out / "formats", args.out / "bad", args.out / "pages") if args.out else (FORMATS, BAD, PAGES)
    for path in generate(*dirs):
        print(f"{path.stat().st_size:>8}  {path}")


if __name__ == "__main__":
    main()
