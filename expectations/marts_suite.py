"""Suite `marts`: the analyst-facing tables (CONTRACT.md, DuckDB schema `marts`), checked after dbt, before publish.

dbt's data tests already guard keys and relationships inside the warehouse; this suite reads the tables as an
analyst would and checks the contract's promises about their content: enumerations, canonical symbols, clean
paragraph text, decided flags, sensible counts, and that a build with input documents is not empty.
Imports Great Expectations at module level: import this module only inside the validate_* functions.
"""

from __future__ import annotations

import great_expectations.expectations as gxe

from expectations import vocabulary as v
from expectations.checks import (
    adopted_symbol_or_symbolless_id,
    at_least,
    clean_text,
    flag,
    has_columns,
    key,
    matches,
    min_rows,
    null_unless,
    one_of,
    required,
    required_when,
    unique_together,
)

STAGE = "marts"
# Not a mart: one row per decision-typed or flagged document with the decision texts it yielded, computed from
# marts.documents, audit.parse_warnings and raw.decisions (expectations.DECISION_YIELD_SQL) for the no-silent-drops
# gate.
DECISION_YIELD = "decision_yield"

# The contract's columns per mart (CONTRACT.md); marts may add columns, never drop these.
COLUMNS = {
    "documents": [
        "document_id",
        "source",
        "symbol",
        "title",
        "language",
        "doc_type",
        "meeting_id",
        "url",
        "sha256",
        "file_format",
        "retrieved_at",
        "published_on",
    ],
    "meetings": ["meeting_id", "body", "kind", "number", "city", "country", "start_date", "end_date"],
    "decisions": [
        "decision_id",
        "symbol",
        "symbol_as_written",
        "body",
        "meeting_id",
        "number",
        "status",
        "title",
        "title_en",
        "languages",
        "document_id",
        "preambular_count",
        "operative_count",
    ],
    "decision_paragraphs": [
        "paragraph_id",
        "decision_id",
        "language",
        "kind",
        "number",
        "subparagraph",
        "text",
        "lead_verb",
        "actions",
        "footnotes",
    ],
    "mandates": [
        "mandate_id",
        "decision_id",
        "paragraph_id",
        "paragraph_number",
        "action",
        "actor",
        "actor_as_written",
        "subject_to_resources",
        "report_to_meeting_id",
        "text",
        "text_language",
    ],
    "mandate_followups": [
        "mandate_id",
        "decision_id",
        "paragraph_id",
        "action",
        "actor",
        "report_to_meeting_id",
        "status",
        "followup_document_id",
        "followup_decision_id",
        "followup_count",
    ],
    "cooperation_activities": [
        "activity_id",
        "decision_id",
        "paragraph_id",
        "document_id",
        "organization_id",
        "activity_type",
        "text",
        "text_language",
    ],
    "organizations": ["organization_id", "acronym", "name_en", "kind"],
    "organization_aliases": ["organization_id", "language", "alias"],
    "document_references": [
        "reference_id",
        "from_document_id",
        "from_decision_id",
        "from_paragraph_id",
        "in_footnote",
        "ref_kind",
        "target",
        "treaty",
        "target_decision_id",
        "target_document_id",
    ],
}


