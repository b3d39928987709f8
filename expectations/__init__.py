"""Data checks (Great Expectations 1.x) for the two points where bad data must stop the pipeline.

validate_parsed: suite `parsed`, the parsers' records before they are loaded (called by pipeline.parse_and_load).
validate_marts:  suite `marts`, the dbt marts before they are published (called by pipeline.check).

Both run one GX checkpoint and write Data Docs (static HTML) to <docs_dir>/gx/index.html. This module is cheap to
import: Great Expectations (seconds to import), pandas and duckdb are imported inside the functions, so DAG files
and the CLI can import the pipeline without paying for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from expectations.outcome import ValidationFailed, ValidationOutcome

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

__all__ = ["ValidationFailed", "ValidationOutcome", "validate_marts", "validate_parsed"]

# A mart with more rows than this is validated on a repeatable random sample of this many rows: the suite's checks
# are row-level (enumerations, patterns, clean text), which a sample tests fairly, while full-table key integrity
# (unique, not null, relationships) is dbt's job on every build. Tens of thousands of decisions would otherwise mean
# reading every paragraph into pandas (time and most of the run's memory).
MARTS_ROW_CAP = 100_000

# No silent drops (issue 11): per decision-typed document (doc_type decisions/resolution in marts.documents) and
# per document flagged in audit.parse_warnings, how many decision texts it yielded (raw.decisions). The `marts`
# suite validates it as the table `decision_yield`; the share allowed to yield none is a setting
# (warehouse.settings.Settings.max_no_decision_share, MERCURY_MAX_NO_DECISION_SHARE).
DECISION_YIELD_SQL = """
with

typed as (
    select document_id, doc_type from marts.documents where doc_type in ('decisions', 'resolution')
),

flagged as (
    select document_id, min(reason) as reason from audit.parse_warnings where kind = 'no_decision' group by 1
),

texts as (
    select document_id, count(*) as decision_texts from raw.decisions group by 1
),

candidates as (
    select document_id from typed
    union
    select document_id from flagged
)

select
    candidates.document_id,
    typed.doc_type,
    flagged.document_id is not null as flagged,
    flagged.reason,
    coalesce(texts.decision_texts, 0) as decision_texts,
    case when coalesce(texts.decision_texts, 0) = 0 then 1 else 0 end as no_decision
