"""The parsed-document model every parser produces and the loader writes to the `raw` schema.

One dataclass per raw table. Ids are computed here, deterministically from content, so re-parsing the same raw
file gives the same ids (CONTRACT.md: ids are stable across runs).

raw table            <- dataclass
raw.documents        <- DocumentRecord     (one per archived file that parsed)
raw.decisions        <- DecisionRecord     (one per decision *text*: decision x language x document)
raw.paragraphs       <- ParagraphRecord    (one per paragraph or sub-paragraph of a decision text)
raw.mandates         <- MandateRecord      (one per operative paragraph x addressee asked to act)
raw.cooperation      <- CooperationRecord  (one per paragraph/passage x partner organisation)
raw.references       <- ReferenceRecord    (one per symbol/article cited)

Not a raw table: ParseWarning (a file that parsed but looks wrong, e.g. decision-like text that yielded no
decision); the loader writes them to audit.parse_warnings.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def short_hash(*parts: object, length: int = 16) -> str:
    """A stable short id from the given parts (used where no natural key exists)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


@dataclass
class DocumentRecord:
    document_id: str  # first 16 hex chars of the file's sha256
    sha256: str
    source: str  # minamata unea brs gfc gmp informea local
    url: str | None
    symbol: str | None  # canonical document symbol stated in the file, else None
    title: str | None
    language: str  # ISO 639-1
    doc_type: str  # decisions meeting_document information_document resolution report other
    meeting_id: str | None
    file_format: str  # txt docx pdf html
    retrieved_at: str | None  # ISO-8601 UTC
    published_on: str | None  # ISO date
    parser: str  # parser name + version, e.g. "seed_text/1"


@dataclass
class DecisionRecord:
    decision_id: str  # language-independent: "mc-6-17", drafts "draft-<meeting>-<slug of doc symbol or doc id>-<n>"
    document_id: str
    language: str
    symbol: str | None  # canonical ASCII (MC-6/17), None for drafts without a number
    symbol_as_written: str | None
    body: str | None  # minamata unea basel rotterdam stockholm gfc unep_gc (UNEP Governing Council)
    meeting_id: str | None
    number: int | None
    status: str  # adopted | draft
    title: str | None
    position: int  # order of the decision within its document (1-based)


@dataclass
class ParagraphRecord:
    paragraph_id: str  # "<decision_id>:<lang>:<p|o><number>[-<sub>]"
    decision_id: str
    document_id: str
    language: str
    kind: str  # preambular | operative
    number: int
    subparagraph: str | None
    position: int  # order within the decision text (1-based)
    text: str
    lead_verb: str | None
    actions: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


@dataclass
class MandateRecord:
    mandate_id: str
    decision_id: str
    paragraph_id: str
    document_id: str
    language: str
    paragraph_number: int
    action: str
    actor: str
    actor_as_written: str
    subject_to_resources: bool
    report_to_meeting_id: str | None
    text: str


@dataclass
class CooperationRecord:
    activity_id: str
    decision_id: str | None
    paragraph_id: str | None
    document_id: str
    language: str
    organization_id: str
    organization_as_written: str
    activity_type: str  # information_exchange coordination joint_activity participation reporting other
    text: str


@dataclass
class ReferenceRecord:
    reference_id: str
    from_document_id: str
    from_decision_id: str | None
    from_paragraph_id: str | None
    in_footnote: bool
    ref_kind: str  # document decision resolution article
    target: str
    target_as_written: str
    treaty: str | None


@dataclass
class ParseWarning:
    """Something a parsed file says that its records do not show: never a silent drop (audit.parse_warnings)."""

    document_id: str
    kind: str  # no_decision: a body opening and operative clauses, yet no decision was found;
    # duplicate_decision: the same decision printed twice in one file, the later copy left out
    reason: str  # in words a user can act on


@dataclass
class ParsedDocument:
    """Everything one raw file yields."""

    document: DocumentRecord
    decisions: list[DecisionRecord] = field(default_factory=list)
    paragraphs: list[ParagraphRecord] = field(default_factory=list)
    mandates: list[MandateRecord] = field(default_factory=list)
    cooperation: list[CooperationRecord] = field(default_factory=list)
    references: list[ReferenceRecord] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)  # not a raw table: see ParseWarning

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Rows per raw table name."""
        return {
            "documents": [asdict(self.document)],
            "decisions": [asdict(r) for r in self.decisions],
            "paragraphs": [asdict(r) for r in self.paragraphs],
            "mandates": [asdict(r) for r in self.mandates],
            "cooperation": [asdict(r) for r in self.cooperation],
            "references": [asdict(r) for r in self.references],
        }


# raw table -> the record dataclass whose fields are its columns (the loader, the GX suite and the tests read it)
RECORD_TYPES: dict[str, type] = {
    "documents": DocumentRecord,
    "decisions": DecisionRecord,
    "paragraphs": ParagraphRecord,
    "mandates": MandateRecord,
    "cooperation": CooperationRecord,
    "references": ReferenceRecord,
}
RAW_TABLES = tuple(RECORD_TYPES)


class ParseError(Exception):
    """A file that cannot be parsed; the message is the quarantine reason shown to users."""
