"""Airflow DAG `mercury_transform`: raw archive -> build warehouse -> dbt models -> checks -> publish -> export,
started whenever a harvest DAG announces new files (Assets mercury://raw/<source>).

Every dbt model (and seed) is its own task, rendered by astronomer-cosmos from the manifest that `dbt parse` wrote
to <data dir>/dbt/manifest/ (scripts/airflow.sh and docker-compose's airflow-init make it; warehouse.transform
keeps it current): a failed model is visible, logged and cleared on its own. Without a current manifest (never
parsed, or the dbt project changed since) the group falls back to one `dbt build` task, so the DAG always loads
and never runs a stale model list. DAG parse cost with cosmos: ~0.6 s over Airflow's own import (measured,
tests/test_dagbag.py budget).
"""

from __future__ import annotations

import os
from typing import Any

from airflow.sdk import AssetAny, dag
from mercury_dags.stages import load_build_publish, transform
from mercury_dags.wiring import (
    DUCKDB_POOL,
    OWNER,
    SOURCES,
    START_DATE,
    default_args,
    full_refresh_param,
    raw_asset,
    transform_task_args,
)

from warehouse.settings import get_settings
from warehouse.transform import current_manifest, dbt_env

# cosmos reports usage to a web service unless told not to: nothing here may reach the internet.
os.environ.setdefault("AIRFLOW__COSMOS__ENABLE_TELEMETRY", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")

DBT_GROUP = "dbt"

DOC_MD = f"""
# mercury_transform

**What it does.** Builds and publishes the warehouse from the raw archive whenever a harvest DAG announced new
files (Assets `mercury://raw/<source>`; each `mercury_harvest_*` DAG updates its own):

1. `load` parses new archived files (cached) and bulk-loads `raw.*` / `audit.*` into `data/warehouse.duckdb`;
2. `decide` stops at `record_unchanged` when nothing changed since the last publish (and `full_refresh` is off);
3. `dbt` — one task per dbt seed and model (`dbt build --select <node>`: the model and its own data tests), in
   dependency order; tests spanning several models run after all of them;
4. `check` (GX suite `marts`) → `publish` (atomic swap of `data/published/mercury.duckdb`) → `export` →
   `record_published`.

Every task that writes the build warehouse takes the single slot of the `{DUCKDB_POOL}` pool (DuckDB has one writer per
file), so transforms never overlap with each other or with `mercury_nightly`. Trigger it by hand with
`full_refresh` to re-parse every file and rebuild every model.

**Owner:** {OWNER} (the warehouse maintainers; issues in the project tracker).

**When it fails.** Nothing is published before `check` passed; the run is closed in `audit.runs` as `failed`,
naming the task and the error. Transforms are deterministic, so they are not retried automatically: fix the cause,
then *clear* the failed task (a dbt model: its task and everything downstream) — every step is idempotent.
A dbt task failing names the model or test in its log; reproduce with `mercury build`. A `check` failure lists
each failed expectation (Data Docs in `data/docs/gx/`). `Could not set lock`: a writer ran outside the pool.
"""


def dbt_models() -> Any:
    """The dbt step: one cosmos task per model/seed from the current manifest, or a single `dbt build` task."""
    settings = get_settings()
    manifest = current_manifest(settings)
    if manifest is None:  # the single `dbt build` task, under the group's id
        return transform.override(task_id=DBT_GROUP)()

    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior, TestIndirectSelection

    return DbtTaskGroup(
        group_id=DBT_GROUP,
        project_config=ProjectConfig(
            dbt_project_path=settings.dbt_project_dir, manifest_path=manifest, project_name="mercury"
        ),
        profile_config=ProfileConfig(
            profile_name="mercury",
            target_name="build",
            profiles_yml_filepath=settings.dbt_project_dir / "profiles.yml",
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.BUILD,  # a model's task also runs that model's data tests
            should_detach_multiple_parents_tests=True,  # a test over two models waits for both
            exclude=["resource_type:exposure"],
            emit_datasets=False,  # the marts are announced by publish, not per model
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.LOCAL,
            invocation_mode=InvocationMode.DBT_RUNNER,  # in-process: no second Python start per model
            test_indirect_selection=TestIndirectSelection.CAUTIOUS,
        ),
        operator_args={
            "pool": DUCKDB_POOL,
            "env": dbt_env(settings),
            "full_refresh": "{{ params.full_refresh }}",
            "install_deps": False,
            # dbt-duckdb keeps its DuckDB handle in a class attribute: close it so the next task in the same
            # process (`airflow dags test`) can open the build warehouse.
            "callback": "warehouse.transform.close_dbt_connections",
        },
    )


@dag(
    dag_id="mercury_transform",
    schedule=AssetAny(*(raw_asset(source) for source in SOURCES)),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(**transform_task_args()),
    tags=["mercury", "warehouse", "dbt", "duckdb"],
    doc_md=DOC_MD,
    params={"full_refresh": full_refresh_param()},
)
def mercury_transform() -> None:
    load_build_publish(build=dbt_models, build_task_id=DBT_GROUP)


mercury_transform()
