"""Issue 3's seed facts, asserted on the PUBLISHED warehouse produced by a real Airflow run (tests/conftest.py)."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def db(airflow_run):
    connection = duckdb.connect(str(airflow_run), read_only=True)
    yield connection
    connection.close()


def rows(db, sql, *params):
    return db.execute(sql, list(params)).fetchall()


# The bundled snapshot holds the two seeds and the multilingual fixtures; the seeds are the files recorded under
# file://seeds/.
SEEDS = "select document_id from marts.documents where url like 'file://seeds/%'"


def test_documents(db):
    docs = rows(
        db,
        "select language, meeting_id, doc_type, symbol from marts.documents where url like 'file://seeds/%' "
        "order by doc_type",
    )
    assert docs == [("ru", "mc-cop-6", "decisions", None), ("ru", "mc-cop-6", "meeting_document", None)]


def test_decision_mc_6_17(db):
    [row] = rows(
        db,
        "select symbol_as_written, status, body, meeting_id, number, preambular_count, operative_count, languages "
        f"from marts.decisions where symbol = 'MC-6/17' and document_id in ({SEEDS})",
    )
    assert row == ("МК-6/17", "adopted", "minamata", "mc-cop-6", 17, 3, 8, ["ru"])


def test_draft_decision(db):
    [row] = rows(
        db,
        "select symbol, symbol_as_written, status, preambular_count, operative_count from marts.decisions "
        f"where status = 'draft' and document_id in ({SEEDS})",
    )
    assert row == (None, "MК-6/[--]", "draft", 3, 7)


def test_paragraph_text_is_clean(db):
    [(dirty,)] = rows(
        db,
        "select count(*) from marts.decision_paragraphs where text like '%[bookmark%' or text like '%footnoteRef%' "
        "or text like '%\t%'",
    )
    assert dirty == 0
    with_footnotes = rows(
        db,
        "select p.kind, p.number from marts.decision_paragraphs p join marts.decisions d using (decision_id) "
        "where d.symbol = 'MC-6/17' and len(p.footnotes) > 0 order by p.kind desc",
    )
    assert with_footnotes == [("preambular", 1), ("operative", 1)]


def test_mandates(db):
    mc = rows(
        db,
        "select paragraph_number, action, actor, subject_to_resources, report_to_meeting_id from marts.mandates m "
        "join marts.decisions d using (decision_id) where d.symbol = 'MC-6/17' order by paragraph_number",
    )
    assert [r[0] for r in mc if r[2] == "secretariat"] == [2, 3, 5, 6, 7, 8]
    assert [r[0] for r in mc if r[3]] == [5]
    assert [(r[0], r[4]) for r in mc if r[4]] == [(8, "mc-cop-7")]
    draft = rows(
        db,
        "select paragraph_number, action, actor, subject_to_resources, report_to_meeting_id from marts.mandates m "
        f"join marts.decisions d using (decision_id) where d.status = 'draft' and d.document_id in ({SEEDS}) "
        "order by paragraph_number, action",
    )
    paragraph5 = {(r[1], r[2]) for r in draft if r[0] == 5}
    assert paragraph5 == {("requests", "executive_secretary"), ("invites", "secretariat")}
    assert sorted(r[0] for r in draft if r[4] == "mc-cop-7") == [3, 7]
    assert [r[0] for r in draft if r[3]] == [3]


def test_cooperation(db):
    mc = rows(
        db,
        "select p.number, a.organization_id from marts.cooperation_activities a "
        "join marts.decision_paragraphs p using (paragraph_id) join marts.decisions d on d.decision_id = a.decision_id "
        "where d.symbol = 'MC-6/17' and p.kind = 'operative'",
    )
    by_number = {}
    for number, org in mc:
        by_number.setdefault(number, set()).add(org)
    assert by_number[5] == {"gmp"}
    assert by_number[6] == {"informea"}
    assert {"basel", "rotterdam", "stockholm"} <= by_number[7]
    draft6 = rows(
        db,
        "select a.organization_id from marts.cooperation_activities a join marts.decision_paragraphs p "
        "using (paragraph_id) join marts.decisions d on d.decision_id = a.decision_id "
        f"where d.status = 'draft' and d.document_id in ({SEEDS}) and p.kind = 'operative' and p.number = 6 "
        "order by 1",
    )
    assert [r[0] for r in draft6] == sorted(["gmp", "cbd", "unfccc", "unccd", "iaea", "unicef"])
    [(orgs_known,)] = rows(
        db,
        "select count(*) from marts.cooperation_activities a left join marts.organizations o using (organization_id) "
        "where o.organization_id is null",
    )
    assert orgs_known == 0


def test_references(db):
    first = rows(
        db,
        "select distinct r.target from marts.document_references r join marts.documents d "
        "on d.document_id = r.from_document_id where d.doc_type = 'decisions' and d.url like 'file://seeds/%' "
        "order by 1",
    )
    # "в соответствии со статьями 17 и 24 Конвенции": bare articles are references too
    assert [r[0] for r in first] == sorted(["17", "24", "MC-5/16", "UNEP/MC/COP.5/19", "UNEP/MC/COP.6/19"])
    second = {
        (kind, target)
        for kind, target in rows(
            db,
            "select r.ref_kind, r.target from marts.document_references r join marts.documents d "
            "on d.document_id = r.from_document_id where d.doc_type = 'meeting_document' "
            "and d.url like 'file://seeds/%'",
        )
    }
    expected_docs = {f"UNEP/MC/COP.6/INF/{n}" for n in range(28, 36)} | {"UNEP/MC/COP.6/22", "UNEP/MC/COP.5/INF/28"}
    assert {t for k, t in second if k == "document"} == expected_docs
    assert {t for k, t in second if k == "resolution"} == {f"UNEP/EA.6/Res.{n}" for n in (3, 4, 5, 6, 9)}
    assert {t for k, t in second if k == "article"} == {"23(5)(b)", "16(2)(a)", "24(2)(c)"}


def test_full_text_search(db):
    db.execute("load fts")
    hits = rows(db, "select paragraph_id from search.paragraphs('секретариату', 'ru')")
    assert len(hits) >= 6
    assert {language for (language,) in rows(db, "select language from search.paragraphs('secretariat', null)")} >= {
        "en",
        "fr",
    }


def test_one_decision_in_six_languages(db):
    [row] = rows(db, "select languages, operative_count from marts.decisions where symbol = 'MC-5/3'")
    assert row == (["ar", "en", "es", "fr", "ru", "zh"], 4)
    formats = rows(db, "select distinct file_format from marts.documents order by 1")
    assert [f for (f,) in formats] == ["docx", "html", "pdf", "txt"]
    aligned = rows(
        db,
        "select number, count(distinct language) from marts.decision_paragraphs "
        "where decision_id = 'mc-5-3' and kind = 'operative' and subparagraph is null group by 1 order by 1",
    )
    assert aligned == [(n, 6) for n in (1, 2, 3, 4)]
