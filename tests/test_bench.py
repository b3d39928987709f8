"""bench/: the corpus generator, its ground truth, the scoring and the harness (issue 7). No timing assertions: the
numbers belong to BENCHMARKS.md, these tests check that the machinery is right.

The fast tests generate the tiny corpus T in-process; the integration test runs `python -m bench run` on the
bundled snapshot and T end to end (real pipeline, real dbt, real GX) and checks results.json.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench import harness
from bench.generate import generate, load_truth, make_plan
from bench.phrasing import load_phrasing, phrasing_languages
from bench.score import ENTITIES, compare

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "T"
    generate("T", out, workers=1)
    return out


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "meta.json"
    }


def test_every_lexicon_language_with_phrasing_is_generated(tiny: Path) -> None:
    from extractors.lexicon import available_languages

    meta = json.loads((tiny / "meta.json").read_text())
    assert set(meta["languages"]) == set(phrasing_languages())
    assert set(meta["languages"]) | set(meta["skipped_languages"]) == set(available_languages())
    assert {"en", "ru"} <= set(meta["languages"])
    formats = {row["format"] for row in load_truth(tiny)["files"] if row["kind"] != "broken"}
    assert formats == {"txt", "docx", "html", "pdf"}


def test_generation_is_deterministic(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "T"
    generate("T", again, workers=2)
    assert _hashes(again) == _hashes(tiny)


def test_phrasing_claims_are_the_lexicons(tmp_path: Path) -> None:
    """Every verb a phrasing file uses maps, in the project's lexicon, to the action the truth will claim."""
    for language in phrasing_languages():
        phrasing = load_phrasing(language)
        lexicon = phrasing.lexicon
        for table, mapping in (("preambular", lexicon.preambular), ("operative", lexicon.operative)):
            for action, verbs in getattr(phrasing, table).items():
                for verb in verbs:
                    assert mapping[" ".join(verb.lead.lower().split())] == action, (language, verb)


def test_truth_is_consistent(tiny: Path) -> None:
    truth = load_truth(tiny)
    decisions = {row["decision_id"]: row for row in truth["decisions"]}
    paragraphs = truth["paragraphs"]
    by_decision = Counter((p["decision_id"], p["language"]) for p in paragraphs if p["subparagraph"] is None)
    for decision in decisions.values():
        for language in decision["languages"]:
            expected = decision["preambular_count"] + decision["operative_count"]
            assert by_decision[(decision["decision_id"], language)] == expected
    local_ids = {(p["decision_id"], p["paragraph_id"].rsplit(":", 1)[1]) for p in paragraphs}
    for mandate in truth["mandates"]:
        assert (mandate["decision_id"], mandate["paragraph"]) in local_ids
        assert mandate["action"] in {"requests", "invites", "encourages", "urges", "calls_upon", "authorizes",
                                     "recommends"}  # fmt: skip
    documents = {row["document_id"] for row in truth["files"]}
    assert all(ref["document_id"] in documents for ref in truth["references"])
    assert any(row["kind"] == "broken" for row in truth["files"])
    assert any(p["footnotes"] for p in paragraphs) and any(p["subparagraph"] for p in paragraphs)
    assert any(len(p["actions"]) > 1 for p in paragraphs)  # multi-verb paragraphs
    assert any(d["status"] == "draft" for d in decisions.values()) or len(decisions) < 30


def test_plan_sizes_scale() -> None:
    small, bigger = make_plan(30), make_plan(300)
    texts = [sum(len(d.languages) for d in plan.decisions) for plan in (small, bigger)]
    assert 30 <= texts[0] < 40 and 300 <= texts[1] < 310
    assert len(bigger.files) > len(small.files)


def test_compare_counts_every_attribute() -> None:
    truth = Counter({("d1", "o1", "requests", "secretariat", True, None): 1, ("d1", "o2", "invites", "parties",
                                                                              False, None): 1})  # fmt: skip
    found = Counter({("d1", "o1", "requests", "secretariat", False, None): 1,  # resources missed: wrong item
                     ("d1", "o2", "invites", "parties", False, None): 1})  # fmt: skip
    result = compare(truth, found)
    assert (result["correct"], result["precision"], result["recall"]) == (1, 0.5, 0.5)
    assert result["missed_examples"] == [["d1", "o1", "requests", "secretariat", True, None]]


def test_targets_are_judged() -> None:
    assert harness._check("noop_vs_full", 0.05)["pass"] is True
    assert harness._check("full_rebuild_seconds_L", 300.0)["pass"] is False
    assert harness._check("accuracy", 0.995)["pass"] is True
    assert harness._check("airflow_vs_cli", None)["pass"] is None
    assert harness.sizes_from("S,M,L", skip_l=True) == ["S", "M"]


@pytest.mark.integration
def test_harness_on_the_snapshot_and_a_tiny_corpus(tmp_path: Path) -> None:
    """`python -m bench run --sizes S,T`: every key of results.json, accuracy computed from the published copies."""
    command = [sys.executable, "-m", "bench", "run", "--sizes", "S,T", "--no-airflow", "--repeat", "1"]
    done = subprocess.run(
        [*command, "--out", str(tmp_path)],
        cwd=REPO,
        env=harness.clean_env(tmp_path / "unused"),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    for key in ("parse_vs_floor", "noop_vs_full", "airflow_vs_cli", "scaling_10x", "full_rebuild_seconds_L",
                "peak_rss_mb_L", "stages", "accuracy", "machine", "targets"):  # fmt: skip
        assert key in results, key
    assert set(results["targets"]) == set(harness.TARGETS)
    assert set(results["stages"]["T"]) == set(harness.STAGES)
    assert all(results["stages"]["T"][stage] is not None for stage in harness.STAGES)
    for size in ("S", "T"):
        for entity in ENTITIES:
            scores = results["accuracy"][size][entity]
            assert 0.0 <= scores["precision"] <= 1.0 and 0.0 <= scores["recall"] <= 1.0
    assert results["accuracy"]["T"]["decisions"]["recall"] > 0.9  # the pipeline really read the generated corpus
    assert results["parse_vs_floor"] > 1.0 and results["noop_vs_full"] < 1.0
    assert {"cpu_count", "memory_gb", "python", "duckdb"} <= set(results["machine"])
    assert results["sizes"]["T"]["noop"]["changed"] is False
    assert "Targets" in done.stdout
