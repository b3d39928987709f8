"""`make airflow` and backfills against a running scheduler.

Starts `scripts/airflow.sh standalone` (what `make airflow` runs: SQLite, LocalExecutor, scheduler + DAG processor +
triggerer + API server) in a temporary data directory on a free port of 127.0.0.1, then backfills
`mercury_nightly` over a date range twice: with `airflow backfill create` and through the REST API
(POST /api/v2/backfills with a JWT from the generated admin password). Each backfill's runs must succeed and leave
their trace in the warehouse: one audit.runs row per run, and the document that the REST backfill's run
configuration pointed at in the published copy. Everything started is stopped by process id.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import requests

from tests.airflow_cluster import AirflowCluster, wait_for
from tests.conftest import REPO

pytestmark = pytest.mark.integration

DAG = "mercury_nightly"
CLI_RANGE = ("2025-03-01", "2025-03-02")
REST_RANGE = ("2025-04-01T00:00:00Z", "2025-04-02T00:00:00Z")
NEW_DOCUMENT = REPO / "tests" / "fixtures" / "formats" / "en_numbering.docx"  # not in the bundled snapshot
RUN_TIMEOUT = 420


@pytest.fixture(scope="module")
def airflow_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AirflowCluster]:
    cluster = AirflowCluster(tmp_path_factory.mktemp("make-airflow"))
    cluster.start_standalone()
    try:
        cluster.wait_ready([DAG])
        # Tasks of a paused DAG are never queued, backfill or not (unpausing also starts the latest nightly run).
        cluster.airflow("dags", "unpause", DAG)
        # Let that nightly run finish first: its task updates keep SQLite's single write lock busy, and a
        # `backfill create` racing them failed in CI with "database is locked" despite the 30 s busy timeout.
        cluster.wait_runs_finished(DAG, 1, RUN_TIMEOUT)
        yield cluster
    finally:
        cluster.stop()


def audit_runs(cluster: AirflowCluster) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(cluster.data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select run_id, mode, outcome, finished_at from audit.runs order by started_at").fetchall()


def create_backfill(
    cluster: AirflowCluster, body: dict[str, Any], expect: tuple[int, ...] = (200,), attempts: int = 6
) -> dict[str, Any]:
    """POST /backfills, trying again while the API answers 503 "Database is locked".

    With SQLite the scheduler's own writes can still hold the one write lock when the request comes (CI saw it
    with no DAG run going); Airflow then rolls the half-created backfill back and answers 503 so the client can
    retry, which is what an operator would do. Before the next try no unfinished backfill may be left (the
    scheduler marks one without runs completed if the roll-back missed it).
    """
    for attempt in range(1, attempts + 1):
        headers = {"Authorization": f"Bearer {cluster.token()}"}
        answer = requests.post(f"{cluster.url}/api/v2/backfills", headers=headers, json=body, timeout=60)
        if answer.status_code != 503 or attempt == attempts:
            assert answer.status_code in expect, f"POST /backfills: {answer.status_code} {answer.text[:2000]}"
            return answer.json()
        assert "locked" in answer.text.lower(), answer.text
        time.sleep(5 * attempt)

        def none_active() -> bool:
            found = cluster.api("GET", "/backfills", params={"dag_id": body["dag_id"]})["backfills"]
            return not [b for b in found if b["completed_at"] is None]

        wait_for(none_active, 60, "the refused backfill to be rolled back or completed", every=3)
    raise AssertionError("unreachable")


def wait_backfill(cluster: AirflowCluster, backfill_id: int) -> list[dict[str, Any]]:
    """Wait until the backfill is completed and no run of the DAG is still going; return the DAG's runs."""

    def completed() -> bool:
        cluster.check_alive()
        return cluster.api("GET", f"/backfills/{backfill_id}")["completed_at"] is not None

    wait_for(completed, RUN_TIMEOUT, f"backfill {backfill_id} to complete", every=3)
    return cluster.wait_runs_finished(DAG, 1, RUN_TIMEOUT)


