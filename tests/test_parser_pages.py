"""Saved web pages and convention-site files (issue 11): what InforMEA and the convention sites publish, in the
shapes they publish it.

Fixtures (tests/fixtures/real/pages/, original text written in the structure of the real pages):
* <lang>_informea_bc14_9.txt: one InforMEA decision page copied as text, six languages. Skip link, language switcher,
  menus, breadcrumbs, the page title, "Share", the labelled fields (Treaty, Meeting, Decision number, Status, Type,
  Date: label on one line, value on the next), "Full text", the decision with its numbers glued to the text
  ("1.Welcomes", "(a)To make", "2.Prie", "a)De mettre"), "Files" with file names, the disclaimer footer, the cookie
  notice and its buttons. The decision text carries its own heading line ("Decision BC-14/9: …").
* <lang>_informea_bc14_9.html: the same page saved as HTML, six languages, in the markups the site uses: Drupal
  field markup with labels above (en, ar) or inline with a colon ("Tratado:", "条约：", es and zh) and numbers typed
  in <p> text; a <dl> of fields, <h2> section labels and <ol> numbering (fr, ru; Arabic: <ol> with a nested
  arabic-abjad list). The Arabic page is right-to-left (dir="rtl", symbols in <span dir="ltr">). Each must yield
  what its text copy yields.
* en_brs_bc14_decisions.docx: a convention-site (BRS) compilation as scripts/make_fixtures.py writes it from
  sources/en_brs_bc14_decisions.txt: two decisions under Heading 1 lines, Word numbering, the symbol in the page
  header, no title line in the body, its title only in the Word core properties.
* en_brs_bc14_decisions.pdf: the same compilation as a convention-site PDF, paragraphs indented as blocks (a full
  line ending in a comma, then a lower-case line at the same indent: one paragraph), numbers hanging in the margin,
  its title only in the PDF document information.
* en_informea_unea6_headingless.txt: a resolution page whose text has no heading line; only what this module owns
  is asserted (title, doc_type, metadata, no furniture), decision detection without headings is tested elsewhere.
* <fr|es|ru|ar|zh>_brs_bc14_decisions.docx/.pdf: the same compilation in French (a footnote citing a document,
  "BC-14/9 :" with the French space before the colon), in Spanish (a preamble whose last line fills the width,
  ending in a comma, then the next preamble under it), in Chinese (a title without spaces in the file properties),
  in Russian (Cyrillic in DejaVu Sans; preambular and operative paragraphs open in lower case, so a lower-case line
  after a comma is not by itself a run-on) and in Arabic (right-to-left: w:bidi paragraphs, "1 -" and "(أ)"
  numbering, the PDF set right to left), from sources/<lang>_brs_bc14_decisions.txt; each DOCX and PDF yields
  what its source text yields, and one another.
The full parsed structures are the goldens in tests/fixtures/expected/real/pages/.
"""

from __future__ import annotations

import pytest

from extractors.parsers.blocks import Block, BlockDocument, classify_line
from extractors.parsers.docx_parser import docx_to_blocks
from extractors.parsers.html_parser import html_to_blocks
from extractors.parsers.page import clean_page, is_furniture
from extractors.parsers.text_parser import parse_text
from tests.parser_helpers import FIXTURES, assert_matches_golden, parse_fixture

