"""One decision text, four formats: the DOCX, PDF and HTML fixtures (generated from the converted-text fixtures by
scripts/make_fixtures.py) must yield the same decisions, paragraphs, mandates, cooperation and references as the
text itself, and each format's own devices (Word numbering and footnotes, PDF headers/footers/hyphenation/page
breaks, HTML site chrome and footnote markups) must be handled.

Documented differences between formats, ignored by the comparison:
* ids derived from the file (document_id, reference_id), file_format and the parser name;
* dash and space variants in written forms (compared after extractors.text.fold_marks);
* document.symbol: DOCX/PDF/HTML carry the symbol in a page header or page metadata (BlockDocument.symbol_hint),
  which the converted text lost; test_symbol_from_the_page_header asserts it separately.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pytest

from extractors.model import ParseError
from extractors.parsers import PARSER_VERSION, parse_file
from extractors.parsers.blocks import Block
from extractors.parsers.docx_parser import docx_to_blocks
from extractors.parsers.html_parser import html_to_blocks
from extractors.parsers.pdf_parser import _join_lines, pdf_to_blocks
from extractors.parsers.sniff import check_claim, claimed_format, sniff
from extractors.parsers.text_parser import decode_text
from extractors.text import fold_marks
from tests.parser_helpers import FIXTURES, parse_fixture

FORMATS = FIXTURES / "formats"
FILE_IDS = {"document_id", "from_document_id", "sha256", "file_format", "parser", "url", "reference_id"}


def comparable(tables: dict) -> dict:
    return {
        name: [
            {
                k: fold_marks(v) if isinstance(v, str) else v
                for k, v in row.items()
                if k not in FILE_IDS and not (name == "documents" and k == "symbol")
            }
            for row in rows
        ]
        for name, rows in tables.items()
    }


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("lang", ["en", "ru", "fr", "es"])
def test_symbol_from_the_page_header(lang, fmt):
    parsed = parse_fixture(f"formats/{lang}_compilation_mc5.{fmt}")
    assert parsed.document.symbol == "UNEP/MC/COP.5/11"
    assert parse_fixture(TEXT_SOURCES[lang]).document.symbol is None


TEXT_SOURCES = {
    "en": "documents/en_compilation_mc5.txt",
    "ru": "documents/ru_compilation_mc5.txt",
    "fr": "languages/fr_compilation_mc5.txt",
    "es": "languages/es_compilation_mc5.txt",
}


@pytest.fixture(scope="module", params=sorted(TEXT_SOURCES))
def language(request):
    return request.param


@pytest.fixture(scope="module")
def text_tables(language):
    return comparable(parse_fixture(TEXT_SOURCES[language]).tables())


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_same_structure_as_the_text(language, text_tables, fmt):
    parsed = parse_fixture(f"formats/{language}_compilation_mc5.{fmt}")
    assert (parsed.document.file_format, parsed.document.parser) == (fmt, f"{fmt}/{PARSER_VERSION}")
    assert parsed.document.language == language
    actual = comparable(parsed.tables())
    for table, rows in text_tables.items():
        assert actual[table] == rows, f"{fmt}: table {table} differs from the text version"
    assert len(actual["paragraphs"]) == 13 and len(actual["mandates"]) == 7


# Arabic (right-to-left PDF, Word bidi paragraphs, abjad sub-paragraph letters, typed numbers "1 -" in HTML) and
# Chinese (no spaces, a CID font, full-width punctuation): one decision each, written for these tests.
SCRIPTS = {"ar": "formats/sources/ar_decision_mc5.txt", "zh": "formats/sources/zh_decision_mc5.txt"}


def _blocks(relative: str):
    from extractors.parsers.seed_text import text_to_blocks

    data = (FIXTURES / relative).read_bytes()
    if relative.endswith(".txt"):
        return text_to_blocks(decode_text(data)).blocks
    reader = {"docx": docx_to_blocks, "pdf": pdf_to_blocks, "html": html_to_blocks}[relative.rsplit(".", 1)[1]]
    return reader(data).blocks


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("script", ["ar", "zh"])
def test_arabic_and_chinese_blocks_match_the_text(script, fmt):
    """Block level, so it holds whatever the lexicons can do yet (Word's heading style is the one difference)."""
    expected = [(b.text, b.number, b.sub, b.footnotes) for b in _blocks(SCRIPTS[script])]
    actual = [(b.text, b.number, b.sub, b.footnotes) for b in _blocks(f"formats/{script}_decision_mc5.{fmt}")]
    assert actual == expected
    assert sum(1 for _, number, _, _ in actual if number) == 4 and sum(1 for *_, notes in actual if notes) == 2


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("script", ["ar", "zh"])
def test_arabic_and_chinese_structure_matches_the_text(script, fmt):
    try:
        expected = comparable(parse_fixture(SCRIPTS[script]).tables())
    except ParseError as error:
        pytest.skip(f"{script}: {error}")  # the language's lexicon has not landed yet
    actual = comparable(parse_fixture(f"formats/{script}_decision_mc5.{fmt}").tables())
    assert actual == expected
    assert len(actual["paragraphs"]) == 8


# -- DOCX ----------------------------------------------------------------------------------------------------------
def blocks_of(path: Path, reader) -> list[Block]:
    return reader(path.read_bytes()).blocks


def test_docx_numbers_come_from_word_numbering_not_the_text():
    data = (FORMATS / "en_compilation_mc5.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Notes with appreciation" in xml and "1." not in xml.split("Notes with appreciation")[0][-200:]
    doc = docx_to_blocks(data)
    numbered = [(b.number, b.sub) for b in doc.blocks if b.number or b.sub]
    # three decisions, each list restarted at 1 by a w:startOverride
    assert numbered == [(1, None), (2, None), (None, "a"), (None, "b"), (3, None), (4, None),
                        (1, None), (2, None), (1, None), (2, None)]  # fmt: skip
    assert doc.symbol_hint == "UNEP/MC/COP.5/11"
    cited = {b.text[:20]: b.footnotes for b in doc.blocks if b.footnotes}
    assert cited == {"Recalling decision M": ["UNEP/MC/COP.4/Dec.12, annex."],
                     "Notes with appreciat": ["UNEP/MC/COP.5/INF/12."]}  # fmt: skip
    assert [b.text for b in doc.blocks if b.heading] == [
        "Decision MC-5/3: Cooperation with the Global Mercury Partnership",
        "Decision MC‑5/7: Reporting",
        "Decision MC-5/9: Budget",
    ]


def test_docx_numbering_cases():
    blocks = blocks_of(FORMATS / "en_numbering.docx", docx_to_blocks)
    assert [(b.text, b.number, b.sub, b.heading, b.footnotes) for b in blocks] == [
        ("Introduction typed by hand", None, None, True, []),
        ("Background", None, None, True, []),  # upper-roman list level 0: a section heading
        ("First item", 1, None, False, []),
        ("Second item", 2, None, False, []),
        ("Sub one", None, "a", False, []),
        ("Sub sub one", None, "i", False, []),
        ("Sub sub two", None, "ii", False, []),
        ("Sub two", None, "b", False, []),  # level 2 counters do not disturb level 1
        ("Third item continues the list through another w:num", 3, None, False, []),  # same abstract list
        ("Sub after a shallower item restarts", None, "a", False, []),
        ("Bullet point", None, None, False, []),
        ("Discussion", None, None, True, []),
        ("Restarted by a start override", 1, None, False, []),  # numbering from the paragraph style
        ("Next through the style", 2, None, False, []),
        ("Starts at five", 5, None, False, []),  # w:start of the level
        ("A number typed in the text, with an endnote", 7, None, False, ["See UNEP/MC/COP.5/2."]),
        ("Budget line | Amount", None, None, False, []),  # tables: one plain block per row
        ("1. Staff | 100", None, None, False, []),  # a table row is never a numbered paragraph
        ("Annex", None, None, True, []),  # inside a content control, Heading 2
    ]


def test_docx_that_is_a_spreadsheet_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ParseError, match="not a Word document: a spreadsheet"):
        docx_to_blocks(buffer.getvalue())


# -- PDF -----------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_lines():
    """The text lines of the PDF fixtures, top to bottom, as pdfminer's own layout analysis sees them (independent
    of our parser: proves the fixtures hold the hard cases)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTContainer, LTTextLine

    def lines(container):
        for item in container:
            if isinstance(item, LTTextLine):
                yield item
            elif isinstance(item, LTContainer):
                yield from lines(item)

    out = {}
    for language in ("en", "ru"):
        pages = extract_pages(FORMATS / f"{language}_compilation_mc5.pdf")
        out[language] = [
            (number, [line.get_text().strip() for line in sorted(lines(page), key=lambda line: (-line.y1, line.x0))])
            for number, page in enumerate(pages, start=1)
        ]
    return out


def test_pdf_fixtures_hold_the_hard_cases(pdf_lines):
    for pages in pdf_lines.values():
        assert len(pages) >= 2
        assert all(lines[0] == "UNEP/MC/COP.5/11" for _, lines in pages)  # running header
        assert all(lines[-1] == str(number) for number, lines in pages)  # page numbers
        ends = [line for _, lines in pages for line in lines if line.endswith("-") and line[-2].isalpha()]
        assert ends, "no word hyphenated at a line end"
        continued = [lines[1] for _, lines in pages[1:] if lines[1][:1].islower()]
        assert continued, "no paragraph continues on the next page"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_pdf_headers_footers_hyphens_and_page_breaks(language):
    doc = pdf_to_blocks((FORMATS / f"{language}_compilation_mc5.pdf").read_bytes())
    assert doc.symbol_hint == "UNEP/MC/COP.5/11"
    texts = [b.text for b in doc.blocks]
    assert not any(t == "UNEP/MC/COP.5/11" or t.isdigit() for t in texts)
    assert not any(t.endswith("-") or "- " in t.replace(" - ", "") for t in texts)
    joined = " ".join(texts)
    word = {"en": "transfers between budget lines", "ru": "Всемирной организации здравоохранения"}[language]
    assert word in joined  # hyphenated across the page break and re-joined
    assert "small-scale" in joined or language == "ru"  # a real hyphen kept


def test_pdf_footnotes_leave_the_text_and_attach_to_the_citing_block():
    doc = pdf_to_blocks((FORMATS / "ru_compilation_mc5.pdf").read_bytes())
    cited = [(b.text[:25], b.footnotes) for b in doc.blocks if b.footnotes]
    assert cited == [
        ("ссылаясь на решение МК-4/", ["UNEP/MC/COP.4/Dec.12, приложение."]),
        ("с удовлетворением отмечае", ["UNEP/MC/COP.5/INF/12."]),
    ]
    assert not any("приложение." in b.text for b in doc.blocks)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["the develop-", "ment of"], "the development of"),
        (["small-", "scale mining and small-scale"], "small-scale mining and small-scale"),  # known hyphenated word
        (["non-", "Parties"], "non-Parties"),
        (["2022–", "2023"], "2022–2023"),
        (["ends here;", "next"], "ends here; next"),
    ],
)
def test_pdf_line_joining(lines, joined):
    vocabulary = {"small-scale"} if "small-scale" in joined else set()
    assert _join_lines(lines, vocabulary) == joined


def test_pdf_ligatures_presentation_forms_and_soft_hyphens_are_folded():
    from extractors.parsers.pdf_parser import _fold_presentation_forms

    assert _fold_presentation_forms("ﬁnancial of\u00adfice ﬂow \ufefb") == "financial office flow \u0644\u0627"
    assert _fold_presentation_forms("hyphen\u00ad") == "hyphen\u00ad"  # kept at the line end for _join_lines


def test_pdf_fallback_reader_keeps_the_decision_structure(monkeypatch):
    """When pdfminer cannot read a file, pypdf's layout text still gives decisions and numbered paragraphs."""
    from extractors.parsers import pdf_parser

    def unreadable(data):
        raise pdf_parser._Unreadable("simulated")

    monkeypatch.setattr(pdf_parser, "_read", unreadable)
    parsed = parse_fixture("formats/en_compilation_mc5.pdf")
    assert [p.paragraph_id for p in parsed.paragraphs] == [
        f"mc-5-3:en:{x}" for x in ("p1", "p2", "o1", "o2", "o2-a", "o2-b", "o3", "o4")
    ] + ["mc-5-7:en:p1", "mc-5-7:en:o1", "mc-5-7:en:o2", "mc-5-9:en:o1", "mc-5-9:en:o2"]
    assert parsed.paragraphs[0].footnotes == ["UNEP/MC/COP.4/Dec.12, annex."]


# -- PDF layout rules, on lines as the reader makes them (cases the benchmark corpus showed) -------------------------
def _line(page: int, top: float, text: str, x0: float = 72.0, x1: float = 520.0, size: float = 10.0, **kw):
    from extractors.parsers.pdf_parser import _Line

    return _Line(page=page, text=text, x0=x0, x1=x1, top=top, bottom=top + size, size=size, bold=False, **kw)


def _pages(*pages: list):
    from extractors.parsers.pdf_parser import _Page

    return [_Page(number, 595.0, 842.0, lines, 0) for number, lines in enumerate(pages, start=1)]


def test_pdf_footnotes_alike_but_for_digits_are_not_running_footers():
    from extractors.parsers.pdf_parser import _strip_running

    pages = _pages(*[
        [_line(n, 34, "UNEP/CHW.6/1", x0=450, x1=523, size=8),
         _line(n, 77, f"{verb} the report", refs=[str(n)]),
         _line(n, 755, f"See UNEP/CHW.4/INF/{n}.", x0=84, x1=180, size=8, lead_marker=str(n)),
         _line(n, 765, "annex.", x0=84, x1=110, size=8),
         _line(n, 796, str(n), x0=295, x1=300, size=8)]
        for n, verb in ((1, "Welcomes"), (2, "Notes"), (3, "Recalls"))
    ])  # fmt: skip
    assert _strip_running(pages) == "UNEP/CHW.6/1"
    assert [[line.text for line in page.lines] for page in pages] == [
        [f"{verb} the report", f"See UNEP/CHW.4/INF/{n}.", "annex."]
        for n, verb in ((1, "Welcomes"), (2, "Notes"), (3, "Recalls"))
    ]


def test_pdf_symbol_at_the_top_of_the_body_is_text_not_the_page_header():
    from extractors.parsers.pdf_parser import _strip_running

    header = {"x0": 450, "x1": 523, "size": 8}
    pages = _pages(
        [_line(1, 34, "UNEP/CHW.6/1", **header), _line(1, 77, "Decision VI/22"), _line(1, 700, "as set out in")],
        [_line(2, 34, "UNEP/CHW.6/1", **header), _line(2, 77, "UNEP/CHW.6/INF/22;", x1=170),
         _line(2, 90, "2. Decides")],
    )  # fmt: skip
    assert _strip_running(pages) == "UNEP/CHW.6/1"
    assert [line.text for line in pages[1].lines] == ["UNEP/CHW.6/INF/22;", "2. Decides"]
    single = _pages([_line(1, 34, "UNEP/CHW.6/1", **header), _line(1, 77, "Decision VI/22"), _line(1, 90, "text")])
    assert _strip_running(single) == "UNEP/CHW.6/1"  # one page: the header does not repeat, it stands apart


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # one-line paragraphs with an indented first line that fill the line: the next indented line is another one
        ([("Noting the report of the Secretariat on cooperation with partners,", 100, 500, 47),
          ("Recalling its decision on the financial mechanism,", 100, 400, 50)], 2),
        # a paragraph wrapped to the margin, and a hanging "(a)" item whose lines share its indent, stay whole
        ([("1. Requests the Secretariat to prepare, in cooperation with partners,", 72, 515, 40),
          ("a report on the work;", 72, 200, 8)], 1),
        ([("(a) Joint development of knowledge products in cooperation with partners,", 100, 515, 20),
          ("and other stakeholders;", 100, 220, 15)], 1),
        # Chinese sets no space between characters: a line one character short of the edge ended its paragraph
        ([("满意地注意到专家组编写的关于向土地和水中释放汞的指导意见，与全球环境基金开展合作，", 72, 510, 10),
          ("重申缔约方和其他利益攸关方提交的关于汞供应来源和贸易的资料，", 72, 400, 10)], 2),
    ],
)  # fmt: skip
def test_pdf_paragraph_breaks(lines, paragraphs):
    from extractors.parsers.pdf_parser import _Layout, _paragraphs

    made = [
        _line(1, 100 + 13 * i, text, x0=x0, x1=x1, first_word_width=width)
        for i, (text, x0, x1, width) in enumerate(lines)
    ]
    made.insert(0, _line(1, 87, "The Conference of the Parties,", x0=72, x1=217))
    assert len(_paragraphs(_pages(made), _Layout(leading=13.0, width=451.0))) == 1 + paragraphs


