"""Blocks of one document -> decisions, paragraphs, mandates, cooperation mentions and references.

The same for every format and language: the language's lexicon (extractors/lexicon/<lang>.yaml) says which words
open a decision body, a preambular or operative paragraph, who is addressed, what makes a mandate conditional on
resources and which ordinal names the meeting a report is due to.

A decision starts at its heading ("Decision BC-10/7: Title", "6/3. Title", "Resolution V/4: Title", "IX/15. Title")
or, in a web copy that prints none, at a body opening followed by numbered operative paragraphs; its symbol then
comes from the page (BlockDocument.title_hint, .metadata), the document's own symbol, its head or its file name, else
it stays NULL with the body and meeting of whoever issued the document (_issuing_context: never a cited symbol).
Flattened lines are cut back into blocks first (extractors/flattened.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.flattened import unflatten
from extractors.gazetteer import JOINT_ACTORS, actor_matcher, expand_groups, organization_matcher
from extractors.lexicon import Lexicon, available_languages, load_lexicon
from extractors.model import (
    CooperationRecord,
    DecisionRecord,
    DocumentRecord,
    MandateRecord,
    ParagraphRecord,
    ParsedDocument,
    ParseError,
    ParseWarning,
    ReferenceRecord,
    short_hash,
)
from extractors.parse_warnings import no_decision_warnings
from extractors.parsers.blocks import Block, BlockDocument
from extractors.parsers.page import page_doc_type
from extractors.symbols import (
    ROMAN,
    UNEA_SYMBOL,
    SymbolMatch,
    decision_id_of,
    find_decisions,
    find_documents,
    meeting_id,
    meeting_of_document_symbol,
    resolve_short_form,
)
from extractors.text import fold, fold_marks, script_of

# An article citation names its convention right after it ("of the Stockholm Convention": a few short words) or,
# in Chinese, right before it.
TREATIES = {"minamata", "basel", "rotterdam", "stockholm", "cbd", "unfccc", "unccd"}
TREATY_WINDOW, TREATY_GAP = 80, 10
MANDATE_ACTIONS = {"requests", "invites", "encourages", "urges", "calls_upon", "authorizes", "recommends"}
SCRIPT_LANGUAGE = {"cyrillic": "ru", "arabic": "ar", "han": "zh"}
# The organisations a body's own decisions speak for: never "cooperation" with itself (the Governing Council is
# UNEP's, the ICCM is the conference of SAICM and the Global Framework on Chemicals).
# A convention's regional centres are its own too (bcrc, scrc); in another body's decision they are partners.
BODY_ORGANIZATIONS = {"minamata": {"minamata"}, "basel": {"basel", "bcrc"}, "rotterdam": {"rotterdam"},
                      "stockholm": {"stockholm", "scrc"}, "unea": {"unea"}, "unep_gc": {"unep"},
                      "gfc": {"gfc", "saicm"}}  # fmt: skip
# Partnerships that publish their own documents (reports, frameworks): never their own partner there.
ISSUING_PARTNERSHIPS = {"gmp"}
# A slash-joined code with a digit or three parts is a symbol (UNEP/FAO/RC/COP.11/…, SAICM/ICCM.5/…, EA.6/Res.3):
# its letters name no organisation. "FAO/UNEP" (two parts, no digit) still names both.
SLASHED_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_]*(?:/[A-Za-z0-9.\-_\[\]…]*)+")
# What stands between a heading's symbol and its title: "6/3. Title", "Decision 25/5: Title", "5/12．标题" (a
# full-width full stop), "第27/12号决定：标题"
HEADING_PUNCTUATION = " .:-–—\u2011：．"
# A meeting's venue and dates under its name ("Nairobi, 26 February–1 March 2024", «Найроби, 18–22 февраля 2013
# года», "نيروبي، 26 شباط/فبراير - 1 آذار/مارس 2024", "2013年2月18日至22日，内罗毕"): no title
_VENUE_DATE = re.compile(
    r"^(?:[^\W\d][^,،，\d]{1,60}[,،，].{0,80}?(?<!\d)\d{1,2}(?!\d).{0,80}?(?:19|20)\d\d(?:\s*(?:года|г\.))?"
    r"|(?:19|20)\d\d\s*年.{0,60}[,，]\s*\w{1,12}(?:\s*[(（]\w{1,20}[)）])?)\s*\.?$"
)
TITLE_LOOKBACK = 3  # lines before a headingless decision's body opening where its title may stand
# Lines before the text proper that make up a document's head: a UN document's masthead runs symbol, "Distr.",
# date, "Original:", the issuer, session, place and date, then the title (SAICM/ICCM.5/7 puts it eighth).
HEAD_LINES = 9
_DOC_CODE = re.compile(r"^[A-Z]{2,6}[ .]?\d+(?:\.\d+)+\s*[-–—:]\s*")
_PART_HEADING = re.compile(r"^[A-H]\.\s+\S.{0,150}$")
_SENTENCE_ENDS = (".", ";", ",", ":", "。", "；", "，", "：", "،", "؛")
# A line ending in a date ("Bonn, Germany, 25–29 September 2023", "7 de marzo de 2022", "2023年9月25日"): the
# masthead's date or place line, never a title ("Report …, 2022–2023" names no day and stays one).
_DATE_LINE = re.compile(
    r"(?:\b\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+(?:de\s+)?[^\W\d_]+(?:/[^\W\d_]+)?\.?\s+(?:de\s+)?\d{4}"
    r"(?:\s*(?:г\.|года|م))?\s*$)|(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
# Sources that publish one body's texts only: their files speak for that body.
SOURCE_BODY = {"minamata": "minamata", "unea": "unea", "gfc": "gfc"}
# Organisations (gazetteer ids) whose name in a document's title or metadata says which body issued it.
BODY_NAMES = ("basel", "rotterdam", "stockholm", "minamata", "unea", "gfc")
_MINAMATA_NAME = re.compile(r"Minamata|Минамат|ميناماتا|水俣", re.IGNORECASE)
# A meeting named by its short name in a title or a metadata field: "COP 11", "COP-11", "UNEA-6", "ICCM5", "GC 25"
_MEETING_SHORT = re.compile(r"\b(?:COP|UNEA|ICCM|GC)[ .-]?(?P<n>\d{1,2})\b")
_MEETING_ORDINAL = re.compile(r"(?P<ordinal>\w+)\s+(?:meeting|session|réunion|reunión|совещани|сесси)", re.IGNORECASE)
# Arabic names the ordinal after the noun: "الدورة الخامسة" (fifth session), "الاجتماع الحادي عشر"
_MEETING_ORDINAL_AFTER = re.compile(r"(?:الدورة|الاجتماع)\s+(?P<ordinal>[\w\u064b-\u0652]+(?:\s+عشرة?)?)")
# A short symbol heading: "6/3. Title", "Decision 25/5: Title", "Resolution V/1: Title", "IX/15. Title"
_SHORT_HEADING = re.compile(
    rf"^(?P<before>\D{{0,30}}?)(?P<meeting>\d{{1,2}}|(?=[IVX]){ROMAN})/(?P<number>\d{{1,3}})(?![\d/])(?P<after>.*)$"
)
# A file name that spells a symbol: BC-10-7.English.pdf, UNEP-EA.6-Res.3.docx, MC-6_17.txt
# The closing quotation marks of a name written in quotes (Международная конференция «Ртуть как глобальный
# загрязнитель»): the name's words end before them, the list of addressees goes on after them.
_CLOSING_QUOTES = re.compile(r"[»”’\"')）」』]*")
_FILE_SYMBOL = re.compile(r"(?P<prefix>MC|BC|RC|SC)[-_](?P<meeting>\d{1,2})[-_](?P<number>\d{1,3})(?!\d)", re.I)


@dataclass
class FileInfo:
    sha256: str
    source: str
    url: str | None
    retrieved_at: str | None
    published_on: str | None = None


@dataclass
class _DecisionDraft:
    header: Block | None  # None: a web copy with no heading line, only its body opening
    symbol_match: SymbolMatch | None  # None until a headingless decision's symbol is looked up
    title: str | None
    status: str
    preamble: list[Block] = field(default_factory=list)
    operative: list[Block] = field(default_factory=list)
    body_seen: bool = False
    opening_body: str | None = None  # the body its opening names (UNEA, the Governing Council, the ICCM)
    before: list[Block] = field(default_factory=list)  # the lines just before a headingless decision's opening


RESOLUTION_PREFIXES = ("ICCM.", "A/RES/")  # and UNEA's UNEP/EA.n/Res.m (its decisions are UNEP/EA.n/Dec.m)
RESOLUTION_BODIES = ("unea", "gfc")  # bodies that adopt resolutions, not decisions
RECORD_LISTS = ("decisions", "paragraphs", "mandates", "cooperation", "references")


def _repeats_heading(current: _DecisionDraft, header: _DecisionDraft) -> bool:
    """A heading that names the decision whose heading came just before, with nothing in between."""
    if current.preamble or current.operative or current.body_seen or current.header is None:
        return False
    first, again = current.symbol_match, header.symbol_match
    return bool(first and again and first.canonical and first.canonical == again.canonical)


def detect_language(text: str) -> str:
    script = script_of(text)
    if script in SCRIPT_LANGUAGE:
        return SCRIPT_LANGUAGE[script]
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    best, best_hits = "en", -1
    for language in available_languages():
        lexicon = load_lexicon(language)
        if lexicon.script != "latin" or not lexicon.stopwords:
            continue
        hits = sum(1 for w in words if w in lexicon.stopwords)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def build_document(doc: BlockDocument, info: FileInfo, parser: str) -> ParsedDocument:
    """The whole extraction for one file."""
    if not doc.blocks:
        raise ParseError("no text found in the file")
    full_text = "\n".join(b.text for b in doc.blocks)
    language = detect_language(full_text)
    try:
        lexicon = load_lexicon(language)
    except KeyError as error:
        raise ParseError(f"language {language!r} is not supported yet") from error
    parsed = _Extractor(doc, info, lexicon, parser).run()
    # no silent drops: decision-like text that yielded no decision is flagged (extractors/parse_warnings.py)
    parsed.warnings += no_decision_warnings(doc, lexicon, parsed)
    return parsed


class _Extractor:
    def __init__(self, doc: BlockDocument, info: FileInfo, lexicon: Lexicon, parser: str) -> None:
        self.doc = doc
        self.info = info
        self.lex = lexicon
        self.parser = parser
        self.document_id = info.sha256[:16]
        self.orgs = organization_matcher(lexicon.language)
        self.actors = actor_matcher(lexicon.language)
        self.out: ParsedDocument | None = None
        self.blocks = unflatten(doc.blocks, lexicon)
        # the body and meeting that issued the document: from its page and its head, never from what it cites
        self.context_body, self.context_meeting = self._issuing_context()
        self.issuer_orgs = self._issuer_organizations()
        self.own_unea_decisions = self._own_unea_decisions()

    # -- document level ------------------------------------------------------------------------------------
    def run(self) -> ParsedDocument:
        head, decisions, passages = self._split()
        symbol = self._document_symbol(head)
        self._headingless_symbols(decisions, head, symbol)
        body, meeting_number = self._meeting(head, decisions, symbol)
        title = self._title(head, several=len(decisions) > 1)
        doc_type = self._doc_type(head, decisions, symbol)
        document = DocumentRecord(
            document_id=self.document_id,
            sha256=self.info.sha256,
            source=self.info.source,
            url=self.info.url,
            symbol=symbol,
            title=title,
            language=self.lex.language,
            doc_type=doc_type,
            meeting_id=meeting_id(body, meeting_number),
            file_format=self.doc.file_format,
            retrieved_at=self.info.retrieved_at,
            published_on=self.info.published_on,
            parser=self.parser,
        )
        self.out = ParsedDocument(document=document)
        self.body, self.meeting_number = body, meeting_number
        self.document_symbol = symbol
        seen: set[str] = set()
        for position, draft in enumerate(decisions, start=1):
            marks = {table: len(getattr(self.out, table)) for table in RECORD_LISTS}
            self._decision(draft, position, symbol)
            made = {d.decision_id for d in self.out.decisions[marks["decisions"] :]}
            if made & seen:
                # the same decision twice in one file (a page printing it twice): its ids would clash, so the later
                # copy is left out, and said so
                for table, count in marks.items():
                    del getattr(self.out, table)[count:]
                self.out.warnings.append(ParseWarning(
                    document_id=self.document_id, kind="duplicate_decision",
                    reason=f"decision {', '.join(sorted(made))} appears again (decision text {position} of the "
                           "file): the later copy was left out",
                ))  # fmt: skip
                continue
            seen |= made
        for number, block in enumerate(passages, start=1):
            self._passage(block, number)
        only = self.out.decisions[0] if len(self.out.decisions) == 1 and len(decisions) == 1 else None
        page_titled = bool(self.doc.title_hint and self.doc.metadata and title == self.doc.title_hint)
        compilation = bool(title and self.lex.marker(title, "decisions"))  # "Decisions adopted by …" stays
        if (
            only
            and doc_type != "report"  # a meeting's report keeps its title over the one resolution it annexes
            and only.title
            and (title is None or (only.status == "adopted" and not page_titled and not compilation))
        ):
            # a file holding one adopted decision bears its title (the lines above it are masthead and meeting)
            document.title = only.title
        return self.out

    def _split(self) -> tuple[list[Block], list[_DecisionDraft], list[Block]]:
        """Head blocks (before anything else), decision texts, and the other passages of the document."""
        head: list[Block] = []
        decisions: list[_DecisionDraft] = []
        passages: list[Block] = []
        current: _DecisionDraft | None = None
        started = False
        previous: list[Block] = []  # the last lines outside any decision: a headingless decision's title is there
        self.preface = []  # the plain lines before the first decision (a compilation's title may stand there)
        for index, block in enumerate(self.blocks):
            header = self._decision_header(block)
            if header is None and (current is None or current.body_seen) and self._opens_decision(index):
                # a web copy: no heading line, the body opening starts the decision
                header = _DecisionDraft(header=None, symbol_match=None, title=None, status="adopted",
                                        body_seen=True, before=previous[::-1])  # fmt: skip
                header.opening_body = self.lex.opening_body(block.text)
            if header is not None and current is not None and _repeats_heading(current, header):
                # "MC-4/3 - Title" (the page's title) then "Decision MC-4/3" (its own heading): one decision
                current.title = current.title or header.title
                continue
            if header is not None:
                if not decisions:
                    self.preface = [b.text for b in self.blocks[:index] if not b.heading and b.number is None]
                current, previous = header, []
                decisions.append(current)
                started = True
                continue
            if current is not None:
                if self._part_heading(index, current) or self._belongs_to(current, block):
                    continue
                current = None
            previous = [*previous, block][-TITLE_LOOKBACK:]
            if (
                not started
                and not block.heading
                and block.number is None
                and self._head_line(block, head)
                and not passages
            ):
                head.append(block)
                continue
            started = True
            if not block.heading:
                passages.append(block)
        return head, decisions, passages

    def _part_heading(self, index: int, draft: _DecisionDraft) -> bool:
        """A lettered part of one resolution ("A. Lead in paint", "B. Nanotechnologies" in ICCM resolution II/4)
        followed by the part's own preambular or operative paragraph: the resolution goes on, the line is no
        paragraph. A report's lettered section ("B. Adoption of the agenda") is followed by report text instead."""
        block = self.blocks[index]
        text = block.text.strip()
        if block.number is not None or block.sub is not None or not _PART_HEADING.match(text):
            return False
        if text.endswith(_SENTENCE_ENDS) or index + 1 >= len(self.blocks):
            return False
        following = self.blocks[index + 1]
        if following.number is not None:
            # numbering that restarts in each part would give two paragraphs one id: not (yet) supported
            last = max((b.number for b in draft.operative if b.number is not None), default=0)
            return following.number > last and bool(self.lex.operative_re.match(following.text))
        return bool(self.lex.preambular_re.match(following.text))

    @staticmethod
    def _head_line(block: Block, head: list[Block]) -> bool:
        """Whether an unnumbered line before the text still belongs to the head: the first few always, later ones
        while they read as masthead lines (short, no sentence or clause ending), not as the text's passages."""
        if len(head) < 4:
            return True
        text = block.text.strip()
        return len(head) < HEAD_LINES and len(text) <= 200 and not text.endswith(_SENTENCE_ENDS)

    def _opens_decision(self, index: int) -> bool:
        """A body-opening line followed, before any heading or other opening, by a numbered operative paragraph."""
        if not self.lex.body_opening_re.match(self.blocks[index].text):
            return False
        for block in self.blocks[index + 1 :]:
            if block.heading or self.lex.body_opening_re.match(block.text):
                return False
            if block.number is not None and self.lex.operative_re.match(block.text):
                return True
        return False

    def _belongs_to(self, draft: _DecisionDraft, block: Block) -> bool:
        """Add the block to the decision text if it is part of it; False ends the decision."""
        if block.heading:
            return False
        if not draft.body_seen and self.lex.body_opening_re.match(block.text):
            draft.body_seen = True
            return True
        if block.number is not None:
            draft.operative.append(block)
            return True
        if block.sub is not None:
            (draft.operative or draft.preamble).append(block)
            return True
        if draft.operative:
            return False  # unnumbered text after the operative part: back to the document
        if self.lex.marker(block.text, "annex"):
            return False
        draft.preamble.append(block)
        return True

    def _decision_header(self, block: Block) -> _DecisionDraft | None:
        if block.number is not None or block.sub is not None:
            return None
        matches = find_decisions(block.text) or self._short_heading(block.text) or self._resolution_heading(block.text)
        if not matches:
            return None
        first = matches[0]
        # the words around the symbol: "Decision MC-5/3:", "Проект решения MК-6/[--]:", "第MC-5/3号决定："
        heading = self.lex.decision_heading(block.text[: first.start], block.text[first.end :])
        if heading is None:
            return None
        kind, rest = heading
        title = rest.lstrip(HEADING_PUNCTUATION).strip() or None
        status = "draft" if kind == "draft" or first.canonical is None else "adopted"
        return _DecisionDraft(header=block, symbol_match=first, title=title, status=status)

    def _resolution_heading(self, text: str) -> list[SymbolMatch]:
        """ "Resolution UNEP/EA.6/Res.3: Title" (or a UNEA decision's "UNEP/EA.6/Dec.2 - Title") is a heading; a bare
        "UNEP/EA.6/Res.3" line is the document's symbol."""
        for found in find_documents(text):
            res = UNEA_SYMBOL.match(found.canonical)
            if res is None:
                continue
            before, after = text[: found.start], text[found.end :]
            if not before.strip() and not re.match(r"^\s*[.:\-–—]\s*\S", after):
                return []
            if self.lex.decision_heading(before, after) is None:
                return []
            return [_unea_match(found, res)]
        return []

    def _short_heading(self, text: str) -> list[SymbolMatch]:
        """A heading with a short symbol ("6/3. Title", "Decision 25/5: Title", "Resolution V/1: Title"): the symbol
        from the body the document speaks for (UNEA, the Governing Council, a convention); [] if not a heading."""
        m = _SHORT_HEADING.match(fold_marks(text))
        if m is None:
            return []
        before, after = m.group("before"), m.group("after")
        worded = bool(before.strip())
        if not worded and not re.match(r"^\s*[.:\-–—]\s*\S", after):
            return []  # "6/3. Title" needs its title; a bare "6/3" is no heading
        short = self.lex.short_forms
        # the word may follow the numbers (Chinese "第VI/2号决定：Title"), so the pattern reads on past them
        written = text[m.start() :].strip()
        if "resolution" in short and short["resolution"].match(written):
            kind = "resolution"
        elif "decision" in short and short["decision"].match(written):
            kind = "decision"
        elif worded:
            return []
        elif self.context_body == "unea":
            # "6/2. Title" in the file of UNEP/EA.6/Dec.2 is that decision; the Assembly's other headings resolutions
            own = (int(m.group("meeting")), int(m.group("number"))) if m.group("meeting").isdigit() else None
            kind = "decision" if own in self.own_unea_decisions else "resolution"
        else:
            kind = "resolution" if self.context_body == "gfc" else "decision"
        form = resolve_short_form(kind, m.group("meeting"), m.group("number"), self.context_body)
        if form is None or form.body is None:
            return []
        start, end = m.start("meeting"), m.end("number")
        return [SymbolMatch(kind=form.ref_kind, canonical=form.canonical, as_written=text[start:end], start=start,
                            end=end, body=form.body, meeting=form.meeting, number=form.number)]  # fmt: skip

    # -- the issuing body and meeting ----------------------------------------------------------------------
    def _page_texts(self) -> list[str]:
        """What the page says about the document outside its text: its title and labelled fields."""
        return [t for t in (self.doc.title_hint, *self.doc.metadata.values()) if t]

    def _leading_texts(self) -> list[str]:
        """The document's first lines, up to its first body opening, numbered paragraph or heading."""
        texts = []
        for block in self.blocks[:8]:
            # a head line may name the body ("International Conference on Chemicals Management"); the body
            # opening is the one with its comma
            opening = self.lex.body_opening_re.match(block.text) and block.text.rstrip()[-1:] in ",،，"
            if block.number is not None or block.heading or opening:
                break
            texts.append(block.text)
        return texts

    def _issuing_context(self) -> tuple[str | None, int | None]:
        """(body, meeting number) of whoever issued the document: the page's fields and title, the body its first
        body opening names, the source, the document's own symbol, the convention its head names, the meeting its
        head or page names ("at its eleventh meeting", "COP 11"). Never a symbol it cites."""
        texts = self._page_texts() + self._leading_texts()
        body = meeting = None
        for block in self.blocks:
            if self.lex.body_opening_re.match(block.text):
                body = self.lex.opening_body(block.text)
                break
        body = body or SOURCE_BODY.get(self.info.source)
        # a document symbol counts only as a line (or field) of its own, as in a running header: a head line that
        # mentions "document UNEP/CHW.16/3" cites it
        own = [d for t in texts for d in find_decisions(t)] + [
            m for t in texts for m in find_documents(t)
            if meeting_of_document_symbol(m.canonical)[0] and len(m.as_written) >= len(t.strip()) - 1
        ]  # fmt: skip
        if self.doc.symbol_hint:
            own += find_documents(self.doc.symbol_hint)
        for found in own:
            symbol_body, number = (
                (found.body, found.meeting) if found.body else meeting_of_document_symbol(found.canonical or "")
            )
            if symbol_body and (body is None or body == symbol_body):
                body, meeting = symbol_body, number
                break
        if body is None:
            named = [h.key for t in texts for h in self.orgs.find_all(t) if h.key in BODY_NAMES]
            named += ["minamata" for t in texts if _MINAMATA_NAME.search(t)]
            body = named[0] if named else None
        if meeting is None:
            meeting = self._meeting_named(texts)
        return body, meeting

    def _issuer_organizations(self) -> set[str]:
        """Organisations that issued the document besides a body of BODY_ORGANIZATIONS: the Global Mercury
        Partnership for its own reports and frameworks (its source, or its name as the masthead above the text).
        A report of the Partnership naming the Partnership is no cooperation with it."""
        issuers = {"gmp"} if self.info.source == "gmp" else set()
        for text in self._page_texts() + self._leading_texts():
            if self._masthead(text):
                issuers |= {h.key for h in self.orgs.find_all(text) if h.key in ISSUING_PARTNERSHIPS}
        return issuers

    def _own_unea_decisions(self) -> set[tuple[int, int]]:
        """(session, number) of the UNEA decisions the document's own symbol lines name (UNEP/EA.6/Dec.2 above its
        text, in its running header or page fields): its "6/2." heading is that decision, not resolution 6/2."""
        texts = self._page_texts() + self._leading_texts() + [self.doc.symbol_hint or ""]
        own = set()
        for text in texts:
            for found in find_documents(text):
                m = UNEA_SYMBOL.match(found.canonical)
                if m and m.group("tag") == "Dec" and len(found.as_written) >= len(text.strip()) - 1:
                    own.add((int(m.group("session")), int(m.group("number"))))
        return own

    def _meeting_named(self, texts: list[str]) -> int | None:
        """The meeting a title, head line or field names: "at its eleventh meeting", "Eleventh meeting …", "COP 11"."""
        for text in texts:
            for pattern in [*self.lex.report_to, _MEETING_ORDINAL, _MEETING_ORDINAL_AFTER]:
                for m in pattern.finditer(text):
                    number = self.lex.ordinal(m.group("ordinal")) or load_lexicon("en").ordinal(m.group("ordinal"))
                    if number:
                        return number
            m = _MEETING_SHORT.search(text)
            if m:
                return int(m.group("n"))
        return None

    def _headingless_symbols(self, decisions: list[_DecisionDraft], head: list[Block], document_symbol: str | None):
        """A symbol for each decision that printed no heading: from its title line, then (for the document's only
        decision) the page's title and fields, the document's own symbol, its head, its file name. A decision none
        of them names keeps a NULL symbol, with the body and meeting of the document; in a note by the secretariat
        it is a draft (an annexed proposal)."""
        note = any(self.lex.marker(b.text, "meeting_document") for b in head)
        for draft in decisions:
            if draft.header is not None:
                continue
            candidates = [b.text for b in draft.before]
            if len(decisions) == 1:
                candidates += self._page_texts() + [document_symbol or ""] + [b.text for b in head]
                candidates.append(self._file_symbol())
            body = draft.opening_body or self.context_body
            draft.symbol_match = self._symbol_in(candidates, body) or SymbolMatch(
                kind="decision", canonical=None, as_written=None, start=0, end=0, body=body,
                meeting=self.context_meeting, number=None,
            )  # fmt: skip
            if draft.symbol_match.canonical is None and note:
                draft.status = "draft"
            if self.doc.title_hint and len(decisions) == 1:
                draft.title = self._strip_symbol(self.doc.title_hint)
            else:
                titles = [b.text for b in draft.before if self._title_like(b.text)]
                draft.title = self._strip_symbol(titles[0]) if titles else None

    def _symbol_in(self, texts: list[str], body: str | None) -> SymbolMatch | None:
        for text in texts:
            if not text:
                continue
            decided = [d for d in find_decisions(text) if d.canonical and (body is None or d.body == body)]
            if decided:
                return decided[0]
            for found in find_documents(text):
                res = UNEA_SYMBOL.match(found.canonical)
                if res:
                    return _unea_match(found, res)
            saved, self.context_body = self.context_body, body or self.context_body
            short = self._short_heading(text)
            self.context_body = saved
            if short:
                return short[0]
        return None

    def _file_symbol(self) -> str:
        """A decision symbol the file's name spells (BC-10-7.English.pdf -> BC-10/7), else ""."""
        name = (self.info.url or "").rstrip("/").rsplit("/", 1)[-1]
        m = _FILE_SYMBOL.search(name)
        return f"{m.group('prefix').upper()}-{m.group('meeting')}/{m.group('number')}" if m else ""

    def _title_like_line(self, text: str) -> bool:
        """A line that can be a title at all: not too long, no trailing comma, no meeting line, venue or date."""
        text = text.strip()
        if not text or len(text) > 300 or text[-1] in ",;:" or any(p.search(text) for p in self.lex.not_title):
            return False
        return not _VENUE_DATE.match(text)

    def _title_like(self, text: str) -> bool:
        text = text.strip()
        if not self._title_like_line(text):
            return False
        if self.lex.preambular_re.match(text) or self.lex.operative_re.match(text):
            return False
        if self.lex.marker(text, "decisions") or self.lex.body_opening_re.match(text):
            return False  # "Decision adopted by the Governing Council …", a line naming the body
        return not (find_documents(text) and len(self._strip_symbol(text) or "") < 3)

    def _strip_symbol(self, text: str) -> str | None:
        """A title line without its symbol and heading word: "Decision BC-10/7: Title" -> "Title"."""
        for found in [*find_decisions(text), *find_documents(text), *self._short_heading(text)]:
            heading = self.lex.decision_heading(text[: found.start], text[found.end :])
            if heading is not None:
                return heading[1].lstrip(HEADING_PUNCTUATION).strip() or None
        return text.strip() or None

    def _document_symbol(self, head: list[Block]) -> str | None:
        for block in head:
            found = find_documents(block.text)
            if found and len(found[0].as_written) >= len(block.text.strip()) - 1:
                return found[0].canonical
        # a symbol the format keeps outside the text flow (a Word page header, a PDF running header)
        if self.doc.symbol_hint:
            hinted = find_documents(self.doc.symbol_hint)
            if hinted:
                return hinted[0].canonical
        return None

    def _meeting(self, head: list[Block], decisions: list[_DecisionDraft], symbol: str | None):
        for draft in decisions:
            match = draft.symbol_match
            return match.body, match.meeting
        if symbol:
            body, number = meeting_of_document_symbol(symbol)
            if body:
                return body, number
        return self.context_body, self.context_meeting

    def _title(self, head: list[Block], several: bool = False) -> str | None:
        # the page's or file's own title (a web page's title line, DOCX core properties), kept apart from the text:
        # a page's title wins over its text, a file's title stands in when the body prints none
        hint = self.doc.title_hint
        if hint and (any(p.search(hint) for p in self.lex.not_title) or self._masthead(hint)):
            hint = None
        if hint and self.doc.metadata:
            return hint
        for block in head:
            text = block.text.strip()
            if any(p.search(text) for p in self.lex.not_title):
                continue
            if find_documents(text) and len(text) < 40:
                continue
            if self.lex.body_opening_re.match(text) or text.endswith((",", "،", "，")):
                continue  # "The Conference of the Parties," and preambles open a decision, they are no title
            dated = _VENUE_DATE.match(text) or (len(text) <= 90 and _DATE_LINE.search(text))
            if self._masthead(text) or dated or self.lex.marker(text, "annex"):
                continue  # "Anexo I" above the resolutions a report annexes is no title either
            if self.doc.metadata and self.lex.script != "han" and len(re.findall(r"\w+", text)) == 1:
                continue  # a one-word line at the top of a web page is its menu ("About", "Meetings")
            return text
        if hint is None and several:
            # "Resolutions and decisions adopted by the United Nations Environment Assembly at its sixth session"
            # below a long masthead: a compilation's own title, a line before its first decision (a file of one
            # decision bears that decision's title: "2022年3月2日联合国环境大会通过的决议" is no compilation)
            for text in self.preface:
                if self.lex.marker(text, "decisions") and self._title_like_line(text):
                    return text.strip()
        return hint

    def _masthead(self, text: str) -> bool:
        """A line that only names an organisation ("United Nations", "Minamata Convention on Mercury" above a page):
        the publisher's masthead, not the document's title."""
        hits = self.orgs.find_all(text)
        if not hits:
            return False
        rest = text
        for hit in sorted(hits, key=lambda h: h.start, reverse=True):
            rest = rest[: hit.start] + " " + rest[hit.end :]
        words = re.findall(r"\w+", rest)
        if self.lex.script == "han":  # no spaces: at most a linking 的 is left
            return len("".join(words)) <= 1
        return len(words) <= 3 and all(len(w) <= 3 for w in words)  # "… Assembly of the … Programme": connectors

    def _doc_type(self, head: list[Block], decisions: list[_DecisionDraft], symbol: str | None) -> str:
        # a partnership's meeting document prints its code before the title ("PAG 10.3 - Report on …")
        texts = [_DOC_CODE.sub("", b.text) for b in head]
        if symbol and "/Res." in symbol:
            return "resolution"
        symbols = [d.symbol_match.canonical if d.symbol_match else None for d in decisions]
        resolutions = [bool(s and (s.startswith(RESOLUTION_PREFIXES) or "/Res." in s)) or (
            s is None and d.symbol_match is not None and d.symbol_match.body in RESOLUTION_BODIES
        ) for s, d in zip(symbols, decisions, strict=True)]  # fmt: skip
        if symbol is None and resolutions and all(resolutions):
            # a file of UNEA or ICCM resolutions only (web copies carry no document symbol; one without a symbol
            # of its own is still the Assembly's or the Conference's); a report or compilation with its own symbol
            # that annexes them is typed by its head below
            return "resolution"
        if page_doc_type(self.doc.metadata):  # what the page says it shows (its type field)
            return page_doc_type(self.doc.metadata)
        if any(self.lex.marker(t, "decisions") for t in texts) and decisions:
            return "decisions"
        if symbol and "/INF/" in symbol:
            return "information_document"
        if any(self.lex.marker(t, "meeting_document") for t in texts):
            return "meeting_document"
        if any(self.lex.marker(t, "report") for t in texts) or self.info.source == "gmp":
            return "report"
        if decisions and all(d.status == "adopted" for d in decisions):
            return "decisions"
        return "other"

    # -- decisions -----------------------------------------------------------------------------------------
    def _decision(self, draft: _DecisionDraft, position: int, document_symbol: str | None) -> None:
        match = draft.symbol_match
        key = (document_symbol or self.document_id).lower().replace("/", "-")
        if match.canonical:
            decision_id = decision_id_of(match.canonical)
        elif draft.header is None and draft.status == "adopted":
            # a web copy that states no symbol anywhere: stable (same file, same id) and unique per position
            where = meeting_id(match.body, match.meeting) or match.body or "unknown"
            decision_id = f"nosymbol-{where}-{key}-{position}"
        else:
            decision_id = f"draft-{meeting_id(match.body, match.meeting) or 'unknown'}-{key}-{position}"
        record = DecisionRecord(
            decision_id=decision_id,
            document_id=self.document_id,
            language=self.lex.language,
            symbol=match.canonical,
            symbol_as_written=match.as_written,
            body=match.body,
            meeting_id=meeting_id(match.body, match.meeting),
            number=match.number,
            status=draft.status,
            title=draft.title,
            position=position,
        )
        self.out.decisions.append(record)
        context = _Context(body=match.body, meeting=match.meeting, decision_id=decision_id, symbol=match.canonical)
        paragraph_position = 0
        for number, block in enumerate([b for b in draft.preamble if b.sub is None], start=1):
            paragraph_position += 1
            self._paragraph(record, block, "preambular", number, None, paragraph_position, context)
        last_number = 0
        asked: list[MandateRecord] = []  # the mandates of the numbered paragraph's last clause
        for block in draft.operative:
            paragraph_position += 1
            if block.number is not None:
                last_number = block.number
                asked = self._paragraph(record, block, "operative", block.number, None, paragraph_position, context)
            else:
                sub = self.lex.sub_label(block.sub)
                if not self._paragraph(record, block, "operative", last_number, sub, paragraph_position, context):
                    # "Requests the Secretariat: (a) To prepare, as resources permit, …; (b) To report … at its
                    # eighteenth meeting": a sub-paragraph without a mandate of its own details the paragraph's
                    self._inherit_conditions(asked, block.text, context)

    def _paragraph(self, decision: DecisionRecord, block: Block, kind: str, number: int, sub: str | None,
                   position: int, context: _Context) -> list[MandateRecord]:  # fmt: skip
        """Records of one paragraph; returns the mandates of its last clause (what its sub-paragraphs detail)."""
        lang = self.lex.language
        suffix = f"-{sub}" if sub else ""
        paragraph_id = f"{decision.decision_id}:{lang}:{'p' if kind == 'preambular' else 'o'}{number}{suffix}"
        text = block.text
        lead_verb, actions, clauses = self._verbs(text, kind, sub)
        self.out.paragraphs.append(
            ParagraphRecord(
                paragraph_id=paragraph_id,
                decision_id=decision.decision_id,
                document_id=self.document_id,
                language=lang,
                kind=kind,
                number=number,
                subparagraph=sub,
                position=position,
                text=text,
                lead_verb=lead_verb,
                actions=actions,
                footnotes=list(block.footnotes),
            )
        )
        asked = self._mandates(decision, paragraph_id, number, clauses, context) if kind == "operative" else []
        self._cooperation(decision.decision_id, paragraph_id, text, body=context.body)
        self._references(decision.decision_id, paragraph_id, block, context)
        return asked

    def _verbs(self, text: str, kind: str, sub: str | None):
        """(lead verb as written, canonical actions, clauses [(action, verb_end, clause_text, text_to_clause_end)])."""
        if kind == "preambular":
            m = self.lex.preambular_re.match(text)
            if not m:
                return None, [], []
            return m.group("verb"), [self.lex.preambular[_norm(m.group("verb"))]], []
        matches = list(self.lex.operative_re.finditer(text))
        if not matches:
            return None, [], []
        clauses = []
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            action = self.lex.operative[_norm(m.group("verb"))]
            # the text up to the clause's end: its addressees (and an "including" list) never run into the next
            clauses.append((action, m.end("verb"), text[m.start("verb") : end], text[:end]))
        lead = matches[0].group("verb") if matches[0].start() == 0 or not text[: matches[0].start()].strip() else None
        if lead is None and matches[0].start("verb") < 40:
            lead = matches[0].group("verb")
        actions = list(dict.fromkeys(action for action, _, _, _ in clauses))
        return lead, actions, clauses

    def _mandates(self, decision, paragraph_id, number, clauses, context) -> list[MandateRecord]:
        """Mandates of the paragraph's clauses; returns those of its last clause."""
        seen = set()
        last: list[MandateRecord] = []
        for action, verb_end, clause, text in clauses:
            last = []
            if action not in MANDATE_ACTIONS:
                continue
            for actor, as_written in self._addressees(text, verb_end):
                if (actor, action) in seen:
                    continue
                seen.add((actor, action))
                last.append(
                    MandateRecord(
                        mandate_id=f"{paragraph_id}:{action}:{actor}",
                        decision_id=decision.decision_id,
                        paragraph_id=paragraph_id,
                        document_id=self.document_id,
                        language=self.lex.language,
                        paragraph_number=number,
                        action=action,
                        actor=actor,
                        actor_as_written=as_written,
                        subject_to_resources=bool(self.lex.subject_to_resources.search(clause)),
                        report_to_meeting_id=self._report_to(clause, context),
                        text=clause.strip(),
                    )
                )
            self.out.mandates.extend(last)
        return last

    def _inherit_conditions(self, mandates: list[MandateRecord], text: str, context: _Context) -> None:
        """A resource condition or a report-to meeting written in a sub-paragraph holds for the mandate it details."""
        resources = bool(self.lex.subject_to_resources.search(text))
        report_to = self._report_to(text, context)
        for mandate in mandates:
            mandate.subject_to_resources = mandate.subject_to_resources or resources
            mandate.report_to_meeting_id = mandate.report_to_meeting_id or report_to

    def _addressees(self, text: str, pos: int) -> list[tuple[str, str]]:
        """Who the verb ending at pos addresses: actors and organisations, joined by "и"/"and"/commas, and those
        named after "including" ("Parties and other stakeholders, including WHO and UNITAR, to …")."""
        found: list[tuple[str, str]] = []
        end = self._addressee_list(text, pos, found)
        after = self._including(text, end)
        if after is not None:
            self._addressee_list(text, after, found)
        return found

    def _addressee_list(self, text: str, pos: int, found: list[tuple[str, str]]) -> int:
        """Adds the addressees listed from pos on; returns where the list ends (pos if there is none)."""
        skip = self.lex.actor_skip_words
        end = pos
        while True:
            actor, org = self.actors.match_at(text, pos, skip), self.orgs.match_at(text, pos, skip)
            # the longer name wins: «региональным центрам Базельской конвенции» are the Basel centres (bcrc),
            # not any "regional centres"
            hit = org if org is not None and (actor is None or org.end > actor.end) else actor
            if hit is None:
                break
            closed = _CLOSING_QUOTES.match(text, hit.end).end()
            quoted = closed > hit.end and any(q in hit.as_written for q in '«“‘"(（「『')
            for key in hit.key.split(JOINT_ACTORS):  # "intergovernmental and non-governmental organizations": two
                found.append((key, text[hit.start : closed] if quoted else hit.as_written))
            end = hit.end
            joiner = self.lex.addressee_joiner_re.match(text[closed:])
            if not joiner:
                break
            pos = closed + joiner.end()
        return end

    def _including(self, text: str, pos: int) -> int | None:
        """Where the addressees after an "including" cue start, if the cue still belongs to the addressee list: only
        a few words after the last addressee ("and other stakeholders,"), none of which shows that the clause has
        gone on ("to cooperate with partners, including WHO": WHO is a partner there, not asked to act)."""
        if self.lex.including_re is None:
            return None
        cue = self.lex.including_re.search(text, pos)
        if cue is None:
            return None
        gap = text[pos : cue.start()]
        if self.lex.including_qualifiers is not None:
            gap = self.lex.including_qualifiers.sub(" ", gap)
        if any(mark in gap for mark in ";:；：؛") or len(self.lex.tokens(gap)) > self.lex.including_max_gap:
            return None
        if self.lex.including_goes_on is not None and self.lex.including_goes_on.search(gap):
            return None
        return cue.end()

    def _report_to(self, clause: str, context: _Context) -> str | None:
        if context.body is None:
            return None
        for pattern in self.lex.report_to:
            for m in pattern.finditer(clause):
                number = self.lex.ordinal(m.group("ordinal"))
                if number and (context.meeting is None or number > context.meeting):
                    return meeting_id(context.body, number)
        return None

    # -- cooperation ---------------------------------------------------------------------------------------
    def _cooperation(self, decision_id: str | None, paragraph_id: str | None, text: str, passage: int = 0,
                     body: str | None = None) -> None:  # fmt: skip
        """Partner organisations named in the text: never the issuing body itself (the decision's body, else the
        document's), never letters inside a symbol."""
        own = BODY_ORGANIZATIONS.get(body or self.body or "", set()) | self.issuer_orgs
        hits = self.orgs.find_all(_mask_symbols(text))
        written = {h.key: h.as_written for h in hits}
        # groups first: a Basel paragraph naming the three conventions cooperates with Rotterdam, Stockholm and BRS
        partners = [org for org in expand_groups([h.key for h in hits]) if org not in own]
        if not partners:
            return
        activity = self._activity_type(text)
        for org in partners:
            key = paragraph_id or f"{self.document_id}:passage{passage}"
            self.out.cooperation.append(
                CooperationRecord(
                    activity_id=f"{key}:{org}",
                    decision_id=decision_id,
                    paragraph_id=paragraph_id,
                    document_id=self.document_id,
                    language=self.lex.language,
                    organization_id=org,
                    organization_as_written=written.get(org, ""),
                    activity_type=activity,
                    text=text,
                )
            )

    def _activity_type(self, text: str) -> str:
        lowered = text.lower()
        for activity, cues in self.lex.activity_types.items():
            if any(cue.lower() in lowered for cue in cues):
                return activity
        return "other"

    # -- references ----------------------------------------------------------------------------------------
    def _references(self, decision_id: str | None, paragraph_id: str | None, block: Block, context: _Context,
                    passage: int = 0) -> None:  # fmt: skip
        sources = [(block.text, False)] + [(f, True) for f in block.footnotes]
        # context from the paragraph and its footnotes: "резолюция 6/3" cited beside the UNEA is a UNEA resolution
        whole = " ".join(t for t, _ in sources)
        seen: dict[tuple, int] = {}
        for text, in_footnote in sources:
            for ref_kind, target, written, treaty in self._find_references(text, whole, context):
                key = (in_footnote, ref_kind, target)
                seen[key] = seen.get(key, 0) + 1
                self.out.references.append(
                    ReferenceRecord(
                        reference_id=short_hash(self.document_id, paragraph_id, passage, *key, seen[key]),
                        from_document_id=self.document_id,
                        from_decision_id=decision_id,
                        from_paragraph_id=paragraph_id,
                        in_footnote=in_footnote,
                        ref_kind=ref_kind,
                        target=target,
                        target_as_written=written,
                        treaty=treaty,
                    )
                )

    def _find_references(self, text: str, context_text: str, context: _Context):
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        own = {self.document_symbol, context.symbol}  # the document's and the decision's own symbol: no citation
        for m in find_decisions(text):
            if m.canonical:
                taken.append((m.start, m.end))
                if m.canonical not in own:
                    yield m.kind, m.canonical, m.as_written, None
        for m in find_documents(text):
            taken.append((m.start, m.end))
            if m.canonical not in own:
                yield m.kind, m.canonical, m.as_written, None
        marks = fold_marks(text)
        for kind in ("decision", "resolution"):
            pattern = self.lex.short_forms.get(kind)
            for m in pattern.finditer(marks) if pattern else ():
                if not free(m.start(), m.end()):
                    continue
                named = self.lex.series_named(text[: m.start()], text[m.end() :])
                form = resolve_short_form(kind, m.group("meeting"), m.group("number"), context.body, named)
                if form is None or form.canonical in own:
                    continue
                taken.append((m.start(), m.end()))
                yield form.ref_kind, form.canonical, text[m.start() : m.end()], None
                # the rest of a list: "decisions 24/3 II, 23/3 IV and 24/5" cites three decisions
                follow = self.lex.short_list_re.match(marks, m.end())
                while follow is not None and free(follow.start("meeting"), follow.end()):
                    more = resolve_short_form(kind, follow.group("meeting"), follow.group("number"), context.body,
                                              named)  # fmt: skip
                    if more is None:
                        break
                    taken.append((follow.start("meeting"), follow.end()))
                    if more.canonical not in own:
                        yield more.ref_kind, more.canonical, text[follow.start("meeting") : follow.end()], None
                    follow = self.lex.short_list_re.match(marks, follow.end())
        # Article paths ("пункт 5 b) статьи 23" -> 23(5)(b)) first, then bare articles ("articles 7 and 8" -> 7, 8).
        # The lexicon's patterns are tried in their order (longest forms first); numbers may be written in the
        # language's numerals (第十六条第2款) and sub-paragraph letters in its alphabet (الفقرة 2 (أ)).
        treaty = context.body
        for pattern in self.lex.articles.values():
            for m in pattern.finditer(marks):
                if not free(m.start(), m.end()):
                    continue
                article, paragraph = self.lex.number(m.group("article")), self.lex.number(m.group("paragraph"))
                if article is None or paragraph is None:
                    continue
                taken.append((m.start(), m.end()))
                target = f"{article}({paragraph})"
                if m.group("sub"):
                    target += f"({self.lex.sub_label(m.group('sub'))})"
                yield "article", target, text[m.start() : m.end()], self._treaty_named(text, m, treaty)
        if self.lex.bare_articles is not None:
            for m in self.lex.bare_articles.finditer(marks):
                numbers = [self.lex.number(n) for n in re.findall(r"\d+|[^\W\d_]+", m.group("list"))]
                if not free(m.start(), m.end()) or not any(n is not None for n in numbers):
                    continue
                if self.lex.bare_articles_unless is not None and self.lex.bare_articles_unless.match(marks, m.end()):
                    continue  # « l'article 5 du règlement intérieur »: a rule, not an article of the convention
                taken.append((m.start(), m.end()))
                named = self._treaty_named(text, m, treaty)
                for number in dict.fromkeys(n for n in numbers if n is not None):
                    yield "article", str(number), text[m.start() : m.end()], named

    def _treaty_named(self, text: str, m: re.Match, default: str | None) -> str | None:
        """The convention an article citation names ("article 10 of the Stockholm Convention", «статьи 10
        Стокгольмской конвенции», "《斯德哥尔摩公约》第10条"), else the issuing body's."""
        after = text[m.end() : m.end() + TREATY_WINDOW]
        hits = [h for h in self.orgs.find_all(after) if h.key in TREATIES]
        if hits and not re.search(r"[,;:.،؛，。；]", after[: hits[0].start]) and hits[0].start <= TREATY_GAP:
            return hits[0].key
        before = text[max(0, m.start() - TREATY_WINDOW) : m.start()]
        hits = [h for h in self.orgs.find_all(before) if h.key in TREATIES]
        if hits and len(before) - hits[-1].end <= 1 and self.lex.segmentation == "characters":
            return hits[-1].key  # Chinese names the convention before the article: 《公约》第10条
        return default

    # -- passages outside decisions ------------------------------------------------------------------------
    def _passage(self, block: Block, number: int) -> None:
        context = _Context(body=self.body, meeting=self.meeting_number, decision_id=None)
        if not self._masthead(block.text):  # a line naming the issuer ("… Assembly of the … Programme") is no passage
            self._cooperation(None, None, block.text, passage=number)
        self._references(None, None, block, context, passage=number)


