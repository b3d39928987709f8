"""Documents in the shapes the real sites publish (issue 11): web copies without a heading line, UNEA, Governing
Council and ICCM resolutions, old Basel roman-numeral decisions, flattened pages, in the six languages.

The fixtures (tests/fixtures/real/) are original texts written in those structures; every record they yield is
compared with a reviewed golden (tests/fixtures/expected/real/), and the tests below say in words what matters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parser_helpers import FIXTURES, assert_matches_golden, parse_fixture

REAL = sorted(p.stem for p in (FIXTURES / "real").glob("*.txt"))


@pytest.mark.parametrize("name", REAL)
def test_real_shape_matches_its_golden(name: str) -> None:
    assert_matches_golden(parse_fixture(f"real/{name}.txt"), f"real/{name}")


def test_the_fixtures_cover_the_six_languages() -> None:
    languages = {parse_fixture(f"real/{name}.txt").document.language for name in REAL}
    assert languages == {"ar", "en", "es", "fr", "ru", "zh"}


def decisions(name: str) -> list[tuple]:
    parsed = parse_fixture(f"real/{name}.txt")
    return [(d.symbol, d.symbol_as_written, d.body, d.meeting_id, d.title) for d in parsed.decisions]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # a UNEA resolution: the "6/3." heading in a UNEA text is UNEP/EA.6/Res.3
        ("unea_res_en", [("UNEP/EA.6/Res.3", "6/3", "unea", "unea-6",
                          "Reducing mercury exposure in artisanal and small-scale gold mining communities")]),
        # no heading line: the symbol is the running header's
        ("unea_res_fr", [("UNEP/EA.6/Res.3", "UNEP/EA.6/Res.3", "unea", "unea-6",
                          "Réduire l’exposition au mercure dans les communautés d’extraction minière artisanale et à "
                          "petite échelle d’or")]),
        ("gc_decision_en", [("GC.25/5", "25/5", "unep_gc", "gc-25", "Chemicals management, including mercury")]),
        # no symbol anywhere: NULL, with the body its opening names and the meeting its head names
        ("gc_decision_es", [(None, None, "unep_gc", "gc-20",
                             "Gestión de los productos químicos, incluido el mercurio")]),
        ("iccm_res_en", [("ICCM.5/4", "V/4", "gfc", "iccm-5", "Highly hazardous pesticides")]),
        ("iccm_res_ru", [(None, None, "gfc", "iccm-5", "Свинец в красках")]),
        ("basel_roman_en", [("BC-9/15", "IX/15", "basel", "bc-cop-9",
                             "Cooperation with the Rotterdam and Stockholm conventions"),
                            ("BC-9/16", "IX/16", "basel", "bc-cop-9", "Technical assistance")]),
        ("brs_webcopy_ar", [(None, None, "basel", "bc-cop-10", "تعزيز الإدارة السليمة بيئياً للنفايات الإلكترونية")]),
        ("brs_webcopy_zh", [(None, None, "stockholm", "sc-cop-8", "关于成效评估的决定")]),
        ("minamata_headingless_es", [(None, None, "minamata", "mc-cop-4", "Directrices sobre el almacenamiento "
                                      "provisional ambientalmente racional del mercurio")]),
        # a heading in the middle of a flattened line; two decisions on one line
        ("flattened_two_fr", [("RC-9/4", "RC-9/4", "rotterdam", "rc-cop-9",
                               "Inscription de l’acétochlore à l’Annexe III"),
                              ("RC-9/5", "RC-9/5", "rotterdam", "rc-cop-9",
                               "Coopération avec l’Organisation mondiale de la Santé")]),
        ("flattened_en", [("BC-10/7", "BC-10/7", "basel", "bc-cop-10",
                           "Environmentally sound management of used lead-acid batteries")]),
    ],
)  # fmt: skip
def test_decisions_of_each_shape(name: str, expected: list[tuple]) -> None:
    assert decisions(name) == expected


def test_a_decision_without_symbol_has_a_stable_unique_id() -> None:
    first, again = parse_fixture("real/gc_decision_es.txt"), parse_fixture("real/gc_decision_es.txt")
    [decision] = first.decisions
    assert decision.decision_id == again.decisions[0].decision_id == f"nosymbol-gc-20-{first.document.document_id}-1"
    assert {p.decision_id for p in first.paragraphs} == {decision.decision_id}
    assert [(p.kind, p.number) for p in first.paragraphs] == [
        ("preambular", 1), ("preambular", 2), ("operative", 1), ("operative", 2), ("operative", 3)
    ]  # fmt: skip


def test_citations_are_references_and_never_the_meeting() -> None:
    """The flattened Basel page cites BC-9/15 and a COP-10 information document with a footnote number glued to
    it: both are references, the meeting is the decision's own, and the glued digit is not part of the symbol."""
    parsed = parse_fixture("real/flattened_en.txt")
    assert [(r.ref_kind, r.target, r.target_as_written) for r in parsed.references] == [
        ("document", "UNEP/CHW.10/INF/14", "UNEP/CHW.10/INF/14"),
        ("decision", "BC-9/15", "decision IX/15"),
    ]
    assert parsed.document.meeting_id == "bc-cop-10"


