"""Accuracy of the published warehouse against the ground truth: precision and recall per entity.

An item counts as found only if every compared attribute matches (a mandate with the right addressee but a missed
"subject to resources" is one false positive and one false negative). Items are compared as multisets of tuples:

    decisions     decision_id, symbol, body, meeting_id, number, status, preambular/operative counts, languages
    paragraphs    paragraph_id, decision_id, language, kind, number, subparagraph, text (whitespace collapsed),
                  lead verb (case-insensitive), actions, footnote texts
    mandates      decision_id, paragraph (o3), action, actor, subject_to_resources, report_to_meeting_id
    cooperation   decision_id, paragraph (p2, o3-a), organization_id  (passages outside decisions: the document's
                  symbol, else its id, as the marts merge a passage's language versions into one activity)
    references    from_document_id, from_paragraph_id, in_footnote, ref_kind, target, treaty

With a partial truth (the bundled snapshot, `complete: false`), only what the truth covers is compared: the
decisions it lists, the languages it has for them, the documents it describes; language lists are not compared.
A few examples of misses and false finds are kept for diagnosis.

Per document shape (bench.shapes: heading_compilation, headingless_web_copy, informea_page, unea_resolution …), the
same comparison on the items of each shape, plus `decisions_found` (the decision ids alone: was the decision found at
all, whatever its attributes). A truth item's shape is its decision's (or, for references and passages, its
document's); a warehouse item's shape is that of the decision it names if the truth knows it, else that of the
document the warehouse read its decision from (a decision the truth does not have is a false find of the shape of
the file it came from), else `unattributed`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

ENTITIES = ("decisions", "paragraphs", "mandates", "cooperation", "references")
SHAPE_ENTITIES = ("decisions_found", *ENTITIES)
EXAMPLES = 5
UNATTRIBUTED = "unattributed"


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(str(text).split())


def _local(paragraph_id: str | None) -> str | None:
    return None if paragraph_id is None else paragraph_id.rsplit(":", 1)[1]


def _in_language(row: dict[str, Any], first_language: dict[str, str] | None) -> bool:
    """Rows of a partial truth carry the language they were read from; the marts keep one language version of
    a decision's mandates and cooperation, so only the rows of that language count."""
    if "language" not in row or first_language is None or not row.get("decision_id"):
        return True
    return first_language.get(row["decision_id"]) == row["language"]


def truth_items(
    truth: dict[str, list[dict[str, Any]]], complete: bool, first_language: dict[str, str] | None = None
) -> dict[str, Counter]:
    items: dict[str, Counter] = {}
    items["decisions"] = Counter(_decision(r, complete) for r in truth.get("decisions", []))
    items["paragraphs"] = Counter(_paragraph(r) for r in truth.get("paragraphs", []))
    items["mandates"] = Counter(
        (r["decision_id"], r["paragraph"], r["action"], r["actor"], bool(r["subject_to_resources"]),
         r["report_to_meeting_id"]) for r in truth.get("mandates", []) if _in_language(r, first_language)
    )  # fmt: skip
    rows = [r for r in truth.get("cooperation", []) if _in_language(r, first_language)]
    items["cooperation"] = Counter(
        (r["decision_id"], r["paragraph"], r["organization_id"]) for r in rows if r.get("decision_id")
    ) + _passages(rows)
    items["references"] = Counter(
        (r["document_id"], r["paragraph_id"], bool(r["in_footnote"]), r["ref_kind"], r["target"], r["treaty"])
        for r in truth.get("references", [])
    )
    return items


def _passages(rows: list[dict[str, Any]]) -> Counter:
    """Passages outside decisions as the marts count them: the k-th passage naming an organisation in the language
    versions of a document (same symbol) is one activity, so each (document scope, organisation) counts as many
    times as the language version naming it most often."""
    per_document = Counter(
        (r.get("symbol") or r["document_id"], r["document_id"], r["organization_id"])
        for r in rows if not r.get("decision_id")
    )  # fmt: skip
    most: Counter = Counter()
    for (scope, _, org), n in per_document.items():
        most[("passage", scope, org)] = max(most[("passage", scope, org)], n)
    return most


def _decision(r: dict[str, Any], complete: bool) -> tuple:
    languages = tuple(sorted(r["languages"])) if complete and r.get("languages") is not None else None
    return (r["decision_id"], r["symbol"], r["body"], r["meeting_id"], r["number"], r["status"],
            r["preambular_count"], r["operative_count"], languages)  # fmt: skip


