"""The DAG folder as Airflow sees it: no import errors, every DAG documented and owned, cheap to parse, and the
production wiring the issue asks for (staggered harvests announcing Assets, a transform DAG scheduled on them with
one task per dbt model, retries only where they help, the single-writer pool, validated Params).

Airflow is loaded in subprocesses with their own AIRFLOW_HOME (tests/conftest.py: airflow_env), so this test process
never imports Airflow, and what a DAG file imports can be read from a clean sys.modules.

Parse budget: each DAG file is parsed alone in a fresh process that has already imported Airflow, the way the DAG
processor does it. Measured on the 2-core CI machine kind: mercury_transform.py ~0.45 s (astronomer-cosmos import
~0.35 s + manifest ~0.1 s), mercury_nightly.py ~0.1 s, mercury_harvest.py (7 DAGs) ~0.05 s. Budget: 2 s per file,
four times the slowest, so a busy machine does not fail it but an accidental heavy import (GX 7 s, dbt 4 s) does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

DAGS = REPO / "dags"
DAG_FILES = sorted(DAGS.glob("*.py"))
PARSE_BUDGET_SECONDS = 2.0
SOURCES = ("minamata", "unea", "brs", "gfc", "gmp", "informea", "local")
HARVEST_DAGS = {f"mercury_harvest_{source}": source for source in SOURCES}
ALL_DAGS = {"mercury_nightly", "mercury_transform", *HARVEST_DAGS}
POOL = "duckdb_writer"

# Prints, as JSON, what the DagBag holds: import errors and, per DAG, the attributes the tests below judge. A
# BundleDagBag puts the DAG folder on sys.path the way the DAG processor does (dags/mercury_dags is imported).
DAGBAG_PROBE = """
import json, sys
from pathlib import Path
from airflow.dag_processing.dagbag import BundleDagBag

bag = BundleDagBag(dag_folder=sys.argv[1], bundle_path=Path(sys.argv[1]))

def seconds(delta):
    return delta.total_seconds() if delta is not None else None

dags = {}
for dag_id, dag in bag.dags.items():
    timetable = dag.timetable
    dags[dag_id] = {
        "fileloc": dag.fileloc,
        "tags": sorted(dag.tags),
        "doc_md": dag.doc_md or "",
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "schedule": str(dag.schedule) if isinstance(dag.schedule, str) else None,
        "timetable": type(timetable).__name__,
        "cron": getattr(timetable, "_expression", None),
        "asset_uris": sorted(a.uri for a in getattr(getattr(timetable, "asset_condition", None), "objects", ())),
        "params": {name: dag.params.get_param(name).resolve(suppress_exception=True) for name in dag.params},
        "schemas": {
            name: {**dag.params.get_param(name).schema, "description": dag.params.get_param(name).description}
            for name in dag.params
        },
        "tasks": {
            t.task_id: {
                "type": type(t).__name__,
                "owner": t.owner,
                "retries": t.retries,
                "backoff": t.retry_exponential_backoff,
                "max_retry_delay": seconds(t.max_retry_delay) if hasattr(t.max_retry_delay, "total_seconds")
                else t.max_retry_delay,
                "retry_policy": t.retry_policy is not None,
                "timeout": seconds(t.execution_timeout),
                "pool": t.pool,
                "callback": bool(t.on_failure_callback),
                "outlets": sorted(getattr(o, "uri", str(o)) for o in t.outlets),
                "upstream": sorted(t.upstream_task_ids),
                "doc_md": t.doc_md or "",
            }
            for t in dag.tasks
        },
    }
