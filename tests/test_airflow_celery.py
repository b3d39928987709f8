"""Scale-out without a Docker engine: the docker-compose topology as local processes.

Airflow with the CeleryExecutor, its metadata in a database of its own on the machine's PostgreSQL (created here,
dropped at the end), a Redis database of its own as the broker (db 7, or the next free one; flushed at the end),
a scheduler, a DAG processor, an API server and two `airflow celery worker` processes. The nightly DAG runs through
the workers; the warehouse it publishes must equal, row by row, the one the embedded run (`airflow dags test`,
conftest.airflow_run) published. Every process started here is stopped by its process id.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.airflow_cluster import AirflowCluster, PostgresDatabase, RedisDb, free_port, service_reachable
from tests.conftest import marts_rows

pytestmark = [pytest.mark.integration, pytest.mark.celery]

DAG = "mercury_nightly"
WORKERS = ("worker1", "worker2")


def require_services() -> None:
    missing = [
        name for name, port in (("PostgreSQL", 5432), ("Redis", 6379)) if not service_reachable("127.0.0.1", port)
    ]
    if missing:
        message = f"{' and '.join(missing)} not reachable on 127.0.0.1"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI machines run both)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def celery_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AirflowCluster]:
    require_services()
    database = PostgresDatabase()
    broker = RedisDb()
    data_dir = tmp_path_factory.mktemp("celery")
    cluster = AirflowCluster(
        data_dir,
        sql_alchemy_conn=database.sqlalchemy_url,
        AIRFLOW__CORE__EXECUTOR="CeleryExecutor",
        AIRFLOW__CELERY__BROKER_URL=broker.url,
        AIRFLOW__CELERY__RESULT_BACKEND=database.celery_result_backend,
        AIRFLOW__CELERY__WORKER_CONCURRENCY="2",
    )
    try:
        cluster.prepare()
        cluster.start_component("scheduler", "scheduler")
        cluster.start_component("dag-processor", "dag-processor")
        cluster.start_component("api-server", "api-server")
        for name in WORKERS:
            cluster.start_component(
                name,
                *("celery", "worker", "--celery-hostname", f"{name}@%h", "--pid", str(data_dir / f"{name}.pid")),
                env={"AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port())},
            )
        cluster.wait_ready([DAG])
        yield cluster
    finally:
        cluster.stop()
        broker.flush()
        database.drop()
        assert not database.exists(), f"database {database.name} was not dropped"


def test_celery_workers_publish_the_same_warehouse_as_the_embedded_run(
    celery_cluster: AirflowCluster, airflow_run: Path
) -> None:
    # Unpausing starts the latest nightly run (catchup is off): the run under test.
    celery_cluster.airflow("dags", "unpause", DAG)
    [run] = celery_cluster.wait_runs_finished(DAG, 1, timeout=480)
    states = celery_cluster.task_states(DAG, run["dag_run_id"])
    assert run["state"] == "success", f"{states}\n{celery_cluster.task_logs(DAG)[-8000:]}"
    assert states["record_published"] == "success"

    # The tasks really went through the Celery workers (each logs the workloads it received).
    received = "".join(celery_cluster.log_tail(name, chars=2_000_000) for name in WORKERS)
    ran = [task_id for task_id, state in states.items() if state == "success"]
    assert len(re.findall(r"execute_workload\[[^\]]+\] received", received)) >= len(ran), received[-3000:]

    celery = marts_rows(celery_cluster.data_dir / "published" / "mercury.duckdb")
    embedded = marts_rows(airflow_run)
    assert sorted(celery) == sorted(embedded)
    for table, (columns, rows) in embedded.items():
        assert celery[table][0] == columns, table
        assert celery[table][1] == rows, f"marts.{table} differs from the embedded run's"