def build_suites(
    min_documents: int = 0, min_paragraphs: int = 0, max_no_decision_share: float = 0.05, decision_documents: int = 0
) -> dict[str, list[gxe.Expectation]]:
    """Expectations per mart.

    min_documents: rows marts.documents must hold (1 when the build warehouse has raw documents: a build that
    loaded documents but publishes none is broken). min_paragraphs: likewise for decision_paragraphs when there
    are decisions. max_no_decision_share: the largest share of decision_yield rows (decision-typed or flagged
    documents) allowed to yield no decision; the mean of the 0/1 column no_decision is that share, checked when
    there are decision_documents (an empty column has no mean: no decision-typed document, nothing to refuse).
    """
    suites = {
        "documents": [
            *min_rows(min_documents),
            *key("document_id", v.DOCUMENT_ID),
            *one_of("source", v.SOURCES),
            *one_of("language", v.LANGUAGES),
            *one_of("doc_type", v.DOC_TYPES),
            *one_of("file_format", v.FILE_FORMATS),
            *required("sha256"),
            *matches("sha256", v.SHA256),
            *matches("symbol", v.ASCII_SYMBOL),
            *matches("meeting_id", v.SLUG),
            *clean_text("title"),
        ],
        "meetings": [
            *key("meeting_id", v.SLUG),
            *one_of("body", v.BODIES),
            *matches("kind", v.SLUG),
            *at_least("number", 1),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="end_date", column_B="start_date", or_equal=True, ignore_row_if="either_value_is_missing"
            ),
        ],
        "decisions": [
            *key("decision_id"),
            *matches("symbol", v.DECISION_SYMBOL),
            gxe.ExpectColumnValuesToBeUnique(column="symbol"),
            *adopted_symbol_or_symbolless_id(),
            *one_of("status", v.DECISION_STATUSES),
            *one_of("body", v.BODIES, nullable=True),
            *matches("meeting_id", v.SLUG),
            *at_least("number", 1),
            *required("document_id"),
            *at_least("preambular_count", 0, nullable=False),
            *at_least("operative_count", 0, nullable=False),
            *clean_text("title"),
            *clean_text("title_en"),
        ],
        "decision_paragraphs": [
            *min_rows(min_paragraphs),
            *key("paragraph_id"),
            *required("decision_id"),
            *one_of("language", v.LANGUAGES),
            *one_of("kind", v.PARAGRAPH_KINDS),
            *at_least("number", 1, nullable=False),
            *matches("subparagraph", v.SUBPARAGRAPH),
            *clean_text("text", nullable=False),
        ],
        "mandates": [
            *key("mandate_id"),
            *required("decision_id", "paragraph_id", "action", "actor", "actor_as_written"),
            *at_least("paragraph_number", 1, nullable=False),
            *matches("action", v.SLUG),
            *matches("actor", v.SLUG),
            *flag("subject_to_resources"),
            *matches("report_to_meeting_id", v.SLUG),
            *clean_text("text", nullable=False),
            *one_of("text_language", v.LANGUAGES),
        ],
        # reported <=> a follow-up is named; an open or overdue mandate names none and counts 0
        "mandate_followups": [
            *key("mandate_id"),
            *required("decision_id", "paragraph_id", "action", "actor", "report_to_meeting_id"),
            *matches("report_to_meeting_id", v.SLUG),
            *one_of("status", v.FOLLOWUP_STATUSES),
            *required_when("followup_document_id", "status", "reported"),
            *at_least("followup_count", 0, nullable=False),
            *null_unless("followup_document_id", "status", "reported"),
        ],
        "cooperation_activities": [
            *key("activity_id"),
            *required("document_id", "organization_id"),
            *matches("organization_id", v.SLUG),
            *one_of("activity_type", v.ACTIVITY_TYPES),
            *clean_text("text", nullable=False),
            *one_of("text_language", v.LANGUAGES),
        ],
        "organizations": [
            *key("organization_id", v.SLUG),
            *required("name_en"),
            *one_of("kind", v.ORGANIZATION_KINDS),
        ],
        "organization_aliases": [
            *required("organization_id", "alias"),
            *one_of("language", v.LANGUAGES),
            *unique_together("organization_id", "language", "alias"),
        ],
        "document_references": [
            *key("reference_id"),
            *required("from_document_id", "target"),
            *flag("in_footnote"),
            *one_of("ref_kind", v.REF_KINDS),
            *matches("target", v.ASCII_SYMBOL),
            *matches("treaty", v.SLUG),
        ],
    }
    suites[DECISION_YIELD] = [
        *key("document_id", v.DOCUMENT_ID),
        *one_of("no_decision", [0, 1]),
    ]
    if decision_documents:
        share = gxe.ExpectColumnMeanToBeBetween(column="no_decision", min_value=0, max_value=max_no_decision_share)
        suites[DECISION_YIELD].append(share)
    columns = COLUMNS | {DECISION_YIELD: ["document_id", "doc_type", "flagged", "decision_texts", "no_decision"]}
    return {table: has_columns(columns[table]) + checks for table, checks in suites.items()}