PAGES = FIXTURES / "real" / "pages"
LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh"]
# The page's fields as each language labels them, keyed by the English label (BlockDocument.metadata)
FIELDS = {
    "en": {"treaty": "Basel Convention",
           "meeting": "Fourteenth meeting of the Conference of the Parties to the Basel Convention",
           "number": "BC-14/9", "status": "Adopted", "type": "Decision", "date": "10 May 2019"},
    "fr": {"treaty": "Convention de Bâle",
           "meeting": "Quatorzième réunion de la Conférence des Parties à la Convention de Bâle",
           "number": "BC-14/9", "status": "Adoptée", "type": "Décision", "date": "10 mai 2019"},
    "es": {"treaty": "Convenio de Basilea", "meeting": "14ª reunión de la Conferencia de las Partes en el Convenio de "
           "Basilea", "number": "BC-14/9", "status": "Aprobada", "type": "Decisión", "date": "10 de mayo de 2019"},
    "ru": {"treaty": "Базельская конвенция", "meeting": "Четырнадцатое совещание Конференции Сторон Базельской "
           "конвенции", "number": "BC-14/9", "status": "Принято", "type": "Решение", "date": "10 мая 2019 года"},
    "ar": {"treaty": "اتفاقية بازل", "meeting": "الاجتماع الرابع عشر لمؤتمر الأطراف في اتفاقية بازل",
           "number": "BC-14/9", "status": "معتمد", "type": "مقرر", "date": "10 أيار/مايو 2019"},
    "zh": {"treaty": "巴塞尔公约", "meeting": "巴塞尔公约缔约方大会第十四次会议", "number": "BC-14/9",
           "status": "已通过", "type": "决定", "date": "2019年5月10日"},
}  # fmt: skip
TITLES = {
    "en": "Technical guidelines on the environmentally sound management of plastic packaging wastes",
    "fr": "Lignes directrices techniques sur la gestion écologiquement rationnelle des déchets d’emballages en "
    "plastique",
    "es": "Directrices técnicas sobre el manejo ambientalmente racional de los desechos de envases de plástico",
    "ru": "Технические руководящие принципы экологически обоснованного регулирования отходов пластиковой упаковки",
    "ar": "المبادئ التوجيهية التقنية للإدارة السليمة بيئياً لنفايات التغليف البلاستيكية",
    "zh": "塑料包装废物环境无害化管理技术准则",
}
# Site text of every page: none of it may reach a block, a title or a paragraph.
FURNITURE = ["Skip to main content", "Aller au contenu principal", "Перейти к основному содержанию", "Share",
             "Partager", "Files", "Fichiers", "cookie", "Cookie", ".pdf", ".docx", "English Français", "Home ›",
             "accuracy", "exactitud", "exactitude", "Ответственность", "Accept", "Menu", "Main menu", "Full text",
             "Texte intégral", "全文", "النص الكامل", "跳转", "分享"]  # fmt: skip


def page_blocks(name: str) -> BlockDocument:
    doc, _ = parse_text((PAGES / name).read_bytes())
    return doc


