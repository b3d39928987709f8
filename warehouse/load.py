"""Parse archived files (with a cache) and bulk-load the parsed records and audit tables into the build warehouse.

The parse cache (data/parsed/) holds what the parser made of each archived file, including a failure, so an unchanged
archive is never parsed twice and a bad file is not retried on every run:

* data/parsed/<sha256>.json — one small entry per file: parser version, outcome (parsed, parse_error, crash), the
  quarantine reason, a digest of the records, row counts, and the batch holding the records;
* data/parsed/batches/<batch>/<table>.parquet — the records of the files parsed together, one Parquet file per raw
  table (column `_sha256` says which file a row came from), so a load reads them straight into DuckDB.

A success or a ParseError (bad input) stays valid while extractors.parsers.parser_cache_key() is the same
(PARSER_VERSION and a digest of the lexicons and the gazetteer: editing an alias re-parses); any other
exception (a parser bug, a parser not written yet) is also cached, but only for the parser *code* it happened with,
so fixing the code retries the file without a version bump. A file that fails is quarantined (audit.quarantine:
sha256, url, stage, reason, at) and the run goes on. A file that parsed but looks wrong (decision-like text that
yielded no decision, extractors/parse_warnings.py) keeps its records and is flagged in audit.parse_warnings (sha256,
document_id, url, source, kind, reason, at); the run summary counts those files.

Why this shape: with tens of thousands of decisions, keeping every record as Python objects (and JSON per file)
costs gigabytes and minutes. Files to parse are split into batches parsed in parallel worker processes (one per
core) that write Parquet themselves; the parent only sees small entries. An unchanged nightly run reads the entries,
finds the same fingerprint and never touches the records.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import types
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from extractors.archive import HarvestAttempt, ManifestRow, RawArchive, utc_now
from extractors.model import RAW_TABLES, RECORD_TYPES, ParseError
from warehouse import runs
from warehouse.settings import Settings

log = logging.getLogger(__name__)


# Parallel parsing pays once there is clearly more work than the seconds it takes to start the workers (a fresh
# process that imports the parsers and their libraries): estimated seconds of parsing, see parse_cost.
PARALLEL_MIN_SECONDS = 8.0
# Imported once by the forkserver, so every worker forked from it starts with them (instead of importing the parsers
# and pdfminer/python-docx/lxml itself, or, by multiprocessing's default, the parent's __main__: all of Airflow).
WORKER_PRELOAD = [
    "warehouse.load", "extractors.parsers", "extractors.structure", "extractors.parsers.pdf_parser",
    "extractors.parsers.docx_parser", "extractors.parsers.html_parser", "pdfminer.pdfinterp", "pdfminer.converter",
    "docx", "bs4", "lxml.etree", "pyarrow.parquet",
]  # fmt: skip
BATCH_FILES = 32  # at most this many files per worker task (and per Parquet batch)
TASKS_PER_WORKER = 8  # tasks of about equal cost per worker, so that no worker is left with the slow tail
# Seconds of parsing per MB by media type, measured on the benchmark corpus (bench/, BENCHMARKS.md): a PDF costs
# about ten times a DOCX of the same size, so batches are cut by estimated cost, not by file count.
COST_PER_MB = {"application/pdf": 7.5, "text/html": 1.7, "text/plain": 1.5,
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 0.8}  # fmt: skip
# Above this many newly parsed rows in one table, the GX `parsed` suite sees a deterministic sample of whole files
# (every row-level expectation and per-file uniqueness still applies to what it sees); dbt tests and the `marts`
# suite check everything that is loaded.
VALIDATION_ROW_CAP = 60_000


class NothingToLoad(RuntimeError):
    """The raw archive is empty: ingest or harvest first."""


class ParsedValidationFailed(RuntimeError):
    """The parsed records failed the GX `parsed` suite; the message names the failed expectations."""


@dataclass(frozen=True)
class QuarantineRecord:
    sha256: str
    url: str | None
    stage: str
    reason: str
    at: str


@dataclass(frozen=True)
class ParseWarningRecord:
    """One row of audit.parse_warnings: a parsed file whose records miss something its text holds."""

    sha256: str
    document_id: str
    url: str | None
    source: str
    kind: str
    reason: str
    at: str


@dataclass(frozen=True)
class ParseOutcome:
    """What the parser made of one archived file, fresh or from the cache. tables holds the records only when the
    file was parsed now (in this process); cached records stay in their Parquet batch."""

    sha256: str
    tables: dict[str, list[dict[str, Any]]] | None
    quarantine: QuarantineRecord | None
    reused: bool
    entry_digest: str = ""
    batch: str | None = None
    warnings: tuple[ParseWarningRecord, ...] = ()

    @property
    def digest(self) -> str:
        """Content of the outcome (not when it happened), for the input fingerprint."""
        return self.entry_digest


class ParseCache:
    """data/parsed/<sha256>.json entries and data/parsed/batches/<batch>/<table>.parquet records."""

    def __init__(self, root: Path, parser_version: str, parser_code: str) -> None:
        self.root = Path(root)
        self.parser_version = parser_version
        self.parser_code = parser_code

    def path(self, sha256: str) -> Path:
        return self.root / f"{sha256}.json"

    @property
    def batches_dir(self) -> Path:
        return self.root / "batches"

    def batch_file(self, batch: str, table: str) -> Path:
        return self.batches_dir / batch / f"{table}.parquet"

    def get(self, sha256: str) -> dict[str, Any] | None:
        entry = runs.read_json(self.path(sha256))
        if not entry or entry.get("parser_version") != self.parser_version or entry.get("sha256") != sha256:
            return None
        if entry.get("kind") == "crash" and entry.get("parser_code") != self.parser_code:
            return None  # the parser code changed since it crashed on this file: try again
        if entry.get("kind") == "parsed" and not self.batch_file(entry.get("batch", ""), "documents").is_file():
            return None  # records lost (a cleaned folder): parse again
        return entry

    def put(self, entry: dict[str, Any]) -> None:
        _write_json_atomic(self.path(entry["sha256"]), entry)

    def write_batch(self, batch: str, files: list[tuple[dict[str, Any], dict[str, list[Any]]]]) -> None:
        """The records of one batch ((entry, records) per parsed file), one Parquet file per raw table (empty
        tables too: every batch has all six), each row tagged with its file's sha256 and the batch."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from warehouse.duck import arrow_schema

        folder = self.batches_dir / batch
        self.batches_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.batches_dir, prefix=".tmp-"))
        try:
            for name in RAW_TABLES:
                schema = arrow_schema(RECORD_TYPES[name])
                records = [(entry["sha256"], r) for entry, per_table in files for r in per_table[name]]
                columns = {f: [getattr(r, f) for _, r in records] for f in schema.names}
                columns["_sha256"] = [sha for sha, _ in records]
                columns["_batch"] = [batch] * len(records)
                full = schema.append(pa.field("_sha256", pa.string())).append(pa.field("_batch", pa.string()))
                table = pa.Table.from_pydict(columns, schema=full)
                pq.write_table(table, tmp / f"{name}.parquet", compression="zstd")
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


