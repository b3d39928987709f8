"""The GX suites: a clean set passes, each kind of planted fault is named in the failures, empty input is fine.

GX runs are a few seconds each, so every scenario is validated once (module-scoped fixtures) and asserted on by
several tests.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from expectations import ValidationFailed, ValidationOutcome, validate_marts, validate_parsed
from extractors.model import (
    CooperationRecord,
    DecisionRecord,
    DocumentRecord,
    MandateRecord,
    ParagraphRecord,
    ParsedDocument,
    ReferenceRecord,
)

SHA = "04f2840c8cbf81be" + "0" * 48
DOC = SHA[:16]


def parsed_document() -> ParsedDocument:
    """A small, valid parse of a one-decision Russian document (shaped like the first seed)."""
    document = DocumentRecord(
        document_id=DOC,
        sha256=SHA,
        source="local",
        url=None,
        symbol="UNEP/MC/COP.6/22",
        title="Решения, принятые Конференцией Сторон",
        language="ru",
        doc_type="decisions",
        meeting_id="mc-cop-6",
        file_format="txt",
        retrieved_at="2025-11-23T09:00:00Z",
        published_on=None,
        parser="seed_text/1",
    )
    in_mc_6_17 = {"decision_id": "mc-6-17", "document_id": DOC, "language": "ru"}  # every record below
    decision = DecisionRecord(
        **in_mc_6_17,
        symbol="MC-6/17",
        symbol_as_written="МК-6/17",
        body="minamata",
        meeting_id="mc-cop-6",
        number=17,
        status="adopted",
        title="Менеджмент знаний и осуществление цифровой стратегии",
        position=1,
    )
    paragraphs = [
        ParagraphRecord(
            paragraph_id="mc-6-17:ru:p1",
            **in_mc_6_17,
            kind="preambular",
            number=1,
            subparagraph=None,
            position=1,
            text="ссылаясь на цифровую стратегию для Минаматской конвенции о ртути,",
            lead_verb="ссылаясь",
            actions=["recalls"],
            footnotes=["UNEP/MC/COP.5/19, приложение I."],
        ),
        ParagraphRecord(
            paragraph_id="mc-6-17:ru:o2",
            **in_mc_6_17,
            kind="operative",
            number=2,
            subparagraph=None,
            position=2,
            text="поручает секретариату продолжать осуществление цифровой стратегии;",
            lead_verb="поручает",
            actions=["requests"],
        ),
    ]
    mandate = MandateRecord(
        mandate_id="m1",
        **in_mc_6_17,
        paragraph_id="mc-6-17:ru:o2",
        paragraph_number=2,
        action="requests",
        actor="secretariat",
        actor_as_written="секретариату",
        subject_to_resources=False,
        report_to_meeting_id="mc-cop-7",
        text=paragraphs[1].text,
    )
    cooperation = CooperationRecord(
        activity_id="c1",
        **in_mc_6_17,
        paragraph_id="mc-6-17:ru:o2",
        organization_id="gmp",
        organization_as_written="Глобальным партнерством по ртути",
        activity_type="coordination",
        text=paragraphs[1].text,
    )
    reference = ReferenceRecord(
        reference_id="r1",
        from_document_id=DOC,
        from_decision_id="mc-6-17",
        from_paragraph_id="mc-6-17:ru:p1",
        in_footnote=True,
        ref_kind="document",
        target="UNEP/MC/COP.5/19",
        target_as_written="UNEP/MC/COP.5/19,",
        treaty=None,
    )
    return ParsedDocument(document, [decision], paragraphs, [mandate], [cooperation], [reference])


def frames(parsed: ParsedDocument) -> dict[str, pd.DataFrame]:
    return {table: pd.DataFrame(rows) for table, rows in parsed.tables().items()}


def failures_matching(outcome: ValidationOutcome, *parts: str) -> list[str]:
    return [line for line in outcome.failures if all(part in line for part in parts)]


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("docs")


@pytest.fixture(scope="module")
def clean_parsed(docs_dir: Path) -> ValidationOutcome:
    return validate_parsed(frames(parsed_document()), docs_dir)


@pytest.fixture(scope="module")
def faulty_parsed(docs_dir: Path) -> ValidationOutcome:
    parsed = parsed_document()
    parsed.paragraphs[0].text = "[bookmark: _Toc213853074]ссылаясь на стратегию[footnoteRef:2],"
    parsed.paragraphs[1].paragraph_id = parsed.paragraphs[0].paragraph_id  # duplicate id
    parsed.document.language = "xx"
    parsed.decisions[0].symbol = "МК-6/17"  # Cyrillic look-alikes: not canonical
    parsed.mandates[0].actor = None  # type: ignore[assignment]
    parsed.references[0].ref_kind = "citation"
    tables = frames(parsed)
    tables["paragraphs"].loc[1, "number"] = 0
    return validate_parsed(tables, docs_dir)


def test_clean_parsed_records_pass(clean_parsed: ValidationOutcome) -> None:
    assert clean_parsed.failures == []
    assert clean_parsed.success
    stats = clean_parsed.statistics
    assert stats["suite"] == "parsed"
    assert stats["rows"] == {
        "documents": 1,
        "decisions": 1,
        "paragraphs": 2,
        "mandates": 1,
        "cooperation": 1,
        "references": 1,
    }
    assert stats["unsuccessful_expectations"] == 0
    assert stats["evaluated_expectations"] == stats["successful_expectations"] > 50
    clean_parsed.raise_on_failure()  # no exception


def test_markup_left_in_text_is_named(faulty_parsed: ValidationOutcome) -> None:
    (line,) = failures_matching(faulty_parsed, "parsed.paragraphs:", "expect_column_values_to_not_match_regex(text)")
    assert "1 of 2 rows" in line
    assert "[bookmark: _Toc213853074]" in line


def test_bad_enum_values_are_named(faulty_parsed: ValidationOutcome) -> None:
    assert failures_matching(faulty_parsed, "parsed.documents:", "expect_column_values_to_be_in_set(language)", "'xx'")
    assert failures_matching(faulty_parsed, "parsed.references:", "be_in_set(ref_kind)", "'citation'")


def test_duplicate_id_and_bad_number_are_named(faulty_parsed: ValidationOutcome) -> None:
    # paragraph ids repeat across files holding the same decision text (DOCX and PDF): unique per file
    unique = "expect_compound_columns_to_be_unique(paragraph_id, document_id)"
    assert failures_matching(faulty_parsed, "parsed.paragraphs:", unique, "2 of 2 rows")
    assert failures_matching(faulty_parsed, "parsed.paragraphs:", "expect_column_values_to_be_between(number)")


def test_non_canonical_symbol_and_missing_actor_are_named(faulty_parsed: ValidationOutcome) -> None:
    assert failures_matching(faulty_parsed, "parsed.decisions:", "expect_column_values_to_match_regex(symbol)", "МК")
    assert failures_matching(faulty_parsed, "parsed.mandates:", "expect_column_values_to_not_be_null(actor)")


def test_faulty_set_fails_with_exactly_the_planted_faults(faulty_parsed: ValidationOutcome) -> None:
    assert not faulty_parsed.success
    assert len(faulty_parsed.failures) == 7, faulty_parsed.failures
    with pytest.raises(ValidationFailed, match="7 data check"):
        faulty_parsed.raise_on_failure()


def test_adopted_decision_needs_a_symbol_unless_it_is_a_symbolless_web_copy(docs_dir: Path) -> None:
    parsed = parsed_document()
    parsed.decisions[0].symbol = None
    outcome = validate_parsed(frames(parsed), docs_dir)
    assert outcome.failures == [
        "parsed.decisions: expect_column_values_to_match_regex(decision_id where status == 'adopted' "
        "and symbol is null): 1 of 1 rows unexpected, e.g. [\"'mc-6-17'\"]"
    ]
    # a web copy that states no symbol: its id says so (issue 11), even when nothing names its body
    parsed.decisions[0].decision_id = "nosymbol-unknown-abc-1"
    parsed.decisions[0].body = None
    assert validate_parsed(frames(parsed), docs_dir).failures == []


def test_empty_and_missing_tables_pass(docs_dir: Path) -> None:
    """A run that parsed nothing new hands over empty tables (or none at all): not an error."""
    empty = {table: pd.DataFrame() for table in ("documents", "paragraphs")}
    empty["mandates"] = pd.DataFrame(columns=["mandate_id"])
    outcome = validate_parsed(empty, docs_dir)
    assert outcome.failures == []
    assert outcome.statistics["rows"]["documents"] == 0


def test_unknown_table_and_missing_column_are_failures(docs_dir: Path) -> None:
    tables = frames(parsed_document())
    tables["documents"] = tables["documents"].drop(columns=["doc_type"])
    tables["paragraph"] = tables.pop("paragraphs")
    outcome = validate_parsed(tables, docs_dir)
    assert "parsed.paragraph: not a parsed table, not validated" in outcome.failures
    assert failures_matching(outcome, "parsed.documents:", "expect_table_columns_to_match_set", "missing", "doc_type")
    assert failures_matching(outcome, "parsed.documents:", "be_in_set(doc_type)", "could not run")


# --- marts ------------------------------------------------------------------------------------------------------

MARTS_DDL = """
create schema raw;
create table raw.documents as select '{doc}' as document_id;
create schema marts;
create table marts.documents as select
    '{doc}' as document_id, 'local' as source, 'UNEP/MC/COP.6/22' as symbol, 'Решения' as title, 'ru' as language,
    'decisions' as doc_type, 'mc-cop-6' as meeting_id, null::varchar as url, '{sha}' as sha256, 'txt' as file_format,
    now() as retrieved_at, null::date as published_on;
