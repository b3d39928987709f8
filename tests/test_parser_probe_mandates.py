"""Mandates, partners and references in new hand-written decisions (probe_mand_* fixtures, tests/fixtures/real/).

One Minamata decision MC-6/9 in the six languages, a Stockholm and a Basel decision naming the Minamata Convention,
and a UNEA resolution. Their operative paragraphs vary the addressee lists ("Invites Parties, other Governments,
intergovernmental and non-governmental organizations …", "Parties and others in a position to do so, including
the GEF"), name partners in full, abbreviated, older and other-language forms (the Special Programme, the Basel and
Stockholm Convention regional centres, «Фонд глобальной окружающей среды»), and write resource and report-to
conditions in sub-paragraphs. The goldens (tests/fixtures/expected/real/probe_mand_*.json) hold every record; the
tests below say in words what matters.
"""

from __future__ import annotations

import hashlib

import pytest

from extractors.parsers import parse_file
from tests.parser_helpers import parse_fixture

LANGUAGES = ["en", "fr", "es", "ru", "zh", "ar"]


def _local(paragraph_id: str | None) -> str | None:
    return paragraph_id.rsplit(":", 1)[1] if paragraph_id else None


def mandates(name: str) -> list[tuple]:
    parsed = parse_fixture(f"real/{name}.txt")
    return [(m.paragraph_number, m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
            for m in parsed.mandates]  # fmt: skip


def partners(name: str) -> list[tuple]:
    return [(_local(c.paragraph_id), c.organization_id) for c in parse_fixture(f"real/{name}.txt").cooperation]


def references(name: str) -> list[tuple]:
    parsed = parse_fixture(f"real/{name}.txt")
    return [(_local(r.from_paragraph_id), r.in_footnote, r.ref_kind, r.target) for r in parsed.references]


MC_MANDATES = [
    # "Requests the Secretariat, in consultation with the GEF and the Special Programme, to …": they are partners
    (1, "requests", "secretariat", False, None),
    # "Invites Parties, other Governments, intergovernmental and non-governmental organizations to …": one phrase,
    # two addressees
    (2, "invites", "parties", False, None),
    (2, "invites", "governments", False, None),
    (2, "invites", "intergovernmental_organizations", False, None),
    (2, "invites", "non_governmental_organizations", False, None),
    # "Encourages Parties to work with … bodies, including WHO, ILO and FAO": partners, not addressees
    (3, "encourages", "parties", False, None),
    (4, "invites", "who", False, None),
    (4, "invites", "unitar", False, None),
    (5, "requests", "secretariat", True, "mc-cop-7"),  # both conditions written in sub-paragraphs (a) and (b)
    (6, "requests", "executive_secretary", False, "mc-cop-7"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_minamata_decision_in_six_languages(language):
    name = f"probe_mand_mc_{language}"
    parsed = parse_fixture(f"real/{name}.txt")
    assert parsed.document.language == language
    assert [(d.symbol, d.body, d.meeting_id, d.status) for d in parsed.decisions] == [
        ("MC-6/9", "minamata", "mc-cop-6", "adopted")
    ]
    expected = MC_MANDATES
    if language in ("fr", "es", "zh", "ar"):  # paragraph 4 also names UNIDO there (ONUDI, 工发组织, اليونيدو)
        expected = [*MC_MANDATES[:8], (4, "invites", "unido", False, None), *MC_MANDATES[8:]]
    assert mandates(name) == expected
    found = partners(name)
    # the GEF and the Special Programme of paragraph 1, whatever their name (FEM, FMAM, Фонд глобальной окружающей
    # среды, 全球环境基金, مرفق البيئة العالمية; Programme spécial, Специальная программа, 特别方案, البرنامج الخاص)
    assert [p for p in found if p[0] == "o1"] == [("o1", "gef"), ("o1", "special_programme")]
    assert [p for p in found if p[0] == "o3"] == [("o3", "who"), ("o3", "ilo"), ("o3", "fao")]
    # the Basel Convention regional centres are partners of a Minamata decision, and not the Basel Convention
    assert ("o5-a", "bcrc") in found and ("o5-a", "basel") not in found
    refs = references(name)
    assert ("p1", False, "decision", "MC-4/3") in refs
    assert ("p1", False, "article", "8(2)") in refs
    assert ("p2", False, "document", "UNEP/MC/COP.5/INF/3") in refs
    assert [r for r in refs if r[0] == "o6"] == [("o6", False, "article", "13"), ("o6", False, "article", "14")]


def test_footnoted_references():
    refs = references("probe_mand_mc_en")
    assert ("p2", True, "document", "UNEP/MC/COP.6/INF/14") in refs
    # "resolution 5/12 of the United Nations Environment Assembly" in a Minamata footnote
    assert ("p2", True, "resolution", "UNEP/EA.5/Res.12") in refs


def test_older_russian_name_of_the_gef():
    parsed = parse_fixture("real/probe_mand_mc_ru.txt")
    written = [c.organization_as_written for c in parsed.cooperation if c.organization_id == "gef"]
    assert written == ["Фондом глобальной окружающей среды", "ГЭФ"]
    # a dative plural of an -ия noun («организациям») meets its base form («организации»)
    assert [m.actor_as_written for m in parsed.mandates if m.actor == "non_governmental_organizations"] == [
        "межправительственным и неправительственным организациям"
    ]


def test_stockholm_decision_with_the_minamata_convention_as_partner():
    assert mandates("probe_mand_brs_en") == [
        # "Invites Parties and others in a position to do so, including the GEF, to …": the qualifier does not end
        # the addressee list
        (1, "invites", "parties", False, None),
        (1, "invites", "gef", False, None),
        (2, "requests", "secretariat", True, None),  # "within available resources"
        (3, "requests", "secretariat", False, "sc-cop-13"),
        # the regional centres of either convention addressed by name
        (4, "encourages", "parties", False, None),
        (4, "encourages", "bcrc", False, None),
        (4, "encourages", "scrc", False, None),
        (5, "urges", "parties", False, None),
    ]
    found = partners("probe_mand_brs_en")
    assert ("o2", "minamata") in found and ("o5", "minamata") in found and ("p1", "minamata") in found
    # the Stockholm Convention's own regional centres are no partner of its decision; Basel's and the Special
    # Programme are
    assert [p for p in found if p[0] == "o4"] == [("o4", "bcrc"), ("o4", "special_programme")]
    assert ("p2", True, "document", "UNEP/FAO/RC/COP.12/INF/9") in references("probe_mand_brs_en")
    assert not [p for p in found if p[1] == "fao" and p[0] == "p2"]  # FAO inside a symbol is no partner


def test_basel_decision_in_russian():
    assert mandates("probe_mand_brs_ru") == [
        (1, "invites", "parties", False, None),
        (1, "invites", "gef", False, None),  # «в том числе Глобальному экологическому фонду»
        (2, "requests", "secretariat", True, None),
        (3, "requests", "secretariat", False, "bc-cop-18"),  # «на ее восемнадцатом совещании»
    ]
    assert partners("probe_mand_brs_ru") == [("o1", "gef"), ("o2", "minamata"), ("o2", "unep"), ("o2", "who")]


def test_unea_resolution_addressees_and_citations():
    assert mandates("probe_mand_unea_en") == [
        (1, "requests", "executive_director", True, None),  # "subject to the availability of extrabudgetary …"
        # "Member States, United Nations bodies, specialized agencies, intergovernmental and non-governmental
        # organizations, the private sector and academia"
        (2, "invites", "member_states", False, None),
        (2, "invites", "united_nations_bodies", False, None),
        (2, "invites", "intergovernmental_organizations", False, None),
        (2, "invites", "non_governmental_organizations", False, None),
        (2, "invites", "private_sector", False, None),
        (2, "invites", "academia", False, None),
        # "Member States and other stakeholders, in particular the GEF and UNDP, to …"
        (3, "encourages", "member_states", False, None),
        (3, "encourages", "gef", False, None),
        (3, "encourages", "undp", False, None),
        (4, "requests", "executive_director", False, "unea-8"),
    ]
    assert partners("probe_mand_unea_en") == [("o1", "who"), ("o1", "ilo"), ("o3", "gef"), ("o3", "undp")]
    # "its resolutions 5/7 and 6/3 and General Assembly resolution 77/161": the General Assembly named before the
    # last one is that one's series, not the first two's
    assert references("probe_mand_unea_en") == [
        ("p1", False, "resolution", "UNEP/EA.5/Res.7"),
        ("p1", False, "resolution", "UNEP/EA.6/Res.3"),
        ("p1", False, "resolution", "A/RES/77/161"),
    ]


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        ("resolution 53/242 of the General Assembly", ["A/RES/53/242"]),  # the series named after it
        ("resolutions 5/7 and 6/3 and General Assembly resolution 77/161",
         ["UNEP/EA.5/Res.7", "UNEP/EA.6/Res.3", "A/RES/77/161"]),
        ("resolution 5/7 and General Assembly resolution 77/161", ["UNEP/EA.5/Res.7", "A/RES/77/161"]),
    ],
)  # fmt: skip
def test_a_series_name_belongs_to_the_citation_it_opens(citation, expected):
    text = f"7/2. Test\nThe United Nations Environment Assembly,\nRecalling {citation},\n1. Decides to act.\n"
    data = text.encode("utf-8")
    parsed = parse_file(data, sha256=hashlib.sha256(data).hexdigest(), source="unea", url=None, retrieved_at=None)
    assert [r.target for r in parsed.references] == expected