def test_pdf_page_of_indented_lines_wraps_at_the_usual_width():
    """A page holding only sub-paragraphs (every line indented) has the document's margin, not its leftmost line:
    "(c) … small-scale" ending 23 pt before the indented right edge did not stop short."""
    from extractors.parsers.pdf_parser import _layout, _paragraphs

    first = [_line(1, 77 + 13 * i, f"{i}. Decides something", x1=510) for i in range(1, 4)]
    second = [
        _line(2, 77, "(b) Exchange of information on the financial mechanism;", x0=100, x1=396, first_word_width=14),
        _line(2, 96, "(c) Training of customs and enforcement officers on artisanal and small-scale", x0=100,
              x1=499.8, first_word_width=13),
        _line(2, 109, "gold mining.", x0=128, x1=190, first_word_width=21.6),
    ]  # fmt: skip
    pages = _pages(first, second)
    paragraphs = _paragraphs(pages, _layout(pages, 10.0))
    assert [[line.text[:12] for line in p] for p in paragraphs][-2:] == [
        ["(b) Exchange"],
        ["(c) Training", "gold mining."],
    ]


def test_pdf_marker_opening_a_continuation_line_is_a_citation():
    from extractors.parsers.pdf_parser import _cited

    paragraph = [
        _line(2, 155, "4. 表示注意到……供缔约方大会审议", refs=[]),
        _line(2, 168, "；", x1=85, lead_marker="2"),  # the marker after 审议 wrapped with the full stop
    ]
    assert _cited(paragraph) == [(2, "2")]
    assert _cited([_line(2, 700, "See UNEP/MC/COP.8/15.", lead_marker="2")]) == []  # a note's own number


