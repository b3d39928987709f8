"""Real Airflow services as local processes, for the integration tests that need a running scheduler.

`AirflowCluster` starts Airflow 3 components (`airflow scheduler`, `dag-processor`, `api-server`, `celery worker`,
or everything at once through `scripts/airflow.sh standalone`, i.e. `make airflow`) in a temporary AIRFLOW_HOME,
bound to 127.0.0.1 on free ports, talks to the REST API with a JWT from the simple auth manager's generated
password, and stops exactly the processes it started: each runs in its own session (process group), which is
signalled by the id Popen returned, never by a name pattern.

PostgresDatabase and RedisDb hand a test its own metadata database / broker db on the machine's PostgreSQL and
Redis (127.0.0.1:5432, trust auth; 127.0.0.1:6379) and remove them afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import requests

from tests.conftest import AIRFLOW_SCRIPT, REPO, clean_env

BIN = REPO / ".venv" / "bin"
ADMIN = "admin"
FINISHED = {"success", "failed"}


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 1.0) -> Any:
    """Poll condition() until it returns something truthy; TimeoutError naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class AirflowCluster:
    """Airflow components for one test module, sharing one AIRFLOW_HOME inside data_dir."""

    def __init__(self, data_dir: Path, *, sql_alchemy_conn: str | None = None, **settings: str) -> None:
        self.data_dir = data_dir
        self.home = data_dir / "airflow"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._token: str | None = None
        self.env = clean_env(data_dir)
        self.env.update(
            AIRFLOW_HOME=str(self.home),
            AIRFLOW_PORT=str(self.port),  # scripts/airflow.sh
            AIRFLOW__CORE__LOAD_EXAMPLES="False",
            AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
            # as scripts/airflow.sh: wait up to 30 s for SQLite's write lock
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=sql_alchemy_conn or f"sqlite:///{self.home}/airflow.db?timeout=30",
            AIRFLOW__API__HOST="127.0.0.1",
            AIRFLOW__API__PORT=str(self.port),
            AIRFLOW__API__WORKERS="1",
            AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"{self.url}/execution/",
            AIRFLOW__CORE__PARALLELISM="4",
            # Components serve their task logs on fixed default ports: free ones, so runs never collide.
            AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
            AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
            AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC="2",
            MERCURY_DAG_RETRIES="0",
            # warehouse/load.py parses in a forkserver pool whose children re-run the task's __main__, the `airflow`
            # script, which fails inside a scheduled task (reported to the lead); parse in-process until fixed.
            MERCURY_PARSE_WORKERS="1",
            PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        self.env.update(settings)
        self.home.mkdir(parents=True, exist_ok=True)

    # -- processes ------------------------------------------------------------------------------------------
    def airflow(self, *args: str, timeout: float = 180, check: bool = True) -> subprocess.CompletedProcess[str]:
        """One airflow CLI command in this cluster's environment."""
        done = subprocess.run(
            [str(BIN / "airflow"), *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"airflow {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return done

    def prepare(self) -> None:
        """Metadata DB, the DuckDB writer pool, the dbt manifest: what scripts/airflow.sh does before starting."""
        self.airflow("db", "migrate", timeout=300)
        self.airflow("pools", "set", "duckdb_writer", "1", "One writer at a time per DuckDB file")
        subprocess.run(
            [str(BIN / "python"), str(REPO / "scripts" / "dbt_manifest.py")], env=self.env, check=True, timeout=120
        )

    def start(self, name: str, *command: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start a long-running process in its own session; its output goes to <data dir>/<name>.log."""
        with (self.data_dir / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                list(command),
                env={**self.env, **(env or {})},
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.processes.append((name, process))
        return process

    def start_component(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        return self.start(name, str(BIN / "airflow"), *args, env=env)

    def start_standalone(self) -> subprocess.Popen[bytes]:
        """`make airflow`: scripts/airflow.sh standalone (SQLite, LocalExecutor, all components)."""
        return self.start("standalone", str(AIRFLOW_SCRIPT), "standalone")

    def stop(self) -> None:
        """SIGTERM each started process group (by the id Popen returned), SIGKILL what is left after 30 s."""
        for _, process in reversed(self.processes):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for _, process in reversed(self.processes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(process, signal.SIGKILL)  # children left behind by a component that exited
            process.wait(timeout=10)
        self.processes.clear()

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}:\n{self.log_tail(name)}")

    def log_tail(self, name: str, chars: int | None = 4000) -> str:
        """The last `chars` characters of a component's log (all of it with chars=None)."""
        path = self.data_dir / f"{name}.log"
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else "(no log)"
        return text if chars is None else text[-chars:]

    # -- REST API -------------------------------------------------------------------------------------------
    def admin_password(self) -> str:
        """The password the simple auth manager generated for `admin` (there is no default one)."""
        path = self.home / "simple_auth_manager_passwords.json.generated"
        return json.loads(path.read_text(encoding="utf-8"))[ADMIN]

    def token(self) -> str:
        """A JWT for the REST API: POST /auth/token with the generated admin password."""
        if self._token is None:
            answer = requests.post(
                f"{self.url}/auth/token", json={"username": ADMIN, "password": self.admin_password()}, timeout=30
            )
            answer.raise_for_status()
            self._token = answer.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, expect: Iterable[int] = (200,), **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token()}"}
        answer = requests.request(method, f"{self.url}/api/v2{path}", headers=headers, timeout=30, **kwargs)
        assert answer.status_code in set(expect), f"{method} {path}: {answer.status_code} {answer.text[:2000]}"
        return answer.json() if answer.content else None

    def wait_ready(self, dag_ids: Iterable[str], timeout: float = 240) -> None:
        """API server answering, scheduler and DAG processor healthy, and the DAGs parsed into the metadata DB."""

        def healthy() -> bool:
            self.check_alive()
            try:
                health = requests.get(f"{self.url}/api/v2/monitor/health", timeout=5).json()
            except (requests.RequestException, ValueError):
                return False
            return (
                all((health.get(part) or {}).get("status") == "healthy" for part in ("metadatabase", "scheduler"))
                and (health.get("dag_processor") or {}).get("status") == "healthy"
            )

        wait_for(healthy, timeout, "the API server, scheduler and DAG processor to be healthy", every=2)
        wanted = set(dag_ids)

        def parsed() -> bool:
            self.check_alive()
            found = {d["dag_id"] for d in self.api("GET", "/dags", params={"limit": 100})["dags"]}
            return wanted <= found

        wait_for(parsed, timeout, f"DAGs {sorted(wanted)} to be parsed", every=2)

    def dag_runs(self, dag_id: str) -> list[dict[str, Any]]:
        return self.api("GET", f"/dags/{dag_id}/dagRuns", params={"limit": 100, "order_by": "run_after"})["dag_runs"]

    def wait_runs_finished(self, dag_id: str, count: int, timeout: float) -> list[dict[str, Any]]:
        """Wait until the DAG has at least `count` runs and none is queued or running; returns them."""

        def finished() -> list[dict[str, Any]] | None:
            self.check_alive()
            runs = self.dag_runs(dag_id)
            return runs if len(runs) >= count and all(r["state"] in FINISHED for r in runs) else None

        return wait_for(finished, timeout, f"{count} finished runs of {dag_id}", every=3)

    def task_states(self, dag_id: str, run_id: str) -> dict[str, str | None]:
        found = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", params={"limit": 200})
        return {ti["task_id"]: ti["state"] for ti in found["task_instances"]}

    def task_logs(self, dag_id: str) -> str:
        """Every task log of a DAG (local files), for assertion messages."""
        folder = self.home / "logs" / f"dag_id={dag_id}"
        files = sorted(folder.rglob("*.log")) if folder.is_dir() else []
        return "\n".join(f"== {p.relative_to(folder)}\n" + p.read_text(errors="replace")[-3000:] for p in files)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the process group led by this process (start_new_session made its id the group id)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


class PostgresDatabase:
    """A database of its own on the machine's PostgreSQL (trust auth, user postgres), dropped by drop()."""

    def __init__(self, prefix: str = "mercury_airflow") -> None:
        import psycopg

        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as con:
            con.execute(f'create database "{self.name}"')

    @property
    def sqlalchemy_url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:5432/{self.name}"

    @property
    def celery_result_backend(self) -> str:
        return f"db+postgresql://postgres@127.0.0.1:5432/{self.name}"

    def drop(self) -> None:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as con:
            con.execute(f'drop database if exists "{self.name}" with (force)')

    def exists(self) -> bool:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as con:
            return con.execute("select 1 from pg_database where datname = %s", [self.name]).fetchone() is not None


class RedisDb:
    """A numbered database of the machine's Redis for one test run, flushed by flush().

    The first database from `first` on that no other run holds: claimed with an owner key set only if absent, so
    two test runs on one machine (CI and a developer's) never share a broker."""

    def __init__(self, first: int = 7, last: int = 15) -> None:
        import redis

        owner = uuid.uuid4().hex
        for number in range(first, last + 1):
            client = redis.Redis(host="127.0.0.1", port=6379, db=number)
            if client.dbsize() == 0 and client.set("mercury-test-owner", owner, nx=True):
                self.number, self.client = number, client
                return
            client.close()
        raise RuntimeError(f"no free Redis database between {first} and {last} on 127.0.0.1:6379")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:6379/{self.number}"

    def flush(self) -> None:
        self.client.flushdb()
        self.client.close()


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False
