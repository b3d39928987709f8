#!/usr/bin/env bash
# Airflow for this project, configured one way for `make run`, `make airflow`, the operator and the tests.
#
#   scripts/airflow.sh test [ARGS]        run mercury_nightly once, in-process, no scheduler (`airflow dags test`);
#                                         ARGS go to `airflow dags test`, e.g. -c '{"input_dir": "/docs", "full_refresh": true}'
#   scripts/airflow.sh dag DAG_ID [ARGS]  the same for any DAG, e.g. dag mercury_harvest_local, dag mercury_transform
#   scripts/airflow.sh standalone         scheduler + DAG processor + triggerer + API server/UI on 127.0.0.1:${AIRFLOW_PORT:-8080}
#                                         (no log servers: they would listen on 0.0.0.0; logs are read from files)
#   scripts/airflow.sh airflow ARGS       any airflow command in this environment, e.g.
#                                         airflow backfill create --dag-id mercury_nightly --from-date 2025-03-01 --to-date 2025-03-03
#
# Needs MERCURY_DATA_DIR. Airflow lives in the data directory (AIRFLOW_HOME=$MERCURY_DATA_DIR/airflow, SQLite
# metadata DB unless AIRFLOW__DATABASE__SQL_ALCHEMY_CONN says otherwise, examples off), so a fresh clone needs
# nothing else. The metadata DB is migrated and the DuckDB writer pool created only when the stamp file says this
# setup has not been done yet (each airflow command costs seconds). Before the DAG processor or `dag` parses the
# DAGs, the dbt manifest the transform DAG renders its per-model tasks from is brought up to date (`dbt parse`,
# only when the dbt project changed).
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
# SQLite lets one writer in at a time; a CLI command (`backfill create`) next to a running scheduler waits up to 30 s
# for the lock instead of the default 5 s, after which it failed with "database is locked" on a busy machine.
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-sqlite:///$AIRFLOW_HOME/airflow.db?timeout=30}
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT=$port
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://127.0.0.1:$port/execution/
# astronomer-cosmos (dbt tasks) would report usage to a web service: nothing here reaches the internet. Its
# partial-parse cache stays in the data directory.
export AIRFLOW__COSMOS__ENABLE_TELEMETRY=False DO_NOT_TRACK=1
export AIRFLOW__COSMOS__CACHE_DIR=${AIRFLOW__COSMOS__CACHE_DIR:-$MERCURY_DATA_DIR/dbt/cosmos}
mkdir -p "$AIRFLOW_HOME"

setup() {
  local version stamp wanted
  version=$("$bin/python" -c 'import importlib.metadata as m; print(m.version("apache-airflow"))')
  stamp="$AIRFLOW_HOME/.mercury-setup"
  wanted="airflow $version; db $AIRFLOW__DATABASE__SQL_ALCHEMY_CONN; pool $pool=1"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "airflow: migrating the metadata DB and creating pool $pool (first use of $AIRFLOW_HOME)" >&2
    "$bin/airflow" db migrate
    "$bin/airflow" pools set "$pool" 1 "One writer at a time per DuckDB file (build warehouse)"
    printf '%s' "$wanted" >"$stamp"
  fi
}

dbt_manifest() {
  "$bin/python" "$repo/scripts/dbt_manifest.py"
}

case "${1:-}" in
  test)
    shift
    setup
    # A local run stops at the first failure instead of waiting for retries.
    export MERCURY_DAG_RETRIES=${MERCURY_DAG_RETRIES:-0}
    exec "$bin/python" "$repo/scripts/airflow_oneshot.py" dags test mercury_nightly "$@"
    ;;
  dag)
    shift
    [[ $# -ge 1 ]] || { echo "usage: $0 dag DAG_ID [airflow dags test args]" >&2; exit 2; }
    setup
    dbt_manifest
    export MERCURY_DAG_RETRIES=${MERCURY_DAG_RETRIES:-0}
    exec "$bin/python" "$repo/scripts/airflow_oneshot.py" dags test "$@"
    ;;
  standalone)
    setup
    dbt_manifest
    echo "Airflow UI: http://127.0.0.1:$port  (user admin; its generated password is in $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated once started)" >&2
    echo "New DAGs start paused: unpause them in the UI or with: scripts/airflow.sh airflow dags unpause mercury_nightly" >&2
    # LocalExecutor forks one worker per parallelism slot (default 32): a handful is plenty on a laptop.
    export AIRFLOW__CORE__PARALLELISM=${AIRFLOW__CORE__PARALLELISM:-4}
    # `airflow standalone` starts `airflow scheduler` and `airflow triggerer` from PATH, and each would start a log
    # server on every interface (ports [logging] worker/trigger_log_server_port; Airflow hard-codes the host, see
    # airflow/utils/serve_logs/core.py, and has no setting for it). Everything runs on this machine and the API
    # server reads task logs from $AIRFLOW_HOME/logs itself, so no log server is needed: this shim, first on PATH,
    # adds --skip-serve-logs. Then the only listener is the API server, on 127.0.0.1.
    shim=$AIRFLOW_HOME/bin
    mkdir -p "$shim"
    cat >"$shim/airflow" <<SHIM
#!/usr/bin/env bash
# Written by scripts/airflow.sh standalone: no log servers on 0.0.0.0 (see there).
case "\${1:-}" in
  scheduler | triggerer) exec "$bin/airflow" "\$@" --skip-serve-logs ;;
esac
exec "$bin/airflow" "\$@"
SHIM
    chmod +x "$shim/airflow"
    export PATH=$shim:$PATH
    exec "$bin/airflow" standalone
    ;;
  airflow)
    shift
    setup
    if [[ "${1:-} ${2:-}" == "backfill create" ]]; then
      # On SQLite a backfill created while the scheduler holds the one write lock fails with "database is locked";
      # Airflow rolls the half-created backfill back, so trying again a little later is safe. Other errors stop.
      pause=${MERCURY_BACKFILL_RETRY_SECONDS:-5}
      out=$(mktemp)
      trap 'rm -f "$out"' EXIT
      for attempt in 1 2 3 4; do
        status=0
        "$bin/airflow" "$@" 2>&1 | tee "$out" || status=${PIPESTATUS[0]}
        if [[ $status -eq 0 ]] || ! grep -qi "database is locked" "$out" || [[ $attempt -eq 4 ]]; then
          exit "$status"
        fi
        echo "airflow: the metadata DB was locked, the backfill was rolled back; trying again in $((attempt * pause)) s" >&2
        sleep $((attempt * pause))
      done
    fi
    exec "$bin/airflow" "$@"
    ;;
  *)
    echo "usage: $0 test [airflow dags test args] | dag DAG_ID [args] | standalone | airflow ARGS" >&2
    exit 2
    ;;
esac
