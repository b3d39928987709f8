"""The pipeline stages. The CLI, the Airflow DAGs and the tests call exactly these functions.

harvest/ingest -> parse_and_load -> transform (dbt build) -> check (GX) -> publish -> export

Every stage is idempotent: running it twice on the same inputs gives the same result, so an Airflow retry or a
worker dying mid-task is safe. Each returns a small JSON-serialisable dict (it travels as an XCom).

The work is done in small modules (warehouse.load, .transform, .checks, .publish, .export, .status); they are
imported inside the functions so that importing this module (Airflow parses DAG files often) stays cheap.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from warehouse.settings import Settings


def ingest(settings: Settings, input_dir: Path | None = None) -> dict[str, Any]:
    """Put input files into the raw archive.

    input_dir None: replay the bundled offline snapshot (a recorded harvest, `snapshot/`).
    input_dir given: the `local` source ingests every file in that folder.
    Returns {"source", "files", "new", "unchanged"}. Raises if the input holds no file at all.
    """
    from extractors.archive import RawArchive
    from extractors.sources.local import ingest_folder
    from extractors.sources.snapshot import replay_snapshot

    archive = RawArchive(settings.raw_dir)
    if input_dir is None:
        return replay_snapshot(settings.snapshot_dir, archive).as_dict()
    return ingest_folder(archive, Path(input_dir)).as_dict()


def harvest(settings: Settings, source: str, since: date | None = None, live: bool = False) -> dict[str, Any]:
    """Fetch what is new from one web source (minamata unea brs gfc gmp informea) into the raw archive.

    Only `live=True` may reach the public sites; otherwise the configured base URLs must be mirrors (tests point
    them at 127.0.0.1). Returns the harvest counts; raises when a listing that used to have items comes back empty
    or when every fetch failed."""
    from dataclasses import asdict

    from extractors.harvest import harvest as run

    result = run(source, settings.raw_dir, since=since, live=live)
    return {**asdict(result), "new": result.new, "summary": result.summary()}


def reconcile_informea(settings: Settings, live: bool = False) -> dict[str, Any]:
    """Compare the published decisions with InforMEA's list for the same treaties: decisions InforMEA has that we
    lack (only_informea), the reverse (only_ours), and those both have (in_both)."""
    import duckdb

    from extractors.sources.informea import reconcile_with_informea

    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        ours = [s for (s,) in con.execute("select symbol from marts.decisions where symbol is not null").fetchall()]
    return reconcile_with_informea(ours, settings.raw_dir, live=live).as_dict()


def parse_and_load(settings: Settings, full_refresh: bool = False) -> dict[str, Any]:
    """Parse archived files not parsed yet by the current parser version (cache under data/parsed), validate the
    parsed records with the GX `parsed` suite, and load all parsed records plus the audit tables into the build
    warehouse (`raw.*`, `audit.*`) in bulk. Unparseable files go to audit.quarantine with a reason.
    Returns {"documents", "parsed", "reused", "quarantined", "changed"}; changed is False when inputs, parser and
    models are the same as for the last published build (then later stages may skip). Also "run_id" (the
    audit.runs row this load opened; close it with finish_run), "files", one count per raw table, "validation"
    (passed, reused = same records and suites as the last passing load, skipped = no suite) and "fingerprint"."""
    from warehouse.load import parse_and_load as run

    return run(settings, full_refresh=full_refresh)


def transform(settings: Settings, full_refresh: bool = False) -> dict[str, Any]:
    """`dbt build` (seeds, models, data tests) on the build warehouse. Raises on any failure."""
    from warehouse.transform import transform as run

    return run(settings, full_refresh=full_refresh)


def check(settings: Settings) -> dict[str, Any]:
    """GX `marts` suite (checkpoint) on the marts; writes Data Docs under docs/. Raises naming what failed."""
    from warehouse.checks import check as run

    return run(settings)


def publish(settings: Settings) -> dict[str, Any]:
    """Copy the build warehouse to published/mercury.duckdb atomically (temp file + os.replace), with a
    full-text search schema on paragraph text (one index per language). Only called after transform and check passed."""
    from warehouse.publish import publish as run

    return run(settings)


def export(settings: Settings, csv_bom: bool | None = None) -> dict[str, Any]:
    """Each mart to exports/ as Parquet and CSV, a datapackage.json describing them (built and checked with
    frictionless) and an HTML report. csv_bom: start each CSV with a UTF-8 byte-order mark (for Excel); None = the
    setting csv_bom (MERCURY_CSV_BOM, default off)."""
    from warehouse.export import export as run

    return run(settings, csv_bom=csv_bom)


def status(settings: Settings) -> dict[str, Any]:
    """Counts from the published warehouse (documents, decisions, paragraphs, mandates, cooperation activities,
    quarantined files) and the last run."""
    from warehouse.status import status as run

    return run(settings)


def finish_run(settings: Settings, run_id: str, outcome: str, detail: str | None = None) -> None:
    """Close the audit.runs row that parse_and_load opened (its result carries `run_id`) with the run's outcome:
    `published`, `unchanged` (later stages skipped) or `failed` (detail says where and why)."""
    from warehouse.runs import finish_run as run

    run(settings, run_id, outcome, detail)


# -- stages the Airflow DAGs need (issue 6); the CLI can call them the same way ------------------------------------

# The web source that publishes each meeting series' documents (meeting ids as in marts.meetings).
MEETING_SOURCES = {"mc": "minamata", "bc": "brs", "rc": "brs", "sc": "brs", "unea": "unea"}


def meeting_source(meeting: str) -> str:
    """The web source holding a meeting's documents: mc-cop-5 -> minamata, bc-cop-16 -> brs, unea-6 -> unea."""
    prefix = meeting.split("-", 1)[0].lower()
    if prefix not in MEETING_SOURCES:
        raise ValueError(f"meeting {meeting!r}: no web source publishes the {prefix!r} series")
    return MEETING_SOURCES[prefix]


