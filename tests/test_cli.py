"""The `mercury` command line (typer's CliRunner), on real files in a temporary data directory.

Unit tests replace only dbt and the GX suites (a stand-in transform builds the marts from the loaded raw tables with
SQL); ingest, parse, load, publish, export and status are the real ones. The integration test runs the real
`mercury run` twice in a subprocess: the second run must skip everything after the load.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import expectations
from expectations import ValidationOutcome
from warehouse import pipeline
from warehouse.cli import app
from warehouse.snapshot_tools import add_to_snapshot

runner = CliRunner()

MARTS_FROM_RAW = """
create schema if not exists marts;
create or replace table marts.documents as
    select document_id, source, symbol, title, language, doc_type, meeting_id, url, sha256 from raw.documents;
create or replace table marts.decisions as
    select decision_id, symbol, symbol_as_written, status, meeting_id, title from raw.decisions;
create or replace table marts.decision_paragraphs as
    select paragraph_id, decision_id, language, kind, number, subparagraph, text, actions from raw.paragraphs;
create or replace table marts.mandates as
    select mandate_id, decision_id, paragraph_id, paragraph_number, action, actor, subject_to_resources
    from raw.mandates;
create or replace table marts.cooperation_activities as
    select activity_id, decision_id, paragraph_id, document_id, organization_id, activity_type from raw.cooperation;
