"""Defaults, Params, Assets and the failure callback every Mercury DAG uses, defined once (mozilla/telemetry-airflow
style). Every task still calls a warehouse.pipeline function; nothing here touches data itself.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, ExceptionRetryPolicy, Param, RetryAction, RetryRule

from mercury_dags.window import HarvestWindow, harvest_window, live_flag

log = logging.getLogger(__name__)

OWNER = "mercury-data"
# One writer per DuckDB file: every task that opens the build warehouse for writing takes the single slot of this
# pool, whichever DAG it belongs to. scripts/airflow.sh, docker-compose (airflow-init) and the tests create it.
DUCKDB_POOL = "duckdb_writer"
START_DATE = pendulum.datetime(2025, 1, 1, tz="UTC")

# extractors.harvest.SOURCES plus the `local` folder source (not imported from there: it would cost every DAG parse
# ~0.2 s of HTTP client imports; tests/test_dagbag.py checks the two lists agree).
WEB_SOURCES = ("minamata", "unea", "brs", "gfc", "gmp", "informea")
SOURCES = (*WEB_SOURCES, "local")
MEETING_PATTERN = r"^(mc|bc|rc|sc)-cop-\d+$|^unea-\d+$"
LIVE_VARIABLE = "mercury_harvest_live"


def retries(wanted: int) -> int:
    """`wanted`, or fewer when MERCURY_DAG_RETRIES caps it (`make run` and the tests set 0: fail at once)."""
    cap = os.environ.get("MERCURY_DAG_RETRIES")
    return min(wanted, int(cap)) if cap not in (None, "") else wanted


def harvest_task_args() -> dict[str, Any]:
    """Web harvests fail for passing reasons (a site down, rate limiting): retry with exponential backoff,
    5 min -> 10 -> 20, capped at an hour. A full live harvest at 1 request/s can take hours: 4 h timeout.
    Not retried: configuration and input errors (a public URL without live harvests is a PermissionError, a bad
    meeting or option a ValueError), which would fail the same way again."""
    return {
        "retries": retries(3),
        "retry_policy": ExceptionRetryPolicy(
            rules=[
                RetryRule(
                    exception=[PermissionError, ValueError],
                    action=RetryAction.FAIL,
                    reason="configuration or input error: a retry would fail the same way",
                )
            ]
        ),
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(hours=1),
        "execution_timeout": timedelta(hours=4),
    }


def transform_task_args() -> dict[str, Any]:
    """Load, dbt, checks, publish and export are deterministic: a retry would fail the same way, so none. A task
    lost with its worker is cleared by hand (safe: every stage is idempotent)."""
    return {"retries": 0, "execution_timeout": timedelta(hours=1)}


def default_args(**task_args: Any) -> dict[str, Any]:
    return {"owner": OWNER, "on_failure_callback": record_failure, **task_args}


def raw_asset(source: str) -> Asset:
    """The slice of the raw archive one source writes; a harvest announces it when it archived something new."""
    return Asset(name=f"mercury_raw_{source}", uri=f"mercury://raw/{source}", group="mercury")


PUBLISHED_ASSET_NAME, PUBLISHED_ASSET_URI = "mercury_warehouse_published", "mercury://warehouse/published"


def published_asset() -> Asset:
    """The analysts' copy (published/mercury.duckdb), announced by every `publish` task that swapped in a new one:
    downstream DAGs schedule on it (`schedule=Asset.ref(name="mercury_warehouse_published")`, or this Asset)."""
    return Asset(name=PUBLISHED_ASSET_NAME, uri=PUBLISHED_ASSET_URI, group="mercury")


# -- Params (JSON schema; the trigger form is generated from them) -----------------------------------------------
# How Airflow 3's form reads them (airflow/ui, FlexibleForm): a field is marked required unless its "type" lists
# "null", so every optional Param here allows null; an "array" with top-level "examples" (or "enum") becomes a
# multi-select, and clearing every option sends null.


def date_params() -> dict[str, Param]:
    common = {"type": ["null", "string"], "format": "date"}
    return {
        "start_date": Param(
            None,
            title="Start date",
            description="Harvest what the sites report changed since this day (empty: the run's data interval, "
            "or everything on a first or manual run).",
            **common,
        ),
        "end_date": Param(
            None,
            title="End date",
            description="Last day of the range (only sources that can be asked for an end honour it: UNEA).",
            **common,
        ),
    }


def sources_param(default: list[str] | None = None) -> Param:
    return Param(
        default or [],
        type=["null", "array"],
        items={"type": "string", "enum": list(WEB_SOURCES)},
        examples=list(WEB_SOURCES),  # the multi-select's options
        uniqueItems=True,
        title="Web sources",
        description="Web sources to harvest in this run, in parallel (none: only the snapshot or input folder). "
        "Real sites only when the deployment allows live harvests (Variable mercury_harvest_live).",
    )


def meeting_param() -> Param:
    return Param(
        None,
        type=["null", "string"],
        pattern=MEETING_PATTERN,
        title="Meeting",
        description="Harvest only this meeting's documents, e.g. mc-cop-5, bc-cop-16, unea-6 (empty: all).",
    )


def full_refresh_param() -> Param:
    return Param(
        False,
        type=["null", "boolean"],  # a switch; null (only from the API) counts as off
        title="Full refresh",
        description="Harvest: full discovery and announce even if nothing is new. Build: re-parse every file and "
        "rebuild every model.",
    )


def input_dir_param() -> Param:
    return Param(
        None,
        type=["null", "string"],
        minLength=1,
        title="Input folder",
        description="Folder of documents to ingest (path on the worker) instead of the bundled snapshot.",
    )


# -- run-time helpers called inside tasks ------------------------------------------------------------------------


def harvest_live() -> bool:
    """Whether harvests may reach the real public sites (see mercury_dags.window.live_flag)."""
    from airflow.sdk import Variable

    return live_flag(os.environ.get("MERCURY_HARVEST_LIVE"), Variable.get(LIVE_VARIABLE, default=None))


def run_window(context: Any) -> HarvestWindow:
    """The harvest window of the running task's DAG run (mercury_dags.window.harvest_window)."""
    return harvest_window(
        context["params"],
        interval_start=context.get("data_interval_start"),
        interval_end=context.get("data_interval_end"),
        previous_success=context.get("prev_data_interval_start_success") is not None,
    )


def record_failure(context: Any) -> None:
    """on_failure_callback of every task: the failure goes to audit.runs (pipeline.record_failure). After `load`,
    the run that load opened is closed as failed; before it (harvest, ingest) a failed row of its own is added.
    Never raises: a callback error would hide the task's own."""
    from warehouse import pipeline
    from warehouse.settings import get_settings

    ti = context["ti"]
    try:
        loaded = ti.xcom_pull(task_ids="load") if "load" in context["dag"].task_ids else None
        run_id = loaded.get("run_id") if isinstance(loaded, dict) else None
        error = context.get("exception")
        message = f"{type(error).__name__}: {error}" if error is not None else "failed"
        pipeline.record_failure(get_settings(), ti.dag_id, ti.task_id, message, run_id=run_id)
    except Exception:
        log.exception("could not record the failure of %s.%s in audit.runs", ti.dag_id, ti.task_id)
