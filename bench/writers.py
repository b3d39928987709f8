"""A Document as the bytes of a file in each supported format, written the way real files are.

* txt: the seed format (converted Word text): `[bookmark: _Toc…]` before decision headings, a tab after paragraph
  numbers and sub-paragraph labels, `[footnoteRef:N]` markers with the note body inline as `[N:  <tab>text]`,
  stray leading spaces; some files in a legacy code page (cp1252, cp1251), with a BOM or CRLF line ends.
* docx (python-docx): real Word numbering (the numbers are not in the text: w:numPr and numbering.xml, a list
  instance per decision restarting at 1), real footnotes (footnotes.xml + w:footnoteReference), Title/Heading
  styles, the document symbol in the page header, right-to-left paragraphs for Arabic.
* pdf (reportlab): see bench.pdf_writer.
* html: a convention-website page (site chrome around <main>, <ol> numbering, footnotes as <sup><a href="#fn1">).
"""

from __future__ import annotations

import html
import io
import random
import zipfile

from bench.documents import Document
from bench.phrasing import load_phrasing

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def label(doc: Document, kind: str, number: int | None, letter: str | None) -> str:
    labels = load_phrasing(doc.language)["labels"]
    if kind == "numbered":
        return labels.get("number_typed", labels["number"]).format(n=number)
    return labels["sub"].format(s=letter)


# -- seed-format text ------------------------------------------------------------------------------------------------
def write_txt(doc: Document, rng: random.Random) -> bytes:
    out: list[str] = []
    notes = doc.notes()
    bookmark = rng.randint(1000, 9000)
    for line, runs in doc.numbered_runs():
        text = "".join(f"[footnoteRef:{r}]" if isinstance(r, int) else r for r in runs)
        cited = [r for r in runs if isinstance(r, int)]
        if line.kind == "meeting":
            text = f" {text} "
        elif line.kind == "title":
            text = f" {text}"
        elif line.kind == "heading":
            number, _, rest = text.partition(" ")  # "I. Introduction" -> "\tI.\tIntroduction"
            text = f"\t{number}\t{rest}" if number.rstrip(".").isupper() and number.endswith(".") else f"\t{text}"
        elif line.kind == "decision":
            bookmark += 1
            text = f"[bookmark: _Toc{bookmark}]\t{text}"
        elif line.kind in ("numbered", "sub"):
            text = f"{label(doc, line.kind, line.number, line.label)}\t{text}"
        if cited:
            text += " " + " ".join(f"[{n}:  \t{notes[n]}]" for n in cited) + " \n"
        out.append(text)
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    text = newline.join(out) + newline
    encoding = "utf-8"
    roll = rng.random()
    legacy = {"en": "cp1252", "fr": "cp1252", "es": "cp1252", "ru": "cp1251"}.get(doc.language)
    if legacy and roll < 0.04:
        try:
            return text.encode(legacy)
        except UnicodeEncodeError:
            pass  # a character the code page lacks (a non-breaking hyphen …): UTF-8 it is
    if roll > 0.95:
        encoding = "utf-8-sig"
    return text.encode(encoding)


# -- DOCX ------------------------------------------------------------------------------------------------------------
LIST_FORMATS = {"ar": ("arabicAbjad", "%1 -", "(%2)")}  # (sub format, level-0 text, level-1 text); others below


def _numbering_xml(doc: Document, lists: int) -> str:
    labels = load_phrasing(doc.language)["labels"]
    sub_format, top, sub = LIST_FORMATS.get(
        doc.language, ("lowerLetter", labels["number"].replace("{n}", "%1"), labels["sub"].replace("{s}", "%2"))
    )
    levels = (
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{top}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{sub_format}"/><w:lvlText w:val="{sub}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>'
    )
    nums = "".join(
        f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="7"/>'
        + ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if i else "")
        + "</w:num>"
        for i in range(max(lists, 1))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        f"{nums}</w:numbering>"
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


