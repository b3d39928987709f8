"""The harvest DAGs run through Airflow (`airflow dags test`) against the Minamata mirror on 127.0.0.1.

The mirror is served by this test process; the Airflow subprocess finds it through MERCURY_HARVEST_CONFIG (a harvest
configuration file whose base URL is the mirror and which allows loopback), exactly how CI points the nightly
harvests away from the internet. Checked: the `meeting` Param narrows the harvest, a harvest that archived
something new announces the Asset mercury://raw/minamata and one that found nothing new does not, a failure lands
in audit.runs, and a public URL without live harvests is refused at once (not retried) before any request.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from tests.conftest import run_dag
from tests.mirror import minamata
from tests.mirror.config import mirror_config
from tests.mirror.server import MirrorServer, status

pytestmark = pytest.mark.integration

DAG = "mercury_harvest_minamata"
ASSET = "mercury://raw/minamata"


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer() as server:
        minamata.install(server)
        yield server


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("harvest-dag")


@pytest.fixture(scope="module")
def mirror_env(mirror: MirrorServer, data_dir: Path) -> dict[str, str]:
    """MERCURY_HARVEST_CONFIG: the whole harvest configuration, minamata pointed at the mirror."""
    options = {"base_url": mirror.base_url, "meetings": ["cop4", "cop5"], "allowed_hosts": []}
    config = mirror_config({"minamata": options})
    path = data_dir / "harvest-mirror.yaml"
    path.write_text(yaml.safe_dump(config.model_dump(mode="json")), encoding="utf-8")
    return {"MERCURY_HARVEST_CONFIG": str(path)}


def latest_run(data_dir: Path, dag_id: str) -> tuple[str, dict[str, tuple[str, int]]]:
    """The newest run of dag_id in the SQLite metadata DB: its state and {task_id: (state, try_number)}."""
    with sqlite3.connect(data_dir / "airflow" / "airflow.db") as con:
        run_id, state = con.execute(
            "select run_id, state from dag_run where dag_id = ? order by id desc limit 1", [dag_id]
        ).fetchone()
        tasks = con.execute(
            "select task_id, state, try_number from task_instance where dag_id = ? and run_id = ?", [dag_id, run_id]
        ).fetchall()
    return state, {task_id: (task_state, tries) for task_id, task_state, tries in tasks}


def asset_events(data_dir: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(data_dir / "airflow" / "airflow.db") as con:
        rows = con.execute(
            "select e.extra from asset_event e join asset a on a.id = e.asset_id where a.uri = ? order by e.id",
            [ASSET],
        ).fetchall()
    return [json.loads(extra) if isinstance(extra, str) else extra for (extra,) in rows]


def archived_urls(data_dir: Path) -> set[str]:
    manifest = data_dir / "raw" / "manifest.jsonl"
    return {json.loads(line)["url"] for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()}


def failures(data_dir: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select mode, outcome, detail from audit.runs order by started_at").fetchall()


def test_a_meeting_scoped_harvest_archives_that_meeting_and_announces_it(
    mirror: MirrorServer, data_dir: Path, mirror_env: dict[str, str]
) -> None:
    done = run_dag(data_dir, DAG, "-c", '{"meeting": "mc-cop-4"}', log_name="harvest-1.log", extra_env=mirror_env)
    assert done.returncode == 0, (data_dir / "harvest-1.log").read_text()[-4000:]
    state, tasks = latest_run(data_dir, DAG)
    assert state == "success" and tasks["announce"][0] == "success"

    cop4_files = {mirror.url(minamata.file_path(d, lang)) for d in minamata.COP4 for lang in d.languages}
    assert archived_urls(data_dir) == cop4_files
    assert not mirror.requests_to("/en/meetings/cop5"), "the meeting param limits discovery to COP-4"
    [event] = asset_events(data_dir)
    assert event == {"source": "minamata", "new": len(cop4_files)}


def test_nothing_new_announces_nothing(mirror: MirrorServer, data_dir: Path, mirror_env: dict[str, str]) -> None:
    done = run_dag(data_dir, DAG, "-c", '{"meeting": "mc-cop-4"}', log_name="harvest-2.log", extra_env=mirror_env)
    assert done.returncode == 0, (data_dir / "harvest-2.log").read_text()[-4000:]
    state, tasks = latest_run(data_dir, DAG)
    assert state == "success"
    assert tasks["harvest"][0] == "success" and tasks["announce"][0] == "skipped"
    assert len(asset_events(data_dir)) == 1  # mercury_transform is not started for nothing


def test_a_failed_harvest_is_written_to_audit_runs(
    mirror: MirrorServer, data_dir: Path, mirror_env: dict[str, str]
) -> None:
    mirror.fault("/en/meetings/cop5", *[status(503)] * 20)
    done = run_dag(data_dir, DAG, "-c", '{"meeting": "mc-cop-5"}', log_name="harvest-3.log", extra_env=mirror_env)
    assert done.returncode != 0
    state, tasks = latest_run(data_dir, DAG)
    assert state == "failed" and tasks["harvest"][0] == "failed" and tasks["announce"][0] == "upstream_failed"
    [(mode, outcome, detail)] = failures(data_dir)
    assert (mode, outcome) == (f"airflow:{DAG}", "failed")
    assert detail.startswith("harvest: DiscoveryFailed") and "/en/meetings/cop5" in detail


def test_a_public_site_without_live_harvests_is_refused_at_once(data_dir: Path) -> None:
    """The bundled configuration names the real site; without MERCURY_HARVEST_LIVE the harvest refuses before any
    request, and the refusal is not retried even where retries are allowed (a configuration error)."""
    done = run_dag(data_dir, DAG, log_name="harvest-4.log", extra_env={"MERCURY_DAG_RETRIES": "3"})
    assert done.returncode != 0
    state, tasks = latest_run(data_dir, DAG)
    assert state == "failed" and tasks["harvest"] == ("failed", 1)
    *_, (mode, outcome, detail) = failures(data_dir)
    assert (mode, outcome) == (f"airflow:{DAG}", "failed")
    assert detail.startswith("harvest: LiveHarvestRequired") and "https://www.mercuryconvention.org" in detail


def test_a_meeting_of_another_source_skips_the_harvest(data_dir: Path) -> None:
    done = run_dag(data_dir, "mercury_harvest_brs", "-c", '{"meeting": "unea-6"}', log_name="harvest-5.log")
    assert done.returncode == 0, (data_dir / "harvest-5.log").read_text()[-4000:]
    state, tasks = latest_run(data_dir, "mercury_harvest_brs")
    assert state == "success" and tasks["harvest"][0] == "skipped" and tasks["announce"][0] == "skipped"
