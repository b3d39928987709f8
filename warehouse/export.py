"""Data products for the Global Mercury Partnership: every mart as Parquet and CSV, a Frictionless
`datapackage.json` describing them, and a self-contained HTML report.

Exports are read from the *published* copy (what passed every check), written into a temporary folder and then
swapped in, so a consumer never finds a datapackage.json that describes files of another run.

CSV conventions (declared in the datapackage): UTF-8, comma, header row, lists/structs as JSON text
(Frictionless `array`/`object`), timestamps as ISO 8601 in UTC.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from extractors.archive import utc_now
from warehouse.duck import connect, ident, literal, relations
from warehouse.settings import Settings

PACKAGE_NAME = "mercury-decisions"
PACKAGE_TITLE = "Minamata Convention and partner decisions: paragraphs, mandates and cooperation"
PACKAGE_DESCRIPTION = (
    "Decisions and resolutions of the Minamata Convention on Mercury and partner bodies, split into paragraphs, "
    "with the mandates they give (who is asked to do what, subject to resources, reporting to which meeting), the "
    "cooperation with partner organisations they mention, and every document or decision they cite."
)
# The texts are public UN documents; the derived tables are offered under CC BY 4.0 (to be confirmed by the owner).
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
]
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}


class NothingToExport(RuntimeError):
    """There is no published warehouse yet."""


def frictionless_type(duckdb_type: str) -> str:
    """Frictionless Table Schema type for a DuckDB column type."""
    upper = duckdb_type.upper()
    if upper.endswith("]") or upper.startswith("LIST"):
        return "array"
    if upper.startswith(("STRUCT", "MAP", "JSON", "UNION")):
        return "object"
    if upper.startswith("TIMESTAMP"):
        return "datetime"
    if upper == "DATE":
        return "date"
    if upper.startswith("TIME"):
        return "time"
    if upper == "BOOLEAN":
        return "boolean"
    if upper in INTEGER_TYPES:
        return "integer"
    if upper.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL")):
        return "number"
    if upper.startswith(("VARCHAR", "UUID")):
        return "string"
    return "any"


def csv_expression(column: str, duckdb_type: str) -> str:
    """How a column is written to CSV so that its text matches the declared Frictionless type."""
    kind, quoted = frictionless_type(duckdb_type), ident(column)
    if kind in {"array", "object"}:
        return f"to_json({quoted}) as {quoted}"
    if duckdb_type.upper() == "TIMESTAMP WITH TIME ZONE":
        return f"strftime(timezone('UTC', {quoted}), '%Y-%m-%dT%H:%M:%S.%fZ') as {quoted}"
    if kind == "datetime":  # naive timestamps are UTC in this warehouse (dbt profile TimeZone: UTC)
        return f"strftime({quoted}::timestamp, '%Y-%m-%dT%H:%M:%S.%fZ') as {quoted}"
    return quoted


def dbt_docs(target_dir: Path) -> dict[str, dict[str, Any]]:
    """Descriptions and unique-tested columns of the marts, from dbt's manifest.json (empty if there is none)."""
    try:
        manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    docs: dict[str, dict[str, Any]] = {}
    by_id: dict[str, str] = {}
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") in {"model", "seed", "snapshot"} and node.get("schema") == "marts":
            name = node.get("alias") or node["name"]
            by_id[unique_id] = name
            docs[name] = {
                "description": node.get("description") or "",
                "columns": {c: (meta.get("description") or "") for c, meta in node.get("columns", {}).items()},
                "unique": [],
            }
    for node in manifest.get("nodes", {}).values():
        meta = node.get("test_metadata") or {}
        target = by_id.get(node.get("attached_node") or "")
        if node.get("resource_type") == "test" and meta.get("name") == "unique" and target:
            column = node.get("column_name") or (meta.get("kwargs") or {}).get("column_name")
            if column:
                docs[target]["unique"].append(column)
    return docs


