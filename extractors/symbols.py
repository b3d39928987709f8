"""UN symbols as people type them -> canonical ASCII symbols (DOMAIN.md "Symbols are typed by people").

Three kinds are recognised in running text:
* decision symbols   MC-6/17 (МК-6/17, MК‑6/17), BC-16/1, RC-11/2, SC-11/3, with placeholders MC-6/[--];
* document symbols   UNEP/MC/COP.6/INF/28, UNEP/EA.6/Res.3, UNEP/CHW.16/…, SAICM/ICCM.5/…, joint symbols split;
* short forms        "decision 5/16" / "решении 5/16" (needs the body from context), "resolution 6/3" (UNEA).
Matching runs on a folded copy of the text (extractors.text.fold) so spans map back to the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.text import fold

# Decision symbol prefixes as they look after folding (Russian МК = MC, БК = BC, РК = RC, СК = SC; Arabic texts
# write ا م / ا ب / ا ر / ا س for the Minamata, Basel, Rotterdam and Stockholm conventions).
DECISION_PREFIXES = {"MC": "MC", "MK": "MC", "BC": "BC", "БK": "BC", "RC": "RC", "PK": "RC", "SC": "SC", "CK": "SC",
                     "ام": "MC", "اب": "BC", "ار": "RC", "اس": "SC"}  # fmt: skip
PREFIX_BODY = {"MC": "minamata", "BC": "basel", "RC": "rotterdam", "SC": "stockholm"}
BODY_PREFIX = {body: prefix for prefix, body in PREFIX_BODY.items()}
BODY_MEETING_PREFIX = {
    "minamata": "mc-cop",
    "basel": "bc-cop",
    "rotterdam": "rc-cop",
    "stockholm": "sc-cop",
    "unea": "unea",
    "gfc": "iccm",
}

_PLACEHOLDER = r"\[[^\]\s]{0,4}\]"
# A Latin prefix may follow a Chinese character with no space (第MC-4/12号决定); an Arabic one needs a word start.
DECISION_RE = re.compile(
    r"(?:(?<![A-Za-z0-9_/])(?P<prefix>MC|MK|BC|БK|RC|PK|SC|CK)|(?<![\w/])(?P<arabic>ا ?[مبرس]))"
    r"[ ]?-[ ]?(?P<meeting>\d{1,2})[ ]?/[ ]?(?P<number>\d{1,3}|" + _PLACEHOLDER + r")",
)
_DOC_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9.()]*"
DOCUMENT_RE = re.compile(r"(?<![A-Za-z0-9_/])(?P<symbol>(?:UNEP|SAICM|UNEA)(?:/" + _DOC_SEGMENT + r")+)")
_CASE_SEGMENTS = {"res": "Res", "add": "Add", "rev": "Rev", "corr": "Corr", "inf": "INF", "cop": "COP", "l": "L"}


@dataclass(frozen=True)
class SymbolMatch:
    kind: str  # decision | document | resolution
    canonical: str | None  # None for a placeholder ([--])
    as_written: str
    start: int
    end: int
    body: str | None = None
    meeting: int | None = None
    number: int | None = None


def canonical_decision(prefix: str, meeting: int, number: int) -> str:
    return f"{DECISION_PREFIXES.get(prefix, prefix)}-{meeting}/{number}"


def canonical_document(symbol: str) -> str:
    """Canonical form of a document symbol: ASCII, no trailing punctuation, conventional casing of Res/Add/Rev."""
    symbol = fold(symbol).strip().rstrip(".,;:)")
    parts = []
    for part in symbol.split("/"):
        head, dot, tail = part.partition(".")
        fixed = _CASE_SEGMENTS.get(head.lower(), head)
        parts.append(fixed + dot + tail if dot else fixed)
    return "/".join(parts)


def _document_kind(canonical: str) -> str:
    return "resolution" if re.search(r"/Res\.", canonical) else "document"


def find_decisions(text: str) -> list[SymbolMatch]:
    folded = fold(text)
    found = []
    for m in DECISION_RE.finditer(folded):
        prefix = DECISION_PREFIXES[(m.group("prefix") or m.group("arabic")).replace(" ", "")]
        meeting = int(m.group("meeting"))
        raw_number = m.group("number")
        number = int(raw_number) if raw_number.isdigit() else None
        found.append(
            SymbolMatch(
                kind="decision",
                canonical=canonical_decision(prefix, meeting, number) if number is not None else None,
                as_written=text[m.start() : m.end()],
                start=m.start(),
                end=m.end(),
                body=PREFIX_BODY[prefix],
                meeting=meeting,
                number=number,
            )
        )
    return found


def find_documents(text: str) -> list[SymbolMatch]:
    """Document symbols; a joint symbol (three symbols joined by '-') yields each part."""
    folded = fold(text)
    found = []
    for m in DOCUMENT_RE.finditer(folded):
        written = m.group("symbol")
        # trailing punctuation belongs to the sentence, not the symbol
        stripped = written.rstrip(".,;:)")
        pieces = re.split(r"-(?=(?:UNEP|SAICM)/)", stripped)
        offset = m.start()
        for piece in pieces:
            canonical = canonical_document(piece)
            found.append(
                SymbolMatch(
                    kind=_document_kind(canonical),
                    canonical=canonical,
                    as_written=text[offset : offset + len(piece)],
                    start=offset,
                    end=offset + len(piece),
                )
            )
            offset += len(piece) + 1
    return found


def unea_resolution(session: int, number: int) -> str:
    return f"UNEP/EA.{session}/Res.{number}"


def normalize_symbol(written: str) -> str | None:
    """Canonical form of one symbol typed any way (decision or document); None for a placeholder or unknown."""
    decisions = find_decisions(written)
    if decisions:
        return decisions[0].canonical
    documents = find_documents(written)
    if documents:
        return documents[0].canonical
    return None


def meeting_id(body: str | None, number: int | None) -> str | None:
    """mc-cop-6, unea-6, bc-cop-16 … from a body and a meeting number."""
    if body is None or number is None:
        return None
    prefix = BODY_MEETING_PREFIX.get(body)
    return f"{prefix}-{number}" if prefix else None


def meeting_of_document_symbol(canonical: str) -> tuple[str | None, int | None]:
    """(body, meeting number) stated by a document symbol, e.g. UNEP/MC/COP.6/19 -> ("minamata", 6)."""
    patterns = [
        (r"^UNEP/MC/COP\.(\d+)/", "minamata"),
        (r"^UNEP/EA\.(\d+)/", "unea"),
        (r"^UNEP/CHW\.(\d+)/", "basel"),
        (r"^UNEP/FAO/RC/COP\.(\d+)/", "rotterdam"),
        (r"^UNEP/POPS/COP\.(\d+)/", "stockholm"),
        (r"^SAICM/ICCM\.(\d+)/", "gfc"),
    ]
    for pattern, body in patterns:
        m = re.match(pattern, canonical)
        if m:
            return body, int(m.group(1))
    return None, None
