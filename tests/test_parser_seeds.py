"""The two real Russian COP-6 seed documents, parsed: the facts of issue 3 and the full structure."""

from __future__ import annotations

import pytest

from tests.parser_helpers import assert_matches_golden, parse_fixture

DECISIONS_SEED = "seeds/000_04f2840c8cbf81be.txt"
NOTE_SEED = "seeds/001_3f9e273696cd8578.txt"


@pytest.fixture(scope="module")
def decisions_doc():
    return parse_fixture(DECISIONS_SEED)


@pytest.fixture(scope="module")
def note_doc():
    return parse_fixture(NOTE_SEED)


def test_compilation_document(decisions_doc):
    doc = decisions_doc.document
    assert (doc.language, doc.doc_type, doc.meeting_id, doc.symbol, doc.file_format) == (
        "ru", "decisions", "mc-cop-6", None, "txt",
    )  # fmt: skip
    assert doc.title == "Решения, принятые Конференцией Сторон Минаматской конвенции о ртути на ее шестом совещании"


def test_decision_mc_6_17(decisions_doc):
    [decision] = decisions_doc.decisions
    assert (decision.decision_id, decision.symbol, decision.symbol_as_written, decision.status) == (
        "mc-6-17", "MC-6/17", "МК-6/17", "adopted",
    )  # fmt: skip
    assert decision.title == "Менеджмент знаний и осуществление цифровой стратегии"
    kinds = [(p.kind, p.number, p.subparagraph) for p in decisions_doc.paragraphs]
    assert kinds == [("preambular", n, None) for n in (1, 2, 3)] + [("operative", n, None) for n in range(1, 9)]


def test_paragraph_text_is_clean_and_footnotes_attached(decisions_doc):
    for paragraph in decisions_doc.paragraphs:
        assert "[" not in paragraph.text and "\t" not in paragraph.text
    footnotes = {(p.kind, p.number): p.footnotes for p in decisions_doc.paragraphs if p.footnotes}
    assert footnotes == {
        ("preambular", 1): ["UNEP/MC/COP.5/19, приложение I."],
        ("operative", 1): ["Как изложено в документе UNEP/MC/COP.6/19."],
    }
    first = decisions_doc.paragraphs[0]
    assert first.text.startswith("ссылаясь на цифровую стратегию для Минаматской конвенции о ртути, с удовлетворением")
    assert first.text.endswith("в поддержку осуществления Конвенции,")


def test_verbs(decisions_doc):
    verbs = [(p.number, p.lead_verb, p.actions) for p in decisions_doc.paragraphs if p.kind == "operative"]
    assert verbs == [
        (1, "с удовлетворением отмечает", ["notes"]),
        (2, "поручает", ["requests"]),
        (3, "признает", ["recognizes", "requests"]),
        (4, "постановляет", ["decides"]),
        (5, "призывает", ["encourages"]),
        (6, "поручает", ["requests"]),
        (7, "поручает", ["requests"]),
        (8, "поручает", ["requests"]),
    ]


