"""Parse archived files (with a cache) and bulk-load the parsed records and audit tables into the build warehouse.

The parse cache (data/parsed/<sha256>.json) holds what the parser made of each archived file, including a failure,
so an unchanged archive is never parsed twice and a bad file is not retried on every run:

* a success or a ParseError (bad input) stays valid while extractors.parsers.PARSER_VERSION is the same;
* any other exception (a parser bug, a parser not written yet) is also cached, but only for the parser *code* it
  happened with, so fixing the code retries the file without a version bump.

A file that fails is quarantined (audit.quarantine: sha256, url, stage, reason, at) and the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from extractors.archive import HarvestAttempt, ManifestRow, RawArchive, utc_now
from extractors.model import (
    RAW_TABLES,
    CooperationRecord,
    DecisionRecord,
    DocumentRecord,
    MandateRecord,
    ParagraphRecord,
    ParseError,
    ReferenceRecord,
)
from warehouse import runs
from warehouse.settings import Settings

log = logging.getLogger(__name__)

RECORD_TYPES: dict[str, type] = {
    "documents": DocumentRecord,
    "decisions": DecisionRecord,
    "paragraphs": ParagraphRecord,
    "mandates": MandateRecord,
    "cooperation": CooperationRecord,
    "references": ReferenceRecord,
}
assert tuple(RECORD_TYPES) == RAW_TABLES, "RECORD_TYPES must follow extractors.model.RAW_TABLES"


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
class ParseOutcome:
    """What the parser made of one archived file, fresh or from the cache."""

    sha256: str
    tables: dict[str, list[dict[str, Any]]] | None
    quarantine: QuarantineRecord | None
    reused: bool

    @property
    def digest(self) -> str:
        """Content of the outcome (not when it happened), for the input fingerprint."""
        payload = self.tables if self.tables is not None else {"quarantined": self.quarantine.reason}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ParseCache:
    """data/parsed/<sha256>.json, one entry per archived file."""

    def __init__(self, root: Path, parser_version: str, parser_code: str) -> None:
        self.root = root
        self.parser_version = parser_version
        self.parser_code = parser_code

    def path(self, sha256: str) -> Path:
        return self.root / f"{sha256}.json"

    def get(self, sha256: str) -> dict[str, Any] | None:
        entry = runs.read_json(self.path(sha256))
        if not entry or entry.get("parser_version") != self.parser_version or entry.get("sha256") != sha256:
            return None
        if entry.get("kind") == "crash" and entry.get("parser_code") != self.parser_code:
            return None  # the parser code changed since it crashed on this file: try again
        return entry

    def put(self, entry: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, self.path(entry["sha256"]))


def parser_code_digest() -> str:
    """The extractors package as it is on disk (parsers, lexicons, model)."""
    import extractors

    root = Path(extractors.__file__).parent
    return runs.tree_digest([root], root.parent)


def harvest_hints(archive: RawArchive) -> dict[str, dict[str, Any]]:
    """What the web sites said about each archived file (harvest_metadata.jsonl, first row per sha256): the
    publication date, and the harvester's refusal when the bytes were not what the server claimed."""
    from extractors.sources.base import read_metadata

    hints: dict[str, dict[str, Any]] = {}
    for row in read_metadata(archive.root):
        if row.get("sha256"):
            hints.setdefault(row["sha256"], row)
    return hints


def parse_one(
    archive: RawArchive,
    row: ManifestRow,
    cache: ParseCache,
    *,
    full_refresh: bool,
    hint: dict[str, Any] | None = None,
) -> ParseOutcome:
    """Parse one archived file, or reuse its cached outcome. Never raises for bad input: it quarantines."""
    from extractors.parsers import parse_file

    entry = None if full_refresh else cache.get(row.sha256)
    if entry is not None:
        return _outcome(entry, reused=True)
    entry = {"sha256": row.sha256, "parser_version": cache.parser_version, "url": row.url}
    hint = hint or {}
    if hint.get("quarantine_reason"):
        # e.g. an HTML error page served as application/pdf: archived as received, never parsed as a document
        reason = f"harvest: {hint['quarantine_reason']}"
        entry |= {"kind": "harvest_refused", "quarantine": _quarantine(row, reason, stage="harvest")}
        cache.put(entry)
        return _outcome(entry, reused=False)
    try:
        parsed = parse_file(
            archive.read(row.sha256),
            sha256=row.sha256,
            source=row.source,
            url=row.url,
            retrieved_at=row.retrieved_at,
            media_type=row.media_type,
            published_on=hint.get("published_on"),
        )
        entry |= {"kind": "parsed", "tables": parsed.tables()}
    except ParseError as error:
        entry |= {"kind": "parse_error", "quarantine": _quarantine(row, str(error) or "unparseable file")}
    except Exception as error:  # a parser bug must not stop the run: quarantine the file, say why, go on
        log.warning("parser failed on %s (%s): %r", row.sha256, row.url, error)
        reason = f"{type(error).__name__}: {error}".rstrip(": ")
        entry |= {"kind": "crash", "parser_code": cache.parser_code, "quarantine": _quarantine(row, reason)}
    cache.put(entry)
    return _outcome(entry, reused=False)


def _quarantine(row: ManifestRow, reason: str, stage: str = "parse") -> dict[str, Any]:
    return asdict(QuarantineRecord(sha256=row.sha256, url=row.url, stage=stage, reason=reason, at=utc_now()))


