#!/usr/bin/env bash
# Run the nightly DAG once, through Airflow, without a scheduler: `airflow dags test mercury_nightly`.
# Used by `make run` and by the end-to-end tests (tests/conftest.py), so both exercise exactly the same path.
#
# Needs MERCURY_DATA_DIR. Airflow lives in the data directory: AIRFLOW_HOME=$MERCURY_DATA_DIR/airflow with a SQLite
# metadata DB, so a fresh clone needs nothing else. The metadata DB is migrated and the DuckDB writer pool created
# only when the stamp file says this Airflow version has not set them up yet (each airflow command costs seconds).
# Extra arguments go to `airflow dags test`, e.g. -c '{"input_dir": "/path/to/docs", "full_refresh": true}'.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${MERCURY_DATA_DIR:?set MERCURY_DATA_DIR to the data directory}"
bin=${MERCURY_VENV_BIN:-$repo/.venv/bin}
pool=duckdb_writer

mkdir -p "$MERCURY_DATA_DIR"
export MERCURY_DATA_DIR=$(cd "$MERCURY_DATA_DIR" && pwd)
export AIRFLOW_HOME=${AIRFLOW_HOME:-$MERCURY_DATA_DIR/airflow}
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER=$repo/dags
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-sqlite:///$AIRFLOW_HOME/airflow.db}
# A local run should stop at the first failure, not wait for retries (the DAG's production default is 2).
export MERCURY_DAG_RETRIES=${MERCURY_DAG_RETRIES:-0}
mkdir -p "$AIRFLOW_HOME"

version=$("$bin/python" -c 'import importlib.metadata as m; print(m.version("apache-airflow"))')
stamp="$AIRFLOW_HOME/.mercury-setup"
wanted="airflow $version; db $AIRFLOW__DATABASE__SQL_ALCHEMY_CONN; pool $pool=1"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  echo "airflow: migrating the metadata DB and creating pool $pool (first run in $AIRFLOW_HOME)" >&2
  "$bin/airflow" db migrate
  "$bin/airflow" pools set "$pool" 1 "One writer at a time per DuckDB file (build warehouse)"
  printf '%s' "$wanted" >"$stamp"
fi

exec "$bin/airflow" dags test mercury_nightly "$@"