def assert_warehouse_reflects(cluster: AirflowCluster, runs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Every finished run succeeded and wrote exactly one closed audit.runs row."""
    failed = [r["dag_run_id"] for r in runs if r["state"] != "success"]
    assert not failed, f"runs failed: {failed}\n{cluster.task_logs(DAG)[-6000:]}"
    rows = audit_runs(cluster)
    assert len(rows) == len(runs), (rows, [r["dag_run_id"] for r in runs])
    assert all(outcome in ("published", "unchanged") and finished for _, _, outcome, finished in rows), rows
    return rows


def test_make_airflow_serves_the_ui_with_a_generated_password(airflow_ui: AirflowCluster) -> None:
    printed = airflow_ui.log_tail("standalone", chars=None)  # the banner is at the start
    assert f"Airflow UI: http://127.0.0.1:{airflow_ui.port}" in printed
    assert str(airflow_ui.home / "simple_auth_manager_passwords.json.generated") in printed
    password = airflow_ui.admin_password()
    assert len(password) >= 8 and password.lower() not in ("admin", "airflow", "password")
    refused = requests.post(f"{airflow_ui.url}/auth/token", json={"username": "admin", "password": "admin"}, timeout=30)
    assert refused.status_code == 401
    assert requests.get(f"{airflow_ui.url}/api/v2/dags", timeout=30).status_code == 401  # no anonymous access
    assert requests.get(airflow_ui.url, timeout=30).status_code == 200  # the UI itself


def test_backfill_with_the_cli(airflow_ui: AirflowCluster) -> None:
    """`make backfill` (scripts/airflow.sh airflow backfill create ...), as docs/AIRFLOW.md shows it."""
    command = ["make", "-s", "backfill", f"DATA_DIR={airflow_ui.data_dir}", f"DAG={DAG}"]
    command += [f"FROM={CLI_RANGE[0]}", f"TO={CLI_RANGE[1]}"]
    done = subprocess.run(command, cwd=REPO, env=airflow_ui.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [backfill] = [b for b in airflow_ui.api("GET", "/backfills", params={"dag_id": DAG})["backfills"]]
    runs = wait_backfill(airflow_ui, backfill["id"])
    backfilled = sorted(r["logical_date"][:10] for r in runs if r["run_type"] == "backfill")
    assert backfilled == list(CLI_RANGE)
    rows = assert_warehouse_reflects(airflow_ui, runs)
    # A run that finds the inputs unchanged since the last publish (the nightly run unpausing started) rebuilds
    # nothing.
    assert "unchanged" in [outcome for _, _, outcome, _ in rows]


def test_backfill_through_the_rest_api(airflow_ui: AirflowCluster, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(NEW_DOCUMENT, inbox / NEW_DOCUMENT.name)
    body = {
        "dag_id": DAG,
        "from_date": REST_RANGE[0],
        "to_date": REST_RANGE[1],
        "max_active_runs": 1,
        "dag_run_conf": {"input_dir": str(inbox)},
    }
    # A bad parameter is refused before any run exists, naming the parameter.
    refused = create_backfill(airflow_ui, {**body, "dag_run_conf": {"meeting": "x; drop table"}}, expect=(400, 422))
    assert "meeting" in str(refused)
    before = {r["dag_run_id"] for r in airflow_ui.dag_runs(DAG)}

    backfill = create_backfill(airflow_ui, body)
    runs = wait_backfill(airflow_ui, backfill["id"])
    new_runs = [r for r in runs if r["dag_run_id"] not in before]
    assert sorted(r["logical_date"][:10] for r in new_runs) == ["2025-04-01", "2025-04-02"]
    assert all(r["conf"] == {"input_dir": str(inbox)} for r in new_runs)
    assert_warehouse_reflects(airflow_ui, runs)

    sha = hashlib.sha256(NEW_DOCUMENT.read_bytes()).hexdigest()
    with duckdb.connect(str(airflow_ui.data_dir / "published" / "mercury.duckdb"), read_only=True) as con:
        [(source, file_format)] = con.execute(
            "select source, file_format from marts.documents where sha256 = ?", [sha]
        ).fetchall()
    assert (source, file_format) == ("local", "docx")


def test_make_airflow_listens_on_loopback_only_and_still_shows_task_logs(airflow_ui: AirflowCluster) -> None:
    """Airflow binds its log servers (scheduler, triggerer) to every interface, with no setting for the host;
    `make airflow` starts none (--skip-serve-logs, scripts/airflow.sh): the only listener is the API server on
    127.0.0.1, and the UI still shows task logs, read from the local log files."""
    import psutil

    [standalone] = [process for name, process in airflow_ui.processes if name == "standalone"]
    root = psutil.Process(standalone.pid)
    listening = set()
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            for conn in process.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    listening.add((process.name(), conn.laddr.ip, conn.laddr.port))
    assert any(port == airflow_ui.port for _, _, port in listening), listening  # the check sees the API server
    assert {ip for _, ip, _ in listening} <= {"127.0.0.1", "::1"}, listening

    [run, *_] = [r for r in airflow_ui.dag_runs(DAG) if r["state"] == "success"]
    logs = airflow_ui.api("GET", f"/dags/{DAG}/dagRuns/{run['dag_run_id']}/taskInstances/load/logs/1")
    assert "load: " in json.dumps(logs, ensure_ascii=False), str(logs)[:2000]
