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
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from bench import harness
from bench.generate import generate, load_truth, make_plan
from bench.phrasing import load_phrasing, phrasing_languages
from bench.render import roman
from bench.score import ENTITIES, SHAPE_ENTITIES, compare
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
        if row["format"] == "docx":  # Word numbering on the paragraphs, with or without a heading line
            with zipfile.ZipFile(path) as docx:
                assert '<w:numId w:val="1"/>' in docx.read("word/document.xml").decode()
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


def _tiny_truth() -> dict[str, list[dict]]:
    """Three documents of three shapes, one decision each: what a perfect warehouse would hold."""

    def decision(did, symbol, body, meeting, number, shape, operative):
        return {"decision_id": did, "symbol": symbol, "body": body, "meeting_id": meeting, "number": number,
                "status": "adopted", "preambular_count": 0, "operative_count": operative, "languages": ["en"],
                "shape": shape}  # fmt: skip

    def paragraph(did, n, text):
        return {"paragraph_id": f"{did}:en:o{n}", "decision_id": did, "language": "en", "kind": "operative",
                "number": n, "subparagraph": None, "text": text, "lead_verb": "Requests", "actions": ["requests"],
                "footnotes": []}  # fmt: skip

    def mandate(did, resources):
        return {"decision_id": did, "paragraph": "o1", "action": "requests", "actor": "secretariat",
                "subject_to_resources": resources, "report_to_meeting_id": None}  # fmt: skip

    def reference(doc, did, target):
        return {"document_id": doc, "paragraph_id": f"{did}:en:o1", "in_footnote": False, "ref_kind": "document",
                "target": target, "treaty": None}  # fmt: skip

    unea, web, compilation = "unep-ea.6-res.3", "bc-10-7", "mc-5-1"
    return {
        "files": [
            {"document_id": "doc-unea", "sha256": "a" * 64, "kind": "single", "shape": "unea_resolution"},
            {"document_id": "doc-web", "sha256": "b" * 64, "kind": "single", "shape": "headingless_web_copy"},
            {"document_id": "doc-comp", "sha256": "c" * 64, "kind": "compilation", "shape": "heading_compilation"},
        ],
        "decisions": [decision(unea, "UNEP/EA.6/Res.3", "unea", "unea-6", 3, "unea_resolution", 2),
                      decision(web, "BC-10/7", "basel", "bc-cop-10", 7, "headingless_web_copy", 2),
                      decision(compilation, "MC-5/1", "minamata", "mc-cop-5", 1, "heading_compilation", 1)],
        "paragraphs": [paragraph(unea, 1, "Requests the secretariat to act."), paragraph(unea, 2, "Notes it."),
                       paragraph(web, 1, "Requests the secretariat to act."), paragraph(web, 2, "Notes it."),
                       paragraph(compilation, 1, "Requests the secretariat to act.")],
        "mandates": [mandate(unea, True), mandate(compilation, False)],
        "cooperation": [{"decision_id": unea, "paragraph": "o1", "organization_id": "who"}],
        "references": [reference("doc-unea", unea, "UNEP/EA.6/INF/2"),
                       reference("doc-comp", compilation, "UNEP/MC/COP.5/3")],
    }  # fmt: skip


