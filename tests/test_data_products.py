"""The GMP data products of a real run (`mercury run` on the bundled snapshot: real parse, dbt, GX, publish and
export, no stand-ins): datapackage.json validated with the frictionless library and its CLI, foreign keys declared
and enforced, CSV with a byte-order mark for Excel.

One run per module (about 30 s); the tests that change files work on copies.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
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
    declared = declared_foreign_keys(package)
    # a subset: a new mart's dbt relationships tests add their own (e.g. marts.mandate_followups)
    assert declared >= EXPECTED_FOREIGN_KEYS, EXPECTED_FOREIGN_KEYS - declared
    fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in package["resources"]}
    for table, column, ref, ref_column in declared:
        assert column in fields[table] and ref_column in fields[ref], (table, column, ref, ref_column)
    # the Parquet files reference each other the same way
    parquet = {(t[:-8], c, r[:-8], rc) for t, c, r, rc in declared_foreign_keys(package, "file")}
    assert parquet == declared


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
    assert "CSV with BOM" in done.stdout and "dbt docs -> " in done.stdout
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


# -- report.html -----------------------------------------------------------------------------------------------------

BAR = re.compile(r"<title>([^<]*)</title>[^<]*</text><rect [^>]*/><text [^>]*>(\d+)</text>")


def section(page: str, section_id: str) -> str:
    found = re.search(rf'<section id="{section_id}">(.*?)</section>', page, re.S)
    assert found, f"no section {section_id}"
    return found.group(1)


def bars(fragment: str) -> list[tuple[str, int]]:
    """(label, value) of every bar of the SVG charts in an HTML fragment, in order."""
    return [(html.unescape(label), int(value)) for label, value in BAR.findall(fragment)]


def query(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(data_dir / "published" / "mercury.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def report(data_dir: Path) -> str:
    return (data_dir / "exports" / "report.html").read_text(encoding="utf-8")


def test_report_timeline_by_meeting_and_body(data_dir: Path, report: str) -> None:
    timeline = section(report, "timeline")
    assert timeline.startswith("<h2>Timeline: decisions per meeting and body</h2>")
    expected = query(
        data_dir,
        "select d.body, d.meeting_id, m.start_date, count(*) from marts.decisions d "
        "join marts.meetings m using (meeting_id) group by all order by 1, 3",
    )
    assert {body for body, *_ in expected} == {"minamata"}  # the snapshot's decisions: Minamata COP-5 and COP-6
    assert '<h3 id="timeline-minamata">minamata: 6 decisions at 2 meetings</h3>' in timeline
    assert bars(timeline) == [(f"{meeting} ({start:%Y-%m-%d})", n) for _, meeting, start, n in expected]
    assert [label for label, _ in bars(timeline)] == ["mc-cop-5 (2023-10-30)", "mc-cop-6 (2025-11-03)"]


def followup_rows(con: Any) -> list[tuple[Any, ...]]:
    """What the report must show per report-to meeting: reported, open, overdue, all (marts.mandate_followups)."""
    return con.execute(
        "select report_to_meeting_id, count(*) filter (where status = 'reported'), "
        "count(*) filter (where status = 'open'), count(*) filter (where status = 'overdue'), count(*) "
        "from marts.mandate_followups group by 1 order by 1"
    ).fetchall()


def assert_followup_counts(followups: str, expected: list[tuple[Any, ...]]) -> None:
    totals = [sum(row[i] for row in expected) for i in (1, 2, 3, 4)]
    assert (
        f"{totals[3]} mandates ask for a report to a later meeting: "
        f'<span class="reported">{totals[0]} reported</span>, '
        f'<span class="open">{totals[1]} open</span>, <span class="overdue">{totals[2]} overdue</span>'
    ) in followups
    rows = re.findall(r"<tr><td>([^<]*)</td>" + r"<td class=\"num\">(\d+)</td>" * 4 + "</tr>", followups)
    assert [(m, *map(int, counts)) for m, *counts in rows] == expected


def assert_report_to_meetings(followups: str, con: Any) -> None:
    """The section without marts.mandate_followups: mandates asking for a report, by report-to meeting."""
    [(total,)] = con.execute("select count(*) from marts.mandates where report_to_meeting_id is not null").fetchall()
    assert total > 0
    assert f"{total} mandates ask for a report to a later meeting." in followups
    assert "no <code>marts.mandate_followups</code>" in followups
    by_meeting = con.execute(
        "select report_to_meeting_id, count(*) from marts.mandates where report_to_meeting_id is not null "
        "group by 1 order by 1"
    ).fetchall()
    assert bars(followups) == by_meeting
    assert "mc-cop-7" in dict(by_meeting)


def test_report_mandates_open_vs_reported(data_dir: Path, report: str) -> None:
    """The real run's report, with whichever source of follow-up this build has."""
    followups = section(report, "followups")
    assert followups.startswith("<h2>Mandates: open vs reported</h2>")
    with duckdb.connect(str(data_dir / "published" / "mercury.duckdb"), read_only=True) as con:
        [(has_mart,)] = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = 'mandate_followups'"
        ).fetchall()
        if has_mart:
            assert_followup_counts(followups, followup_rows(con))
        else:
            assert_report_to_meetings(followups, con)


def test_report_mandates_by_report_to_meeting_without_the_followup_mart(data_dir: Path, tmp_path: Path) -> None:
    from warehouse.report import render_report

    copy = tmp_path / "mercury.duckdb"
    shutil.copy(data_dir / "published" / "mercury.duckdb", copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table if exists marts.mandate_followups")
        assert_report_to_meetings(section(render_report(con), "followups"), con)


def test_report_resource_bound_mandates(data_dir: Path, report: str) -> None:
    resources = section(report, "resources")
    [(bound, total)] = query(
        data_dir, "select count(*) filter (where subject_to_resources), count(*) from marts.mandates"
    )
    assert 0 < bound < total
    assert f"{bound} of {total} mandates are subject to the availability of resources" in resources
    listed = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">(\d+)</td><td>([^<]*)</td>", resources)
    expected = query(
        data_dir,
        "select coalesce(d.symbol, m.decision_id), m.paragraph_number::varchar, m.action from marts.mandates m "
        "left join marts.decisions d using (decision_id) where subject_to_resources order by 1, 2",
    )
    assert sorted(listed) == sorted(expected)
    assert ("MC-6/17", "5", "encourages") in listed  # "subject to the availability of resources" in the seed


def test_report_open_reported_and_overdue_from_the_followup_mart(data_dir: Path, tmp_path: Path) -> None:
    """With marts.mandate_followups (columns as announced for issue 12) the report counts each status per meeting."""
    from warehouse.report import render_report

    copy = tmp_path / "mercury.duckdb"
    shutil.copy(data_dir / "published" / "mercury.duckdb", copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "create or replace table marts.mandate_followups as select mandate_id, decision_id, report_to_meeting_id, "
            "case when report_to_meeting_id = 'mc-cop-6' then 'reported' "
            "when paragraph_number = 2 then 'overdue' else 'open' end as status, "
            "null::varchar as followup_document_id, null::varchar as followup_decision_id "
            "from marts.mandates where report_to_meeting_id is not null"
        )
        expected = followup_rows(con)
        page = render_report(con)
    assert all(sum(row[i] for row in expected) for i in (1, 2, 3)), expected  # each status at least once
    assert_followup_counts(section(page, "followups"), expected)