create table marts.meetings as select
    'mc-cop-6' as meeting_id, 'minamata' as body, 'cop' as kind, 6 as number, 'Geneva' as city,
    'Switzerland' as country, date '2025-11-03' as start_date, date '2025-11-07' as end_date;
create table marts.decisions as select
    'mc-6-17' as decision_id, 'MC-6/17' as symbol, 'МК-6/17' as symbol_as_written, 'minamata' as body,
    'mc-cop-6' as meeting_id, 17 as number, 'adopted' as status, 'Менеджмент знаний' as title,
    null::varchar as title_en, ['ru'] as languages, '{doc}' as document_id, 3 as preambular_count,
    8 as operative_count;
create table marts.decision_paragraphs as select
    'mc-6-17:ru:o' || i as paragraph_id, 'mc-6-17' as decision_id, 'ru' as language, 'operative' as kind,
    i as number, null::varchar as subparagraph, 'поручает секретариату ' || i as text, 'поручает' as lead_verb,
    ['requests'] as actions, []::varchar[] as footnotes
from range(1, 9) t(i);
create table marts.mandates as select
    'm1' as mandate_id, 'mc-6-17' as decision_id, 'mc-6-17:ru:o2' as paragraph_id, 2 as paragraph_number,
    'requests' as action, 'secretariat' as actor, 'секретариату' as actor_as_written, false as subject_to_resources,
    'mc-cop-7' as report_to_meeting_id, 'поручает секретариату' as text, 'ru' as text_language;
