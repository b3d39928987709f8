"""The DAG folder as Airflow sees it: no import errors, every DAG documented and owned, cheap to parse.

Airflow is loaded in subprocesses with their own AIRFLOW_HOME (tests/conftest.py: airflow_env), so this test process
never imports Airflow, and what a DAG file imports can be read from a clean sys.modules.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DAGS = Path(__file__).resolve().parent.parent / "dags"

# Prints, as JSON, what the DagBag holds: import errors and, per DAG, the attributes the tests below judge.
DAGBAG_PROBE = """
import json, sys
from airflow.dag_processing.dagbag import DagBag

bag = DagBag(dag_folder=sys.argv[1])
dags = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {
        "fileloc": dag.fileloc,
        "tags": sorted(dag.tags),
        "doc_md": dag.doc_md or "",
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "schedule": str(dag.schedule),
        "params": {name: dag.params.get_param(name).resolve(suppress_exception=True) for name in dag.params},
        "tasks": {
            t.task_id: {
                "owner": t.owner,
                "retries": t.retries,
                "pool": t.pool,
                "upstream": sorted(t.upstream_task_ids),
                "doc_md": t.doc_md or "",
            }
            for t in dag.tasks
        },
    }
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags}))
"""

# Imports one DAG file the way the DAG processor does and prints which heavy packages that pulled in.
IMPORT_PROBE = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("dag_under_test", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""

HEAVY = ("great_expectations", "dbt", "pandas", "pyarrow", "duckdb")
WRITERS = ("load", "transform", "check", "publish", "record_published", "record_unchanged")


def run_probe(code: str, arg: Path, env: dict[str, str]) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", code, str(arg)], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def dagbag(airflow_env: dict[str, str]) -> dict[str, Any]:
    return run_probe(DAGBAG_PROBE, DAGS, airflow_env)


def test_no_import_errors(dagbag: dict[str, Any]) -> None:
    assert dagbag["errors"] == {}
    assert "mercury_nightly" in dagbag["dags"]


def test_every_dag_is_tagged_owned_documented_and_retried(dagbag: dict[str, Any]) -> None:
    for dag_id, dag in dagbag["dags"].items():
        assert dag["tags"], dag_id
        assert len(dag["doc_md"]) > 200, f"{dag_id}: doc_md should say what it does, who owns it, what to do on failure"
        for section in ("What it does", "Owner", "When it fails"):
            assert section in dag["doc_md"], (dag_id, section)
        for task_id, task in dag["tasks"].items():
            assert task["owner"] not in ("", "airflow"), (dag_id, task_id)
            assert task["retries"] >= 1, (dag_id, task_id)


def test_nightly_schedule_and_flow(dagbag: dict[str, Any]) -> None:
    dag = dagbag["dags"]["mercury_nightly"]
    assert dag["schedule"] == "@daily"
    assert dag["catchup"] is False
    assert dag["max_active_runs"] == 1
    assert dag["params"] == {"input_dir": None, "full_refresh": False}
    tasks = dag["tasks"]
    upstream = {task_id: task["upstream"] for task_id, task in tasks.items()}
    assert upstream == {
        "ingest": [],
        "load": ["ingest"],
        "decide": ["load"],
        "transform": ["decide"],
        "check": ["transform"],
        "publish": ["check"],
        "export": ["publish"],
        "record_published": ["export", "load"],
        "record_unchanged": ["decide", "load"],
    }
    assert all(task["doc_md"] for task in tasks.values()), "TaskFlow docstrings become task docs"


def test_duckdb_writers_share_the_one_slot_pool(dagbag: dict[str, Any]) -> None:
    tasks = dagbag["dags"]["mercury_nightly"]["tasks"]
    assert {task_id for task_id, task in tasks.items() if task["pool"] == "duckdb_writer"} == set(WRITERS)


@pytest.mark.parametrize("dag_file", sorted(DAGS.glob("*.py")), ids=lambda p: p.name)
def test_dag_files_import_no_heavy_packages(dag_file: Path, airflow_env: dict[str, str]) -> None:
    """The DAG processor re-imports DAG files often: GX, dbt, pandas & co. load only inside tasks."""
    loaded = run_probe(IMPORT_PROBE, dag_file, airflow_env)
    assert "airflow" in loaded  # the probe really imported the file
    assert not set(HEAVY) & set(loaded)


# --- the same DAGs deployed as services (docker-compose.yml) ------------------------------------------------------

COMPOSE_FILE = DAGS.parent / "docker-compose.yml"
AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_runs_every_airflow_component_on_postgres(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "airflow-init", *AIRFLOW_SERVICES} <= set(services)
    for name in ("airflow-init", *AIRFLOW_SERVICES):
        env = services[name]["environment"]
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql"), name
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/mercury/dags", name
        assert ".:/opt/mercury" in services[name]["volumes"], name  # the checkout, so dags/ is the one tested here
        assert "mercury-data:/opt/mercury-data" in services[name]["volumes"], name  # one data volume for all
    for name in AIRFLOW_SERVICES:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"
    assert "airflow pools set duckdb_writer 1" in " ".join(services["airflow-init"]["command"])


def test_compose_publishes_ports_on_loopback_only(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_compose_file_is_valid_for_docker_compose() -> None:
    """The Compose tool's own validation, where a Compose client is installed (no engine needed)."""
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        if subprocess.run([*command, "version"], capture_output=True, check=False).returncode != 0:
            continue  # e.g. the docker CLI without its compose plugin
        done = subprocess.run(
            [*command, "-f", str(COMPOSE_FILE), "config", "-q"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return
    pytest.skip("no docker compose client on this machine")
