"""Publish the analysts' read-only copy atomically.

The build warehouse is attached read-only; the schemas analysts use (`marts`, `audit`) are copied table by table
into a temporary file next to published/mercury.duckdb, the schema `search` is built on paragraph text (one
full-text index per language, warehouse/search.py), and the file is swapped in with os.replace. A reader that
already opened the old file keeps reading it (same inode), new readers see the new one, and nobody ever sees half
a file. raw and staging are left out on purpose: they are the build's
business, not the public API (CONTRACT.md).

Views in `marts` are materialised as tables: the published file must stand alone, without the staging layer.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

from extractors.archive import utc_now
from warehouse import runs, search
from warehouse.duck import connect, fts_extension_path, ident, literal, relations
from warehouse.settings import Settings

log = logging.getLogger(__name__)

PUBLISHED_SCHEMAS = ("marts", "audit")


class NothingToPublish(RuntimeError):
    """The build warehouse has no marts: run the transform first."""


def publish(settings: Settings) -> dict[str, Any]:
    """See warehouse.pipeline.publish."""
    build, target = Path(settings.warehouse_path), Path(settings.published_path)
    if not build.is_file():
        raise NothingToPublish(f"no build warehouse at {build}: run `mercury load` and `mercury build` first")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    _remove(tmp)
    try:
        copied = _write_copy(build, tmp, settings)
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    _fsync_dir(target.parent)

    built = runs.read_json(settings.build_fingerprint_path) or {}
    runs.write_json(
        settings.published_fingerprint_path,
        {"fingerprint": built.get("fingerprint"), "run_id": built.get("run_id"), "published_at": utc_now()},
    )
    installed = install_fts_for_shell(settings.duckdb_extension_dir)
    return {"path": str(target), "tables": copied, "fts_installed_for_shell": installed}


def _write_copy(build: Path, tmp: Path, settings: Settings) -> dict[str, int]:
    """Fill the temporary file; returns rows per copied table ("schema.table")."""
    copied: dict[str, int] = {}
    with connect(tmp) as con:
        con.execute(f"attach {literal(build)} as build (read_only)")
        marts = relations(con, "marts", database="build")
        if not marts:
            raise NothingToPublish(f"the build warehouse {build} has no marts: run `mercury build` first")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists {ident(schema)}")
            for name, _kind in relations(con, schema, database="build"):
                qualified = f"{ident(schema)}.{ident(name)}"
                con.execute(f"create table {qualified} as select * from build.{qualified}")
                copied[f"{schema}.{name}"] = con.execute(f"select count(*) from {qualified}").fetchone()[0]
            _copy_comments(con, schema)
        built = runs.read_json(settings.build_fingerprint_path) or {}
        if built.get("run_id") and "audit.runs" in copied:
            # The run being published: say so in the copy (the build row is closed by finish_run at the end).
            con.execute(
                "update audit.runs set outcome = 'published' where run_id = ? and outcome = 'loaded'",
                [built["run_id"]],
            )
        con.execute("detach build")
        if search.SOURCE_TABLE in copied and "marts.decisions" in copied:
            search.build(con)
        con.execute("checkpoint")
    return copied


def _copy_comments(con: Any, schema: str) -> None:
    """Carry table and column descriptions (dbt persist_docs) over to the published copy."""
    tables = con.execute(
        "select table_name, comment from duckdb_tables() "
        "where database_name = 'build' and schema_name = ? and comment is not null",
        [schema],
    ).fetchall()
    tables += con.execute(
        "select view_name, comment from duckdb_views() "
        "where database_name = 'build' and schema_name = ? and comment is not null",
        [schema],
    ).fetchall()
    for name, comment in tables:
        con.execute(f"comment on table {ident(schema)}.{ident(name)} is {literal(comment)}")
    columns = con.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = 'build' and schema_name = ? and comment is not null",
        [schema],
    ).fetchall()
    for table, column, comment in columns:
        con.execute(f"comment on column {ident(schema)}.{ident(table)}.{ident(column)} is {literal(comment)}")


def install_fts_for_shell(extension_dir: Path | None) -> bool:
    """`FORCE INSTALL` the wheel's fts binary into DuckDB's extension directory, so the analysts' `duckdb` shell
    can `LOAD fts` (and autoload it for match_bm25) without the internet. A failure only costs the shell that
    convenience, so it is logged, not raised."""
    import duckdb

    config = {"extension_directory": str(extension_dir)} if extension_dir else {}
    try:
        if extension_dir:
            Path(extension_dir).mkdir(parents=True, exist_ok=True)
        with contextlib.closing(duckdb.connect(":memory:", config=config)) as con:
            con.execute(f"force install {literal(fts_extension_path())}")
        return True
    except (duckdb.Error, OSError) as error:
        log.warning("could not install the fts extension for the duckdb shell: %s", error)
        return False


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort; not every filesystem supports fsync on a directory)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
