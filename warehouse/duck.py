"""Small DuckDB helpers shared by the warehouse stages: connections, quoting, typed Arrow tables from dataclasses,
bulk table replacement and the offline full-text-search extension.

Why Arrow schemas from the dataclasses: an empty parse result must still create `raw.mandates` with the right column
types (dbt's staging models select those columns), and pandas cannot type an empty column.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa


def ident(name: str) -> str:
    """A quoted SQL identifier (raw."references" needs quoting: REFERENCES is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str | Path) -> str:
    """A quoted SQL string literal (paths in ATTACH / COPY / LOAD cannot be bound as parameters)."""
    return "'" + str(text).replace("'", "''") + "'"


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB file and always close it: DuckDB allows one writer per file, and a connection left open in this
    process would block the next stage (dbt, publish) or make it see a stale instance."""
    import duckdb

    path = Path(path)
    if read_only and not path.is_file():
        raise FileNotFoundError(f"no DuckDB file at {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def fts_extension_path() -> Path:
    """The fts extension binary shipped by the duckdb-extension-fts wheel (a plain `LOAD fts` would try to
    download it, which fails offline)."""
    import duckdb
    import duckdb_extension_fts

    package_dir = Path(duckdb_extension_fts.__file__).parent
    path = package_dir / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        raise FileNotFoundError(
            f"fts extension for duckdb {duckdb.__version__} not found at {path}: "
            "duckdb-extension-fts must be pinned to exactly the duckdb version"
        )
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"load {literal(fts_extension_path())}")


# -- typed Arrow tables from dataclasses -----------------------------------------------------------------------


def arrow_type(annotation: Any) -> pa.DataType:
    """Arrow type for a dataclass field annotation (str, int, float, bool, list[str], and their Optional forms)."""
    import pyarrow as pa

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union field type {annotation!r}")
        return arrow_type(args[0])
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(arrow_type(item))
    simple = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"unsupported field type {annotation!r}")


def arrow_schema(record_type: type) -> pa.Schema:
    """Arrow schema with one column per dataclass field, in declaration order."""
    import pyarrow as pa

    hints = typing.get_type_hints(record_type)
    return pa.schema([pa.field(f.name, arrow_type(hints[f.name])) for f in dataclasses.fields(record_type)])


def arrow_table(rows: Iterable[dict[str, Any]], record_type: type) -> pa.Table:
    """Rows (dicts with at least the dataclass fields; extra keys ignored) as an Arrow table of the exact schema."""
    import pyarrow as pa

    schema = arrow_schema(record_type)
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for row in rows:
        for name, values in columns.items():
            values.append(row.get(name))
    return pa.Table.from_pydict(columns, schema=schema)


def replace_table(
    con: duckdb.DuckDBPyConnection, schema: str, name: str, data: pa.Table, *, casts: dict[str, str] | None = None
) -> int:
    """`create or replace table <schema>.<name>` from an Arrow table in one statement (bulk, never row by row),
    with a `_loaded_at` column. casts maps a column to a SQL type (e.g. ISO strings to timestamptz; a malformed
    value becomes NULL)."""
    view = f"_bulk_{schema}_{name}"
    con.register(view, data)
    try:
        select = "*"
        if casts:
            replaced = ", ".join(f"try_cast({ident(c)} as {sql_type}) as {ident(c)}" for c, sql_type in casts.items())
            select = f"* replace ({replaced})"
        con.execute(f"create schema if not exists {ident(schema)}")
        con.execute(
            f"create or replace table {ident(schema)}.{ident(name)} as "
            f"select {select}, now() as _loaded_at from {ident(view)}"
        )
    finally:
        con.unregister(view)
    return data.num_rows


def relations(con: duckdb.DuckDBPyConnection, schema: str, database: str | None = None) -> list[tuple[str, str]]:
    """(name, 'table'|'view') of every relation in a schema, sorted by name."""
    sql = (
        "select table_name, case when table_type = 'VIEW' then 'view' else 'table' end "
        "from information_schema.tables where table_schema = ?"
    )
    params: list[Any] = [schema]
    if database is not None:
        sql += " and table_catalog = ?"
        params.append(database)
    return [(row[0], row[1]) for row in con.execute(sql + " order by table_name", params).fetchall()]
