"""publish (atomic swap, marts + audit only, offline full-text index), export (Parquet, CSV, datapackage.json,
report.html) and status, on real DuckDB files. The build warehouse is written here with SQL in the shape of
CONTRACT.md, so these tests do not depend on dbt; the end-to-end run is in test_cli.py (integration)."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from warehouse import pipeline, search
from warehouse.export import NothingToExport
from warehouse.publish import NothingToPublish
from warehouse.runs import write_json
from warehouse.settings import get_settings

BUILD_SQL = """
create schema raw; create table raw.documents as select 'x' as document_id;
create schema staging; create view staging.stg_local__documents as select * from raw.documents;
create schema marts;
create table marts.documents as select * from (values
    ('e00cc26530bcfa23', 'local', null, 'Решения шестого совещания', 'ru', 'decisions', 'mc-cop-6',
     timestamp '2025-11-10 00:00:00'),
    ('128ec848379dcba6', 'local', null, 'Международное сотрудничество', 'ru', 'meeting_document', 'mc-cop-6',
     timestamp '2025-11-10 00:00:00')
) as t(document_id, source, symbol, title, language, doc_type, meeting_id, retrieved_at);
create table marts.decisions as select * from (values
    ('mc-6-17', 'MC-6/17', 'МК-6/17', 'mc-cop-6', 'adopted', ['ru'], 3, 8),
    ('draft-mc-cop-6-1', null, 'MК-6/[--]', 'mc-cop-6', 'draft', ['ru'], 3, 7)
) as t(decision_id, symbol, symbol_as_written, meeting_id, status, languages, preambular_count, operative_count);
comment on table marts.decisions is 'One row per decision or resolution';
comment on column marts.decisions.symbol is 'Canonical ASCII symbol';
create table marts.decision_paragraphs as select * from (values
    ('mc-6-17:ru:o5', 'mc-6-17', 'ru', 'operative', 5, null,
     'поручает секретариату при наличии ресурсов сотрудничать с Глобальным партнерством по ртути', ['requests']),
    ('mc-6-17:ru:o6', 'mc-6-17', 'ru', 'operative', 6, null, 'поручает секретариату сотрудничать с InforMEA',
     ['requests']),
    ('mc-6-17:ru:p1', 'mc-6-17', 'ru', 'preambular', 1, null, 'ссылаясь на цифровую стратегию', ['recalls'])
) as t(paragraph_id, decision_id, language, kind, number, subparagraph, text, actions);
create table marts.mandates as select * from (values
    ('m1', 'mc-6-17', 'mc-6-17:ru:o5', 5, 'requests', 'secretariat', true, null),
    ('m2', 'mc-6-17', 'mc-6-17:ru:o6', 6, 'requests', 'secretariat', false, 'mc-cop-7')
) as t(mandate_id, decision_id, paragraph_id, paragraph_number, action, actor, subject_to_resources,
       report_to_meeting_id);