def _paragraph(r: dict[str, Any]) -> tuple:
    lead = r.get("lead_verb")
    return (
        r["paragraph_id"], r["decision_id"], r["language"], r["kind"], r["number"], r["subparagraph"],
        _norm(r["text"]), lead.lower() if lead else None, tuple(r.get("actions") or ()),
        tuple(_norm(f) for f in (r.get("footnotes") or ())),
    )  # fmt: skip


def warehouse_items(published: Path, complete: bool) -> tuple[dict[str, Counter], dict[str, Any]]:
    """The same items read from the published copy's marts (and a few facts about it)."""
    import duckdb

    with duckdb.connect(str(published), read_only=True) as con:

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        items: dict[str, Counter] = {}
        items["decisions"] = Counter(
            _decision({"decision_id": d, "symbol": s, "body": b, "meeting_id": m, "number": n, "status": st,
                       "preambular_count": pc, "operative_count": oc, "languages": list(langs or [])}, complete)
            for d, s, b, m, n, st, pc, oc, langs in rows(
                "select decision_id, symbol, body, meeting_id, number, status, preambular_count, operative_count, "
                "languages from marts.decisions"
            )
        )  # fmt: skip
        items["paragraphs"] = Counter(
            _paragraph({"paragraph_id": p, "decision_id": d, "language": lang, "kind": k, "number": n,
                        "subparagraph": sub, "text": t, "lead_verb": lead, "actions": list(a or []),
                        "footnotes": list(f or [])})
            for p, d, lang, k, n, sub, t, lead, a, f in rows(
                "select paragraph_id, decision_id, language, kind, number, subparagraph, text, lead_verb, actions, "
                "footnotes from marts.decision_paragraphs"
            )
        )  # fmt: skip
        items["mandates"] = Counter(
            (d, _local(p), a, actor, bool(res), rep)
            for d, p, a, actor, res, rep in rows(
                "select decision_id, paragraph_id, action, actor, subject_to_resources, report_to_meeting_id "
                "from marts.mandates"
            )
        )
        items["cooperation"] = Counter(
            (d, _local(p), org) if d else ("passage", scope, org)
            for d, p, scope, org in rows(
                "select a.decision_id, a.paragraph_id, coalesce(d.symbol, a.document_id), a.organization_id "
                "from marts.cooperation_activities as a left join marts.documents as d using (document_id)"
            )
        )
        items["references"] = Counter(
            (doc, p, bool(fn), kind, target, treaty)
            for doc, p, fn, kind, target, treaty in rows(
                "select from_document_id, from_paragraph_id, in_footnote, ref_kind, target, treaty "
                "from marts.document_references"
            )
        )
        facts = {
            "quarantined": sorted(r[0] for r in rows("select distinct sha256 from audit.quarantine")),
            "documents": rows("select count(*) from marts.documents")[0][0],
            "first_language": dict(rows("select decision_id, language from marts.decisions")),
            "decision_document": dict(rows("select decision_id, document_id from marts.decisions")),
        }
    return items, facts


def _restrict(predicted: dict[str, Counter], scope: dict[str, Any], first: dict[str, str]) -> dict[str, Counter]:
    """Keep only the predicted items a partial truth speaks about (for mandates and cooperation: decisions whose
    kept language version the truth has)."""
    decisions, pairs, documents = scope["decisions"], scope["decision_languages"], scope["documents"]

    def covered(decision_id: str) -> bool:
        return (decision_id, first.get(decision_id)) in pairs

    passages = scope.get("passage_scopes", documents)  # a document's symbol (its language versions), else its id
    return {
        "decisions": Counter({k: v for k, v in predicted["decisions"].items() if k[0] in decisions}),
        "paragraphs": Counter({k: v for k, v in predicted["paragraphs"].items() if (k[1], k[2]) in pairs}),
        "mandates": Counter({k: v for k, v in predicted["mandates"].items() if covered(k[0])}),
        "cooperation": Counter(
            {k: v for k, v in predicted["cooperation"].items() if covered(k[0]) or _passage_in(k, passages)}
        ),
        "references": Counter({k: v for k, v in predicted["references"].items() if k[0] in documents}),
    }


def _passage_in(key: tuple, documents: set[str]) -> bool:
    return key[0] == "passage" and key[1] in documents


