"""The GMP data products of a real run (`mercury run` on the bundled snapshot: real parse, dbt, GX, publish and
export, no stand-ins): datapackage.json validated with the frictionless library and its CLI, foreign keys declared
and enforced, CSV with a byte-order mark for Excel.

One run per module (about 30 s); the tests that change files work on copies.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import frictionless
import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UTF8_BOM = b"\xef\xbb\xbf"

# Every foreign key the CSV resources must declare: (table, column, referenced table, referenced column).
EXPECTED_FOREIGN_KEYS = {
    ("cooperation_activities", "decision_id", "decisions", "decision_id"),
    ("cooperation_activities", "document_id", "documents", "document_id"),
    ("cooperation_activities", "organization_id", "organizations", "organization_id"),
    ("decision_language_checks", "decision_id", "decisions", "decision_id"),
    ("decision_paragraphs", "decision_id", "decisions", "decision_id"),
    ("decision_paragraphs", "document_id", "documents", "document_id"),
    ("decisions", "document_id", "documents", "document_id"),
    ("decisions", "meeting_id", "meetings", "meeting_id"),
    ("document_references", "from_decision_id", "decisions", "decision_id"),
    ("document_references", "from_document_id", "documents", "document_id"),
    ("document_references", "target_decision_id", "decisions", "decision_id"),
    ("document_references", "target_document_id", "documents", "document_id"),
    ("documents", "meeting_id", "meetings", "meeting_id"),
    ("mandates", "decision_id", "decisions", "decision_id"),
    ("mandates", "paragraph_id", "decision_paragraphs", "paragraph_id"),
    ("mandates", "report_to_meeting_id", "meetings", "meeting_id"),
    ("organization_aliases", "organization_id", "organizations", "organization_id"),
}


def mercury(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mercury --data-dir DATA_DIR ARGS` in a fresh process, with no MERCURY_* setting of the developer's."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MERCURY_", "AIRFLOW"))}
    clean["MERCURY_DUCKDB_EXTENSION_DIR"] = str(data_dir.parent / "extensions")
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        cwd=REPO,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("products") / "data"
    done = mercury(data, "run")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return data


@pytest.fixture(scope="module")
def package(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "exports" / "datapackage.json").read_text(encoding="utf-8"))


def copy_exports(data_dir: Path, target: Path) -> Path:
    shutil.copytree(data_dir / "exports", target)
    return target


def declared_foreign_keys(package: dict[str, Any], file_type: str = "table") -> set[tuple[str, str, str, str]]:
    return {
        (r["name"], fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
        for r in package["resources"]
        if r["type"] == file_type
        for fk in r["schema"].get("foreignKeys", [])
    }


def test_the_package_validates_with_the_frictionless_library(data_dir: Path, package: dict[str, Any]) -> None:
    report = frictionless.validate(str(data_dir / "exports" / "datapackage.json"))
    problems = [(task.name, error.type, error.message) for task in report.tasks for error in task.errors]
    assert report.valid, problems[:10]
    tasks = {task.name: task for task in report.tasks}
    tables = {r["name"] for r in package["resources"] if r["type"] == "table"}
    assert {"decisions", "decision_paragraphs", "mandates", "cooperation_activities", "organizations"} <= tables
    for resource in package["resources"]:
        assert resource["name"] in tasks  # every resource was checked, CSV and Parquet
        if resource["type"] == "table":
            assert resource["format"] == "csv" and resource["schema"]["fields"]
            assert tasks[resource["name"]].stats["rows"] == resource["rows"]
        else:  # the Parquet twin: a file whose bytes and sha256 are checked
            assert resource["format"] == "parquet" and resource["path"].endswith(".parquet")
    assert {r["name"] for r in package["resources"]} == tables | {f"{t}-parquet" for t in tables}


def test_the_package_validates_with_the_frictionless_cli(data_dir: Path) -> None:
    done = subprocess.run(
        [str(BIN / "frictionless"), "validate", "datapackage.json"],
        cwd=data_dir / "exports",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "INVALID" not in done.stdout and "decisions-parquet" in done.stdout


def test_primary_and_foreign_keys_are_declared(package: dict[str, Any]) -> None:
    by_name = {r["name"]: r for r in package["resources"]}
    for table, key in (
        ("decisions", "decision_id"),
        ("decision_paragraphs", "paragraph_id"),
        ("mandates", "mandate_id"),
        ("cooperation_activities", "activity_id"),
        ("organizations", "organization_id"),
        ("meetings", "meeting_id"),
        ("documents", "document_id"),
    ):
        assert by_name[table]["schema"]["primaryKey"] == [key], table
    assert declared_foreign_keys(package) == EXPECTED_FOREIGN_KEYS
    # the Parquet files reference each other the same way
    parquet = {(t[:-8], c, r[:-8], rc) for t, c, r, rc in declared_foreign_keys(package, "file")}
    assert parquet == EXPECTED_FOREIGN_KEYS


def _append_row(exports: Path, package: dict[str, Any], table: str, change: dict[str, str]) -> None:
    """Append a copy of the table's first CSV row with `change` applied; keep bytes, hash and rows in step so the
    only problem left is the one the change makes."""
    path = exports / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        first = next(reader)
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(first)).writerow({**first, **change})
    resource = next(r for r in package["resources"] if r["name"] == table)
    resource["bytes"] = path.stat().st_size
    resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    resource["rows"] += 1
    (exports / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")


def exported_rows(package: dict[str, Any], table: str) -> int:
    return next(r["rows"] for r in package["resources"] if r["name"] == table)


def test_a_row_breaking_a_foreign_key_is_reported(data_dir: Path, package: dict[str, Any], tmp_path: Path) -> None:
    exports = copy_exports(data_dir, tmp_path / "exports")
    broken = json.loads(json.dumps(package))
    _append_row(exports, broken, "mandates", {"mandate_id": "broken-mandate", "decision_id": "no-such-decision"})

    report = frictionless.validate(str(exports / "datapackage.json"))
    assert not report.valid
    found = [(task.name, error.type) for task in report.tasks for error in task.errors]
    assert found == [("mandates", "foreign-key")]
    [error] = next(task for task in report.tasks if task.name == "mandates").errors
    assert error.field_cells == ["no-such-decision"]
    assert error.row_number == exported_rows(package, "mandates") + 2  # after the header and every exported row
    assert error.reference_name == "decisions" and error.reference_field_names == ["decision_id"]

    done = subprocess.run(
        [str(BIN / "frictionless"), "validate", "datapackage.json"],
        cwd=exports,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0
    assert "foreign-key" in done.stdout and "no-such-decision" in done.stdout


def test_csv_has_no_byte_order_mark_by_default(data_dir: Path, package: dict[str, Any]) -> None:
    head = (data_dir / "exports" / "decisions.csv").read_bytes()[:12]
    assert head == b"decision_id,"
    assert {r["encoding"] for r in package["resources"] if r["type"] == "table"} == {"utf-8"}


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_csv_with_a_byte_order_mark_for_excel(data_dir: Path, tmp_path: Path, how: str) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    if how == "flag":
        done = mercury(copy, "export", "--csv-bom")
    else:
        done = mercury(copy, "export", env={"MERCURY_CSV_BOM": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "CSV with BOM" in done.stdout
    exports = copy / "exports"
    package = json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in package["resources"] if r["type"] == "table"]
    for resource in tables:
        raw = (exports / resource["path"]).read_bytes()
        header = ",".join(f["name"] for f in resource["schema"]["fields"]).encode()
        assert raw.startswith(UTF8_BOM + header + b"\n"), resource["path"]
        assert raw.count(UTF8_BOM) == 1  # once, at the start
        assert resource["encoding"] == "utf-8-sig"
        assert resource["bytes"] == len(raw)
    # the rows are the same as without the mark, and the package still validates
    plain = (data_dir / "exports" / "decisions.csv").read_bytes()
    assert (exports / "decisions.csv").read_bytes() == UTF8_BOM + plain
    report = frictionless.validate(str(exports / "datapackage.json"))
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]