def _primary_key(con: Any, table: str, columns: list[str], docs: dict[str, Any]) -> list[str] | None:
    """The column dbt tests as unique (the `<entity>_id` one first), else the first `_id` column if the data
    shows it is unique and never NULL; None when the table has no single-column key."""
    candidates = [c for c in docs.get("unique", []) if c in columns]
    candidates.sort(key=lambda c: (not c.endswith("_id"), columns.index(c)))
    if not candidates and columns and columns[0].endswith("_id"):
        candidates = [columns[0]]
    for column in candidates:
        total, distinct = con.execute(
            f"select count(*), count(distinct {ident(column)}) from marts.{ident(table)}"
        ).fetchone()
        if total == distinct:
            return [column]
    return None


def _file_facts(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest}"}


def export_table(con: Any, table: str, out_dir: Path, docs: dict[str, Any]) -> list[dict[str, Any]]:
    """Write one mart as Parquet and CSV; returns their two datapackage resources."""
    columns = con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    ).fetchall()
    names = [c[0] for c in columns]
    source = f"marts.{ident(table)}"
    parquet, csv = out_dir / f"{table}.parquet", out_dir / f"{table}.csv"
    con.execute(f"copy (select * from {source}) to {literal(parquet)} (format parquet, compression zstd)")
    selected = ", ".join(csv_expression(name, kind) for name, kind, _ in columns)
    con.execute(f"copy (select {selected} from {source}) to {literal(csv)} (format csv, header true, delimiter ',')")

    described = docs.get("columns", {})
    fields = [
        {"name": name, "type": frictionless_type(kind), "description": described.get(name) or comment or ""}
        for name, kind, comment in columns
    ]
    schema: dict[str, Any] = {"fields": fields}
    key = _primary_key(con, table, names, docs)
    if key:
        schema["primaryKey"] = key
    rows = con.execute(f"select count(*) from {source}").fetchone()[0]
    common = {"title": f"marts.{table}", "description": docs.get("description") or "", "schema": schema}
    return [
        {
            "name": table,
            "path": csv.name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True, "doubleQuote": True, "quoteChar": '"'},
            **_file_facts(csv),
            **common,
            "rows": rows,
        },
        {
            "name": f"{table}-parquet",
            "path": parquet.name,
            "profile": "tabular-data-resource",
            "format": "parquet",
            "mediatype": PARQUET_MEDIATYPE,
            **_file_facts(parquet),
            **common,
            "rows": rows,
        },
    ]


def export(settings: Settings) -> dict[str, Any]:
    """See warehouse.pipeline.export."""
    from warehouse.report import render_report

    published, out = Path(settings.published_path), Path(settings.exports_dir)
    if not published.is_file():
        raise NothingToExport(f"no published warehouse at {published}: run `mercury publish` first")
    staging = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        all_docs = dbt_docs(settings.dbt_work_dir / "target")
        resources: list[dict[str, Any]] = []
        with connect(published, read_only=True) as con:
            tables = [name for name, _ in relations(con, "marts")]
            if not tables:
                raise NothingToExport(f"the published warehouse {published} has no marts")
            for table in tables:
                resources += export_table(con, table, staging, all_docs.get(table, {}))
            (staging / "report.html").write_text(render_report(con), encoding="utf-8")
        package = {
            "profile": "tabular-data-package",
            "name": PACKAGE_NAME,
            "title": PACKAGE_TITLE,
            "description": PACKAGE_DESCRIPTION,
            "created": utc_now(),
            "licenses": LICENSES,
            "sources": [{"title": "Minamata Convention on Mercury", "path": "https://www.mercuryconvention.org/"}],
            "resources": resources,
        }
        (staging / "datapackage.json").write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _swap_dir(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"path": str(out), "tables": tables, "files": sorted(p.name for p in out.iterdir())}


def _swap_dir(new: Path, target: Path) -> None:
    """Replace target by new: a rename each (a directory cannot be renamed over a non-empty one)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