def test_a_document_symbol_is_not_its_own_reference() -> None:
    parsed = parse_fixture("real/unea_res_en.txt")
    assert parsed.document.symbol == "UNEP/EA.6/Res.3"
    assert [(r.ref_kind, r.target, r.target_as_written) for r in parsed.references] == [
        ("resolution", "UNEP/EA.4/Res.8", "resolution 4/8"),
        ("resolution", "A/RES/53/242", "resolution 53/242"),  # a General Assembly resolution, never UNEA's
    ]


def test_short_forms_follow_the_issuing_body() -> None:
    gc = parse_fixture("real/gc_decision_en.txt")
    assert [r.target for r in gc.references] == ["GC.24/3", "A/RES/53/242", "A/RES/53/242"]
    iccm = parse_fixture("real/iccm_res_en.txt")
    assert [r.target for r in iccm.references] == ["ICCM.4/3", "UNEP/EA.4/Res.8"]
    basel = parse_fixture("real/basel_roman_fr.txt")
    assert [r.target for r in basel.references] == ["BC-8/2"]


def test_a_flattened_page_yields_its_paragraphs() -> None:
    parsed = parse_fixture("real/flattened_ru.txt")
    assert [(p.kind, p.number, p.lead_verb) for p in parsed.paragraphs] == [
        ("preambular", 1, "ссылаясь"), ("operative", 1, "просит"), ("operative", 2, "предлагает"),
        ("operative", 3, "постановляет"),
    ]  # fmt: skip
    assert parsed.warnings == []


def test_fixture_names_are_the_shapes() -> None:
    assert {Path(n).stem.rsplit("_", 1)[0] for n in REAL} >= {
        "unea_res", "gc_decision", "iccm_res", "basel_roman", "brs_webcopy", "minamata_headingless", "flattened"
    }  # fmt: skip


# -- where a web copy's symbol comes from: the page's title, its fields, the file name ----------------------------

WEB_COPY = """The Conference of the Parties,
Recalling its earlier work on used lead-acid batteries,
1. Requests the Secretariat to publish the technical guidelines;
2. Decides to review the guidelines at its eleventh meeting.
"""
UNEA_COPY = """The United Nations Environment Assembly,
Recalling its resolution 4/8,
1. Requests the Executive Director to report to the Assembly at its seventh session.
"""


def web_copy(text: str, url: str | None = None, title: str | None = None, fields: dict | None = None):
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    doc = text_to_blocks(text)
    doc.title_hint, doc.metadata = title, fields or {}
    info = FileInfo(sha256="ab" * 32, source="informea", url=url, retrieved_at=None)
    parsed = build_document(doc, info, parser="text/test")
    return [(d.decision_id, d.symbol, d.body, d.meeting_id, d.title) for d in parsed.decisions]


