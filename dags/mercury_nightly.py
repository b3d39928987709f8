"""Airflow DAG `mercury_nightly`: the whole pipeline in one DAG, once a day. Wiring only: every step is a
warehouse.pipeline call (the `mercury` CLI calls the same functions). `make run` runs it once through
`airflow dags test`.

Kept cheap to parse (the DAG processor re-imports this file often): no pandas, dbt or Great Expectations here;
warehouse.pipeline imports its workers inside the stage functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from airflow.sdk import dag, task
from mercury_dags.stages import harvest_web_source, load_build_publish
from mercury_dags.window import date_range
from mercury_dags.wiring import (
    DUCKDB_POOL,
    OWNER,
    START_DATE,
    date_params,
    default_args,
    full_refresh_param,
    harvest_task_args,
    input_dir_param,
    meeting_param,
    sources_param,
    transform_task_args,
)

from warehouse import pipeline
from warehouse.settings import get_settings

DOC_MD = f"""
# mercury_nightly

**What it does.** Builds the Minamata decisions warehouse from its sources, once a day, in one DAG:

1. `ingest` — puts input files into the raw archive (`data/raw/`): the bundled offline snapshot, or every file of
   the folder given in the `input_dir` parameter. In parallel, `harvest` fetches each web source chosen in the
   `sources` parameter (none by default), optionally limited to a date range and a `meeting` (e.g. `mc-cop-5`).
2. `load` — parses archived files not parsed yet (cached), validates the records (GX suite `parsed`) and bulk-loads
   them with the audit tables into the build warehouse (`data/warehouse.duckdb`). Unparseable files are
   quarantined in `audit.quarantine` with a reason; the run goes on. Files that read like decisions but yield
   none are flagged in `audit.parse_warnings` (the task log counts them).
3. `decide` — when inputs, parser and models are unchanged since the last publish (and `full_refresh` is off),
   the run stops here (`record_unchanged`); otherwise:
4. `transform` (`dbt build`) → `check` (GX suite `marts`, Data Docs in `data/docs/gx/`) → `publish` (atomic swap of
   `data/published/mercury.duckdb`) → `export` (`data/exports/`: Parquet, CSV, datapackage.json, report) →
   `record_published`.

Every step is a function of `warehouse/pipeline.py`; `mercury run` (the CLI) calls the same functions. The same
stages split per source and per dbt model are the `mercury_harvest_*` and `mercury_transform` DAGs; where those
run, keep this one paused (both write the same warehouse; the `{DUCKDB_POOL}` pool keeps them from overlapping).

**Owner:** {OWNER} (the warehouse maintainers; issues in the project tracker).

**When it fails.** Nothing half-done is published: the analysts' copy changes only after `check` passed. The failed
run is recorded in `audit.runs` (outcome `failed`, with the task and the error). Then:

- `ingest`/`harvest` failed: they retry with exponential backoff first; read the log (a missing folder, a site down).
- `load` failed: read the task log; a file that cannot be parsed is *not* a failure (see `audit.quarantine`).
- `transform` failed: a dbt model or data test failed; reproduce with `mercury build` (dbt output names the test).
- `check` failed: the log lists each failed expectation (`marts.<table>: <expectation>(<column>): …`); open
  `data/docs/gx/index.html` for the full report, fix the parser or the model, re-run.
- `check` failed on `marts.decision_yield`: too many decision-typed documents yielded no decision (the share is
  the setting `MERCURY_MAX_NO_DECISION_SHARE`, default 0.05); `audit.parse_warnings` says which files look like
  decisions and why. Teach the parser their shape, or raise the share if they are expected.
- `Could not set lock` errors: something else held the build warehouse; make sure writers use the `{DUCKDB_POOL}`
  pool (1 slot) and clear the task.

Transforms are deterministic and not retried automatically; clearing a failed task is always safe (every stage is
idempotent). `full_refresh` re-parses every file and rebuilds everything.
"""


@dag(
    dag_id="mercury_nightly",
    schedule="@daily",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(**transform_task_args()),
    tags=["mercury", "warehouse", "duckdb"],
    doc_md=DOC_MD,
    params={
        "input_dir": input_dir_param(),
        "sources": sources_param(),
        **date_params(),
        "meeting": meeting_param(),
        "full_refresh": full_refresh_param(),
    },
)
def mercury_nightly() -> None:
    @task(multiple_outputs=False)
    def ingest(params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Put the input files into the raw archive (bundled snapshot, or the `input_dir` folder)."""
        input_dir = (params or {}).get("input_dir")
        return pipeline.ingest(get_settings(), Path(input_dir) if input_dir else None)

    @task
    def web_sources(params: dict[str, Any] | None = None) -> list[str]:
        """The web sources this run harvests (`sources` param; with a `meeting`, only the source publishing it)."""
        params = params or {}
        date_range(params)  # an end before the start is refused here, before anything is fetched
        chosen = list(params.get("sources") or [])
        meeting = params.get("meeting")
        return [s for s in chosen if pipeline.meeting_source(meeting) == s] if meeting else chosen

    @task(
        doc_md="Fetch what is new on one web source into the raw archive (one mapped task per source).",
        multiple_outputs=False,
        **harvest_task_args(),
    )
    def harvest(source: str, **context: Any) -> dict[str, Any]:
        """Fetch what is new on one web source into the raw archive (one mapped task per source, in parallel)."""
        return harvest_web_source(source, context)

    # The parameters are checked before anything is archived; ingest runs beside the harvests' expansion, so a run
    # harvesting nothing goes straight on to load (`airflow dags test` waits a second whenever a wave is empty).
    sources = web_sources()
    sources >> (ingested := ingest())
    [ingested, harvest.expand(source=sources)] >> load_build_publish()


mercury_nightly()
