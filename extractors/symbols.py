"""UN symbols as people type them -> canonical ASCII symbols (DOMAIN.md "Symbols are typed by people").

Three kinds are recognised in running text:
* decision symbols   MC-6/17 (МК-6/17, MК‑6/17), BC-16/1, RC-11/2, SC-11/3, with placeholders MC-6/[--];
                     UNEP Governing Council GC.25/5 and ICCM/GFC ICCM.5/1 written out;
* document symbols   UNEP/MC/COP.6/INF/28, UNEP/EA.6/Res.3, UNEP/CHW.16/…, SAICM/ICCM.5/…, joint symbols split;
* short forms        "decision 5/16" / "решении 5/16" (needs the body from context), "resolution 6/3" (UNEA),
                     "decision 6/1" in a UNEA text (UNEP/EA.6/Dec.1),
                     "decision 25/5" of the Governing Council, roman "resolution V/1" (ICCM) and "decision IX/15"
                     (Basel before its tenth meeting), "General Assembly resolution 53/242" (A/RES/53/242):
                     resolve_short_form says which symbol a short form stands for.
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
    "unep_gc": "gc",
}
UNEA_SESSIONS = 9  # UNEA-1 (2014) … UNEA-7 (2025), some margin: "resolution 53/242" is a General Assembly one
ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}

_PLACEHOLDER = r"\[[^\]\s]{0,4}\]"
# A Latin prefix may follow a Chinese character with no space (第MC-4/12号决定); an Arabic one needs a word start.
DECISION_RE = re.compile(
    r"(?:(?<![A-Za-z_/])(?P<prefix>MC|MK|BC|БK|RC|PK|SC|CK)|(?<![\w/])(?P<arabic>ا ?[مبرس]))"
    r"[ ]?-[ ]?(?P<meeting>\d{1,2})[ ]?/[ ]?(?P<number>\d{1,3}|" + _PLACEHOLDER + r")",
)
_DOC_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9.()]*"
# A footnote number glued before a symbol ("1UNEP/CHW.10/INF/14") is not part of it: digits may precede.
DOCUMENT_RE = re.compile(r"(?<![A-Za-z_/])(?P<symbol>(?:UNEP|SAICM|UNEA)(?:/" + _DOC_SEGMENT + r")+)")
# Governing Council and ICCM symbols written out: GC.25/5, GC 25/5, ICCM.5/1 (never inside UNEP/GC.25/… or
# SAICM/ICCM.5/…, which are meeting documents).
SERIES_RE = re.compile(r"(?<![A-Za-z0-9_/.])(?P<series>GC|ICCM)[ .]?(?P<meeting>\d{1,2})/(?P<number>\d{1,3})(?![\d/])")
SERIES_BODY = {"GC": "unep_gc", "ICCM": "gfc"}
# A UNEA resolution or decision as a document symbol: UNEP/EA.6/Res.3, UNEP/EA.6/Dec.2
UNEA_SYMBOL = re.compile(r"^UNEP/EA\.(?P<session>\d+)/(?P<tag>Res|Dec)\.(?P<number>\d+)$")
_CASE_SEGMENTS = {
    "res": "Res",
    "dec": "Dec",
    "add": "Add",
    "rev": "Rev",
    "corr": "Corr",
    "inf": "INF",
    "cop": "COP",
    "l": "L",
}


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


def roman_number(text: str) -> int | None:
    """IX -> 9; None for anything that is not a roman numeral."""
    text = text.strip().upper()
    if not text or not re.fullmatch(ROMAN, text):
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def decision_symbol(body: str | None, meeting: int | None, number: int | None) -> str | None:
    """The canonical symbol of decision/resolution `number` of meeting `meeting` of a body."""
    if body is None or meeting is None or number is None:
        return None
    if body in BODY_PREFIX:
        return f"{BODY_PREFIX[body]}-{meeting}/{number}"
    if body == "unea":
        return unea_resolution(meeting, number)
    if body == "unep_gc":
        return f"GC.{meeting}/{number}"
    if body == "gfc":
        return f"ICCM.{meeting}/{number}"
    return None


def decision_id_of(symbol: str) -> str:
    """unep-ea.6-res.3, mc-6-17, gc.25-5: the language-independent id of a decision with a symbol."""
    return symbol.lower().replace("/", "-")


@dataclass(frozen=True)
class ShortForm:
    """What a short form ("decision 25/5", "resolution V/1") stands for."""

    ref_kind: str  # decision | resolution
    canonical: str
    body: str | None  # None for a General Assembly resolution (not a body of ours)
    meeting: int
    number: int


def resolve_short_form(kind: str, meeting: str, number: str, body: str | None, named: str | None = None
                       ) -> ShortForm | None:  # fmt: skip
    """A short form's symbol from its word (`kind`: decision or resolution), its numbers as written (roman or
    arabic), the body of the text it stands in and the series its words name (`named`: unep_gc for "Governing
    Council decision 25/5", unga for "General Assembly resolution 53/242").

    Roman numerals: ICCM resolutions (V/1 -> ICCM.5/1) and Basel decisions before BC-10 (IX/15 -> BC-9/15).
    A resolution whose session no UNEA has held (53/242) is a General Assembly resolution."""
    if not number.isdigit():
        return None
    n = int(number)
    roman = None if meeting.isdigit() else roman_number(meeting)
    if roman is not None:
        if kind == "resolution" or body == "gfc":
            return ShortForm("resolution", f"ICCM.{roman}/{n}", "gfc", roman, n)
        return ShortForm("decision", f"BC-{roman}/{n}", "basel", roman, n)
    if not meeting.isdigit():
        return None
    m = int(meeting)
    if kind == "resolution":
        if named == "unga" or m > UNEA_SESSIONS:
            return ShortForm("resolution", f"A/RES/{m}/{n}", None, m, n)
        return ShortForm("resolution", unea_resolution(m, n), "unea", m, n)
    if named == "unep_gc" or body == "unep_gc" or (body == "unea" and m > UNEA_SESSIONS):
        return ShortForm("decision", f"GC.{m}/{n}", "unep_gc", m, n)
    if body == "unea":  # the Assembly's own decisions ("decision 6/1": provisional agenda, trust funds)
        return ShortForm("decision", unea_decision(m, n), "unea", m, n)
    if body in BODY_PREFIX:
        return ShortForm("decision", f"{BODY_PREFIX[body]}-{m}/{n}", body, m, n)
    return None


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
    if re.search(r"/Res\.", canonical):
        return "resolution"
    return "decision" if UNEA_SYMBOL.match(canonical) else "document"


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
    for m in SERIES_RE.finditer(folded):
        meeting, number = int(m.group("meeting")), int(m.group("number"))
        series = m.group("series")
        found.append(
            SymbolMatch(
                kind="decision" if series == "GC" else "resolution",
                canonical=f"{series}.{meeting}/{number}",
                as_written=text[m.start() : m.end()],
                start=m.start(),
                end=m.end(),
                body=SERIES_BODY[series],
                meeting=meeting,
                number=number,
            )
        )
    return sorted(found, key=lambda f: f.start)


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


def unea_decision(session: int, number: int) -> str:
    return f"UNEP/EA.{session}/Dec.{number}"


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
        (r"^UNEP/GC\.(\d+)/", "unep_gc"),
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