# -- the six-language InforMEA decision page -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_informea_page_full_structure(lang):
    parsed = parse_fixture(f"real/pages/{lang}_informea_bc14_9.txt", source="informea")
    assert_matches_golden(parsed, f"real/pages/{lang}_informea_bc14_9")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_informea_page_fields_and_title_leave_the_text(lang):
    doc = page_blocks(f"{lang}_informea_bc14_9.txt")
    assert doc.metadata == FIELDS[lang]
    assert doc.title_hint == TITLES[lang]
    texts = [b.text for b in doc.blocks]
    assert not [t for t in texts for word in FURNITURE if word in t]
    for value in FIELDS[lang].values():
        assert value not in texts  # a field's value is not a paragraph either
    # what is left is the decision: its heading, the body opening, two preambles, 4 numbered paragraphs, (a) (b)
    # (Arabic keeps its letters at this stage: the lexicon maps أ to a)
    assert [(b.number, b.sub is not None) for b in doc.blocks] == [(None, False)] * 4 + [
        (1, False),
        (2, False),
        (None, True),
        (None, True),
        (3, False),
        (4, False),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_informea_page_document_row(lang):
    document = parse_fixture(f"real/pages/{lang}_informea_bc14_9.txt", source="informea").document
    assert (document.title, document.doc_type, document.language) == (TITLES[lang], "decisions", lang)
    assert document.meeting_id == "bc-cop-14"


# -- the same page as HTML ----------------------------------------------------------------------------------------
FILE_IDS = {"document_id", "from_document_id", "sha256", "file_format", "parser", "url", "reference_id"}


def without_file_ids(tables: dict) -> dict:
    return {
        name: [{k: v for k, v in row.items() if k not in FILE_IDS} for row in rows] for name, rows in tables.items()
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_informea_html_page_full_structure(lang):
    parsed = parse_fixture(f"real/pages/{lang}_informea_bc14_9.html", source="informea")
    assert_matches_golden(parsed, f"real/pages/{lang}_informea_bc14_9_html")
    as_text = parse_fixture(f"real/pages/{lang}_informea_bc14_9.txt", source="informea")
    assert without_file_ids(parsed.tables()) == without_file_ids(as_text.tables())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_informea_html_page_fields_and_title(lang):
    doc = html_to_blocks((PAGES / f"{lang}_informea_bc14_9.html").read_bytes())
    assert (doc.metadata, doc.title_hint) == (FIELDS[lang], TITLES[lang])
    assert not [b.text for b in doc.blocks for word in FURNITURE if word in b.text]
    assert [b.number for b in doc.blocks if b.number] == [1, 2, 3, 4]


def test_html_page_without_a_title_line_takes_its_title_element():
    words = " ".join(["and"] * 30)
    page = (
        "<html><head><title>Mercury waste thresholds | InforMEA</title></head><body>"
        "<p>Skip to main content</p><p>Status</p><p>Adopted</p><p>Type</p><p>Decision</p>"
        f"<p>The Conference of the Parties,</p><p>1.Decides to act {words}.</p></body></html>"
    ).encode()
    doc = html_to_blocks(page)
    assert doc.title_hint == "Mercury waste thresholds"
    assert doc.metadata == {"status": "Adopted", "type": "Decision"}
    assert [(b.number, b.text[:14]) for b in doc.blocks] == [(None, "The Conference"), (1, "Decides to act")]


# -- convention-site files -----------------------------------------------------------------------------------------
BRS_TITLE = "Decisions adopted by the Conference of the Parties to the Basel Convention at its fourteenth meeting"


def test_brs_docx_compilation_full_structure():
    parsed = parse_fixture("real/pages/en_brs_bc14_decisions.docx", source="brs")
    assert_matches_golden(parsed, "real/pages/en_brs_bc14_decisions_docx")
    document = parsed.document
    assert (document.title, document.doc_type, document.symbol) == (BRS_TITLE, "decisions", "UNEP/CHW.14/28/Add.1")
    # the body yields what its converted text yields; only the file's own title and symbol are more
    as_text = parse_fixture("real/pages/sources/en_brs_bc14_decisions.txt", source="brs")
    assert as_text.document.title is None
    tables = without_file_ids(parsed.tables())
    tables["documents"][0].update(title=None, symbol=None)
    assert tables == without_file_ids(as_text.tables())


def test_brs_pdf_block_indented_paragraphs_run_on():
    parsed = parse_fixture("real/pages/en_brs_bc14_decisions.pdf", source="brs")
    assert_matches_golden(parsed, "real/pages/en_brs_bc14_decisions_pdf")
    preambles = [p.text for p in parsed.paragraphs if p.kind == "preambular"]
    assert preambles[:2] == [
        "Recalling its work on the technical guidelines, notably the guidelines on plastic wastes adopted at its "
        "fourteenth meeting,",
        "Mindful of the volumes of packaging wastes, which are often shipped across borders for recycling,",
    ]
    # the title only in the PDF's document information, the symbol in the running header
    assert (parsed.document.title, parsed.document.symbol) == (BRS_TITLE, "UNEP/CHW.14/28/Add.1")
    as_text = parse_fixture("real/pages/sources/en_brs_bc14_decisions.txt", source="brs")
    tables = without_file_ids(parsed.tables())
    tables["documents"][0].update(title=None, symbol=None)
    assert tables == without_file_ids(as_text.tables())


BRS_TITLES = {
    "en": BRS_TITLE,
    "fr": "Décisions adoptées par la Conférence des Parties à la Convention de Bâle à sa quatorzième réunion",
    "ru": "Решения, принятые Конференцией Сторон Базельской конвенции на ее четырнадцатом совещании",
    "ar": "المقررات التي اعتمدها مؤتمر الأطراف في اتفاقية بازل في اجتماعه الرابع عشر",
    "es": "Decisiones adoptadas por la Conferencia de las Partes en el Convenio de Basilea en su 14ª reunión",
    "zh": "巴塞尔公约缔约方大会第十四次会议通过的决定",
}


@pytest.mark.parametrize("ext", ["docx", "pdf"])
@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "zh"])
def test_brs_compilation_in_other_languages_full_structure(lang, ext):
    parsed = parse_fixture(f"real/pages/{lang}_brs_bc14_decisions.{ext}", source="brs")
    assert_matches_golden(parsed, f"real/pages/{lang}_brs_bc14_decisions_{ext}")
    document = parsed.document
    assert (document.title, document.doc_type, document.language) == (BRS_TITLES[lang], "decisions", lang)
    assert (document.symbol, document.meeting_id) == ("UNEP/CHW.14/28/Add.1", "bc-cop-14")
    assert [d.decision_id for d in parsed.decisions] == ["bc-14-9", "bc-14-10"]
    as_text = parse_fixture(f"real/pages/sources/{lang}_brs_bc14_decisions.txt", source="brs")
    tables = without_file_ids(parsed.tables())
    tables["documents"][0].update(title=None, symbol=None)
    assert tables == without_file_ids(as_text.tables())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_brs_docx_and_pdf_of_one_source_give_the_same_records(lang):
    docx_tables = parse_fixture(f"real/pages/{lang}_brs_bc14_decisions.docx", source="brs").tables()
    pdf_tables = parse_fixture(f"real/pages/{lang}_brs_bc14_decisions.pdf", source="brs").tables()
    assert without_file_ids(docx_tables) == without_file_ids(pdf_tables)
    assert len(pdf_tables["decisions"]) == 2 and len(pdf_tables["paragraphs"]) == 10


