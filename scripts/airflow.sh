#!/usr/bin/env bash
# Airflow for this project, configured one way for `make run`, `make airflow` and the end-to-end tests.
#
#   scripts/airflow.sh test [ARGS]   run the nightly DAG once, in-process, no scheduler (`airflow dags test`);
#                                    ARGS go to `airflow dags test`, e.g. -c '{"input_dir": "/docs", "full_refresh": true}'
#   scripts/airflow.sh standalone    scheduler + API server + UI on 127.0.0.1:${AIRFLOW_PORT:-8080}
#
# Needs MERCURY_DATA_DIR. Airflow lives in the data directory (AIRFLOW_HOME=$MERCURY_DATA_DIR/airflow, SQLite
# metadata DB, examples off), so a fresh clone needs nothing else. The metadata DB is migrated and the DuckDB writer
# pool created only when the stamp file says this setup has not been done yet (each airflow command costs seconds).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${MERCURY_DATA_DIR:?set MERCURY_DATA_DIR to the data directory}"
bin=${MERCURY_VENV_BIN:-$repo/.venv/bin}
export PATH=$bin:$PATH  # airflow standalone starts its components as `airflow ...` subprocesses
pool=duckdb_writer
port=${AIRFLOW_PORT:-8080}

mkdir -p "$MERCURY_DATA_DIR"
MERCURY_DATA_DIR=$(cd "$MERCURY_DATA_DIR" && pwd)
export MERCURY_DATA_DIR
export AIRFLOW_HOME=${AIRFLOW_HOME:-$MERCURY_DATA_DIR/airflow}
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER=$repo/dags
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-sqlite:///$AIRFLOW_HOME/airflow.db}
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT=$port
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://127.0.0.1:$port/execution/
mkdir -p "$AIRFLOW_HOME"

version=$("$bin/python" -c 'import importlib.metadata as m; print(m.version("apache-airflow"))')
stamp="$AIRFLOW_HOME/.mercury-setup"
wanted="airflow $version; db $AIRFLOW__DATABASE__SQL_ALCHEMY_CONN; pool $pool=1"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
  echo "airflow: migrating the metadata DB and creating pool $pool (first use of $AIRFLOW_HOME)" >&2
  "$bin/airflow" db migrate
  "$bin/airflow" pools set "$pool" 1 "One writer at a time per DuckDB file (build warehouse)"
  printf '%s' "$wanted" >"$stamp"
fi

case "${1:-}" in
  test)
    shift
    # A local run stops at the first failure instead of waiting for retries (the DAG's production default is 2).
    export MERCURY_DAG_RETRIES=${MERCURY_DAG_RETRIES:-0}
    exec "$bin/airflow" dags test mercury_nightly "$@"
    ;;
  standalone)
    echo "Airflow UI: http://127.0.0.1:$port  (user admin; password in $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated once started)" >&2
    echo "DAG mercury_nightly starts paused: unpause it in the UI or with: AIRFLOW_HOME=$AIRFLOW_HOME $bin/airflow dags unpause mercury_nightly" >&2
    # LocalExecutor forks one worker per parallelism slot (default 32): a handful is plenty on a laptop.
    export AIRFLOW__CORE__PARALLELISM=${AIRFLOW__CORE__PARALLELISM:-4}
    exec "$bin/airflow" standalone
    ;;
  *)
    echo "usage: $0 test [airflow dags test args] | standalone" >&2
    exit 2
    ;;
esac
