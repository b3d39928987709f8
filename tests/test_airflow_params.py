"""Params of manual runs and backfills: refused before any task runs when invalid, and turned into a harvest
window / meeting scope by plain functions (dags/mercury_dags/window.py, warehouse.pipeline) tested directly here.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import REPO, run_airflow
from warehouse import pipeline

sys.path.insert(0, str(REPO / "dags"))  # as Airflow does for the DAG folder
from mercury_dags.window import BadDateRange, harvest_window, live_flag

NIGHT = (datetime(2025, 3, 1, 1, tzinfo=UTC), datetime(2025, 3, 2, 1, tzinfo=UTC))


# -- the harvest window ------------------------------------------------------------------------------------------


def window(params: dict, *, previous_success: bool = True, interval: tuple | None = NIGHT):
    start, end = interval or (None, None)
    return harvest_window(params, interval_start=start, interval_end=end, previous_success=previous_success)


def test_a_nightly_run_asks_for_the_changes_of_its_interval() -> None:
    assert (window({}).since, window({}).until) == (date(2025, 3, 1), date(2025, 3, 2))


def test_the_first_run_a_manual_run_and_full_refresh_discover_everything() -> None:
    assert window({}, previous_success=False).since is None
    assert window({}, interval=None).since is None
    assert window({"full_refresh": True, "start_date": "2025-01-01"}).since is None


def test_a_date_range_in_the_params_wins() -> None:
    chosen = window({"start_date": "2024-11-01", "end_date": "2024-11-30"}, previous_success=False)
    assert (chosen.since, chosen.until) == (date(2024, 11, 1), date(2024, 11, 30))
    assert window({"end_date": "2024-11-30"}).since is None


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(BadDateRange, match="before start_date"):
        window({"start_date": "2025-03-02", "end_date": "2025-03-01"})


@pytest.mark.parametrize(
    ("env", "variable", "live"),
    [(None, None, False), ("1", None, True), (None, "true", True), ("0", "no", False), ("", "", False)],
)
def test_live_harvests_only_when_switched_on(env: str | None, variable: str | None, live: bool) -> None:
    assert live_flag(env, variable) is live


# -- the meeting scope -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "source"),
    [("mc-cop-5", "minamata"), ("bc-cop-16", "brs"), ("rc-cop-11", "brs"), ("sc-cop-11", "brs"), ("unea-6", "unea")],
)
def test_each_meeting_series_has_its_source(meeting: str, source: str) -> None:
    assert pipeline.meeting_source(meeting) == source


def test_a_meeting_narrows_the_source_options() -> None:
    assert pipeline._meeting_scope("minamata", "mc-cop-5", {}) == {"meetings": ["cop5"]}
    unea = pipeline._meeting_scope("unea", "unea-6", {})["title_filter"]
    assert re.search(unea, "6/3. Chemicals and waste") and not re.search(unea, "5/12. Environment")
    pages = [{"convention": "basel", "path": "/a", "meeting_id": "bc-cop-16"}, {"convention": "basel", "path": "/b"}]
    assert pipeline._meeting_scope("brs", "bc-cop-16", {"pages": pages}) == {"pages": pages[:1]}
    with pytest.raises(ValueError, match="no brs page is configured"):
        pipeline._meeting_scope("brs", "sc-cop-11", {"pages": pages})
    with pytest.raises(ValueError, match="published by minamata"):
        pipeline._meeting_scope("unea", "mc-cop-5", {})


# -- refused before any task runs --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refusals_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data directory (one metadata DB to migrate) for every refused run: none may leave a trace in it."""
    return tmp_path_factory.mktemp("bad-params")


@pytest.mark.integration
@pytest.mark.parametrize(
    ("conf", "param"),
    [
        ('{"meeting": "x; drop table"}', "meeting"),
        ('{"sources": ["minamata; rm -rf /"]}', "sources"),
        ('{"start_date": "2025-02-30"}', "start_date"),
        ('{"full_refresh": "yes"}', "full_refresh"),
    ],
    ids=["meeting", "sources", "start_date", "full_refresh"],
)
def test_bad_params_are_refused_before_any_task_runs(conf: str, param: str, refusals_dir: Path) -> None:
    data_dir = refusals_dir
    done = run_airflow(data_dir, "test", "-c", conf)  # `make run` with that configuration
    assert done.returncode != 0
    assert f"Invalid input for param {param}" in done.stdout + done.stderr
    assert not (data_dir / "raw").exists() and not (data_dir / "warehouse.duckdb").exists(), "a task ran"


@pytest.mark.integration
def test_a_reversed_date_range_stops_before_any_harvest(tmp_path: Path) -> None:
    conf = '{"sources": ["minamata"], "start_date": "2025-03-02", "end_date": "2025-03-01"}'
    done = run_airflow(tmp_path, "test", "-c", conf)
    assert done.returncode != 0
    assert "end_date 2025-03-01 is before start_date 2025-03-02" in done.stdout + done.stderr
    with sqlite3.connect(tmp_path / "airflow" / "airflow.db") as con:
        states = dict(con.execute("select task_id, state from task_instance where dag_id = 'mercury_nightly'"))
    assert states["web_sources"] == "failed" and states["harvest"] == "upstream_failed"
