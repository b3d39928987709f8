"""A Document as the bytes of a file in each supported format, written the way real files are.

* txt: the seed format (converted Word text): `[bookmark: _Toc…]` before decision headings, a tab after paragraph
  numbers and sub-paragraph labels, `[footnoteRef:N]` markers with the note body inline as `[N:  <tab>text]`,
  stray leading spaces; some files in a legacy code page (cp1252, cp1251), with a BOM or CRLF line ends.
* docx (python-docx, package parts from bench.docwriter): real Word numbering (the numbers are not in the text:
  w:numPr and numbering.xml, a list instance per decision restarting at 1), real footnotes (footnotes.xml +
  w:footnoteReference), Title/Heading styles, the document symbol in the page header, right-to-left paragraphs for
  Arabic.
* pdf (reportlab): see bench.pdf_writer.
* html: a convention-website page (site chrome around <main>, <ol> numbering, footnotes as <sup><a href="#fn1">).
"""

from __future__ import annotations

import html
import random

from bench.documents import Document
from bench.docwriter import (
    W_NS,
    ListStyle,
    docx_bytes,
    html_banner,
    html_inline,
    html_notes,
    marked,
    numbering_xml,
    word_document,
)
from bench.phrasing import load_phrasing


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
ARABIC_LISTS = ListStyle("%1 -", "arabicAbjad", "(%2)")  # other languages: from their phrasing labels


def _list_style(doc: Document) -> ListStyle:
    if doc.language == "ar":
        return ARABIC_LISTS
    labels = load_phrasing(doc.language)["labels"]
    return ListStyle(labels["number"].replace("{n}", "%1"), "lowerLetter", labels["sub"].replace("{s}", "%2"))


def write_docx(doc: Document, rng: random.Random) -> bytes:
    from docx.oxml.parser import parse_xml

    # one list instance per decision, restarting at 1; counted by body openings, which headingless copies have too
    lists = sum(1 for line in doc.lines if line.kind == "opening")
    document = word_document(numbering_xml(_list_style(doc), lists, abstract_id=7), doc.notes(), doc.symbol)
    rtl = doc.language == "ar"
    styles = {"title": "Title", "decision": "Heading1", "heading": "Heading2"}
    paragraphs: list[str] = []
    num_id = 0
    for line, runs in doc.numbered_runs():
        ppr = ""
        if line.kind in styles:
            ppr += f'<w:pStyle w:val="{styles[line.kind]}"/>'
        if line.kind == "opening":
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
    return docx_bytes(document)


# -- HTML ------------------------------------------------------------------------------------------------------------
SITES = {
    "minamata": ("Minamata Convention on Mercury", "https://www.mercuryconvention.org"),
    "basel": ("Basel Convention", "https://www.basel.int"),
    "rotterdam": ("Rotterdam Convention", "https://www.pic.int"),
    "stockholm": ("Stockholm Convention", "https://www.pops.int"),
    "unea": ("UN Environment Assembly", "https://www.unep.org/environmentassembly"),
    "unep_gc": ("UNEP Governing Council", "https://www.unep.org"),
    "gfc": ("Global Framework on Chemicals", "https://www.chemicalsframework.org"),
}


def write_html(doc: Document, rng: random.Random) -> bytes:
    lang = doc.language
    esc = html.escape
    typed = lang == "ar"  # Arabic pages converted from Word: numbers typed in the paragraphs
    labels = load_phrasing(lang)["labels"]

    def inline(runs: list[str | int]) -> str:
        return html_inline(marked(runs))

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
    notes = html_notes(doc.notes())
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
{html_banner(lang, site, home)}
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