def test_mandates_mc_6_17(decisions_doc):
    mandates = [
        (m.paragraph_number, m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
        for m in decisions_doc.mandates
    ]
    assert mandates == [
        (2, "requests", "secretariat", False, None),
        (3, "requests", "secretariat", False, None),
        (5, "encourages", "secretariat", True, None),
        (6, "requests", "secretariat", False, None),
        (7, "requests", "secretariat", False, None),
        (8, "requests", "secretariat", False, "mc-cop-7"),
    ]


def test_cooperation_mc_6_17(decisions_doc):
    partners = {}
    for activity in decisions_doc.cooperation:
        partners.setdefault(activity.paragraph_id, set()).add(activity.organization_id)
    assert partners == {
        "mc-6-17:ru:o5": {"gmp"},
        "mc-6-17:ru:o6": {"informea"},
        "mc-6-17:ru:o7": {"basel", "rotterdam", "stockholm", "brs"},
    }


def test_references_mc_6_17(decisions_doc):
    refs = {(r.ref_kind, r.target, r.in_footnote, r.from_paragraph_id) for r in decisions_doc.references}
    assert refs == {
        ("decision", "MC-5/16", False, "mc-6-17:ru:p1"),
        ("document", "UNEP/MC/COP.5/19", True, "mc-6-17:ru:p1"),
        ("document", "UNEP/MC/COP.6/19", True, "mc-6-17:ru:o1"),
        # bare article citations ("в соответствии со статьями 17 и 24"): one reference per article
        ("article", "17", False, "mc-6-17:ru:p3"),
        ("article", "24", False, "mc-6-17:ru:p3"),
        ("article", "17", False, "mc-6-17:ru:o4"),
        ("article", "24", False, "mc-6-17:ru:o4"),
    }
    assert {r.target_as_written for r in decisions_doc.references if r.ref_kind == "decision"} == {"МК-5/16"}


def test_note_with_draft_decision(note_doc):
    doc = note_doc.document
    assert (doc.language, doc.doc_type, doc.meeting_id, doc.symbol) == ("ru", "meeting_document", "mc-cop-6", None)
    assert doc.title == "Международное сотрудничество и координация"
    [draft] = note_doc.decisions
    assert (draft.status, draft.symbol, draft.symbol_as_written, draft.meeting_id) == (
        "draft", None, "MК-6/[--]", "mc-cop-6",
    )  # fmt: skip
    counts = [(p.kind, p.number) for p in note_doc.paragraphs]
    assert counts == [("preambular", n) for n in (1, 2, 3)] + [("operative", n) for n in range(1, 8)]


def test_draft_mandates(note_doc):
    mandates = [
        (m.paragraph_number, m.action, m.actor, m.subject_to_resources, m.report_to_meeting_id)
        for m in note_doc.mandates
    ]
    assert mandates == [
        (1, "requests", "secretariat", False, None),
        (2, "requests", "secretariat", False, None),
        (3, "requests", "secretariat", True, "mc-cop-7"),
        (4, "requests", "secretariat", False, None),
        (5, "requests", "executive_secretary", False, None),
        (5, "invites", "secretariat", False, None),
        (6, "requests", "secretariat", False, None),
        (7, "requests", "secretariat", False, "mc-cop-7"),
    ]


def test_draft_cooperation(note_doc):
    by_paragraph = {}
    for activity in note_doc.cooperation:
        by_paragraph.setdefault(activity.paragraph_id, []).append(activity.organization_id)
    draft = note_doc.decisions[0].decision_id
    assert sorted(by_paragraph[f"{draft}:ru:o6"]) == sorted(["gmp", "cbd", "unfccc", "unccd", "iaea", "unicef"])
    # the note's own passages (outside the draft) name WHO, ILO and the BRS conventions
    assert set(by_paragraph[None]) == {"who", "ilo", "basel", "rotterdam", "stockholm", "brs"}
    assert all(a.decision_id is None for a in note_doc.cooperation if a.paragraph_id is None)


def test_note_references(note_doc):
    targets = {(r.ref_kind, r.target) for r in note_doc.references}
    documents = {f"UNEP/MC/COP.6/INF/{n}" for n in range(28, 36)} | {"UNEP/MC/COP.6/22", "UNEP/MC/COP.5/INF/28"}
    resolutions = {f"UNEP/EA.6/Res.{n}" for n in (3, 4, 5, 6, 9)}
    articles = {"23(5)(b)", "16(2)(a)", "24(2)(c)"}
    assert targets == (
        {("document", t) for t in documents}
        | {("resolution", t) for t in resolutions}
        | {("article", t) for t in articles}
    )
    assert all(r.treaty == "minamata" for r in note_doc.references if r.ref_kind == "article")
    assert all(r.in_footnote for r in note_doc.references if r.ref_kind == "resolution")


def test_ids_are_stable():
    first, second = parse_fixture(NOTE_SEED), parse_fixture(NOTE_SEED)
    assert first.tables() == second.tables()


@pytest.mark.parametrize(("relative", "name"), [(DECISIONS_SEED, "seed_000"), (NOTE_SEED, "seed_001")])
def test_full_structure(relative, name):
    assert_matches_golden(parse_fixture(relative), name)
