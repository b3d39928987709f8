"""Airflow DAGs `mercury_harvest_<source>`: one per source, nightly at staggered times, each announcing its slice of
the raw archive as an Asset (mercury://raw/<source>) that schedules `mercury_transform`.

Wiring only: the tasks call warehouse.pipeline (harvest_scoped, ingest), as `mercury harvest` does. Harvests write
the raw archive only (content-addressed files, line-atomic appends), never DuckDB, so different sources run in
parallel and take no pool slot.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable
from mercury_dags.stages import harvest_web_source
from mercury_dags.wiring import (
    OWNER,
    SOURCES,
    START_DATE,
    date_params,
    default_args,
    full_refresh_param,
    harvest_task_args,
    input_dir_param,
    meeting_param,
    raw_asset,
    transform_task_args,
)

# Minutes after midnight UTC, 20 minutes apart: the sites are not all hit at once and mercury_transform, which
# runs after each announced change, has built before the next harvest lands.

SCHEDULE_MINUTES = {
    "local": 40,
    "minamata": 60,
    "unea": 80,
    "brs": 100,
    "gfc": 120,
    "gmp": 140,
    "informea": 160,
}

DOC_MD = """
# mercury_harvest_{source}

**What it does.** Every night at {time} UTC: `harvest` fetches what is new on **{source}** into the raw archive
(`data/raw/`, content-addressed; conditional GETs skip unchanged files), then `announce` updates the Asset
`mercury://raw/{source}` when something new was archived, which starts `mercury_transform`. {what}

Window: a nightly run or a backfill asks for what changed during its data interval; the first successful run, a
manual run without dates and `full_refresh` do a full discovery. The trigger form takes a date range
(`start_date`, `end_date`), a `meeting` (e.g. `mc-cop-5`) and `full_refresh`. The real site is contacted only when
live harvests are switched on for the deployment (environment `MERCURY_HARVEST_LIVE=1` or Variable
`mercury_harvest_live` = `true`); otherwise the configured base URLs must be local mirrors
(`MERCURY_HARVEST_CONFIG`), and a public URL is refused before any request.

**Owner:** {owner} (the warehouse maintainers; issues in the project tracker).

**When it fails.** `harvest` retries 3 times with exponential backoff (5, 10, 20 min) before failing; the failure
is written to `audit.runs` (outcome `failed`, mode `airflow:mercury_harvest_{source}`). Nothing half-done reaches
the warehouse: the archive only gains whole files. Read the task log: `EmptyDiscovery` / `DiscoveryFailed` mean
the site's listing changed or is down (check the site, then `extractors/sources/{source}.py`), `HarvestFailed`
that every file failed, `LiveHarvestRequired` that a public URL was configured without live harvests. Re-running
is always safe.
"""

WHAT = {
    "local": "Here `harvest` ingests the folder given as `input_dir` (default: the bundled offline snapshot).",
}


def harvest_dag(source: str) -> None:
    """Define mercury_harvest_<source>."""
    minutes = SCHEDULE_MINUTES[source]
    cron = f"{minutes % 60} {minutes // 60} * * *"
    params: dict[str, Any] = {"full_refresh": full_refresh_param()}
    params.update(
        {"input_dir": input_dir_param()} if source == "local" else {**date_params(), "meeting": meeting_param()}
    )

    @dag(
        dag_id=f"mercury_harvest_{source}",
        schedule=CronDataIntervalTimetable(cron, timezone="UTC"),
        start_date=START_DATE,
        catchup=False,
        max_active_runs=1,  # one harvest of a site at a time (rate limits, harvest state)
        default_args=default_args(),
        tags=["mercury", "harvest", source],
        doc_md=DOC_MD.format(
            source=source, time=f"{minutes // 60:02d}:{minutes % 60:02d}", what=WHAT.get(source, ""), owner=OWNER
        ),
        params=params,
    )
    def harvest_source() -> None:
        @task(task_id="harvest", multiple_outputs=False, **harvest_task_args())
        def harvest(**context: Any) -> dict[str, Any]:
            """Fetch what is new on the source into the raw archive (pipeline.harvest_scoped / pipeline.ingest)."""
            from airflow.sdk.exceptions import AirflowSkipException

            from warehouse import pipeline
            from warehouse.settings import get_settings

            params = context["params"]
            if source == "local":
                from pathlib import Path

                folder = params.get("input_dir")
                return pipeline.ingest(get_settings(), Path(folder) if folder else None)
            meeting = params.get("meeting")
            if meeting and pipeline.meeting_source(meeting) != source:
                raise AirflowSkipException(f"{meeting} is published by {pipeline.meeting_source(meeting)}")
            return harvest_web_source(source, context)

        @task(task_id="announce", outlets=[raw_asset(source)], multiple_outputs=False, **transform_task_args())
        def announce(harvested: dict[str, Any], **context: Any) -> dict[str, Any]:
            """Update the Asset mercury://raw/<source> (which schedules mercury_transform) when the harvest archived
            something new, or on full_refresh; otherwise skip, so an unchanged night rebuilds nothing."""
            from airflow.sdk.exceptions import AirflowSkipException

            if not harvested.get("new") and not context["params"].get("full_refresh"):
                raise AirflowSkipException(f"nothing new from {source}")
            summary = {"source": source, "new": harvested.get("new", 0), "files": harvested.get("files")}
            context["outlet_events"][raw_asset(source)].extra = {k: v for k, v in summary.items() if v is not None}
            return summary

        announce(harvest())

    harvest_source()


for _source in SOURCES:
    harvest_dag(_source)
