"""How each language phrases a decision: bench/languages/<lang>.yaml (glue, fillers, titles) over the project's own
lexicon (extractors/lexicon/<lang>.yaml: verbs, participles, addressees, resource phrases, ordinals) and gazetteer
(dbt_project/seeds/organization_aliases.csv: organisation names in every language).

Why validate against the lexicon: the generator's ground truth says "this paragraph's action is `requests`". That
claim must come from the same mapping the project documents (the lexicon), so every verb and participle listed in a
phrasing file is checked here to be one the lexicon maps to the declared action, and every addressee to be one of
the lexicon's phrases for that role. A lexicon change that breaks a claim stops the generator instead of silently
producing wrong truth. The generator never runs the parser to decide what is true.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from extractors.gazetteer import GAZETTEER_PATH
from extractors.lexicon import Lexicon, available_languages, load_lexicon

PHRASING_DIR = Path(__file__).resolve().parent / "languages"
# Canonical actions that give a mandate when the verb names an addressee (CONTRACT.md marts.mandates).
MANDATE_ACTIONS = ("requests", "invites", "encourages", "urges", "calls_upon", "authorizes", "recommends")


class PhrasingError(ValueError):
    """A phrasing file claims something the lexicon or gazetteer does not say."""


@dataclass(frozen=True)
class Verb:
    """A verb or participle as written at the start of a clause."""

    written: str  # e.g. "Prend note", "Strongly encourages", "поручает"
    lead: str  # the part the lexicon knows (the paragraph's lead verb), e.g. "Prend note"
    action: str  # canonical action (the lexicon's value)
    glue: str = ""  # words that must follow ("of" after "Taking note")
    frame: str = ""  # frame name for operative verbs ("mandate_dat" …)


@dataclass
class Phrasing:
    language: str
    lexicon: Lexicon = field(repr=False)
    raw: dict[str, Any] = field(repr=False)
    preambular: dict[str, list[Verb]] = field(default_factory=dict)
    operative: dict[str, list[Verb]] = field(default_factory=dict)
    actors: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    organizations: dict[str, list[str]] = field(default_factory=dict)  # full names
    acronyms: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    @property
    def space(self) -> str:
        return self.raw.get("space", " ")


def phrasing_languages() -> list[str]:
    """Languages the generator writes: a lexicon AND a phrasing file (a new lexicon without phrasing is skipped and
    reported by the generator)."""
    return [lang for lang in available_languages() if (PHRASING_DIR / f"{lang}.yaml").is_file()]


@cache
def load_phrasing(language: str) -> Phrasing:
    raw = yaml.safe_load((PHRASING_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    lexicon = load_lexicon(language)
    phrasing = Phrasing(language=language, lexicon=lexicon, raw=raw)
    phrasing.preambular = {a: [_verb(lexicon, lexicon.preambular, a, e) for e in v]
                           for a, v in raw["preambular"].items()}  # fmt: skip
    phrasing.operative = {a: [_verb(lexicon, lexicon.operative, a, e) for e in v] for a, v in raw["operative"].items()}
    phrasing.actors = {k: [_actor_forms(lexicon, k, form) for form in forms] for k, forms in raw["actors"].items()}
    phrasing.organizations, phrasing.acronyms = _organizations(language)
    lengths = {key: len(raw[key]) for key in ("objects", "vps", "subs", "topics", "note_passages")}
    reference = load_reference_lengths()
    if lengths != reference:
        raise PhrasingError(f"{language}: list lengths {lengths} differ from en.yaml {reference} (translations align)")
    return phrasing


@cache
def load_reference_lengths() -> dict[str, int]:
    raw = yaml.safe_load((PHRASING_DIR / "en.yaml").read_text(encoding="utf-8"))
    return {key: len(raw[key]) for key in ("objects", "vps", "subs", "topics", "note_passages")}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _verb(lexicon: Lexicon, mapping: dict[str, str], action: str, entry: str | dict[str, str]) -> Verb:
    """Check one phrasing entry against the lexicon: its longest lexicon phrase must map to the declared action."""
    if isinstance(entry, str):
        written, _, glue = entry.partition("|")
        frame = ""
    else:
        written, glue, frame = entry["verb"], entry.get("glue", ""), entry.get("frame", "")
    normalized = _norm(written)
    joiner = "" if lexicon.segmentation == "characters" else " "
    keys = [k for k in mapping if normalized == k or normalized.startswith(k + joiner)]
    if not keys:
        raise PhrasingError(f"{lexicon.language}: {written!r} is not a lexicon phrase")
    key = max(keys, key=len)
    if mapping[key] != action:
        raise PhrasingError(f"{lexicon.language}: the lexicon maps {key!r} to {mapping[key]!r}, not {action!r}")
    lead = written[: len(key)] if normalized.startswith(key) else written
    # Words the lexicon lists as adverbs ("вновь", "also") stand before a verb without being part of it: the lead
    # verb of «вновь подтверждает» is «подтверждает», as the lead verb of "Also requests" is "requests".
    for adverb in sorted(lexicon.adverbs, key=len, reverse=True):
        head = adverb + joiner
        if _norm(lead).startswith(head.lower()) and _norm(lead[len(head) :]) in mapping:
            lead = lead[len(head) :]
            break
    return Verb(written=written, lead=lead, action=action, glue=glue, frame=frame)


def _actor_forms(lexicon: Lexicon, key: str, form: str | dict[str, str]) -> dict[str, str]:
    """Case forms of one addressee; its nominative (articles dropped) must be a lexicon phrase for that role."""
    forms = {"nom": form} if isinstance(form, str) else dict(form)
    phrases = {_norm(p) for p in lexicon.actors.get(key, [])}
    skip = {w.lower() for w in lexicon.raw.get("actor_skip_words", [])}
    words = forms["nom"].split()
    while words and words[0].lower() in skip:
        words = words[1:]
    if _norm(" ".join(words)) not in phrases:
        raise PhrasingError(f"{lexicon.language}: addressee {forms['nom']!r} is not a lexicon phrase for {key!r}")
    return forms


def _organizations(language: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Full names and acronyms of every gazetteer organisation in the language."""
    names: dict[str, list[str]] = {}
    acronyms: dict[str, list[str]] = {}
    with GAZETTEER_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["language"] != language:
                continue
            alias = row["alias"]
            target = acronyms if (len(alias.split()) == 1 and alias.isupper()) else names
            target.setdefault(row["organization_id"], []).append(alias)
    return names, acronyms