create table marts.mandate_followups as select
    'm1' as mandate_id, 'mc-6-17' as decision_id, 'mc-6-17:ru:o2' as paragraph_id, 'requests' as action,
    'secretariat' as actor, 'mc-cop-7' as report_to_meeting_id, 'open' as status,
    null::varchar as followup_document_id, null::varchar as followup_decision_id, 0 as followup_count;
create table marts.cooperation_activities as select
    'c1' as activity_id, 'mc-6-17' as decision_id, 'mc-6-17:ru:o5' as paragraph_id, '{doc}' as document_id,
    'gmp' as organization_id, 'coordination' as activity_type, 'в сотрудничестве с ГПР' as text,
    'ru' as text_language;
create table marts.organizations as select
    'gmp' as organization_id, 'GMP' as acronym, 'Global Mercury Partnership' as name_en, 'partnership' as kind;
create table marts.organization_aliases as select
    'gmp' as organization_id, 'ru' as language, 'Глобальное партнерство по ртути' as alias;
create table marts.document_references as select
    'r1' as reference_id, '{doc}' as from_document_id, 'mc-6-17' as from_decision_id,
    'mc-6-17:ru:p1' as from_paragraph_id, true as in_footnote, 'document' as ref_kind,
    'UNEP/MC/COP.5/19' as target, null::varchar as treaty, null::varchar as target_decision_id,
    null::varchar as target_document_id;
