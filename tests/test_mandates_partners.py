"""Mandates, partners and references as a reader sees them (issue 11), in the six languages.

Fixtures (tests/fixtures/mandates/<lang>_bc17_cooperation.txt, original text in the shape of a Basel compilation):
one decision BC-17/4 whose paragraphs each carry one of the cases a reader expects to be understood —
addressees named after "including …", resource wordings other than "subject to the availability of resources",
conditions written in sub-paragraphs, bare article citations (of the convention they name, else of the issuing
body), a joint symbol holding "FAO" and "UNEP", the issuing convention named in its own decision, the Minamata
Convention and IOMC as partners. Every language must give the same mandates, partners and references. Smaller
texts below pin each rule on its own, including where it must not fire.
"""

from __future__ import annotations

import hashlib

import pytest

from extractors.model import ParsedDocument
from extractors.parsers import parse_file
from tests.parser_helpers import parse_fixture

LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh"]


def _local(paragraph_id: str | None) -> str | None:
    """bc-17-4:fr:o3-a -> o3-a (the language-independent part)."""
    return paragraph_id.rsplit(":", 1)[1] if paragraph_id else None


def mandates(parsed: ParsedDocument) -> list[tuple]:
    return [
        (m.decision_id, _local(m.paragraph_id), m.paragraph_number, m.action, m.actor, m.subject_to_resources,
         m.report_to_meeting_id)
        for m in parsed.mandates
    ]  # fmt: skip


def partners(parsed: ParsedDocument) -> list[tuple]:
    return [(c.decision_id, _local(c.paragraph_id), c.organization_id) for c in parsed.cooperation]


def references(parsed: ParsedDocument) -> list[tuple]:
    return [(_local(r.from_paragraph_id), r.in_footnote, r.ref_kind, r.target, r.treaty) for r in parsed.references]


def parse_text(text: str) -> ParsedDocument:
    data = text.encode("utf-8")
    return parse_file(data, sha256=hashlib.sha256(data).hexdigest(), source="local", url=None, retrieved_at=None)


@pytest.fixture(scope="module")
def decisions() -> dict[str, ParsedDocument]:
    return {language: parse_fixture(f"mandates/{language}_bc17_cooperation.txt") for language in LANGUAGES}


EXPECTED_MANDATES = [
    # "Invites Parties and other stakeholders, including the World Health Organization and UNITAR, to …"
    ("bc-17-4", "o1", 1, "invites", "parties", False, None),
    ("bc-17-4", "o1", 1, "invites", "who", False, None),
    ("bc-17-4", "o1", 1, "invites", "unitar", False, None),
    ("bc-17-4", "o2", 2, "requests", "secretariat", True, None),  # "within available resources"
    # "Also requests the Secretariat: (a) To prepare, as resources permit, …; (b) To report … at its eighteenth
    # meeting": the sub-paragraphs' conditions are the paragraph's
    ("bc-17-4", "o3", 3, "requests", "secretariat", True, "bc-cop-18"),
    ("bc-17-4", "o4", 4, "encourages", "parties", True, None),  # "subject to the availability of extrabudgetary …"
]

EXPECTED_PARTNERS = [
    # p1 names the Basel Convention in its own decision, p2 a joint symbol UNEP/…-UNEP/FAO/RC/…: no partner
    ("bc-17-4", "p3", "minamata"),
    ("bc-17-4", "o1", "who"),
    ("bc-17-4", "o1", "unitar"),  # "… Basel Convention regional centres": not Basel
    ("bc-17-4", "o2", "iomc"),
    ("bc-17-4", "o2", "minamata"),
    ("bc-17-4", "o4", "rotterdam"),
    ("bc-17-4", "o4", "stockholm"),
]