def _tiny_warehouse(path: Path, truth: dict[str, list[dict]]) -> None:
    """A published warehouse that read the UNEA resolution and the compilation, missed the resources condition of
    the resolution's mandate, and took the headingless web copy for a decision without a symbol."""
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema audit")
        con.execute("create table audit.quarantine (sha256 varchar)")
        con.execute("create table marts.documents (document_id varchar, symbol varchar)")  # score reads both
        con.execute(
            "create table marts.decisions (decision_id varchar, symbol varchar, body varchar, meeting_id varchar, "
            "number integer, status varchar, preambular_count integer, operative_count integer, "
            "languages varchar[], document_id varchar, language varchar)"
        )
        con.execute(
            "create table marts.decision_paragraphs (paragraph_id varchar, decision_id varchar, language varchar, "
            "kind varchar, number integer, subparagraph varchar, text varchar, lead_verb varchar, actions varchar[], "
            "footnotes varchar[])"
        )
        con.execute(
            "create table marts.mandates (decision_id varchar, paragraph_id varchar, action varchar, actor varchar, "
            "subject_to_resources boolean, report_to_meeting_id varchar)"
        )
        con.execute(
            "create table marts.cooperation_activities (decision_id varchar, paragraph_id varchar, "
            "document_id varchar, organization_id varchar)"
        )
        con.execute(
            "create table marts.document_references (from_document_id varchar, from_paragraph_id varchar, "
            "in_footnote boolean, ref_kind varchar, target varchar, treaty varchar)"
        )
        documents = {"unep-ea.6-res.3": "doc-unea", "mc-5-1": "doc-comp"}
        for d in truth["decisions"]:
            if d["decision_id"] in documents:
                con.execute("insert into marts.decisions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en')",
                            [d["decision_id"], d["symbol"], d["body"], d["meeting_id"], d["number"], d["status"],
                             d["preambular_count"], d["operative_count"], d["languages"],
                             documents[d["decision_id"]]])  # fmt: skip
        draft = "draft-bc-cop-10-doc-web-1"  # the web copy, read without its symbol
        con.execute("insert into marts.decisions values (?, null, 'basel', 'bc-cop-10', null, 'draft', 0, 2, "
                    "['en'], 'doc-web', 'en')", [draft])  # fmt: skip
        for p in truth["paragraphs"]:
            did = p["decision_id"] if p["decision_id"] in documents else draft
            if did == draft and p["number"] == 2:
                continue  # one of its two paragraphs lost
            con.execute(
                "insert into marts.decision_paragraphs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    p["paragraph_id"].replace(p["decision_id"], did),
                    did,
                    p["language"],
                    p["kind"],
                    p["number"],
                    p["subparagraph"],
                    p["text"],
                    p["lead_verb"],
                    p["actions"],
                    p["footnotes"],
                ],
            )
        for m in truth["mandates"]:
            con.execute("insert into marts.mandates values (?, ?, ?, ?, false, null)",
                        [m["decision_id"], f"{m['decision_id']}:en:o1", m["action"], m["actor"]])  # fmt: skip
        con.execute("insert into marts.cooperation_activities values "
                    "('unep-ea.6-res.3', 'unep-ea.6-res.3:en:o1', 'doc-unea', 'who')")  # fmt: skip
        for r in truth["references"]:
            con.execute("insert into marts.document_references values (?, ?, false, ?, ?, null)",
                        [r["document_id"], r["paragraph_id"], r["ref_kind"], r["target"]])  # fmt: skip
        con.execute("insert into marts.document_references values "
                    "('doc-web', ?, false, 'document', 'UNEP/CHW.10/7', null)", [f"{draft}:en:o1"])  # fmt: skip


def test_accuracy_is_scored_per_shape(tmp_path: Path) -> None:
    """A tiny corpus whose answer is known: every count and ratio of every shape."""
    from bench.score import SHAPE_ENTITIES, score

    truth = _tiny_truth()
    _tiny_warehouse(tmp_path / "mercury.duckdb", truth)
    result = score(tmp_path / "mercury.duckdb", truth, complete=True)
    counts = {
        shape: {name: (s[name]["truth"], s[name]["found"], s[name]["correct"]) for name in SHAPE_ENTITIES}
        for shape, s in result["shapes"].items()
    }
    assert counts == {
        "heading_compilation": {"decisions_found": (1, 1, 1), "decisions": (1, 1, 1), "paragraphs": (1, 1, 1),
                                "mandates": (1, 1, 1), "cooperation": (0, 0, 0), "references": (1, 1, 1)},
        # the draft-like decision the warehouse made of the web copy counts against the web copy's shape (its file)
        "headingless_web_copy": {"decisions_found": (1, 1, 0), "decisions": (1, 1, 0), "paragraphs": (2, 1, 0),
                                 "mandates": (0, 0, 0), "cooperation": (0, 0, 0), "references": (0, 1, 0)},
        "unea_resolution": {"decisions_found": (1, 1, 1), "decisions": (1, 1, 1), "paragraphs": (2, 2, 2),
                            "mandates": (1, 1, 0), "cooperation": (1, 1, 1), "references": (1, 1, 1)},
    }  # fmt: skip
    web, unea = result["shapes"]["headingless_web_copy"], result["shapes"]["unea_resolution"]
    assert (web["paragraphs"]["precision"], web["paragraphs"]["recall"]) == (0.0, 0.0)
    assert (web["references"]["precision"], web["references"]["recall"]) == (0.0, 1.0)
    assert (unea["mandates"]["precision"], unea["mandates"]["recall"]) == (0.0, 0.0)
    assert unea["mandates"]["missed_examples"] == [["unep-ea.6-res.3", "o1", "requests", "secretariat", True, None]]
    assert web["min"] == 0.0 and result["shapes"]["heading_compilation"]["min"] == 1.0
    # the per-shape counts add up to the corpus's
    for name in ("decisions", "paragraphs", "mandates", "cooperation", "references"):
        assert sum(c[name][0] for c in counts.values()) == result[name]["truth"]
        assert sum(c[name][2] for c in counts.values()) == result[name]["correct"]
    assert (result["decisions"]["truth"], result["decisions"]["correct"]) == (3, 2)
    summary = harness.shape_summary(result)
    assert summary["unea_resolution"]["mandates"] == {"precision": 0.0, "recall": 0.0, "truth": 1, "found": 1,
                                                      "correct": 0}  # fmt: skip


