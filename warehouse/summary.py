"""The run summary in words, the same for `mercury run`/`load`/`status` and the Airflow task logs.

Every count says what it counts (issue 12): the load counts what the parser read — decision *texts*, one per
decision x language x file — while the published warehouse holds one row per decision (marts.decisions), so the
load line gives both ("68 decision texts -> 6 decisions in 6 languages"). And nothing is dropped silently (issue
11): files that look like decisions but yielded none are counted and pointed to (audit.parse_warnings).
"""

from __future__ import annotations

from typing import Any

# What each count of `mercury status` (warehouse.status.COUNTED) counts, shown beside it.
COUNTED_AS = {
    "documents": "marts.documents: one per file",
    "decisions": "marts.decisions: languages and files merged",
    "paragraphs": "marts.decision_paragraphs: per language",
    "mandates": "marts.mandates: paragraph x addressee",
    "cooperation_activities": "marts.cooperation_activities",
    "quarantined": "audit.quarantine",
    "parse_warnings": "audit.parse_warnings",
}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def decisions_line(texts: int, distinct: int, languages: list[str] | None) -> str:
    """ "68 decision texts -> 6 decisions in 6 languages (ar en es fr ru zh)"."""
    languages = list(languages or [])
    shown = f" ({' '.join(languages)})" if languages else ""
    return (
        f"{plural(texts, 'decision text')} → {plural(distinct, 'decision')} "
        f"in {plural(len(languages), 'language')}{shown}"
    )


def describe_load(result: dict[str, Any]) -> str:
    """The load line: files, documents, decision texts -> decisions, and the per-text record counts."""
    text = (
        f"{result['files']} files ({result['parsed']} parsed, {result['reused']} reused, "
        f"{result['quarantined']} quarantined): {plural(result['documents'], 'document')}; "
        + decisions_line(
            result.get("decision_texts", result["decisions"]),
            result.get("distinct_decisions", result["decisions"]),
            result.get("decision_languages"),
        )
        + f"; {plural(result['paragraphs'], 'paragraph')} and {plural(result['mandates'], 'mandate')} "
        "in those texts"
    )
    return text + ("" if result["changed"] else "; unchanged since the last publish")


def no_decision_warning(count: int | None) -> str | None:
    """The line that says files were flagged, or None when there are none."""
    if not count:
        return None
    what = "document looks like a decision" if count == 1 else "documents look like decisions"
    return f"{count} {what} but yielded none: see audit.parse_warnings"


def load_warnings(result: dict[str, Any]) -> list[str]:
    """Lines a person must read after a load: quarantined files, decision-like files without a decision, records
    not validated."""
    lines = []
    if result["quarantined"]:
        lines.append(f"{result['quarantined']} file(s) quarantined (see audit.quarantine); the run went on")
    flagged = no_decision_warning(result.get("parse_warnings"))
    if flagged:
        lines.append(flagged)
    if result.get("validation") == "skipped":
        lines.append("parsed records were not validated: expectations.validate_parsed is missing")
    return lines


def describe_run(run: dict[str, Any]) -> str | None:
    """What an audit.runs row loaded, in the load line's words (None for a row without counts)."""
    if run.get("decision_texts") is None:
        return None
    return decisions_line(run["decision_texts"], run.get("distinct_decisions") or 0, run.get("decision_languages"))
