"""No silent drops: a file whose text reads like a decision but yielded none is flagged, never quietly lost.

"Reads like a decision" uses only the language's lexicon, independently of how structure.py splits decisions: a
body opening ("The Conference of the Parties," / «Конференция Сторон,» / « La Conférence des Parties, » …, on its
own line or inside a flattened one) followed by at least MIN_OPERATIVE_CLAUSES operative clauses, numbered or not
("Requests …", "2. Invites …", "1.Decides …", "… ; and urges …"). The loader writes the warnings to
audit.parse_warnings, the run summary counts them, and the `marts` suite refuses the publish when too many
decision-typed documents yield no decision (warehouse.settings: max_no_decision_share).
"""

from __future__ import annotations

import re

from extractors.lexicon import Lexicon
from extractors.model import ParsedDocument, ParseWarning
from extractors.parsers.blocks import BlockDocument

NO_DECISION = "no_decision"
MIN_OPERATIVE_CLAUSES = 2
VERBS_SHOWN = 3
# A paragraph label left glued to the text or flattened into a line: "1.Requests", "2 - Invites", "(a)Urges".
_LABEL = r"(?:\d{1,3}\s*[.．)-]|[(（][a-zA-Z\u0621-\u064a]{1,3}[)）]|[a-z]{1,2}\))"
_LEADING_LABEL = re.compile(rf"^\s*{_LABEL}\s*")
# Where a flattened line starts its next paragraph: after , ; . : and before a label ("…; 2. Requests").
_FLATTENED_BREAK = re.compile(rf"(?<=[,;.:，،；。：])\s*(?={_LABEL}\s*\S)")


def no_decision_warnings(doc: BlockDocument, lexicon: Lexicon, parsed: ParsedDocument) -> list[ParseWarning]:
    """A `no_decision` warning when the text holds a body opening and operative clauses but no decision was
    found; nothing otherwise."""
    if parsed.decisions:
        return []
    found = _decision_like(doc, lexicon)
    if found is None:
        return []
    opening, verbs = found
    shown = ", ".join(repr(v) for v in list(dict.fromkeys(verbs))[:VERBS_SHOWN])
    reason = (
        f"looks like a decision but yielded none: body opening {opening!r} followed by {len(verbs)} operative "
        f"clauses ({shown}), yet no decision was recognised"
    )
    return [ParseWarning(document_id=parsed.document.document_id, kind=NO_DECISION, reason=reason)]


def _decision_like(doc: BlockDocument, lexicon: Lexicon) -> tuple[str, list[str]] | None:
    """(the body opening as written, the operative verbs after it) when there are enough of them, else None."""
    search = _opening_search(lexicon)
    if search is None:
        return None
    texts = [b.text for b in doc.blocks]
    for index, text in enumerate(texts):
        if lexicon.body_opening_re.match(text):
            opening, rest = text.strip(), texts[index + 1 :]
        else:
            m = search.search(text)
            if m is None:
                continue
            opening, rest = m.group("opening"), [text[m.end() :], *texts[index + 1 :]]
        verbs = [verb for part in rest for verb in _operative_verbs(part, lexicon)]
        if len(verbs) >= MIN_OPERATIVE_CLAUSES:
            return opening, verbs
        return None  # the first body opening decides: text before a second one is not the same decision
    return None


def _operative_verbs(text: str, lexicon: Lexicon) -> list[str]:
    """Operative verbs (as written) at the start of a paragraph or clause of this text."""
    verbs = []
    for segment in _FLATTENED_BREAK.split(text):
        segment = _LEADING_LABEL.sub("", segment, count=1)
        verbs += [m.group("verb") for m in lexicon.operative_re.finditer(segment)]
    return verbs


_OPENING_SEARCH: dict[str, re.Pattern[str] | None] = {}


def _opening_search(lexicon: Lexicon) -> re.Pattern[str] | None:
    """A body opening followed by its comma anywhere in a line (a flattened page: "… The Conference of the
    Parties, 1. Requests …"). Case-sensitive, unlike a line of its own: "noting that the Conference of the
    Parties, at its fifth meeting, …" inside a sentence is not a body opening."""
    if lexicon.language not in _OPENING_SEARCH:
        ordered = sorted(set(lexicon.body_openings), key=len, reverse=True)
        phrases = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
        pattern = rf"(?:^|(?<=[\s.;:]))(?P<opening>(?:{phrases})\s*[,،，])"
        _OPENING_SEARCH[lexicon.language] = re.compile(pattern) if ordered else None
    return _OPENING_SEARCH[lexicon.language]