def harvest_scoped(
    settings: Settings,
    source: str,
    since: date | None = None,
    until: date | None = None,
    meeting: str | None = None,
    live: bool = False,
) -> dict[str, Any]:
    """`harvest` narrowed for a manual run or a backfill: what changed in [since, until] where the site can tell
    (every source is asked for changes since `since`; only UNEA's OAI-PMH also takes `until`, the others return
    later changes too, which the content-addressed archive absorbs), and only one meeting's documents when
    `meeting` is given (minamata: that meeting's page; brs: the configured pages of that meeting; unea: the
    resolutions of that session). Raises ValueError for a meeting the source does not publish."""
    from dataclasses import asdict

    from extractors.config import load_config
    from extractors.harvest import harvest as run

    config = load_config()
    options = config.source_options(source)
    if until is not None and source == "unea":
        options["until"] = until.isoformat()
    if meeting:
        options.update(_meeting_scope(source, meeting, options))
    config = config.model_copy(update={"sources": {**config.sources, source: options}})
    result = run(source, settings.raw_dir, since=since, live=live, config=config)
    return {**asdict(result), "new": result.new, "summary": result.summary()}


def _meeting_scope(source: str, meeting: str, options: dict[str, Any]) -> dict[str, Any]:
    """Source options that limit a harvest to one meeting (ids as validated by the DAG params)."""
    if meeting_source(meeting) != source:
        raise ValueError(f"meeting {meeting!r} is published by {meeting_source(meeting)}, not by {source}")
    parts = meeting.lower().split("-")
    if source == "minamata":  # mc-cop-5 -> the meeting page slug cop5
        return {"meetings": ["".join(parts[1:])]}
    if source == "unea":  # unea-6 -> titles "6/3. ...", "resolution 6/3", "decision 6/1"
        return {"title_filter": rf"^\s*(?:resolution\s+|decision\s+)?{int(parts[1])}\s*/\s*\d+\b"}
    pages = [page for page in options.get("pages") or [] if page.get("meeting_id") == meeting]
    if not pages:
        raise ValueError(f"no {source} page is configured for meeting {meeting!r} (sources.{source}.pages)")
    return {"pages": pages}


def record_failure(
    settings: Settings,
    dag_id: str,
    task_id: str,
    error: str,
    run_id: str | None = None,
    wait_seconds: float = 120.0,
) -> str:
    """Write a failed Airflow task (or CLI stage) to audit.runs: close the run that parse_and_load opened as
    `failed` when run_id is given, else add a failed row of its own (mode `airflow:<dag_id>`, e.g. a harvest that
    failed before any load). The build warehouse has one writer: wait up to wait_seconds for another task's lock
    (a failure callback runs outside the writer pool). Returns the audit.runs run_id."""
    import time
    from datetime import UTC, datetime

    import duckdb

    from warehouse.duck import connect
    from warehouse.runs import append_run, finish_run, new_run_id

    detail = f"{task_id}: {error}"[:4000]
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            if run_id:
                finish_run(settings, run_id, "failed", detail)
                return run_id
            now = datetime.now(UTC)
            row = {"run_id": new_run_id(), "started_at": now, "finished_at": now, "mode": f"airflow:{dag_id}"}
            with connect(settings.warehouse_path) as con:
                append_run(con, {**row, "outcome": "failed", "detail": detail})
            return row["run_id"]
        except duckdb.IOException as lock_error:  # "Could not set lock on file": another writer holds it
            if "lock" not in str(lock_error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(2.0)


def dbt_manifest(settings: Settings) -> dict[str, Any]:
    """Make sure a dbt manifest of the project as it is on disk exists (`dbt parse`, only when the project changed):
    the transform DAG renders one Airflow task per dbt model from it. Returns {"path", "regenerated"}."""
    from warehouse.transform import current_manifest, write_manifest

    current = current_manifest(settings)
    if current is not None:
        return {"path": str(current), "regenerated": False}
    return {"path": str(write_manifest(settings)), "regenerated": True}