from mercury_dags import wiring
from extractors.harvest import available_sources
print(json.dumps({
    "errors": {k: str(v) for k, v in bag.import_errors.items()},
    "dags": dags,
    "web_sources": {"dags": list(wiring.WEB_SOURCES), "extractors": available_sources()},
}))
"""

# Imports one DAG file the way the DAG processor does (DAG folder on sys.path), timing it after Airflow is loaded,
# and prints which heavy packages that pulled in.
IMPORT_PROBE = """
import importlib.util, json, sys, time
import airflow.sdk
sys.path.insert(0, sys.argv[2])
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("dag_under_test", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "modules": sorted({name.split(".")[0] for name in sys.modules})}))
"""

HEAVY = ("great_expectations", "dbt", "pandas", "pyarrow", "duckdb")


def run_probe(code: str, env: dict[str, str], *args: Path | str) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def manifest_env(airflow_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """airflow_env with its own data directory holding a current dbt manifest (scripts/dbt_manifest.py)."""
    data_dir = tmp_path_factory.mktemp("airflow-manifest")
    env = {**airflow_env, "MERCURY_DATA_DIR": str(data_dir), "AIRFLOW_HOME": str(data_dir / "airflow")}
    subprocess.run([sys.executable, str(REPO / "scripts" / "dbt_manifest.py")], env=env, check=True, timeout=120)
    return env


@pytest.fixture(scope="module")
def dagbag(manifest_env: dict[str, str]) -> dict[str, Any]:
    """The DAG folder parsed with a current dbt manifest (the deployed state)."""
    return run_probe(DAGBAG_PROBE, manifest_env, DAGS)


@pytest.fixture(scope="module")
def dagbag_without_manifest(airflow_env: dict[str, str]) -> dict[str, Any]:
    """The DAG folder parsed where no dbt manifest exists yet (a fresh clone before `make airflow`)."""
    return run_probe(DAGBAG_PROBE, airflow_env, DAGS)


def test_no_import_errors(dagbag: dict[str, Any], dagbag_without_manifest: dict[str, Any]) -> None:
    for bag in (dagbag, dagbag_without_manifest):
        assert bag["errors"] == {}
        assert set(bag["dags"]) == ALL_DAGS


def test_every_dag_is_tagged_owned_documented_and_reports_failures(dagbag: dict[str, Any]) -> None:
    for dag_id, dag in dagbag["dags"].items():
        assert "mercury" in dag["tags"], dag_id
        assert len(dag["doc_md"]) > 200, f"{dag_id}: doc_md should say what it does, who owns it, what to do on failure"
        for section in ("What it does", "Owner", "When it fails"):
            assert section in dag["doc_md"], (dag_id, section)
        assert dag["max_active_runs"] == 1, dag_id
        assert dag["catchup"] is False, dag_id
        for task_id, task in dag["tasks"].items():
            assert task["owner"] == "mercury-data", (dag_id, task_id)
            assert task["callback"], f"{dag_id}.{task_id}: failures must reach audit.runs (on_failure_callback)"
            assert task["timeout"] and task["timeout"] <= 4 * 3600, (dag_id, task_id, task["timeout"])


def test_retries_only_where_a_retry_can_help(dagbag: dict[str, Any]) -> None:
    """Web harvests retry with exponential backoff; deterministic stages (load, dbt, checks, publish) do not."""
    for dag_id, dag in dagbag["dags"].items():
        for task_id, task in dag["tasks"].items():
            if task_id == "harvest":
                assert task["retries"] == 3, (dag_id, task_id)
                assert task["backoff"] >= 2, (dag_id, task_id)
                assert 0 < task["max_retry_delay"] <= 3600, (dag_id, task_id)
                assert task["retry_policy"], (dag_id, task_id)  # configuration errors are not retried
            else:
                assert task["retries"] == 0, (dag_id, task_id)


def test_one_harvest_dag_per_source_nightly_and_staggered(dagbag: dict[str, Any]) -> None:
    times = set()
    for dag_id, source in HARVEST_DAGS.items():
        dag = dagbag["dags"][dag_id]
        assert dag["timetable"] == "CronDataIntervalTimetable", dag_id  # a run covers the night before it
        minute, hour, *rest = dag["cron"].split()
        assert rest == ["*", "*", "*"], dag["cron"]  # daily
        times.add((int(hour), int(minute)))
        assert source in dag["tags"] and "harvest" in dag["tags"]
        tasks = dag["tasks"]
        assert set(tasks) == {"harvest", "announce"}
        assert tasks["announce"]["upstream"] == ["harvest"]
        assert tasks["announce"]["outlets"] == [f"mercury://raw/{source}"]
        assert tasks["harvest"]["outlets"] == []
        assert all(task["pool"] != POOL for task in tasks.values()), "harvests write the raw archive only"
    assert len(times) == len(HARVEST_DAGS), "every source at its own time"


def test_harvest_params(dagbag: dict[str, Any]) -> None:
    for dag_id, source in HARVEST_DAGS.items():
        params = dagbag["dags"][dag_id]["params"]
        if source == "local":
            assert params == {"full_refresh": False, "input_dir": None}
        else:
            assert params == {"full_refresh": False, "start_date": None, "end_date": None, "meeting": None}


def test_web_sources_match_the_extractors(dagbag: dict[str, Any]) -> None:
    assert sorted(dagbag["web_sources"]["dags"]) == dagbag["web_sources"]["extractors"]


def test_transform_runs_on_the_raw_assets_with_one_task_per_dbt_model(dagbag: dict[str, Any]) -> None:
    dag = dagbag["dags"]["mercury_transform"]
    assert dag["asset_uris"] == sorted(f"mercury://raw/{source}" for source in SOURCES)
    assert dag["params"] == {"full_refresh": False}
    # The expected nodes come from the project's files, not from the manifest under test.
    models = {p.stem for p in (REPO / "dbt_project" / "models").rglob("*.sql")}
    seeds = {p.stem for p in (REPO / "dbt_project" / "seeds").glob("*.csv")}
    tasks = dag["tasks"]
    assert {f"dbt.{m}_model_build" for m in models} <= set(tasks)
    assert {f"dbt.{s}_seed_build" for s in seeds} <= set(tasks)
    dbt_tasks = {task_id: task for task_id, task in tasks.items() if task_id.startswith("dbt.")}
    assert all(task["pool"] == POOL for task in dbt_tasks.values()), "dbt writes the build warehouse"
    assert all(task["type"].startswith("Dbt") for task in dbt_tasks.values())
    # dbt's own dependencies: a mart waits for the models it selects from.
    assert "dbt.int_decisions__merged_model_build" in tasks["dbt.decisions_model_build"]["upstream"]
    # roots wait for the branch, and the checks for every leaf of the dbt graph
    roots = [t for t, task in dbt_tasks.items() if not set(task["upstream"]) & set(dbt_tasks)]
    assert roots and all(dbt_tasks[t]["upstream"] == ["decide"] for t in roots)
    downstream_of_something = {u for task in dbt_tasks.values() for u in task["upstream"]}
    leaves = set(dbt_tasks) - downstream_of_something
    assert set(tasks["check"]["upstream"]) == leaves


def test_transform_falls_back_to_one_dbt_build_without_a_manifest(dagbag_without_manifest: dict[str, Any]) -> None:
    tasks = dagbag_without_manifest["dags"]["mercury_transform"]["tasks"]
    upstream = {task_id: task["upstream"] for task_id, task in tasks.items()}
    assert upstream == {
        "load": [],
        "decide": ["load"],
        "dbt": ["decide"],
        "check": ["dbt"],
        "publish": ["check"],
        "export": ["publish"],
        "record_published": ["export", "load"],
        "record_unchanged": ["decide", "load"],
    }
    assert tasks["dbt"]["pool"] == POOL


def test_nightly_schedule_and_flow(dagbag: dict[str, Any]) -> None:
    dag = dagbag["dags"]["mercury_nightly"]
    assert dag["schedule"] == "@daily"
    assert dag["params"] == {
        "input_dir": None,
        "sources": [],
        "start_date": None,
        "end_date": None,
        "meeting": None,
        "full_refresh": False,
    }
    tasks = dag["tasks"]
    upstream = {task_id: task["upstream"] for task_id, task in tasks.items()}
    assert upstream == {
        "ingest": ["web_sources"],  # the parameters are checked before anything is archived
        "web_sources": [],
        "harvest": ["web_sources"],
        "load": ["harvest", "ingest"],
        "decide": ["load"],
        "transform": ["decide"],
        "check": ["transform"],
        "publish": ["check"],
        "export": ["publish"],
        "record_published": ["export", "load"],
        "record_unchanged": ["decide", "load"],
    }
    undocumented = [task_id for task_id, task in tasks.items() if not task["doc_md"]]
    assert not undocumented, "TaskFlow docstrings become task docs"


@pytest.mark.parametrize("dag_id", ["mercury_nightly", "mercury_transform"])
def test_duckdb_writers_share_the_one_slot_pool(dagbag: dict[str, Any], dag_id: str) -> None:
    tasks = dagbag["dags"][dag_id]["tasks"]
    writers = {"load", "check", "publish", "record_published", "record_unchanged"}
    writers |= {"transform"} if dag_id == "mercury_nightly" else {t for t in tasks if t.startswith("dbt.")}
    assert {task_id for task_id, task in tasks.items() if task["pool"] == POOL} == writers


def test_params_are_json_schema_with_a_form_friendly_shape(dagbag: dict[str, Any]) -> None:
    """What the trigger form renders and what a run's conf is validated against before any task runs."""
    from jsonschema import Draft7Validator, FormatChecker

    schemas = dagbag["dags"]["mercury_nightly"]["schemas"]
    assert schemas["start_date"]["format"] == "date" and schemas["end_date"]["format"] == "date"
    assert schemas["sources"]["items"]["enum"] == ["minamata", "unea", "brs", "gfc", "gmp", "informea"]
    assert schemas["full_refresh"]["type"] == ["null", "boolean"]
    for name, schema in schemas.items():
        assert schema.get("title") and schema.get("description"), name

    def valid(name: str, value: Any) -> bool:
        return Draft7Validator(schemas[name], format_checker=FormatChecker()).is_valid(value)

    for good in ("mc-cop-5", "bc-cop-16", "rc-cop-11", "sc-cop-11", "unea-6", None):
        assert valid("meeting", good), good
    for bad in ("x; drop table", "mc-cop-5; drop table marts.decisions", "MC-COP-5", "mc-cop-", "unea-6'--", ""):
        assert not valid("meeting", bad), bad
    assert valid("start_date", "2025-03-01") and not valid("start_date", "2025-13-01")
    assert not valid("start_date", "yesterday")
    assert valid("sources", ["minamata", "brs"]) and not valid("sources", ["minamata", "minamata"])
    assert not valid("sources", ["rm -rf /"])
    assert valid("sources", None) and valid("sources", [])  # the multi-select sends null once every option is cleared
    assert not valid("full_refresh", "yes") and valid("full_refresh", None)


