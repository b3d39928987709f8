"""`dbt build` in-process (dbt.cli.main.dbtRunner) on the build warehouse.

dbt reads the warehouse path from the MERCURY_WAREHOUSE_PATH environment variable (dbt_project/profiles.yml), and
writes its target/ and logs/ under the data directory, so a run never writes into the repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from warehouse.settings import Settings

FAILED_STATUSES = {"error", "fail", "runtime error"}


class DbtBuildFailed(RuntimeError):
    """dbt build failed; the message names the failed nodes."""


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a dbt invocation, then restore them."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def dbt_args(settings: Settings, command: str = "build", *, full_refresh: bool = False) -> list[str]:
    """The dbt command line for this data directory."""
    args = [
        command,
        "--project-dir",
        str(settings.dbt_project_dir),
        "--profiles-dir",
        str(settings.dbt_project_dir),
        "--target-path",
        str(settings.dbt_work_dir / "target"),
        "--log-path",
        str(settings.dbt_work_dir / "logs"),
        "--quiet",
    ]
    if full_refresh:
        args.append("--full-refresh")
    return args


def dbt_env(settings: Settings) -> dict[str, str]:
    return {
        "MERCURY_WAREHOUSE_PATH": str(settings.warehouse_path),
        "MERCURY_DATA_DIR": str(settings.data_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def transform(settings: Settings, full_refresh: bool = False) -> dict[str, Any]:
    """See warehouse.pipeline.transform."""
    from dbt.cli.main import dbtRunner

    if not settings.warehouse_path.is_file():
        raise FileNotFoundError(f"no build warehouse at {settings.warehouse_path}: run `mercury load` first")
    if not (settings.dbt_project_dir / "dbt_project.yml").is_file():
        raise FileNotFoundError(f"no dbt project at {settings.dbt_project_dir}")
    settings.dbt_work_dir.mkdir(parents=True, exist_ok=True)
    with _environment(dbt_env(settings)):
        try:
            result = dbtRunner().invoke(dbt_args(settings, full_refresh=full_refresh))
        finally:
            _close_dbt_connections()
    nodes = list(getattr(result.result, "results", None) or [])
    failed = [f"{r.node.unique_id} ({r.status}): {(r.message or '').strip()}" for r in nodes if _failed(r)]
    if result.exception is not None or not result.success or failed:
        reason = "; ".join(failed) if failed else repr(result.exception) if result.exception else "unknown error"
        raise DbtBuildFailed(
            f"dbt build failed: {reason} (logs: {settings.dbt_work_dir / 'logs' / 'dbt.log'})"
        ) from result.exception
    by_type: dict[str, int] = {}
    for r in nodes:
        kind = r.node.resource_type
        by_type[str(kind)] = by_type.get(str(kind), 0) + 1
    return {"nodes": len(nodes), "by_type": by_type, "target": str(settings.dbt_work_dir / "target")}


def _failed(result: Any) -> bool:
    return str(result.status).lower() in FAILED_STATUSES


def _close_dbt_connections() -> None:
    """dbt-duckdb keeps its DuckDB environment in a class attribute; close it so later stages in this process can
    open the build file (DuckDB refuses a second connection to one file with another configuration)."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    env = getattr(DuckDBConnectionManager, "_ENV", None)
    if env is not None and hasattr(env, "close"):
        env.close()
    DuckDBConnectionManager.close_all_connections()
