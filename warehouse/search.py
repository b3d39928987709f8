"""Full-text search over decision paragraphs, one BM25 index per language (schema `search` of the published copy).

Why one index per language: a Snowball stemmer knows one language. A single index stemmed in Russian left
`request` unable to find "requests" and Chinese (no spaces between words) unable to find anything. So publish
builds, for each of the six UN languages, a table `search.paragraphs_<lang>` (that language's rows of
marts.decision_paragraphs plus the `search_text` that is indexed) and a DuckDB fts index on it:

- en, fr, es, ru: the paragraph text, stemmed by the language's Snowball stemmer (English stop words for en only);
- ar: the text normalised first (`search.normalize_arabic`: harakat and tatweel removed, alef forms and the hamza
  seats unified), then the Snowball Arabic stemmer, which strips the articles and the feminine ending ة;
- zh: the text segmented by jieba (search mode: words and the shorter words inside them), space-joined, unstemmed.

Analysts query through macros stored in the file, so the plain duckdb shell needs nothing else:
`select * from search.paragraphs('request', 'en')`, or `search.paragraphs('ртуть', null)` for all languages. A
Chinese query is cut in SQL by longest match against the index's own vocabulary (`search.segment_chinese`); the
`mercury search` command segments it with jieba first, as the text was. Scores are BM25 within one language's index
(not comparable across languages), computed by the macro over the index tables with the query tokenised once
(see _scored_branch: fts's per-row match_bm25 re-tokenises a computed query for every paragraph).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warehouse.duck import connect, ident, literal, load_fts

SCHEMA = "search"
SOURCE_TABLE = "marts.decision_paragraphs"
KEY = "paragraph_id"
# Snowball stemmer per language (DuckDB fts has no Chinese stemmer: jieba segments, 'none' stems).
STEMMERS = {"ar": "arabic", "en": "english", "es": "spanish", "fr": "french", "ru": "russian", "zh": "none"}
LANGUAGES = tuple(STEMMERS)
# Tokens are runs of letters in any script: the fts default splits on ASCII punctuation only, which would glue
# «guillemets», the Chinese comma and the Arabic comma to the words next to them. Digits go, as by default.
TOKEN_SEPARATORS = r"[^\p{L}]+"
SHOWN_COLUMNS = ("language", "paragraph_id", "decision_id", "symbol", "kind", "number", "subparagraph", "text")

# Arabic spelling variants the Snowball stemmer leaves apart (checked against DuckDB's `stem`): the alef wasla ٱ,
# hamza on waw or ya (مسؤولية / مسئولية); harakat and tatweel are removed before everything else.
ARABIC_MARKS = r"[\x{064B}-\x{065F}\x{0670}\x{0640}]"
ARABIC_FROM, ARABIC_TO = "أإآٱىؤئ", "اااايءء"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Longest Chinese word looked for when cutting a query against the index vocabulary.
MAX_CHINESE_WORD = 8


@dataclass(frozen=True)
class Hit:
    language: str
    paragraph_id: str
    decision_id: str
    symbol: str | None
    kind: str
    number: int | None
    subparagraph: str | None
    text: str
    score: float


def table(language: str) -> str:
    return f"{SCHEMA}.paragraphs_{language}"


def index_schema(language: str) -> str:
    """Where DuckDB's fts puts the index (and its match_bm25 macro) of search.paragraphs_<lang>."""
    return f"fts_{SCHEMA}_paragraphs_{language}"


