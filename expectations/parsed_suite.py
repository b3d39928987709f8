"""Suite `parsed`: the records the parsers produced, checked before anything is loaded into the warehouse.

One suite per raw table (`parsed.documents`, `parsed.paragraphs`, ...), columns as in extractors/model.py. It catches
parser regressions at the door: duplicate ids, values outside the contract's sets, markup left in the text.
Imports Great Expectations at module level: import this module only inside the validate_* functions.
"""

from __future__ import annotations

from dataclasses import fields

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
    one_of,
    required,
    unique_together,
)
from extractors import model

STAGE = "parsed"

COLUMNS = {table: [f.name for f in fields(record)] for table, record in model.RECORD_TYPES.items()}


def build_suites() -> dict[str, list[gxe.Expectation]]:
    """Expectations per parsed table. Empty tables pass: a run with nothing new to parse is normal."""
    suites = {
        "documents": [
            *key("document_id", v.DOCUMENT_ID),
            *key("sha256", v.SHA256),
            *one_of("source", v.SOURCES),
            *one_of("language", v.LANGUAGES),
            *one_of("doc_type", v.DOC_TYPES),
            *one_of("file_format", v.FILE_FORMATS),
            *matches("symbol", v.ASCII_SYMBOL),
            *matches("meeting_id", v.SLUG),
            *clean_text("title"),
            *required("parser"),
        ],
        "decisions": [
            # one decision text per (decision, language, document): the same decision recurs across languages
            *required("decision_id", "document_id"),
            *unique_together("decision_id", "language", "document_id"),
            *one_of("language", v.LANGUAGES),
            *one_of("status", v.DECISION_STATUSES),
            *matches("symbol", v.DECISION_SYMBOL),
            *adopted_symbol_or_symbolless_id(),
            *one_of("body", v.BODIES, nullable=True),
            *matches("meeting_id", v.SLUG),
            *at_least("number", 1),
            *at_least("position", 1, nullable=False),
            *clean_text("title"),
        ],
        # paragraph, mandate and activity ids are per decision text, so the same decision text in two files (a
        # DOCX and a PDF of one document) repeats them: unique per file; dbt keeps the first file's rows
        "paragraphs": [
            *required("paragraph_id", "decision_id", "document_id"),
            *unique_together("paragraph_id", "document_id"),
            *one_of("language", v.LANGUAGES),
            *one_of("kind", v.PARAGRAPH_KINDS),
            *at_least("number", 1, nullable=False),
            *matches("subparagraph", v.SUBPARAGRAPH),
            *at_least("position", 1, nullable=False),
            *clean_text("text", nullable=False),
        ],
        "mandates": [
            *required("mandate_id", "decision_id", "paragraph_id", "document_id", "actor_as_written"),
            *unique_together("mandate_id", "document_id"),
            *one_of("language", v.LANGUAGES),
            *at_least("paragraph_number", 1, nullable=False),
            *required("action", "actor"),
            *matches("action", v.SLUG),
            *matches("actor", v.SLUG),
            *flag("subject_to_resources"),
            *matches("report_to_meeting_id", v.SLUG),
            *clean_text("text", nullable=False),
        ],
        "cooperation": [
            *required("activity_id", "document_id", "organization_as_written"),
            *unique_together("activity_id", "document_id"),
            *one_of("language", v.LANGUAGES),
            *required("organization_id"),
            *matches("organization_id", v.SLUG),
            *one_of("activity_type", v.ACTIVITY_TYPES),
            *clean_text("text", nullable=False),
        ],
        "references": [
            *key("reference_id"),
            *required("from_document_id", "target_as_written"),
            *flag("in_footnote"),
            *one_of("ref_kind", v.REF_KINDS),
            *required("target"),
            *matches("target", v.ASCII_SYMBOL),
            *matches("treaty", v.SLUG),
        ],
    }
    return {table: has_columns(COLUMNS[table]) + checks for table, checks in suites.items()}
