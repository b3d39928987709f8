"""What any successful nightly run must leave behind, checked after a real Airflow run (conftest.airflow_run).

Generic truths only (files, tables, audit rows); the seed documents' facts are in test_seed_warehouse.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from expectations.marts_suite import COLUMNS as MART_COLUMNS
from tests.conftest import run_airflow

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def data_dir(airflow_run: Path) -> Path:
    return airflow_run.parent.parent


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def second_run(data_dir: Path) -> list[tuple[Any, ...]]:
    """Run the DAG again on the same, unchanged input; return the build warehouse's audit.runs, oldest first."""
    done = run_airflow(data_dir, log_name="airflow-run-2.log")
    assert done.returncode == 0, f"second run failed, log in {data_dir}/airflow-run-2.log"
    return query(
        data_dir / "warehouse.duckdb",
        "select files_parsed, files_reused, files_quarantined, outcome from audit.runs order by started_at",
    )


def test_published_copy_holds_every_mart_with_the_contract_columns(airflow_run: Path) -> None:
    assert airflow_run.is_file()
    columns: dict[str, set[str]] = {}
    for table, column in query(
        airflow_run, "select table_name, column_name from information_schema.columns where table_schema = 'marts'"
    ):
        columns.setdefault(table, set()).add(column)
    for table, expected in MART_COLUMNS.items():
        assert table in columns, f"marts.{table} missing from the published copy"
        assert set(expected) <= columns[table], (table, set(expected) - columns[table])
    [(documents,)] = query(airflow_run, "select count(*) from marts.documents")
    assert documents >= 1


def test_published_copy_is_not_the_build_warehouse(airflow_run: Path, data_dir: Path) -> None:
    """Analysts read their own copy, so a running build never locks them out."""
    build = data_dir / "warehouse.duckdb"
    assert build.is_file()
    assert not airflow_run.samefile(build)


def test_exports_describe_and_hold_every_mart(data_dir: Path) -> None:
    exports = data_dir / "exports"
    package = json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))
    described = {resource["name"] for resource in package["resources"]}
    for table in MART_COLUMNS:
        assert (exports / f"{table}.parquet").stat().st_size > 0, table
        assert (exports / f"{table}.csv").stat().st_size > 0, table
        assert any(table in name for name in described), (table, described)


def test_data_docs_cover_both_suites(data_dir: Path) -> None:
    site = data_dir / "docs" / "gx"
    assert (site / "index.html").is_file()
    for stage, table in (("parsed", "paragraphs"), ("marts", "decision_paragraphs")):
        pages = list((site / "validations" / stage / table).rglob("*.html"))
        assert pages, f"no Data Docs page for {stage}.{table}"


def test_the_run_is_recorded_as_published(data_dir: Path) -> None:
    rows = query(data_dir / "warehouse.duckdb", "select outcome, finished_at is not null from audit.runs")
    assert ("published", True) in rows


def test_second_run_reparses_nothing_and_publishes_nothing_new(
    second_run: list[tuple[Any, ...]], airflow_run: Path
) -> None:
    assert len(second_run) == 2
    first, second = second_run
    assert first[3] == "published"
    assert second == (0, first[0] + first[1], first[2], "unchanged")


def test_only_a_run_that_published_announces_the_published_asset(
    second_run: list[tuple[Any, ...]], data_dir: Path
) -> None:
    """publish updates the Asset mercury://warehouse/published (downstream DAGs schedule on it); the second,
    unchanged run skips publish and announces nothing."""
    import sqlite3

    with sqlite3.connect(data_dir / "airflow" / "airflow.db") as con:
        events = con.execute(
            "select e.source_dag_id, e.source_task_id, e.extra from asset_event e join asset a on a.id = e.asset_id "
            "where a.uri = 'mercury://warehouse/published'"
        ).fetchall()
    assert [(dag_id, task_id) for dag_id, task_id, _ in events] == [("mercury_nightly", "publish")]
    extra = json.loads(events[0][2])
    assert extra["path"] == str(data_dir / "published" / "mercury.duckdb")
    assert (
        extra["tables"]["marts.decisions"]
        == query(data_dir / "published" / "mercury.duckdb", "select count(*) from marts.decisions")[0][0]
    )