def segment_chinese(text: str | None, *, for_index: bool = False) -> str:
    """Chinese text as space-separated words (jieba). The index uses search mode (each word and the shorter words
    inside it, for recall); a query uses the precise cut."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces building its dictionary on every process start
    if not text:
        return ""
    words = jieba.cut_for_search(text) if for_index else jieba.cut(text)
    return " ".join(word for word in (w.strip() for w in words) if word)


def build(con: Any) -> dict[str, int]:
    """Create schema `search` in the connected (published) database: per-language tables, fts indexes, macros.
    Returns paragraphs indexed per language."""
    load_fts(con)
    con.execute(f"create schema if not exists {SCHEMA}")
    _create_normalize_macro(con)
    indexed: dict[str, int] = {}
    for language, stemmer in STEMMERS.items():
        _fill_table(con, language)
        con.execute(
            f"pragma create_fts_index({literal(table(language))}, {literal(KEY)}, 'search_text', "
            f"stemmer = {literal(stemmer)}, stopwords = {literal('english' if language == 'en' else 'none')}, "
            f"ignore = {literal(TOKEN_SEPARATORS)}, strip_accents = 1, lower = 1, overwrite = 1)"
        )
        indexed[language] = con.execute(f"select count(*) from {table(language)}").fetchone()[0]
    _create_query_macros(con)
    return indexed


def _create_normalize_macro(con: Any) -> None:
    con.execute(
        f"create or replace macro {SCHEMA}.normalize_arabic(s) as "
        f"translate(regexp_replace(s, {literal(ARABIC_MARKS)}, '', 'g'), {literal(ARABIC_FROM)}, "
        f"{literal(ARABIC_TO)})"
    )


def _fill_table(con: Any, language: str) -> None:
    columns = "paragraph_id, decision_id, language, kind, number, subparagraph, text"
    if language == "zh":
        # jieba runs in Python: segment the texts, then create the table in one bulk statement (Arrow).
        import pyarrow as pa

        rows = con.execute(f"select paragraph_id, text from {SOURCE_TABLE} where language = ?", [language]).fetchall()
        segmented = pa.table(
            {KEY: [r[0] for r in rows], "search_text": [segment_chinese(r[1], for_index=True) for r in rows]},
            schema=pa.schema([(KEY, pa.string()), ("search_text", pa.string())]),
        )
        con.register("_segmented_zh", segmented)
        try:
            con.execute(
                f"create or replace table {table(language)} as select {columns}, s.search_text "
                f"from {SOURCE_TABLE} join _segmented_zh s using ({KEY}) where language = $1",
                [language],
            )
        finally:
            con.unregister("_segmented_zh")
        return
    text = f"{SCHEMA}.normalize_arabic(text)" if language == "ar" else "text"
    con.execute(
        f"create or replace table {table(language)} as select {columns}, {text} as search_text "
        f"from {SOURCE_TABLE} where language = $1",
        [language],
    )


def _create_query_macros(con: Any) -> None:
    """search.segment_chinese(q), search.query_text(q, lang) and the analysts' search.paragraphs(q, lang)."""
    dictionary = f"{index_schema('zh')}.dict"
    # Forward maximum matching over runs of Han characters; anything else (Latin, digits, spaces) passes as a run.
    con.execute(f"""
        create or replace macro {SCHEMA}.segment_chinese(q) as (
            with recursive steps(pos, token) as (
                select 1, null::varchar
                union all
                select pos + step, substr(q, pos, step) from (
                    select pos, case
                        when regexp_matches(substr(q, pos, 1), '\\p{{Han}}') then coalesce((
                            select max(length(term)) from {dictionary}
                            where length(term) <= {MAX_CHINESE_WORD} and term = substr(q, steps.pos, length(term))
                        ), 1)
                        else greatest(length(regexp_extract(substr(q, pos), '^[^\\p{{Han}}]+')), 1)
                    end as step
                    from steps where pos <= length(q)
                )
            )
            select coalesce(string_agg(token, ' ' order by pos), '') from steps where token is not null
        )
    """)
    con.execute(f"""
        create or replace macro {SCHEMA}.query_text(q, lang) as case lang
            when 'ar' then {SCHEMA}.normalize_arabic(q)
            when 'zh' then {SCHEMA}.segment_chinese(q)
            else q end
    """)
    branches = " union all ".join(_scored_branch(language) for language in LANGUAGES)
    # no view in the published copy (it holds tables only): the language tables are united inline
    rows = " union all ".join(f"select * exclude (search_text) from {table(language)}" for language in LANGUAGES)
    con.execute(f"""
        create or replace macro {SCHEMA}.paragraphs(q, lang) as table
        select p.language, p.paragraph_id, p.decision_id, d.symbol, p.kind, p.number, p.subparagraph, p.text,
            h.score
        from ({branches}) h
        join ({rows}) p using (language, paragraph_id)
        left join marts.decisions d using (decision_id)
        order by h.score desc, p.paragraph_id
    """)


def _scored_branch(language: str) -> str:
    """BM25 scores of one language's index for the query, computed once for the whole table.

    Why not fts's own `match_bm25(paragraph_id, query)` per row: given a query that is not a plain literal (the
    Arabic normalisation, the Chinese segmentation) DuckDB re-tokenises it for every row (minutes on 60,000
    paragraphs; a cross join instead ran out of memory). The same formula as match_bm25 (k = 1.2, b = 0.75, any
    query term; tests/test_search.py compares the scores), over the index's own tables, with the query's tokens
    computed once."""
    fts, stemmer = index_schema(language), STEMMERS[language]
    return f"""
        select * from (
            with tokens as (
                select distinct stem(unnest({fts}.tokenize({SCHEMA}.query_text(q, {literal(language)}))),
                    {literal(stemmer)}) as term
            ),
            term_tf as (
                select terms.termid, terms.docid, count(*) as tf
                from {fts}.terms as terms join {fts}.dict as dict using (termid) join tokens using (term)
                group by all
            ),
            subscores as (
                select docs.name as paragraph_id,
                    log((stats.num_docs - dict.df + 0.5) / (dict.df + 0.5) + 1)
                    * (term_tf.tf * (1.2 + 1))
                    / (term_tf.tf + 1.2 * (1 - 0.75 + 0.75 * (docs.len / stats.avgdl))) as subscore
                from term_tf
                join {fts}.docs as docs using (docid)
                join {fts}.dict as dict using (termid)
                cross join {fts}.stats as stats
            )
            select {literal(language)} as language, paragraph_id, sum(subscore) as score
            from subscores group by paragraph_id
        ) where lang is null or lang = {literal(language)}
    """


def search(published: Path, query: str, language: str | None = None, limit: int = 20) -> list[Hit]:
    """Paragraphs matching `query` in the published warehouse, best first (one language, or all when None).
    Chinese queries are segmented with jieba, as the indexed text was, before the macro cuts what remains."""
    if language is not None and language not in STEMMERS:
        raise ValueError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
    if language in (None, "zh") and HAN.search(query):
        # jieba's words stay whole where the index knows them; the macro cuts the rest against the vocabulary.
        query = segment_chinese(query)
    with connect(published, read_only=True) as con:
        load_fts(con)
        rows = con.execute(
            f"select {', '.join(ident(c) for c in SHOWN_COLUMNS)}, score from {SCHEMA}.paragraphs(?, ?) limit ?",
            [query, language, limit],
        ).fetchall()
    return [Hit(*row) for row in rows]
