"""Whole documents from rendered decisions: compilations of adopted decisions ("Decisions adopted by the Conference
of the Parties … at its fifth meeting") and notes by the secretariat whose annex holds a draft decision.

A Document is format-neutral (its lines keep footnote references as placeholders); bench.writers turns it into the
bytes of a seed-format text, DOCX, PDF or HTML file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.compose import Decision, Ref
from bench.phrasing import load_phrasing
from bench.render import FOOTNOTE, Line, RenderedDecision, Writer


@dataclass
class PassageTruth:
    """A passage outside any decision (notes): what it cites and names."""

    refs: list[Ref]
    orgs: list[str] = field(default_factory=list)


@dataclass
class Document:
    language: str
    body: str
    lines: list[Line]
    symbol: str | None  # the document symbol a page header / site field shows (None for plain compilations)
    title: str
    decisions: list[RenderedDecision]
    passages: list[PassageTruth] = field(default_factory=list)

    def numbered_runs(self) -> list[tuple[Line, list[str | int]]]:
        """Each line as runs of text and footnote numbers (numbered through the document, as Word does)."""
        out = []
        n = 0
        for line in self.lines:
            runs: list[str | int] = []
            for i, chunk in enumerate(line.text.split(FOOTNOTE)):
                if i:
                    n += 1
                    runs.append(n)
                if chunk:
                    runs.append(chunk)
            out.append((line, runs))
        return out

    def notes(self) -> dict[int, str]:
        texts = [note for line in self.lines for note in line.notes]
        return {i: text for i, text in enumerate(texts, start=1)}


def _ordinal(phrasing, table: str, n: int) -> str:
    value = phrasing.get(table, {}).get(n) if phrasing.get(table) else None
    if value:
        return value
    if phrasing.language == "zh":
        from bench.phrasing import chinese_number

        return chinese_number(n)
    return phrasing["ordinals"][n]


def compilation(language: str, body: str, meeting: int, decisions: list[Decision], seed: int,
                symbol: str | None) -> Document:  # fmt: skip
    """The decisions of one meeting in one language, after the compilation's two head lines."""
    p = load_phrasing(language)
    head = p["head"]
    writer = Writer(language, seed)
    meeting_word = _ordinal(p, "meeting_ordinals", meeting)
    title = head["title"].format(convention=p["conventions"][body], ordinal=_ordinal(p, "title_ordinals", meeting))
    lines = [
        Line("meeting", head["meeting"].format(Ordinal=meeting_word[:1].upper() + meeting_word[1:])),
        Line("title", title),
    ]
    rendered = []
    for decision in decisions:
        one = writer.render(decision)
        rendered.append(one)
        lines += one.lines
    return Document(language, body, lines, symbol, title, rendered)


def note(language: str, draft: Decision, seed: int) -> Document:
    """A note by the secretariat: symbol, title, introduction (passages citing an article, a decision and a
    document), suggested action, and the draft decision in its annex."""
    p = load_phrasing(language)
    head = p["head"]
    writer = Writer(language, seed)
    rng = random.Random(f"{seed}:{draft.note_symbol}:{language}:note")
    writer.rng = rng
    title = p["topics"][draft.topic]["title"]
    lines = [Line("symbol", draft.note_symbol or ""), Line("title", title), Line("note", head["note"]),
             Line("heading", head["intro_heading"])]  # fmt: skip
    passages: list[PassageTruth] = []
    composer_rng = random.Random(f"{seed}:{draft.note_symbol}:refs")  # the same citations in every language
    for template in p["note_passages"]:
        ref = _passage_ref(template["ref"], draft, composer_rng)
        values = {"topic": p["topics"][draft.topic]["np"]}
        if ref.form == "article":
            values |= {"article": writer.number(ref.article), "paragraph": ref.paragraph,
                       "sub": writer.sub_letter(ref.sub, in_article=True)}  # fmt: skip
        elif ref.form == "decision_short":
            values |= {"meeting": ref.meeting, "number": ref.number}
        else:
            values |= {"symbol": writer.document_symbol(ref.target)}
        lines.append(Line("passage", template["text"].format(**values)))
        passages.append(PassageTruth([ref]))
    lines += [Line("heading", head["action_heading"]), Line("passage", head["suggested_action"])]
    passages.append(PassageTruth([]))
    lines.append(Line("annex", head["annex"]))
    passages.append(PassageTruth([]))
    rendered = writer.render(draft)
    lines += rendered.lines
    return Document(language, draft.body, lines, draft.note_symbol, title, [rendered], passages)


def _passage_ref(form: str, draft: Decision, rng: random.Random) -> Ref:
    if form == "article":
        article, paragraph, sub = rng.randint(1, 35), rng.randint(1, 9), rng.choice("abcde")
        return Ref("article", "article", f"{article}({paragraph})({sub})", treaty=draft.body, article=article,
                   paragraph=paragraph, sub=sub)  # fmt: skip
    if form == "decision_short":
        meeting, number = max(1, draft.meeting - 1), rng.randint(1, 30)
        return Ref("decision_short", "decision", f"{draft.prefix}-{meeting}/{number}", prefix=draft.prefix,
                   meeting=meeting, number=number)  # fmt: skip
    root = {"minamata": "UNEP/MC/COP", "basel": "UNEP/CHW", "rotterdam": "UNEP/FAO/RC/COP",
            "stockholm": "UNEP/POPS/COP"}[draft.body]  # fmt: skip
    symbol = f"{root}.{max(1, draft.meeting - 1)}/INF/{rng.randint(2, 40)}"
    return Ref("document", "document", symbol)