def test_brs_french_footnote_and_russian_and_spanish_preambles():
    french = parse_fixture("real/pages/fr_brs_bc14_decisions.pdf", source="brs")
    assert [(r.target, r.in_footnote, r.from_paragraph_id) for r in french.references] == [
        ("UNEP/CHW.14/7/Add.2", True, "bc-14-9:fr:o1")
    ]
    assert "Voir" not in " ".join(p.text for p in french.paragraphs)  # the note is not run into the text
    russian = parse_fixture("real/pages/ru_brs_bc14_decisions.pdf", source="brs")
    # two lower-case preambles in a row, the first running over several block-indented lines: two paragraphs
    assert [p.text[:12] for p in russian.paragraphs if p.decision_id == "bc-14-9" and p.kind == "preambular"] == [
        "ссылаясь на ",
        "учитывая объ",
    ]
    # a block-indented preamble whose last line is full and ends in a comma, then the next preamble at the same
    # indent: the preambular verb opens a new paragraph
    spanish = parse_fixture("real/pages/es_brs_bc14_decisions.pdf", source="brs")
    preambles = [p.text for p in spanish.paragraphs if p.decision_id == "bc-14-9" and p.kind == "preambular"]
    assert [(p.split()[0], p[-12:]) for p in preambles] == [
        ("Recordando", "14ª reunión,"),
        ("Consciente", "u reciclado,"),
    ]


def _docx_with_core_title(core_title: str, body_title: str | None = None) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.core_properties.title = core_title
    if body_title:
        document.add_paragraph(body_title, style="Title")
    document.add_paragraph("Decision BC-14/10: Cooperation on the prevention of illegal traffic")
    document.add_paragraph("The Conference of the Parties,")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("core_title", "body_title", "expected"),
    [
        ("Report on the prevention of illegal traffic", None, "Report on the prevention of illegal traffic"),
        ("Report on the prevention of illegal traffic", "Body title", None),  # the body's Title style wins
        ("Microsoft Word - BC-14-10.docx", None, None),
        ("K1901234", None, None),
        ("UNEP-CHW.14-BC-14-10.English.docx", None, None),
        ("UNEP/CHW.14/28/Add.1", None, None),
        ("Title", None, None),
        ("巴塞尔公约缔约方大会第十四次会议通过的决定", None, "巴塞尔公约缔约方大会第十四次会议通过的决定"),  # no spaces
        ("决定", None, "决定"),
    ],
)
def test_docx_core_title_only_when_the_body_has_none(core_title, body_title, expected):
    assert docx_to_blocks(_docx_with_core_title(core_title, body_title)).title_hint == expected


