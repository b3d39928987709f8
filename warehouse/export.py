"""Data products for the Global Mercury Partnership: every mart as Parquet and CSV, a Frictionless
`datapackage.json` describing them, and a self-contained HTML report.

Exports are read from the *published* copy (what passed every check), written into a temporary folder and then
swapped in, so a consumer never finds a datapackage.json that describes files of another run.

The package is built with the frictionless library (its descriptor is checked as it is built) and validates with
`frictionless validate exports/datapackage.json`:
- CSV resources are tabular: typed fields, primary key, foreign keys to the other CSV resources (from dbt's
  `relationships` tests and the contract's list below), row counts, bytes and sha256. Conventions: UTF-8 (with a
  byte-order mark when asked, for Excel: setting csv_bom), comma, header row, lists/structs as JSON text
  (Frictionless `array`/`object`), timestamps as ISO 8601 in UTC.
- Parquet resources are declared as files (`type: file`: bytes and sha256 are checked) carrying the same schema
  for reference. frictionless reads Parquet through pandas, which turns lists into numpy arrays and NULL integers
  into NaN, so as tables it reports type errors on correct files; their rows are the CSV twin's rows.
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
UTF8_BOM = b"\xef\xbb\xbf"
# Foreign keys the contract promises (CONTRACT.md), as (table, column, referenced table, referenced column); dbt's
# relationships tests add the others. One is declared only when both tables and both columns are exported.
CONTRACT_FOREIGN_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("documents", "meeting_id", "meetings", "meeting_id"),
    ("decisions", "meeting_id", "meetings", "meeting_id"),
    ("decisions", "document_id", "documents", "document_id"),
    ("decision_paragraphs", "decision_id", "decisions", "decision_id"),
    ("decision_paragraphs", "document_id", "documents", "document_id"),
    ("mandates", "decision_id", "decisions", "decision_id"),
    ("mandates", "paragraph_id", "decision_paragraphs", "paragraph_id"),
    ("mandates", "report_to_meeting_id", "meetings", "meeting_id"),
    ("cooperation_activities", "decision_id", "decisions", "decision_id"),
    ("cooperation_activities", "document_id", "documents", "document_id"),
    ("cooperation_activities", "organization_id", "organizations", "organization_id"),
    ("organization_aliases", "organization_id", "organizations", "organization_id"),
    ("document_references", "from_document_id", "documents", "document_id"),
    ("document_references", "from_decision_id", "decisions", "decision_id"),
    ("document_references", "target_decision_id", "decisions", "decision_id"),
    ("document_references", "target_document_id", "documents", "document_id"),
)
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
    """Descriptions, unique-tested columns and relationships tests of the marts, from dbt's manifest.json (empty if
    there is none). "references": [(column, referenced table, referenced column)]."""
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
                "references": [],
            }
    for node in manifest.get("nodes", {}).values():
        meta = node.get("test_metadata") or {}
        attached = node.get("attached_node") or ""
        target = by_id.get(attached)
        if node.get("resource_type") != "test" or not target:
            continue
        kwargs = meta.get("kwargs") or {}
        column = node.get("column_name") or kwargs.get("column_name")
        if meta.get("name") == "unique" and column:
            docs[target]["unique"].append(column)
        elif meta.get("name") == "relationships" and column and kwargs.get("field"):
            # the referenced model is the test's other dependency (kwargs["to"] is only the text "ref('x')")
            others = [by_id[n] for n in (node.get("depends_on") or {}).get("nodes", []) if n != attached and n in by_id]
            if others:
                docs[target]["references"].append((column, others[0], kwargs["field"]))
    return docs


def foreign_keys(
    table: str, columns: list[str], docs: dict[str, Any], exported: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Frictionless foreign keys of one table: dbt's relationships tests and the contract's list, each kept only when
    the referenced table is exported with the referenced column."""
    wanted = list(docs.get("references", []))
    wanted += [(col, ref, ref_col) for t, col, ref, ref_col in CONTRACT_FOREIGN_KEYS if t == table]
    keys, seen = [], set()
    for column, ref, ref_column in wanted:
        if (column, ref, ref_column) in seen or column not in columns or ref_column not in exported.get(ref, []):
            continue
        seen.add((column, ref, ref_column))
        keys.append({"fields": [column], "reference": {"resource": ref, "fields": [ref_column]}})
    return keys


def table_columns(con: Any, table: str) -> list[tuple[str, str, str | None]]:
    """(name, DuckDB type, comment) of a mart's columns, in order."""
    return con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    ).fetchall()


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
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest.hexdigest()}"}


def _prepend_bom(path: Path) -> None:
    """Rewrite a CSV with a UTF-8 byte-order mark first: Excel then opens it as UTF-8, not the local code page."""
    with_bom = path.with_name(path.name + ".bom")
    with path.open("rb") as source, with_bom.open("wb") as target:
        target.write(UTF8_BOM)
        shutil.copyfileobj(source, target, 1 << 20)
    os.replace(with_bom, path)


