"""The document shapes real decisions are published in, beyond our own compilations (issue 11), each a named shape
in the generated truth so that accuracy can be reported per shape:

    heading_compilation   a meeting's decisions, each after a heading line "Decision BC-10/7: …" (the M/L corpora)
    secretariat_note      a note by the secretariat with a draft decision in its annex (the M/L corpora)
    headingless_web_copy  a web copy of one decision: no heading line, the text starts with the body opening; the
                          symbol only in the file name and the page title (HTML <title>) or page header (DOCX, PDF)
    informea_page         the text of an InforMEA decision page: site boilerplate lines, the page's own title, field
                          labels and values on lines of their own (Treaty, Meeting, Type, Status, Number), numbering
                          glued to the text ("1.Requests", "(a)Develop")
    unea_resolution       UNEP/EA.6/Res.3: symbol line, "Resolution adopted by the United Nations Environment
                          Assembly", heading "6/3. Title", "The United Nations Environment Assembly,"
    gc_decision           GC.25/5: "Decision 25/5: Title", "The Governing Council,"
    iccm_resolution       ICCM.5/1: "Resolution V/1: Title", "The International Conference on Chemicals Management,"
    basel_roman           BC-9/15 as the Basel Convention wrote it to its ninth meeting: "Decision IX/15: Title",
                          earlier decisions cited as "decision VIII/2"

The decisions are composed as everywhere else (bench.compose), so the truth of a text is the truth of its decision
whatever its shape; only the lines around the paragraphs differ. The texts are original (generated), the structures
are those of the published pages.
"""

from __future__ import annotations

import random

from bench.compose import Decision
from bench.documents import Document
from bench.phrasing import load_phrasing
from bench.render import Line, Writer, roman

SHAPES = ("heading_compilation", "secretariat_note", "headingless_web_copy", "informea_page", "unea_resolution",
          "gc_decision", "iccm_resolution", "basel_roman")  # fmt: skip
CORPUS_SHAPES = ("heading_compilation", "secretariat_note")  # what the M and L corpora hold (issue 7)
# The issuing body of the shapes that have one of their own, and the meetings (sessions) they are drawn from.
SHAPE_BODIES = {"unea_resolution": "unea", "gc_decision": "unep_gc", "iccm_resolution": "gfc",
                "basel_roman": "basel"}  # fmt: skip
SHAPE_MEETINGS = {"unea_resolution": (1, 7), "gc_decision": (19, 27), "iccm_resolution": (1, 5),
                  "basel_roman": (1, 9)}  # fmt: skip
# Formats each shape is published in (default: every format, as the compilations).
SHAPE_FORMATS = {"headingless_web_copy": {"txt": 30, "html": 40, "docx": 20, "pdf": 10}, "informea_page": {"txt": 1}}
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}
NOTE_ROOTS = {"minamata": "UNEP-MC-COP.{m}", "basel": "UNEP-CHW-COP.{m}", "rotterdam": "UNEP-FAO-RC-COP.{m}",
              "stockholm": "UNEP-POPS-COP.{m}"}  # fmt: skip
# InforMEA's site chrome as it comes out of a page saved as text (English whatever the decision's language).
INFORMEA_TOP = ("Skip to main content", "InforMEA", "Toggle navigation", "Treaties", "Decisions", "Glossary", "Search")
INFORMEA_BOTTOM = ("Files", "Share meeting", "Contact us", "Terms of use", "Privacy")


def file_path(shape: str, decision: Decision, language: str, ext: str, index: int) -> str:
    """Where a one-decision file of a shape lives in the corpus, named the way its source names it."""
    m, n = decision.meeting, decision.number
    if shape == "headingless_web_copy":  # the BRS/Minamata download name: the only place the symbol is spelled out
        root = NOTE_ROOTS[decision.body].format(m=m)
        symbol = (decision.symbol or "").replace("/", "-")
        return f"web/{decision.body}/cop{m:02d}/{root}-{symbol}.{LANGUAGE_NAMES.get(language, language)}.{ext}"
    if shape == "informea_page":  # a page slug: no symbol
        return f"informea/{decision.body}/{language}/decision-{index:04d}.{ext}"
    if shape == "unea_resolution":
        return f"unea/ea{m:02d}/{language}/UNEP-EA.{m}-Res.{n}.{LANGUAGE_NAMES.get(language, language)}.{ext}"
    if shape == "gc_decision":
        return f"unep_gc/gc{m:02d}/{language}/gc-decision-{m}-{n}.{ext}"
    if shape == "iccm_resolution":
        return f"gfc/iccm{m}/{language}/resolution-{roman(m)}-{n}.{ext}"
    return f"basel/cop{m:02d}/{language}/decision-{roman(m)}-{n}.{ext}"  # basel_roman


