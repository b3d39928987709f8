# The two commands a newcomer needs:  make run  ·  make test
# Needs only python3.11 and make: a pinned uv is bootstrapped into .tools/, then `uv sync --frozen` builds .venv
# exactly from uv.lock.
#
#   make run        install, run the nightly DAG once through Airflow (`airflow dags test`), print the summary
#   make test       everything CI checks: lint (ruff, sqlfluff) and the whole pytest suite
#   make lint       ruff check, ruff format --check, sqlfluff lint
#   make format     apply ruff's fixes and formatting
#   make airflow    Airflow standalone (scheduler + UI) on 127.0.0.1:8080 (AIRFLOW_PORT=...)
#   make backfill DAG=mercury_nightly FROM=2025-03-01 TO=2025-03-03 [CONF='{"full_refresh": true}']
#                   backfill a DAG over a date range (needs `make airflow` running on the same DATA_DIR)
#   make compose-env  write .env for docker-compose.yml: your user id and fresh random secrets
#   make bench      benchmarks on synthetic M and L corpora and the shapes slice R (SKIP_L=1: no L),
#                   data/bench/results.json
#   make clean      remove the data directory, caches and build output (keeps .venv and .tools)
#
# DATA_DIR holds the raw archive, the warehouses, exports, docs and Airflow's home: DATA_DIR=... if given, else
# $MERCURY_DATA_DIR from the environment (what `mercury` uses too), else ./data. Targets say which one they use.
#   make run DATA_DIR=/tmp/mercury        make run INPUT=path/to/folder        make run FULL_REFRESH=1

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
UV_VERSION := 0.13.9
# Decided once, before MERCURY_DATA_DIR is re-exported below: the command line or environment's DATA_DIR, else the
# environment's MERCURY_DATA_DIR (never silently replaced by ./data), else ./data.
ifneq ($(filter command line environment override,$(origin DATA_DIR)),)
DATA_DIR_FROM := DATA_DIR
else ifneq ($(strip $(MERCURY_DATA_DIR)),)
DATA_DIR := $(MERCURY_DATA_DIR)
DATA_DIR_FROM := MERCURY_DATA_DIR
else
DATA_DIR := data
DATA_DIR_FROM := default
endif
AIRFLOW_PORT ?= 8080
INPUT ?=
FULL_REFRESH ?=

TOOLS := .tools
UV := $(TOOLS)/bin/uv
BIN := .venv/bin

export MERCURY_DATA_DIR := $(abspath $(DATA_DIR))
# Every target that reads or writes the data directory starts by naming it (stderr, so summaries stay clean).
SAY_DATA_DIR = @echo "data dir: $(MERCURY_DATA_DIR) (from $(DATA_DIR_FROM))" >&2
export AIRFLOW_PORT
# Never let uv fetch a Python: the machine's python3.11 is the interpreter.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

comma := ,
# `airflow dags test` run configuration from INPUT / FULL_REFRESH (the DAG's params input_dir / full_refresh).
RUN_CONF := $(strip $(if $(INPUT),"input_dir": "$(abspath $(INPUT))")$(if $(and $(INPUT),$(FULL_REFRESH)),$(comma))$(if $(FULL_REFRESH),"full_refresh": true))

.PHONY: help sync run test lint format airflow backfill compose-env bench clean data-dir

help:
	@sed -n '1,/^$$/p' $(MAKEFILE_LIST) | sed 's/^# \{0,1\}//'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

sync: $(UV)
	$(UV) sync --frozen --quiet

# Airflow's own log goes to a file (shown when the run fails); the summary is what a person reads.
RUN_LOG = $(MERCURY_DATA_DIR)/logs/make-run.log

run: sync
	$(SAY_DATA_DIR)
	@mkdir -p "$(dir $(RUN_LOG))"
	@echo "running the mercury_nightly DAG through Airflow (airflow dags test); log: $(RUN_LOG)"
	@scripts/airflow.sh test $(if $(RUN_CONF),-c '{$(RUN_CONF)}') > "$(RUN_LOG)" 2>&1 \
	  || { tail -n 60 "$(RUN_LOG)"; echo "✗ the DAG run failed; full log: $(RUN_LOG)" >&2; exit 1; }
	@sed -n 's/.*DagRun Finished: dag_id=\([a-z_]*\).*run_duration=\([0-9]*\)[0-9.]*, state=\([a-z]*\).*/Airflow DAG run \1: \3 in \2 s/p' "$(RUN_LOG)" | tail -n 1
	@$(BIN)/mercury status

test: sync lint
	$(BIN)/pytest

lint: sync
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models

format: sync
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

airflow: sync
	$(SAY_DATA_DIR)
	scripts/airflow.sh standalone

DAG ?= mercury_nightly
CONF ?=
backfill: sync
	$(SAY_DATA_DIR)
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make backfill DAG=$(DAG) FROM=YYYY-MM-DD TO=YYYY-MM-DD [CONF='{...}']" >&2; exit 2; }
	scripts/airflow.sh airflow backfill create --dag-id "$(DAG)" --from-date "$(FROM)" --to-date "$(TO)" \
	  --max-active-runs 1 $(if $(CONF),--dag-run-conf '$(CONF)')

# Which data directory the other targets would use, and why (`make data-dir`, `make data-dir DATA_DIR=...`).
data-dir:
	$(SAY_DATA_DIR)

# Secrets for docker-compose.yml (it has no default ones); never overwrites an existing .env.
compose-env:
	@test ! -e .env || { echo ".env exists; remove it first to make new secrets" >&2; exit 1; }
	@umask 077 && $(PYTHON) -c 'import os, secrets; print(f"AIRFLOW_UID={os.getuid()}"); \
	  [print(f"{k}={secrets.token_hex(32)}") for k in ("POSTGRES_PASSWORD", "AIRFLOW_JWT_SECRET", "AIRFLOW_API_SECRET_KEY")]' > .env
	@echo "wrote .env (AIRFLOW_UID and three random secrets); now: docker compose up -d"

# The data directory is removed only when it lies inside this checkout (DATA_DIR may point anywhere).
# Benchmarks on synthetic corpora with ground truth (issue 7): M and L sizes, and R, the document shapes of issue 11
# scored per shape; results in data/bench/results.json.
# `make bench SKIP_L=1` for a quick look without the ~20,000-decision corpus.
SKIP_L ?=
bench: sync
	$(SAY_DATA_DIR)
	$(BIN)/python -m bench run --out $(MERCURY_DATA_DIR)/bench $(if $(SKIP_L),--skip-l)

clean:
	$(SAY_DATA_DIR)
	case "$(MERCURY_DATA_DIR)/" in "$(CURDIR)"/?*) rm -rf "$(MERCURY_DATA_DIR)" ;; \
	  *) echo "not removing $(MERCURY_DATA_DIR): outside $(CURDIR); delete it yourself" >&2 ;; esac
	rm -rf dbt_project/target dbt_project/logs dbt_project/dbt_packages .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -not -path './.venv/*' -not -path './.tools/*' -prune -exec rm -rf {} +
