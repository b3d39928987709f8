"""Run bookkeeping: `audit.runs` rows and the input fingerprint that lets an unchanged run skip the heavy stages.

The fingerprint is a sha256 over everything that decides what the published warehouse contains: the archived files
(their sha256s), the parser version, what the parser made of each file, the dbt models/seeds/macros, the
expectation suites and the publish gate's setting (max_no_decision_share). Load records it for the build
(build_fingerprint.json); publish copies it next to the published copy; a later load that computes the same value
reports `changed: False`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warehouse.settings import Settings

RUNS_DDL = """
create table if not exists audit.runs (
    run_id varchar primary key,
    started_at timestamptz,
    finished_at timestamptz,
    mode varchar,
    files_ingested bigint,
    files_parsed bigint,
    files_reused bigint,
    files_quarantined bigint,
    documents bigint,
    decisions bigint,
    paragraphs bigint,
    mandates bigint,
    cooperation_activities bigint,
    outcome varchar,
    detail varchar
)
"""
# Columns added since (the table only grows: CONTRACT.md); an older build warehouse gets them on first use. The
# load's `decisions` counts decision texts (decision x language x file), which the published summary does not:
# these say both numbers, and how many files look like decisions but yielded none (audit.parse_warnings).
ADDED_COLUMNS = {
    "decision_texts": "bigint",
    "distinct_decisions": "bigint",
    "decision_languages": "varchar[]",
    "parse_warnings": "bigint",
}
RUN_COLUMNS = (
    *("run_id", "started_at", "finished_at", "mode"),
    *("files_ingested", "files_parsed", "files_reused", "files_quarantined"),
    *("documents", "decisions", "paragraphs", "mandates", "cooperation_activities"),
    *("outcome", "detail"),
    *ADDED_COLUMNS,
)

# Parts of the repository whose change alters the marts (dbt_project/target and logs are outputs, not inputs).
DBT_INPUTS = ("models", "seeds", "macros", "tests", "dbt_project.yml")
IGNORED_PARTS = {"__pycache__", "target", "logs", "dbt_packages", ".pytest_cache", "gx_cache", "uncommitted"}


def new_run_id() -> str:
    """Sortable and unique: UTC time plus a random suffix."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def append_run(con: Any, row: dict[str, Any]) -> None:
    """Add one row to audit.runs (created on first use), replacing a row with the same run_id (idempotent retry)."""
    _ensure_runs_table(con)
    con.execute("delete from audit.runs where run_id = ?", [row["run_id"]])
    placeholders = ", ".join("?" for _ in RUN_COLUMNS)
    con.execute(
        f"insert into audit.runs ({', '.join(RUN_COLUMNS)}) values ({placeholders})",
        [row.get(col) for col in RUN_COLUMNS],
    )


def _ensure_runs_table(con: Any) -> None:
    con.execute("create schema if not exists audit")
    con.execute(RUNS_DDL)
    for column, sql_type in ADDED_COLUMNS.items():
        con.execute(f"alter table audit.runs add column if not exists {column} {sql_type}")


def finish_run(settings: Settings, run_id: str, outcome: str, detail: str | None = None) -> None:
    """Close the audit.runs row opened by parse_and_load with the run's final outcome (published, unchanged,
    failed …). A run id that is not in the table is an error: it means the load never recorded it."""
    from warehouse.duck import connect

    with connect(settings.warehouse_path) as con:
        _ensure_runs_table(con)
        updated = con.execute(
            "update audit.runs set finished_at = now(), outcome = ?, detail = coalesce(?, detail) "
            "where run_id = ? returning run_id",
            [outcome, detail, run_id],
        ).fetchall()
    if not updated:
        raise KeyError(f"run {run_id} is not in audit.runs of {settings.warehouse_path}")


# -- fingerprints ----------------------------------------------------------------------------------------------


def tree_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over the relative names and bytes of every file under the given paths (missing paths count too)."""
    digest = hashlib.sha256()
    for base in sorted(paths):
        if not base.exists():
            digest.update(f"missing:{base.relative_to(root).as_posix()}\n".encode())
            continue
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            relative = path.relative_to(root)
            if IGNORED_PARTS.intersection(relative.parts) or path.suffix == ".pyc":
                continue
            digest.update(relative.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def code_digest(settings: Settings) -> str:
    """The dbt project and expectation suites as they are on disk now."""
    dbt = [settings.dbt_project_dir / part for part in DBT_INPUTS]
    root = Path(os.path.commonpath([settings.dbt_project_dir, settings.expectations_dir]))
    return tree_digest([*dbt, settings.expectations_dir], root)


def fingerprint(settings: Settings, shas: Iterable[str], parser_version: str, outcomes: dict[str, str]) -> str:
    """One value for (archived files, parser version, parse outcomes, dbt project + suites)."""
    payload = {
        "shas": sorted(set(shas)),
        "parser_version": parser_version,
        "outcomes": dict(sorted(outcomes.items())),
        "code": code_digest(settings),
        # the publish gate's threshold: a changed setting must be checked again, not skipped as "unchanged"
        "max_no_decision_share": settings.max_no_decision_share,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write a small JSON file atomically (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1, sort_keys=True)
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON file's content, or None if it is missing or unreadable (treated as 'never recorded')."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