EXPECTED_REFERENCES = [
    ("p1", False, "article", "10", "basel"),  # "articles 10 and 16"
    ("p1", False, "article", "16", "basel"),
    ("p2", False, "document", "UNEP/CHW.17/INF/21", None),
    ("p2", False, "document", "UNEP/FAO/RC/COP.12/INF/18", None),
    ("p2", False, "document", "UNEP/POPS/COP.12/INF/30", None),
    ("o1", False, "article", "10", "basel"),
    ("o3-a", False, "article", "4(1)", "basel"),  # a path stays one reference, never also a bare "article 4"
    ("o4", False, "article", "10", "stockholm"),  # "article 10 of the Stockholm Convention": the convention named
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_decision_is_found(decisions, language):
    parsed = decisions[language]
    assert parsed.document.language == language
    assert [(d.decision_id, d.body, d.meeting_id) for d in parsed.decisions] == [("bc-17-4", "basel", "bc-cop-17")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_mandates(decisions, language):
    assert mandates(decisions[language]) == EXPECTED_MANDATES


@pytest.mark.parametrize("language", LANGUAGES)
def test_partners(decisions, language):
    assert partners(decisions[language]) == EXPECTED_PARTNERS


@pytest.mark.parametrize("language", LANGUAGES)
def test_references(decisions, language):
    assert references(decisions[language]) == EXPECTED_REFERENCES


def test_addressees_after_including_as_written(decisions):
    written = {lang: [m.actor_as_written for m in decisions[lang].mandates][:3] for lang in LANGUAGES}
    assert written == {
        "en": ["Parties", "World Health Organization", "UNITAR"],
        "fr": ["Parties", "Organisation mondiale de la Santé", "UNITAR"],
        "es": ["Partes", "Organización Mundial de la Salud", "UNITAR"],
        "ru": ["Сторонам и другим", "Всемирной организации здравоохранения", "ЮНИТАР"],
        "ar": ["الأطراف", "منظمة الصحة العالمية", "معهد الأمم المتحدة للتدريب والبحث"],
        "zh": ["缔约方", "世界卫生组织", "联合国训练研究所"],
    }


def test_bare_articles_as_written(decisions):
    written = {
        lang: [r.target_as_written for r in decisions[lang].references if r.ref_kind == "article"] for lang in LANGUAGES
    }
    assert written == {
        "en": ["articles 10 and 16", "articles 10 and 16", "article 10", "paragraph 1 of article 4", "article 10"],
        "fr": ["articles 10 et 16", "articles 10 et 16", "article 10", "paragraphe 1 de l’article 4", "article 10"],
        "es": ["artículos 10 y 16", "artículos 10 y 16", "artículo 10", "párrafo 1 del artículo 4", "artículo 10"],
        "ru": ["статьи 10 и 16", "статьи 10 и 16", "статьи 10", "пункта 1 статьи 4", "статье 10"],
        "ar": ["المادتين 10 و16", "المادتين 10 و16", "المادة 10", "الفقرة 1 من المادة 4", "المادة 10"],
        "zh": ["第10条", "第16条", "第10条", "第4条第1款", "第10条"],
    }


def test_partner_names_as_written(decisions):
    """Other-language and older names: IOMC's French and Spanish names, the Minamata Convention declined."""
    iomc = {lang: [c.organization_as_written for c in decisions[lang].cooperation if c.organization_id == "iomc"]
            for lang in ("fr", "es", "ru")}  # fmt: skip
    assert iomc == {
        "fr": ["Programme interorganisations pour la gestion rationnelle des produits chimiques"],
        "es": ["Programa Interorganismos para la Gestión Racional de las Sustancias Químicas"],
        "ru": ["Межорганизационной программой по рациональному регулированию химических веществ"],
    }
    minamata = [c.organization_as_written for c in decisions["ru"].cooperation if c.organization_id == "minamata"]
    assert minamata == ["Минаматской конвенцией о ртути", "Минаматской конвенцией о ртути"]


HEAD = "Information note\nDistr.: General\n1 March 2026\nOriginal: English\n"  # a document's head is no passage


# -- each rule on its own, and where it must not fire --------------------------------------------------------------
BASEL_HEAD = "Decision BC-17/9: Test\nThe Conference of the Parties,\n"


def test_including_after_the_clause_has_gone_on_names_partners_not_addressees():
    parsed = parse_text(
        BASEL_HEAD + "1.\tRequests the Secretariat to cooperate with relevant organizations, including WHO and UNIDO, "
        "on training;\n2.\tInvites relevant organizations, including UNITAR, to share information.\n"
    )
    assert mandates(parsed) == [
        ("bc-17-9", "o1", 1, "requests", "secretariat", False, None),
        ("bc-17-9", "o2", 2, "invites", "unitar", False, None),  # no addressee before the cue: the cue still counts
    ]
    assert partners(parsed) == [("bc-17-9", "o1", "who"), ("bc-17-9", "o1", "unido"), ("bc-17-9", "o2", "unitar")]


def test_a_sub_paragraph_with_its_own_mandate_keeps_its_conditions():
    parsed = parse_text(
        BASEL_HEAD + "1.\tDecides:\n(a)\tTo request the Secretariat, as resources permit, to prepare guidance;\n"
        "2.\tRequests the Secretariat:\n(a)\tTo prepare guidance;\n(b)\tTo organize a workshop;\n"
        "3.\tInvites Parties to submit information and requests the Secretariat:\n"
        "(a)\tTo compile the information, within available resources;\n"
    )
    assert mandates(parsed) == [
        ("bc-17-9", "o2", 2, "requests", "secretariat", False, None),  # nothing conditional in its sub-paragraphs
        ("bc-17-9", "o3", 3, "invites", "parties", False, None),  # the sub-paragraphs detail the last clause only
        ("bc-17-9", "o3", 3, "requests", "secretariat", True, None),
    ]


def test_a_convention_naming_the_three_conventions_cooperates_with_the_other_two_and_brs():
    parsed = parse_text(
        "Decision RC-12/3: Test\nThe Conference of the Parties,\n"
        "1.\tRequests the Secretariat to report on the joint activities of the Basel, Rotterdam and Stockholm "
        "conventions (see UNEP/FAO/RC/COP.12/INF/4 and UNEP/FAO/RC/…);\n"
    )
    assert partners(parsed) == [("rc-12-3", "o1", "brs"), ("rc-12-3", "o1", "basel"), ("rc-12-3", "o1", "stockholm")]


@pytest.mark.parametrize(
    ("first_line", "passage", "expected"),
    [
        # a UNEA document: the Assembly is never its own partner, UNEP and FAO are
        ("UNEP/EA.6/INF/3", "The United Nations Environment Assembly welcomed the work of UNEP and FAO.",
         ["unep", "fao"]),
        # letters inside a symbol, even one the symbol grammar does not know, are no organisation
        ("Information note", "See documents UNEP/FAO/RC/COP.11/INF/9, WHO/CED/PHE/EPE/19.4.1 and FAO/UNEP.",
         ["fao", "unep"]),  # only the bare "FAO/UNEP" names both
        ("Note d’information", "Le Programme interorganisations pour la gestion rationnelle des produits chimiques "
         "a tenu sa réunion.", ["iomc"]),
        ("Note d’information", "Le Programme inter-organisations pour la gestion rationnelle des produits chimiques "
         "a tenu sa réunion.", ["iomc"]),
        ("Note d’information", "La réunion a été convoquée par le PIOGPC et le Fonds pour l’environnement mondial.",
         ["iomc", "gef"]),  # the older French acronym
        # in a Basel document (a note of unknown origin naming Minamata in its first lines is taken as Minamata's)
        ("UNEP/CHW.17/INF/12", "The Minamata Convention and the UN Environment Programme met.",
         ["minamata", "unep"]),
    ],
)  # fmt: skip
def test_partners_of_passages(first_line, passage, expected):
    parsed = parse_text(first_line + "\n" + HEAD.split("\n", 1)[1] + passage + "\n")
    assert [c.organization_id for c in parsed.cooperation] == expected


def test_an_including_list_never_runs_into_the_next_clause():
    parsed = parse_text(BASEL_HEAD + "1.\tRequests the Secretariat and invites Parties, including WHO, to act.\n")
    assert mandates(parsed) == [
        ("bc-17-9", "o1", 1, "requests", "secretariat", False, None),
        ("bc-17-9", "o1", 1, "invites", "parties", False, None),
        ("bc-17-9", "o1", 1, "invites", "who", False, None),
    ]


@pytest.mark.parametrize(
    "passage",
    [
        "The Bureau applied rule 5 of the rules of procedure and article 10 of the Convention.",
        "Le Bureau a appliqué l’article 5 du règlement intérieur et l’article 10 de la Convention.",
        "La Mesa aplicó el artículo 5 del reglamento y el artículo 10 del Convenio.",
        "طبق المكتب المادة 5 من النظام الداخلي والمادة 10 من الاتفاقية.",
        "主席团适用了议事规则第5条和《公约》第10条。",
        "Бюро применило правило 5 правил процедуры и статью 10 Конвенции.",
    ],
)
def test_a_rule_of_procedure_is_no_article(passage):
    """French, Spanish, Arabic and Chinese call a rule of the rules of procedure an "article" too."""
    head = "资料说明\n分发：普遍\n2026年3月1日\n原文：英文\n" if "主席团" in passage else HEAD
    parsed = parse_text(f"{head}{passage}\n")
    assert [(r.ref_kind, r.target) for r in parsed.references] == [("article", "10")]


def test_an_article_of_another_convention_names_its_treaty():
    parsed = parse_text(
        BASEL_HEAD + "1.\tInvites Parties to take into account article 8 of the Convention on Biological Diversity "
        "and article 4.\n"
    )
    assert references(parsed) == [("o1", False, "article", "8", "cbd"), ("o1", False, "article", "4", "basel")]