def _chars(spec: list[tuple[str, float, float, bool]]) -> list[dict]:
    """Characters as the PDF reader gives them: (text, x0, x1, raised footnote marker)."""
    out = []
    for text, x0, x1, raised in spec:
        top, size = (667.4, 6.0) if raised else (668.4, 10.0)
        out.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + size, "size": size,
                    "fontname": "F1"})  # fmt: skip
    return out


def test_pdf_first_word_width_includes_its_footnote_marker():
    """ "климата⁵;" wrapped to the next line needed the marker's room too: measured without it, the line before
    looked short and ended the paragraph at the page break."""
    from extractors.parsers.pdf_parser import _make_line

    letters = [(ch, 72 + 6 * i, 78 + 6 * i, False) for i, ch in enumerate("климата")]
    spec = [*letters, ("5", 114, 118, True), (";", 118, 121, False), (" ", 121, 124, False), ("и", 124, 130, False)]
    line = _make_line(_chars(spec), 1, 595.0)
    assert (line.text, line.refs) == ("климата; и", ["5"])
    assert line.first_word_width == pytest.approx(7 * 6 + 4 + 3)


def test_pdf_right_to_left_footnote_marker_follows_the_latin_symbol():
    """Arabic line "UNEP/MC/COP.14/8²؛" is drawn ؛ ² UNEP…8 from the left: the marker is a reference after the
    symbol, not a footnote number opening the line."""
    from extractors.parsers.pdf_parser import _make_line

    symbol = [(ch, 427 + 6 * i, 433 + 6 * i, False) for i, ch in enumerate("UNEP/MC/COP.14/8")]
    line = _make_line(_chars([("؛", 420, 423, False), ("2", 423, 427, True), *symbol]), 1, 595.0, rtl=True)
    assert (line.text, line.refs, line.lead_marker) == ("UNEP/MC/COP.14/8؛", ["2"], None)


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(ParseError, match=r"scanned PDF without a text layer \(no OCR\)"):
        pdf_to_blocks((FIXTURES / "bad" / "scanned.pdf").read_bytes())


