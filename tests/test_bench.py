"""bench/: the corpus generator, its ground truth, the scoring and the harness (issue 7). No timing assertions: the
numbers belong to BENCHMARKS.md, these tests check that the machinery is right.

The fast tests generate the tiny corpus T in-process; the integration test runs `python -m bench run` on the
bundled snapshot and T end to end (real pipeline, real dbt, real GX) and checks results.json.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench import harness
from bench.generate import generate, load_truth, make_plan
from bench.phrasing import load_phrasing, phrasing_languages
from bench.render import roman
from bench.score import ENTITIES, compare
from bench.shapes import CORPUS_SHAPES, SHAPES

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "T"
    generate("T", out, workers=1)
    return out


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny shapes slice: every document shape of bench.shapes."""
    out = tmp_path_factory.mktemp("corpus") / "TR"
    generate("TR", out, workers=1)
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


def _text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1251" if "/ru/" in path.as_posix() else "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"undecodable {path}")


def _by_shape(truth: dict, table: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in truth[table]:
        out.setdefault(row["shape"], []).append(row)
    return out


def test_corpora_keep_todays_shapes(tiny: Path) -> None:
    """T/M/L hold the compilations and notes they always held (the issue-7 figures stay comparable)."""
    truth = load_truth(tiny)
    assert {row["shape"] for row in truth["files"]} <= {*CORPUS_SHAPES, "broken"}
    assert "heading_compilation" in {row["shape"] for row in truth["files"]}
    assert {row["shape"] for row in truth["decisions"]} <= set(CORPUS_SHAPES)
    assert json.loads((tiny / "meta.json").read_text())["slice"] == "corpus"


def test_shapes_slice_has_every_shape_with_its_truth(shaped: Path) -> None:
    truth = load_truth(shaped)
    meta = json.loads((shaped / "meta.json").read_text())
    new = set(SHAPES) - {"secretariat_note"}
    assert meta["slice"] == "shapes" and set(meta["files_by_shape"]) == new
    decisions = _by_shape(truth, "decisions")
    assert set(decisions) == new
    patterns = {
        "unea_resolution": (r"UNEP/EA\.(\d)/Res\.(\d+)", "unea", "unea-{m}", "unep-ea.{m}-res.{n}"),
        "gc_decision": (r"GC\.(\d+)/(\d+)", "unep_gc", "gc-{m}", "gc.{m}-{n}"),
        "iccm_resolution": (r"ICCM\.(\d)/(\d+)", "gfc", "iccm-{m}", "iccm.{m}-{n}"),
        "basel_roman": (r"BC-(\d)/(\d+)", "basel", "bc-cop-{m}", "bc-{m}-{n}"),
    }
    for shape, (pattern, body, meeting, decision_id) in patterns.items():
        for row in decisions[shape]:
            m, n = re.fullmatch(pattern, row["symbol"]).groups()
            assert (row["body"], row["meeting_id"], row["decision_id"], row["number"]) == (
                body, meeting.format(m=m), decision_id.format(m=m, n=n), int(n))  # fmt: skip
    assert all(int(row["symbol"][3]) <= 9 for row in decisions["basel_roman"])  # roman numbering ended at COP-9
    for shape in ("headingless_web_copy", "informea_page", "heading_compilation"):
        assert all(re.fullmatch(r"(MC|BC|RC|SC)-\d+/\d+", row["symbol"]) for row in decisions[shape])
    for row in truth["decisions"]:  # every decision's paragraphs are in the truth, in every language
        texts = [p for p in truth["paragraphs"] if p["decision_id"] == row["decision_id"] and not p["subparagraph"]]
        assert len(texts) == (row["preambular_count"] + row["operative_count"]) * len(row["languages"])


def test_shapes_are_written_as_published(shaped: Path) -> None:
    """What makes each shape what it is, read back from the files the pipeline will ingest."""
    truth = load_truth(shaped)
    decisions = {row["decision_id"]: row for row in truth["decisions"]}
    by_decision: dict[tuple[str, str], list[dict]] = {}
    for p in truth["paragraphs"]:
        by_decision.setdefault((p["decision_id"], p["language"]), []).append(p)
    seen = Counter()
    for row in truth["files"]:
        path = shaped / "files" / row["path"]
        decision = decisions[row["decisions"][0]]
        symbol, m, n = decision["symbol"], decision["meeting_id"].rsplit("-", 1)[1], decision["number"]
        text = _text(path) if row["format"] in ("txt", "html") else None
        if row["format"] == "html":
            text = html.unescape(text)
        shape = row["shape"]
        seen[(shape, row["format"])] += 1
        if shape == "headingless_web_copy":
            assert symbol.replace("/", "-") in path.name  # the file name carries the symbol
            own = re.compile(rf"(?<![\d.]){m}/{n}(?!\d)")  # "MC-12/2", "МК‑12/2", never "COP.12/24"
            if row["format"] == "txt":
                assert not own.search(text)  # no heading line: the symbol is nowhere in the text
                opening = load_phrasing(row["language"]).lexicon.body_openings[0]
                assert text.lstrip("\ufeff").startswith(opening)
            if row["format"] == "html":
                title = re.search(r"<title>(.*?)</title>", text).group(1)
                body = text.split("<main", 1)[1].split("</main>")[0]
                assert own.search(title) and not own.search(body) and "<h2>" not in body
        elif shape == "informea_page":
            lines = text.splitlines()
            assert lines[0] == "Skip to main content"
            for label in ("Treaty", "Meeting", "Status", "Number"):
                assert label in lines
            assert lines[lines.index("Number") + 1] == symbol
            assert any(re.match(r"1[.\-]\S", line) for line in lines)  # glued numbering: "1.Requests"
            assert not any(re.match(r"\d+\.\t", line) for line in lines)
            for p in by_decision[(decision["decision_id"], row["language"])]:
                # every paragraph (whitespace as the truth keeps it: runs collapsed), glued to its number
                assert p["text"] in " ".join(text.split()) and not p["footnotes"]
        elif shape == "unea_resolution" and text:
            assert text.lstrip("\ufeff").startswith(symbol) or row["format"] != "txt"
            assert f"{m}/{n}. " in text
            assert load_phrasing(row["language"])["shapes"]["openings"]["unea"] in text
        elif shape == "gc_decision" and text:
            assert f"{m}/{n}" in text and load_phrasing(row["language"])["shapes"]["openings"]["unep_gc"] in text
        elif shape == "iccm_resolution" and text:
            # the canonical ICCM.5/1 is ours, never written (documents SAICM/ICCM.5/21 are)
            assert f"{roman(int(m))}/{n}" in text and not re.search(rf"(?<!/){re.escape(symbol)}(?!\d)", text)
        elif shape == "basel_roman" and text:
            assert f"{roman(int(m))}/{n}" in text and "BC-" not in text and "BC\u2011" not in text
    assert {shape for shape, _ in seen} == set(SHAPES) - {"secretariat_note"}
    assert all(fmt == "txt" for shape, fmt in seen if shape == "informea_page")


def test_basel_roman_cites_in_roman_numerals() -> None:
    from bench.generate import make_shapes_plan

    plan = make_shapes_plan(140)
    cited = [c.ref for d in plan.decisions if d.shape == "basel_roman" for p in d.preamble for c in p.clauses
             if c.ref is not None and c.ref.ref_kind == "decision"]  # fmt: skip
    assert cited and all(ref.form == "decision_roman" and ref.target.startswith("BC-") for ref in cited)
    assert roman(9) == "IX" and roman(14) == "XIV" and roman(4) == "IV"


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
