"""ICCM / SAICM / Global Framework on Chemicals resolutions and Global Mercury Partnership documents in the shapes
their sites publish (issue 11): a chemicalsframework.org page (title line twice, "The Conference" without its comma,
"[1]" footnote markers with the notes at the end), the ICCM5 report with its annexed resolutions, an ICCM4 annex in
Spanish, headingless web copies in French, Chinese ("大会，") and Arabic, short headings in Russian, Chinese and
Arabic; GMP reports and frameworks, which hold no decision and yield partners only.

The fixtures (tests/fixtures/real/probe_iccm_*.txt, probe_gmp_*.txt) are original texts; their goldens are checked
by tests/test_parser_real.py, the assertions below say what matters.
"""

from __future__ import annotations

import pytest

from tests.parser_helpers import parse_fixture


def parse(name: str, source: str = "local"):
    return parse_fixture(f"real/{name}.txt", source=source)


def decisions(name: str) -> list[tuple]:
    return [(d.symbol, d.symbol_as_written, d.body, d.meeting_id, d.status, d.title) for d in parse(name).decisions]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("probe_iccm_page_en", [("ICCM.5/5", "V/5", "gfc", "iccm-5", "adopted",
                                 "Emerging policy issues and issues of concern")]),
        ("probe_iccm_report_en", [
            ("ICCM.5/1", "V/1", "gfc", "iccm-5", "adopted", "Adoption of the Bonn Declaration and of the Global "
             "Framework on Chemicals – For a Planet Free of Harm from Chemicals and Waste"),
            ("ICCM.5/2", "V/2", "gfc", "iccm-5", "adopted", "Vote of thanks"),
            ("ICCM.5/3", "V/3", "gfc", "iccm-5", "adopted", "Financial considerations"),
        ]),
        ("probe_iccm_annex_es", [
            ("ICCM.4/1", "IV/1", "gfc", "iccm-4", "adopted", "Aplicación del Enfoque Estratégico"),
            ("ICCM.4/2", "IV/2", "gfc", "iccm-4", "adopted", "Cuestiones normativas incipientes"),
        ]),
        # no symbol anywhere: NULL, body and meeting from the opening and the head ("Cinquième session")
        ("probe_iccm_headingless_fr", [(None, None, "gfc", "iccm-5", "adopted",
                                        "Questions de politique générale émergentes et questions préoccupantes")]),
        # "大会，" opens an ICCM resolution: it is no preambular paragraph
        ("probe_iccm_headingless_zh", [(None, None, "gfc", "iccm-5", "adopted", "新出现的政策问题和关切问题")]),
        # "الدورة الخامسة" (fifth session) in the head names the meeting
        ("probe_iccm_headingless_ar", [(None, None, "gfc", "iccm-5", "adopted", "قضايا السياسات الناشئة")]),
        ("probe_iccm_res_zh", [("ICCM.5/4", "V/4", "gfc", "iccm-5", "adopted", "高度危险农药")]),
        ("probe_iccm_res_ar", [("ICCM.5/4", "V/4", "gfc", "iccm-5", "adopted", "مبيدات الآفات الشديدة الخطورة")]),
        ("probe_iccm_res_ru", [("ICCM.5/2", "V/2", "gfc", "iccm-5", "adopted", "Выражение признательности")]),
        # Global Mercury Partnership documents are no decisions
        ("probe_gmp_report_en", []),
        ("probe_gmp_framework_fr", []),
        ("probe_gmp_pag_es", []),
    ],
)  # fmt: skip
def test_decisions(name: str, expected: list[tuple]) -> None:
    assert decisions(name) == expected


@pytest.mark.parametrize(
    ("name", "symbol", "doc_type", "meeting", "title"),
    [
        ("probe_iccm_page_en", None, "resolution", "iccm-5", "Emerging policy issues and issues of concern"),
        # a report with its own symbol that annexes resolutions is a report; its title is the eighth head line,
        # after the symbol, "Distr.", the date, "Original:", the issuer, the session and the place
        ("probe_iccm_report_en", "SAICM/ICCM.5/7", "report", "iccm-5",
         "Report of the International Conference on Chemicals Management on the work of its fifth session"),
        # "Anexo I" is no title; "Resoluciones aprobadas …" makes the file a compilation
        ("probe_iccm_annex_es", "SAICM/ICCM.4/15", "decisions", "iccm-4",
         "Resoluciones aprobadas por la Conferencia Internacional sobre Gestión de los Productos Químicos en su "
         "cuarto período de sesiones"),
        # a web copy of an ICCM resolution without any symbol is a resolution, not a compilation of decisions
        ("probe_iccm_headingless_fr", None, "resolution", "iccm-5",
         "Questions de politique générale émergentes et questions préoccupantes"),
        ("probe_iccm_headingless_zh", None, "resolution", "iccm-5", "新出现的政策问题和关切问题"),
        ("probe_gmp_report_en", None, "report", None,
         "Report on activities undertaken within the Global Mercury Partnership, 2022–2023"),
        # the code before the title ("PAG 10.3 - ") does not hide the report marker
        ("probe_gmp_pag_es", None, "report", None,
         "PAG 10.3 - Informe sobre las actividades de las esferas de la Alianza"),
        ("probe_gmp_framework_fr", None, "other", None, "Cadre général"),
    ],
)  # fmt: skip
def test_documents(name, symbol, doc_type, meeting, title) -> None:
    document = parse(name).document
    assert (document.symbol, document.doc_type, document.meeting_id, document.title) == (
        symbol, doc_type, meeting, title
    )  # fmt: skip