# -- HTML ----------------------------------------------------------------------------------------------------------
def test_html_reads_only_the_main_region():
    doc = html_to_blocks((FORMATS / "en_compilation_mc5.html").read_bytes())
    texts = " ".join(b.text for b in doc.blocks)
    for chrome in ("Skip to main content", "The Convention", "Related documents", "Contact", "United Nations"):
        assert chrome not in texts
    assert doc.symbol_hint == "UNEP/MC/COP.5/11"
    assert doc.blocks[0].text == "Fifth meeting"


WORD_HTML = """<html><head><meta charset="windows-1252"><title>Decision</title></head><body>
<div class=WordSection1>
<p class=MsoTitle>Decisions adopted by the Conference of the Parties at its fifth meeting</p>
<h1>Decision MC-5/9: Budget</h1>
<p class=MsoNormal>The Conference of the Parties,</p>
<p class=MsoNormal>Recalling its decision MC-4/1<a href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference>
<span class=MsoFootnoteReference>[1]</span></span></a>,</p>
<ol start=3 type=1><li>Approves the budget;</li><li value=7>Authorizes the Executive Secretary to act;
<ol type=i><li>first;</li><li>second.</li></ol></li></ol>
<ul><li>a bullet</li></ul>
<table><tr><td>Line</td><td>Amount</td></tr></table>
</div>
<div><br clear=all><hr align=left size=1 width="33%">
<div id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1"><span class=MsoFootnoteReference>[1]</span></a>
 UNEP/MC/COP.4/Dec.1, annex.</p></div></div>
<p>Padding words so the page is not mistaken for an error page: one two three four five six seven eight nine ten
eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.</p>
</body></html>"""


