"""The Makefile's data directory: DATA_DIR=... wins, else the environment's MERCURY_DATA_DIR (the one `mercury` and
scripts/airflow.sh use), else ./data; every data target says which one it uses. Runs real `make` (a target that only
prints, and `make -n` for the commands `make run` would execute)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")


def make(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("MERCURY_DATA_DIR", "DATA_DIR") and "MAKE" not in k}
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), {}, f"{REPO / 'data'} (from default)"),
        ((), {"MERCURY_DATA_DIR": "/srv/mercury"}, "/srv/mercury (from MERCURY_DATA_DIR)"),
        (("DATA_DIR=/tmp/other",), {"MERCURY_DATA_DIR": "/srv/mercury"}, "/tmp/other (from DATA_DIR)"),
        (("DATA_DIR=relative",), {}, f"{REPO / 'relative'} (from DATA_DIR)"),
        ((), {"MERCURY_DATA_DIR": ""}, f"{REPO / 'data'} (from default)"),
    ],
    ids=["default", "environment", "command-line-wins", "relative", "empty-environment"],
)
def test_the_data_dir_is_chosen_and_named(args: tuple[str, ...], env: dict[str, str], expected: str) -> None:
    done = make("-s", "data-dir", *args, **env)
    assert done.stderr.strip() == f"data dir: {expected}"
    assert done.stdout == ""


def test_make_run_uses_the_environments_data_dir(tmp_path: Path) -> None:
    """The commands `make run` would run (dry run: nothing executes) write under MERCURY_DATA_DIR, not ./data."""
    data_dir = tmp_path / "mercury-data"
    done = make("-n", "run", MERCURY_DATA_DIR=str(data_dir))
    assert f'echo "data dir: {data_dir} (from MERCURY_DATA_DIR)" >&2' in done.stdout
    assert f'mkdir -p "{data_dir}/logs/"' in done.stdout
    assert f"{REPO / 'data'}" not in done.stdout
    assert not data_dir.exists()
