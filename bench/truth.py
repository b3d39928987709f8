"""Ground truth: what a perfect warehouse holds for a generated corpus, read from the composed decisions (what they
say) and the rendered documents (how each language version reads), never from the parser.

Rows follow the marts' semantics (CONTRACT.md) with language-independent keys where the marts are
language-independent:
* decisions:     one per decision (decision_id, symbol, body, meeting, number, status, counts, languages);
* paragraphs:    one per paragraph per language (paragraph_id, kind, number, sub-paragraph, clean text, lead verb,
                 canonical actions, footnote texts);
* mandates:      one per (decision, paragraph, action, addressee) with subject_to_resources and report_to_meeting_id
                 (the marts keep the mandates of one language version: they are the same in every language);
* cooperation:   one per (decision, paragraph, organisation), the BRS group expanded both ways;
* references:    one per citation per document (document, paragraph, in footnote, kind, canonical target, treaty).
"""

from __future__ import annotations

from typing import Any

from bench.compose import GROUPS, Decision, Paragraph
from bench.documents import Document
from bench.phrasing import MANDATE_ACTIONS

OWN_ORGANIZATION = {"minamata": "minamata", "basel": "basel", "rotterdam": "rotterdam", "stockholm": "stockholm",
                    "unea": "unea", "gfc": "gfc", "unep_gc": "unep"}  # fmt: skip


def local_id(paragraph: Paragraph, sub: str | None = None) -> str:
    """The language-independent part of a paragraph id: p2, o3, o3-a."""
    base = f"{'p' if paragraph.kind == 'preambular' else 'o'}{paragraph.number}"
    return f"{base}-{sub}" if sub else base


def decision_row(decision: Decision) -> dict[str, Any]:
    return {
        "decision_id": decision.decision_id,
        "symbol": decision.symbol,
        "body": decision.body,
        "meeting_id": decision.meeting_id,
        "number": decision.number,
        "status": "adopted" if decision.number is not None else "draft",
        "preambular_count": len(decision.preamble),
        "operative_count": len(decision.operative),
        "languages": sorted(decision.languages),
        "shape": decision.shape,
    }


def mandate_rows(decision: Decision) -> list[dict[str, Any]]:
    rows = []
    for paragraph in decision.operative:
        seen: set[tuple[str, str]] = set()
        for clause in paragraph.clauses:
            if clause.kind != "mandate" or clause.action not in MANDATE_ACTIONS:
                continue
            for actor in clause.actors:
                if (actor, clause.action) in seen:
                    continue
                seen.add((actor, clause.action))
                rows.append({
                    "decision_id": decision.decision_id,
                    "paragraph": local_id(paragraph),
                    "action": clause.action,
                    "actor": actor,
                    "subject_to_resources": clause.resources,
                    "report_to_meeting_id": (
                        f"{decision.meeting_id.rsplit('-', 1)[0]}-{clause.report_to}" if clause.report_to else None
                    ),
                })  # fmt: skip
    return rows


def expand(organizations: set[str], body: str) -> set[str]:
    """A paragraph naming the three conventions names their joint secretariat too, and the reverse; a body's own
    convention is not a partner of its decisions."""
    found = set(organizations) - {OWN_ORGANIZATION.get(body, "")}
    for group, members in GROUPS.items():
        if group in found or all(m in found for m in members):
            found |= {group, *members}
    return found


def paragraph_organizations(decision: Decision, paragraph: Paragraph, actor_roles: set[str]) -> set[str]:
    named: set[str] = set()
    for clause in paragraph.clauses:
        named |= set(clause.orgs)
        named |= {a for a in clause.actors if a not in actor_roles}
    return expand(named, decision.body)


def cooperation_rows(decision: Decision, actor_roles: set[str]) -> list[dict[str, Any]]:
    rows = []
    for paragraph in [*decision.preamble, *decision.operative]:
        for org in sorted(paragraph_organizations(decision, paragraph, actor_roles)):
            rows.append({"decision_id": decision.decision_id, "paragraph": local_id(paragraph), "organization_id": org})
        for i, sub in enumerate(paragraph.subs):
            letter = "abcdefghij"[i]
            for org in sorted(expand(set(sub.orgs), decision.body)):
                rows.append({"decision_id": decision.decision_id, "paragraph": local_id(paragraph, letter),
                             "organization_id": org})  # fmt: skip
    return rows


def paragraph_rows(document: Document) -> list[dict[str, Any]]:
    rows = []
    for rendered in document.decisions:
        decision = rendered.decision
        by_local = {local_id(p): p for p in [*decision.preamble, *decision.operative]}
        for par in rendered.paragraphs:
            paragraph = by_local[par.paragraph_id.rsplit(":", 1)[1].split("-")[0]]
            if par.sub is not None:
                actions: list[str] = []
            else:
                actions = list(dict.fromkeys(c.action for c in paragraph.clauses))
            rows.append({
                "paragraph_id": par.paragraph_id,
                "decision_id": decision.decision_id,
                "language": rendered.language,
                "kind": par.kind,
                "number": par.number,
                "subparagraph": par.sub,
                "text": par.text,
                "lead_verb": par.lead_verb,
                "actions": actions,
                "footnotes": par.notes,
            })  # fmt: skip
    return rows


def reference_rows(document: Document, document_id: str) -> list[dict[str, Any]]:
    """The citations of a file. A citation of the file's own symbol (a compilation UNEP/CHW.10/11 whose decision
    cites "document UNEP/CHW.10/11", the symbol in its page header) or of the citing decision's own symbol (at a
    first meeting, "decision RC-1/4" inside RC-1/4) is no reference, as in the parser: it is the document's or the
    decision's symbol."""
    rows = []
    for rendered in document.decisions:
        own = {document.symbol, rendered.decision.symbol} - {None}
        for par in rendered.paragraphs:
            for in_footnote, ref in par.refs:
                if ref.target not in own:
                    rows.append(_reference(document_id, par.paragraph_id, in_footnote, ref))
    for passage in document.passages:
        for ref in passage.refs:
            if ref.target != document.symbol:
                rows.append(_reference(document_id, None, False, ref))
    return rows


def _reference(document_id: str, paragraph_id: str | None, in_footnote: bool, ref) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "paragraph_id": paragraph_id,
        "in_footnote": in_footnote,
        "ref_kind": ref.ref_kind,
        "target": ref.target,
        "treaty": ref.treaty,
    }