# -- grammar helpers --------------------------------------------------------------------------------------------------

_RU_ADJECTIVE = re.compile(r"(ая|яя|ое|ее|ый|ий|ой)$")


def decline_ru(phrase: str, case: str) -> str:
    """Put the head of a Russian organisation name into a case (dat, acc, ins): the leading adjectives and the first
    noun change, the rest (genitive complements, «по …» phrases) stays. Acronyms are indeclinable."""
    if case == "nom":
        return phrase
    words = phrase.split(" ")
    out = []
    for i, word in enumerate(words):
        if word.isupper() or not word[:1].isalpha():
            out.extend(words[i:])
            break
        if word in ("и",):
            out.append(word)
            continue
        if _RU_ADJECTIVE.search(word) and i + 1 < len(words):
            out.append(_ru_adjective(word, case))
            continue
        out.append(_ru_noun(word, case))
        out.extend(words[i + 1 :])
        break
    return " ".join(out)


def _ru_adjective(word: str, case: str) -> str:
    stem, ending = word[:-2], word[-2:]
    feminine = ending in ("ая", "яя")
    soft = ending in ("яя", "ее") or (ending == "ий" and stem[-1:] not in "кгхжшчщ")
    table = {
        "dat": ("ей" if soft else "ой") if feminine else ("ему" if soft else "ому"),
        "acc": ("юю" if soft else "ую") if feminine else ending,
        "ins": ("ей" if soft else "ой") if feminine else ("им" if soft or stem[-1:] in "кгх" else "ым"),
    }
    return stem + table[case]


def _ru_noun(word: str, case: str) -> str:
    if word.endswith("ия"):
        return word[:-1] + {"dat": "и", "acc": "ю", "ins": "ей"}[case]
    if word.endswith("а"):
        return word[:-1] + {"dat": "е", "acc": "у", "ins": "ой"}[case]
    if word.endswith("я"):
        return word[:-1] + {"dat": "е", "acc": "ю", "ins": "ей"}[case]
    if word.endswith("о"):
        return word[:-1] + {"dat": "у", "acc": "о", "ins": "ом"}[case]
    if word.endswith("е"):
        return word[:-1] + {"dat": "ю", "acc": "е", "ins": "ем"}[case]
    if word.endswith("ь"):
        return word[:-1] + {"dat": "ю", "acc": "ь", "ins": "ем"}[case]
    return word + {"dat": "у", "acc": "", "ins": "ом"}[case]


_VOWEL = "aeéèêiîoôuyAEÉÈIÎOÔUY"
_FR_RULES = [
    (re.compile(r"\b([Dd])e le "), r"\1u "),
    (re.compile(r"\b([Dd])e les "), r"\1es "),
    (re.compile(r"\b([Àà]) le "), "au "),
    (re.compile(r"\b([Àà]) les "), "aux "),
    (re.compile(rf"\b([Dd])e (?=[{_VOWEL}])"), "\\1’"),
    (re.compile(rf"\b([Qq])ue (?=[{_VOWEL}])"), "\\1u’"),
    (re.compile(rf"\b([Ll])[ae] (?=[{_VOWEL}])"), "\\1’"),
]


def contract_fr(text: str) -> str:
    """French contractions and elisions: de le -> du, à les -> aux, de + vowel -> d’ …"""
    for pattern, replacement in _FR_RULES:
        text = pattern.sub(replacement, text)
    return text


_ES_RULES = [(re.compile(r"\b([Aa]) el\b"), r"\1l"), (re.compile(r"\b([Dd])e el\b"), r"\1el")]


def contract_es(text: str) -> str:
    """Spanish contractions: a el -> al, de el -> del."""
    for pattern, replacement in _ES_RULES:
        text = pattern.sub(replacement, text)
    return text


_ZH_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (十六, 二十三)."""
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
