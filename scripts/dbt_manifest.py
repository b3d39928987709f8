"""Bring the dbt manifest that mercury_transform renders its per-model tasks from up to date (`dbt parse` into
<data dir>/dbt/manifest/, only when the dbt project changed). Run by scripts/airflow.sh and docker-compose's
airflow-init before any DAG processor parses the DAGs; prints what it did."""

from __future__ import annotations

from warehouse import pipeline
from warehouse.settings import get_settings

if __name__ == "__main__":
    result = pipeline.dbt_manifest(get_settings())
    print(f"dbt manifest {'written' if result['regenerated'] else 'current'}: {result['path']}")