def test_targets_are_judged() -> None:
    assert harness._check("noop_vs_full", 0.05)["pass"] is True
    assert harness._check("full_rebuild_seconds_L", 300.0)["pass"] is False
    assert harness._check("accuracy", 0.995)["pass"] is True
    assert harness._check("airflow_vs_cli", None)["pass"] is None
    assert harness.sizes_from("S,M,L", skip_l=True) == ["S", "M"]
    assert harness.sizes_from("S,M,L,R", skip_l=True) == ["S", "M", "R"]


@pytest.mark.integration
def test_harness_on_the_snapshot_and_a_tiny_corpus(tmp_path: Path) -> None:
    """`python -m bench run --sizes S,T,TR`: every key of results.json, accuracy computed from the published copies,
    per shape for the generated corpora (no threshold on the new shapes: the parser work for them is elsewhere)."""
    command = [sys.executable, "-m", "bench", "run", "--sizes", "S,T,TR", "--no-airflow", "--repeat", "1"]
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
    # per shape: T holds today's shapes, TR every shape; the target's minimum is T's alone
    assert set(results["accuracy_by_shape"]) == {"T", "TR"}
    assert set(results["accuracy_by_shape"]["TR"]) >= set(SHAPES) - {"secretariat_note"}
    assert set(results["accuracy_by_shape"]["T"]) <= {*CORPUS_SHAPES, "broken", "unattributed"}
    for shape, scores in results["accuracy_by_shape"]["TR"].items():
        for entity in SHAPE_ENTITIES:
            assert 0.0 <= scores[entity]["precision"] <= 1.0 and 0.0 <= scores[entity]["recall"] <= 1.0, shape
            assert scores[entity]["correct"] <= min(scores[entity]["truth"], scores[entity]["found"])
    truth = load_truth(tmp_path / "corpus" / "TR")
    assert sum(s["decisions"]["truth"] for s in results["accuracy_by_shape"]["TR"].values()) == len(truth["decisions"])
    assert results["accuracy_by_shape"]["TR"]["heading_compilation"]["decisions"]["recall"] > 0.9  # today's shape
    assert results["accuracy"]["min"] == results["accuracy"]["T"]["min"]
    assert "Accuracy per shape, TR" in done.stdout


def test_the_truth_keeps_no_citation_of_a_files_or_decisions_own_symbol() -> None:
    """A compilation's decision citing the compilation's own symbol (its page header) or itself is no reference,
    as in the parser (documents.symbol / the decision's symbol); other citations stay."""
    from bench.compose import Decision, Ref
    from bench.documents import Document
    from bench.render import RenderedDecision, RenderedParagraph
    from bench.truth import reference_rows

    decision = Decision("rotterdam", 1, 4, 0, [], [], ["en"])
    refs = [(False, Ref("decision", "decision", "RC-1/4")), (False, Ref("decision", "decision", "RC-1/2")),
            (True, Ref("document", "document", "UNEP/FAO/RC/COP.1/11")),
            (False, Ref("document", "document", "UNEP/FAO/RC/COP.1/INF/3"))]  # fmt: skip
    paragraph = RenderedParagraph("rc-1-4:en:p1", "preambular", 1, None, "Recalling …", "Recalling", [], refs, [])
    document = Document("en", "rotterdam", [], "UNEP/FAO/RC/COP.1/11", "Decisions",
                        [RenderedDecision(decision, "en", [], [paragraph])])  # fmt: skip
    assert [(r["paragraph_id"], r["ref_kind"], r["target"]) for r in reference_rows(document, "doc")] == [
        ("rc-1-4:en:p1", "decision", "RC-1/2"),
        ("rc-1-4:en:p1", "document", "UNEP/FAO/RC/COP.1/INF/3"),
    ]
