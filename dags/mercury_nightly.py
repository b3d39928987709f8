"""Airflow DAG `mercury_nightly`: the whole pipeline once a day. Wiring only: every step is a warehouse.pipeline call.

Kept cheap to parse (the DAG processor re-imports this file often): no pandas, dbt or Great Expectations here;
warehouse.pipeline imports its workers inside the stage functions.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from airflow.sdk import Param, dag, task

from warehouse import pipeline
from warehouse.settings import get_settings

# One writer per DuckDB file: every task that opens the build warehouse for writing (or reads it while another run
# might write) takes the single slot of this pool. `make run` and docker-compose create it.
DUCKDB_POOL = "duckdb_writer"

DOC_MD = """
# mercury_nightly

**What it does.** Builds the Minamata decisions warehouse from its sources, once a day:

1. `ingest` — puts input files into the raw archive (`data/raw/`): the bundled offline snapshot, or every file of
   the folder given in the `input_dir` parameter.
2. `load` — parses archived files not parsed yet (cached), validates the records (GX suite `parsed`) and bulk-loads
   them with the audit tables into the build warehouse (`data/warehouse.duckdb`). Unparseable files are
   quarantined in `audit.quarantine` with a reason; the run goes on.
3. `decide` — when inputs, parser and models are unchanged since the last publish (and `full_refresh` is off),
   the run stops here (`record_unchanged`); otherwise:
4. `transform` (`dbt build`) → `check` (GX suite `marts`, Data Docs in `data/docs/gx/`) → `publish` (atomic swap of
   `data/published/mercury.duckdb`) → `export` (`data/exports/`: Parquet, CSV, datapackage.json, report) →
   `record_published`.

Every step is a function of `warehouse/pipeline.py`; `mercury run` (the CLI) calls the same functions.

**Owner:** mercury-data (the warehouse maintainers; issues in the project tracker).

**When it fails.** Nothing half-done is published: the analysts' copy changes only after `check` passed. The failed
run is recorded in `audit.runs` (outcome `failed`, with the task and the error). Then:

- `load` failed: read the task log; a file that cannot be parsed is *not* a failure (see `audit.quarantine`).
- `transform` failed: a dbt model or data test failed; reproduce with `mercury build` (dbt output names the test).
- `check` failed: the log lists each failed expectation (`marts.<table>: <expectation>(<column>): …`); open
  `data/docs/gx/index.html` for the full report, fix the parser or the model, re-run.
- `Could not set lock` errors: something else held the build warehouse; make sure writers use the `duckdb_writer`
  pool (1 slot) and clear the task.

Re-running is always safe (every stage is idempotent). `full_refresh` re-parses every file and rebuilds everything.
"""

default_args: dict[str, Any] = {
    "owner": "mercury-data",
    # Retries cover transient trouble (a lock, a slow disk); data errors fail the same way again. `make run` and the
    # tests set MERCURY_DAG_RETRIES=0 so that a failure stops the local run at once.
    "retries": int(os.environ.get("MERCURY_DAG_RETRIES", "2")),
    "retry_delay": timedelta(minutes=5),
    "execution_timeout": timedelta(hours=2),
}


def _record_failure(context: Any) -> None:
    """Final failure of a task after `load`: close this run's audit.runs row as failed (task and error named)."""
    ti = context["ti"]
    loaded = ti.xcom_pull(task_ids="load")
    if loaded:
        pipeline.finish_run(get_settings(), loaded["run_id"], "failed", f"{ti.task_id}: {context.get('exception')}")


@dag(
    dag_id="mercury_nightly",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={**default_args, "on_failure_callback": _record_failure},
    tags=["mercury", "warehouse", "duckdb"],
    doc_md=DOC_MD,
    params={
        "input_dir": Param(
            None,
            type=["null", "string"],
            description="Folder of documents to ingest instead of the bundled snapshot (path on the worker).",
        ),
        "full_refresh": Param(False, type="boolean", description="Re-parse every file and rebuild everything."),
    },
)
def mercury_nightly() -> None:
    @task
    def ingest(params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Put the input files into the raw archive (bundled snapshot, or the `input_dir` folder)."""
        input_dir = (params or {}).get("input_dir")
        return pipeline.ingest(get_settings(), Path(input_dir) if input_dir else None)

    @task(pool=DUCKDB_POOL)
    def load(params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Parse new archived files, validate them (GX `parsed`), bulk-load raw.* and audit.* into the build DB."""
        return pipeline.parse_and_load(get_settings(), full_refresh=bool((params or {}).get("full_refresh")))

    @task.branch
    def decide(loaded: dict[str, Any], params: dict[str, Any] | None = None) -> str:
        """Build only when something changed since the last publish, or when a full refresh was asked for."""
        return "transform" if loaded["changed"] or (params or {}).get("full_refresh") else "record_unchanged"

    @task(pool=DUCKDB_POOL)
    def transform(params: dict[str, Any] | None = None) -> dict[str, Any]:
        """dbt build: seeds, staging, marts and their data tests on the build warehouse."""
        return pipeline.transform(get_settings(), full_refresh=bool((params or {}).get("full_refresh")))

    @task(pool=DUCKDB_POOL)
    def check() -> dict[str, Any]:
        """GX suite `marts` on the build warehouse; fails naming every failed expectation."""
        return pipeline.check(get_settings())

    @task(pool=DUCKDB_POOL)
    def publish() -> dict[str, Any]:
        """Swap in the analysts' copy published/mercury.duckdb atomically."""
        return pipeline.publish(get_settings())

    @task
    def export() -> dict[str, Any]:
        """Write exports/ (Parquet, CSV, datapackage.json, report) from the published copy."""
        return pipeline.export(get_settings())

    @task(pool=DUCKDB_POOL)
    def record_published(loaded: dict[str, Any]) -> None:
        """Close this run in audit.runs: published."""
        pipeline.finish_run(get_settings(), loaded["run_id"], "published")

    @task(pool=DUCKDB_POOL)
    def record_unchanged(loaded: dict[str, Any]) -> None:
        """Close this run in audit.runs: unchanged, nothing rebuilt."""
        pipeline.finish_run(get_settings(), loaded["run_id"], "unchanged")

    loaded = load()
    ingest() >> loaded
    built = transform()
    decide(loaded) >> [built, record_unchanged(loaded)]
    built >> check() >> publish() >> export() >> record_published(loaded)


mercury_nightly()
