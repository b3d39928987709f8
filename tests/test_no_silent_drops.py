"""No silent drops (issue 11) and counts that say what they count (issue 12).

Fixtures (tests/fixtures/no_silent_drops/, original texts): three documents that read like decisions but that the
parser finds no decision in — English and French web copies with a body opening and unnumbered operative
paragraphs, a Russian page flattened into one line whose operative clauses carry no numbers — and an ordinary
decision with its heading (a flattened line with numbered paragraphs is a decision: tests/fixtures/real/). The
real parser flags the three (and nothing else we have); the real pipeline (`mercury run --input`, real dbt and GX)
writes them to
audit.parse_warnings, says so in the run summary and audit.runs, and refuses the publish while their share of the
decision-typed documents is above the setting max_no_decision_share.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from extractors.model import ParseError, ParseWarning
from extractors.parsers import parse_file
from warehouse import pipeline
from warehouse.cli import app
from warehouse.runs import RUN_COLUMNS, RUNS_DDL, append_run
from warehouse.settings import PROJECT_ROOT, get_settings

FIXTURES = Path(__file__).parent / "fixtures"
DROPS = FIXTURES / "no_silent_drops"
runner = CliRunner()

EXPECTED_REASONS = {
    "en_batteries_unnumbered.txt": (
        "looks like a decision but yielded none: body opening 'The Conference of the Parties,' followed by 4 "
        "operative clauses ('Welcomes', 'Requests', 'Invites'), yet no decision was recognised"
    ),
    "fr_agriculture_unnumbered.txt": (
        "looks like a decision but yielded none: body opening 'L’Assemblée des Nations Unies pour l’environnement,' "
        "followed by 3 operative clauses ('Prie', 'Invite', 'Encourage'), yet no decision was recognised"
    ),
    "ru_gold_unnumbered.txt": (
        "looks like a decision but yielded none: body opening 'Конференция Сторон,' followed by 2 operative "
        "clauses ('предлагает', 'постановляет'), yet no decision was recognised"
    ),
}
# the multilingual compilations: ordinary decision documents beside the fixtures (ar es fr zh)
COMPILATIONS = sorted((FIXTURES / "languages").glob("*_compilation_mc5.txt"))


def parse(path: Path):
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    return parse_file(data, sha256=sha, source="local", url=path.resolve().as_uri(), retrieved_at=None), sha


@pytest.mark.parametrize("name", sorted(EXPECTED_REASONS))
def test_decision_like_text_without_a_decision_is_flagged(name: str) -> None:
    parsed, sha = parse(DROPS / name)
    assert parsed.decisions == [] and parsed.paragraphs == [] and parsed.mandates == []
    assert parsed.warnings == [ParseWarning(document_id=sha[:16], kind="no_decision", reason=EXPECTED_REASONS[name])]


def test_an_ordinary_decision_is_not_flagged() -> None:
    parsed, _ = parse(DROPS / "en_decision_with_heading.txt")
    assert [(d.symbol, d.title) for d in parsed.decisions] == [
        ("MC-6/21", "Cooperation with regional centres on mercury waste")
    ]
    assert [(p.kind, p.number) for p in parsed.paragraphs] == [("preambular", 1), ("operative", 1), ("operative", 2)]
    assert parsed.warnings == []


def test_no_other_fixture_or_snapshot_file_is_flagged() -> None:
    """Every other document we have either yields decisions or does not read like one: no false alarms."""
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in {".txt", ".docx", ".pdf", ".html"}]
    files += [p for p in (PROJECT_ROOT / "snapshot" / "objects").rglob("*") if p.is_file()]
    flagged, parsed_count = [], 0
    for path in sorted(files):
        if path.parent == DROPS:
            continue
        try:
            parsed, _ = parse(path)
        except ParseError:
            continue
        parsed_count += 1
        flagged += [(path.name, w.reason) for w in parsed.warnings]
    assert parsed_count > 60 and flagged == []


# -- the real pipeline ----------------------------------------------------------------------------------------


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """The three flagged documents, the ordinary decision and four language versions of a compilation."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in [*sorted(DROPS.glob("*.txt")), *COMPILATIONS]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.setenv("MERCURY_DUCKDB_EXTENSION_DIR", str(tmp_path / "extensions"))
    monkeypatch.delenv("MERCURY_MAX_NO_DECISION_SHARE", raising=False)
    return tmp_path / "data"


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


LOAD_LINE = (
    "8 files (8 parsed, 0 reused, 0 quarantined): 8 documents; 13 decision texts → 4 decisions in 5 languages "
    "(ar en es fr zh); 55 paragraphs and 30 mandates in those texts"
)
FLAGGED_LINE = "! 3 documents look like decisions but yielded none: see audit.parse_warnings"
REFUSED = (
    "✗ check failed: mart checks failed: marts.decision_yield: 3 of 8 decision-typed documents (37.5%) yielded no "
    "decision, more than the 5.0% allowed (setting max_no_decision_share, MERCURY_MAX_NO_DECISION_SHARE); 3 of them "
    "look like decisions: see audit.parse_warnings"
)


