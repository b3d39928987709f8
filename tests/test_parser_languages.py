"""One decision, many texts: the MC-5 compilation and a draft note in six languages parse to the same structure.

Fixtures (tests/fixtures/languages, seed format) are faithful UN-style translations of the English compilation
tests/fixtures/documents/en_compilation_mc5.txt and of one short note with a draft decision MC-6/[--]. Every
language must give the same decision ids, paragraph ids, kinds, numbers and sub-paragraphs, the same mandates
(action, addressee, resources, report-to meeting) and the same references: that is what lets the warehouse show one
decision with its paragraphs aligned across languages.
"""

from __future__ import annotations

import pytest

from extractors.lexicon import load_lexicon
from extractors.model import ParsedDocument
from extractors.parsers import parse_file
from extractors.parsers.blocks import classify_line
from extractors.structure import detect_language
from tests.parser_helpers import assert_matches_golden, parse_fixture

LANGUAGES = ["en", "ru", "fr", "es", "ar", "zh"]
NEW = ["fr", "es", "ar", "zh"]


def compilation_path(language: str) -> str:
    folder = "documents" if language in ("en", "ru") else "languages"
    return f"{folder}/{language}_compilation_mc5.txt"


@pytest.fixture(scope="module")
def compilations() -> dict[str, ParsedDocument]:
    return {language: parse_fixture(compilation_path(language)) for language in LANGUAGES}


@pytest.fixture(scope="module")
def notes() -> dict[str, ParsedDocument]:
    return {language: parse_fixture(f"languages/{language}_note_mc6.txt") for language in LANGUAGES}


def _id(paragraph_id: str | None, language: str) -> str | None:
    """A paragraph id without its language part, the key that aligns paragraphs across languages."""
    return paragraph_id.replace(f":{language}:", ":") if paragraph_id else None


def shape(parsed: ParsedDocument) -> list[tuple]:
    lang = parsed.document.language
    return [(_id(p.paragraph_id, lang), p.kind, p.number, p.subparagraph) for p in parsed.paragraphs]


def mandates(parsed: ParsedDocument) -> list[tuple]:
    lang = parsed.document.language
    return [
        (_id(m.paragraph_id, lang), m.paragraph_number, m.action, m.actor, m.subject_to_resources,
         m.report_to_meeting_id)
        for m in parsed.mandates
    ]  # fmt: skip


def references(parsed: ParsedDocument) -> set[tuple]:
    lang = parsed.document.language
    return {(_id(r.from_paragraph_id, lang), r.ref_kind, r.target, r.in_footnote, r.treaty) for r in parsed.references}


def partners(parsed: ParsedDocument) -> list[tuple]:
    lang = parsed.document.language
    return sorted((_id(c.paragraph_id, lang) or "passage", c.organization_id) for c in parsed.cooperation)


# -- the compilation -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", NEW)
def test_compilation_document_and_decisions(compilations, language):
    parsed = compilations[language]
    doc = parsed.document
    assert (doc.language, doc.doc_type, doc.meeting_id, doc.symbol) == (language, "decisions", "mc-cop-5", None)
    assert [(d.decision_id, d.symbol, d.status, d.meeting_id) for d in parsed.decisions] == [
        ("mc-5-3", "MC-5/3", "adopted", "mc-cop-5"),
        ("mc-5-7", "MC-5/7", "adopted", "mc-cop-5"),
        ("mc-5-9", "MC-5/9", "adopted", "mc-cop-5"),
    ]
    assert parsed.decisions[1].symbol_as_written == "MC\u20115/7"  # the non-breaking hyphen is kept as written


def test_titles_in_each_language(compilations):
    titles = {language: [d.title for d in compilations[language].decisions] for language in NEW}
    assert titles == {
        "fr": ["Coopération avec le Partenariat mondial sur le mercure", "Établissement des rapports", "Budget"],
        "es": ["Cooperación con la Alianza Mundial sobre el Mercurio", "Presentación de informes", "Presupuesto"],
        "ar": ["التعاون مع الشراكة العالمية بشأن الزئبق", "الإبلاغ", "الميزانية"],
        "zh": ["与全球汞伙伴关系的合作", "报告", "预算"],
    }


def test_paragraph_shape_is_the_same_in_six_languages(compilations):
    english = shape(compilations["en"])
    assert len(english) == 13
    for language in LANGUAGES:
        assert shape(compilations[language]) == english, language


