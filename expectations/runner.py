"""Run one stage's suites as a single GX checkpoint over pandas data and write Data Docs.

Why pandas and Parquet: GX on DuckDB SQL is broken (GX issue 11579), so tables are validated as pandas data. A
checkpoint passes the same batch parameters to every validation definition, so in-memory DataFrame assets cannot
give each table its own data; instead each table is staged as a Parquet file in a temporary folder and read by a
pandas filesystem data source, one asset per table, and one checkpoint validates them all.

Why an ephemeral context with file stores: suites are code (parsed_suite.py, marts_suite.py), so nothing needs a
GX project on disk, but validation results are kept under docs/gx/_results so the Data Docs index lists the
latest runs of both stages (they run in different processes). Only the last HISTORY_RUNS runs are kept.

Great Expectations and pandas are imported inside functions: importing GX costs seconds.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expectations.outcome import ValidationOutcome

if TYPE_CHECKING:
    import pandas as pd

HISTORY_RUNS = 30
SITE_DIRNAME = "gx"
RESULTS_DIRNAME = "_results"
EXAMPLES_SHOWN = 3
EXAMPLE_CHARS = 80


def run_checkpoint(
    stage: str,
    tables: Mapping[str, pd.DataFrame],
    suites: Mapping[str, Sequence[Any]],
    docs_dir: Path,
    failures: Sequence[str] = (),
) -> ValidationOutcome:
    """Validate tables[name] with suites[name] for every name in suites, in one checkpoint named `stage`.

    failures: problems found before GX ran (e.g. a missing table); they are reported and fail the outcome.
    A name in suites without a table is a failure too, never a crash.
    """
    failures = list(failures)
    missing = [name for name in suites if name not in tables]
    failures += [f"{stage}.{name}: table missing, not validated" for name in missing]
    to_validate = {name: suites[name] for name in suites if name in tables}
    site_dir = docs_dir / SITE_DIRNAME
    statistics: dict[str, Any] = {
        "suite": stage,
        "rows": {name: len(tables[name]) for name in to_validate},
        "evaluated_expectations": 0,
        "successful_expectations": 0,
        "unsuccessful_expectations": 0,
        "data_docs": str(site_dir / "index.html"),
    }
    if to_validate:
        _prune_history(site_dir, keep=HISTORY_RUNS - 1)
        with tempfile.TemporaryDirectory(prefix=f"gx-{stage}-") as staging:
            results = _run(stage, tables, to_validate, Path(staging), site_dir)
        for table, result in results:
            for key in ("evaluated_expectations", "successful_expectations", "unsuccessful_expectations"):
                statistics[key] += result.statistics[key]
            failures += [_describe(stage, table, er) for er in result.results if not er.success]
    return ValidationOutcome(success=not failures, failures=failures, statistics=statistics)


def _run(
    stage: str,
    tables: Mapping[str, pd.DataFrame],
    suites: Mapping[str, Sequence[Any]],
    staging: Path,
    site_dir: Path,
) -> list[tuple[str, Any]]:
    """Build the context, stage the data, run the checkpoint; returns (table, validation result) pairs."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    logging.getLogger("great_expectations").setLevel(logging.WARNING)  # its INFO lines drown the task logs
    context = gx.get_context(project_config=_context_config(site_dir), mode="ephemeral")
    source = context.data_sources.add_pandas_filesystem(stage, base_directory=staging)
    definitions = []
    for table, expectations in suites.items():
        file_name = f"{table}.parquet"
        tables[table].to_parquet(staging / file_name, index=False)
        batch = source.add_parquet_asset(table).add_batch_definition_path("all_rows", path=file_name)
        suite = gx.ExpectationSuite(name=f"{stage}.{table}", expectations=list(expectations))
        suite = context.suites.add_or_update(suite)
        definition = gx.ValidationDefinition(name=suite.name, data=batch, suite=suite)
        definitions.append(context.validation_definitions.add(definition))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=stage,
            validation_definitions=definitions,
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLES_SHOWN},
        )
    )
    result = checkpoint.run(run_id=RunIdentifier(run_name=stage))
    # Data Docs once for the whole run: GX's UpdateDataDocsAction rebuilds the site (templates and index) once per
    # validated table, which cost more than the validation itself.
    pages: list[Any] = []
    for identifier, validation in result.run_results.items():
        pages += [identifier, ExpectationSuiteIdentifier(name=validation.suite_name)]
    context.build_data_docs(resource_identifiers=pages)
    from warehouse.docs import offline_gx_site

    offline_gx_site(site_dir)  # GX's pages load their styles from CDNs: point them at local files instead
    return [(vr.suite_name.split(".", 1)[1], vr) for vr in result.run_results.values()]


