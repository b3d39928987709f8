"""Shared fixtures: isolated Airflow environments and one real Airflow run of the nightly DAG per test session.

`airflow_run` runs `scripts/airflow.sh test` (the very command behind `make run`) in a fresh data directory with its
own AIRFLOW_HOME and SQLite metadata DB, and yields the published DuckDB file. Tests that use it are end to end:
mark them `integration`. `run_dag` runs any DAG the same way (`scripts/airflow.sh dag`), `marts_rows` reads a
published warehouse for row-by-row comparisons.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
AIRFLOW_SCRIPT = REPO / "scripts" / "airflow.sh"
RUN_TIMEOUT_SECONDS = 900


def clean_env(data_dir: Path) -> dict[str, str]:
    """This process's environment without any AIRFLOW*/MERCURY_* setting, pointed at data_dir.

    A developer's own AIRFLOW_HOME or MERCURY_DATA_DIR must never leak into (or be written by) a test. Nothing may
    report usage over the internet (astronomer-cosmos would).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "MERCURY_"))}
    env["MERCURY_DATA_DIR"] = str(data_dir)
    env.update(AIRFLOW__COSMOS__ENABLE_TELEMETRY="False", DO_NOT_TRACK="1")
    env["AIRFLOW__COSMOS__CACHE_DIR"] = str(data_dir / "dbt" / "cosmos")
    return env


def run_airflow(
    data_dir: Path, *args: str, log_name: str = "airflow-run.log", extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`scripts/airflow.sh ARGS` in data_dir (ARGS start with the script's command; a bare argument list means
    `test`, the `make run` command); the full output is kept in data_dir/<log_name> for diagnosis."""
    command = list(args) if args and args[0] in ("test", "dag", "airflow") else ["test", *args]
    done = subprocess.run(
        [str(AIRFLOW_SCRIPT), *command],
        env={**clean_env(data_dir), **(extra_env or {})},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )
    (data_dir / log_name).write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
    return done


def run_dag(
    data_dir: Path, dag_id: str, *args: str, log_name: str | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`scripts/airflow.sh dag DAG_ID ARGS`: one in-process run of any DAG (`airflow dags test`)."""
    return run_airflow(data_dir, "dag", dag_id, *args, log_name=log_name or f"{dag_id}.log", extra_env=extra_env)


def marts_rows(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every marts.* table of a DuckDB file: its column names and all its rows in a canonical order."""
    import duckdb

    found: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
        for (table,) in tables:
            relation = con.table(f'marts."{table}"')
            found[table] = (relation.columns, relation.order("all").fetchall())
    return found


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for a subprocess that imports Airflow: its own AIRFLOW_HOME, examples off, our dags/ folder."""
    data_dir = tmp_path_factory.mktemp("airflow-parse")
    env = clean_env(data_dir)
    env.update(
        AIRFLOW_HOME=str(data_dir / "airflow"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
    )
    return env


@pytest.fixture(scope="session")
def airflow_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Run the nightly DAG through Airflow once (`airflow dags test`, fresh data dir and metadata DB) on the bundled
    snapshot; yield the path of the published warehouse, <data dir>/published/mercury.duckdb."""
    data_dir = tmp_path_factory.mktemp("mercury-data")
    done = run_airflow(data_dir, log_name="airflow-run-1.log")
    if done.returncode != 0:
        pytest.fail(
            f"`scripts/airflow.sh test` failed (exit {done.returncode}); full log in {data_dir}/airflow-run-1.log\n"
            + done.stdout[-4000:]
            + done.stderr[-4000:]
        )
    yield data_dir / "published" / "mercury.duckdb"
