"""parse_and_load: parse cache, quarantine, typed bulk load into a real DuckDB file, audit tables, fingerprint.

The real parser runs on real files; the GX `parsed` suite is replaced by a recorder here (it costs seconds to import
and is tested in test_expectations.py), except in the integration test at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

import expectations
import extractors.parsers
from expectations import ValidationOutcome
from extractors.archive import RawArchive
from extractors.model import RAW_TABLES
from warehouse import load, pipeline
from warehouse.runs import RUN_COLUMNS
from warehouse.settings import get_settings

NOTE = "Записка секретариата\nВ этом тексте нет ни одного решения.\n"


@pytest.fixture
def validated(monkeypatch) -> list[dict]:
    """Replace the GX suite by a recorder that passes (tests append failures to make it fail)."""
    calls: list[dict] = []
    failures: list[str] = []

    def fake(tables, docs_dir):
        calls.append({"tables": tables, "docs_dir": docs_dir})
        return ValidationOutcome(success=not failures, failures=list(failures))

    monkeypatch.setattr(expectations, "validate_parsed", fake)
    calls.append({"failures": failures})  # calls[0] lets a test make the suite fail
    return calls


@pytest.fixture
def settings(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "data"))
    dbt = tmp_path / "dbt_project"
    (dbt / "models").mkdir(parents=True)
    (dbt / "models" / "m.sql").write_text("select 1 as x\n")
    monkeypatch.setenv("MERCURY_DBT_PROJECT_DIR", str(dbt))
    monkeypatch.setenv("MERCURY_EXPECTATIONS_DIR", str(tmp_path / "expectations"))
    return get_settings()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """The two seeds, a text without decisions, an empty file and binary junk."""
    root = tmp_path / "inbox"
    root.mkdir()
    for seed in sorted(Path("tests/fixtures/seeds").glob("*.txt")):
        (root / seed.name).write_bytes(seed.read_bytes())
    (root / "note.txt").write_text(NOTE, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "junk.bin").write_bytes(bytes(range(256)) * 8)
    return root


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_loads_all_tables_and_quarantines_bad_files(settings, inbox, validated) -> None:
    pipeline.ingest(settings, inbox)
    result = pipeline.parse_and_load(settings)
    assert (result["files"], result["parsed"], result["reused"], result["quarantined"]) == (5, 5, 0, 2)
    assert result["documents"] == 3 and result["decisions"] == 2 and result["changed"] is True
    assert result["validation"] == "passed"

    db = settings.warehouse_path
    quarantined = query(db, 'select url, stage, reason, "at" is not null from audit.quarantine order by url')
    assert [(Path(u).name, s, r, a) for u, s, r, a in quarantined] == [
        ("empty.txt", "parse", "empty file", True),
        ("junk.bin", "parse", "binary file: not a text document", True),
    ]
    counts = {t: query(db, f'select count(*) from raw."{t}"')[0][0] for t in RAW_TABLES}
    assert counts == {t: result[t] for t in RAW_TABLES}
    assert counts["paragraphs"] == 21 and counts["mandates"] > 0 and counts["references"] > 0
    assert query(db, "select count(*) from raw.manifest")[0][0] == 5
    assert query(db, "select count(*), count(started_at) from audit.harvest_log")[0] == (5, 5)
    assert query(db, "select count(*) from raw.documents where _loaded_at is null")[0][0] == 0

    [run] = query(db, f"select {', '.join(RUN_COLUMNS)} from audit.runs")
    row = dict(zip(RUN_COLUMNS, run, strict=True))
    assert row["run_id"] == result["run_id"] and row["outcome"] == "loaded" and row["mode"] == "incremental"
    assert (row["files_ingested"], row["files_parsed"], row["files_reused"], row["files_quarantined"]) == (5, 5, 0, 2)
    assert (row["documents"], row["paragraphs"], row["cooperation_activities"]) == (3, 21, counts["cooperation"])
    assert row["finished_at"] >= row["started_at"]

    # the suite saw every raw table as a DataFrame with the model's columns
    frames = validated[1]["tables"]
    assert set(frames) == set(RAW_TABLES)
    assert list(frames["paragraphs"].columns)[:3] == ["paragraph_id", "decision_id", "document_id"]
    assert validated[1]["docs_dir"] == settings.docs_dir


def test_empty_tables_get_the_model_types(settings, tmp_path, validated) -> None:
    only_note = tmp_path / "note"
    only_note.mkdir()
    (only_note / "note.txt").write_text(NOTE, encoding="utf-8")
    pipeline.ingest(settings, only_note)
    result = pipeline.parse_and_load(settings)
    assert (result["documents"], result["decisions"], result["mandates"]) == (1, 0, 0)
    types = dict(
        query(
            settings.warehouse_path,
            "select table_name || '.' || column_name, data_type from information_schema.columns "
            "where table_schema = 'raw'",
        )
    )
    assert types["mandates.subject_to_resources"] == "BOOLEAN"
    assert types["mandates.paragraph_number"] == "BIGINT"
    assert types["paragraphs.actions"] == "VARCHAR[]"
    assert types["references.in_footnote"] == "BOOLEAN"
    assert types["cooperation._loaded_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["decisions.number"] == "BIGINT"


def test_second_load_reuses_the_cache_and_parses_nothing(settings, inbox, validated, monkeypatch) -> None:
    pipeline.ingest(settings, inbox)
    first = pipeline.parse_and_load(settings)
    calls = []
    real = extractors.parsers.parse_file
    monkeypatch.setattr(extractors.parsers, "parse_file", lambda *a, **k: calls.append(k["sha256"]) or real(*a, **k))
    second = pipeline.parse_and_load(settings)
    assert calls == []  # quarantined files are not retried either
    assert (second["parsed"], second["reused"], second["quarantined"]) == (0, 5, 2)
    assert second["fingerprint"] == first["fingerprint"]
    assert second["validation"] == "reused" and len(validated) == 2  # same records, same suites: not re-run
    assert len(query(settings.warehouse_path, "select * from audit.runs")) == 2

    third = pipeline.parse_and_load(settings, full_refresh=True)
    assert (third["parsed"], third["reused"]) == (5, 0) and len(calls) == 5
    assert third["fingerprint"] == first["fingerprint"]  # same inputs, same results
    assert third["validation"] == "passed" and len(validated) == 3

    monkeypatch.setattr(extractors.parsers, "PARSER_VERSION", "999")
    calls.clear()
    fourth = pipeline.parse_and_load(settings)
    assert fourth["parsed"] == 5 and len(calls) == 5
    assert fourth["fingerprint"] != first["fingerprint"]
    assert fourth["validation"] == "passed" and len(validated) == 4


@pytest.mark.parametrize("workers", [1, 2])
def test_an_edited_gazetteer_alias_reparses_without_full_refresh(
    settings, inbox, validated, monkeypatch, tmp_path, workers
):
    """The parse cache key covers the lexicons and the gazetteer: editing an alias (here in a copy named by
    MERCURY_GAZETTEER) re-parses every file on the next run and the cooperation rows follow the new alias, in this
    process or in worker processes (which get the parent's gazetteer choice with their job)."""
    from extractors.gazetteer import GAZETTEER_ENV, GAZETTEER_PATH

    monkeypatch.setenv("MERCURY_PARSE_WORKERS", str(workers))
    monkeypatch.setattr(load, "PARALLEL_MIN_SECONDS", 0.0)  # two workers really start for six small files

    (inbox / "partners.txt").write_text(
        "Information note\nDistr.: General\n1 March 2026\nOriginal: English\n"
        "The secretariat met the Mercury Working Club and the World Health Organization.\n",
        encoding="utf-8",
    )
    gazetteer = tmp_path / "aliases.csv"
    gazetteer.write_bytes(GAZETTEER_PATH.read_bytes())
    monkeypatch.setenv(GAZETTEER_ENV, str(gazetteer))
    pipeline.ingest(settings, inbox)

    def partners() -> list[tuple]:
        return query(settings.warehouse_path, "select organization_id from raw.cooperation where paragraph_id is null "
                     "and text like '%Mercury Working Club%' order by 1")  # fmt: skip

    first = pipeline.parse_and_load(settings)
    assert first["parsed"] == 6 and partners() == [("who",)]
    assert pipeline.parse_and_load(settings)["parsed"] == 0  # unchanged data: nothing parsed again

    with gazetteer.open("a", encoding="utf-8") as handle:
        handle.write("gmp,en,Mercury Working Club\n")  # an alias added by hand
    calls = []
    real = extractors.parsers.parse_file
    monkeypatch.setattr(extractors.parsers, "parse_file", lambda *a, **k: calls.append(k["sha256"]) or real(*a, **k))
    edited = pipeline.parse_and_load(settings)
    assert edited["parsed"] == 6 and edited["reused"] == 0
    assert len(calls) == (6 if workers == 1 else 0)  # workers parse in their own processes
    assert (edited["parse_workers"] or {}).get("processes", 1) == workers
    assert partners() == [("gmp",), ("who",)]
    assert edited["fingerprint"] != first["fingerprint"]


def test_a_parser_crash_is_quarantined_and_retried_when_the_code_changes(settings, inbox, validated, monkeypatch):
    pipeline.ingest(settings, inbox)

    def broken(data, **kwargs):
        raise NotImplementedError("format not handled")

    monkeypatch.setattr(extractors.parsers, "parse_file", broken)
    result = pipeline.parse_and_load(settings)
    assert (result["quarantined"], result["documents"]) == (5, 0)
    reasons = {r for (r,) in query(settings.warehouse_path, "select distinct reason from audit.quarantine")}
    assert reasons == {"NotImplementedError: format not handled"}
    entry = json.loads(next(settings.parsed_dir.glob("*.json")).read_text())
    assert entry["kind"] == "crash" and entry["parser_code"]

    monkeypatch.undo()  # the parser is fixed, but PARSER_VERSION is the same
    monkeypatch.setenv("MERCURY_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(expectations, "validate_parsed", lambda t, d: ValidationOutcome(success=True))
    assert pipeline.parse_and_load(settings)["reused"] == 5  # same parser code: the cached crash stands
    monkeypatch.setattr(load, "parser_code_digest", lambda: "fixed")
    fixed = pipeline.parse_and_load(settings)
    assert (fixed["parsed"], fixed["quarantined"], fixed["documents"]) == (5, 2, 3)


def test_changed_compares_with_the_published_fingerprint(settings, inbox, validated) -> None:
    pipeline.ingest(settings, inbox)
    first = pipeline.parse_and_load(settings)
    assert first["changed"] is True  # nothing published yet
    settings.published_path.parent.mkdir(parents=True)
    settings.published_path.write_bytes(b"stand-in for a published copy")
    settings.published_fingerprint_path.write_text(json.dumps({"fingerprint": first["fingerprint"]}))
    assert pipeline.parse_and_load(settings)["changed"] is False

    (settings.dbt_project_dir / "models" / "m.sql").write_text("select 2 as x\n")  # a model changed
    model_changed = pipeline.parse_and_load(settings)
    assert model_changed["changed"] is True and model_changed["fingerprint"] != first["fingerprint"]

    settings.published_fingerprint_path.write_text(json.dumps({"fingerprint": model_changed["fingerprint"]}))
    (inbox / "another.txt").write_text(NOTE + "ещё одна строка\n", encoding="utf-8")
    pipeline.ingest(settings, inbox)
    assert pipeline.parse_and_load(settings)["changed"] is True  # a new file


def test_failed_validation_keeps_the_last_good_raw_tables(settings, inbox, validated) -> None:
    pipeline.ingest(settings, inbox)
    pipeline.parse_and_load(settings)
    before = query(settings.warehouse_path, "select count(*), max(_loaded_at) from raw.paragraphs")
    # a stricter suite now: the fingerprint changes, so the records are validated again, and fail
    settings.expectations_dir.mkdir()
    (settings.expectations_dir / "parsed_suite.py").write_text("STRICT = True\n")
    validated[0]["failures"].append("parsed.paragraphs: expect_column_values_to_not_be_null(text): 3 rows")
    with pytest.raises(load.ParsedValidationFailed, match=r"expect_column_values_to_not_be_null\(text\)"):
        pipeline.parse_and_load(settings)
    assert query(settings.warehouse_path, "select count(*), max(_loaded_at) from raw.paragraphs") == before
    [(outcome, detail)] = query(
        settings.warehouse_path, "select outcome, detail from audit.runs order by started_at desc limit 1"
    )
    assert outcome == "failed" and "not_be_null(text)" in detail


def test_missing_suite_is_reported_not_hidden(settings, inbox, monkeypatch) -> None:
    monkeypatch.delattr(expectations, "validate_parsed")
    pipeline.ingest(settings, inbox)
    assert pipeline.parse_and_load(settings)["validation"] == "skipped"


def test_empty_archive_is_loud(settings) -> None:
    with pytest.raises(load.NothingToLoad, match="mercury ingest"):
        pipeline.parse_and_load(settings)


def test_finish_run_closes_the_row(settings, inbox, validated) -> None:
    pipeline.ingest(settings, inbox)
    run_id = pipeline.parse_and_load(settings)["run_id"]
    pipeline.finish_run(settings, run_id, "failed", "build: dbt said no")
    rows = query(settings.warehouse_path, "select outcome, detail from audit.runs")
    assert rows == [("failed", "build: dbt said no")]
    with pytest.raises(KeyError):
        pipeline.finish_run(settings, "no-such-run", "published")


def test_raw_archive_is_never_modified_by_the_load(settings, inbox, validated) -> None:
    pipeline.ingest(settings, inbox)
    archive = RawArchive(settings.raw_dir)
    before = archive.manifest_path.read_bytes(), sorted(p.name for p in archive.objects_dir.rglob("*"))
    pipeline.parse_and_load(settings)
    assert (archive.manifest_path.read_bytes(), sorted(p.name for p in archive.objects_dir.rglob("*"))) == before


@pytest.mark.integration
def test_real_parsed_suite_passes_on_the_snapshot(settings) -> None:
    pipeline.ingest(settings)
    result = pipeline.parse_and_load(settings)
    assert result["validation"] == "passed" and result["quarantined"] == 0
    assert (settings.docs_dir / "gx" / "index.html").is_file()