def _context_config(site_dir: Path) -> Any:
    """Ephemeral context: suites and results in files under the site, Data Docs as static HTML in site_dir."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    def files(kind: str, store_class: str) -> dict[str, Any]:
        folder = str(site_dir / RESULTS_DIRNAME / kind)
        return {"class_name": store_class, "store_backend": _filesystem(folder)}

    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
    )
    config.stores["expectations_store"] = files("expectations", "ExpectationsStore")
    config.stores["validation_results_store"] = files("validations", "ValidationResultsStore")
    config.data_docs_sites = {
        "local_site": {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": _filesystem(str(site_dir)),
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    }
    return config


def _filesystem(folder: str) -> dict[str, str]:
    return {"class_name": "TupleFilesystemStoreBackend", "base_directory": folder}


def _describe(stage: str, table: str, er: Any) -> str:
    """One readable line for a failed expectation: where, which check, on what, what was seen."""
    config = er.expectation_config
    kwargs = config.kwargs
    target = kwargs.get("column") or ", ".join(kwargs.get("column_list") or [])
    if "column_A" in kwargs:
        target = f"{kwargs['column_A']}, {kwargs['column_B']}"
    condition = _condition_text(kwargs.get("row_condition"))
    if condition:
        target += f" where {condition}"
    return f"{stage}.{table}: {config.type}({target}): {_observed(er)}"


def _condition_text(condition: Any) -> str:
    """A GX row condition (as serialised in the expectation's kwargs) written as a reader would."""
    if not isinstance(condition, dict):
        return ""
    if condition.get("type") in ("and", "or"):
        return f" {condition['type']} ".join(_condition_text(c) for c in condition["conditions"])
    if "is_null" in condition:
        return f"{condition['column']['name']} is {'' if condition['is_null'] else 'not '}null"
    if "column" in condition:
        return f"{condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    return ""


def _observed(er: Any) -> str:
    """What GX saw: the error if the check could not run, else unexpected counts with a few examples."""
    info = er.exception_info or {}
    messages = [v.get("exception_message") for v in info.values() if isinstance(v, dict)]
    if info.get("raised_exception"):
        messages.append(info.get("exception_message"))
    messages = [m for m in messages if m]
    if messages:
        return "could not run: " + "; ".join(dict.fromkeys(messages))
    result = er.result or {}
    mismatched = (result.get("details") or {}).get("mismatched") or {}
    if mismatched.get("missing"):
        return f"missing columns {sorted(mismatched['missing'])}"
    if "unexpected_count" in result:
        examples = [_short(v) for v in (result.get("partial_unexpected_list") or [])[:EXAMPLES_SHOWN]]
        return f"{result['unexpected_count']} of {result.get('element_count')} rows unexpected, e.g. {examples}"
    if "observed_value" in result:
        return f"observed {_short(result['observed_value'])}"
    return "failed"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _prune_history(site_dir: Path, keep: int) -> None:
    """Keep the newest `keep` runs per suite, both the stored results and their rendered pages (called before a
    run, so the index this run builds never links a pruned page).

    Layout (GX): <root>/<stage>/<table>/<run_name>/<run_time>/<batch>.json|html; run_time sorts chronologically.
    """
    for root in (site_dir / RESULTS_DIRNAME / "validations", site_dir / "validations"):
        for run_name_dir in root.glob("*/*/*"):
            run_times = sorted(p for p in run_name_dir.iterdir() if p.is_dir())
            for old in run_times[:-keep]:
                shutil.rmtree(old, ignore_errors=True)
