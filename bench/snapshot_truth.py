"""Ground truth for size S, the bundled snapshot: the reviewed golden structures under tests/fixtures/expected/
(what the parser must produce for those files, checked by people) for the snapshot files they describe.

The truth is partial: only some snapshot files have a golden structure (the DOCX/PDF/HTML versions of the same
decisions do not), so the score compares only what it covers (bench.score restricts the warehouse to it), and
mandates and cooperation, which the marts keep from one language version of a decision, are compared with the
golden rows of that language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "fixtures" / "expected"


def _local(paragraph_id: str) -> str:
    return paragraph_id.rsplit(":", 1)[1]


def snapshot_truth(snapshot_dir: Path, expected_dir: Path = EXPECTED) -> tuple[dict[str, list[dict]], dict[str, Any]]:
    """(truth tables, scope) for the golden files whose document is in the snapshot."""
    shas = set()
    with (snapshot_dir / "manifest.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                shas.add(json.loads(line)["sha256"])
    tables: dict[str, list[dict[str, Any]]] = {k: [] for k in ("decisions", "paragraphs", "mandates", "cooperation",
                                                                 "references", "files")}  # fmt: skip
    scope: dict[str, Any] = {"decisions": set(), "decision_languages": set(), "documents": set(),
                             "passage_scopes": set()}  # fmt: skip
    seen_decisions: set[str] = set()
    seen_paragraphs: set[str] = set()
    for path in sorted(expected_dir.rglob("*.json")):
        golden = json.loads(path.read_text(encoding="utf-8"))
        documents = golden.get("documents") or []
        if not documents or documents[0]["sha256"] not in shas:
            continue
        document_id = documents[0]["document_id"]
        scope["documents"].add(document_id)
        # passages outside decisions are merged across a document's language versions (same symbol) by the marts
        scope["passage_scopes"].add(documents[0].get("symbol") or document_id)
        paragraphs = golden.get("paragraphs", [])
        for decision in golden.get("decisions", []):
            did, lang = decision["decision_id"], decision["language"]
            scope["decisions"].add(did)
            scope["decision_languages"].add((did, lang))
            if did in seen_decisions:
                continue
            seen_decisions.add(did)
            own = [p for p in paragraphs if p["decision_id"] == did and p["subparagraph"] is None]
            tables["decisions"].append({
                "decision_id": did, "symbol": decision["symbol"], "body": decision["body"],
                "meeting_id": decision["meeting_id"], "number": decision["number"], "status": decision["status"],
                "preambular_count": len({p["number"] for p in own if p["kind"] == "preambular"}),
                "operative_count": len({p["number"] for p in own if p["kind"] == "operative"}),
                "languages": None,
            })  # fmt: skip
        for p in paragraphs:
            if p["paragraph_id"] in seen_paragraphs:
                continue
            seen_paragraphs.add(p["paragraph_id"])
            tables["paragraphs"].append({k: p[k] for k in ("paragraph_id", "decision_id", "language", "kind", "number",
                                                            "subparagraph", "text", "lead_verb", "actions",
                                                            "footnotes")})  # fmt: skip
        for m in golden.get("mandates", []):
            tables["mandates"].append({
                "decision_id": m["decision_id"], "paragraph": _local(m["paragraph_id"]), "action": m["action"],
                "actor": m["actor"], "subject_to_resources": m["subject_to_resources"],
                "report_to_meeting_id": m["report_to_meeting_id"], "language": m["language"],
            })  # fmt: skip
        for c in golden.get("cooperation", []):
            if c.get("decision_id"):
                row = {"decision_id": c["decision_id"], "paragraph": _local(c["paragraph_id"]),
                       "organization_id": c["organization_id"], "language": c["language"]}  # fmt: skip
                tables["cooperation"].append(row)
            else:
                tables["cooperation"].append({"decision_id": None, "document_id": c["document_id"],
                                              "symbol": documents[0].get("symbol"),
                                              "organization_id": c["organization_id"]})  # fmt: skip
        for r in golden.get("references", []):
            tables["references"].append({
                "document_id": r["from_document_id"], "paragraph_id": r["from_paragraph_id"],
                "in_footnote": r["in_footnote"], "ref_kind": r["ref_kind"], "target": r["target"],
                "treaty": r["treaty"],
            })  # fmt: skip
    # mandates and cooperation: one row per (decision, paragraph, …, language) even when two golden files of one
    # language hold the same decision text
    for name in ("mandates", "cooperation"):
        keyed = {json.dumps(row, sort_keys=True): row for row in tables[name] if row.get("language")}
        tables[name] = list(keyed.values()) + [row for row in tables[name] if not row.get("language")]
    return tables, scope