def document(shape: str, language: str, decision: Decision, seed: int, fmt: str) -> Document:
    """One decision in one language laid out in a shape. The paragraphs are bench.render's (so is their truth);
    the heading line and body opening are the shape's."""
    p = load_phrasing(language)
    writer = Writer(language, seed)
    rendered = writer.render(decision)
    opening, paragraphs = rendered.lines[1], rendered.lines[2:]  # lines[0], the heading, is the shape's to write
    title = p["topics"][decision.topic]["title"]
    shapes = p["shapes"]
    comma = p["punct"]["preamble"]
    m, n = decision.meeting, decision.number
    symbol: str | None = decision.symbol
    if shape == "headingless_web_copy":
        lines = [opening, *paragraphs]
        title = p["decision_heading"].format(symbol=decision.symbol, title=title)  # the page title
        symbol = decision.symbol if fmt in ("docx", "pdf") else None  # page header; HTML: <title>; text: file name
    elif shape == "informea_page":
        lines = [opening, *paragraphs]
    elif shape == "unea_resolution":
        lines = [Line("symbol", symbol or ""), Line("title", shapes["unea_adopted"]),
                 Line("decision", f"{m}/{n}. {title}"), Line("opening", shapes["openings"]["unea"] + comma),
                 *paragraphs]  # fmt: skip
    elif shape == "gc_decision":
        lines = [Line("decision", p["decision_heading"].format(symbol=f"{m}/{n}", title=title)),
                 Line("opening", shapes["openings"]["unep_gc"] + comma), *paragraphs]  # fmt: skip
        symbol = None
    elif shape == "iccm_resolution":
        lines = [Line("decision", shapes["resolution_heading"].format(symbol=f"{roman(m)}/{n}", title=title)),
                 Line("opening", shapes["openings"]["gfc"] + comma), *paragraphs]  # fmt: skip
        symbol = None
    elif shape == "basel_roman":
        lines = [Line("decision", p["decision_heading"].format(symbol=f"{roman(m)}/{n}", title=title)), opening,
                 *paragraphs]  # fmt: skip
        symbol = None
    else:
        raise ValueError(f"not a one-decision shape: {shape}")
    return Document(language, decision.body, lines, symbol, title, [rendered])


def write_informea_txt(doc: Document, decision: Decision, rng: random.Random) -> bytes:
    """An InforMEA decision page saved as text: chrome, the page title, one line per field label and per value,
    "Full text", the decision with its numbers glued to the words, more chrome. Footnotes have no place on these
    pages (the plan composes informea_page decisions without them)."""
    en = load_phrasing("en")
    labels = load_phrasing(doc.language)["labels"]
    ordinal = en["ordinals"][decision.meeting]
    fields = [
        ("Treaty", en["conventions"][decision.body]),
        ("Meeting", f"{ordinal[:1].upper()}{ordinal[1:]} meeting of the Conference of the Parties"),
        ("Type", "Decision"),
        ("Status", rng.choice(("Active", "Adopted"))),
        ("Number", decision.symbol or ""),
    ]
    out = [*INFORMEA_TOP, doc.title]
    for name, value in fields:
        out += [name, value]
    out.append("Full text")
    for line in doc.lines:
        if line.notes:
            raise ValueError("informea_page decisions are composed without footnotes")
        if line.kind == "numbered":
            out.append(labels["number"].format(n=line.number).replace(" ", "") + line.text)  # "1.Requests"
        elif line.kind == "sub":
            out.append(labels["sub"].format(s=line.label) + line.text)  # "(a)Develop"
        else:
            out.append(line.text)
    out += list(INFORMEA_BOTTOM)
    return ("\n".join(out) + "\n").encode("utf-8")