@pytest.mark.parametrize(
    ("text", "url", "title", "fields", "expected"),
    [
        (WEB_COPY, None, "Decision BC-10/7: Used lead-acid batteries", {},
         [("bc-10-7", "BC-10/7", "basel", "bc-cop-10", "Used lead-acid batteries")]),
        # the page's fields name the treaty and the meeting; "at its eleventh meeting" in paragraph 2 is a later one
        (WEB_COPY, None, "Used lead-acid batteries",
         {"treaty": "Basel Convention", "meeting": "Tenth meeting of the Conference of the Parties"},
         [("nosymbol-bc-cop-10-abababababababab-1", None, "basel", "bc-cop-10", "Used lead-acid batteries")]),
        (WEB_COPY, None, None, {"symbol": "BC-10/7"}, [("bc-10-7", "BC-10/7", "basel", "bc-cop-10", None)]),
        (WEB_COPY, "https://www.basel.int/download.aspx?d=BC-10-7.English.txt", None, {},
         [("bc-10-7", "BC-10/7", "basel", "bc-cop-10", None)]),
        # nothing names the convention: NULL symbol, NULL body, still one decision with a stable id
        (WEB_COPY, None, None, {}, [("nosymbol-unknown-abababababababab-1", None, None, None, None)]),
        (UNEA_COPY, None, "6/3. Mercury in gold mining", {},
         [("unep-ea.6-res.3", "UNEP/EA.6/Res.3", "unea", "unea-6", "Mercury in gold mining")]),
        (UNEA_COPY, None, None, {"symbol": "UNEP/EA.6/Res.3"},
         [("unep-ea.6-res.3", "UNEP/EA.6/Res.3", "unea", "unea-6", None)]),
    ],
)  # fmt: skip
def test_a_web_copy_takes_its_symbol_from_the_page(text, url, title, fields, expected):
    assert web_copy(text, url, title, fields) == expected


def test_a_resolution_heading_with_its_full_symbol() -> None:
    text = "Resolution UNEP/EA.5/Res.11: Circular economy\n" + UNEA_COPY
    assert web_copy(text) == [("unep-ea.5-res.11", "UNEP/EA.5/Res.11", "unea", "unea-5", "Circular economy")]
    # a bare symbol line is the document's own symbol, and the resolution without a heading takes it
    assert web_copy("UNEP/EA.5/Res.11\n" + UNEA_COPY) == [
        ("unep-ea.5-res.11", "UNEP/EA.5/Res.11", "unea", "unea-5", None)
    ]


def test_a_headingless_proposal_in_a_note_is_a_draft() -> None:
    note = "UNEP/CHW.17/12\nNote by the Secretariat\nUsed lead-acid batteries\n" + WEB_COPY
    assert web_copy(note) == [
        ("draft-bc-cop-17-unep-chw.17-12-1", None, "basel", "bc-cop-17", "Used lead-acid batteries")
    ]


def test_no_meeting_is_taken_from_a_citation() -> None:
    """A symbol the text cites (here a Basel COP-10 information document) is a reference, never the document's
    meeting: no stub meeting bc-cop-10 may come out of it (marts.meetings lists every meeting_id it sees)."""
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    text = WEB_COPY.replace("batteries,", "batteries and document UNEP/CHW.10/INF/14,")
    parsed = build_document(text_to_blocks(text), FileInfo("cd" * 32, "local", None, None), parser="text/test")
    assert parsed.document.meeting_id is None and [d.meeting_id for d in parsed.decisions] == [None]
    assert [(r.ref_kind, r.target) for r in parsed.references] == [("document", "UNEP/CHW.10/INF/14")]


def test_a_list_of_short_forms_cites_each() -> None:
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    text = (
        "Decision 25/5: Chemicals management\nThe Governing Council,\n"
        "Recalling its decisions 24/3 II, 23/3 IV and 24/5, and resolutions 4/8 and 53/242,\n"
        "1. Requests the Executive Director to report.\n"
    )
    parsed = build_document(text_to_blocks(text), FileInfo("ef" * 32, "local", None, None), parser="text/test")
    assert [(r.ref_kind, r.target, r.target_as_written) for r in parsed.references] == [
        ("decision", "GC.24/3", "decisions 24/3"),
        ("decision", "GC.23/3", "23/3"),
        ("decision", "GC.24/5", "24/5"),
        ("resolution", "UNEP/EA.4/Res.8", "resolutions 4/8"),
        ("resolution", "A/RES/53/242", "53/242"),
    ]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # Chinese puts the word after the numbers: 第VI/2号决定 (an old Basel decision), 第6/3号决议 (UNEA)
        ("第VI/2号决定：含汞废物", ("bc-6-2", "BC-6/2", "basel", "bc-cop-6", "含汞废物")),
        ("第6/3号决议：手工和小规模采金", ("unep-ea.6-res.3", "UNEP/EA.6/Res.3", "unea", "unea-6", "手工和小规模采金")),
    ],
)
def test_a_chinese_short_heading(heading: str, expected: tuple) -> None:
    body = "缔约方大会，\n" if "决定" in heading else "联合国环境大会，\n"
    text = heading + "\n" + body + "回顾其以往的工作，\n1.\t请秘书处编写一份报告。\n"
    assert web_copy(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic writes the heading word with its article: المقرر 24/3 (Governing Council), القرار IV/2 (ICCM)
        ("المقرر 24/3: إدارة المواد الكيميائية\nإن مجلس الإدارة،\nإذ يشير إلى أعماله السابقة،\n"
         "1 -\tيطلب إلى المدير التنفيذي إعداد تقرير.\n",
         [("gc.24-3", "GC.24/3", "unep_gc", "gc-24", "إدارة المواد الكيميائية")]),
        ("القرار IV/2: الرصاص في الطلاء\nإن المؤتمر الدولي المعني بإدارة المواد الكيميائية،\n"
         "إذ يشير إلى أعماله السابقة،\n1 -\tيدعو الحكومات إلى تقديم المعلومات.\n",
         [("iccm.4-2", "ICCM.4/2", "gfc", "iccm-4", "الرصاص في الطلاء")]),
    ],
)  # fmt: skip
def test_an_arabic_short_heading_with_its_article(text: str, expected: list[tuple]) -> None:
    assert web_copy(text) == expected