def compare(truth: Counter, predicted: Counter) -> dict[str, Any]:
    tp = sum((truth & predicted).values())
    n_truth, n_pred = sum(truth.values()), sum(predicted.values())
    missed = list((truth - predicted).elements())[:EXAMPLES]
    extra = list((predicted - truth).elements())[:EXAMPLES]
    return {
        "truth": n_truth,
        "found": n_pred,
        "correct": tp,
        "precision": round(tp / n_pred, 4) if n_pred else (1.0 if not n_truth else 0.0),
        "recall": round(tp / n_truth, 4) if n_truth else 1.0,
        "missed_examples": [list(m) for m in missed],
        "false_examples": [list(e) for e in extra],
    }


class ShapeOf:
    """Which document shape an item belongs to (see the module's docstring)."""

    def __init__(self, truth: dict[str, list[dict[str, Any]]], decision_document: dict[str, str] | None = None):
        self.decisions = {r["decision_id"]: r["shape"] for r in truth.get("decisions", []) if r.get("shape")}
        self.documents = {r["document_id"]: r["shape"] for r in truth.get("files", []) if r.get("shape")}
        self.decision_document = decision_document or {}

    def decision(self, decision_id: str | None) -> str:
        if decision_id in self.decisions:
            return self.decisions[decision_id]
        return self.document(self.decision_document.get(decision_id or ""))

    def document(self, document_id: str | None) -> str:
        return self.documents.get(document_id or "", UNATTRIBUTED)

    def of(self, entity: str, key: tuple) -> str:
        if entity in ("decisions", "mandates"):
            return self.decision(key[0])
        if entity == "paragraphs":
            return self.decision(key[1])
        if entity == "cooperation":
            return self.document(key[1]) if key[0] == "passage" else self.decision(key[0])
        return self.document(key[0])  # references: the citing document


def split_by_shape(items: dict[str, Counter], shape_of: ShapeOf) -> dict[str, dict[str, Counter]]:
    """{shape: {entity: items}}, with decisions_found (decision ids only) beside the entities."""
    out: dict[str, dict[str, Counter]] = {}
    for entity in ENTITIES:
        for key, count in items.get(entity, Counter()).items():
            shape = shape_of.of(entity, key)
            buckets = out.setdefault(shape, {name: Counter() for name in SHAPE_ENTITIES})
            buckets[entity][key] += count
            if entity == "decisions":
                buckets["decisions_found"][key[0]] += count
    return out


def per_shape(expected: dict[str, Counter], predicted: dict[str, Counter], shape_of: ShapeOf) -> dict[str, Any]:
    """Precision/recall of every entity within each shape that has truth items or found items."""
    truth, found = split_by_shape(expected, shape_of), split_by_shape(predicted, shape_of)
    empty = {name: Counter() for name in SHAPE_ENTITIES}
    result: dict[str, Any] = {}
    for shape in sorted(set(truth) | set(found)):
        scores = {name: compare(truth.get(shape, empty)[name], found.get(shape, empty)[name])
                  for name in SHAPE_ENTITIES}  # fmt: skip
        scores["min"] = min(min(v["precision"], v["recall"]) for v in scores.values())
        result[shape] = scores
    return result


def score(published: Path, truth: dict[str, list[dict[str, Any]]], complete: bool,
          scope: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """Precision/recall per entity, the minimum over all of them, and the quarantine check."""
    predicted, facts = warehouse_items(published, complete)
    first = facts["first_language"]
    expected = truth_items(truth, complete, None if complete else first)
    if scope is not None:
        predicted = _restrict(predicted, scope, first)
    result: dict[str, Any] = {name: compare(expected[name], predicted[name]) for name in ENTITIES}
    broken = {r["sha256"] for r in truth.get("files", []) if r.get("kind") == "broken"}
    quarantined = set(facts["quarantined"])
    result["quarantine"] = {
        "expected": len(broken),
        "quarantined": len(quarantined),
        "expected_and_quarantined": len(broken & quarantined),
        "unexpected": len(quarantined - broken) if complete else None,
    }
    result["min"] = min(min(result[n]["precision"], result[n]["recall"]) for n in ENTITIES)
    if any(r.get("shape") for r in truth.get("files", [])):  # generated corpora (the snapshot's truth has no shapes)
        result["shapes"] = per_shape(expected, predicted, ShapeOf(truth, facts["decision_document"]))
    return result
