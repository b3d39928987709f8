"""Write a composed decision in one language: the lines of a document (format-neutral) and, per paragraph, what the
warehouse should read from it (clean text, lead verb, footnote texts).

Footnote references are placeholder characters (FOOTNOTE) in the text, in citing order; a document writer numbers
them and puts the note texts where its format keeps them. Symbols are written the ways people type them: dash
variants (U+2010, U+2011, en dash), Cyrillic look-alike letters in Russian texts (МК-5/3, MК‑5/3), Cyrillic letters
inside document symbols. The random choices of a language version depend only on (seed, decision, language), so a
decision written into two files in two formats reads the same in both.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bench.compose import Clause, Decision, Paragraph, Ref
from bench.phrasing import Phrasing, chinese_number, contract_es, contract_fr, decline_ru, load_phrasing

FOOTNOTE = "\ue0ff"  # one per footnote reference, in order; writers replace it
DASHES = ("-", "\u2011", "\u2010", "\u2013")
DASH_WEIGHTS = (70, 15, 5, 10)
RU_PREFIX = {"MC": (("МК", 5), ("MК", 1), ("MC", 4)), "BC": (("БК", 1), ("BC", 1)), "RC": (("РК", 1), ("RC", 1)),
             "SC": (("СК", 1), ("SC", 1))}  # fmt: skip
CYRILLIC_LOOKALIKE = str.maketrans({"C": "С", "O": "О", "P": "Р"})
ABJAD = {"a": "أ", "b": "ب", "c": "ج", "d": "د", "e": "هـ", "f": "و"}
RU_SUB = {"a": "а", "c": "с", "e": "е"}  # Cyrillic letters typed for Latin sub-paragraph letters


@dataclass
class Line:
    """One line of a document as its author laid it out."""

    kind: str  # meeting title symbol note heading passage annex decision opening preamble numbered sub
    text: str  # footnote references as FOOTNOTE characters
    number: int | None = None
    label: str | None = None  # sub-paragraph letter as printed (a, أ)
    notes: list[str] = field(default_factory=list)  # texts of the footnotes cited, in order
    paragraph_id: str | None = None  # decision paragraphs: the id the warehouse should give it


@dataclass
class RenderedParagraph:
    paragraph_id: str
    kind: str
    number: int
    sub: str | None
    text: str
    lead_verb: str | None
    notes: list[str]
    refs: list[tuple[bool, Ref]]  # (in footnote, reference)
    orgs: list[str]  # organisations named in the text


@dataclass
class RenderedDecision:
    decision: Decision
    language: str
    lines: list[Line]
    paragraphs: list[RenderedParagraph]


def clean(text: str) -> str:
    """What the warehouse keeps of a paragraph: markers out, whitespace runs collapsed."""
    return " ".join(text.replace(FOOTNOTE, "").split())


class Writer:
    """Renders decisions of one language."""

    def __init__(self, language: str, seed: int) -> None:
        self.p: Phrasing = load_phrasing(language)
        self.language = language
        self.seed = seed
        self.rng = random.Random(0)

    # -- symbols and references ------------------------------------------------------------------------------------
    def decision_symbol(self, prefix: str, meeting: int, number: int | None) -> str:
        r = self.rng
        written = prefix
        if self.language == "ru" and prefix in RU_PREFIX:  # other bodies' headings are their shape's (bench.shapes)
            options = RU_PREFIX[prefix]
            written = r.choices([o for o, _ in options], weights=[w for _, w in options])[0]
        dashes = DASHES if self.language != "zh" else DASHES[:1] + DASHES[2:]  # no U+2011 in Chinese (nor its fonts)
        dash = r.choices(dashes, weights=DASH_WEIGHTS[: len(dashes)])[0]
        return f"{written}{dash}{meeting}/{'[--]' if number is None else number}"

    def document_symbol(self, symbol: str) -> str:
        if self.language == "ru" and self.rng.random() < 0.15 and "COP" in symbol:
            return symbol.replace("COP", "COP".translate(CYRILLIC_LOOKALIKE), 1)
        return symbol

    def sub_letter(self, letter: str, in_article: bool = False) -> str:
        if self.language == "ar":
            return ABJAD[letter]
        if self.language == "ru" and in_article and letter in RU_SUB and self.rng.random() < 0.5:
            return RU_SUB[letter]
        return letter

    def number(self, n: int) -> str:
        return chinese_number(n) if self.language == "zh" else str(n)

    def reference(self, ref: Ref, template: str | None = None) -> str:
        refs = self.p["references"]
        if ref.form == "decision":
            return (template or refs["decision"]).format(symbol=self.decision_symbol(ref.prefix, ref.meeting,
                                                                                      ref.number))  # fmt: skip
        if ref.form in ("decision_short", "resolution_short"):
            return (template or refs[ref.form]).format(meeting=ref.meeting, number=ref.number)
        if ref.form == "decision_roman":  # "decision VIII/2": the short form with the meeting in roman numerals
            return refs["decision_short"].format(meeting=roman(ref.meeting), number=ref.number)
        if ref.form == "document":
            return (template or refs["document"]).format(symbol=self.document_symbol(ref.target))
        options = (
            [t for t in refs["per_article"] if ("{sub}" in t) == (ref.sub is not None)]
            if template is None
            else [template]
        )
        return self.rng.choice(options).format(
            article=self.number(ref.article), paragraph=ref.paragraph,
            sub=self.sub_letter(ref.sub, in_article=True) if ref.sub else "",
        )  # fmt: skip

    # -- names -----------------------------------------------------------------------------------------------------
    def organization(self, org: str, case: str = "nom") -> str:
        r = self.rng
        acronyms = self.p.acronyms.get(org, [])
        name = r.choice(acronyms) if acronyms and r.random() < 0.15 else r.choice(self.p.organizations[org])
        if self.language == "ru":
            return decline_ru(name, case)
        articles = self.p.get("org_articles")
        if articles is None:
            return self.p.get("org_article", "") + name if name not in acronyms else name
        first = name.split()[0].strip("«»\"'")
        article = articles.get(first, articles.get("_default", ""))
        if name in acronyms:
            article = articles.get("_acronym_vowel", "") if name[:1] in "AEIOUÉ" else articles.get("_acronym", "")
        return article + name

    def names(self, items: list[str]) -> str:
        """A list in the language: "A, B and C" / "A、B和C" / Arabic "A وB" (the conjunction joined to the word)."""
        p = self.p
        if len(items) == 1:
            return items[0]
        if self.language == "ar":
            return f" {p['and']}".join(items)
        return f"{p['list_comma'].join(items[:-1])}{p.space}{p['and']}{p.space}{items[-1]}"

    def actors(self, keys: tuple[str, ...], case: str = "nom") -> str:
        written = []
        for key in keys:
            if key in self.p.actors:
                forms = self.rng.choice(self.p.actors[key])
                written.append(forms.get(case, forms["nom"]))
            else:
                written.append(self.organization(key, case))
        return self.names(written)

    def cooperation(self, orgs: tuple[str, ...]) -> str:
        if not orgs:
            return ""
        template = self.p["cooperation"]
        case = "ins" if "{orgs:ins}" in template else "nom"
        names = []
        for org in orgs:
            if org == "brs" and self.language == "ru":  # the three names, declined one by one
                names += [self.organization(m, case) for m in ("basel", "rotterdam", "stockholm")]
            else:
                names.append(self.organization(org, case))
        return template.replace("{orgs:ins}", "{orgs}").format(orgs=self.names(names))

    # -- verbs -----------------------------------------------------------------------------------------------------
    def verb(self, clause: Clause, table: str):
        """(written verb, lead verb as the lexicon knows it, Verb); "also" forms ("Also requests") for a verb used
        before in the decision."""
        options = getattr(self.p, table)[clause.action]
        verb = options[clause.verb_pick % len(options)]
        written = verb.written
        if clause.also and table == "operative":
            also = self.p["also"]
            written = also.format(verb=_lower_first(written) if also[:1].isupper() else written)
        return written, verb.lead, verb

    # -- paragraphs ------------------------------------------------------------------------------------------------
    def clause_text(self, clause: Clause, refs: list[tuple[bool, Ref]], orgs: list[str], second: bool = False):
        p = self.p
        written, lead, verb = self.verb(clause, "operative")
        if second and p["capitalize"]:
            written = _lower_first(written)
        topic = p["topics"][clause.topic]["np"]
        frames = p["frames"]
        if clause.kind == "object":
            np = self.glued(verb.glue, p["objects"][clause.item].format(topic=topic))
            text = frames["object"].format(verb=written, np=np)
        elif clause.kind == "decides":
            text = frames["decides"].format(verb=written, vp=self.vp(clause.item, topic, "inf"))
        else:
            frame_name = verb.frame or ("second" if second and "second" in frames else "mandate")
            frame = frames[frame_name]
            case = "nom"
            match = re.search(r"\{actors:(\w+)\}", frame)
            if match:
                case = match.group(1)
                frame = frame.replace(match.group(0), "{actors}")
            resources = ""
            if clause.resources:
                phrase = self.rng.choice(p.lexicon.raw["subject_to_resources"])
                resources = p["resources"].format(phrase=phrase)
            slot = next(s for s in ("vp_subj", "vp_masdar", "vp_inf", "vp") if "{" + s + "}" in frame)
            form = {"vp": "inf", "vp_inf": "inf", "vp_masdar": "masdar"}.get(slot)
            if slot == "vp_subj":
                form = "pl" if len(clause.actors) > 1 or any(a in _PLURAL_ROLES for a in clause.actors) else "sg"
            values = {"verb": written, "actors": self.actors(clause.actors, case), "resources": resources}
            values[slot] = self.vp(clause.item, topic, form)
            text = frame.format(**values)
            orgs += [a for a in clause.actors if a not in p.actors]
        text += self.cooperation(clause.orgs)
        orgs += list(clause.orgs)
        if clause.ref is not None:
            refs.append((False, clause.ref))
            per_document = p["references"]["per_document"] if clause.ref.form == "document" else None
            text += self.reference(clause.ref, per_document)
        if clause.kind == "mandate" and clause.report_to:
            ordinal = chinese_number(clause.report_to) if self.language == "zh" else p["ordinals"][clause.report_to]
            text += p["report"].format(ordinal=ordinal)
        return text, lead

    def vp(self, item: int, topic: str, form: str) -> str:
        entry = self.p["vps"][item]
        if isinstance(entry, dict):
            entry = entry.get(form) or entry.get("inf") or next(iter(entry.values()))
        return entry.format(topic=topic)

    def preambular(self, paragraph: Paragraph, last: bool) -> tuple[str, str, list, list, list]:
        p, sp = self.p, self.p.space
        clause = paragraph.clauses[0]
        options = p.preambular[clause.action]
        verb = options[clause.verb_pick % len(options)]
        refs: list[tuple[bool, Ref]] = []
        orgs: list[str] = []
        if clause.ref is not None:
            body = self.reference(clause.ref)
            refs.append((False, clause.ref))
        else:
            body = p["objects"][clause.item].format(topic=p["topics"][clause.topic]["np"])
        written = verb.written
        if paragraph.number > 1 and p.get("preamble_next"):
            written = p["preamble_next"].format(verb=written)  # Arabic: "وإذ يرحب" after the first
        text = f"{written}{sp}{self.glued(verb.glue, body)}{self.cooperation(clause.orgs)}"
        orgs += list(clause.orgs)
        notes = []
        if paragraph.footnote is not None:
            notes.append(self.footnote_text(paragraph.footnote))
            refs.append((True, paragraph.footnote))
            text += FOOTNOTE
        return self.finish(text) + p["punct"]["preamble"], verb.lead, notes, refs, orgs

    def glued(self, glue: str, words: str) -> str:
        """The words a verb needs before its object: "of …", "de …", or a preposition joined to the word ("ب+")."""
        if not glue:
            return words
        if glue.endswith("+"):
            prefix = glue[:-1]
            if prefix == "ل" and words.startswith("ال"):  # ل + ال = لل
                return "لل" + words[2:]
            return prefix + words
        return f"{glue}{self.p.space}{words}"

    def footnote_text(self, ref: Ref) -> str:
        template = self.rng.choice(self.p["references"]["footnote_document"])
        return template.format(symbol=self.document_symbol(ref.target))

    def finish(self, text: str) -> str:
        if self.language == "fr":
            text = contract_fr(text)
        elif self.language == "es":
            text = contract_es(text)
        if self.p["capitalize"]:
            text = text[:1].upper() + text[1:]
        return text

    def render(self, decision: Decision, heading_symbol: str | None = None) -> RenderedDecision:
        """The lines of one decision (heading, opening, paragraphs) and the truth of each paragraph."""
        self.rng = random.Random(f"{self.seed}:{decision.decision_id}:{self.language}")
        p = self.p
        lang = self.language
        title = p["topics"][decision.topic]["title"]
        symbol = self.decision_symbol(decision.prefix, decision.meeting, decision.number)
        template = p["decision_heading"] if decision.number is not None else p["draft_heading"]
        lines = [Line("decision", template.format(symbol=symbol, title=title))]
        opening = p.lexicon.body_openings[0]
        lines.append(Line("opening", opening + p["punct"]["preamble"]))
        rendered: list[RenderedParagraph] = []
        did = decision.decision_id
        for paragraph in decision.preamble:
            text, lead, notes, refs, orgs = self.preambular(paragraph, last=False)
            pid = f"{did}:{lang}:p{paragraph.number}"
            lines.append(Line("preamble", text, notes=notes, paragraph_id=pid))
            rendered.append(RenderedParagraph(pid, "preambular", paragraph.number, None, clean(text), lead, notes,
                                              refs, orgs))  # fmt: skip
        count = len(decision.operative)
        for index, paragraph in enumerate(decision.operative, start=1):
            rendered += self.operative(paragraph, did, lines, last=index == count)
        return RenderedDecision(decision, lang, lines, rendered)

    def operative(self, paragraph: Paragraph, did: str, lines: list[Line], last: bool) -> list[RenderedParagraph]:
        p = self.p
        lang = self.language
        refs: list[tuple[bool, Ref]] = []
        orgs: list[str] = []
        text, lead = self.clause_text(paragraph.clauses[0], refs, orgs)
        for clause in paragraph.clauses[1:]:
            more, _ = self.clause_text(clause, refs, orgs, second=True)
            text += p["frames"]["joiner"] + more
        notes = []
        if paragraph.footnote is not None:
            notes.append(self.footnote_text(paragraph.footnote))
            refs.append((True, paragraph.footnote))
            text += FOOTNOTE
        text = self.finish(text)
        punct = p["punct"]
        if paragraph.subs:
            text += p["intro"] + punct["intro"]
        else:
            text += punct["last"] if last else punct["operative"]
        pid = f"{did}:{lang}:o{paragraph.number}"
        lines.append(Line("numbered", text, number=paragraph.number, notes=notes, paragraph_id=pid))
        out = [RenderedParagraph(pid, "operative", paragraph.number, None, clean(text), lead, notes, refs, orgs)]
        letters = p["sub_letters"]
        for i, sub in enumerate(paragraph.subs):
            letter = letters[i]
            topic = p["topics"][sub.topic]["np"]
            sub_text = p["subs"][sub.item].format(topic=topic) + self.cooperation(sub.orgs)
            sub_text = self.finish(sub_text)
            final = i == len(paragraph.subs) - 1
            sub_text += punct["last"] if (last and final) else punct["sub"]
            sid = f"{pid}-{letter}"
            label = self.sub_letter(letter)
            lines.append(Line("sub", sub_text, label=label, paragraph_id=sid))
            out.append(RenderedParagraph(sid, "operative", paragraph.number, letter, clean(sub_text), None, [], [],
                                         list(sub.orgs)))  # fmt: skip
        return out


_PLURAL_ROLES = {"parties", "non_parties", "governments", "stakeholders"}


def roman(n: int) -> str:
    """1 -> I, 9 -> IX, 14 -> XIV: how Basel (to its ninth meeting) and ICCM number their meetings."""
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