from candidates
left join typed on candidates.document_id = typed.document_id
left join flagged on candidates.document_id = flagged.document_id
left join texts on candidates.document_id = texts.document_id
order by candidates.document_id
"""


def validate_parsed(tables: Mapping[str, pd.DataFrame], docs_dir: Path) -> ValidationOutcome:
    """Check parsed records, keyed like the raw tables (documents, decisions, paragraphs, mandates, cooperation,
    references) with the columns of the extractors/model.py dataclasses.

    A table left out, or passed empty without columns, counts as empty (nothing parsed is not an error); a key that
    is not a raw table is reported as a failure, so a renamed table cannot slip past the checks.
    """
    import pandas as pd

    from expectations import parsed_suite
    from expectations.runner import run_checkpoint

    frames = {}
    for table, columns in parsed_suite.COLUMNS.items():
        frame = tables.get(table)
        if frame is None:
            frame = pd.DataFrame(columns=columns)
        elif frame.empty:
            frame = frame.reindex(columns=list(dict.fromkeys([*frame.columns, *columns])))
        frames[table] = frame
    stage = parsed_suite.STAGE
    unknown = [f"{stage}.{name}: not a parsed table, not validated" for name in tables if name not in frames]
    return run_checkpoint(stage, frames, parsed_suite.build_suites(), docs_dir, failures=unknown)


def validate_marts(
    warehouse_path: Path, docs_dir: Path, max_no_decision_share: float | None = None
) -> ValidationOutcome:
    """Check the marts of a DuckDB warehouse file (opened read-only, closed before GX runs).

    A missing file or mart is a failure with a reason, not an exception: the caller decides to stop the publish.
    max_no_decision_share: the largest share of decision-typed documents allowed to yield no decision (None: the
    setting, MERCURY_MAX_NO_DECISION_SHARE, default 0.05).
    """
    import duckdb

    from expectations import marts_suite
    from expectations.runner import run_checkpoint

    stage = marts_suite.STAGE
    if not Path(warehouse_path).is_file():
        return ValidationOutcome(success=False, failures=[f"{stage}: warehouse file {warehouse_path} not found"])
    try:
        with duckdb.connect(str(warehouse_path), read_only=True) as con:
            present = {
                name
                for (name,) in con.execute(
                    "select table_name from information_schema.tables where table_schema = 'marts'"
                ).fetchall()
            }
            wanted = [name for name in marts_suite.COLUMNS if name in present]
            frames, sampled = {}, {}
            for name in wanted:
                total = _count(con, "marts", name)
                sql = f'select * from marts."{name}"'
                if total > MARTS_ROW_CAP:
                    sql += f" using sample reservoir({MARTS_ROW_CAP} rows) repeatable (7)"
                    sampled[name] = {"rows": total, "sample": MARTS_ROW_CAP}
                frames[name] = con.sql(sql).to_arrow_table().to_pandas()
            raw_documents = _count(con, "raw", "documents")
            if "documents" in present:
                frames[marts_suite.DECISION_YIELD] = _decision_yield(con)
    except duckdb.Error as error:
        return ValidationOutcome(success=False, failures=[f"{stage}: cannot read {warehouse_path}: {error}"])
    if max_no_decision_share is None:
        from warehouse.settings import get_settings

        max_no_decision_share = get_settings().max_no_decision_share
    suites = marts_suite.build_suites(
        min_documents=1 if raw_documents else 0,
        min_paragraphs=1 if len(frames.get("decisions", ())) else 0,
        max_no_decision_share=max_no_decision_share,
        decision_documents=len(frames.get(marts_suite.DECISION_YIELD, ())),
    )
    outcome = run_checkpoint(stage, frames, suites, docs_dir)
    outcome.statistics["sampled"] = sampled
    yielded = frames.get(marts_suite.DECISION_YIELD)
    if yielded is not None:
        outcome.failures = [_explain_yield(line, yielded, max_no_decision_share) for line in outcome.failures]
        outcome.statistics["decision_yield"] = {
            "documents": len(yielded),
            "without_decision": int(yielded["no_decision"].sum()),
            "max_share": max_no_decision_share,
        }
    return outcome


def _decision_yield(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The decision_yield frame (DECISION_YIELD_SQL); a warehouse loaded before audit.parse_warnings existed reads
    as "nothing flagged", one without raw tables counts the documents marts.decisions names."""
    present = {
        (schema, name)
        for schema, name in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }
    sql = DECISION_YIELD_SQL
    if ("audit", "parse_warnings") not in present:
        sql = sql.replace(
            "audit.parse_warnings",
            "(select null::varchar as document_id, null::varchar as kind, null::varchar as reason where false)",
        )
    if ("raw", "decisions") not in present:  # only the marts (a published copy): the merged decisions' documents
        fallback = "marts.decisions" if ("marts", "decisions") in present else "(select null::varchar as document_id)"
        sql = sql.replace("raw.decisions", fallback)
    return con.sql(sql).to_arrow_table().to_pandas()


def _explain_yield(line: str, yielded: pd.DataFrame, max_share: float) -> str:
    """The failed share check of decision_yield in words: how many documents, what share, which setting, where
    to look (GX alone would say "expect_column_mean_to_be_between(no_decision): observed 0.1")."""
    from expectations import marts_suite

    where = f"{marts_suite.STAGE}.{marts_suite.DECISION_YIELD}"
    if not line.startswith(f"{where}: expect_column_mean_to_be_between(no_decision)"):
        return line
    total, missing = len(yielded), int(yielded["no_decision"].sum())
    flagged = int(yielded["flagged"].sum())
    return (
        f"{where}: {missing} of {total} decision-typed documents ({missing / total:.1%}) yielded no decision, "
        f"more than the {max_share:.1%} allowed (setting max_no_decision_share, MERCURY_MAX_NO_DECISION_SHARE); "
        f"{flagged} of them look like decisions: see audit.parse_warnings"
    )


def _count(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    """Rows in schema.table, 0 when it does not exist (e.g. a published copy without the raw schema)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
