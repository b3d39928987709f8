"""The closed value sets and text patterns of CONTRACT.md, as the checks see them.

Kept apart from the parsers on purpose: the suites are an independent reading of the contract, so a parser change
that drifts from it is caught instead of silently redefining what "valid" means. Extend a set here when the
contract grows (CONTRACT.md first).
"""

from __future__ import annotations

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
SOURCES = ("minamata", "unea", "brs", "gfc", "gmp", "informea", "local")
DOC_TYPES = ("decisions", "meeting_document", "information_document", "resolution", "report", "other")
FILE_FORMATS = ("txt", "docx", "pdf", "html")
BODIES = ("minamata", "unea", "basel", "rotterdam", "stockholm", "gfc", "unep_gc")
DECISION_STATUSES = ("adopted", "draft")
PARAGRAPH_KINDS = ("preambular", "operative")
ACTIVITY_TYPES = ("information_exchange", "coordination", "joint_activity", "participation", "reporting", "other")
REF_KINDS = ("document", "decision", "resolution", "article")
FOLLOWUP_STATUSES = ("reported", "open", "overdue")
ORGANIZATION_KINDS = (
    "convention",
    "partnership",
    "un_agency",
    "programme",
    "panel",
    "conference",
    "portal",
    "fund",
    "other",
)

# Canonical decision/resolution symbols: MC-6/17, BC-16/1, RC-11/2, SC-11/3, UNEP/EA.6/Res.3 (and UNEA decisions
# UNEP/EA.6/Dec.1), GFC resolutions V/1 (canonical ICCM.5/1), UNEP Governing Council decisions GC.25/5. Plain
# ASCII by construction: look-alike Cyrillic letters never match.
DECISION_SYMBOL = r"^(?:(?:MC|BC|RC|SC)-\d+/\d+|UNEP/EA\.\d+/(?:Res|Dec)\.\d+|[IVX]+/\d+|(?:GC|ICCM)\.\d+/\d+)$"
# Any canonical target or document symbol: printable ASCII, no spaces, no trailing punctuation.
ASCII_SYMBOL = r"^[\x21-\x7e]*[A-Za-z0-9)]$"
# Seed-format residue that must never reach a clean text: Word bookmarks, footnote reference markers and inline
# footnote bodies ("[2:  <tab>UNEP/MC/COP.5/19 ...]").
MARKUP_RESIDUE = r"\[(?:bookmark|footnoteRef)\s*:|\[\d+:\s*\t"
# Lower-case slugs: meeting ids (mc-cop-6, unea-6), organisation ids (gmp, isp_cwp), canonical actors and actions.
SLUG = r"^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$"
SHA256 = r"^[0-9a-f]{64}$"
DOCUMENT_ID = r"^[0-9a-f]{16}$"
# Sub-paragraph labels as printed: a, b, ... and roman i, ii, iv ...
SUBPARAGRAPH = r"^[a-z]{1,5}$"