def test_mandates_are_the_same_in_six_languages(compilations):
    english = mandates(compilations["en"])
    assert english == [
        ("mc-5-3:o2", 2, "requests", "secretariat", True, None),
        ("mc-5-3:o3", 3, "invites", "parties", False, None),
        ("mc-5-3:o3", 3, "invites", "who", False, None),
        ("mc-5-3:o4", 4, "requests", "secretariat", False, "mc-cop-6"),
        ("mc-5-7:o2", 2, "urges", "parties", False, None),
        ("mc-5-7:o2", 2, "encourages", "non_parties", False, None),
        ("mc-5-9:o2", 2, "authorizes", "executive_secretary", False, None),
    ]
    for language in [*NEW, "ru"]:
        assert mandates(compilations[language]) == english, language


def test_references_are_the_same_in_six_languages(compilations):
    english = references(compilations["en"])
    assert english == {
        ("mc-5-3:p1", "decision", "MC-4/12", False, None),
        ("mc-5-3:p1", "document", "UNEP/MC/COP.4/Dec.12", True, None),
        ("mc-5-3:o1", "document", "UNEP/MC/COP.5/INF/12", True, None),
        ("mc-5-3:o3", "article", "16(2)(a)", False, "minamata"),
        ("mc-5-7:p1", "article", "21(1)", False, "minamata"),
        ("mc-5-9:o2", "document", "UNEP/MC/COP.5/20/Add.1", False, None),
    }
    for language in [*NEW, "ru"]:
        assert references(compilations[language]) == english, language


def test_partner_organisations_are_the_same_in_six_languages(compilations):
    english = partners(compilations["en"])
    assert english == [("mc-5-3:o2", "gmp"), ("mc-5-3:o3", "who"), ("mc-5-3:p2", "gmp")]
    for language in LANGUAGES:
        assert partners(compilations[language]) == english, language


def test_lead_verbs_and_actions(compilations):
    def verbs(language):
        return {_id(p.paragraph_id, language): (p.lead_verb, p.actions) for p in compilations[language].paragraphs}

    fr, es, ar, zh = verbs("fr"), verbs("es"), verbs("ar"), verbs("zh")
    assert fr["mc-5-3:o1"] == ("Note avec satisfaction", ["notes"])
    assert fr["mc-5-3:o4"] == ("Prie", ["requests"])  # "Prie également": the adverb follows the verb
    assert fr["mc-5-7:o2"] == ("Exhorte", ["urges", "encourages"])
    assert es["mc-5-3:p2"] == ("Acogiendo con beneplácito", ["welcomes"])
    assert es["mc-5-7:o2"] == ("Insta", ["urges", "encourages"])
    assert ar["mc-5-3:p2"] == ("إذ يرحب", ["welcomes"])  # "وإذ يرحب": the attached "and" is not the verb
    assert ar["mc-5-7:o2"] == ("يحث", ["urges", "encourages"])  # "… ، ويشجع": a clause joined by و
    assert ar["mc-5-9:o1"] == ("يوافق على", ["approves"])
    assert zh["mc-5-3:o1"] == ("赞赏地注意到", ["notes"])
    assert zh["mc-5-3:o4"] == ("请", ["requests"])  # "还请": adverb before the verb, no spaces
    assert zh["mc-5-7:o2"] == ("敦促", ["urges", "encourages"])  # "，并鼓励"
    # every paragraph but the sub-paragraphs has a lead verb and the same actions as the English one
    english = verbs("en")
    for language, found in (("fr", fr), ("es", es), ("ar", ar), ("zh", zh)):
        assert {k: v[1] for k, v in found.items()} == {k: v[1] for k, v in english.items()}, language


def test_addressees_as_written(compilations):
    written = {lang: [m.actor_as_written for m in compilations[lang].mandates] for lang in NEW}
    assert written == {
        "fr": ["Secrétariat", "Parties", "Organisation mondiale de la Santé", "Secrétariat", "Parties", "non-Parties",
               "Secrétaire exécutive"],
        "es": ["Secretaría", "Partes", "Organización Mundial de la Salud", "Secretaría", "Partes",
               "Estados que no son Partes", "Secretaria Ejecutiva"],
        "ar": ["الأمانة", "الأطراف", "منظمة الصحة العالمية", "الأمانة", "الأطراف", "الدول غير الأطراف",
               "للأمينة التنفيذية"],
        "zh": ["秘书处", "缔约方", "世界卫生组织", "秘书处", "缔约方", "非缔约方", "执行秘书"],
    }  # fmt: skip