def test_a_web_page_footnote_is_the_paragraphs_not_a_passage() -> None:
    """chemicalsframework.org pages print "[1]" in the text and "[1] SAICM/ICCM.5/INF/12." at the end: the note
    belongs to the paragraph that cites it (its reference in_footnote), the marker leaves the text."""
    parsed = parse("probe_iccm_page_en")
    by_id = {p.paragraph_id: p for p in parsed.paragraphs}
    assert by_id["iccm.5-5:en:p2"].text.endswith("Management of Chemicals in that work,")
    assert by_id["iccm.5-5:en:p2"].footnotes == ["See SAICM/ICCM.5/INF/12."]
    assert "[2]" not in by_id["iccm.5-5:en:o1"].text and by_id["iccm.5-5:en:o1"].footnotes == ["SAICM/ICCM.5/INF/5."]
    assert [(r.from_paragraph_id, r.target, r.in_footnote) for r in parsed.references] == [
        ("iccm.5-5:en:p1", "ICCM.2/4", False), ("iccm.5-5:en:p1", "ICCM.3/2", False),
        ("iccm.5-5:en:p1", "ICCM.4/2", False), ("iccm.5-5:en:p2", "SAICM/ICCM.5/INF/12", True),
        ("iccm.5-5:en:o1", "UNEP/EA.4/Res.8", False),
        ("iccm.5-5:en:o1", "SAICM/ICCM.5/INF/5", True),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # roman numerals in an ICCM text are ICCM resolutions, never Basel decisions
        ("probe_iccm_headingless_fr", ["ICCM.2/4", "ICCM.3/2"]),
        ("probe_iccm_annex_es", ["ICCM.3/1", "ICCM.2/4"]),
        # Chinese writes the word once after a list: 第II/4号、第III/2号和第IV/2号决议 cites three
        ("probe_iccm_headingless_zh", ["ICCM.2/4", "ICCM.3/2", "ICCM.4/2"]),
        ("probe_iccm_headingless_ar", ["ICCM.2/4", "ICCM.3/2", "ICCM.4/2"]),
        # a GMP framework citing "la décision 25/5 du Conseil d'administration"
        ("probe_gmp_framework_fr", ["GC.25/5"]),
    ],
)
def test_references(name: str, expected: list[str]) -> None:
    assert [r.target for r in parse(name).references if r.ref_kind != "article"] == expected


