"""scripts/airflow.sh `airflow backfill create`: tried again after SQLite's "database is locked" (Airflow rolls the
half-created backfill back), never after any other error.

The Airflow CLI is replaced by a small executable on MERCURY_VENV_BIN that fails the way Airflow does a given
number of times and records each call; the script under test is the real one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

FAKE_AIRFLOW = """#!/usr/bin/env bash
# Stands in for the Airflow CLI: `db` and `pools` succeed; the backfill fails while the counter is above zero.
case "$1" in db | pools) exit 0 ;; esac
echo "$*" >>"{calls}"
left=$(cat "{counter}")
if [[ $left -gt 0 ]]; then
  echo $((left - 1)) >"{counter}"
  echo "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) {message}" >&2
  exit 1
fi
echo "created backfill for $*"
"""


def run_backfill(tmp_path: Path, failures: int, message: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # A wrapper, not a symlink: a symlinked interpreter outside the venv would not see its packages.
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    calls, counter = tmp_path / "calls", tmp_path / "counter"
    counter.write_text(str(failures))
    fake = bin_dir / "airflow"
    fake.write_text(FAKE_AIRFLOW.format(calls=calls, counter=counter, message=message))
    fake.chmod(0o755)
    env = {**os.environ, "MERCURY_DATA_DIR": str(tmp_path / "data"), "MERCURY_VENV_BIN": str(bin_dir)}
    env["MERCURY_BACKFILL_RETRY_SECONDS"] = "1"
    env.pop("AIRFLOW_HOME", None)
    env.pop("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", None)
    done = subprocess.run(
        [str(REPO / "scripts" / "airflow.sh"), "airflow", "backfill", "create", "--dag-id", "mercury_nightly"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, calls.read_text().splitlines() if calls.exists() else []


def test_a_locked_database_is_tried_again(tmp_path: Path) -> None:
    done, calls = run_backfill(tmp_path, failures=1, message="database is locked")
    assert done.returncode == 0, done.stderr
    assert calls == ["backfill create --dag-id mercury_nightly"] * 2
    assert "created backfill for backfill create --dag-id mercury_nightly" in done.stdout
    assert "metadata DB was locked" in done.stderr


@pytest.mark.parametrize(
    ("failures", "message", "tries"),
    [(9, "database is locked", 4), (1, "no such table: dag", 1)],
    ids=["gives-up-after-four-tries", "other-errors-stop-at-once"],
)
def test_failures_keep_their_exit_status(tmp_path: Path, failures: int, message: str, tries: int) -> None:
    done, calls = run_backfill(tmp_path, failures=failures, message=message)
    assert done.returncode == 1
    assert len(calls) == tries
    assert message in done.stdout  # the CLI's own error is shown