def test_article_paths_as_written(compilations):
    written = {
        lang: sorted(r.target_as_written for r in compilations[lang].references if r.ref_kind == "article")
        for lang in NEW
    }
    assert written == {
        "fr": ["alinéa a) du paragraphe 2 de l’article 16", "paragraphe 1 de l’article 21"],
        "es": ["apartado a) del párrafo 2 del artículo 16", "párrafo 1 del artículo 21"],
        "ar": ["الفقرة 1 من المادة 21", "للفقرة 2 (أ) من المادة 16"],
        "zh": ["第二十一条第1款", "第十六条第2款(a)项"],
    }


@pytest.mark.parametrize("language", NEW)
def test_compilation_full_structure(compilations, language):
    assert_matches_golden(compilations[language], f"languages/{language}_compilation_mc5")


# -- the note with a draft decision ----------------------------------------------------------------------------------
DRAFT = "draft-mc-cop-6-unep-mc-cop.6-9-1"


@pytest.mark.parametrize("language", LANGUAGES)
def test_note_with_draft_decision(notes, language):
    parsed = notes[language]
    doc = parsed.document
    assert (doc.language, doc.doc_type, doc.meeting_id, doc.symbol) == (
        language, "meeting_document", "mc-cop-6", "UNEP/MC/COP.6/9",
    )  # fmt: skip
    [draft] = parsed.decisions
    assert (draft.decision_id, draft.status, draft.symbol, draft.meeting_id) == (DRAFT, "draft", None, "mc-cop-6")
    assert draft.title == doc.title  # the draft carries the note's title


def test_note_is_the_same_in_six_languages(notes):
    english = notes["en"]
    assert shape(english) == [
        (f"{DRAFT}:p1", "preambular", 1, None),
        (f"{DRAFT}:o1", "operative", 1, None),
        (f"{DRAFT}:o2", "operative", 2, None),
    ]
    assert mandates(english) == [(f"{DRAFT}:o2", 2, "requests", "secretariat", True, "mc-cop-7")]
    # short forms resolved from the context: "decision 5/3" in a Minamata note, "resolution 6/3" of the Assembly
    assert references(english) == {
        (f"{DRAFT}:p1", "decision", "MC-5/3", False, None),
        (None, "article", "23(5)(b)", False, "minamata"),
        (None, "decision", "MC-5/3", False, None),
        (None, "resolution", "UNEP/EA.6/Res.3", True, None),
        (None, "document", "UNEP/MC/COP.5/INF/12", True, None),
    }
    assert partners(english) == [(f"{DRAFT}:o1", "gmp"), (f"{DRAFT}:o2", "gmp"), (f"{DRAFT}:o2", "who"),
                                 ("passage", "gmp")]  # fmt: skip
    for language in LANGUAGES:
        parsed = notes[language]
        assert shape(parsed) == shape(english), language
        assert mandates(parsed) == mandates(english), language
        assert references(parsed) == references(english), language
        assert partners(parsed) == partners(english), language


def test_note_short_forms_and_articles_as_written(notes):
    written = {
        lang: sorted(r.target_as_written for r in notes[lang].references if r.from_paragraph_id is None)
        for lang in LANGUAGES
    }
    assert written == {
        "en": sorted(["paragraph 5 (b) of article 23", "decision 5/3", "resolution 6/3", "UNEP/MC/COP.5/INF/12"]),
        "ru": sorted(["пунктом 5 b) статьи 23", "решении 5/3", "резолюцию 6/3", "UNEP/MC/COP.5/INF/12"]),
        "fr": sorted(["alinéa b) du paragraphe 5 de l’article 23", "décision 5/3", "résolution 6/3",
                      "UNEP/MC/COP.5/INF/12"]),
        "es": sorted(["apartado b) del párrafo 5 del artículo 23", "decisión 5/3", "resolución 6/3",
                      "UNEP/MC/COP.5/INF/12"]),
        "ar": sorted(["للفقرة الفرعية (ب) من الفقرة ٥ من المادة ٢٣", "مقرره ٥/٣",
                      "قرار جمعية الأمم المتحدة للبيئة ٦/٣", "UNEP/MC/COP.5/INF/12"]),
        "zh": sorted(["第二十三条第5款(b)项", "第5/3号决定", "第6/3号决议", "UNEP/MC/COP.5/INF/12"]),
    }  # fmt: skip


def test_arabic_symbol_letters_and_digits(notes):
    [draft] = notes["ar"].decisions
    # "ا م" is the Arabic prefix of Minamata decisions; Arabic-Indic digits are read, and kept as written
    assert draft.symbol_as_written == "ا م-٦/[--]"
    cited = [r for r in notes["ar"].references if r.from_paragraph_id == f"{DRAFT}:ar:p1"]
    assert [(r.target, r.target_as_written) for r in cited] == [("MC-5/3", "ا م-٥/٣")]
    assert [p.number for p in notes["ar"].paragraphs] == [1, 1, 2]  # "١ -", "٢ -"
    assert notes["ar"].paragraphs[0].text == "إذ يشير إلى المقرر ا م-٥/٣،"


