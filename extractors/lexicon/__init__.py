"""Language lexicons: one YAML file per language (data), compiled here once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from extractors.text import tokens

LEXICON_DIR = Path(__file__).resolve().parent


def available_languages() -> list[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.yaml"))


def _alternation(phrases: list[str]) -> str:
    """Regex alternation of phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@dataclass
class Lexicon:
    language: str
    script: str
    raw: dict[str, Any] = field(repr=False)

    def __post_init__(self) -> None:
        raw = self.raw
        stemming = raw.get("stemming", {})
        self.min_stem: int = stemming.get("min_stem", 3)
        self.endings: list[str] = sorted(stemming.get("endings", []), key=len, reverse=True)
        self.reflexive: list[str] = stemming.get("reflexive", [])
        self.stopwords: set[str] = set(raw.get("stopwords", []))
        self.body_openings: list[str] = raw.get("body_openings", [])
        self.decision_headings: dict[str, list[str]] = raw.get("decision_headings", {})
        self.document_markers: dict[str, list[str]] = raw.get("document_markers", {})
        self.not_title = [re.compile(p, re.IGNORECASE) for p in raw.get("not_title_patterns", [])]
        self.ordinals: dict[str, int] = raw.get("ordinals", {})
        self.preambular: dict[str, str] = {k.lower(): v for k, v in raw.get("preambular", {}).items()}
        self.operative: dict[str, str] = {k.lower(): v for k, v in raw.get("operative", {}).items()}
        self.adverbs: list[str] = raw.get("adverbs", [])
        self.actors: dict[str, list[str]] = raw.get("actors", {})
        self.actor_skip_words: set[str] = {w.lower() for w in raw.get("actor_skip_words", [])}
        self.subject_to_resources = re.compile(_alternation(raw.get("subject_to_resources", [])), re.IGNORECASE)
        self.report_to = [re.compile(p, re.IGNORECASE) for p in raw.get("report_to", [])]
        self.articles = {k: re.compile(v, re.IGNORECASE) for k, v in raw.get("articles", {}).items()}
        self.short_forms = {k: re.compile(v, re.IGNORECASE) for k, v in raw.get("short_forms", {}).items()}
        self.activity_types: dict[str, list[str]] = raw.get("activity_types", {})
        adverbs = _alternation(self.adverbs)
        adverb_prefix = rf"(?:(?:{adverbs})\s+)*" if adverbs else ""
        # a verb counts where a clause starts: paragraph start, or after ; : and "и"/"and"
        joiner = r"(?:^|[;:]\s*(?:(?:и|and|et|y)\s+)?|,?\s+(?:и|and|et|y)\s+)"
        self.operative_re = re.compile(
            rf"{joiner}{adverb_prefix}(?P<verb>{_alternation(list(self.operative))})(?!\w)", re.IGNORECASE
        )
        self.preambular_re = re.compile(
            rf"^{adverb_prefix}(?P<verb>{_alternation(list(self.preambular))})(?!\w)", re.IGNORECASE
        )
        self.body_opening_re = re.compile(rf"^(?:{_alternation(self.body_openings)})\s*[,،，]?\s*$", re.IGNORECASE)

    def stem(self, word: str) -> str:
        word = word.lower()
        for suffix in self.reflexive:
            if word.endswith(suffix) and len(word) - len(suffix) > self.min_stem + 1:
                word = word[: -len(suffix)]
                break
        for ending in self.endings:
            if word.endswith(ending) and len(word) - len(ending) >= self.min_stem:
                return word[: -len(ending)]
        return word

    def stems(self, text: str) -> list[tuple[str, int, int]]:
        return [(self.stem(w), s, e) for w, s, e in tokens(text)]

    def ordinal(self, word: str) -> int | None:
        word = word.lower()
        for stem in sorted(self.ordinals, key=len, reverse=True):
            if word.startswith(stem):
                return self.ordinals[stem]
        return None

    def marker(self, text: str, kind: str) -> bool:
        lowered = text.lower()
        return any(lowered.startswith(m.lower()) for m in self.document_markers.get(kind, []))


@cache
def load_lexicon(language: str) -> Lexicon:
    path = LEXICON_DIR / f"{language}.yaml"
    if not path.is_file():
        raise KeyError(f"no lexicon for language {language!r} (have {', '.join(available_languages())})")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(language=raw["language"], script=raw["script"], raw=raw)
