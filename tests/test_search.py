"""Full-text search per language (warehouse/search.py) on a real published warehouse: the multilingual fixtures
ingested, parsed, loaded, built by dbt and published. The expected hits are found independently of the index: by a
regular expression over marts.decision_paragraphs that spells out the word forms a stemmed query must reach."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from warehouse import pipeline, search
from warehouse.cli import app
from warehouse.settings import get_settings

pytestmark = pytest.mark.integration  # real dbt build (about 25 s), once for the module

FIXTURES = Path(__file__).parent / "fixtures" / "languages"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MERCURY_DATA_DIR", str(root / "data"))
        patch.setenv("MERCURY_DUCKDB_EXTENSION_DIR", str(root / "extensions"))
        settings = get_settings()
        pipeline.ingest(settings, FIXTURES)
        pipeline.parse_and_load(settings)
        pipeline.transform(settings)
        pipeline.publish(settings)
    return settings.published_path


def paragraphs(published: Path, language: str, pattern: str) -> set[str]:
    """Paragraph ids of one language whose text matches a regular expression (the oracle)."""
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute(
            "select paragraph_id, text from marts.decision_paragraphs where language = ?", [language]
        ).fetchall()
    return {pid for pid, text in rows if re.search(pattern, text, re.IGNORECASE)}


def found(published: Path, query: str, language: str | None) -> set[str]:
    return {hit.paragraph_id for hit in search.search(published, query, language, limit=1000)}


def test_one_index_per_language_with_its_stemmer(published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        schemas = {s for (s,) in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        counts = dict(con.execute("select language, count(*) from marts.decision_paragraphs group by 1").fetchall())
        indexed = {
            lang: con.execute(f"select count(*) from {search.table(lang)}").fetchone()[0] for lang in search.LANGUAGES
        }
    assert schemas == {"marts", "audit", "search"} | {search.index_schema(lang) for lang in search.LANGUAGES}
    assert "fts_marts_decision_paragraphs" not in schemas  # the old Russian-stemmed index for everything is gone
    assert set(counts) == set(search.LANGUAGES)
    assert indexed == counts


def test_english_request_finds_requests(published: Path) -> None:
    expected = paragraphs(published, "en", r"\brequest(s|ed|ing)?\b")
    assert expected  # the fixtures hold an English "Requests the secretariat ..."
    assert found(published, "request", "en") == expected
    assert found(published, "requested", "en") == expected  # both stem to "request"


@pytest.mark.parametrize(
    ("language", "query", "forms"),
    [
        ("fr", "prier", r"\bprie\b"),  # "Prie le Secrétariat": the infinitive finds the inflected verb
        ("fr", "secretariat", r"\bsecrétariat\b"),  # accents folded in index and query
        ("es", "recurso", r"\brecursos?\b"),  # "disponibilidad de recursos"
        ("es", "informar", r"\binform(e|es|ar)\b"),  # "el informe", not "información" (another stem)
        ("es", "secretaria", r"\bsecretar[ií]a\b"),
        ("ru", "ртуть", r"\bртут[ьи]\w*"),  # "по ртути"
        ("ru", "секретариат", r"\bсекретариат\w*"),  # "поручает секретариату"
    ],
)
def test_stemmed_queries_find_their_language(published: Path, language: str, query: str, forms: str) -> None:
    expected = paragraphs(published, language, forms)
    assert expected
    assert found(published, query, language) == expected


def test_chinese_is_segmented(published: Path) -> None:
    expected = paragraphs(published, "zh", "秘书处")
    assert expected
    assert found(published, "秘书处", "zh") == expected
    # a query without spaces is segmented too (jieba in Python, longest match against the vocabulary in SQL)
    assert found(published, "请秘书处", "zh") >= expected
    assert {h.paragraph_id for h in search.search(published, "全球汞伙伴关系", "zh", 1000)} == paragraphs(
        published, "zh", "伙伴关系|全球|汞"
    )


def test_arabic_is_normalised_then_stemmed(published: Path) -> None:
    expected = paragraphs(published, "ar", r"الأمانة")
    assert expected
    assert found(published, "الأمانة", "ar") == expected
    assert found(published, "امانة", "ar") == expected  # no hamza, no article
    assert found(published, "الأَمَانَةُ", "ar") == expected  # with harakat
    assert found(published, "الأمـــانة", "ar") == expected  # with tatweel
    with duckdb.connect(str(published), read_only=True) as con:
        [(spelled,)] = con.execute(
            "select list_distinct([search.normalize_arabic('مسؤولية'), search.normalize_arabic('مسئولية')])"
        ).fetchall()
    assert spelled == ["مسءولية"]  # the two hamza seats of one word meet


def test_all_languages_at_once_and_ranked(published: Path) -> None:
    hits = search.search(published, "secretariat", None, limit=1000)
    assert {h.language for h in hits} >= {"en", "fr"}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)  # best first, overall
    assert {h.paragraph_id for h in hits if h.language == "en"} == paragraphs(published, "en", r"\bsecretariat\b")
    with pytest.raises(ValueError, match="unknown language"):
        search.search(published, "x", "de")


@pytest.mark.parametrize(("language", "query"), [("en", "secretariat report"), ("ru", "ртуть"), ("zh", "秘书处")])
def test_scores_are_those_of_the_fts_extension(published: Path, language: str, query: str) -> None:
    """search.paragraphs computes BM25 set-based (once per query); it must agree with fts's own match_bm25."""
    with duckdb.connect(str(published), read_only=True) as con:
        from warehouse.duck import load_fts

        load_fts(con)
        ours = con.execute("select paragraph_id, score from search.paragraphs(?, ?)", [query, language]).fetchall()
        theirs = con.execute(
            f"select paragraph_id, score from (select paragraph_id, "
            f"{search.index_schema(language)}.match_bm25(paragraph_id, ?) as score from {search.table(language)}) "
            "where score is not null",
            [query],
        ).fetchall()
    assert ours and dict(ours) == pytest.approx(dict(theirs))