@pytest.mark.parametrize("language", NEW)
def test_note_full_structure(notes, language):
    assert_matches_golden(notes[language], f"languages/{language}_note_mc6")


# -- layout of the lines -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "number", "sub", "heading", "text"),
    [
        ("1 -\tيطلب إلى الأمانة", 1, None, False, "يطلب إلى الأمانة"),
        ("١٢ -\tيطلب إلى الأمانة", 12, None, False, "يطلب إلى الأمانة"),
        ("٣-\tيدعو الأطراف", 3, None, False, "يدعو الأطراف"),
        ("(أ)\tالتطوير المشترك", None, "أ", False, "التطوير المشترك"),
        ("(هـ)\tتبادل المعلومات", None, "هـ", False, "تبادل المعلومات"),
        ("（b）交流信息", None, "b", False, "交流信息"),
        ("１．\t请秘书处", 1, None, False, "请秘书处"),
        ("一、导言", None, None, True, "导言"),
        ("أولاً -\tمقدمة", None, None, True, "مقدمة"),
        ("b)\tL’échange d’informations", None, "b", False, "L’échange d’informations"),
        ("2024 - 2025 biennium", None, None, False, "2024 - 2025 biennium"),
    ],
)
def test_numbering_of_every_script(line, number, sub, heading, text):
    block = classify_line(line, [])
    assert (block.number, block.sub, block.heading, block.text) == (number, sub, heading, text)


def test_arabic_sub_paragraph_letters_are_latin_in_paragraph_ids():
    lexicon = load_lexicon("ar")
    assert [lexicon.sub_label(x) for x in ["أ", "ب", "ج", "د", "هـ"]] == ["a", "b", "c", "d", "e"]
    assert load_lexicon("ru").sub_label("а") == "a"  # a Cyrillic look-alike stays folded as before


# -- words ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "word", "number"),
    [
        ("fr", "sixième", 6), ("fr", "septième", 7), ("fr", "dix-septième", 17), ("fr", "onzième", 11),
        ("es", "sexta", 6), ("es", "séptima", 7), ("es", "septima", 7), ("es", "decimotercera", 13),
        ("ar", "السابع", 7), ("ar", "السابعة", 7), ("ar", "الأولى", 1), ("ar", "الاول", 1),
        ("ar", "الحادي عشر", 11), ("ar", "الحادية عشرة", 11), ("ar", "الثاني عشر", 12), ("ar", "الثانية", 2),
        ("zh", "七", 7), ("zh", "十", 10), ("zh", "十六", 16), ("zh", "二十三", 23), ("zh", "7", 7),
    ],
)  # fmt: skip
def test_ordinals(language, word, number):
    assert load_lexicon(language).ordinal(word) == number


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("fr", "faire rapport à la Conférence des Parties à sa septième réunion", 7),
        ("es", "que informe a la Conferencia de las Partes en su séptima reunión", 7),
        ("ar", "أن تقدم تقريراً إلى مؤتمر الأطراف في اجتماعه السابع", 7),
        ("ar", "أن يقدم تقريراً إلى جمعية الأمم المتحدة للبيئة في دورتها السابعة", 7),
        ("ar", "إلى مؤتمر الأطراف في اجتماعه الحادي عشر.", 11),
        ("zh", "向缔约方大会第七次会议报告", 7),
        ("zh", "向联合国环境大会第七届会议报告", 7),
    ],
)
def test_report_to_phrases(language, text, number):
    lexicon = load_lexicon(language)
    found = [lexicon.ordinal(m.group("ordinal")) for p in lexicon.report_to for m in p.finditer(text)]
    assert found == [number]