def test_html_word_export_footnotes_and_list_numbering():
    doc = html_to_blocks(WORD_HTML.encode("cp1252"))
    got = [(b.text[:40], b.number, b.sub, b.heading, b.footnotes) for b in doc.blocks]
    assert got[:9] == [
        ("Decisions adopted by the Conference of t", None, None, False, []),
        ("Decision MC-5/9: Budget", None, None, False, []),
        ("The Conference of the Parties,", None, None, False, []),
        ("Recalling its decision MC-4/1,", None, None, False, ["UNEP/MC/COP.4/Dec.1, annex."]),
        ("Approves the budget;", 3, None, False, []),  # <ol start=3>
        ("Authorizes the Executive Secretary to ac", 7, None, False, []),  # <li value=7>
        ("first;", None, "i", False, []),
        ("second.", None, "ii", False, []),
        ("a bullet", None, None, False, []),
    ]
    assert ("Line | Amount", None, None, False, []) in got
    assert not any("UNEP/MC/COP.4/Dec.1, annex." in b.text for b in doc.blocks)


def test_html_plain_sup_markers_with_a_footnotes_container():
    page = (
        "<html><body><main><h2>Decision MC-5/3: Title</h2><p>The Conference of the Parties,</p>"
        "<p>Recalling decision MC-4/12<sup>2</sup>,</p>"
        + "<p>" + "filler words " * 20 + "</p>"
        + '<div class="footnotes"><p>2 UNEP/MC/COP.4/Dec.12.</p></div></main></body></html>'
    )  # fmt: skip
    doc = html_to_blocks(page.encode())
    recalling = next(b for b in doc.blocks if b.text.startswith("Recalling"))
    assert (recalling.text, recalling.footnotes) == ("Recalling decision MC-4/12,", ["UNEP/MC/COP.4/Dec.12."])
    assert doc.blocks[0].heading is False  # a decision title in <h2> stays a decision header


