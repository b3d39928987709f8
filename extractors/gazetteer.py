"""Finding named organisations and addressees in text, whatever their case ending.

Names are matched as sequences of word stems (the language's stemming rule from its lexicon), so a declined
Russian form «с Глобальным партнерством по ртути» matches the alias «Глобальное партнерство по ртути». The
organisation gazetteer is the dbt seed dbt_project/seeds/organization_aliases.csv: one list for the parser and
the warehouse. MERCURY_GAZETTEER names another copy of it for the parser (to try an edited alias list); the parse
cache key covers the file in use (extractors.parsers.parser_cache_key), and the matchers are rebuilt when it changes.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extractors.lexicon import Lexicon, load_lexicon
from extractors.text import splits_token

GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "organization_aliases.csv"
GAZETTEER_ENV = "MERCURY_GAZETTEER"

# A paragraph naming all three conventions is cooperation with the joint BRS secretariat too, and the reverse.
GROUPS = {"brs": ("basel", "rotterdam", "stockholm")}
JOINT_ACTORS = "+"


@dataclass(frozen=True)
class PhraseHit:
    key: str
    start: int
    end: int
    as_written: str


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


class PhraseMatcher:
    """Longest-match search of stemmed phrases in text.

    An all-capitals one-word alias (WHO, GEF) is an acronym and matches only in capitals, so "Parties who wish"
    is not the World Health Organization."""

    def __init__(self, phrases: list[tuple[str, str]], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # first stem -> [(stems, which words after the first have an attached conjunction, key)], longest first
        self.index: dict[str, list[tuple[tuple[str, ...], tuple[bool, ...], str]]] = {}
        self.acronyms: dict[str, str] = {}
        for key, phrase in phrases:
            words = phrase.split()
            if len(words) == 1 and _is_acronym(phrase) and phrase.isalpha():
                self.acronyms.setdefault(phrase, key)
                continue
            words = lexicon.stems(phrase)
            if words:
                stems, joined = tuple(w[0] for w in words), tuple(w[3] for w in words[1:])
                self.index.setdefault(stems[0], []).append((stems, joined, key))
        for entries in self.index.values():
            entries.sort(key=lambda entry: len(entry[0]), reverse=True)

    def _match(self, stems: list[tuple[str, int, int, bool]], i: int, text: str, offset: int = 0
               ) -> tuple[str, int] | None:  # fmt: skip
        for phrase, joined, key in self.index.get(stems[i][0], ()):
            n = len(phrase)
            words = stems[i : i + n]
            # a conjunction joined to a later word ends the name unless the name has it too: «الأمانة واتفاقية
            # بازل» is the secretariat and the Basel Convention, not «أمانة الاتفاقية»; «الأغذية والزراعة» is FAO
            if tuple(w[0] for w in words) == phrase and tuple(w[3] for w in words[1:]) == joined:
                return key, n
        word = text[stems[i][1] + offset : stems[i][2] + offset]
        if word in self.acronyms:
            return self.acronyms[word], 1
        return None

    def find_all(self, text: str) -> list[PhraseHit]:
        stems = self.lexicon.stems(text)
        index, acronyms = self.index, self.acronyms
        hits, i = [], 0
        while i < len(stems):
            stem, start, end, _ = stems[i]
            if stem not in index and text[start:end] not in acronyms:
                i += 1  # most words begin no name: skip them without a call
                continue
            found = self._match(stems, i, text)
            if found:
                key, n = found
                start, end = stems[i][1], stems[i + n - 1][2]
                hits.append(PhraseHit(key, start, end, text[start:end]))
                i += n
            else:
                i += 1
        return hits

    def match_at(self, text: str, pos: int, skip: set[str] | None = None) -> PhraseHit | None:
        """The phrase starting at the first word at or after pos, skipping words such as "the" unless a phrase
        starts with them (zh 各 is skipped before 缔约方 but opens the alias 各国政府)."""
        stems, i, offset = self._stems_from(text, pos)
        while i < len(stems):
            found = self._match(stems, i, text, offset)
            if found:
                break
            if not (skip and stems[i][0] in skip):
                return None
            i += 1
        else:
            return None
        key, n = found
        start, end = offset + stems[i][1], offset + stems[i + n - 1][2]
        return PhraseHit(key, start, end, text[start:end])

    def _stems_from(self, text: str, pos: int) -> tuple[list[tuple[str, int, int, bool]], int, int]:
        """(stems, index of the first token at or after pos, offset of the stems' positions in text). The whole
        text's stems are shared by every call on the same paragraph; only a pos inside a word (after an attached
        Arabic و) needs the rest of the text stemmed on its own."""
        if splits_token(text, pos, self.lexicon.segmentation == "characters"):
            return self.lexicon.stems(text[pos:]), 0, pos
        stems = self.lexicon.stems(text)
        return stems, bisect.bisect_right(stems, pos, key=lambda s: s[2]), 0


def _read_aliases(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["organization_id"], row["language"], row["alias"]) for row in csv.DictReader(handle)]


def gazetteer_path() -> Path:
    """The alias list the parser reads: MERCURY_GAZETTEER if set, else the dbt seed."""
    configured = os.environ.get(GAZETTEER_ENV)
    return Path(configured) if configured else GAZETTEER_PATH


def organization_matcher(language: str) -> PhraseMatcher:
    """Aliases in the language, plus acronyms written in Latin letters in any language (GEF, UNICEF …). Built once
    per content of the gazetteer: an edited file is read again (a long-lived worker must not keep stale aliases)."""
    path = gazetteer_path()
    return _organization_matcher(language, path, hashlib.sha256(path.read_bytes()).hexdigest())


@cache
def _organization_matcher(language: str, path: Path, content: str) -> PhraseMatcher:
    lexicon = load_lexicon(language)
    phrases = []
    for org, lang, alias in _read_aliases(path):
        if lang == language or (alias.isupper() and alias.isascii() and len(alias) >= 3):
            phrases.append((org, alias))
    return PhraseMatcher(phrases, lexicon)


@cache
def actor_matcher(language: str) -> PhraseMatcher:
    lexicon = load_lexicon(language)
    phrases = [(actor, phrase) for actor, names in lexicon.actors.items() for phrase in names]
    # one phrase naming several addressees ("intergovernmental and non-governmental organizations"): its key
    # joins theirs with "+" (JOINT_ACTORS)
    phrases += [(JOINT_ACTORS.join(actors), phrase) for phrase, actors in lexicon.raw.get("joint_actors", {}).items()]
    return PhraseMatcher(phrases, lexicon)


def expand_groups(organizations: list[str]) -> list[str]:
    """Add BRS when all three conventions are named, and the three conventions when BRS is named."""
    result = list(dict.fromkeys(organizations))
    for group, members in GROUPS.items():
        if all(m in result for m in members) and group not in result:
            result.append(group)
        if group in result:
            result.extend(m for m in members if m not in result)
    return result