def test_a_query_is_tokenised_once_not_per_paragraph(published: Path) -> None:
    """60,000 paragraphs: fts's match_bm25 with a computed query (Arabic normalised, Chinese segmented) took
    75-150 s here, re-tokenising the query for every row; the set-based macro answers in well under a second."""
    with duckdb.connect(str(published), read_only=True) as source:
        rows = source.execute(
            "select paragraph_id, decision_id, language, kind, number, subparagraph, text "
            "from marts.decision_paragraphs"
        ).fetchall()
    con = duckdb.connect()
    try:
        con.execute(
            "create schema marts; create table marts.decisions (decision_id varchar, symbol varchar); "
            "create table marts.decision_paragraphs (paragraph_id varchar, decision_id varchar, language varchar, "
            "kind varchar, number integer, subparagraph varchar, text varchar)"
        )
        copies = 60_000 // len(rows)
        con.executemany(
            "insert into marts.decision_paragraphs values (?, ?, ?, ?, ?, ?, ?)",
            [(f"{row[0]}#{n}", *row[1:]) for n in range(copies) for row in rows],
        )
        search.build(con)
        for query, language in (("请秘书处报告", "zh"), ("الامانة", "ar"), ("secretariat", None)):
            started = time.monotonic()
            hits = con.execute("select count(*) from search.paragraphs(?, ?)", [query, language]).fetchone()[0]
            assert hits >= copies and time.monotonic() - started < 10, (query, hits)
    finally:
        con.close()


def test_analyst_macro_in_the_duckdb_shell(published: Path) -> None:
    shell = Path(sys.executable).parent / "duckdb"
    if not shell.exists():
        pytest.skip("duckdb shell (duckdb-cli) not installed")
    extensions = published.parent.parent.parent / "extensions"
    sql = (
        f"set extension_directory = '{extensions}'; set autoinstall_known_extensions = false; "
        "select paragraph_id from search.paragraphs('request', 'en'); "
        "select count(*) from search.paragraphs('请秘书处', 'zh');"
    )
    out = subprocess.run(
        [str(shell), "-readonly", "-csv", "-noheader", str(published), "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    english = sorted(paragraphs(published, "en", r"\brequests?\b"))
    assert out.stdout.split() == [*english, str(len(found(published, "请秘书处", "zh")))]


def test_cli_prints_the_hits(published: Path) -> None:
    data_dir = published.parent.parent
    runner = CliRunner()
    result = runner.invoke(app, ["--data-dir", str(data_dir), "search", "request", "--lang", "en"])
    assert result.exit_code == 0, result.output
    [expected] = paragraphs(published, "en", r"\brequests\b")
    assert "1 paragraphs matching 'request' in en" in result.output
    assert expected in result.output and "Requests the secretariat" in result.output
    chinese = runner.invoke(app, ["--data-dir", str(data_dir), "search", "秘书处", "-l", "zh", "-n", "2"])
    assert chinese.exit_code == 0 and "2 paragraphs matching '秘书处' in zh" in chinese.output
    none = runner.invoke(app, ["--data-dir", str(data_dir), "search", "zzqx", "--lang", "en"])
    assert none.exit_code == 0 and "no paragraph matches 'zzqx' in en" in none.output
    bad = runner.invoke(app, ["--data-dir", str(data_dir), "search", "x", "--lang", "de"])
    assert bad.exit_code == 2 and "unknown language 'de'" in bad.output
