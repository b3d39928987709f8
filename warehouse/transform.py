"""`dbt build` in-process (dbt.cli.main.dbtRunner) on the build warehouse.

dbt reads the warehouse path from the MERCURY_WAREHOUSE_PATH environment variable (dbt_project/profiles.yml), and
writes its target/ and logs/ under the data directory, so a run never writes into the repository.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


# -- the dbt manifest the Airflow transform DAG renders its per-model tasks from ------------------------------------


def manifest_dir(settings: Settings) -> Path:
    return settings.dbt_work_dir / "manifest"


# In SQL, only these calls shape dbt's graph (which nodes exist, what each depends on, how it is built).
GRAPH_CALLS = re.compile(r"\b(?:ref|source|config)\s*\([^)]*\)")


def project_digest(settings: Settings) -> str:
    """What the transform DAG's task graph depends on, with dbt's version: every project file's path, the full text
    of YAML files and dbt_project.yml (models, tests, configs), and in SQL files only their ref()/source()/config()
    calls. A manifest stays current while this value is unchanged; editing a model's SQL body keeps it current
    (its task runs dbt on the project as it is on disk), adding a model or changing a ref() does not."""
    import hashlib
    from importlib.metadata import version

    from warehouse.runs import DBT_INPUTS, IGNORED_PARTS

    project = settings.dbt_project_dir
    digest = hashlib.sha256(f"dbt-core {version('dbt-core')}\n".encode())
    for base in sorted(project / part for part in DBT_INPUTS):
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.exists() else []
        for path in files:
            relative = path.relative_to(project)
            if IGNORED_PARTS.intersection(relative.parts):
                continue
            digest.update(relative.as_posix().encode() + b"\0")
            if path.suffix in (".yml", ".yaml"):
                digest.update(path.read_bytes())
            elif path.suffix == ".sql":
                digest.update("\n".join(GRAPH_CALLS.findall(path.read_text(encoding="utf-8"))).encode())
    return digest.hexdigest()


def current_manifest(settings: Settings) -> Path | None:
    """manifest.json if it was parsed from the project as it is on disk now, else None (missing or stale).
    Cheap (hashes ~200 kB of project files): the transform DAG calls it at every parse."""
    folder = manifest_dir(settings)
    path, stamp = folder / "manifest.json", folder / "digest.txt"
    try:
        if path.is_file() and stamp.read_text(encoding="utf-8") == project_digest(settings):
            return path
    except OSError:
        pass
    return None


def write_manifest(settings: Settings) -> Path:
    """`dbt parse` into a scratch folder, then move manifest.json and its digest into place with os.replace, so a
    DAG processor reading it concurrently sees the old file or the new one, never half of one."""
    import shutil
    import tempfile

    from dbt.cli.main import dbtRunner

    digest = project_digest(settings)  # before parsing: an edit made meanwhile leaves the stamp stale, not wrong
    folder = manifest_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix=".parse-"))
    try:
        args = [
            "parse",
            *("--project-dir", str(settings.dbt_project_dir), "--profiles-dir", str(settings.dbt_project_dir)),
            *("--target-path", str(scratch), "--log-path", str(settings.dbt_work_dir / "logs"), "--quiet"),
        ]
        with _environment(dbt_env(settings)):
            result = dbtRunner().invoke(args)
        if not result.success or not (scratch / "manifest.json").is_file():
            raise DbtBuildFailed(f"dbt parse failed: {result.exception!r} (logs: {settings.dbt_work_dir / 'logs'})")
        os.replace(scratch / "manifest.json", folder / "manifest.json")
        (scratch / "digest.txt").write_text(digest, encoding="utf-8")
        os.replace(scratch / "digest.txt", folder / "digest.txt")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder / "manifest.json"


def close_dbt_connections(*_: Any, **__: Any) -> None:
    """Public form of _close_dbt_connections, usable as a callback after an in-process dbt run (astronomer-cosmos
    calls it with the project folder and the Airflow context): later tasks in the same process (`airflow dags
    test`) can then open the build warehouse."""
    _close_dbt_connections()