def _outcome(entry: dict[str, Any], *, reused: bool) -> ParseOutcome:
    quarantine = QuarantineRecord(**entry["quarantine"]) if entry.get("quarantine") else None
    return ParseOutcome(entry["sha256"], entry.get("tables"), quarantine, reused)


def validate_parsed(frames: dict[str, Any], docs_dir: Path) -> tuple[str, list[str]]:
    """Run the GX `parsed` suite. Returns (status, failures); status is passed, failed or skipped (suite missing)."""
    import expectations

    validator = getattr(expectations, "validate_parsed", None)
    if validator is None:
        log.warning("expectations.validate_parsed does not exist yet: parsed records NOT validated")
        return "skipped", []
    outcome = validator(frames, docs_dir)
    return ("passed" if outcome.success else "failed"), list(outcome.failures)


def parse_and_load(settings: Settings, full_refresh: bool = False) -> dict[str, Any]:
    """See warehouse.pipeline.parse_and_load."""
    from extractors.parsers import PARSER_VERSION
    from warehouse.duck import arrow_table

    run_id, started_at = runs.new_run_id(), utc_now()
    archive = RawArchive(settings.raw_dir)
    first_seen = archive.latest_by_sha()
    if not first_seen:
        raise NothingToLoad(f"the raw archive {settings.raw_dir} is empty: run `mercury ingest` first")

    cache = ParseCache(settings.parsed_dir, PARSER_VERSION, parser_code_digest())
    hints = harvest_hints(archive)
    outcomes = [
        parse_one(archive, first_seen[sha], cache, full_refresh=full_refresh, hint=hints.get(sha))
        for sha in sorted(first_seen)
    ]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in RAW_TABLES}
    for outcome in outcomes:
        for name in RAW_TABLES:
            rows[name].extend((outcome.tables or {}).get(name, []))
    tables = {name: arrow_table(rows[name], RECORD_TYPES[name]) for name in RAW_TABLES}
    quarantined = [asdict(o.quarantine) for o in outcomes if o.quarantine is not None]

    # Same files, same parse results, same suites as a load that passed validation: the verdict cannot differ, so
    # an unchanged nightly run does not pay seconds of Great Expectations start-up for it.
    value = runs.fingerprint(settings, first_seen, PARSER_VERSION, {o.sha256: o.digest for o in outcomes})
    previous = runs.read_json(settings.build_fingerprint_path) or {}
    if not full_refresh and previous.get("fingerprint") == value and previous.get("validation") == "passed":
        status, failures = "reused", []
    else:
        status, failures = validate_parsed({name: t.to_pandas() for name, t in tables.items()}, settings.docs_dir)
    counts = {name: tables[name].num_rows for name in RAW_TABLES}
    summary = {
        "run_id": run_id,
        "files": len(outcomes),
        "parsed": sum(not o.reused for o in outcomes),
        "reused": sum(o.reused for o in outcomes),
        "quarantined": len(quarantined),
        **counts,
        "validation": status,
    }
    run_row = _run_row(summary, counts, started_at, full_refresh, failures if status == "failed" else None)
    _write_warehouse(settings, archive, tables if status != "failed" else None, quarantined, run_row)

    if status == "failed":
        raise ParsedValidationFailed("parsed records failed validation: " + "; ".join(failures))

    validation = "passed" if status in {"passed", "reused"} else status
    runs.write_json(
        settings.build_fingerprint_path,
        {"fingerprint": value, "run_id": run_id, "at": utc_now(), "validation": validation},
    )
    published = runs.read_json(settings.published_fingerprint_path) or {}
    changed = not settings.published_path.is_file() or published.get("fingerprint") != value
    return summary | {"fingerprint": value, "changed": changed}


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
        "decisions": counts["decisions"],
        "paragraphs": counts["paragraphs"],
        "mandates": counts["mandates"],
        "cooperation_activities": counts["cooperation"],
        "outcome": "loaded" if failures is None else "failed",
        "detail": None if failures is None else "parsed-record validation failed: " + "; ".join(failures),
    }


def _write_warehouse(
    settings: Settings,
    archive: RawArchive,
    tables: dict[str, Any] | None,
    quarantined: list[dict[str, Any]],
    run_row: dict[str, Any],
) -> None:
    """One transaction: raw.* (unless tables is None: invalid records never replace the last good ones),
    raw.manifest, audit.harvest_log, audit.quarantine, and the audit.runs row."""
    from warehouse.duck import arrow_table, connect, replace_table

    with connect(settings.warehouse_path) as con:
        con.execute("begin transaction")
        if tables is not None:
            for name in RAW_TABLES:
                replace_table(con, "raw", name, tables[name])
            replace_table(con, "raw", "manifest", arrow_table(map(asdict, archive.manifest()), ManifestRow))
        harvest_log = arrow_table(archive.harvest_log(), HarvestAttempt)
        replace_table(con, "audit", "harvest_log", harvest_log, casts={"started_at": "timestamptz"})
        quarantine = arrow_table(quarantined, QuarantineRecord)
        replace_table(con, "audit", "quarantine", quarantine, casts={"at": "timestamptz"})
        runs.append_run(con, run_row)
        con.execute("commit")  # an exception before this line rolls everything back when the connection closes
