"""Language-independent decisions, composed at random (fixed seed) from the actions all phrasing files share.

A decision here is what every language version of it says: which action each paragraph takes, whom it addresses,
whether the mandate is subject to resources or due back at a later meeting, which organisations and documents it
names. bench.render writes it in each language; bench.truth reads the ground truth from it. Rendering never changes
what a decision says, so the truth of a language version is the truth of the decision.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.phrasing import MANDATE_ACTIONS, load_phrasing

BODIES = {"minamata": "MC", "basel": "BC", "rotterdam": "RC", "stockholm": "SC"}
MEETING_PREFIX = {"minamata": "mc-cop", "basel": "bc-cop", "rotterdam": "rc-cop", "stockholm": "sc-cop"}
# Citations the other bodies' texts make: documents (and UNEA resolutions); "report to … at its Nth meeting" is a COP
# phrase, so their mandates carry no report-to meeting.
OTHER_FORMS = {"unea": ("document", "resolution_short"), "unep_gc": ("document",), "gfc": ("document",)}
# Bodies that adopt resolutions or decisions in other symbol families (bench.shapes; CONTRACT.md canonical forms):
# UNEA UNEP/EA.6/Res.3 (meeting unea-6), UNEP Governing Council GC.25/5 (gc-25), ICCM/GFC ICCM.5/1 (iccm-5).
OTHER_BODIES = {"unea": "unea", "unep_gc": "gc", "gfc": "iccm"}
OTHER_SYMBOLS = {"unea": "UNEP/EA.{meeting}/Res.{number}", "unep_gc": "GC.{meeting}/{number}",
                 "gfc": "ICCM.{meeting}/{number}"}  # fmt: skip
MAX_MEETING = 20  # the lexicons' ordinal words go to twentieth
# Partner organisations a decision of each body may name. A convention's own decisions never name itself (that is
# not cooperation); the BRS group is named only by others (a Basel decision naming "the BRS conventions" would name
# itself); the ICCM is the conference of SAICM, so its resolutions never cooperate with SAICM.
OWN = {"minamata": {"minamata"}, "basel": {"basel", "brs"}, "rotterdam": {"rotterdam", "brs"},
       "stockholm": {"stockholm", "brs"}, "unea": {"unea", "unep"}, "unep_gc": {"unep", "unea"},
       "gfc": {"gfc", "saicm"}}  # fmt: skip
GROUPS = {"brs": ("basel", "rotterdam", "stockholm")}
# What a decision adopts or approves: guidance and terms of reference (indexes into the phrasing files' objects).
ADOPTABLE_ACTIONS = {"adopts", "approves"}
ADOPTABLE_OBJECTS = (5, 7)
# Organisations never used as addressees (a group is not asked to act as one actor).
NOT_ADDRESSEES = {"brs"}
ROLE_WEIGHTS = {
    "secretariat": 40, "parties": 25, "executive_secretary": 8, "non_parties": 3, "governments": 4, "bureau": 2,
    "implementation_and_compliance_committee": 2, "open_ended_working_group": 2, "stakeholders": 3,
}  # fmt: skip


@dataclass(frozen=True)
class Ref:
    """A citation as the warehouse should record it (ref_kind, canonical target, treaty) plus how to write it."""

    form: str  # decision decision_short resolution_short document article
    ref_kind: str  # decision document resolution article
    target: str
    treaty: str | None = None
    prefix: str | None = None  # decision symbol prefix (MC …)
    meeting: int | None = None
    number: int | None = None
    article: int | None = None
    paragraph: int | None = None
    sub: str | None = None


@dataclass
class Clause:
    action: str
    kind: str  # participle object decides mandate
    verb_pick: int = 0
    actors: tuple[str, ...] = ()
    resources: bool = False
    report_to: int | None = None
    item: int = 0  # index into objects / vps
    topic: int = 0
    orgs: tuple[str, ...] = ()  # "in cooperation with …"
    ref: Ref | None = None  # per_document / per_article, or the object of a participle
    also: bool = False


@dataclass
class Sub:
    item: int
    topic: int
    orgs: tuple[str, ...] = ()


@dataclass
class Paragraph:
    kind: str  # preambular operative
    number: int
    clauses: list[Clause]
    subs: list[Sub] = field(default_factory=list)
    footnote: Ref | None = None


@dataclass
class Decision:
    body: str
    meeting: int
    number: int | None  # None: a draft ("MC-6/[--]")
    topic: int
    preamble: list[Paragraph]
    operative: list[Paragraph]
    languages: list[str]
    note_symbol: str | None = None  # drafts: the symbol of the note whose annex holds them
    position: int = 1  # drafts: position in the note
    shape: str = "heading_compilation"  # the document shape its texts are written in (bench.shapes)

    @property
    def prefix(self) -> str:
        return BODIES.get(self.body, "")

    @property
    def symbol(self) -> str | None:
        if self.number is None:
            return None
        if self.body in OTHER_SYMBOLS:
            return OTHER_SYMBOLS[self.body].format(meeting=self.meeting, number=self.number)
        return f"{self.prefix}-{self.meeting}/{self.number}"

    @property
    def meeting_id(self) -> str:
        return f"{MEETING_PREFIX.get(self.body) or OTHER_BODIES[self.body]}-{self.meeting}"

    @property
    def decision_id(self) -> str:
        if self.number is not None:
            return (self.symbol or "").lower().replace("/", "-")  # mc-6-17, unep-ea.6-res.3, gc.25-5, iccm.5-1
        key = (self.note_symbol or "").lower().replace("/", "-")
        return f"draft-{self.meeting_id}-{key}-{self.position}"


def shared_actions(languages: list[str]) -> tuple[list[str], list[str]]:
    """(preambular, operative) canonical actions every language can write, in a stable order."""
    phrasings = [load_phrasing(lang) for lang in languages]
    preambular = sorted(set.intersection(*(set(p.preambular) for p in phrasings)))
    operative = sorted(set.intersection(*(set(p.operative) for p in phrasings)))
    return preambular, operative


def shared_organizations(languages: list[str]) -> list[str]:
    """Organisations every language can name (a full name in the gazetteer)."""
    phrasings = [load_phrasing(lang) for lang in languages]
    return sorted(set.intersection(*(set(p.organizations) for p in phrasings)))


def shared_roles(languages: list[str]) -> list[str]:
    phrasings = [load_phrasing(lang) for lang in languages]
    return [r for r in ROLE_WEIGHTS if all(r in p.actors for p in phrasings)]


class Composer:
    """Random decisions over the vocabulary all the corpus's languages share."""

    def __init__(self, languages: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.preambular, operative = shared_actions(languages)
        self.mandate = [a for a in operative if a in MANDATE_ACTIONS]
        self.objects = [a for a in operative if a not in MANDATE_ACTIONS and a != "decides"]
        self.decides = "decides" in operative
        self.organizations = shared_organizations(languages)
        self.roles = shared_roles(languages)
        lengths = load_phrasing("en")
        self.n_objects, self.n_vps = len(lengths["objects"]), len(lengths["vps"])
        self.n_subs, self.n_topics = len(lengths["subs"]), len(lengths["topics"])
        self.roman = False  # composing a decision of the basel_roman shape (set by decision())

    # -- references ------------------------------------------------------------------------------------------------
    def document_symbol(self, body: str, meeting: int) -> tuple[str, str]:
        """(canonical symbol, ref_kind) of a meeting document of the body, or a UNEA resolution."""
        r = self.rng
        n = r.randint(2, 40)
        kind = r.random()
        if kind < 0.12:
            return f"UNEP/EA.{r.randint(1, 7)}/Res.{r.randint(1, 20)}", "resolution"
        root = {"minamata": f"UNEP/MC/COP.{meeting}", "basel": f"UNEP/CHW.{meeting}",
                "rotterdam": f"UNEP/FAO/RC/COP.{meeting}", "stockholm": f"UNEP/POPS/COP.{meeting}",
                "unea": f"UNEP/EA.{meeting}", "unep_gc": f"UNEP/GC.{meeting}",
                "gfc": f"SAICM/ICCM.{meeting}"}[body]  # fmt: skip
        if kind < 0.45:
            return f"{root}/INF/{n}", "document"
        if kind < 0.6:
            return f"{root}/{n}/Add.{r.randint(1, 3)}", "document"
        if kind < 0.7 and body == "minamata":
            return f"{root}/Dec.{n}", "document"
        return f"{root}/{n}", "document"

    def ref(self, body: str, meeting: int, forms: tuple[str, ...]) -> Ref:
        r = self.rng
        if body in OTHER_BODIES:  # no treaty articles, and their own citations are the parser's open questions
            forms = tuple(f for f in forms if f in OTHER_FORMS[body]) or ("document",)
        form = r.choice(forms)
        earlier = r.randint(1, max(1, meeting - 1))
        if form in ("decision", "decision_short"):
            prefix, number = BODIES[body], r.randint(1, 30)
            if self.roman:  # an old Basel decision cites its predecessors the same way: "decision VIII/2"
                form = "decision_roman"
            return Ref(form, "decision", f"{prefix}-{earlier}/{number}", prefix=prefix, meeting=earlier, number=number)
        if form == "resolution_short":
            session, number = r.randint(1, 7), r.randint(1, 20)
            return Ref(form, "resolution", f"UNEP/EA.{session}/Res.{number}", meeting=session, number=number)
        if form == "article":
            article, paragraph = r.randint(1, 35), r.randint(1, 9)
            sub = r.choice("abcde") if r.random() < 0.6 else None
            target = f"{article}({paragraph})" + (f"({sub})" if sub else "")
            return Ref(form, "article", target, treaty=body, article=article, paragraph=paragraph, sub=sub)
        symbol, kind = self.document_symbol(body, earlier if r.random() < 0.5 else meeting)
        return Ref("document", kind, symbol)

    def organizations_for(self, body: str, count: int) -> tuple[str, ...]:
        allowed = [o for o in self.organizations if o not in OWN.get(body, set())]
        picked = self.rng.sample(allowed, k=min(count, len(allowed)))
        # a member of a group named together with its group adds nothing: keep the group alone
        for group, members in GROUPS.items():
            if group in picked:
                picked = [o for o in picked if o not in members]
        return tuple(picked)

    def addressees(self, body: str) -> tuple[str, ...]:
        r = self.rng
        count = 1 if r.random() < 0.8 else 2
        found: list[str] = []
        while len(found) < count:
            if r.random() < 0.15:
                allowed = [o for o in self.organizations if o not in OWN.get(body, set()) | NOT_ADDRESSEES]
                candidate = r.choice(allowed)
            else:
                candidate = r.choices(self.roles, weights=[ROLE_WEIGHTS[x] for x in self.roles])[0]
            if candidate not in found:
                found.append(candidate)
        return tuple(found)

    # -- paragraphs ------------------------------------------------------------------------------------------------
    def preambular_paragraph(self, body: str, meeting: int, number: int, topic: int) -> Paragraph:
        r = self.rng
        action = r.choice(self.preambular)
        clause = Clause(action=action, kind="participle", verb_pick=r.randrange(4), topic=topic)
        footnote = None
        if action == "recalls" and r.random() < 0.7:
            clause.ref = self.ref(body, meeting, ("decision", "decision", "decision_short", "resolution_short"))
            if clause.ref.form == "decision" and r.random() < 0.5:
                symbol, kind = self.document_symbol(body, clause.ref.meeting or meeting)
                footnote = Ref("document", kind, symbol)
        else:
            clause.item = r.randrange(self.n_objects)
            clause.topic = topic if r.random() < 0.6 else r.randrange(self.n_topics)
            if r.random() < 0.15:
                clause.orgs = self.organizations_for(body, r.randint(1, 2))
            if r.random() < 0.1:
                symbol, kind = self.document_symbol(body, meeting - 1 if meeting > 1 else meeting)
                footnote = Ref("document", kind, symbol)
        return Paragraph("preambular", number, [clause], footnote=footnote)

    def clause(self, body: str, meeting: int, topic: int, used: set[str], second: bool = False) -> Clause:
        r = self.rng
        roll = r.random()
        if second or roll < 0.48:
            action = r.choices(self.mandate, weights=[_MANDATE_WEIGHT.get(a, 5) for a in self.mandate])[0]
            kind = "mandate"
        elif roll < 0.62 and self.decides:
            action, kind = "decides", "decides"
        else:
            action, kind = r.choice(self.objects), "object"
        clause = Clause(action=action, kind=kind, verb_pick=r.randrange(4), topic=topic)
        clause.item = r.randrange(self.n_vps if kind != "object" else self.n_objects)
        if action in ADOPTABLE_ACTIONS:
            clause.item = r.choice(ADOPTABLE_OBJECTS)
        if r.random() < 0.4:
            clause.topic = r.randrange(self.n_topics)
        if kind == "mandate":
            clause.actors = ("non_parties",) if second and "non_parties" in self.roles and r.random() < 0.3 else ()
            clause.actors = clause.actors or self.addressees(body)
            clause.resources = r.random() < 0.25
            if not second and r.random() < 0.2 and meeting < MAX_MEETING and body not in OTHER_BODIES:
                clause.report_to = r.randint(meeting + 1, min(MAX_MEETING, meeting + 2))
        if not second and r.random() < 0.18:
            clause.orgs = self.organizations_for(body, r.randint(1, 3))
        if not second and r.random() < 0.2:
            clause.ref = self.ref(body, meeting, ("document", "document", "article"))
        clause.also = action in used and r.random() < 0.6
        used.add(action)
        return clause

    def operative_paragraph(self, body: str, meeting: int, number: int, topic: int, used: set[str]) -> Paragraph:
        r = self.rng
        clauses = [self.clause(body, meeting, topic, used)]
        if r.random() < 0.15:
            clauses.append(self.clause(body, meeting, topic, used, second=True))
        paragraph = Paragraph("operative", number, clauses)
        if r.random() < 0.2:
            items = r.sample(range(self.n_subs), k=min(self.n_subs, r.randint(2, 4)))  # never the same line twice
            paragraph.subs = [
                Sub(item, topic if r.random() < 0.7 else r.randrange(self.n_topics),
                    self.organizations_for(body, 1) if r.random() < 0.15 else ())
                for item in items
            ]  # fmt: skip
        if r.random() < 0.08:
            symbol, kind = self.document_symbol(body, meeting)
            paragraph.footnote = Ref("document", kind, symbol)
        return paragraph

    def decision(self, body: str, meeting: int, number: int | None, languages: list[str],
                 shape: str = "heading_compilation") -> Decision:  # fmt: skip
        r = self.rng
        self.roman = shape == "basel_roman"
        topic = r.randrange(self.n_topics)
        seen: set[tuple] = set()
        used: set[str] = set()

        def distinct(make) -> Paragraph:
            """A paragraph unlike the others of the decision (real decisions never repeat one word for word)."""
            for _ in range(50):
                paragraph = make()
                key = _signature(paragraph)
                if key not in seen:
                    break
            seen.add(key)
            return paragraph

        preamble = [distinct(lambda i=i: self.preambular_paragraph(body, meeting, i, topic))
                    for i in range(1, r.randint(1, 8) + 1)]  # fmt: skip
        operative = [distinct(lambda i=i: self.operative_paragraph(body, meeting, i, topic, used))
                     for i in range(1, r.randint(3, 16) + 1)]  # fmt: skip
        return Decision(body, meeting, number, topic, preamble, operative, languages, shape=shape)


def _signature(paragraph: Paragraph) -> tuple:
    """What decides a paragraph's words in every language (the verb chosen among synonyms aside)."""
    clauses = tuple(
        (c.kind, c.action, c.item, c.topic, c.actors, c.resources, c.report_to, c.orgs, c.ref, c.also)
        for c in paragraph.clauses
    )
    return paragraph.kind, clauses


_MANDATE_WEIGHT = {"requests": 40, "invites": 15, "encourages": 15, "urges": 10, "calls_upon": 5, "authorizes": 8,
                   "recommends": 4}  # fmt: skip
