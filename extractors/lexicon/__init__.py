"""Language lexicons: one YAML file per language (data), compiled here once per process.

Everything a language does differently lives in its YAML file: the words, and a few switches for how the language
is written (``segmentation: characters`` for Chinese, which has no spaces; attached conjunctions and prefixes for
Arabic; its own punctuation, numerals and sub-paragraph letters). The code below only compiles those switches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from extractors.text import char_tokens, fold_letter, fold_marks, tokens

LEXICON_DIR = Path(__file__).resolve().parent

# Defaults reproduce the original hard-wired behaviour for lexicons that do not set the keys (en, ru).
DEFAULT_SEPARATORS = [";", ":"]
DEFAULT_CONJUNCTIONS = ["и", "and", "et", "y"]
COMMAS = ",،，、"
WORD_MEMO = 200_000  # distinct words remembered per language (a few MB); the memo starts afresh when full
TEXT_MEMO = 64  # paragraphs whose stems are remembered (the addressee and organisation matchers share them)
SERIES_WINDOW = 30  # characters beside a short form searched for the series name ("Governing Council")
SERIES_LOOKAHEAD = 60  # further characters read to find the short forms next to it (where the window stops)


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
        # Memos: a paragraph is stemmed by several matchers, and a corpus repeats its words endlessly.
        self._word_stems: dict[str, tuple[str, int, int]] = {}  # word -> (stem, characters before it, lead)
        self._text_stems: dict[str, list[tuple[str, int, int, bool]]] = {}
        # how words are cut: "words" (spaces between words) or "characters" (Chinese: every Han character a token)
        self.segmentation: str = raw.get("segmentation", "words")
        by_chars = self.segmentation == "characters"
        stemming = raw.get("stemming", {})
        self.min_stem: int = stemming.get("min_stem", 3)
        self._ignore = str.maketrans("", "", stemming.get("ignore", ""))  # diacritics, tatweel: not letters
        self._letters = str.maketrans(stemming.get("letters", {}))  # spelling variants of one letter
        self.endings: list[str] = sorted(stemming.get("endings", []), key=len, reverse=True)
        self.reflexive: list[str] = stemming.get("reflexive", [])
        # prefixes written joined to the word (Arabic article and conjunction/prepositions). A mapping gives, for
        # each prefix, how many of its letters are a separate word left out of a name "as written" (و of ومنظمة).
        prefixes = stemming.get("prefixes", [])
        prefixes = prefixes if isinstance(prefixes, dict) else dict.fromkeys(prefixes, 0)
        self.prefixes: list[tuple[str, int]] = sorted(
            ((self.normalize(p), lead) for p, lead in prefixes.items()), key=lambda item: len(item[0]), reverse=True
        )
        self.stopwords: set[str] = set(raw.get("stopwords", []))
        self.body_openings: list[str] = raw.get("body_openings", [])
        self.decision_headings: dict[str, list[str]] = raw.get("decision_headings", {})
        self.heading_templates = self._heading_templates(self.decision_headings)
        self.document_markers: dict[str, list[str]] = raw.get("document_markers", {})
        self.document_marker_patterns = {
            kind: [re.compile(p, re.IGNORECASE) for p in patterns]
            for kind, patterns in raw.get("document_marker_patterns", {}).items()
        }
        self.not_title = [re.compile(p, re.IGNORECASE) for p in raw.get("not_title_patterns", [])]
        self.ordinals: dict[str, int] = {self.normalize(k): v for k, v in raw.get("ordinals", {}).items()}
        # digits written as words of a positional system (Chinese 二十三 = 23): values >= 10 multiply
        self.numerals: dict[str, int] = {str(k): v for k, v in raw.get("numerals", {}).items()}
        self.subparagraph_labels: dict[str, str] = {str(k): v for k, v in raw.get("subparagraph_labels", {}).items()}
        self.preambular: dict[str, str] = {k.lower(): v for k, v in raw.get("preambular", {}).items()}
        self.operative: dict[str, str] = {k.lower(): v for k, v in raw.get("operative", {}).items()}
        self.adverbs: list[str] = raw.get("adverbs", [])
        self.actors: dict[str, list[str]] = raw.get("actors", {})
        self.actor_skip_words: set[str] = {self.stem(w) for w in raw.get("actor_skip_words", [])}
        self.subject_to_resources = re.compile(_alternation(raw.get("subject_to_resources", [])), re.IGNORECASE)
        self.report_to = [re.compile(p, re.IGNORECASE) for p in raw.get("report_to", [])]
        self.articles = {k: re.compile(v, re.IGNORECASE) for k, v in raw.get("articles", {}).items()}
        bare = raw.get("bare_articles")
        self.bare_articles = re.compile(bare, re.IGNORECASE) if bare else None
        unless = raw.get("bare_articles_unless_followed_by")
        self.bare_articles_unless = re.compile(unless, re.IGNORECASE) if unless else None
        self.short_forms = {k: re.compile(v, re.IGNORECASE) for k, v in raw.get("short_forms", {}).items()}
        self.activity_types: dict[str, list[str]] = raw.get("activity_types", {})

        clauses = raw.get("clauses", {})
        separators = "".join(re.escape(s) for s in clauses.get("separators", DEFAULT_SEPARATORS))
        conjunctions = _alternation(clauses.get("conjunctions", DEFAULT_CONJUNCTIONS))
        # Arabic writes "and" joined to the next word (ويطلب); Chinese writes no spaces at all.
        attached = bool(clauses.get("attached", False))
        space = r"\s*" if by_chars else r"\s+"
        after_conjunction = "" if attached else space
        self.word_end = "" if by_chars else r"(?!\w)"
        adverbs = _alternation(self.adverbs)
        adverb_prefix = rf"(?:(?:{adverbs}){space})*" if adverbs else ""
        # a verb counts where a clause starts: paragraph start, after ; : and a conjunction ("и"/"and"/"و"/"并")
        joiner = (
            rf"(?:^|[{separators}]\s*(?:(?:{conjunctions}){after_conjunction})?"
            rf"|[{COMMAS}]?{space}(?:{conjunctions}){after_conjunction})"
        )
        self.operative_re = re.compile(
            rf"{joiner}{adverb_prefix}(?P<verb>{_alternation(list(self.operative))}){self.word_end}", re.IGNORECASE
        )
        conjunction_prefix = rf"(?:{conjunctions})?" if attached else ""  # Arabic "وإذ يرحب"
        self.preambular_re = re.compile(
            rf"^{conjunction_prefix}{adverb_prefix}(?P<verb>{_alternation(list(self.preambular))}){self.word_end}",
            re.IGNORECASE,
        )
        # which body a body opening names (UNEA, the Governing Council, the ICCM); the Conference of the Parties
        # is any convention's and names none
        self.opening_bodies = [
            (re.compile(rf"^(?:{_alternation(phrases)})\s*[,،，]?\s*$", re.IGNORECASE), body)
            for body, phrases in raw.get("opening_bodies", {}).items()
        ]
        self.named_series = [
            (re.compile(_alternation(phrases), re.IGNORECASE), series)
            for series, phrases in raw.get("named_series", {}).items()
        ]
        self.body_opening_re = re.compile(rf"^(?:{_alternation(self.body_openings)})\s*[,،，]?\s*$", re.IGNORECASE)
        # between two addressees: a comma and/or a conjunction ("Parties and WHO", "الأطراف ومنظمة", "缔约方和…")
        # (a language may join names with other words than clauses: Chinese 和/及 but 并 before a verb)
        joins = _alternation(clauses.get("addressee_conjunctions", clauses.get("conjunctions", DEFAULT_CONJUNCTIONS)))
        # the next numbers of a list of short forms: "decisions 24/3 II, 23/3 IV and 24/5", "резолюции 4/8 и 5/7"
        self.short_list_re = re.compile(
            rf"(?:\s+[IVX]+(?![\w/]))?\s*(?:[{COMMAS}]\s*)?(?:(?:{joins}){after_conjunction})?\s*"
            rf"(?P<meeting>\d{{1,2}}|[IVX]+)/(?P<number>\d{{1,3}})(?![\d/])",
            re.IGNORECASE,
        )
        self.addressee_joiner_re = re.compile(
            rf"\s*(?:[{COMMAS}]\s*(?:{joins})?|{joins}){after_conjunction}", re.IGNORECASE
        )
        # "Parties and other stakeholders, including WHO and UNITAR, to …": the cue that names further addressees
        including = raw.get("addressees_including", {})
        cues = _alternation(including.get("cues", []))
        word_start = "" if by_chars else r"(?<!\w)"
        self.including_re = re.compile(rf"{word_start}(?:{cues}){self.word_end}", re.IGNORECASE) if cues else None
        goes_on = including.get("clause_goes_on")
        self.including_goes_on = re.compile(goes_on, re.IGNORECASE) if goes_on else None
        self.including_max_gap: int = including.get("max_gap_words", 8)
        # qualifiers of the addressees that read like the clause going on ("Parties and others in a position to do
        # so, including the GEF, to …"): left out of the gap before the cue is judged
        qualifiers = including.get("addressee_qualifiers", [])
        self.including_qualifiers = re.compile(_alternation(qualifiers), re.IGNORECASE) if qualifiers else None

    def opening_body(self, opening: str) -> str | None:
        """The body a body-opening line names ("The Governing Council," -> unep_gc), None if it names none."""
        for pattern, body in self.opening_bodies:
            if pattern.match(opening.strip()):
                return body
        return None

    def series_named(self, before: str, after: str) -> str | None:
        """The series ("unep_gc", "unga") named right before or after a short form, if any. The window stops at
        the short forms beside it, and a name that opens the next short form is that one's: in "its resolution 4/19
        and General Assembly resolution 53/242" (其第4/19号决议以及联合国大会第53/242号决议) only 53/242 is the
        General Assembly's."""
        reach = SERIES_WINDOW + SERIES_LOOKAHEAD
        before, after = before[-reach:], after[:reach]
        marks_before, marks_after = fold_marks(before), fold_marks(after)
        cut = max((m.end() for p in self.short_forms.values() for m in p.finditer(marks_before)), default=0)
        before = before[max(cut, len(before) - SERIES_WINDOW) :]
        following = [m.start() for p in self.short_forms.values() for m in p.finditer(marks_after)]
        stop = min([SERIES_WINDOW, *following])
        for pattern, series in self.named_series:
            if pattern.search(before):
                return series
            m = pattern.search(after, 0, stop)
            # a name that opens the next citation is that one's: "resolutions 5/7 and 6/3 and General Assembly
            # resolution 77/161" cites two Assembly resolutions and one of the General Assembly
            if m and not (following and stop == min(following) and not after[m.end() : stop].strip()):
                return series
        return None

    # -- words ---------------------------------------------------------------------------------------------
    def normalize(self, word: str) -> str:
        """Lower case, diacritics dropped, letter variants folded (identity for most languages)."""
        return word.lower().translate(self._ignore).translate(self._letters)

    def _stem_and_lead(self, word: str) -> tuple[str, int]:
        """(stem, number of leading letters that are a separate word such as an attached conjunction)."""
        word = self.normalize(word)
        lead = 0
        for prefix, prefix_lead in self.prefixes:
            if word.startswith(prefix) and len(word) - len(prefix) >= self.min_stem:
                word, lead = word[len(prefix) :], prefix_lead
                break
        for suffix in self.reflexive:
            if word.endswith(suffix) and len(word) - len(suffix) > self.min_stem + 1:
                word = word[: -len(suffix)]
                break
        for ending in self.endings:
            if word.endswith(ending) and len(word) - len(ending) >= self.min_stem:
                return word[: -len(ending)], lead
        return word, lead

    def stem(self, word: str) -> str:
        return self._word_stem(word)[0]

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        return char_tokens(text) if self.segmentation == "characters" else tokens(text)

    def stems(self, text: str) -> list[tuple[str, int, int, bool]]:
        """(stem, start, end, joined) per token; the start skips an attached conjunction so spans show the name
        itself, and joined says there was one (Arabic و of واتفاقية: "and" begins a new name there).
        The list is shared with later calls for the same text: read it, do not change it."""
        cached = self._text_stems.get(text)
        if cached is not None:
            return cached
        result = []
        memo = self._word_stems
        for word, start, end in self.tokens(text):
            stem, skipped, lead = memo.get(word) or self._word_stem(word)
            result.append((stem, start + skipped, end, lead > 0))
        if len(self._text_stems) >= TEXT_MEMO:
            self._text_stems.clear()
        self._text_stems[text] = result
        return result

    def _word_stem(self, word: str) -> tuple[str, int, int]:
        """(stem, characters of the word before the stem's span starts, lead), memoised per word."""
        found = self._word_stems.get(word)
        if found is None:
            stem, lead = self._stem_and_lead(word)
            found = (stem, self._original_length(word, lead), lead)
            if len(self._word_stems) >= WORD_MEMO:
                self._word_stems.clear()
            self._word_stems[word] = found
        return found

    def _original_length(self, word: str, letters: int) -> int:
        """How many characters of the word as written hold its first `letters` letters (diacritics skipped)."""
        if not letters:
            return 0
        seen = 0
        for i, ch in enumerate(word):
            if ch.translate(self._ignore):
                seen += 1
                if seen == letters:
                    return i + 1
        return len(word)

    # -- numbers -------------------------------------------------------------------------------------------
    def number(self, text: str) -> int | None:
        """A number written in digits or in the language's numerals (二十三 -> 23)."""
        text = text.strip()
        if text.isdigit():
            return int(text)
        if not text or not self.numerals or any(ch not in self.numerals for ch in text):
            return None
        total, current = 0, 0
        for ch in text:
            value = self.numerals[ch]
            if value >= 10:
                total += (current or 1) * value
                current = 0
            else:
                current = current * 10 + value if current else value
        return total + current

    def ordinal(self, word: str) -> int | None:
        number = self.number(word)
        if number is not None:
            return number
        word = " ".join(self.normalize(word).split())
        for stem in sorted(self.ordinals, key=len, reverse=True):
            if word.startswith(stem):
                return self.ordinals[stem]
        return None

    def sub_label(self, label: str | None) -> str | None:
        """A sub-paragraph label as a Latin letter (Arabic أ ب ج … -> a b c …; Cyrillic look-alikes folded)."""
        if label is None:
            return None
        return self.subparagraph_labels.get(label) or fold_letter(label)

    # -- document layout -----------------------------------------------------------------------------------
    @staticmethod
    def _heading_templates(headings: dict[str, list[str]]) -> list[tuple[str, str, str]]:
        """(status, text before the symbol, text after it) from "Decision" or "第{symbol}号决定"."""
        templates = []
        for status, forms in headings.items():
            for form in forms:
                before, _, after = (form if "{symbol}" in form else form + " {symbol}").partition("{symbol}")
                templates.append((status, before.strip().lower(), after.strip().lower()))
        return sorted(templates, key=lambda t: len(t[1]) + len(t[2]), reverse=True)

    def decision_heading(self, before: str, after: str) -> tuple[str, str] | None:
        """(status, rest of the line) if the words around a decision symbol make a decision heading."""
        before = " ".join(before.lower().split())
        stripped = after.lstrip()
        for status, prefix, suffix in self.heading_templates:
            if before == prefix and stripped.lower().startswith(suffix):
                return status, stripped[len(suffix) :]
        if not before:
            return "adopted", after
        return None

    def marker(self, text: str, kind: str) -> bool:
        lowered = text.lower()
        if any(lowered.startswith(m.lower()) for m in self.document_markers.get(kind, [])):
            return True
        return any(p.search(text) for p in self.document_marker_patterns.get(kind, []))


@cache
def load_lexicon(language: str) -> Lexicon:
    path = LEXICON_DIR / f"{language}.yaml"
    if not path.is_file():
        raise KeyError(f"no lexicon for language {language!r} (have {', '.join(available_languages())})")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(language=raw["language"], script=raw["script"], raw=raw)


@cache
def heading_numbers() -> re.Pattern[str] | None:
    """Section numbers of every language ("一、", "أولاً -") that mark a heading line, for the language-neutral
    block splitter (it runs before the language is known)."""
    patterns = []
    for language in available_languages():
        patterns.extend(load_lexicon(language).raw.get("heading_numbers", []))
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
