"""What is in the published warehouse now, and how the last run went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warehouse.duck import connect
from warehouse.settings import Settings

# status key -> published table counted
COUNTED = {
    "documents": "marts.documents",
    "decisions": "marts.decisions",
    "paragraphs": "marts.decision_paragraphs",
    "mandates": "marts.mandates",
    "cooperation_activities": "marts.cooperation_activities",
    "quarantined": "audit.quarantine",
    # files counted once however many warnings they carry (the "N documents look like decisions" line)
    "parse_warnings": "(select distinct sha256 from audit.parse_warnings where kind = 'no_decision')",
}
LAST_RUN_SQL = "select * from audit.runs order by started_at desc, run_id desc limit 1"


def _last_run(path: Path) -> dict[str, Any] | None:
    """The newest audit.runs row of a DuckDB file, or None if the file or the table is not there (or locked)."""
    import duckdb

    try:
        with connect(path, read_only=True) as con:
            cursor = con.execute(LAST_RUN_SQL)
            row = cursor.fetchone()
            if row is None:
                return None
            names = [d[0] for d in cursor.description]
            return {n: (v.isoformat() if hasattr(v, "isoformat") else v) for n, v in zip(names, row, strict=True)}
    except (duckdb.Error, FileNotFoundError):
        return None


def status(settings: Settings) -> dict[str, Any]:
    """See warehouse.pipeline.status. The last run is read from the build warehouse (it holds the final outcome);
    when that file is busy (a writer holds its lock) the published copy's record is shown instead."""
    import duckdb

    published = Path(settings.published_path)
    result: dict[str, Any] = {"published": str(published), "published_exists": published.is_file()}
    if published.is_file():
        with connect(published, read_only=True) as con:
            for key, table in COUNTED.items():
                try:
                    result[key] = con.execute(f"select count(*) from {table}").fetchone()[0]
                except duckdb.Error:
                    result[key] = None
    result["last_run"] = _last_run(Path(settings.warehouse_path)) or (
        _last_run(published) if published.is_file() else None
    )
    return result