def test_mandates_of_an_iccm_report() -> None:
    parsed = parse("probe_iccm_report_en")
    assert [(m.paragraph_id, m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
            for m in parsed.mandates] == [
        ("iccm.5-1:en:o2", "invites", "unep", False, None),
        ("iccm.5-1:en:o3", "requests", "secretariat", False, "iccm-6"),
        ("iccm.5-3:en:o2", "invites", "gef", False, None),
        ("iccm.5-3:en:o2", "invites", "world_bank", False, None),
        ("iccm.5-3:en:o2", "invites", "undp", False, None),
        ("iccm.5-3:en:o3", "encourages", "governments", True, None),
        ("iccm.5-3:en:o3", "encourages", "private_sector", True, None),  # "Governments, the private sector and ..."
    ]  # fmt: skip
    # "Expresses its gratitude" is the Conference's thanks
    assert [p.actions for p in parsed.paragraphs if p.paragraph_id == "iccm.5-2:en:o1"] == [["expresses_appreciation"]]
    # the report's own paragraphs name the Conference itself: no cooperation
    assert {c.organization_id for c in parsed.cooperation} == {"unep", "gef", "world_bank", "undp"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("probe_iccm_headingless_fr", [("o1", "invites", "governments", False, None),
                                       ("o1", "invites", "unido", False, None),
                                       ("o2", "requests", "secretariat", True, "iccm-6")]),
        ("probe_iccm_headingless_zh", [("o2", "invites", "who", False, None), ("o2", "invites", "unitar", False, None),
                                       ("o3", "requests", "secretariat", True, "iccm-6")]),
        ("probe_iccm_headingless_ar", [("o1", "invites", "who", False, None), ("o1", "invites", "unitar", False, None),
                                       ("o2", "requests", "secretariat", False, "iccm-6")]),
        ("probe_iccm_res_ru", [("o2", "invites", "unep", False, None), ("o2", "invites", "who", False, None),
                               ("o3", "requests", "secretariat", False, "iccm-6")]),
    ],
)  # fmt: skip
def test_mandates(name: str, expected: list[tuple]) -> None:
    assert [(m.paragraph_id.rsplit(":", 1)[1], m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
            for m in parse(name).mandates] == expected  # fmt: skip


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        # a GMP report: the partnership areas' leads (NGOs, UN bodies) are its partners, never the GMP itself
        ("probe_gmp_report_en", "local", ["nrdc", "unido", "minamata", "unitar", "who", "world_chlorine_council",
                                          "zmwg", "minamata", "gef"]),
        ("probe_gmp_report_en", "gmp", ["nrdc", "unido", "minamata", "unitar", "who", "world_chlorine_council",
                                        "zmwg", "minamata", "gef"]),
        # "Partenariat mondial du PNUE sur le mercure" is the masthead (the GMP), not UNEP
        ("probe_gmp_framework_fr", "local", ["minamata", "unido", "who", "unep", "unitar"]),
        ("probe_gmp_pag_es", "local", ["zmwg", "world_chlorine_council"]),
        # the Global Alliance to Eliminate Lead Paint in an ICCM resolution
        ("probe_iccm_headingless_fr", "local", ["who", "unep", "lead_paint_alliance", "unido"]),
    ],
)  # fmt: skip
def test_partners_of_partnership_documents(name: str, source: str, expected: list[str]) -> None:
    parsed = parse(name, source=source)
    assert [c.organization_id for c in parsed.cooperation] == expected
    assert parsed.mandates == [] or parsed.decisions  # no mandate without a decision
    assert not [w for w in parsed.warnings if w.kind == "no_decision"]


def test_a_gmp_report_names_no_false_decision() -> None:
    """ "The Partnership decided at its tenth meeting …" and "requested partners to …" in a report are report text:
    no decision, no mandate, no paragraph."""
    parsed = parse("probe_gmp_report_en", source="gmp")
    assert (parsed.decisions, parsed.paragraphs, parsed.mandates) == ([], [], [])
    assert parsed.document.doc_type == "report"


def test_the_iccm_is_named_in_six_languages_and_is_the_framework() -> None:
    """The ICCM is the Conference of the Global Framework on Chemicals: a text naming it (a Minamata or GMP text)
    cooperates with the gfc; in its own resolutions it is the issuer, no partner."""
    from extractors.gazetteer import organization_matcher

    for language, name in [
        ("en", "the International Conference on Chemicals Management"),
        ("fr", "la Conférence internationale sur la gestion des produits chimiques"),
        ("es", "la Conferencia Internacional sobre Gestión de los Productos Químicos"),
        ("ru", "Международной конференцией по регулированию химических веществ"),
        ("zh", "国际化学品管理大会"),
        ("ar", "المؤتمر الدولي المعني بإدارة المواد الكيميائية"),
    ]:
        assert [h.key for h in organization_matcher(language).find_all(name)] == ["gfc"], language


def test_a_resolution_in_lettered_parts_is_one_resolution() -> None:
    """ICCM resolution II/4 holds parts "A. Lead in paint", "B. Nanotechnologies": a part heading followed by the
    part's paragraphs (numbering going on) neither ends the resolution nor is a paragraph."""
    parsed = parse("probe_iccm_parts_en")
    assert [(d.symbol, d.meeting_id, d.title) for d in parsed.decisions] == [
        ("ICCM.2/4", "iccm-2", "Emerging policy issues")
    ]
    assert [(p.kind, p.number, p.lead_verb) for p in parsed.paragraphs] == [
        ("preambular", 1, "Recalling"), ("operative", 1, "Endorses"), ("operative", 2, "Invites"),
        ("operative", 3, "Requests"),
    ]  # fmt: skip
    assert [(m.action, m.actor, m.report_to_meeting_id) for m in parsed.mandates] == [
        ("invites", "unep", None), ("invites", "who", None), ("requests", "secretariat", "iccm-3")
    ]  # fmt: skip


def test_a_report_keeps_its_title_over_its_one_resolution() -> None:
    parsed = parse("probe_iccm_report_ru")
    assert (parsed.document.symbol, parsed.document.doc_type, parsed.document.title) == (
        "SAICM/ICCM.5/7", "report",
        "Доклад Международной конференции по регулированию химических веществ о работе ее пятой сессии",
    )  # fmt: skip
    assert [(d.symbol, d.title) for d in parsed.decisions] == [("ICCM.5/3", "Финансовые вопросы")]
    assert [(m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id) for m in parsed.mandates] == [
        ("invites", "gef", False, None), ("invites", "world_bank", False, None),
        ("requests", "secretariat", True, "iccm-6"),
    ]  # fmt: skip