create table marts.cooperation_activities as select * from (values
    ('a1', 'mc-6-17', 'mc-6-17:ru:o5', 'gmp', 'coordination'),
    ('a2', 'mc-6-17', 'mc-6-17:ru:o6', 'informea', 'information_exchange')
) as t(activity_id, decision_id, paragraph_id, organization_id, activity_type);
create table marts.document_references as select * from (values
    ('r1', 'e00cc26530bcfa23', 'decision', 'MC-5/16'), ('r2', 'e00cc26530bcfa23', 'document', 'UNEP/MC/COP.5/19')
) as t(reference_id, from_document_id, ref_kind, target);
create table marts.organization_aliases as select * from (values
    ('gmp', 'en', 'Global Mercury Partnership'), ('gmp', 'ru', 'Глобальное партнерство по ртути')
) as t(organization_id, language, alias);
create view marts.secretariat_mandates as select * from marts.mandates where actor = 'secretariat';
create schema audit;
create table audit.quarantine (sha256 varchar, url varchar, stage varchar, reason varchar, "at" timestamptz);
insert into audit.quarantine values ('ab', 'file:///junk.bin', 'parse', 'binary file', '2025-11-10 00:00:00+00');
create table audit.runs (run_id varchar, started_at timestamptz, finished_at timestamptz, outcome varchar);
insert into audit.runs values ('run-1', now(), now(), 'loaded');
"""
MART_TABLES = {
    "cooperation_activities",
    "decision_paragraphs",
    "decisions",
    "document_references",
    "documents",
    "mandates",
    "organization_aliases",
    "secretariat_mandates",
}


@pytest.fixture
def settings(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MERCURY_DUCKDB_EXTENSION_DIR", str(tmp_path / "extensions"))
    settings = get_settings()
    settings.data_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute(BUILD_SQL)
    write_json(settings.build_fingerprint_path, {"fingerprint": "f-1", "run_id": "run-1"})
    return settings


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def in_subprocess(path: Path, sql: str) -> list:
    """Query from a fresh process: this process's DuckDB instance cache must not answer for the file."""
    code = (
        "import duckdb, json, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(json.dumps(c.execute(sys.argv[2]).fetchall()))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), sql], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_publish_copies_marts_and_audit_only(settings) -> None:
    result = pipeline.publish(settings)
    published = settings.published_path
    assert result["path"] == str(published)
    schemas = {s for (s,) in query(published, "select distinct schema_name from duckdb_tables()")}
    search_schemas = {"search"} | {search.index_schema(language) for language in search.LANGUAGES}
    assert schemas == {"marts", "audit"} | search_schemas  # + full-text search, one index per language
    tables = {t for (t,) in query(published, "select table_name from duckdb_tables() where schema_name = 'marts'")}
    assert tables == MART_TABLES  # the view was materialised: the copy stands alone
    assert query(published, "select count(*) from duckdb_views() where not internal") == [(0,)]
    assert result["tables"]["marts.secretariat_mandates"] == 2
    assert query(published, "select symbol_as_written from marts.decisions order by 1") == [
        ("MК-6/[--]",),
        ("МК-6/17",),
    ]
    assert query(published, "select comment from duckdb_tables() where table_name = 'decisions'") == [
        ("One row per decision or resolution",)
    ]
    assert query(
        published, "select comment from duckdb_columns() where table_name = 'decisions' and column_name = 'symbol'"
    ) == [("Canonical ASCII symbol",)]
    # the run being published says so in the copy; the build keeps its own row untouched
    assert query(published, "select outcome from audit.runs") == [("published",)]
    assert query(settings.warehouse_path, "select outcome from audit.runs") == [("loaded",)]
    assert sorted(p.name for p in published.parent.iterdir()) == ["fingerprint.json", "mercury.duckdb"]
    assert json.loads(settings.published_fingerprint_path.read_text())["fingerprint"] == "f-1"


def test_published_copy_is_read_only_with_an_offline_fulltext_index(settings) -> None:
    pipeline.publish(settings)
    published = settings.published_path
    with duckdb.connect(str(published), read_only=True) as con:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from marts.decisions")
        con.execute("set autoinstall_known_extensions = false")  # prove nothing is downloaded
        from warehouse.duck import load_fts

        load_fts(con)
        hits = con.execute("select paragraph_id from search.paragraphs('ртуть', 'ru')").fetchall()
    assert hits == [("mc-6-17:ru:o5",)]  # 'ртуть' finds 'ртути' (Russian stemmer of the ru index)

    # the analysts' duckdb shell finds the extension that publish installed (autoload, no network)
    installed = list((settings.duckdb_extension_dir).rglob("fts.duckdb_extension"))
    assert len(installed) == 1
    shell = Path(sys.executable).parent / "duckdb"
    if not shell.exists():
        pytest.skip("duckdb shell (duckdb-cli) not installed")
    sql = (
        f"set extension_directory = '{settings.duckdb_extension_dir}'; "
        "select count(*) from search.paragraphs('секретариату', 'ru');"
    )
    out = subprocess.run(
        [str(shell), "-readonly", "-csv", "-noheader", str(published), "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "2"


def test_readers_of_the_old_copy_keep_reading_it(settings) -> None:
    pipeline.publish(settings)
    old_reader = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        assert old_reader.execute("select count(*) from marts.decisions").fetchone() == (2,)
        with duckdb.connect(str(settings.warehouse_path)) as con:
            con.execute(
                "insert into marts.decisions "
                "select 'mc-6-18', 'MC-6/18', 'МК-6/18', 'mc-cop-6', 'adopted', ['ru'], 1, 1"
            )
        pipeline.publish(settings)
        # the open reader still sees the complete old file (same inode) ...
        assert old_reader.execute("select count(*) from marts.decisions").fetchone() == (2,)
        assert old_reader.execute("select count(*) from marts.mandates").fetchone() == (2,)
    finally:
        old_reader.close()
    # ... and a new reader sees the new one
    assert in_subprocess(settings.published_path, "select count(*) from marts.decisions") == [[3]]


def test_a_failed_publish_leaves_the_published_copy_alone(settings) -> None:
    pipeline.publish(settings)
    before = settings.published_path.read_bytes()
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("drop schema marts cascade")
    with pytest.raises(NothingToPublish, match="no marts"):
        pipeline.publish(settings)
    assert settings.published_path.read_bytes() == before
    assert sorted(p.name for p in settings.published_path.parent.iterdir()) == ["fingerprint.json", "mercury.duckdb"]
    settings.warehouse_path.unlink()
    with pytest.raises(NothingToPublish, match="mercury load"):
        pipeline.publish(settings)


def test_export_writes_every_mart_and_a_valid_datapackage(settings) -> None:
    pipeline.publish(settings)
    result = pipeline.export(settings)
    out = settings.exports_dir
    assert set(result["tables"]) == MART_TABLES
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "mercury-decisions" and package["title"] and package["licenses"][0]["name"]
    resources = package["resources"]
    assert {r["path"] for r in resources} == {f"{t}.{ext}" for t in MART_TABLES for ext in ("csv", "parquet")}
    assert len({r["name"] for r in resources}) == len(resources)
    for resource in resources:
        path = out / resource["path"]
        assert path.is_file() and not Path(resource["path"]).is_absolute()
        assert resource["bytes"] == path.stat().st_size
        assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        assert resource["mediatype"] in {"text/csv", "application/vnd.apache.parquet"}
        names = [f["name"] for f in resource["schema"]["fields"]]
        table = Path(resource["path"]).stem
        assert names == pq.read_schema(out / f"{table}.parquet").names
        with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == names
        for key in resource["schema"].get("primaryKey", []):
            assert key in names
    by_name = {r["name"]: r for r in resources}
    fields = {f["name"]: f["type"] for f in by_name["decisions"]["schema"]["fields"]}
    assert fields == {
        "decision_id": "string",
        "symbol": "string",
        "symbol_as_written": "string",
        "meeting_id": "string",
        "status": "string",
        "languages": "array",
        "preambular_count": "integer",
        "operative_count": "integer",
    }
    assert by_name["decisions"]["schema"]["primaryKey"] == ["decision_id"]
    assert "primaryKey" not in by_name["organization_aliases"]["schema"]  # organization_id repeats
    described = {f["name"]: f["description"] for f in by_name["decisions"]["schema"]["fields"]}
    assert described["symbol"] == "Canonical ASCII symbol"  # from the column comment when dbt docs are absent
    assert {f["type"] for f in by_name["documents"]["schema"]["fields"] if f["name"] == "retrieved_at"} == {"datetime"}

    with (out / "decisions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["symbol_as_written"] for r in rows} == {"МК-6/17", "MК-6/[--]"}
    assert all(json.loads(r["languages"]) == ["ru"] for r in rows)  # arrays as JSON text
    with (out / "documents.csv").open(encoding="utf-8", newline="") as handle:
        assert {r["retrieved_at"] for r in csv.DictReader(handle)} == {"2025-11-10T00:00:00.000000Z"}
    assert pq.read_table(out / "mandates.parquet").num_rows == 2


def test_export_uses_dbt_docs_and_unique_tests(settings) -> None:
    manifest = {
        "nodes": {
            "model.mercury.mandates": {
                "resource_type": "model",
                "name": "mandates",
                "alias": "mandates",
                "schema": "marts",
                "description": "One row per (operative paragraph, addressee) asked to act",
                "columns": {"actor": {"description": "Who is asked to act"}},
            },
            "test.mercury.unique_mandates_mandate_id": {
                "resource_type": "test",
                "attached_node": "model.mercury.mandates",
                "column_name": "mandate_id",
                "test_metadata": {"name": "unique", "kwargs": {"column_name": "mandate_id"}},
            },
        }
    }
    target = settings.dbt_work_dir / "target"
    target.mkdir(parents=True)
    (target / "manifest.json").write_text(json.dumps(manifest))
    pipeline.publish(settings)
    pipeline.export(settings)
    package = json.loads((settings.exports_dir / "datapackage.json").read_text(encoding="utf-8"))
    mandates = next(r for r in package["resources"] if r["name"] == "mandates")
    assert mandates["description"] == "One row per (operative paragraph, addressee) asked to act"
    assert {f["name"]: f["description"] for f in mandates["schema"]["fields"]}["actor"] == "Who is asked to act"
    assert mandates["schema"]["primaryKey"] == ["mandate_id"]


def test_report_is_self_contained_with_charts(settings) -> None:
    pipeline.publish(settings)
    pipeline.export(settings)
    html = (settings.exports_dir / "report.html").read_text(encoding="utf-8")
    for title in (
        "Decisions per meeting",
        "Mandates by action",
        "Mandates by actor",
        "Cooperation activities by organisation",
        "References by kind",
    ):
        assert f"<h2>{title}</h2><svg" in html
    assert "<script" not in html and "<link" not in html and 'src="http' not in html
    assert 'marts.decisions</code></td><td class="num">2<' in html
    assert ">secretariat</text>" in html and ">mc-cop-6</text>" in html


def test_export_replaces_the_previous_export(settings) -> None:
    pipeline.publish(settings)
    settings.exports_dir.mkdir(parents=True)
    (settings.exports_dir / "stale_table.csv").write_text("old")
    pipeline.export(settings)
    assert not (settings.exports_dir / "stale_table.csv").exists()
    assert not list(settings.exports_dir.parent.glob(".exports*"))


def test_export_needs_a_published_copy(settings) -> None:
    with pytest.raises(NothingToExport, match="mercury publish"):
        pipeline.export(settings)


def test_status_counts_the_published_copy(settings) -> None:
    pipeline.publish(settings)
    result = pipeline.status(settings)
    assert {k: result[k] for k in ("documents", "decisions", "paragraphs", "mandates", "quarantined")} == {
        "documents": 2,
        "decisions": 2,
        "paragraphs": 3,
        "mandates": 2,
        "quarantined": 1,
    }
    assert result["cooperation_activities"] == 2
    assert result["last_run"]["run_id"] == "run-1" and result["last_run"]["outcome"] == "loaded"


def test_check_is_the_gate_before_publish(settings, monkeypatch) -> None:
    import expectations
    from expectations import ValidationOutcome
    from warehouse.checks import MartChecksFailed

    seen = []

    def passing(path, docs, **options):
        seen.append((path, docs, options))
        return ValidationOutcome(True)

    monkeypatch.setattr(expectations, "validate_marts", passing)
    assert pipeline.check(settings)["success"] is True
    assert seen == [
        (settings.warehouse_path, settings.docs_dir, {"max_no_decision_share": settings.max_no_decision_share})
    ]

    failed = ValidationOutcome(False, ["marts.decisions: expect_column_values_to_be_unique(decision_id): 1 row"])
    monkeypatch.setattr(expectations, "validate_marts", lambda path, docs, **options: failed)
    with pytest.raises(MartChecksFailed, match=r"expect_column_values_to_be_unique\(decision_id\)"):
        pipeline.check(settings)

    monkeypatch.delattr(expectations, "validate_marts")
    with pytest.raises(RuntimeError, match="nothing is published"):
        pipeline.check(settings)
