"""Wiring shared by the Mercury DAG files (dags/*.py): defaults, Params, Assets, failure callback.

Not a DAG folder (dags/.airflowignore): Airflow puts the DAG folder on sys.path, so DAG files import this as
`mercury_dags`. Kept as cheap to import as the DAG files themselves: no pandas, dbt or Great Expectations.
"""
