"""UNEA resolutions and decisions and UNEP Governing Council decisions in the shapes the UNEP document repository
publishes them, in Chinese, Russian, Arabic, English and French (original probe texts in tests/fixtures/real/
probe_unea_*.txt; their goldens in tests/fixtures/expected/real/ are checked by test_parser_real.py)."""

from __future__ import annotations

import pytest

from tests.parser_helpers import parse_fixture


def parse(name: str):
    return parse_fixture(f"real/{name}.txt")


def decisions(name: str) -> list[tuple]:
    return [(d.symbol, d.symbol_as_written, d.body, d.meeting_id, d.title) for d in parse(name).decisions]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("probe_unea_res_zh", [("UNEP/EA.5/Res.12", "5/12", "unea", "unea-5", "矿物和金属的环境方面")]),
        # a full-width full stop after the numbers ("6/3．Title") is no part of the title
        ("probe_unea_res_zh_fw", [("UNEP/EA.6/Res.3", "6/3", "unea", "unea-6", "减少手工和小规模采金社区的汞接触")]),
        ("probe_unea_res_ru", [("UNEP/EA.5/Res.12", "5/12", "unea", "unea-5",
                                "Экологические аспекты полезных ископаемых и металлов")]),
        ("probe_unea_res_ar", [("UNEP/EA.5/Res.12", "5/12", "unea", "unea-5", "الجوانب البيئية للمعادن والفلزات")]),
        ("probe_unea_gc_ru", [("GC.27/12", "27/12", "unep_gc", "gc-27", "Регулирование химических веществ и отходов")]),
        ("probe_unea_gc_zh", [("GC.27/12", "27/12", "unep_gc", "gc-27", "化学品和废物管理")]),
        # the Assembly's decisions are UNEP/EA.n/Dec.m: "Decision 6/1." in a compilation, and "6/2." in the file
        # whose own symbol is UNEP/EA.6/Dec.2 (not resolution 6/2)
        ("probe_unea_compilation_en", [
            ("UNEP/EA.6/Res.3", "6/3", "unea", "unea-6", "Sound management of chemicals and waste, including mercury"),
            ("UNEP/EA.6/Dec.1", "6/1", "unea", "unea-6",
             "Provisional agenda, date and venue of the seventh session of the United Nations Environment Assembly"),
            ("UNEP/EA.6/Dec.2", "6/2", "unea", "unea-6", "Management of trust funds and earmarked contributions"),
        ]),
        ("probe_unea_dec_fr", [("UNEP/EA.6/Dec.2", "6/2", "unea", "unea-6",
                                "Gestion des fonds d’affectation spéciale et des contributions affectées")]),
    ],
)  # fmt: skip
def test_decisions(name: str, expected: list[tuple]) -> None:
    assert decisions(name) == expected


@pytest.mark.parametrize(
    ("name", "symbol", "doc_type", "title"),
    [
        ("probe_unea_res_zh", "UNEP/EA.5/Res.12", "resolution", "矿物和金属的环境方面"),
        # "2024年3月1日联合国环境大会通过的决议" captions one resolution: the file bears that resolution's title
        ("probe_unea_res_zh_fw", None, "resolution", "减少手工和小规模采金社区的汞接触"),
        # the compilation's own title stands below a long masthead; the venue line is no title
        ("probe_unea_compilation_en", None, "decisions",
         "Resolutions and decisions adopted by the United Nations Environment Assembly at its sixth session"),
        # a file of one UNEA decision is no resolution
        ("probe_unea_dec_fr", "UNEP/EA.6/Dec.2", "decisions",
         "Gestion des fonds d’affectation spéciale et des contributions affectées"),
    ],
)  # fmt: skip
def test_documents(name: str, symbol, doc_type: str, title: str) -> None:
    document = parse(name).document
    assert (document.symbol, document.doc_type, document.title) == (symbol, doc_type, title)


def references(name: str) -> list[tuple]:
    return [(r.ref_kind, r.target, r.target_as_written) for r in parse(name).references]


def test_a_general_assembly_name_belongs_to_the_short_form_it_opens() -> None:
    # "第4/19号决议以及联合国大会第53/242号决议": only 53/242 is the General Assembly's (4/19 is UNEA's)
    assert references("probe_unea_res_zh") == [
        ("resolution", "UNEP/EA.4/Res.19", "第4/19号决议"),
        ("resolution", "A/RES/53/242", "第53/242号决议"),
    ]
    # "its decision 5/1 and Governing Council decision 27/13": 5/1 is the Assembly's own decision
    assert references("probe_unea_compilation_en")[-2:] == [
        ("decision", "UNEP/EA.5/Dec.1", "decision 5/1"),
        ("decision", "GC.27/13", "decision 27/13"),
    ]
    assert references("probe_unea_dec_fr") == [
        ("decision", "UNEP/EA.5/Dec.1", "décision 5/1"),
        ("decision", "GC.27/13", "décision 27/13"),
    ]
    assert ("resolution", "UNEP/EA.4/Res.19", "резолюцию 4/19") in references("probe_unea_res_ru")
    assert ("resolution", "A/RES/53/242", "قرار الجمعية العامة 53/242") in references("probe_unea_res_ar")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("probe_unea_res_zh", [(1, "requests", "executive_director", True, None),
                               (2, "invites", "member_states", False, None),
                               (2, "invites", "ilo", False, None),
                               (3, "requests", "executive_director", False, "unea-6")]),
        ("probe_unea_res_ru", [(1, "requests", "executive_director", True, None),
                               (2, "invites", "member_states", False, None),
                               (2, "invites", "ilo", False, None),
                               (3, "requests", "executive_director", False, "unea-6")]),
        ("probe_unea_res_ar", [(1, "requests", "executive_director", True, None),
                               (2, "invites", "member_states", False, None),
                               (2, "invites", "stakeholders", False, None),
                               (2, "invites", "ilo", False, None),
                               (3, "requests", "executive_director", False, "unea-6")]),
        ("probe_unea_gc_ru", [(2, "requests", "executive_director", True, None),
                              (3, "invites", "governments", False, None),
                              (3, "invites", "gmp", False, None),
                              (4, "requests", "executive_director", False, "gc-28")]),
        ("probe_unea_gc_zh", [(2, "requests", "executive_director", True, None),
                              (3, "invites", "governments", False, None),
                              (3, "invites", "gmp", False, None),
                              (4, "requests", "executive_director", False, "gc-28")]),
    ],
)  # fmt: skip
def test_mandates(name: str, expected: list[tuple]) -> None:
    got = [(m.paragraph_number, m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
           for m in parse(name).mandates]  # fmt: skip
    assert got == expected


def test_preambular_verbs_of_unea_chinese_texts() -> None:
    paragraphs = [p for p in parse("probe_unea_res_zh").paragraphs if p.kind == "preambular"]
    assert [(p.lead_verb, p.actions) for p in paragraphs] == [("回顾", ["recalls"]), ("欣见", ["welcomes"])]


def test_partners_never_the_issuer() -> None:
    partners = {c.organization_id for c in parse("probe_unea_res_zh").cooperation}
    assert partners == {"minamata", "gmp", "who", "unido", "ilo"}
    assert "unep" not in {c.organization_id for c in parse("probe_unea_gc_ru").cooperation}
    compilation = {c.organization_id for c in parse("probe_unea_compilation_en").cooperation}
    assert compilation == {"minamata", "brs", "basel", "rotterdam", "stockholm", "who", "gmp"}