@dataclass
class _Context:
    body: str | None
    meeting: int | None
    decision_id: str | None
    symbol: str | None = None  # the decision's own symbol


def _unea_match(found: SymbolMatch, m: re.Match) -> SymbolMatch:
    """A UNEA resolution or decision written as its document symbol (UNEP/EA.6/Res.3, UNEP/EA.6/Dec.2)."""
    kind = "resolution" if m.group("tag") == "Res" else "decision"
    session, number = int(m.group("session")), int(m.group("number"))
    return SymbolMatch(kind=kind, canonical=found.canonical, as_written=found.as_written, start=found.start,
                       end=found.end, body="unea", meeting=session, number=number)  # fmt: skip


def _mask_symbols(text: str) -> str:
    """Blank out symbols so the "UNEP" of "UNEP/MC/COP.6/19" or the "FAO" of "UNEP/FAO/RC/COP.11/…" is not read as
    a mention of UNEP or FAO: the document symbols we know, and any slash-joined code that looks like one."""
    spans = [(m.start, m.end) for m in find_documents(text)]
    for m in SLASHED_CODE.finditer(fold(text)):  # look-alike letters and dashes folded, same positions
        parts = m.group().split("/")
        if len(parts) >= 3 or any(ch.isdigit() for ch in m.group()):
            spans.append((m.start(), m.end()))
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())
