"""The tasks every Mercury DAG shares, defined once: the harvest of one web source, and the stretch from the raw
archive to the analysts' copy (load -> decide -> build -> check -> publish -> export -> record). Each task is one
warehouse.pipeline call, the function `mercury` (the CLI) calls for the same step.

warehouse.pipeline is imported inside the tasks: parsing a DAG file must stay cheap (tests/test_dagbag.py budget).
Tasks return one XCom each (multiple_outputs=False): a dict is read whole downstream, and one XCom per key would
only cost a round trip to the metadata DB per key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from airflow.sdk import task

from mercury_dags.wiring import DUCKDB_POOL, harvest_live, published_asset, run_window

log = logging.getLogger(__name__)

BUILD_TASK_ID = "transform"


def _pipeline() -> tuple[Any, Any]:
    """warehouse.pipeline and the settings, imported when a task runs (not when the DAG file is parsed)."""
    from warehouse import pipeline
    from warehouse.settings import get_settings

    return pipeline, get_settings()


def _full_refresh(params: dict[str, Any] | None) -> bool:
    return bool((params or {}).get("full_refresh"))


def harvest_web_source(source: str, context: Any) -> dict[str, Any]:
    """Fetch what is new on one web source within the run's window (and `meeting`) into the raw archive; returns
    the harvest summary without the list of new files (it can be long, and nobody downstream reads it)."""
    pipeline, settings = _pipeline()
    window = run_window(context)
    log.info("harvest window: %s", window.as_dict())
    result = pipeline.harvest_scoped(
        settings, source, window.since, window.until, meeting=context["params"].get("meeting"),
        live=harvest_live(),
    )  # fmt: skip
    return {**{key: value for key, value in result.items() if key != "new_shas"}, "window": window.as_dict()}


@task(pool=DUCKDB_POOL, trigger_rule="none_failed", multiple_outputs=False)
def load(params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse new archived files, validate them (GX `parsed`), bulk-load raw.* and audit.* into the build DB. The
    task log says what was loaded in the words `mercury run` prints (warehouse/summary.py)."""
    from warehouse import summary

    pipeline, settings = _pipeline()
    result = pipeline.parse_and_load(settings, full_refresh=_full_refresh(params))
    log.info("load: %s", summary.describe_load(result))
    for line in summary.load_warnings(result):
        log.warning("load: %s", line)
    return result


@task.branch
def decide(loaded: dict[str, Any], build_task_id: str, params: dict[str, Any] | None = None) -> str:
    """Build only when something changed since the last publish, or when a full refresh was asked for."""
    return build_task_id if loaded["changed"] or _full_refresh(params) else "record_unchanged"


@task(task_id=BUILD_TASK_ID, pool=DUCKDB_POOL, multiple_outputs=False)
def transform(params: dict[str, Any] | None = None) -> dict[str, Any]:
    """dbt build: seeds, staging, marts and their data tests on the build warehouse."""
    pipeline, settings = _pipeline()
    return pipeline.transform(settings, full_refresh=_full_refresh(params))


@task(pool=DUCKDB_POOL, multiple_outputs=False)
def check() -> dict[str, Any]:
    """GX suite `marts` on the build warehouse; fails naming every failed expectation."""
    pipeline, settings = _pipeline()
    return pipeline.check(settings)


@task(pool=DUCKDB_POOL, multiple_outputs=False, outlets=[published_asset()])
def publish(outlet_events: Any = None) -> dict[str, Any]:
    """Swap in the analysts' copy published/mercury.duckdb atomically, then announce the Asset
    mercury://warehouse/published (its event's extra: the file and the rows per table) to downstream DAGs."""
    pipeline, settings = _pipeline()
    result = pipeline.publish(settings)
    if outlet_events is not None:
        outlet_events[published_asset()].extra = {"path": result["path"], "tables": result["tables"]}
    return result


@task(multiple_outputs=False)
def export() -> dict[str, Any]:
    """Write exports/ (Parquet, CSV, datapackage.json, report) from the published copy."""
    pipeline, settings = _pipeline()
    return pipeline.export(settings)


@task(pool=DUCKDB_POOL)
def record_published(loaded: dict[str, Any]) -> None:
    """Close this run in audit.runs: published."""
    pipeline, settings = _pipeline()
    pipeline.finish_run(settings, loaded["run_id"], "published")


@task(pool=DUCKDB_POOL)
def record_unchanged(loaded: dict[str, Any]) -> None:
    """Close this run in audit.runs: unchanged, nothing rebuilt."""
    pipeline, settings = _pipeline()
    pipeline.finish_run(settings, loaded["run_id"], "unchanged")


def load_build_publish(build: Callable[[], Any] = transform, build_task_id: str = BUILD_TASK_ID) -> Any:
    """Wire load -> decide -> [build | record_unchanged]; build -> check -> publish -> export -> record_published in
    the DAG being defined. `build` makes the build step (the single `transform` task, or a task group with one task
    per dbt model) whose id is `build_task_id`. Returns `load`, for the DAG to put its inputs upstream of it."""
    loaded = load()
    built = build()
    decide(loaded, build_task_id) >> [built, record_unchanged(loaded)]
    built >> check() >> publish() >> export() >> record_published(loaded)
    return loaded