def test_the_trigger_form_marks_nothing_required_and_offers_a_multi_select(dagbag: dict[str, Any]) -> None:
    """Airflow 3's form (airflow/ui FlexibleForm) marks a field required unless its type lists "null", and renders
    an "array" with top-level examples or enum as a multi-select. Every Param of every DAG is optional."""
    for dag_id, dag in dagbag["dags"].items():
        for name, schema in dag["schemas"].items():
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            assert "null" in types, f"{dag_id}.{name} would be marked required in the trigger form"
    sources = dagbag["dags"]["mercury_nightly"]["schemas"]["sources"]
    assert [t for t in sources["type"] if t != "null"] == ["array"]
    assert sources["examples"] == sources["items"]["enum"] == ["minamata", "unea", "brs", "gfc", "gmp", "informea"]


@pytest.mark.parametrize("dag_id", ["mercury_nightly", "mercury_transform"])
def test_publish_announces_the_published_warehouse(dagbag: dict[str, Any], dag_id: str) -> None:
    """Downstream DAGs schedule on the Asset mercury://warehouse/published; only `publish` updates it."""
    tasks = dagbag["dags"][dag_id]["tasks"]
    announcing = {task_id: task["outlets"] for task_id, task in tasks.items() if task["outlets"]}
    assert announcing == {"publish": ["mercury://warehouse/published"]}


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.name)
def test_dag_files_are_cheap_to_parse(dag_file: Path, manifest_env: dict[str, str]) -> None:
    """The DAG processor re-imports DAG files often: GX, dbt, pandas & co. load only inside tasks."""
    probe = run_probe(IMPORT_PROBE, manifest_env, dag_file, DAGS)
    assert "airflow" in probe["modules"]  # the probe really imported the file
    assert not set(HEAVY) & set(probe["modules"])
    assert probe["seconds"] < PARSE_BUDGET_SECONDS, f"{dag_file.name} took {probe['seconds']:.2f} s to parse"


