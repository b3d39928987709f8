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
    full-text index on paragraph text. Only called after transform and check passed."""
    from warehouse.publish import publish as run

    return run(settings)


def export(settings: Settings) -> dict[str, Any]:
    """Each mart to exports/ as Parquet and CSV, a datapackage.json describing them and an HTML report."""
    from warehouse.export import export as run

    return run(settings)


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
