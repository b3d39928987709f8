"""Fixtures written in the seed format (English and Russian): a compilation of three decisions with
sub-paragraphs, multi-verb paragraphs, several addressees, footnotes and articles with paragraph paths."""

from __future__ import annotations

import pytest

from extractors.model import ParseError
from extractors.parsers import parse_file
from tests.parser_helpers import assert_matches_golden, parse_fixture

EN = "documents/en_compilation_mc5.txt"
RU = "documents/ru_compilation_mc5.txt"


@pytest.mark.parametrize("relative", [EN, RU])
def test_three_decisions(relative):
    parsed = parse_fixture(relative)
    assert parsed.document.doc_type == "decisions"
    assert parsed.document.meeting_id == "mc-cop-5"
    assert [(d.decision_id, d.symbol, d.status) for d in parsed.decisions] == [
        ("mc-5-3", "MC-5/3", "adopted"),
        ("mc-5-7", "MC-5/7", "adopted"),
        ("mc-5-9", "MC-5/9", "adopted"),
    ]
    lang = parsed.document.language
    shape = [(p.paragraph_id, p.kind, p.number, p.subparagraph) for p in parsed.paragraphs]
    assert shape == [
        (f"mc-5-3:{lang}:p1", "preambular", 1, None),
        (f"mc-5-3:{lang}:p2", "preambular", 2, None),
        (f"mc-5-3:{lang}:o1", "operative", 1, None),
        (f"mc-5-3:{lang}:o2", "operative", 2, None),
        (f"mc-5-3:{lang}:o2-a", "operative", 2, "a"),
        (f"mc-5-3:{lang}:o2-b", "operative", 2, "b"),
        (f"mc-5-3:{lang}:o3", "operative", 3, None),
        (f"mc-5-3:{lang}:o4", "operative", 4, None),
        (f"mc-5-7:{lang}:p1", "preambular", 1, None),
        (f"mc-5-7:{lang}:o1", "operative", 1, None),
        (f"mc-5-7:{lang}:o2", "operative", 2, None),
        (f"mc-5-9:{lang}:o1", "operative", 1, None),
        (f"mc-5-9:{lang}:o2", "operative", 2, None),
    ]


def test_english_mandates_and_references():
    parsed = parse_fixture(EN)
    mandates = [
        (m.decision_id, m.paragraph_number, m.action, m.actor, m.actor_as_written, m.subject_to_resources,
         m.report_to_meeting_id)
        for m in parsed.mandates
    ]  # fmt: skip
    assert mandates == [
        ("mc-5-3", 2, "requests", "secretariat", "Secretariat", True, None),
        ("mc-5-3", 3, "invites", "parties", "Parties", False, None),
        ("mc-5-3", 3, "invites", "who", "World Health Organization", False, None),
        ("mc-5-3", 4, "requests", "secretariat", "Secretariat", False, "mc-cop-6"),
        ("mc-5-7", 2, "urges", "parties", "Parties", False, None),
        ("mc-5-7", 2, "encourages", "non_parties", "non-Parties", False, None),
        ("mc-5-9", 2, "authorizes", "executive_secretary", "Executive Secretary", False, None),
    ]
    refs = {(r.from_paragraph_id, r.ref_kind, r.target, r.in_footnote) for r in parsed.references}
    assert refs == {
        ("mc-5-3:en:p1", "decision", "MC-4/12", False),
        ("mc-5-3:en:p1", "document", "UNEP/MC/COP.4/Dec.12", True),
        ("mc-5-3:en:o1", "document", "UNEP/MC/COP.5/INF/12", True),
        ("mc-5-3:en:o3", "article", "16(2)(a)", False),
        ("mc-5-7:en:p1", "article", "21(1)", False),
        ("mc-5-9:en:o2", "document", "UNEP/MC/COP.5/20/Add.1", False),
    }
    verbs = {p.paragraph_id: (p.lead_verb, p.actions) for p in parsed.paragraphs if p.lead_verb}
    assert verbs["mc-5-7:en:o2"] == ("Urges", ["urges", "encourages"])
    assert verbs["mc-5-3:en:o4"] == ("requests", ["requests"])
    assert verbs["mc-5-3:en:o1"] == ("Notes with appreciation", ["notes"])


def test_russian_mandates_decline_addressees():
    parsed = parse_fixture(RU)
    mandates = [(m.decision_id, m.paragraph_number, m.action, m.actor, m.actor_as_written) for m in parsed.mandates]
    assert mandates == [
        ("mc-5-3", 2, "requests", "secretariat", "секретариату"),
        ("mc-5-3", 3, "invites", "parties", "Сторонам"),
        ("mc-5-3", 3, "invites", "who", "Всемирной организации здравоохранения"),
        ("mc-5-3", 4, "requests", "secretariat", "секретариату"),
        ("mc-5-7", 2, "urges", "parties", "Стороны"),
        ("mc-5-7", 2, "encourages", "non_parties", "государства, не являющиеся Сторонами"),
        ("mc-5-9", 2, "authorizes", "executive_secretary", "Исполнительного секретаря"),
    ]
    [report] = [m for m in parsed.mandates if m.report_to_meeting_id]
    assert (report.paragraph_number, report.report_to_meeting_id) == (4, "mc-cop-6")


@pytest.mark.parametrize(("relative", "name"), [(EN, "en_compilation_mc5"), (RU, "ru_compilation_mc5")])
def test_full_structure(relative, name):
    assert_matches_golden(parse_fixture(relative), name)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"\x00\x01\x02binary\x00junk", "binary file"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_file(data, sha256="0" * 64, source="local", url=None, retrieved_at=None)


def test_text_in_cp1251_is_decoded():
    data = (parse_fixture.__globals__["FIXTURES"] / RU).read_text(encoding="utf-8")
    data = data.replace("\u2011", "-").encode("cp1251")  # cp1251 has no non-breaking hyphen
    parsed = parse_file(data, sha256="1" * 64, source="local", url=None, retrieved_at=None)
    assert parsed.document.language == "ru"
    assert [d.symbol for d in parsed.decisions] == ["MC-5/3", "MC-5/7", "MC-5/9"]


def test_acronyms_match_only_in_capitals():
    from extractors.gazetteer import organization_matcher

    hits = organization_matcher("en").find_all("Invites Parties who wish to do so, WHO and the GEF")
    assert [(h.key, h.as_written) for h in hits] == [("who", "WHO"), ("gef", "GEF")]