def test_the_shared_wiring_is_not_parsed_as_dags() -> None:
    assert "mercury_dags/" in (DAGS / ".airflowignore").read_text(encoding="utf-8").splitlines()


# --- the same DAGs deployed as services (docker-compose.yml) ------------------------------------------------------

COMPOSE_FILE = REPO / "docker-compose.yml"
AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def service_env(compose: dict[str, Any], name: str) -> dict[str, str]:
    return {k: str(v) for k, v in compose["services"][name]["environment"].items()}


def test_compose_runs_every_airflow_component_on_postgres_and_celery(compose: dict[str, Any]) -> None:
    services = compose["services"]
    workers = [name for name in services if name.startswith("airflow-worker")]
    assert {"postgres", "redis", "airflow-init", *AIRFLOW_SERVICES} <= set(services)
    assert workers, "Celery workers"
    for name in ("airflow-init", *AIRFLOW_SERVICES, *workers):
        env = service_env(compose, name)
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql"), name
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379/"), name
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql"), name
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/mercury/dags", name
        assert env["AIRFLOW__COSMOS__ENABLE_TELEMETRY"].lower() == "false", name
        assert ".:/opt/mercury" in services[name]["volumes"], name  # the checkout, so dags/ is the one tested here
        assert "mercury-data:/opt/mercury-data" in services[name]["volumes"], name  # one data volume for all
        assert "healthcheck" in services[name] or name == "airflow-init", name
    for name in (*AIRFLOW_SERVICES, *workers):
        depends = services[name]["depends_on"]
        assert depends["airflow-init"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
    init = " ".join(services["airflow-init"]["command"])
    assert "airflow pools set duckdb_writer 1" in init
    assert "scripts/dbt_manifest.py" in init  # the manifest mercury_transform renders its dbt tasks from
    for name in workers:
        assert services[name]["command"][:2] == ["celery", "worker"], name


def test_compose_has_no_default_password_for_the_ui(compose: dict[str, Any]) -> None:
    for name in compose["services"]:
        env = compose["services"][name].get("environment") or {}
        assert "_AIRFLOW_WWW_USER_PASSWORD" not in env, name
        assert str(env.get("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS", "false")).lower() == "false", name


def test_compose_publishes_ports_on_loopback_only(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_compose_file_is_valid_for_docker_compose(tmp_path: Path) -> None:
    """The Compose tool's own validation, where a Compose client is installed (no engine needed); and it refuses
    to start without the secrets `make compose-env` writes (there are no default ones)."""
    secrets = {"POSTGRES_PASSWORD": "x" * 32, "AIRFLOW_JWT_SECRET": "y" * 32, "AIRFLOW_API_SECRET_KEY": "z" * 32}
    bare = {k: v for k, v in os.environ.items() if k not in secrets}
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        if subprocess.run([*command, "version"], capture_output=True, check=False).returncode != 0:
            continue  # e.g. the docker CLI without its compose plugin
        config = [*command, "-f", str(COMPOSE_FILE), "--project-directory", str(tmp_path), "config", "-q"]
        done = subprocess.run(config, capture_output=True, text=True, check=False, env={**bare, **secrets})
        assert done.returncode == 0, done.stderr
        refused = subprocess.run(config, capture_output=True, text=True, check=False, env=bare)
        assert refused.returncode != 0 and "make compose-env" in refused.stderr
        return
    pytest.skip("no docker compose client on this machine")