def parser_code_digest() -> str:
    """The extractors package as it is on disk (parsers, lexicons, model)."""
    import extractors

    root = Path(extractors.__file__).parent
    return runs.tree_digest([root], root.parent)


def records_digest(tables: dict[str, Any]) -> str:
    """Digest of JSON-able content (a quarantine reason)."""
    return hashlib.sha256(json.dumps(tables, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def parsed_records(parsed: Any) -> dict[str, list[Any]]:
    """The records of a ParsedDocument per raw table, as the dataclass objects themselves: converting them to
    dicts (dataclasses.asdict copies recursively) cost a tenth of the whole parse."""
    return {
        "documents": [parsed.document],
        "decisions": parsed.decisions,
        "paragraphs": parsed.paragraphs,
        "mandates": parsed.mandates,
        "cooperation": parsed.cooperation,
        "references": parsed.references,
    }


def parsed_digest(records: dict[str, list[Any]]) -> str:
    """Digest of a file's records (field values in declaration order), for the input fingerprint."""
    digest = hashlib.sha256()
    for name in RAW_TABLES:
        names = _field_names(RECORD_TYPES[name])
        digest.update(name.encode())
        for record in records[name]:
            digest.update(repr(tuple(getattr(record, f) for f in names)).encode())
    return digest.hexdigest()


def _field_names(record_type: type) -> tuple[str, ...]:
    from dataclasses import fields

    return tuple(f.name for f in fields(record_type))


def harvest_hints(archive: RawArchive) -> dict[str, dict[str, Any]]:
    """What the web sites said about each archived file (harvest_metadata.jsonl, first row per sha256): the
    publication date, and the harvester's refusal when the bytes were not what the server claimed."""
    from extractors.sources.base import read_metadata

    hints: dict[str, dict[str, Any]] = {}
    for row in read_metadata(archive.root):
        if row.get("sha256"):
            hints.setdefault(row["sha256"], row)
    return hints


def _parse_entry(
    archive: RawArchive, row: ManifestRow, version: str, code: str, hint: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict]:
    """(cache entry, records) for one file. Never raises for bad input: it quarantines."""
    from extractors import parsers

    entry: dict[str, Any] = {"sha256": row.sha256, "parser_version": version, "url": row.url}
    hint = hint or {}
    if hint.get("quarantine_reason"):
        # e.g. an HTML error page served as application/pdf: archived as received, never parsed as a document
        reason = f"harvest: {hint['quarantine_reason']}"
        entry |= {"kind": "harvest_refused", "quarantine": _quarantine(row, reason, stage="harvest")}
        entry["digest"] = records_digest({"quarantined": reason})
        return entry, {}
    try:
        parsed = parsers.parse_file(
            archive.read(row.sha256),
            sha256=row.sha256,
            source=row.source,
            url=row.url,
            retrieved_at=row.retrieved_at,
            media_type=row.media_type,
            published_on=hint.get("published_on"),
        )
        records = parsed_records(parsed)
        entry |= {"kind": "parsed", "digest": parsed_digest(records), "rows": {t: len(records[t]) for t in records}}
        if parsed.warnings:
            entry["warnings"] = [_warning(row, w.document_id, w.kind, w.reason) for w in parsed.warnings]
            # a warning can fail the publish (the `marts` suite): it is part of what the parse made of the file
            reasons = [w.reason for w in parsed.warnings]
            entry["digest"] = records_digest({"records": entry["digest"], "warnings": reasons})
        return entry, records
    except ParseError as error:
        entry |= {"kind": "parse_error", "quarantine": _quarantine(row, str(error) or "unparseable file")}
    except Exception as error:  # a parser bug must not stop the run: quarantine the file, say why, go on
        log.warning("parser failed on %s (%s): %r", row.sha256, row.url, error)
        reason = f"{type(error).__name__}: {error}".rstrip(": ")
        entry |= {"kind": "crash", "parser_code": code, "quarantine": _quarantine(row, reason)}
    entry["digest"] = records_digest({"quarantined": entry["quarantine"]["reason"]})
    return entry, {}


def parse_batch(
    archive: RawArchive,
    rows: list[ManifestRow],
    cache: ParseCache,
    batch: str,
    hints: dict[str, dict[str, Any]] | None = None,
) -> list[tuple[dict[str, Any], dict]]:
    """Parse files, write their records as one Parquet batch and their cache entries; returns (entry, records)
    with the records as dataclass objects per raw table (empty for a quarantined file)."""
    hints = hints or {}
    results = [
        _parse_entry(archive, row, cache.parser_version, cache.parser_code, hints.get(row.sha256)) for row in rows
    ]
    parsed = [(entry, records) for entry, records in results if entry["kind"] == "parsed"]
    for entry, _ in parsed:
        entry["batch"] = batch
    if parsed:
        cache.write_batch(batch, parsed)
    for entry, _ in results:
        cache.put(entry)
    return results


def _use_gazetteer(path: str | None) -> None:
    """The parent's gazetteer choice in a worker: a forkserver child inherits the environment of the server, which
    may have started before MERCURY_GAZETTEER was set, so the job carries it."""
    from extractors.gazetteer import GAZETTEER_ENV

    if path:
        os.environ[GAZETTEER_ENV] = path
    else:
        os.environ.pop(GAZETTEER_ENV, None)


def _worker_batch(job: tuple[str, str, str, str, list[dict[str, Any]], str, dict, str | None]) -> dict[str, Any]:
    """One batch in a worker process: only the small cache entries travel back, the records stay in Parquet. Also
    the worker's own peak memory and CPU time so far (workers are not the caller's children: getrusage in the caller
    does not see them)."""
    import resource

    raw_dir, parsed_dir, version, code, rows, batch, hints, gazetteer = job
    _use_gazetteer(gazetteer)
    cache = ParseCache(Path(parsed_dir), version, code)
    results = parse_batch(RawArchive(Path(raw_dir)), [ManifestRow(**r) for r in rows], cache, batch, hints)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "entries": [entry for entry, _ in results],
        "pid": os.getpid(),
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


def _batch_name(rows: list[ManifestRow], version: str) -> str:
    digest = hashlib.sha256(("\n".join(r.sha256 for r in rows) + f"\n{version}\n{time.time_ns()}").encode())
    return digest.hexdigest()[:20]


def parse_one(
    archive: RawArchive,
    row: ManifestRow,
    cache: ParseCache,
    *,
    full_refresh: bool,
    hint: dict[str, Any] | None = None,
) -> ParseOutcome:
    """Parse one archived file, or reuse its cached outcome. Never raises for bad input: it quarantines."""
    entry = None if full_refresh else cache.get(row.sha256)
    if entry is not None:
        return _outcome(entry, None, reused=True)
    batch = _batch_name([row], cache.parser_version)
    [(entry, records)] = parse_batch(archive, [row], cache, batch, {row.sha256: hint} if hint else None)
    return _outcome(entry, _as_rows(records) if entry["kind"] == "parsed" else None, reused=False)


def _as_rows(records: dict[str, list[Any]]) -> dict[str, list[dict[str, Any]]]:
    return {name: [asdict(r) for r in records[name]] for name in RAW_TABLES}


def parse_all(
    archive: RawArchive,
    rows: list[ManifestRow],
    cache: ParseCache,
    *,
    full_refresh: bool,
    workers: int | None = None,
    hints: dict[str, dict[str, Any]] | None = None,
    stats: dict[str, Any] | None = None,
) -> list[ParseOutcome]:
    """Outcomes for every file: cached ones reused, the others parsed in batches, in parallel when it pays. hints:
    the harvest metadata per sha256 (harvest_hints); stats, if given, receives the worker processes' count, peak
    memory and CPU seconds."""
    hints = hints or {}
    stats = stats if stats is not None else {}
    outcomes: dict[str, ParseOutcome] = {}
    todo: list[ManifestRow] = []
    for row in rows:
        entry = None if full_refresh else cache.get(row.sha256)
        if entry is None:
            todo.append(row)
        else:
            outcomes[row.sha256] = _outcome(entry, None, reused=True)
    workers = workers or parse_workers()
    if workers > 1 and len(todo) > 1 and sum(parse_cost(r) for r in todo) >= PARALLEL_MIN_SECONDS:
        usage: dict[int, dict[str, Any]] = {}
        for result in _parse_in_workers(archive, todo, cache, workers, hints):
            usage[result["pid"]] = result
            for entry in result["entries"]:
                outcomes[entry["sha256"]] = _outcome(entry, None, reused=False)
        stats |= {
            "processes": len(usage),
            "peak_rss_mb": round(max(u["peak_rss_mb"] for u in usage.values()), 1),
            "cpu_seconds": round(sum(u["cpu_seconds"] for u in usage.values()), 1),
        }
    elif todo:
        batch = _batch_name(todo, cache.parser_version)
        wanted = {r.sha256: hints[r.sha256] for r in todo if r.sha256 in hints}
        for entry, _ in parse_batch(archive, todo, cache, batch, wanted):
            outcomes[entry["sha256"]] = _outcome(entry, None, reused=False)
    return [outcomes[row.sha256] for row in rows]


def parse_workers() -> int:
    """Worker processes for parsing: MERCURY_PARSE_WORKERS, else one per core."""
    configured = os.environ.get("MERCURY_PARSE_WORKERS")
    return max(1, int(configured)) if configured else max(1, os.cpu_count() or 1)


def _parse_in_workers(archive: RawArchive, todo: list[ManifestRow], cache: ParseCache, workers: int, hints: dict):
    """Batches of about equal estimated cost to a process pool, the costliest first (a slow PDF must not be the last
    thing a worker picks up while the other one idles)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from extractors.gazetteer import GAZETTEER_ENV

    batches = cost_batches(todo, workers * TASKS_PER_WORKER)
    gazetteer = os.environ.get(GAZETTEER_ENV)
    jobs = [
        (str(archive.root), str(cache.root), cache.parser_version, cache.parser_code, [asdict(r) for r in batch],
         _batch_name(batch, cache.parser_version), {r.sha256: hints[r.sha256] for r in batch if r.sha256 in hints},
         gazetteer)
        for batch in batches
    ]  # fmt: skip
    cache.batches_dir.mkdir(parents=True, exist_ok=True)
    # forkserver: workers start from a clean process, never a fork of a multi-threaded one (Airflow's task runner)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)  # no effect once the server runs (a second load in one process)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        with _main_module_hidden():
            results = pool.map(_worker_batch, jobs)  # submits every job: the workers start now
        yield from results


@contextlib.contextmanager
def _main_module_hidden():
    """While worker processes start, hide the parent's __main__ from multiprocessing: a started worker re-imports the
    parent's main script (as __mp_main__) unless it was run with `python -m`, and under Airflow that script is the
    airflow command, i.e. seconds of importing Airflow in every worker for nothing. The workers need only
    warehouse.load, which they import by name."""
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


def parse_cost(row: ManifestRow) -> float:
    """Estimated seconds to parse a file (its size times the cost of its format)."""
    return (row.bytes or 0) / 1e6 * COST_PER_MB.get((row.media_type or "").split(";")[0], 1.5) + 0.002


def cost_batches(rows: list[ManifestRow], count: int) -> list[list[ManifestRow]]:
    """Rows cut into about `count` batches of similar estimated cost (at most BATCH_FILES files each), costliest
    batch first."""
    ordered = sorted(rows, key=lambda r: (-parse_cost(r), r.sha256))
    target = sum(parse_cost(r) for r in ordered) / max(1, count)
    batches: list[list[ManifestRow]] = []
    current: list[ManifestRow] = []
    cost = 0.0
    for row in ordered:
        if current and (cost + parse_cost(row) > target or len(current) >= BATCH_FILES):
            batches.append(current)
            current, cost = [], 0.0
        current.append(row)
        cost += parse_cost(row)
    if current:
        batches.append(current)
    return sorted(batches, key=lambda b: -sum(parse_cost(r) for r in b))


def _quarantine(row: ManifestRow, reason: str, stage: str = "parse") -> dict[str, Any]:
    return asdict(QuarantineRecord(sha256=row.sha256, url=row.url, stage=stage, reason=reason, at=utc_now()))


def _warning(row: ManifestRow, document_id: str, kind: str, reason: str) -> dict[str, Any]:
    record = ParseWarningRecord(row.sha256, document_id, row.url, row.source, kind, reason, at=utc_now())
    return asdict(record)


def _outcome(entry: dict[str, Any], tables: dict | None, *, reused: bool) -> ParseOutcome:
    quarantine = QuarantineRecord(**entry["quarantine"]) if entry.get("quarantine") else None
    digest = entry.get("digest") or records_digest({"quarantined": quarantine.reason if quarantine else ""})
    warnings = tuple(ParseWarningRecord(**w) for w in entry.get("warnings") or ())
    return ParseOutcome(entry["sha256"], tables, quarantine, reused, digest, entry.get("batch"), warnings)


def _has_validator() -> bool:
    import expectations

    return getattr(expectations, "validate_parsed", None) is not None


def validate_parsed(frames: dict[str, Any], docs_dir: Path) -> tuple[str, list[str]]:
    """Run the GX `parsed` suite. Returns (status, failures); status is passed, failed or skipped (suite missing)."""
    import expectations

    validator = getattr(expectations, "validate_parsed", None)
    if validator is None:
        log.warning("expectations.validate_parsed does not exist yet: parsed records NOT validated")
        return "skipped", []
    outcome = validator(frames, docs_dir)
    return ("passed" if outcome.success else "failed"), list(outcome.failures)


# -- the load ----------------------------------------------------------------------------------------------------


def parse_and_load(settings: Settings, full_refresh: bool = False) -> dict[str, Any]:
    """See warehouse.pipeline.parse_and_load."""
    from extractors.parsers import parser_cache_key

    # the parser's version and its data (lexicons, gazetteer): an edited alias must not keep stale records
    cache_key = parser_cache_key()
    clock = time.monotonic()
    run_id, started_at = runs.new_run_id(), utc_now()
    archive = RawArchive(settings.raw_dir)
    first_seen = archive.latest_by_sha()
    if not first_seen:
        raise NothingToLoad(f"the raw archive {settings.raw_dir} is empty: run `mercury ingest` first")

    cache = ParseCache(settings.parsed_dir, cache_key, parser_code_digest())
    rows = [first_seen[sha] for sha in sorted(first_seen)]
    workers: dict[str, Any] = {}
    outcomes = parse_all(archive, rows, cache, full_refresh=full_refresh, hints=harvest_hints(archive), stats=workers)
    seconds = {"parse": time.monotonic() - clock}
    quarantined = [asdict(o.quarantine) for o in outcomes if o.quarantine is not None]
    parsed = [o for o in outcomes if o.batch is not None]
    warnings = [asdict(w) for o in parsed for w in o.warnings]

    # Same files, same parse results, same suites as a load that passed validation: the verdict cannot differ, so
    # an unchanged nightly run neither re-validates nor re-loads the records (only the audit tables change).
    value = runs.fingerprint(settings, first_seen, cache_key, {o.sha256: o.digest for o in outcomes})
    previous = runs.read_json(settings.build_fingerprint_path) or {}
    unchanged = not full_refresh and previous.get("fingerprint") == value and previous.get("validation") == "passed"
    clock = time.monotonic()
    ledger = _Ledger(settings, cache_key)
    status, failures, sample = "reused", [], None
    if not (unchanged and _raw_tables_present(settings)):
        unchanged = False
        to_check = parsed if full_refresh else [o for o in parsed if not ledger.has(o.sha256)]
        if to_check or full_refresh:
            frames, sample = _validation_frames(cache, to_check)
            status, failures = validate_parsed(frames, settings.docs_dir)
        elif not _has_validator():
            status = "skipped"
    seconds["validate"] = time.monotonic() - clock

    clock = time.monotonic()
    summary = {
        "run_id": run_id,
        "files": len(outcomes),
        "parsed": sum(not o.reused for o in outcomes),
        "reused": sum(o.reused for o in outcomes),
        "quarantined": len(quarantined),
        # files whose text looks like a decision but yielded none (audit.parse_warnings)
        "parse_warnings": len({w["sha256"] for w in warnings if w["kind"] == "no_decision"}),
    }

    def run_row(counts: dict[str, int]) -> dict[str, Any]:
        summary.update(counts, validation=status)
        return _run_row(summary, counts, started_at, full_refresh, failures if status == "failed" else None)

    records = None if status == "failed" or unchanged else (cache, parsed)
    _write_warehouse(settings, archive, records, quarantined, warnings, run_row)
    seconds["load"] = time.monotonic() - clock

    if status == "failed":
        raise ParsedValidationFailed("parsed records failed validation: " + "; ".join(failures))

    if status in {"passed", "skipped"}:
        ledger.add(o.sha256 for o in parsed)
    _collect_garbage(cache, parsed)
    validation = "passed" if status in {"passed", "reused"} else status
    runs.write_json(
        settings.build_fingerprint_path,
        {"fingerprint": value, "run_id": run_id, "at": utc_now(), "validation": validation},
    )
    published = runs.read_json(settings.published_fingerprint_path) or {}
    changed = not settings.published_path.is_file() or published.get("fingerprint") != value
    seconds = {k: round(v, 3) for k, v in seconds.items()}
    extra = {"seconds": seconds, "validation_sample": sample, "parse_workers": workers or None}
    return summary | {"fingerprint": value, "changed": changed} | extra


class _Ledger:
    """The files whose records passed the `parsed` suite, for this parser version and these suites
    (data/parsed/validated.json): their cached records need no second look by the same suite."""

    def __init__(self, settings: Settings, parser_version: str) -> None:
        self.path = settings.parsed_dir / "ledger" / "validated.json"
        self.key = f"{parser_version}:{runs.tree_digest([settings.expectations_dir], settings.expectations_dir.parent)}"
        data = runs.read_json(self.path) or {}
        self.shas: set[str] = set(data.get("shas", [])) if data.get("key") == self.key else set()

    def has(self, sha256: str) -> bool:
        return sha256 in self.shas

    def add(self, shas: Iterable[str]) -> None:
        self.shas |= set(shas)
        _write_json_atomic(self.path, {"key": self.key, "shas": sorted(self.shas)})


def _validation_frames(cache: ParseCache, outcomes: list[ParseOutcome]) -> tuple[dict[str, Any], dict | None]:
    """pandas frames of the records to validate (model columns, in model order). Above VALIDATION_ROW_CAP rows, a
    deterministic sample of whole files (ordered by sha256) up to the cap; returns (frames, sample facts or None)."""
    import duckdb

    from warehouse.duck import arrow_schema

    chosen = sorted(outcomes, key=lambda o: o.sha256)
    sample = None
    if chosen:
        rows = {o.sha256: _entry_rows(cache, o.sha256) for o in chosen}
        total = sum(rows[o.sha256].get("paragraphs", 0) for o in chosen)
        if total > VALIDATION_ROW_CAP:
            kept, count = [], 0
            step = max(1, round(total / VALIDATION_ROW_CAP))
            for i, outcome in enumerate(chosen):
                if i % step == 0 and count < VALIDATION_ROW_CAP:
                    kept.append(outcome)
                    count += rows[outcome.sha256].get("paragraphs", 0)
            sample = {"files": len(kept), "of_files": len(chosen), "paragraphs": count, "of_paragraphs": total}
            chosen = kept
    frames = {}
    with duckdb.connect() as con:
        for name, query in _record_queries(con, cache, chosen):
            table = con.sql(query).to_arrow_table() if query else arrow_schema(RECORD_TYPES[name]).empty_table()
            frames[name] = table.to_pandas()
    return frames, sample


def _entry_rows(cache: ParseCache, sha256: str) -> dict[str, int]:
    return (runs.read_json(cache.path(sha256)) or {}).get("rows") or {}


def _pairs_table(outcomes: list[ParseOutcome]):
    """(sha256, batch) of the records to read: a batch may still hold older records of a file parsed again since."""
    import pyarrow as pa

    return pa.table({"sha": [o.sha256 for o in outcomes], "batch": [o.batch for o in outcomes]})


def _record_queries(con: Any, cache: ParseCache, outcomes: list[ParseOutcome]) -> Iterator[tuple[str, str | None]]:
    """Per raw table, the SQL that reads these files' records from their Parquet batches (None: no files), on a
    connection where their (sha256, batch) pairs are registered as `wanted`."""
    from warehouse.duck import arrow_schema

    if outcomes:
        con.register("wanted", _pairs_table(outcomes))
    for name in RAW_TABLES:
        if not outcomes:
            yield name, None
            continue
        files = sorted({str(cache.batch_file(o.batch, name)) for o in outcomes})
        yield name, _select_records(name, files, arrow_schema(RECORD_TYPES[name]).names)


def _select_records(name: str, files: list[str], columns: list[str]) -> str:
    from warehouse.duck import ident, literal

    listed = ", ".join(literal(f) for f in files)
    selected = ", ".join(f"r.{ident(c)}" for c in columns)
    return (
        f"select {selected} from read_parquet([{listed}]) as r "
        "join wanted as w on r._sha256 = w.sha and r._batch = w.batch"
    )


def _raw_tables_present(settings: Settings) -> bool:
    """The build warehouse still holds raw.* (an unchanged load may then skip writing them)."""
    from warehouse.duck import connect

    if not settings.warehouse_path.is_file():
        return False
    with connect(settings.warehouse_path, read_only=True) as con:
        found = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name in "
            f"({', '.join(repr(t) for t in RAW_TABLES)})"
        ).fetchone()[0]
    return found == len(RAW_TABLES)


def _collect_garbage(cache: ParseCache, parsed: list[ParseOutcome]) -> None:
    """Remove Parquet batches no current cache entry points to (files parsed again, a parser version bump)."""
    if not cache.batches_dir.is_dir():
        return
    live = {o.batch for o in parsed}
    for folder in cache.batches_dir.iterdir():
        if folder.is_dir() and folder.name not in live and not folder.name.startswith(".tmp-"):
            shutil.rmtree(folder, ignore_errors=True)


def _run_row(
    summary: dict[str, Any], counts: dict[str, int], started_at: str, full_refresh: bool, failures: list[str] | None
) -> dict[str, Any]:
    """The audit.runs row of this load (closed later by runs.finish_run with the run's final outcome); failures is
    None when the parsed records passed validation."""
    return {
        "run_id": summary["run_id"],
        "started_at": started_at,
        "finished_at": utc_now(),
        "mode": "full_refresh" if full_refresh else "incremental",
        "files_ingested": summary["files"],
        "files_parsed": summary["parsed"],
        "files_reused": summary["reused"],
        "files_quarantined": summary["quarantined"],
        "documents": counts["documents"],
        "decisions": counts["decisions"],  # decision texts, as ever: see decision_texts / distinct_decisions
        "paragraphs": counts["paragraphs"],
        "mandates": counts["mandates"],
        "cooperation_activities": counts["cooperation"],
        "decision_texts": counts["decision_texts"],
        "distinct_decisions": counts["distinct_decisions"],
        "decision_languages": counts["decision_languages"],
        "parse_warnings": summary["parse_warnings"],
        "outcome": "loaded" if failures is None else "failed",
        "detail": None if failures is None else "parsed-record validation failed: " + "; ".join(failures),
    }


_NO_DECISIONS = {"decision_texts": 0, "distinct_decisions": 0, "decision_languages": []}


def _decision_counts(con: Any) -> dict[str, Any]:
    """What raw.decisions holds, said both ways (issue 12): its rows are decision *texts* (decision x language x
    file); marts.decisions will hold one row per distinct decision_id, in these languages."""
    texts, distinct, languages = con.execute(
        "select count(*), count(distinct decision_id), list(distinct language order by language) from raw.decisions"
    ).fetchone()
    return {"decision_texts": texts, "distinct_decisions": distinct, "decision_languages": list(languages or [])}


def _write_warehouse(
    settings: Settings,
    archive: RawArchive,
    records: tuple[ParseCache, list[ParseOutcome]] | None,
    quarantined: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    run_row: Any,
) -> None:
    """One transaction: raw.* straight from the Parquet batches (unless records is None: invalid records never
    replace the last good ones, and unchanged ones need no rewrite), raw.manifest, audit.harvest_log,
    audit.quarantine, audit.parse_warnings, and the audit.runs row (run_row(counts) builds it from the raw tables
    as they now stand)."""
    from warehouse.duck import arrow_table, connect, ident, replace_table

    with connect(settings.warehouse_path) as con:
        con.execute("begin transaction")
        if records is not None:
            cache, parsed = records
            con.execute("create schema if not exists raw")
            for name, query in _record_queries(con, cache, parsed):
                if query:
                    con.execute(
                        f"create or replace table raw.{ident(name)} as select *, now() as _loaded_at from ({query})"
                    )
                else:
                    replace_table(con, "raw", name, arrow_table([], RECORD_TYPES[name]))
        replace_table(con, "raw", "manifest", arrow_table(map(asdict, archive.manifest()), ManifestRow))
        harvest_log = arrow_table(archive.harvest_log(), HarvestAttempt)
        replace_table(con, "audit", "harvest_log", harvest_log, casts={"started_at": "timestamptz"})
        quarantine = arrow_table(quarantined, QuarantineRecord)
        replace_table(con, "audit", "quarantine", quarantine, casts={"at": "timestamptz"})
        flagged = arrow_table(warnings, ParseWarningRecord)
        replace_table(con, "audit", "parse_warnings", flagged, casts={"at": "timestamptz"})
        counts = {}
        for name in RAW_TABLES:
            exists = con.execute(
                "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?", [name]
            ).fetchone()[0]
            counts[name] = con.execute(f"select count(*) from raw.{ident(name)}").fetchone()[0] if exists else 0
        counts |= _decision_counts(con) if counts["decisions"] else _NO_DECISIONS
        runs.append_run(con, run_row(counts))
        con.execute("commit")  # an exception before this line rolls everything back when the connection closes