def _set_part(document, reltype: str, partname: str, content_type: str, xml: str) -> None:
    """Replace (or add) the part of the main document related by reltype."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.parser import parse_xml

    for rel in list(document.part.rels.values()):
        if rel.reltype == reltype:
            rel.target_part._blob = xml.encode("utf-8")
            if hasattr(rel.target_part, "_element"):
                rel.target_part._element = parse_xml(xml.encode("utf-8"))
            return
    document.part.relate_to(Part(PackURI(partname), content_type, xml.encode("utf-8"), document.part.package), reltype)


def write_docx(doc: Document, rng: random.Random) -> bytes:
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    document = docx.Document()
    lists = sum(1 for line in doc.lines if line.kind == "decision")
    _set_part(document, RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, _numbering_xml(doc, lists))
    _set_part(document, RT.FOOTNOTES, "/word/footnotes.xml", CT.WML_FOOTNOTES, _footnotes_xml(doc.notes()))
    if doc.symbol:
        document.sections[0].header.paragraphs[0].text = doc.symbol
    rtl = doc.language == "ar"
    styles = {"title": "Title", "decision": "Heading1", "heading": "Heading2"}
    paragraphs: list[str] = []
    num_id = 0
    for line, runs in doc.numbered_runs():
        ppr = ""
        if line.kind in styles:
            ppr += f'<w:pStyle w:val="{styles[line.kind]}"/>'
        if line.kind == "decision":
            num_id += 1
        if line.kind in ("numbered", "sub"):
            level = 0 if line.kind == "numbered" else 1
            ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        if rtl:
            ppr += "<w:bidi/>"
        rpr = "<w:rPr><w:rtl/></w:rPr>" if rtl else ""
        xml_runs = "".join(
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{r}"/></w:r>'
            if isinstance(r, int)
            else f'<w:r>{rpr}<w:t xml:space="preserve">{html.escape(r, quote=False)}</w:t></w:r>'
            for r in runs
        )
        paragraphs.append(f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{xml_runs}</w:p>")
    body = document.element.body
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(paragraphs)}</w:body>')
    anchor = body[-1]  # w:sectPr stays last
    for element in list(fragment):
        anchor.addprevious(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalized_zip(buffer.getvalue())


def normalized_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps: byte-identical on every run (deterministic corpus)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# -- HTML ------------------------------------------------------------------------------------------------------------
SITES = {
    "minamata": ("Minamata Convention on Mercury", "https://www.mercuryconvention.org"),
    "basel": ("Basel Convention", "https://www.basel.int"),
    "rotterdam": ("Rotterdam Convention", "https://www.pic.int"),
    "stockholm": ("Stockholm Convention", "https://www.pops.int"),
}


def write_html(doc: Document, rng: random.Random) -> bytes:
    lang = doc.language
    esc = html.escape
    typed = lang == "ar"  # Arabic pages converted from Word: numbers typed in the paragraphs
    labels = load_phrasing(lang)["labels"]

    def inline(runs: list[str | int]) -> str:
        return "".join(
            f'<sup><a href="#fn{r}" id="fnref{r}">{r}</a></sup>' if isinstance(r, int) else esc(r) for r in runs
        )

    body: list[str] = []
    open_ol = open_sub = False

    def close_lists() -> None:
        nonlocal open_ol, open_sub
        if open_sub:
            body.append("</ol></li>")
            open_sub = False
        elif open_ol:
            body.append("</li>")
        if open_ol:
            body.append("</ol>")
            open_ol = False

    sub_style = "lower-alpha" if labels["sub"].startswith("(") else "lower-latin"
    for line, runs in doc.numbered_runs():
        if typed and line.kind in ("numbered", "sub"):
            body.append(f"<p>{esc(label(doc, line.kind, line.number, line.label))}\u00a0{inline(runs)}</p>")
            continue
        if line.kind == "sub":
            if not open_sub:
                body.append(f'<ol type="a" style="list-style-type: {sub_style}">')
                open_sub = True
            body.append(f"<li>{inline(runs)}</li>")
            continue
        if line.kind == "numbered":
            if open_sub:
                body.append("</ol></li>")
                open_sub = False
            elif open_ol:
                body.append("</li>")
            if not open_ol:
                body.append(f'<ol start="{line.number}">' if line.number != 1 else "<ol>")
                open_ol = True
            body.append(f"<li>{inline(runs)}")
            continue
        close_lists()
        tag = {"title": "h1", "decision": "h2", "heading": "h3"}.get(line.kind, "p")
        body.append(f"<{tag}>{inline(runs)}</{tag}>")
    close_lists()
    notes = "".join(
        f'<li id="fn{n}"><p>{esc(text)} <a href="#fnref{n}" class="footnote-backref">↩</a></p></li>'
        for n, text in sorted(doc.notes().items())
    )
    site, home = SITES[doc.body]
    symbol = f'<div class="field field--name-field-symbol">{esc(doc.symbol)}</div>\n' if doc.symbol else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{"rtl" if typed else "ltr"}">
<head>
<meta charset="utf-8">
<title>{esc(doc.title)} | {site}</title>
<link rel="stylesheet" href="/themes/custom/site/css/style.css">
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body class="path-node page-node-type-document">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<header role="banner"><div class="site-name"><a href="{home}/{lang}">{site}</a></div>
<nav role="navigation" aria-label="Main"><ul class="menu"><li><a href="/{lang}/convention">The Convention</a></li>
<li><a href="/{lang}/meetings">Meetings</a></li><li><a href="/{lang}/documents">Documents</a></li></ul></nav>
</header>
<main role="main"><a id="main-content" tabindex="-1"></a>
<article class="node node--type-document">
{symbol}<div class="field field--name-body">
{chr(10).join(body)}
</div>
<section class="footnotes" role="doc-endnotes"><hr><ol>{notes}</ol></section>
</article>
</main>
<aside class="sidebar"><h2>Related documents</h2><ul><li><a href="/{lang}/documents">All documents</a></li></ul></aside>
<footer role="contentinfo"><p>© United Nations Environment Programme</p></footer>
</body>
</html>
""".encode()