# -- a page whose text has no heading line -------------------------------------------------------------------------
def test_headingless_page_title_type_and_fields():
    doc = page_blocks("en_informea_unea6_headingless.txt")
    assert doc.title_hint == "Strengthening the sound management of chemicals and waste beyond 2025"
    assert doc.metadata == {
        "treaty": "United Nations Environment Assembly",
        "meeting": "Sixth session of the United Nations Environment Assembly",
        "number": "UNEP/EA.6/Res.9",
        "status": "Adopted",
        "type": "Resolution",
        "date": "1 March 2024",
    }
    assert doc.blocks[0].text == "The United Nations Environment Assembly,"
    assert [b.number for b in doc.blocks] == [None, None, None, 1, 2, 3]
    assert not [b.text for b in doc.blocks for word in FURNITURE if word in b.text]
    parsed = parse_fixture("real/pages/en_informea_unea6_headingless.txt", source="informea")
    document = parsed.document
    # no silent drop: the resolution is recognised, or the file is flagged (decisions without a heading line are
    # issue 11's other half)
    assert parsed.decisions or [w.kind for w in parsed.warnings] == ["no_decision"]
    assert document.title == "Strengthening the sound management of chemicals and waste beyond 2025"
    assert document.doc_type == "resolution"  # the page's type field, whatever the text yields


# -- glued numbering -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "number", "sub", "text"),
    [
        ("1.Requests the Secretariat;", 1, None, "Requests the Secretariat;"),
        ("2.Décide de poursuivre;", 2, None, "Décide de poursuivre;"),
        ("12.Поручает секретариату;", 12, None, "Поручает секретариату;"),
        ("3.يطلب إلى الأمانة؛", 3, None, "يطلب إلى الأمانة؛"),
        ("4.请秘书处；", 4, None, "请秘书处；"),
        ("(a)Mindful of the needs,", None, "a", "Mindful of the needs,"),
        ("(ii)To report;", None, "ii", "To report;"),
        ("b)De réviser le projet;", None, "b", "De réviser le projet;"),
        ("(ب)أن تنقح المشروع؛", None, "ب", "أن تنقح المشروع؛"),
        # Russian operative verbs and sub-paragraphs are written in lower case; Arabic numbers take a dash
        ("7.постановляет продолжить работу;", 7, None, "постановляет продолжить работу;"),
        ("b)подготовку кадров;", None, "b", "подготовку кадров;"),
        ("3.requests in lower case", 3, None, "requests in lower case"),
        ("14.с удовлетворением отмечает доклад.", 14, None, "с удовлетворением отмечает доклад."),
        ("5-يدعو الأطراف؛", 5, None, "يدعو الأطراف؛"),
        # not numbering: a decimal, one or two lower-case letters after the label, a dash before a cased word
        ("1.5 degrees of warming", None, None, "1.5 degrees of warming"),
        ("(a)bc", None, None, "(a)bc"),
        ("2.ab", None, None, "2.ab"),
        ("2-methylpropane is listed", None, None, "2-methylpropane is listed"),
        ("4-Nonylphenol is listed", None, None, "4-Nonylphenol is listed"),
    ],
)
def test_glued_numbering(line, number, sub, text):
    block = classify_line(line, [])
    assert (block.number, block.sub, block.text) == (number, sub, text)


# -- only pages are cleaned ----------------------------------------------------------------------------------------
def test_a_document_is_not_a_page():
    """A text without a skip link, a "Full text" line or two fields keeps every line, "Share" and "Status" too."""
    blocks = [Block(text=t) for t in ["Report of the meeting", "Share", "Status", "Adopted", "1. Notes the report."]]
    doc = BlockDocument(blocks=list(blocks), file_format="txt")
    cleaned = clean_page(doc)
    assert cleaned is doc and cleaned.metadata == {} and cleaned.title_hint is None


