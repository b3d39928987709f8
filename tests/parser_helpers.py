"""Shared helpers for parser tests: parse a fixture file the way the pipeline does."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from extractors.model import ParsedDocument
from extractors.parsers import parse_file

FIXTURES = Path(__file__).parent / "fixtures"


def parse_fixture(relative: str, source: str = "local") -> ParsedDocument:
    data = (FIXTURES / relative).read_bytes()
    return parse_file(
        data,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        url=f"file://{relative}",
        retrieved_at="2025-11-10T00:00:00Z",
    )


def assert_matches_golden(parsed: ParsedDocument, name: str) -> None:
    """Compare every record with the reviewed expected structure in fixtures/expected/<name>.json.

    UPDATE_GOLDEN=1 rewrites the file: only do that after reading the diff, the file is the specification."""
    path = FIXTURES / "expected" / f"{name}.json"
    actual = parsed.tables()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    for table in expected:
        assert actual[table] == expected[table], f"{name}: table {table} differs from the expected structure"
    assert set(actual) == set(expected)