def export_table(
    con: Any,
    table: str,
    out_dir: Path,
    docs: dict[str, Any],
    exported: dict[str, list[str]] | None = None,
    csv_bom: bool = False,
) -> list[dict[str, Any]]:
    """Write one mart as Parquet and CSV; returns their two datapackage resource descriptors.

    exported: the columns of every table in the package (for foreign keys); csv_bom: start the CSV with a UTF-8 BOM.
    """
    columns = table_columns(con, table)
    names = [c[0] for c in columns]
    source = f"marts.{ident(table)}"
    parquet, csv = out_dir / f"{table}.parquet", out_dir / f"{table}.csv"
    con.execute(f"copy (select * from {source}) to {literal(parquet)} (format parquet, compression zstd)")
    selected = ", ".join(csv_expression(name, kind) for name, kind, _ in columns)
    con.execute(f"copy (select {selected} from {source}) to {literal(csv)} (format csv, header true, delimiter ',')")
    if csv_bom:
        _prepend_bom(csv)

    described = docs.get("columns", {})
    fields = [
        {"name": name, "type": frictionless_type(kind), "description": described.get(name) or comment or ""}
        for name, kind, comment in columns
    ]
    schema: dict[str, Any] = {"fields": fields}
    key = _primary_key(con, table, names, docs)
    if key:
        schema["primaryKey"] = key
    references = foreign_keys(table, names, docs, exported or {table: names})
    if references:
        schema["foreignKeys"] = references
    # the Parquet twin points at the other Parquet files, so each format's set stands on its own
    parquet_schema = dict(schema)
    if references:
        parquet_schema["foreignKeys"] = [_to_parquet_twin(fk) for fk in references]
    rows = con.execute(f"select count(*) from {source}").fetchone()[0]
    common = {"title": f"marts.{table}", "description": docs.get("description") or ""}
    return [
        {
            "name": table,
            "type": "table",
            "path": csv.name,
            "format": "csv",
            "mediatype": "text/csv",
            # utf-8-sig: readers (frictionless, Python) drop the byte-order mark instead of reading it into the header
            "encoding": "utf-8-sig" if csv_bom else "utf-8",
            "dialect": {"delimiter": ",", "header": True, "doubleQuote": True, "quoteChar": '"'},
            **_file_facts(csv),
            **common,
            "schema": schema,
            "rows": rows,
        },
        {
            "name": f"{table}-parquet",
            "type": "file",
            "path": parquet.name,
            "format": "parquet",
            "mediatype": PARQUET_MEDIATYPE,
            **_file_facts(parquet),
            **common,
            "schema": parquet_schema,
        },
    ]


def _to_parquet_twin(foreign_key: dict[str, Any]) -> dict[str, Any]:
    reference = foreign_key["reference"]
    return {**foreign_key, "reference": {**reference, "resource": f"{reference['resource']}-parquet"}}


def build_package(resources: list[dict[str, Any]], basepath: Path) -> dict[str, Any]:
    """The datapackage.json descriptor of these resources, built and checked by frictionless (raises
    FrictionlessException naming what is invalid)."""
    from frictionless import Package, Resource

    package = Package(
        name=PACKAGE_NAME,
        title=PACKAGE_TITLE,
        description=PACKAGE_DESCRIPTION,
        created=utc_now(),
        licenses=LICENSES,
        sources=[{"title": "Minamata Convention on Mercury", "path": "https://www.mercuryconvention.org/"}],
        resources=[Resource.from_descriptor(descriptor, basepath=str(basepath)) for descriptor in resources],
        basepath=str(basepath),
    )
    return package.to_descriptor(validate=True)


def export(settings: Settings, csv_bom: bool | None = None) -> dict[str, Any]:
    """See warehouse.pipeline.export. csv_bom None: the setting (MERCURY_CSV_BOM)."""
    from warehouse.docs import build_docs, site_links
    from warehouse.report import render_report

    published, out = Path(settings.published_path), Path(settings.exports_dir)
    if not published.is_file():
        raise NothingToExport(f"no published warehouse at {published}: run `mercury publish` first")
    bom = settings.csv_bom if csv_bom is None else csv_bom
    staging = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        settings.dbt_work_dir.mkdir(parents=True, exist_ok=True)
        docs = build_docs(settings)  # first, so that the report links only to sites that exist
        all_docs = dbt_docs(settings.dbt_work_dir / "target")
        resources: list[dict[str, Any]] = []
        with connect(published, read_only=True) as con:
            tables = [name for name, _ in relations(con, "marts")]
            if not tables:
                raise NothingToExport(f"the published warehouse {published} has no marts")
            exported = {table: [c[0] for c in table_columns(con, table)] for table in tables}
            for table in tables:
                resources += export_table(con, table, staging, all_docs.get(table, {}), exported, bom)
            (staging / "report.html").write_text(render_report(con, site_links(settings, out)), encoding="utf-8")
        package = build_package(resources, staging)
        (staging / "datapackage.json").write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _swap_dir(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "path": str(out),
        "tables": tables,
        "files": sorted(p.name for p in out.iterdir()),
        "csv_bom": bom,
        "docs": docs,
    }


def _swap_dir(new: Path, target: Path) -> None:
    """Replace target by new: a rename each (a directory cannot be renamed over a non-empty one)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