def test_a_page_titled_with_the_decision_heading_keeps_it_as_the_heading():
    """The page's title is the decision's heading and the text does not repeat it: the decision keeps its symbol."""
    lines = ["Skip to main content", "Decision BC-14/10: Cooperation on the prevention of illegal traffic", "Share",
             "Status", "Adopted", "Full text", "The Conference of the Parties,", "1. Decides to act."]  # fmt: skip
    doc = clean_page(BlockDocument(blocks=[classify_line(t, []) for t in lines], file_format="txt"))
    assert doc.title_hint == lines[1]
    assert [b.text for b in doc.blocks] == [lines[1], "The Conference of the Parties,", "Decides to act."]
    # ... but when the text prints its own heading for that decision, the title is not put back a second time
    lines[6:6] = ["BC-14/10: Cooperation on the prevention of illegal traffic"]
    doc = clean_page(BlockDocument(blocks=[classify_line(t, []) for t in lines], file_format="txt"))
    assert [b.text for b in doc.blocks] == [lines[6], "The Conference of the Parties,", "Decides to act."]


def test_inline_fields_and_furniture_lines():
    lines = ["Skip to main content", "A page title", "Treaty: Minamata Convention", "Статус: Принято",
             "The Conference of the Parties,", "1. Decides to act."]  # fmt: skip
    doc = clean_page(BlockDocument(blocks=[classify_line(t, []) for t in lines], file_format="txt"))
    assert doc.metadata == {"treaty": "Minamata Convention", "status": "Принято"}
    assert doc.title_hint == "A page title"
    assert [b.text for b in doc.blocks] == ["The Conference of the Parties,", "Decides to act."]
    assert is_furniture("UNEP-CHW.14-BC-14-9.English.pdf (245 KB)")
    assert is_furniture("Home › Decisions › Basel Convention")
    assert not is_furniture("Home to the secretariat of the Basel Convention since 1989")


# -- an InforMEA page whose numbers are glued to lower-case verbs (Russian) or written with a dash (Arabic) -------
RU_PAGE = """Skip to main content
InforMEA
Toggle navigation
Treaties
Decisions
Glossary
Search
Ртутные отходы
Treaty
Minamata Convention on Mercury
Meeting
Fifth meeting of the Conference of the Parties
Type
Decision
Number
MC-5/8
Full text
Конференция Сторон,
ссылаясь на свое решение о временном хранении ртути,
1.просит секретариат подготовить обзор практики обращения с ртутными отходами, включая:
a)сведения, представленные Сторонами;
b)опыт региональных центров;
2.постановляет рассмотреть этот вопрос на своем шестом совещании.
Share
"""
AR_PAGE = """Skip to main content
InforMEA
Treaties
Decisions
النفايات الزئبقية
Treaty
Minamata Convention on Mercury
Number
MC-5/8
Full text
إن مؤتمر الأطراف،
إذ يشير إلى مقرره بشأن التخزين المؤقت للزئبق،
1-يطلب إلى الأمانة إعداد استعراض لممارسات إدارة النفايات الزئبقية؛
2-يقرر النظر في هذه المسألة في اجتماعه السادس.
"""


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        (RU_PAGE, "Ртутные отходы", [
            ("mc-5-8:ru:p1", "preambular", 1, None, "ссылаясь на свое решение о временном хранении ртути,"),
            ("mc-5-8:ru:o1", "operative", 1, None, "просит секретариат подготовить обзор практики обращения с "
                                                   "ртутными отходами, включая:"),
            ("mc-5-8:ru:o1-a", "operative", 1, "a", "сведения, представленные Сторонами;"),
            ("mc-5-8:ru:o1-b", "operative", 1, "b", "опыт региональных центров;"),
            ("mc-5-8:ru:o2", "operative", 2, None, "постановляет рассмотреть этот вопрос на своем шестом совещании."),
        ]),
        (AR_PAGE, "النفايات الزئبقية", [
            ("mc-5-8:ar:p1", "preambular", 1, None, "إذ يشير إلى مقرره بشأن التخزين المؤقت للزئبق،"),
            ("mc-5-8:ar:o1", "operative", 1, None, "يطلب إلى الأمانة إعداد استعراض لممارسات إدارة النفايات الزئبقية؛"),
            ("mc-5-8:ar:o2", "operative", 2, None, "يقرر النظر في هذه المسألة في اجتماعه السادس."),
        ]),
    ],
)  # fmt: skip
def test_a_page_with_lower_case_or_dashed_glued_numbers(text: str, title: str, paragraphs: list[tuple]) -> None:
    """The site's name and menu are no title; "1.просит" and "1-يطلب" are numbered paragraphs."""
    import hashlib

    from extractors.parsers import parse_file

    data = text.encode("utf-8")
    parsed = parse_file(data, sha256=hashlib.sha256(data).hexdigest(), source="informea", url=None,
                        retrieved_at=None)  # fmt: skip
    assert parsed.document.title == title
    assert [(d.decision_id, d.symbol, d.body, d.meeting_id, d.title) for d in parsed.decisions] == [
        ("mc-5-8", "MC-5/8", "minamata", "mc-cop-5", title)
    ]
    assert [(p.paragraph_id, p.kind, p.number, p.subparagraph, p.text) for p in parsed.paragraphs] == paragraphs