create or replace table marts.document_references as select reference_id, ref_kind, target from raw."references";
"""


SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed_snapshot(folder: Path) -> Path:
    """A snapshot of the two seeds only (the bundled one also holds the multilingual fixtures)."""
    add_to_snapshot(sorted(SEEDS.glob("*.txt")), folder)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """A data directory for the test; the env var is registered with monkeypatch so --data-dir cannot leak."""
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.setenv("MERCURY_DUCKDB_EXTENSION_DIR", str(tmp_path / "extensions"))
    monkeypatch.setenv("MERCURY_SNAPSHOT_DIR", str(seed_snapshot(tmp_path / "snapshot")))
    return tmp_path / "data"


@pytest.fixture
def stand_ins(monkeypatch) -> dict[str, int]:
    """dbt and the GX suites replaced; counts how often the transform ran."""
    calls = {"transform": 0, "check": 0}

    def transform(settings, full_refresh=False):
        calls["transform"] += 1
        with duckdb.connect(str(settings.warehouse_path)) as con:
            con.execute(MARTS_FROM_RAW)
        return {"nodes": 6, "by_type": {"model": 6}, "target": str(settings.dbt_work_dir)}

    def check(settings):
        calls["check"] += 1
        return {"success": True, "failures": [], "docs": str(settings.docs_dir)}

    monkeypatch.setattr(pipeline, "transform", transform)
    monkeypatch.setattr(pipeline, "check", check)
    monkeypatch.setattr(expectations, "validate_parsed", lambda tables, docs: ValidationOutcome(success=True))
    return calls


def runs(data_dir: Path) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select outcome, detail from audit.runs order by started_at").fetchall()


def test_run_publishes_then_skips_when_nothing_changed(data_dir: Path, stand_ins) -> None:
    first = runner.invoke(app, ["--data-dir", str(data_dir), "run"])
    assert first.exit_code == 0, first.output
    for stage in ("ingest", "load", "build", "check", "publish", "export"):
        assert f"✓ {stage}" in first.output
    assert "2 files from snapshot: 2 new" in first.output
    assert re.search(r"paragraphs\s+│\s+21 │", first.output) and re.search(r"quarantined files\s+│\s+0 │", first.output)
    assert f'-readonly {data_dir / "published" / "mercury.duckdb"} -c "select symbol, title from marts.decisions"' in (
        first.output
    )
    assert 'search "request" --lang en' in first.output  # the per-language full-text search, ready to paste
    assert (data_dir / "published" / "mercury.duckdb").is_file()
    assert (data_dir / "exports" / "datapackage.json").is_file()
    assert os.environ["MERCURY_DATA_DIR"] == str(data_dir.resolve())  # dbt and GX see the same directory

    second = runner.invoke(app, ["--data-dir", str(data_dir), "run"])
    assert second.exit_code == 0, second.output
    assert "skipped: nothing changed since the last publish" in second.output
    assert "✓ build" not in second.output and stand_ins["transform"] == 1
    assert [outcome for outcome, _ in runs(data_dir)] == ["published", "unchanged"]

    forced = runner.invoke(app, ["--data-dir", str(data_dir), "run", "--full-refresh"])
    assert forced.exit_code == 0, forced.output
    assert "2 parsed, 0 reused" in forced.output and stand_ins["transform"] == 2


def test_run_on_a_users_folder_reports_quarantine(data_dir: Path, tmp_path: Path, stand_ins) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "decision.txt").write_bytes(Path("tests/fixtures/seeds/000_04f2840c8cbf81be.txt").read_bytes())
    (inbox / "broken.bin").write_bytes(bytes(range(256)))
    result = runner.invoke(app, ["--data-dir", str(data_dir), "run", "--input", str(inbox)])
    assert result.exit_code == 0, result.output
    assert "2 files from local: 2 new" in result.output
    assert "1 file(s) quarantined" in result.output
    with duckdb.connect(str(data_dir / "published" / "mercury.duckdb"), read_only=True) as con:
        assert con.execute("select reason from audit.quarantine").fetchall() == [("binary file: not a text document",)]
        assert con.execute("select count(*) from marts.documents").fetchone() == (1,)


def test_a_failing_stage_exits_non_zero_and_is_recorded(data_dir: Path, stand_ins, monkeypatch) -> None:
    def broken_build(settings, full_refresh=False):
        raise RuntimeError("dbt build failed: model.mercury.decisions (error): boom")

    monkeypatch.setattr(pipeline, "transform", broken_build)
    result = runner.invoke(app, ["--data-dir", str(data_dir), "run"])
    assert result.exit_code == 1
    assert "✗ build failed:" in result.output and "model.mercury.decisions" in result.output
    assert not (data_dir / "published").exists()
    [(outcome, detail)] = runs(data_dir)
    assert outcome == "failed" and detail.startswith("build: dbt build failed")


def test_single_stages_in_order(data_dir: Path, stand_ins) -> None:
    def invoke(*args: str) -> str:
        result = runner.invoke(app, ["--data-dir", str(data_dir), *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "2 files from snapshot" in invoke("ingest")
    assert "2 documents; 2 decision texts → 2 decisions in 1 language (ru); 21 paragraphs" in invoke("load")
    invoke("build")
    invoke("check")
    assert "tables ->" in invoke("publish")
    assert "report.html" in invoke("export")
    status = invoke("status")
    assert "Published warehouse" in status and "quarantined files" in status
    assert json.loads((data_dir / "exports" / "datapackage.json").read_text())["resources"]


def test_clear_errors(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["--data-dir", str(data_dir), "ingest", "--input", str(empty)])
    assert result.exit_code == 1 and "✗ ingest failed:" in result.output and "no file to ingest" in result.output
    result = runner.invoke(app, ["--data-dir", str(data_dir), "ingest", "--input", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "does not exist" in result.output
    result = runner.invoke(app, ["--data-dir", str(data_dir), "load"])
    assert result.exit_code == 1 and "mercury ingest" in result.output
    result = runner.invoke(app, ["--data-dir", str(data_dir), "status"])
    assert result.exit_code == 1 and "nothing published yet" in result.output
    result = runner.invoke(app, ["--data-dir", str(data_dir), "publish"])
    assert result.exit_code == 1 and "no build warehouse" in result.output
    assert runner.invoke(app, []).exit_code != 0  # no command: help, non-zero


def test_refusals_suggest_the_flag_of_the_command_that_was_run(data_dir: Path, stand_ins, monkeypatch) -> None:
    """Without --live the real sites are refused before any request, and the hint names the command to re-run:
    `mercury informea-check --live` for the check (it used to suggest `mercury harvest --live`)."""
    monkeypatch.delenv("MERCURY_HARVEST_CONFIG", raising=False)  # the shipped configuration: the public sites
    assert runner.invoke(app, ["--data-dir", str(data_dir), "run"]).exit_code == 0  # a published warehouse
    check = runner.invoke(app, ["--data-dir", str(data_dir), "informea-check"])
    assert check.exit_code == 1
    assert "✗ informea-check failed: informea: refusing to contact https://" in check.output
    assert "`mercury informea-check --live` for the real site" in check.output
    assert "mercury harvest" not in check.output
    harvest = runner.invoke(app, ["--data-dir", str(data_dir), "harvest", "--source", "minamata"])
    assert harvest.exit_code == 1
    assert "`mercury harvest --source minamata --live` for the real site" in harvest.output
    assert not (data_dir / "raw" / "harvest_log.jsonl").exists() or "minamata" not in (
        data_dir / "raw" / "harvest_log.jsonl"
    ).read_text(encoding="utf-8")  # refused before any request


def test_snapshot_add(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MERCURY_SNAPSHOT_DIR", str(tmp_path / "snapshot"))
    new = tmp_path / "UNEP-MC-COP.6-22.txt"
    new.write_text("Решение МК-6/1. Проверка", encoding="utf-8")
    result = runner.invoke(app, ["snapshot", "add", str(new)])
    assert result.exit_code == 0, result.output
    assert "1 files: 1 new" in result.output
    [row] = [json.loads(line) for line in (tmp_path / "snapshot" / "manifest.jsonl").read_text().splitlines()]
    assert (row["url"], row["retrieved_at"], row["source"]) == (
        "file://seeds/UNEP-MC-COP.6-22.txt",
        "2025-11-10T00:00:00Z",
        "local",
    )
    again = runner.invoke(app, ["snapshot", "add", str(new)])
    assert "1 files: 0 new" in again.output


@pytest.mark.integration
def test_real_run_twice_in_a_fresh_process(tmp_path: Path) -> None:
    """The real thing: dbt, GX, FTS; the second run with nothing changed skips build..export and is fast."""
    env = {
        **os.environ,
        "MERCURY_DUCKDB_EXTENSION_DIR": str(tmp_path / "extensions"),
        "MERCURY_SNAPSHOT_DIR": str(seed_snapshot(tmp_path / "snapshot")),
    }
    command = [sys.executable, "-m", "warehouse.cli", "--data-dir", str(tmp_path / "data"), "run"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "✓ publish" in first.stdout and "✓ export" in first.stdout
    started = time.monotonic()
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "nothing changed since the last publish" in second.stdout and "✓ build" not in second.stdout
    assert "0 parsed, 2 reused" in second.stdout
    assert time.monotonic() - started < 60
    published = tmp_path / "data" / "published" / "mercury.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from marts.decisions").fetchone()[0] == 2
        outcomes = con.execute("select outcome from audit.runs").fetchall()
    assert outcomes == [("published",)]


@pytest.mark.integration
def test_build_failure_names_the_failed_model(tmp_path: Path, monkeypatch) -> None:
    """Real dbt on a copy of the project with one broken model: the error names it, the CLI exits 1."""
    project = tmp_path / "dbt_project"
    shutil.copytree(
        Path(__file__).parent.parent / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs")
    )
    (project / "models" / "staging" / "stg_broken__things.sql").write_text("select * from no_such_table\n")
    monkeypatch.setenv("MERCURY_DBT_PROJECT_DIR", str(project))
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(expectations, "validate_parsed", lambda tables, docs: ValidationOutcome(success=True))
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert runner.invoke(app, ["load"]).exit_code == 0
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 1
    assert "✗ build failed: dbt build failed: model.mercury.stg_broken__things (error)" in result.output
    assert "no_such_table" in result.output
    assert not (project / "target").exists() and (tmp_path / "data" / "dbt" / "logs" / "dbt.log").is_file()