@pytest.mark.integration
def test_publish_is_refused_above_the_share_and_passes_below_it(data_dir: Path, inbox: Path, monkeypatch) -> None:
    refused = runner.invoke(app, ["--data-dir", str(data_dir), "run", "--input", str(inbox)])
    assert refused.exit_code == 1, refused.output
    output = " ".join(refused.output.split())  # rich may wrap long lines
    assert LOAD_LINE in output and FLAGGED_LINE in output
    assert "✓ build" in output and REFUSED in output
    assert "✓ publish" not in output and not (data_dir / "published").exists()
    warehouse = data_dir / "warehouse.duckdb"
    rows = query(warehouse, "select url, source, kind, reason, document_id = sha256[:16], \"at\" is not null "
                 "from audit.parse_warnings order by url")  # fmt: skip
    assert [(Path(u).name, *rest) for u, *rest in rows] == [
        (name, "local", "no_decision", reason, True, True) for name, reason in sorted(EXPECTED_REASONS.items())
    ]
    [(outcome, detail)] = query(warehouse, "select outcome, detail from audit.runs")
    assert outcome == "failed" and " ".join(detail.split()).startswith(REFUSED.replace("✗ check failed", "check"))

    # the same folder, a larger share allowed (3 of 8 = 37.5 % < 40 %): checked again, published, still flagged
    monkeypatch.setenv("MERCURY_MAX_NO_DECISION_SHARE", "0.4")
    passed = runner.invoke(app, ["--data-dir", str(data_dir), "run", "--input", str(inbox)])
    assert passed.exit_code == 0, passed.output
    output = " ".join(passed.output.split())
    assert LOAD_LINE.replace("8 parsed, 0 reused", "0 parsed, 8 reused") in output and FLAGGED_LINE in output
    assert "✓ check" in output and "✓ publish" in output
    # the summary's decisions are the load line's "→ 4 decisions", and it says what each count counts
    assert re.search(r"│ decisions\s+│\s+4 │ marts\.decisions:", passed.output), passed.output
    assert re.search(r"│ decision-like, no decision\s+│\s+3 │ audit\.parse_warnings", passed.output)
    assert "loaded 13 decision texts → 4 decisions in 5 languages (ar en es fr zh)" in output

    published = data_dir / "published" / "mercury.duckdb"
    assert query(published, "select count(*) from marts.decisions") == [(4,)]
    assert query(published, "select count(*) from audit.parse_warnings") == [(3,)]
    counts = query(
        published,
        "select outcome, decisions, decision_texts, distinct_decisions, decision_languages, parse_warnings "
        "from audit.runs order by started_at",
    )
    assert counts == [
        ("failed", 13, 13, 4, ["ar", "en", "es", "fr", "zh"], 3),
        ("published", 13, 13, 4, ["ar", "en", "es", "fr", "zh"], 3),
    ]


def test_the_airflow_load_task_logs_the_same_words(tmp_path: Path, inbox: Path, monkeypatch, capfd) -> None:
    """The `load` task of every DAG (dags/mercury_dags/stages.py), run as its plain function; Airflow's logging
    (structlog) writes the task log lines to the output."""
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.syspath_prepend(str(PROJECT_ROOT / "dags"))
    from mercury_dags import stages

    pipeline.ingest(get_settings(), inbox)
    capfd.readouterr()
    result = stages.load.function(params={})
    assert (result["decision_texts"], result["distinct_decisions"], result["parse_warnings"]) == (13, 4, 3)
    captured = capfd.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if "load: " in line]
    assert len(lines) == 2, lines
    assert "info" in lines[0] and f"load: {LOAD_LINE}" in lines[0]
    assert "warning" in lines[1] and "load: " + FLAGGED_LINE.removeprefix("! ") in lines[1]


# -- the gate on its own, at its boundary ---------------------------------------------------------------------


@pytest.mark.parametrize(("without", "passes"), [(0, True), (1, True), (2, False)])
def test_the_share_gate_allows_exactly_the_setting(tmp_path: Path, without: int, passes: bool) -> None:
    """20 decision-typed documents, a 5 % share allowed: one without a decision passes, two do not."""
    from expectations import marts_suite
    from expectations.runner import run_checkpoint

    frame = pd.DataFrame(
        {
            "document_id": [f"{i:016x}" for i in range(20)],
            "doc_type": ["decisions"] * 20,
            "flagged": [i < without for i in range(20)],
            "decision_texts": [0 if i < without else 2 for i in range(20)],
            "no_decision": [1 if i < without else 0 for i in range(20)],
        }
    )
    suites = marts_suite.build_suites(max_no_decision_share=0.05, decision_documents=len(frame))
    outcome = run_checkpoint("marts", {"decision_yield": frame}, {"decision_yield": suites["decision_yield"]}, tmp_path)
    assert outcome.success is passes
    assert outcome.failures == ([] if passes else [
        "marts.decision_yield: expect_column_mean_to_be_between(no_decision): observed np.float64(0.1)"
    ])  # fmt: skip


def test_an_older_runs_table_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema audit")
        con.execute(RUNS_DDL)
        con.execute("insert into audit.runs (run_id, outcome) values ('old', 'published')")
        append_run(con, {"run_id": "new", "outcome": "loaded", "decision_texts": 68, "distinct_decisions": 6,
                         "decision_languages": ["en", "ru"], "parse_warnings": 2})  # fmt: skip
        rows = con.execute(f"select {', '.join(RUN_COLUMNS)} from audit.runs order by run_id").fetchall()
    named = [dict(zip(RUN_COLUMNS, row, strict=True)) for row in rows]
    assert [(r["run_id"], r["decision_texts"], r["distinct_decisions"], r["decision_languages"], r["parse_warnings"])
            for r in named] == [("new", 68, 6, ["en", "ru"], 2), ("old", None, None, None, None)]  # fmt: skip