def test_html_source_line_breaks_are_spaces_and_br_breaks_lines():
    page = "<html><body><main><p>Recalling its decision\n   MC-4/1 on the\nmechanism,</p><p>one<br>two</p>"
    page += "<p>" + "filler words " * 20 + "</p></main></body></html>"
    assert [b.text for b in html_to_blocks(page.encode()).blocks][:3] == [
        "Recalling its decision MC-4/1 on the mechanism,",
        "one",
        "two",
    ]


def test_html_identical_sub_paragraphs_are_both_kept():
    page = (
        "<html><body><main><h2>Decision MC-5/3: Title</h2><p>The Conference of the Parties,</p><ol>"
        "<li>Requests the Secretariat to prepare:<ol type='a'><li>Guidance on storage;</li>"
        "<li>Guidance on storage;</li></ol></li></ol>"
        "<p>" + "filler words " * 20 + "</p></main></body></html>"
    )  # fmt: skip
    subs = [(b.sub, b.text) for b in html_to_blocks(page.encode()).blocks if b.sub]
    assert subs == [("a", "Guidance on storage;"), ("b", "Guidance on storage;")]


def test_html_title_repeated_as_the_first_line_of_the_body_is_dropped():
    page = "<html><body><main><p>Decisions adopted</p><p>Decisions adopted</p>"
    page += "<p>" + "filler words " * 20 + "</p></main></body></html>"
    texts = [b.text for b in html_to_blocks(page.encode()).blocks]
    assert texts[0] == "Decisions adopted" and texts[1].startswith("filler words")


def test_html_error_page_is_refused():
    page = b"<html><head><title>Page not found | Minamata Convention</title></head><body><h1>Page not found</h1>"
    page += b"<p>" + b"Sorry, the page you requested could not be found on this site. " * 5 + b"</p></body></html>"
    with pytest.raises(ParseError, match="HTML error page: 'Page not found"):
        html_to_blocks(page)