"""


def build_warehouse(path: Path, *statements: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(MARTS_DDL.format(doc=DOC, sha=SHA))
        for statement in statements:
            con.execute(statement)
    return path


@pytest.fixture(scope="module")
def clean_marts(tmp_path_factory: pytest.TempPathFactory, docs_dir: Path) -> ValidationOutcome:
    path = build_warehouse(tmp_path_factory.mktemp("clean") / "warehouse.duckdb")
    return validate_marts(path, docs_dir)


def test_clean_marts_pass_and_write_data_docs(clean_marts: ValidationOutcome, docs_dir: Path) -> None:
    assert clean_marts.failures == []
    assert clean_marts.statistics["rows"]["decision_paragraphs"] == 8
    index = Path(clean_marts.statistics["data_docs"])
    assert index == docs_dir / "gx" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "marts.decisions" in html or "marts/decisions" in html
    site = docs_dir / "gx" / "validations"
    pages = {p.relative_to(site).parts[:3] for p in site.rglob("*.html")}
    assert ("marts", "decisions", "marts") in pages  # <stage>/<table>/<run name>/...
    assert ("parsed", "paragraphs", "parsed") in pages  # the parsed stage's pages stay linked


def test_faulty_marts_are_named(tmp_path: Path, docs_dir: Path) -> None:
    path = build_warehouse(
        tmp_path / "warehouse.duckdb",
        "update marts.decision_paragraphs set text = text || '[footnoteRef:3]' where number = 1",
        "update marts.decisions set symbol = 'MC 6/17', operative_count = -1",
        "update marts.mandates set actor = null",
        "update marts.cooperation_activities set text_language = 'de'",
        # a follow-up named on a mandate still open, and a status outside reported/open/overdue
        f"update marts.mandate_followups set followup_document_id = '{DOC}'",
        "insert into marts.mandate_followups values ('m2', 'mc-6-17', 'mc-6-17:ru:o3', 'requests', 'secretariat', "
        "'mc-cop-7', 'late', null, null, 0)",
        "delete from marts.documents",
        "drop table marts.meetings",
    )
    outcome = validate_marts(path, docs_dir)
    assert not outcome.success
    expected = [
        ("marts.meetings: table missing",),
        ("marts.decision_paragraphs:", "not_match_regex(text)", "1 of 8 rows"),
        ("marts.decisions:", "match_regex(symbol)", "'MC 6/17'"),
        ("marts.decisions:", "be_between(operative_count)"),
        ("marts.mandates:", "not_be_null(actor)"),
        ("marts.cooperation_activities:", "be_in_set(text_language)"),
        ("marts.mandate_followups:", "be_in_set(status)", "'late'"),
        ("marts.mandate_followups:", "be_null(followup_document_id where status != 'reported')"),
        ("marts.documents:", "expect_table_row_count_to_be_between", "observed 0"),
    ]
    for parts in expected:
        assert failures_matching(outcome, *parts), (parts, outcome.failures)
    assert len(outcome.failures) == len(expected), outcome.failures


def test_missing_warehouse_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    outcome = validate_marts(tmp_path / "absent.duckdb", tmp_path / "docs")
    assert not outcome.success
    assert "not found" in outcome.failures[0]


def test_empty_marts_pass_when_nothing_was_loaded(tmp_path: Path, docs_dir: Path) -> None:
    """A warehouse with no raw documents and empty marts is consistent (first run on an empty input)."""
    emptied = [f"delete from marts.{table}" for table in ("documents", "decisions", "decision_paragraphs", "mandates")]
    path = build_warehouse(tmp_path / "warehouse.duckdb", "delete from raw.documents", *emptied)
    outcome = validate_marts(path, docs_dir)
    assert outcome.failures == []


def test_decision_typed_documents_without_decisions_refuse_the_publish(tmp_path: Path, docs_dir: Path) -> None:
    """No silent drops (issue 11): the marts suite's decision_yield table counts the decision-typed documents
    (marts.documents) and the flagged ones (audit.parse_warnings) that yielded no decision text (raw.decisions)."""
    flagged = "b" * 16
    path = build_warehouse(
        tmp_path / "warehouse.duckdb",
        f"create table raw.decisions as select '{DOC}' as document_id",
        "create schema audit",
        f"create table audit.parse_warnings as select '{flagged}' as document_id, 'no_decision' as kind, "
        "'looks like a decision but yielded none' as reason",
    )
    outcome = validate_marts(path, docs_dir)  # the setting's default: 5 %
    assert outcome.failures == [
        "marts.decision_yield: 1 of 2 decision-typed documents (50.0%) yielded no decision, more than the 5.0% "
        "allowed (setting max_no_decision_share, MERCURY_MAX_NO_DECISION_SHARE); 1 of them look like decisions: "
        "see audit.parse_warnings"
    ]
    assert outcome.statistics["decision_yield"] == {"documents": 2, "without_decision": 1, "max_share": 0.05}
    assert validate_marts(path, docs_dir, max_no_decision_share=0.5).failures == []


def test_record_fields_match_suite_columns() -> None:
    """The parsed suite reads its columns from the model, so a renamed field is checked under its new name."""
    from expectations.parsed_suite import COLUMNS

    assert COLUMNS["paragraphs"] == [f.name for f in dataclasses.fields(ParagraphRecord)]
