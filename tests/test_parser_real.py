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
        # a heading in the middle of a flattened line
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
