"""mercury_transform through Airflow (`airflow dags test`): one astronomer-cosmos task per dbt model and seed.

On the bundled snapshot its published marts must equal, row by row, those of the embedded nightly run (one
`dbt build` task, conftest.airflow_run). With a model broken at run time, exactly that model's task fails, what
depends on it is not run, independent models still build, nothing is published, the failure is in audit.runs with
the task's name, and once the model is fixed its task runs again on its own.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, marts_rows, run_airflow, run_dag
from warehouse import pipeline
from warehouse.settings import Settings

pytestmark = pytest.mark.integration

DAG = "mercury_transform"
BROKEN = "int_meetings__referenced"
BROKEN_TASK = f"dbt.{BROKEN}_model_build"


def ingested(data_dir: Path) -> Path:
    """A data directory whose raw archive holds the bundled snapshot (what mercury_harvest_local archives)."""
    pipeline.ingest(Settings(data_dir=data_dir))
    return data_dir


def task_states(data_dir: Path) -> dict[str, str]:
    with sqlite3.connect(data_dir / "airflow" / "airflow.db") as con:
        [(run_id,)] = con.execute("select run_id from dag_run where dag_id = ? order by id desc limit 1", [DAG])
        rows = con.execute("select task_id, state from task_instance where dag_id = ? and run_id = ?", [DAG, run_id])
        return dict(rows.fetchall())


def test_per_model_tasks_publish_what_one_dbt_build_publishes(
    tmp_path_factory: pytest.TempPathFactory, airflow_run: Path
) -> None:
    data_dir = ingested(tmp_path_factory.mktemp("transform"))
    done = run_dag(data_dir, DAG)
    assert done.returncode == 0, (data_dir / f"{DAG}.log").read_text()[-5000:]
    states = task_states(data_dir)
    dbt_tasks = {task_id: state for task_id, state in states.items() if task_id.startswith("dbt.")}
    models = {p.stem for p in (REPO / "dbt_project" / "models").rglob("*.sql")}
    assert {f"dbt.{model}_model_build" for model in models} <= set(dbt_tasks)
    assert set(dbt_tasks.values()) == {"success"}
    assert states["record_published"] == "success"

    published = marts_rows(data_dir / "published" / "mercury.duckdb")
    embedded = marts_rows(airflow_run)
    assert sorted(published) == sorted(embedded)
    for table, rows in embedded.items():
        assert published[table] == rows, f"marts.{table} differs from the one-task dbt build"


def test_a_broken_model_fails_alone_and_reruns_on_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    data_dir = ingested(tmp_path_factory.mktemp("transform-broken"))
    project = data_dir.parent / "dbt_project"
    shutil.copytree(REPO / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    model = next(project.rglob(f"{BROKEN}.sql"))
    original = model.read_text(encoding="utf-8")
    # Fails when dbt creates it (DuckDB binds a view's columns), while dbt's graph (its refs) stays as it was.
    model.write_text(original.rstrip() + "\nwhere no_such_column = 1\n", encoding="utf-8")
    env = {"MERCURY_DBT_PROJECT_DIR": str(project)}

    done = run_dag(data_dir, DAG, extra_env=env)
    assert done.returncode != 0
    states = task_states(data_dir)
    assert [t for t, state in states.items() if state == "failed"] == [BROKEN_TASK]
    assert states["dbt.meetings_model_build"] == "upstream_failed"  # built from the broken model
    assert states["dbt.decisions_model_build"] == "success"  # independent of it
    assert states["check"] == states["publish"] == "upstream_failed"
    assert not (data_dir / "published" / "mercury.duckdb").exists()
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        [(outcome, detail)] = con.execute("select outcome, detail from audit.runs").fetchall()
    assert outcome == "failed" and detail.startswith(f"{BROKEN_TASK}: ")
    assert not views(data_dir, BROKEN)

    model.write_text(original, encoding="utf-8")
    again = run_airflow(data_dir, "airflow", "tasks", "test", DAG, BROKEN_TASK, log_name="rerun.log", extra_env=env)
    assert again.returncode == 0, (data_dir / "rerun.log").read_text()[-5000:]
    [definition] = views(data_dir, BROKEN)
    assert "no_such_column" not in definition


def views(data_dir: Path, name: str) -> list[str]:
    """The SQL of the build warehouse's views called name (none when it was never created)."""
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return [sql for (sql,) in con.execute("select sql from duckdb_views() where view_name = ?", [name]).fetchall()]