# -- sniffing and text ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("relative", "fmt"),
    [
        ("formats/en_compilation_mc5.docx", "docx"),
        ("formats/en_compilation_mc5.pdf", "pdf"),
        ("formats/en_compilation_mc5.html", "html"),
        ("documents/en_compilation_mc5.txt", "text"),
        ("bad/error_page.pdf", "html"),
        ("bad/empty.txt", "empty"),
        ("bad/garbage.txt", "text"),  # high bytes without control characters: the decoder refuses it
    ],
)
def test_sniff_from_bytes(relative, fmt):
    assert sniff((FIXTURES / relative).read_bytes()) == fmt


def test_names_do_not_decide_the_parser():
    data = (FORMATS / "en_compilation_mc5.html").read_bytes()
    parsed = parse_file(data, sha256="a" * 64, source="local", url="file:///x/decision.txt", retrieved_at=None)
    assert parsed.document.file_format == "html"  # a page saved as .txt is still read as HTML
    assert claimed_format("https://x.org/files/UNEP-MC-COP.5-11.English.pdf?download=1", None) == "pdf"
    assert claimed_format(None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") == "docx"
    with pytest.raises(ParseError, match="promised DOCX but the bytes are text"):
        check_claim("text", "file:///x/decision.docx", None, b"plain words")


RUSSIAN = "Решение МК-5/9. Бюджет\nКонференция Сторон,\n1.\tутверждает программу работы;\n"
FRENCH = "Décision MC-5/9 : Budget\nLa Conférence des Parties,\n1.\tApprouve le programme de travail ; prie le " \
         "secrétariat de présenter un rapport à sa septième réunion, à l’année.\n"  # fmt: skip


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RUSSIAN, "utf-8"),
        (RUSSIAN, "utf-8-sig"),
        (RUSSIAN, "utf-16"),  # with BOM
        (RUSSIAN, "utf-16-le"),  # without BOM
        (RUSSIAN, "utf-16-be"),
        (RUSSIAN * 3, "cp1251"),
        (FRENCH * 3, "cp1252"),
        (FRENCH, "utf-16-le"),
        ("第MC-5/3号决定：合作\n缔约方大会，\n1.\t请秘书处报告。\n", "utf-16-le"),  # no NUL-heavy high bytes
        ("第MC-5/3号决定：合作\n缔约方大会，\n1.\t请秘书处报告。\n", "utf-16-be"),
    ],
)
def test_text_encodings_are_detected(text, encoding):
    assert decode_text(text.encode(encoding)) == text


# -- the generator -------------------------------------------------------------------------------------------------
def _load_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES.parents[1] / "scripts" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_fixtures"] = module
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_fixtures(tmp_path):
    generator = _load_generator()
    if not any((folder / "DejaVuSans.ttf").exists() for folder in generator.FONT_DIRS):
        pytest.skip("DejaVu Sans is not installed: the PDF fixtures cannot be regenerated here")
    written = generator.generate(tmp_path / "formats", tmp_path / "bad", tmp_path / "real" / "pages")
    folders = (FORMATS, FIXTURES / "bad")
    committed = [p for folder in folders for p in folder.iterdir() if p.is_file() and p.suffix != ".md"]
    committed += [p for p in (FIXTURES / "real" / "pages").iterdir() if p.suffix in (".docx", ".pdf")]
    assert len(written) == len(committed)
    for path in written:
        committed = FIXTURES / path.relative_to(tmp_path)
        fresh, old = path.read_bytes(), committed.read_bytes()
        if fresh == old:
            continue
        # another reportlab/python-docx version may write other bytes: then the parsed content must be the same
        if path.suffix in (".docx", ".pdf", ".html") and path.parent.name in ("formats", "pages"):
            a = parse_file(fresh, sha256=hashlib.sha256(fresh).hexdigest(), source="t", url=None, retrieved_at=None)
            b = parse_file(old, sha256=hashlib.sha256(old).hexdigest(), source="t", url=None, retrieved_at=None)
            assert comparable(a.tables()) == comparable(b.tables()), f"{path.name}: regenerated fixture differs"
        else:
            assert path.suffix in (".pdf", ".docx"), f"{path.name}: regenerated fixture differs"