def test_the_spanish_iccm_opening_without_its_article() -> None:
    """The opening "La Conferencia Internacional sobre Gestión de los Productos Químicos," (as the ICCM's own
    Spanish texts write it) opens the resolution: it is no preambular paragraph, and it names the ICCM."""
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    text = (
        "Resolución IV/3: Nanotecnologías\nLa Conferencia Internacional sobre Gestión de los Productos Químicos,\n"
        "Recordando su labor anterior sobre los nanomateriales,\n"
        "1. Invita a los gobiernos a que presenten información sobre los nanomateriales.\n"
    )
    parsed = build_document(text_to_blocks(text), FileInfo("12" * 32, "local", None, None), parser="text/test")
    assert [(d.decision_id, d.symbol, d.body, d.meeting_id, d.title) for d in parsed.decisions] == [
        ("iccm.4-3", "ICCM.4/3", "gfc", "iccm-4", "Nanotecnologías")
    ]
    assert [(p.paragraph_id, p.kind, p.number, p.text) for p in parsed.paragraphs] == [
        ("iccm.4-3:es:p1", "preambular", 1, "Recordando su labor anterior sobre los nanomateriales,"),
        ("iccm.4-3:es:o1", "operative", 1, "Invita a los gobiernos a que presenten información sobre los "
                                           "nanomateriales."),
    ]  # fmt: skip


def test_an_arabic_meeting_line_with_a_two_word_ordinal_is_no_title() -> None:
    """The line "الاجتماع الثاني عشر" (twelfth meeting) above a compilation is a running line, no title."""
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    text = (
        "الاجتماع الثاني عشر\n"
        "المقررات التي اعتمدها مؤتمر الأطراف في اتفاقية ميناماتا بشأن الزئبق في اجتماعه الثاني عشر\n"
        "المقرر MC-12/4: الزئبق في المنتجات\nإن مؤتمر الأطراف،\nإذ يشير إلى أعماله السابقة،\n"
        "1 -\tيطلب إلى الأمانة إعداد تقرير.\n"
    )
    parsed = build_document(text_to_blocks(text), FileInfo("34" * 32, "local", None, None), parser="text/test")
    assert parsed.document.title == (
        "المقررات التي اعتمدها مؤتمر الأطراف في اتفاقية ميناماتا بشأن الزئبق في اجتماعه الثاني عشر"
    )
    assert [(d.decision_id, d.meeting_id, d.title) for d in parsed.decisions] == [
        ("mc-12-4", "mc-cop-12", "الزئبق في المنتجات")
    ]


def test_an_addressee_list_goes_on_after_a_name_in_quotes() -> None:
    """Russian writes some names in quotes (Международная конференция «Ртуть как глобальный загрязнитель»): the
    addressees joined after the closing quote are asked too."""
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    text = (
        "Решение MC-4/2: Ртутные отходы\nКонференция Сторон,\nссылаясь на свою прежнюю работу,\n"
        "1.\tпредлагает Международной конференции «Ртуть как глобальный загрязнитель» и секретариату представить "
        "сведения о ртутных отходах.\n"
    )
    parsed = build_document(text_to_blocks(text), FileInfo("56" * 32, "local", None, None), parser="text/test")
    assert [(m.paragraph_id, m.action, m.actor, m.actor_as_written) for m in parsed.mandates] == [
        ("mc-4-2:ru:o1", "invites", "icmgp", "Международной конференции «Ртуть как глобальный загрязнитель»"),
        ("mc-4-2:ru:o1", "invites", "secretariat", "секретариату"),
    ]
    assert [(c.paragraph_id, c.organization_id) for c in parsed.cooperation] == [("mc-4-2:ru:o1", "icmgp")]