# -- a convention site's decision page (minamataconvention.org shape): "<symbol> - <title>", then its heading again --


def test_a_convention_site_page_prints_its_decision_once() -> None:
    """The page's title line "MC-4/3 - Title" and the text's own "Decision MC-4/3" heading are one decision (not two
    with the same id, which the parsed checks would refuse for the whole run); the site's name and menu are no title:
    the file's title is the decision's."""
    parsed = parse_fixture("real/pages/en_minamata_site_mc4_3.txt")
    assert [(d.decision_id, d.symbol, d.body, d.meeting_id, d.title) for d in parsed.decisions] == [
        ("mc-4-3", "MC-4/3", "minamata", "mc-cop-4", "Guidance on the management of contaminated sites")
    ]
    assert parsed.document.title == "Guidance on the management of contaminated sites"
    assert [(p.kind, p.number) for p in parsed.paragraphs] == [
        ("preambular", 1), ("preambular", 2), ("operative", 1), ("operative", 2), ("operative", 3)
    ]  # fmt: skip
    assert [(m.paragraph_number, m.actor, m.subject_to_resources, m.report_to_meeting_id) for m in parsed.mandates] == [
        (2, "secretariat", True, "mc-cop-6"), (3, "parties", False, None), (3, "who", False, None),
        (3, "unido", False, None),
    ]  # fmt: skip
    assert [(r.ref_kind, r.target, r.treaty) for r in parsed.references] == [("article", "12(3)", "minamata")]
    assert parsed.warnings == []


def test_a_headingless_informea_page_takes_its_symbol_from_the_number_field() -> None:
    """A French InforMEA page whose text prints no heading: symbol from the "Numéro de la décision" field, meeting
    from it, title from the page, numbering glued to the verbs, and the resource condition in French."""
    parsed = parse_fixture("real/pages/fr_informea_mc5_4_headingless.txt", source="informea")
    title = "Réduire les émissions de mercure provenant de la combustion du charbon"
    assert [(d.decision_id, d.symbol, d.body, d.meeting_id, d.title) for d in parsed.decisions] == [
        ("mc-5-4", "MC-5/4", "minamata", "mc-cop-5", title)
    ]
    assert (parsed.document.title, parsed.document.language) == (title, "fr")
    assert [(p.kind, p.number, p.text[:12]) for p in parsed.paragraphs] == [
        ("preambular", 1, "Rappelant l'"), ("operative", 1, "Prie le Secr"), ("operative", 2, "Invite les P"),
        ("operative", 3, "Décide d'exa"),
    ]  # fmt: skip
    assert [(m.action, m.actor, m.subject_to_resources) for m in parsed.mandates] == [
        ("requests", "secretariat", True), ("invites", "parties", False)
    ]  # fmt: skip
    assert [(c.organization_id, c.paragraph_id) for c in parsed.cooperation] == [("gmp", "mc-5-4:fr:o2")]
    assert [(r.ref_kind, r.target, r.treaty) for r in parsed.references] == [("article", "8", "minamata")]