@pytest.mark.parametrize(
    ("language", "text", "subject"),
    [
        ("fr", "Prie le secrétariat, sous réserve de la disponibilité de ressources, de", True),
        ("fr", "Prie le secrétariat, dans la limite des ressources disponibles, de", True),
        ("es", "Pide a la Secretaría que, con sujeción a la disponibilidad de recursos,", True),
        ("ar", "يطلب إلى الأمانة، رهناً بتوافر الموارد، أن", True),
        ("ar", "يطلب إلى الأمانة، رهنا بتوافر الموارد، أن", True),
        ("zh", "请秘书处在有可用资源的情况下继续", True),
        ("zh", "请秘书处视资源可用情况继续", True),
        ("fr", "Prie le secrétariat de faire rapport", False),
        ("zh", "请秘书处继续", False),
    ],
)
def test_resource_conditionality(language, text, subject):
    assert bool(load_lexicon(language).subject_to_resources.search(text)) is subject


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La Conférence des Parties prie le secrétariat de poursuivre sa coopération avec les partenaires.", "fr"),
        ("La Conferencia de las Partes pide a la Secretaría que prosiga su cooperación con los asociados.", "es"),
        ("The Conference of the Parties requests the Secretariat to continue its cooperation with partners.", "en"),
        ("إن مؤتمر الأطراف يطلب إلى الأمانة", "ar"),
        ("缔约方大会请秘书处继续开展合作。", "zh"),
        ("Конференция Сторон поручает секретариату", "ru"),
    ],
)
def test_language_detection(text, language):
    assert detect_language(text) == language


# -- references written every way ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "heading", "body", "paragraph"),
    [
        ("fr", "Décision MC-5/3 : Titre", "La Conférence des Parties,",
         "Rappelle ses décisions 5/16 et la résolution 6/3, le paragraphe 2 a) de l’article 16 et l'article 23, "
         "paragraphe 5 b) de la Convention ;"),
        ("es", "Decisión MC-5/3: Título", "La Conferencia de las Partes,",
         "Recuerda sus decisiones 5/16 y la resolución 6/3, el párrafo 2 a) del artículo 16 y el artículo 23, "
         "párrafo 5 b) del Convenio;"),
        ("ar", "المقرر MC-5/3: عنوان", "إن مؤتمر الأطراف،",
         "يشير إلى المقرر 5/16 والقرار 6/3 والفقرة 2 (أ) من المادة 16 والفقرة الفرعية (ب) من الفقرة 5 من المادة 23؛"),
        ("zh", "第MC-5/3号决定：标题", "缔约方大会，",
         "回顾第5/16号决定、第6/3号决议、《公约》第16条第2款(a)项和第二十三条第5款（b）项；"),
    ],
)  # fmt: skip
def test_short_forms_and_article_paths(language, heading, body, paragraph):
    text = f"{heading}\n{body}\n1.\t{paragraph}\n"
    parsed = parse_file(text.encode(), sha256="2" * 64, source="local", url=None, retrieved_at=None)
    assert parsed.document.language == language
    targets = sorted((r.ref_kind, r.target) for r in parsed.references)
    assert targets == [
        ("article", "16(2)(a)"),
        ("article", "23(5)(b)"),
        ("decision", "MC-5/16"),
        ("resolution", "UNEP/EA.6/Res.3"),
    ]


# -- addressees named one after the other ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "heading", "body", "paragraph", "expected"),
    [
        # «و» joined to the second name starts it: not the two-word alias «أمانة الاتفاقية»
        ("ar", "المقرر MC-5/3: عنوان", "إن مؤتمر الأطراف،",
         "يحث الأمانة واتفاقية روتردام على إبقاء الترتيبات قيد الاستعراض؛",
         [("urges", "secretariat"), ("urges", "rotterdam")]),
        ("ar", "المقرر MC-5/3: عنوان", "إن مؤتمر الأطراف،",
         "يطلب إلى الأمانة واتفاقية الأمم المتحدة الإطارية بشأن تغير المناخ مواصلة عملها؛",
         [("requests", "secretariat"), ("requests", "unfccc")]),
        # ... while a name that has «و» inside is still whole
        ("ar", "المقرر MC-5/3: عنوان", "إن مؤتمر الأطراف،",
         "يدعو منظمة الأغذية والزراعة للأمم المتحدة إلى مواصلة عملها؛", [("invites", "fao")]),
        # 各 opens the name 各国政府 (it is skipped only before names that do not start with it)
        ("zh", "第MC-5/3号决定：标题", "缔约方大会，", "授权各国政府和秘书处编写一份报告；",
         [("authorizes", "governments"), ("authorizes", "secretariat")]),
        ("zh", "第MC-5/3号决定：标题", "缔约方大会，", "请各缔约方提交资料；", [("requests", "parties")]),
    ],
)  # fmt: skip
def test_addressees_named_one_after_the_other(language, heading, body, paragraph, expected):
    text = f"{heading}\n{body}\n1.\t{paragraph}\n"
    parsed = parse_file(text.encode(), sha256="3" * 64, source="local", url=None, retrieved_at=None)
    assert parsed.document.language == language
    assert [(m.action, m.actor) for m in parsed.mandates] == expected
