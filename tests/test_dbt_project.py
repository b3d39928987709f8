"""The dbt project on a real DuckDB file.

Raw tables are filled from records built with the extractors/model.py dataclasses (what the parsers emit), then
`dbt build` runs in-process (dbt.cli.main.dbtRunner) exactly as warehouse/ runs it, and the mart rows are asserted
in full: one merged row per decision across languages and documents, English-first (the preferred text gives the
title, counts and mandates; one cooperation activity per passage across languages),
references resolved to decisions and documents of the warehouse, seeds and derived meetings, plain `marts` schema.
Also: the build works on empty raw tables, emits no warning, the SQL is sqlfluff-clean, and the enumerations in
dbt_project.yml cover what the lexicons can produce.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from extractors.archive import ManifestRow
from extractors.model import (
    RECORD_TYPES,
    CooperationRecord,
    DecisionRecord,
    DocumentRecord,
    MandateRecord,
    ParagraphRecord,
    ReferenceRecord,
    short_hash,
)
from warehouse.transform import close_dbt_connections

ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT = ROOT / "dbt_project"
SEEDS = DBT_PROJECT / "seeds"

RAW_TABLES: dict[str, type] = {**RECORD_TYPES, "manifest": ManifestRow}  # what the loader writes to raw.*
SQL_TYPES: dict[Any, str] = {str: "varchar", int: "bigint", bool: "boolean", float: "double", list[str]: "varchar[]"}


# -- raw tables, typed from the dataclasses --------------------------------------------------------------------


def sql_type(annotation: Any) -> str:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
    return SQL_TYPES[annotation]


def create_raw_tables(con: duckdb.DuckDBPyConnection, rows: dict[str, list[Any]]) -> None:
    """raw.<table> with the loader's column types (DDL from the dataclass hints, so empty tables are typed too),
    filled in bulk from a DataFrame of `asdict` rows."""
    import pandas as pd

    con.execute("create schema if not exists raw")
    for table, record_type in RAW_TABLES.items():
        hints = typing.get_type_hints(record_type)
        columns = [f'"{f.name}" {sql_type(hints[f.name])}' for f in dataclasses.fields(record_type)]
        columns.append("_loaded_at timestamptz default now()")
        con.execute(f'create or replace table raw."{table}" ({", ".join(columns)})')
        records = rows.get(table, [])
        if records:
            frame = pd.DataFrame([dataclasses.asdict(r) for r in records])  # noqa: F841 (read by DuckDB by name)
            con.execute(f'insert into raw."{table}" by name select * from frame')


# -- the records: one decision in two languages and three documents, a draft, an earlier decision -------------


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def document(name: str, **fields: Any) -> DocumentRecord:
    values = {"url": None, "symbol": None, "meeting_id": "mc-cop-6", "file_format": "txt", "published_on": None}
    values.update(fields)
    return DocumentRecord(document_id=sha(name)[:16], sha256=sha(name), parser="seed_text/1", **values)


DOC_RU = document(
    "compilation-ru",
    source="local",
    title="Решения, принятые Конференцией Сторон на ее шестом совещании",
    language="ru",
    doc_type="decisions",
    retrieved_at="2025-11-10T08:00:00.000000Z",
)
DOC_EN = document(
    "compilation-en",
    source="minamata",
    url="https://www.mercuryconvention.org/sites/default/files/documents/decision/COP6-decisions.en.docx",
    title="Decisions adopted by the Conference of the Parties at its sixth meeting",
    language="en",
    doc_type="decisions",
    file_format="docx",
    retrieved_at="2025-11-11T10:00:00+02:00",  # an offset: 08:00 UTC
    published_on="2025-11-07",
)
DOC_RU_COPY = document(
    "mc-6-17-ru-standalone",
    source="minamata",
    url="https://www.mercuryconvention.org/sites/default/files/documents/decision/MC-6-17.ru.docx",
    title="Решение МК-6/17",
    language="ru",
    doc_type="decisions",
    file_format="docx",
    retrieved_at="2025-11-12T08:00:00Z",
)
DOC_NOTE = document(
    "note-ru",
    source="local",
    symbol="UNEP/MC/COP.6/22",
    title="Менеджмент знаний: записка секретариата",
    language="ru",
    doc_type="meeting_document",
    retrieved_at="2025-11-10T09:00:00Z",
)
DOC_19_RU = document(
    "cop6-19-ru",
    source="minamata",
    symbol="UNEP/MC/COP.6/19",
    title="Доклад о ходе осуществления цифровой стратегии",
    language="ru",
    doc_type="meeting_document",
    file_format="pdf",
    retrieved_at="2025-11-09T00:00:00Z",
)
DOC_19_EN = document(
    "cop6-19-en",
    source="minamata",
    symbol="UNEP/MC/COP.6/19",
    title="Report on the implementation of the digital strategy",
    language="en",
    doc_type="meeting_document",
    file_format="pdf",
    retrieved_at="2025-11-08T00:00:00Z",
)
DOC_COP5 = document(
    "compilation-cop5-en",
    source="minamata",
    title="Decisions adopted by the Conference of the Parties at its fifth meeting",
    language="en",
    doc_type="decisions",
    meeting_id="mc-cop-5",
    file_format="pdf",
    retrieved_at="2023-12-01T00:00:00Z",
    published_on="2023-11-20",
)
DOC_REPORT = document(
    "gmp-report-en",
    source="gmp",
    url="https://www.unep.org/globalmercurypartnership/report-2024.pdf",
    title="Report of activities of the Global Mercury Partnership",
    language="en",
    doc_type="report",
    meeting_id="gmp-pag-10",  # not in the gazetteer: marts.meetings derives it from the id
    file_format="pdf",
    retrieved_at="2025-01-15T00:00:00Z",
)
DOCUMENTS = [DOC_RU, DOC_EN, DOC_RU_COPY, DOC_NOTE, DOC_19_RU, DOC_19_EN, DOC_COP5, DOC_REPORT]

TITLE_RU = "Менеджмент знаний и осуществление цифровой стратегии"
TITLE_EN = "Knowledge management and implementation of the digital strategy"
DRAFT = "draft-mc-cop-6-unep-mc-cop-6-22-1"


def decision(decision_id: str, doc: DocumentRecord, **fields: Any) -> DecisionRecord:
    values = {"body": "minamata", "meeting_id": doc.meeting_id, "status": "adopted", "position": 1}
    values.update(fields)
    return DecisionRecord(decision_id=decision_id, document_id=doc.document_id, language=doc.language, **values)


MC617 = {"symbol": "MC-6/17", "number": 17}
DECISIONS = [
    decision("mc-6-17", DOC_RU, symbol_as_written="МК-6/17", title=TITLE_RU, **MC617),
    decision("mc-6-17", DOC_EN, symbol_as_written="MC-6/17", title=TITLE_EN, **MC617),
    decision("mc-6-17", DOC_RU_COPY, symbol_as_written="МК-6/17", title=TITLE_RU, **MC617),
    decision(
        "mc-5-16",
        DOC_COP5,
        symbol="MC-5/16",
        symbol_as_written="MC-5/16",
        number=16,
        position=16,
        title="Digital strategy",
    ),
    decision(
        DRAFT,
        DOC_NOTE,
        symbol=None,
        symbol_as_written="MК-6/[--]",
        number=None,
        status="draft",
        title="Проект решения МК-6/[--]: менеджмент знаний",
    ),
]


def paragraph_id(decision_id: str, language: str, kind: str, number: int, sub: str | None = None) -> str:
    return f"{decision_id}:{language}:{kind[0] if kind == 'preambular' else 'o'}{number}" + (f"-{sub}" if sub else "")


def paragraph(
    decision_id: str, doc: DocumentRecord, position: int, kind: str, number: int, text: str, **fields: Any
) -> ParagraphRecord:
    sub = fields.pop("subparagraph", None)
    return ParagraphRecord(
        paragraph_id=paragraph_id(decision_id, doc.language, kind, number, sub),
        decision_id=decision_id,
        document_id=doc.document_id,
        language=doc.language,
        kind=kind,
        number=number,
        subparagraph=sub,
        position=position,
        text=text,
        lead_verb=fields.pop("lead_verb", None),
        **fields,
    )


def mc_6_17_ru(doc: DocumentRecord) -> list[ParagraphRecord]:
    """The Russian text of MC-6/17 (3 preambular, 3 operative paragraphs, the second with two sub-paragraphs)."""
    return [
        paragraph(
            "mc-6-17",
            doc,
            1,
            "preambular",
            1,
            "ссылаясь на цифровую стратегию,",
            lead_verb="ссылаясь",
            actions=["recalls"],
            footnotes=["UNEP/MC/COP.5/19, приложение I."],
        ),
        paragraph(
            "mc-6-17",
            doc,
            2,
            "preambular",
            2,
            "подчеркивая преимущества цифровизации,",
            lead_verb="подчеркивая",
            actions=["emphasizes"],
        ),
        paragraph(
            "mc-6-17",
            doc,
            3,
            "preambular",
            3,
            "признавая необходимость обмена информацией,",
            lead_verb="признавая",
            actions=["recognizes"],
        ),
        paragraph(
            "mc-6-17",
            doc,
            4,
            "operative",
            1,
            "с удовлетворением отмечает прогресс;",
            lead_verb="с удовлетворением отмечает",
            actions=["notes"],
            footnotes=["Как изложено в документе UNEP/MC/COP.6/19."],
        ),
        paragraph(
            "mc-6-17", doc, 5, "operative", 2, "поручает секретариату:", lead_verb="поручает", actions=["requests"]
        ),
        paragraph("mc-6-17", doc, 6, "operative", 2, "продолжать осуществление стратегии;", subparagraph="a"),
        paragraph(
            "mc-6-17",
            doc,
            7,
            "operative",
            2,
            "при наличии ресурсов сотрудничать с Глобальным партнерством по ртути;",
            subparagraph="b",
        ),
        paragraph(
            "mc-6-17",
            doc,
            8,
            "operative",
            3,
            "поручает секретариату представить доклад Конференции Сторон на ее седьмом совещании.",
            lead_verb="поручает",
            actions=["requests"],
        ),
    ]


PARAGRAPHS = [
    *mc_6_17_ru(DOC_RU),
    *mc_6_17_ru(DOC_RU_COPY),  # the same paragraph ids again, from a later document
    paragraph(
        "mc-6-17",
        DOC_EN,
        1,
        "preambular",
        1,
        "Recalling the digital strategy,",
        lead_verb="Recalling",
        actions=["recalls"],
    ),
    paragraph(
        "mc-6-17",
        DOC_EN,
        2,
        "operative",
        1,
        "Notes with appreciation the progress;",
        lead_verb="Notes",
        actions=["notes"],
    ),
    paragraph(
        "mc-6-17",
        DOC_EN,
        3,
        "operative",
        2,
        "Requests the Secretariat to cooperate with the Global Mercury Partnership;",
        lead_verb="Requests",
        actions=["requests"],
    ),
    paragraph(
        "mc-5-16",
        DOC_COP5,
        1,
        "operative",
        1,
        "Welcomes the digital strategy;",
        lead_verb="Welcomes",
        actions=["welcomes"],
    ),
    paragraph(
        DRAFT, DOC_NOTE, 1, "preambular", 1, "ссылаясь на решение МК-5/16,", lead_verb="ссылаясь", actions=["recalls"]
    ),
    paragraph(
        DRAFT,
        DOC_NOTE,
        2,
        "operative",
        1,
        "поручает Исполнительному секретарю при наличии ресурсов "
        "представить доклад на восьмом совещании и предлагает ЮНЕП участвовать;",
        lead_verb="поручает",
        actions=["requests", "invites"],
    ),
]


def mandate(
    doc: DocumentRecord, decision_id: str, number: int, action: str, actor: str, **fields: Any
) -> MandateRecord:
    pid = paragraph_id(decision_id, doc.language, "operative", number)
    values = {"subject_to_resources": False, "report_to_meeting_id": None, "text": f"text of {pid}"}
    values.update(fields)
    return MandateRecord(
        mandate_id=short_hash(doc.document_id, pid, action, actor),
        decision_id=decision_id,
        paragraph_id=pid,
        document_id=doc.document_id,
        language=doc.language,
        paragraph_number=number,
        action=action,
        actor=actor,
        **values,
    )


def mc_6_17_ru_mandates(doc: DocumentRecord) -> list[MandateRecord]:
    return [
        mandate(
            doc, "mc-6-17", 2, "requests", "secretariat", actor_as_written="секретариату", subject_to_resources=True
        ),
        mandate(
            doc,
            "mc-6-17",
            3,
            "requests",
            "secretariat",
            actor_as_written="секретариату",
            report_to_meeting_id="mc-cop-7",
        ),
    ]


MANDATES = [
    *mc_6_17_ru_mandates(DOC_RU),
    *mc_6_17_ru_mandates(DOC_RU_COPY),
    mandate(DOC_EN, "mc-6-17", 2, "requests", "secretariat", actor_as_written="the Secretariat"),
    mandate(
        DOC_NOTE,
        DRAFT,
        1,
        "requests",
        "executive_secretary",
        actor_as_written="Исполнительному секретарю",
        subject_to_resources=True,
        report_to_meeting_id="mc-cop-8",
    ),
    mandate(DOC_NOTE, DRAFT, 1, "invites", "unep", actor_as_written="ЮНЕП"),
]


def cooperation(
    doc: DocumentRecord, decision_id: str | None, number: int | None, org: str, kind: str, **fields: Any
) -> CooperationRecord:
    pid = paragraph_id(decision_id, doc.language, "operative", number) if decision_id and number else None
    values = {"organization_as_written": org.upper(), "text": f"passage naming {org}"}
    values.update(fields)
    return CooperationRecord(
        activity_id=short_hash(doc.document_id, pid, org, values["text"]),
        decision_id=decision_id,
        paragraph_id=pid,
        document_id=doc.document_id,
        language=doc.language,
        organization_id=org,
        activity_type=kind,
        **values,
    )


COOPERATION = [
    cooperation(DOC_RU, "mc-6-17", 2, "gmp", "joint_activity", organization_as_written="Глобальным партнерством"),
    cooperation(DOC_RU_COPY, "mc-6-17", 2, "gmp", "joint_activity", organization_as_written="Глобальным партнерством"),
    cooperation(DOC_EN, "mc-6-17", 2, "gmp", "joint_activity", organization_as_written="Global Mercury Partnership"),
    cooperation(DOC_NOTE, None, None, "brs", "information_exchange", text="секретариат БРС обменивается информацией"),
    cooperation(DOC_REPORT, None, None, "who", "reporting", text="WHO reported on dental amalgam"),
    cooperation(DOC_REPORT, None, None, "ilo", "reporting", text="ILO reported on artisanal gold mining"),
]


def reference(
    doc: DocumentRecord, decision_id: str | None, pid: str | None, kind: str, target: str, **fields: Any
) -> ReferenceRecord:
    values = {"in_footnote": False, "target_as_written": target, "treaty": None}
    values.update(fields)
    return ReferenceRecord(
        reference_id=short_hash(doc.document_id, pid, target, values["in_footnote"]),
        from_document_id=doc.document_id,
        from_decision_id=decision_id,
        from_paragraph_id=pid,
        ref_kind=kind,
        target=target,
        **values,
    )


RU_P1, RU_O1 = "mc-6-17:ru:p1", "mc-6-17:ru:o1"
REFERENCES = [
    reference(DOC_RU, "mc-6-17", RU_P1, "document", "UNEP/MC/COP.5/19", in_footnote=True),
    reference(DOC_RU, "mc-6-17", RU_P1, "decision", "MC-5/16", target_as_written="МК-5/16"),
    reference(DOC_RU, "mc-6-17", RU_O1, "document", "UNEP/MC/COP.6/19", in_footnote=True),
    reference(DOC_EN, "mc-6-17", "mc-6-17:en:o1", "document", "UNEP/MC/COP.6/19", in_footnote=True),
    reference(DOC_NOTE, None, None, "resolution", "UNEP/EA.6/Res.3", target_as_written="резолюция 6/3"),
    reference(
        DOC_NOTE,
        DRAFT,
        f"{DRAFT}:ru:o1",
        "article",
        "23(5)(b)",
        treaty="minamata",
        target_as_written="подпункт b) пункта 5 статьи 23",
    ),
    reference(DOC_REPORT, None, None, "document", "UNEP/MC/COP.6/22"),
]


def manifest_row(doc: DocumentRecord, url: str | None = None, retrieved_at: str | None = None) -> ManifestRow:
    return ManifestRow(
        sha256=doc.sha256,
        source=doc.source,
        url=url or doc.url,
        path=(url or doc.url or "").rsplit("/", 1)[-1] or None,
        bytes=1000 + len(doc.title or ""),
        media_type="text/plain" if doc.file_format == "txt" else f"application/{doc.file_format}",
        retrieved_at=retrieved_at or str(doc.retrieved_at),
    )


MANIFEST = [
    manifest_row(DOC_RU, url="file:///snapshot/000_compilation_ru.txt"),
    manifest_row(DOC_NOTE, url="file:///snapshot/001_note_ru.txt"),
    *(manifest_row(d) for d in DOCUMENTS if d not in (DOC_RU, DOC_NOTE)),
    # The same bytes seen again later at a mirror: the first observation wins.
    manifest_row(DOC_EN, url="https://mirror.example.org/COP6-decisions.en.docx", retrieved_at="2025-12-01T00:00:00Z"),
]

RAW_ROWS = {
    "documents": DOCUMENTS,
    "decisions": DECISIONS,
    "paragraphs": PARAGRAPHS,
    "mandates": MANDATES,
    "cooperation": COOPERATION,
    "references": REFERENCES,
    "manifest": MANIFEST,
}


# -- running dbt -------------------------------------------------------------------------------------------------


def dbt_build(warehouse: Path, work_dir: Path) -> tuple[Any, list[str]]:
    """`dbt build` in-process; returns the runner result and every warning-level event dbt emitted."""
    from dbt.cli.main import dbtRunner

    warnings: list[str] = []

    def collect(event: Any) -> None:
        if event.info.level in ("warn", "error"):
            warnings.append(f"{event.info.name}: {event.info.msg}")

    args = [
        "build",
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    with pytest.MonkeyPatch.context() as env:  # dbt reads the warehouse path from the environment (profiles.yml)
        env.setenv("MERCURY_WAREHOUSE_PATH", str(warehouse))
        env.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        try:
            result = dbtRunner(callbacks=[collect]).invoke(args)
        finally:
            close_dbt_connections()  # dbt-duckdb keeps the file open at class level
    return result, warnings


def failures(result: Any) -> list[str]:
    nodes = getattr(result.result, "results", None) or []
    passed = ("success", "pass", "no-op")  # exposures are no-ops
    return [f"{r.node.unique_id}: {r.status} {r.message}" for r in nodes if str(r.status) not in passed]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    work = tmp_path_factory.mktemp("dbt_build")
    warehouse = work / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        create_raw_tables(con, RAW_ROWS)
    result, warnings = dbt_build(warehouse, work)
    assert result.success, failures(result) or result.exception
    # the one warning expected: this data's English MC-6/17 is shorter than the Russian (see
    # test_language_versions_that_disagree_are_flagged)
    assert [r for r in failures(result) if "assert_language_versions_agree" not in r] == []
    expected_warnings = ("assert_language_versions_agree", "RunResultWarningMessage: Got 1 result")
    assert [w for w in warnings if not any(e in w for e in expected_warnings)] == []
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


# -- the marts ---------------------------------------------------------------------------------------------------

integration = pytest.mark.integration


@integration
def test_marts_live_in_a_plain_marts_schema(built):
    marts = rows(built, "select table_name from information_schema.tables where table_schema = 'marts' order by 1")
    assert [name for (name,) in marts] == [
        "cooperation_activities",
        "decision_language_checks",
        "decision_paragraphs",
        "decisions",
        "document_references",
        "documents",
        "mandate_followups",
        "mandates",
        "meetings",
        "organization_aliases",
        "organizations",
    ]
    schemas = {s for (s,) in rows(built, "select distinct table_schema from information_schema.tables")}
    assert schemas == {"raw", "staging", "intermediate", "marts", "seeds"}


@integration
def test_decisions_merge_languages_and_documents_into_one_row(built):
    got = rows(built, "select * from marts.decisions order by decision_id")
    assert got == [
        (
            DRAFT,
            None,
            "MК-6/[--]",
            "minamata",
            "mc-cop-6",
            None,
            "draft",
            "Проект решения МК-6/[--]: менеджмент знаний",
            None,
            ["ru"],
            DOC_NOTE.document_id,
            1,
            1,
            "ru",
            1,
            "ru",
        ),
        (
            "mc-5-16",
            "MC-5/16",
            "MC-5/16",
            "minamata",
            "mc-cop-5",
            16,
            "adopted",
            "Digital strategy",
            "Digital strategy",
            ["en"],
            DOC_COP5.document_id,
            0,
            1,
            "en",
            16,
            "en",
        ),
        # The Russian compilation was archived first, but English comes first: the row, its title and its counts
        # (1 + 2, not the Russian 3 + 3) are the English text's.
        (
            "mc-6-17",
            "MC-6/17",
            "MC-6/17",
            "minamata",
            "mc-cop-6",
            17,
            "adopted",
            TITLE_EN,
            TITLE_EN,
            ["en", "ru"],
            DOC_EN.document_id,
            1,
            2,
            "en",
            1,
            "en",
        ),
    ]


@integration
def test_decision_paragraphs_keep_the_first_documents_copy(built):
    got = rows(
        built,
        "select paragraph_id, language, kind, number, subparagraph, document_id, position, actions, footnotes "
        "from marts.decision_paragraphs where decision_id = 'mc-6-17' order by language desc, position",
    )
    ru = DOC_RU.document_id
    en = DOC_EN.document_id
    assert got == [
        ("mc-6-17:ru:p1", "ru", "preambular", 1, None, ru, 1, ["recalls"], ["UNEP/MC/COP.5/19, приложение I."]),
        ("mc-6-17:ru:p2", "ru", "preambular", 2, None, ru, 2, ["emphasizes"], []),
        ("mc-6-17:ru:p3", "ru", "preambular", 3, None, ru, 3, ["recognizes"], []),
        ("mc-6-17:ru:o1", "ru", "operative", 1, None, ru, 4, ["notes"], ["Как изложено в документе UNEP/MC/COP.6/19."]),
        ("mc-6-17:ru:o2", "ru", "operative", 2, None, ru, 5, ["requests"], []),
        ("mc-6-17:ru:o2-a", "ru", "operative", 2, "a", ru, 6, [], []),
        ("mc-6-17:ru:o2-b", "ru", "operative", 2, "b", ru, 7, [], []),
        ("mc-6-17:ru:o3", "ru", "operative", 3, None, ru, 8, ["requests"], []),
        ("mc-6-17:en:p1", "en", "preambular", 1, None, en, 1, ["recalls"], []),
        ("mc-6-17:en:o1", "en", "operative", 1, None, en, 2, ["notes"], []),
        ("mc-6-17:en:o2", "en", "operative", 2, None, en, 3, ["requests"], []),
    ]
    [(total,)] = rows(built, "select count(*) from marts.decision_paragraphs")
    assert total == 11 + 1 + 2  # mc-6-17 (ru + en), mc-5-16, the draft


@integration
def test_mandates_come_from_the_preferred_text_only(built):
    got = rows(built, "select * exclude (mandate_id) from marts.mandates order by decision_id, paragraph_id, action")
    assert got == [
        (
            DRAFT,
            f"{DRAFT}:ru:o1",
            1,
            "invites",
            "unep",
            "ЮНЕП",
            False,
            None,
            f"text of {DRAFT}:ru:o1",
            DOC_NOTE.document_id,
            "ru",
            "ru",
        ),
        (
            DRAFT,
            f"{DRAFT}:ru:o1",
            1,
            "requests",
            "executive_secretary",
            "Исполнительному секретарю",
            True,
            "mc-cop-8",
            f"text of {DRAFT}:ru:o1",
            DOC_NOTE.document_id,
            "ru",
            "ru",
        ),
        # MC-6/17 has an English text: its mandates (and their text) are the English ones, not the Russian two.
        (
            "mc-6-17",
            "mc-6-17:en:o2",
            2,
            "requests",
            "secretariat",
            "the Secretariat",
            False,
            None,
            "text of mc-6-17:en:o2",
            DOC_EN.document_id,
            "en",
            "en",
        ),
    ]
    ids = {m for (m,) in rows(built, "select mandate_id from marts.mandates")}
    assert ids == {m.mandate_id for m in MANDATES if m.document_id in (DOC_EN.document_id, DOC_NOTE.document_id)}


@integration
def test_mandate_followups_list_each_mandate_reporting_to_a_meeting(built):
    # the draft's mandate reports to mc-cop-8: not held (no material, no dates), nothing cites the draft -> open
    got = rows(built, "select * from marts.mandate_followups")
    [draft_request] = [m for m in MANDATES if m.report_to_meeting_id == "mc-cop-8"]
    assert got == [
        (
            draft_request.mandate_id,
            DRAFT,
            f"{DRAFT}:ru:o1",
            1,
            "requests",
            "executive_secretary",
            True,
            "mc-cop-8",
            "open",
            None,
            None,
            0,
            False,
        )
    ]


@integration
def test_cooperation_is_one_activity_per_passage_in_the_preferred_language(built):
    got = rows(
        built,
        "select activity_id, decision_id, paragraph_id, document_id, organization_id, activity_type, language, "
        "text_language from marts.cooperation_activities order by organization_id",
    )
    # mc-6-17 paragraph 2 names the partnership in two Russian copies and the English text: one activity, English.
    [english_gmp] = [c for c in COOPERATION if c.document_id == DOC_EN.document_id]
    [note_brs] = [c for c in COOPERATION if c.organization_id == "brs"]
    [report_ilo, report_who] = sorted((c for c in COOPERATION if c.document_id == DOC_REPORT.document_id),
                                      key=lambda c: c.organization_id)  # fmt: skip
    assert got == [
        (note_brs.activity_id, None, None, DOC_NOTE.document_id, "brs", "information_exchange", "ru", "ru"),
        (english_gmp.activity_id, "mc-6-17", "mc-6-17:en:o2", DOC_EN.document_id, "gmp", "joint_activity", "en", "en"),
        (report_ilo.activity_id, None, None, DOC_REPORT.document_id, "ilo", "reporting", "en", "en"),
        (report_who.activity_id, None, None, DOC_REPORT.document_id, "who", "reporting", "en", "en"),
    ]


@integration
def test_references_resolve_to_warehouse_decisions_and_documents(built):
    got = rows(
        built,
        "select from_document_id, from_paragraph_id, in_footnote, ref_kind, target, treaty, target_decision_id, "
        "target_document_id, target_as_written from marts.document_references order by from_document_id, target",
    )
    expected = [
        (DOC_RU.document_id, RU_P1, False, "decision", "MC-5/16", None, "mc-5-16", None, "МК-5/16"),
        (DOC_RU.document_id, RU_P1, True, "document", "UNEP/MC/COP.5/19", None, None, None, "UNEP/MC/COP.5/19"),
        # UNEP/MC/COP.6/19 exists in ru and en: each citing text resolves to its own language.
        (
            DOC_RU.document_id,
            RU_O1,
            True,
            "document",
            "UNEP/MC/COP.6/19",
            None,
            None,
            DOC_19_RU.document_id,
            "UNEP/MC/COP.6/19",
        ),
        (
            DOC_EN.document_id,
            "mc-6-17:en:o1",
            True,
            "document",
            "UNEP/MC/COP.6/19",
            None,
            None,
            DOC_19_EN.document_id,
            "UNEP/MC/COP.6/19",
        ),
        (
            DOC_NOTE.document_id,
            f"{DRAFT}:ru:o1",
            False,
            "article",
            "23(5)(b)",
            "minamata",
            None,
            None,
            "подпункт b) пункта 5 статьи 23",
        ),
        (DOC_NOTE.document_id, None, False, "resolution", "UNEP/EA.6/Res.3", None, None, None, "резолюция 6/3"),
        # Only a Russian UNEP/MC/COP.6/22 is archived: an English report still resolves to it.
        (
            DOC_REPORT.document_id,
            None,
            False,
            "document",
            "UNEP/MC/COP.6/22",
            None,
            None,
            DOC_NOTE.document_id,
            "UNEP/MC/COP.6/22",
        ),
    ]
    assert got == sorted(expected, key=lambda r: (r[0], r[4]))


@integration
def test_documents_are_completed_from_the_manifest(built):
    got = rows(
        built,
        "select document_id, source, symbol, language, doc_type, meeting_id, url, file_format, retrieved_at, "
        "published_on, original_path from marts.documents where document_id in "
        f"('{DOC_RU.document_id}', '{DOC_EN.document_id}') order by retrieved_at",
    )
    assert got == [
        (
            DOC_RU.document_id,
            "local",
            None,
            "ru",
            "decisions",
            "mc-cop-6",
            "file:///snapshot/000_compilation_ru.txt",
            "txt",
            dt.datetime(2025, 11, 10, 8, 0),
            None,
            "000_compilation_ru.txt",
        ),
        (
            DOC_EN.document_id,
            "minamata",
            None,
            "en",
            "decisions",
            "mc-cop-6",
            DOC_EN.url,
            "docx",
            dt.datetime(2025, 11, 11, 8, 0),
            dt.date(2025, 11, 7),
            "COP6-decisions.en.docx",
        ),
    ]
    [(count,)] = rows(built, "select count(*) from marts.documents")
    assert count == len(DOCUMENTS)


@integration
def test_meetings_are_the_gazetteer_plus_cited_meetings(built):
    with (SEEDS / "meeting_gazetteer.csv").open(encoding="utf-8") as handle:
        gazetteer = {row["meeting_id"] for row in csv.DictReader(handle)}
    assert rows(
        built,
        "select * exclude (session, title_en, notes) from marts.meetings where not in_gazetteer order by meeting_id",
    ) == [
        ("gmp-pag-10", None, "pag", 10, None, None, None, None, False),
        ("mc-cop-8", "minamata", "cop", 8, None, None, None, None, False),
    ]
    known = {m for (m,) in rows(built, "select meeting_id from marts.meetings where in_gazetteer")}
    assert known == gazetteer
    assert rows(
        built,
        "select body, kind, number, city, country, start_date, end_date from marts.meetings "
        "where meeting_id in ('mc-cop-6', 'mc-cop-7', 'iccm-5') order by meeting_id",
    ) == [
        ("gfc", "iccm", 5, "Bonn", "Germany", dt.date(2023, 9, 25), dt.date(2023, 9, 29)),
        ("minamata", "cop", 6, "Geneva", "Switzerland", dt.date(2025, 11, 3), dt.date(2025, 11, 7)),
        ("minamata", "cop", 7, None, None, None, None),
    ]


@integration
def test_gazetteer_seeds_are_published_in_marts(built):
    orgs = dict(rows(built, "select organization_id, kind from marts.organizations"))
    for slug in (
        "gmp",
        "informea",
        "basel",
        "rotterdam",
        "stockholm",
        "brs",
        "who",
        "ilo",
        "unicef",
        "unep",
        "unea",
        "gfc",
        "iomc",
        "cbd",
        "unfccc",
        "unccd",
        "iaea",
        "isp_cwp",
        "icmgp",
        "gef",
        "sip",
        "unitar",
        "unido",
        "fao",
        "wto",
        "world_bank",
        "saicm",
    ):
        assert slug in orgs
    aliases = set(rows(built, "select organization_id, language, alias from marts.organization_aliases"))
    assert ("gmp", "ru", "Глобальное партнерство по ртути") in aliases
    assert ("brs", "ru", "Базельская, Роттердамская и Стокгольмская конвенции") in aliases
    assert ("informea", "ru", "ИнфорМПС") in aliases
    [(comment,)] = rows(
        built, "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'decisions'"
    )
    assert comment.startswith("One row per decision or resolution")  # persist_docs: analysts see the docs


@integration
def test_build_succeeds_on_empty_raw_tables(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        create_raw_tables(con, {})
    result, warnings = dbt_build(warehouse, tmp_path)
    assert result.success, failures(result) or result.exception
    assert warnings == []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for mart in (
            "documents",
            "decisions",
            "decision_paragraphs",
            "mandates",
            "cooperation_activities",
            "document_references",
            "mandate_followups",
        ):
            assert rows(con, f"select count(*) from marts.{mart}") == [(0,)]
        [(meetings,)] = rows(con, "select count(*) from marts.meetings")
    with (SEEDS / "meeting_gazetteer.csv").open(encoding="utf-8") as handle:
        assert meetings == len(list(csv.DictReader(handle)))


# -- the gazetteer file the parser reads too ---------------------------------------------------------------------

REQUIRED_RU_ALIASES = {
    "gmp": "Глобальное партнерство по ртути",
    "informea": "Информационный портал Организации Объединенных Наций по многосторонним природоохранным соглашениям",
    "basel": "Базельская конвенция",
    "rotterdam": "Роттердамская конвенция",
    "stockholm": "Стокгольмская конвенция",
    "brs": "Базельская, Роттердамская и Стокгольмская конвенции",
    "cbd": "Конвенция о биологическом разнообразии",
    "unfccc": "Рамочная конвенция Организации Объединенных Наций об изменении климата",
    "unccd": "Конвенция Организации Объединенных Наций по борьбе с опустыниванием",
    "iaea": "Международное агентство по атомной энергии",
    "unicef": "Детский фонд Организации Объединенных Наций",
    "who": "Всемирная организация здравоохранения",
    "ilo": "Международная организация труда",
    "iomc": "Межорганизационная программа по безопасному обращению с химическими веществами",
    "gfc": "Глобальная рамочная программа по химическим веществам",
    "icmgp": "Международная конференция «Ртуть как глобальный загрязнитель»",
    "isp_cwp": "Межправительственная группа по вопросам научно-политического взаимодействия",
    "unea": "Ассамблея Организации Объединенных Наций по окружающей среде",
    "unep": "Программа Организации Объединенных Наций по окружающей среде",
    "gef": "Глобальный экологический фонд",
}
GENERIC_PHRASES = {
    "Организация Объединенных Наций",
    "United Nations",
    "Organisation des Nations Unies",
    "Naciones Unidas",
    "الأمم المتحدة",
    "联合国",
    "секретариат",
    "secretariat",
    "Convention",
}


def test_alias_gazetteer_names_every_organisation_without_generic_phrases():
    with (SEEDS / "organization_aliases.csv").open(encoding="utf-8") as handle:
        aliases = {(r["organization_id"], r["language"], r["alias"]) for r in csv.DictReader(handle)}
    for org, alias in REQUIRED_RU_ALIASES.items():
        assert (org, "ru", alias) in aliases
    assert ("informea", "ru", "ИнфорМПС") in aliases
    assert {("who", "en", "WHO"), ("unicef", "en", "UNICEF"), ("informea", "en", "InforMEA")} <= aliases
    assert not {a for (_, _, a) in aliases} & GENERIC_PHRASES


def test_enumerations_cover_what_the_lexicons_produce():
    """accepted_values on actions and actors read dbt vars: a verb or addressee the parser can emit must be listed."""
    project_vars = yaml.safe_load((DBT_PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    actions: set[str] = set()
    actors: set[str] = set()
    for path in sorted((ROOT / "extractors" / "lexicon").glob("*.yaml")):
        lexicon = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in ("preambular", "operative"):
            actions |= set((lexicon.get(section) or {}).values())
        actors |= set(lexicon.get("actors") or {})
    assert actions, "no lexicon found"
    assert actions <= set(project_vars["actions"])
    assert actors <= set(project_vars["actor_roles"])


def test_models_are_sqlfluff_clean():
    lint = subprocess.run(
        [sys.executable, "-m", "sqlfluff", "lint", "dbt_project/models", "dbt_project/tests", "--nocolor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


@integration
def test_language_versions_that_disagree_are_flagged(built):
    got = rows(
        built,
        "select decision_id, languages, operative_counts_differ, cited_symbols_differ, versions_disagree "
        "from marts.decision_language_checks order by decision_id",
    )
    assert [r[0] for r in got if r[4]] == ["mc-6-17"]
    [flagged] = [r for r in got if r[0] == "mc-6-17"]
    assert flagged[1] == ["en", "ru"] and (flagged[2] or flagged[3])