def parse_text_document(text: str):
    from extractors.parsers.seed_text import text_to_blocks
    from extractors.structure import FileInfo, build_document

    return build_document(text_to_blocks(text), FileInfo("ef" * 32, "local", None, None), parser="text/test")


def test_a_masthead_is_no_title_and_one_adopted_decision_titles_its_file() -> None:
    """A UN document opens with "Naciones Unidas" and the issuing body's full name (masthead), then session and
    place lines: the file's title is its one resolution's (issue 11: "title right or NULL")."""
    parsed = parse_fixture("real/unea_res_es.txt")
    assert parsed.document.title == "Aspectos ambientales de los minerales y los metales"
    assert (parsed.document.symbol, parsed.document.doc_type) == ("UNEP/EA.5/Res.12", "resolution")
    # a compilation keeps its own title, a note keeps its title over its draft decision's
    compilation = parse_fixture("seeds/000_04f2840c8cbf81be.txt").document.title
    assert compilation.startswith("Решения, принятые Конференцией Сторон")


def test_the_same_decision_twice_in_a_file_is_kept_once_and_said() -> None:
    text = "Decision BC-10/7: Batteries\n" + WEB_COPY + "Decision BC-10/7: Batteries\n" + WEB_COPY
    parsed = parse_text_document(text)
    assert [d.decision_id for d in parsed.decisions] == ["bc-10-7"]
    assert [p.paragraph_id for p in parsed.paragraphs] == ["bc-10-7:en:p1", "bc-10-7:en:o1", "bc-10-7:en:o2"]
    assert [(w.kind, w.reason) for w in parsed.warnings] == [
        (
            "duplicate_decision",
            "decision bc-10-7 appears again (decision text 2 of the file): the later copy was left out",
        ),
    ]


def test_an_arabic_assembly_writes_its_verbs_in_the_feminine() -> None:
    """جمعية (the Assembly) is feminine: "إذ تشير", "تطلب", "تدعو" are the Assembly's preambular and operative verbs,
    and the Executive Director is المديرة التنفيذية."""
    parsed = parse_fixture("real/unea_res_ar.txt")
    assert [(p.kind, p.actions) for p in parsed.paragraphs] == [
        ("preambular", ["recalls"]), ("operative", ["requests"]), ("operative", ["invites"]),
        ("operative", ["requests"]),
    ]  # fmt: skip
    assert [(m.paragraph_number, m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
            for m in parsed.mandates] == [
        (1, "requests", "executive_director", True, None), (2, "invites", "member_states", False, None),
        (2, "invites", "who", False, None), (3, "requests", "executive_director", False, "unea-7"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Decision 25/5: Chemicals\nThe Governing Council,\nRecalling its decision 24/3,\n"
        "1. Requests the Executive Director to report to the Governing Council at its twenty-sixth session.\n",
        "Решение 25/5: Химические вещества\nСовет управляющих,\nссылаясь на свое решение 24/3,\n"
        "1. просит Директора-исполнителя представить доклад Совету управляющих на его двадцать шестой сессии.\n",
        "Decisión 25/5: Productos químicos\nEl Consejo de Administración,\nRecordando su decisión 24/3,\n"
        "1. Pide al Director Ejecutivo que informe al Consejo de Administración en su vigésimo sexto período de "
        "sesiones.\n",
        "Décision 25/5 : Produits chimiques\nLe Conseil d'administration,\nRappelant sa décision 24/3,\n"
        "1. Prie le Directeur exécutif de faire rapport au Conseil d'administration à sa vingt-sixième session.\n",
    ],
)
def test_a_report_to_a_compound_ordinal_session(text: str) -> None:
    """The Governing Council met 25+ times: "twenty-sixth", «на его двадцать шестой сессии» (a masculine body),
    "vigésimo sexto", "vingt-sixième" name session 26."""
    parsed = parse_text_document(text)
    assert [(d.symbol, d.meeting_id) for d in parsed.decisions] == [("GC.25/5", "gc-25")]
    assert [(m.action, m.actor, m.report_to_meeting_id) for m in parsed.mandates] == [
        ("requests", "executive_director", "gc-26")
    ]
