"""Mandate follow-up (marts.mandate_followups) and English first, on the real pipeline (issue 12).

Fixtures (tests/fixtures/followups/, original texts in the structure of the real documents) span three meetings of
the Minamata COP:
- COP-5 decisions in English and French: MC-5/11 asks the Secretariat to report to the sixth meeting, MC-5/12 asks
  the same about contaminated sites (paragraph 3) and invites Parties and WHO (paragraph 2);
- COP-6 material: the note UNEP/MC/COP.6/12 in English and French, which cites decision MC-5/11 and names the
  Global Mercury Partnership, and decision MC-6/4 in French and Spanish only, which recalls MC-5/11 and asks for a
  report to the seventh meeting.
`mercury run --input` (real parser, loader, dbt, GX, publish, export) on the COP-5 files alone, then with decision
MC-6/4, then with the note: MC-5/11 goes from overdue to reported (first by the decision, then by the note, which
becomes its first follow-up), MC-5/12 stays overdue (COP-6 is in the warehouse and nothing cites it), MC-6/4 is
open (COP-7 has neither material nor dates). The same warehouse shows the English-first rule:
the texts archived first (lowest document id, local files have no retrieval time) are French and Spanish, yet the
decision rows, mandates and cooperation are English when an English text exists, else French before Spanish, and a
passage is one cooperation activity however many languages it was read in.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from warehouse.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "followups"
COP5 = ["en_decisions_mc5.txt", "fr_decisions_mc5.txt"]
COP6_DECISIONS = ["fr_decisions_mc6.txt", "es_decisions_mc6.txt"]
COP6_NOTE = ["en_note_mc6_waste.txt", "fr_note_mc6_waste.txt"]
runner = CliRunner()

pytestmark = pytest.mark.integration


def document_id(name: str) -> str:
    return hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()[:16]


EN_MC5, FR_MC5 = document_id("en_decisions_mc5.txt"), document_id("fr_decisions_mc5.txt")
EN_NOTE, FR_NOTE = document_id("en_note_mc6_waste.txt"), document_id("fr_note_mc6_waste.txt")
FR_MC6, ES_MC6 = document_id("fr_decisions_mc6.txt"), document_id("es_decisions_mc6.txt")

MC_5_11 = "mc-5-11:en:o2:requests:secretariat"
MC_5_12 = "mc-5-12:en:o3:requests:secretariat"
MC_6_4 = "mc-6-4:fr:o2:requests:secretariat"


# mandate -> (decision_id, paragraph_id, action, actor, report_to_meeting_id)
MANDATES = {
    MC_5_11: ("mc-5-11", "mc-5-11:en:o2", "requests", "secretariat", "mc-cop-6"),
    MC_5_12: ("mc-5-12", "mc-5-12:en:o3", "requests", "secretariat", "mc-cop-6"),
    MC_6_4: ("mc-6-4", "mc-6-4:fr:o2", "requests", "secretariat", "mc-cop-7"),
}


def followup(mandate_id: str, status: str, document: str | None = None, decision: str | None = None,
             count: int = 0, held: bool = True) -> tuple:  # fmt: skip
    """An expected marts.mandate_followups row (FOLLOWUPS_SQL's columns)."""
    return (mandate_id, *MANDATES[mandate_id], status, document, decision, count, held)


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def run(data_dir: Path, inbox: Path, names: list[str]) -> Path:
    """Copy the named fixtures into the inbox and run the whole pipeline on it; the published warehouse."""
    for name in names:
        shutil.copy(FIXTURES / name, inbox / name)
    result = runner.invoke(app, ["--data-dir", str(data_dir), "run", "--input", str(inbox)])
    assert result.exit_code == 0, result.output
    return data_dir / "published" / "mercury.duckdb"


FOLLOWUPS_SQL = (
    "select mandate_id, decision_id, paragraph_id, action, actor, report_to_meeting_id, status, followup_document_id, "
    "followup_decision_id, followup_count, meeting_held from marts.mandate_followups order by mandate_id"
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("followups")
    inbox = root / "inbox"
    inbox.mkdir()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MERCURY_DATA_DIR", str(root / "unused"))
        env.setenv("MERCURY_DUCKDB_EXTENSION_DIR", str(root / "extensions"))
        env.delenv("MERCURY_MAX_NO_DECISION_SHARE", raising=False)
        data_dir = root / "data"
        cop5 = query(run(data_dir, inbox, COP5), FOLLOWUPS_SQL)
        cop6_decisions = query(run(data_dir, inbox, COP6_DECISIONS), FOLLOWUPS_SQL)
        published = run(data_dir, inbox, COP6_NOTE)
    return {"cop5": cop5, "cop6_decisions": cop6_decisions, "published": published, "data_dir": data_dir}


def test_fixtures_are_first_seen_in_another_language_than_the_preferred_one() -> None:
    """Precondition of the English-first assertions: ranking by document id alone would pick French and Spanish."""
    assert FR_MC5 < EN_MC5 and ES_MC6 < FR_MC6


def test_a_cop5_mandate_is_overdue_until_cop6_material_cites_it(runs) -> None:
    # COP-5 files only: COP-6 ended on 2025-11-07 (gazetteer), nothing of it is in the warehouse, nothing cites
    # either decision -> both mandates reporting to it are overdue
    assert runs["cop5"] == [
        followup(MC_5_11, "overdue"),
        followup(MC_5_12, "overdue"),
    ]


def test_followups_reported_overdue_and_open(runs) -> None:
    assert query(runs["published"], FOLLOWUPS_SQL) == [
        # cited by the COP-6 note (English and French: one follow-up) and by decision MC-6/4 (French, Spanish: one);
        # the first follow-up is the English note
        followup(MC_5_11, "reported", EN_NOTE, count=2),
        # COP-6 is in the warehouse and nothing of it cites MC-5/12
        followup(MC_5_12, "overdue"),
        # COP-7: no material, no dates yet
        followup(MC_6_4, "open", held=False),
    ]


def test_a_citing_decision_of_the_meeting_is_a_followup(runs) -> None:
    # COP-5 files and decision MC-6/4 (French and Spanish), no note yet: the decision is the follow-up, read from
    # its French text (French before Spanish)
    assert runs["cop6_decisions"] == [
        followup(MC_5_11, "reported", FR_MC6, "mc-6-4", count=1),
        followup(MC_5_12, "overdue"),
        followup(MC_6_4, "open", held=False),
    ]


def test_decisions_are_english_first_then_french_before_spanish(runs) -> None:
    got = query(
        runs["published"],
        "select decision_id, title, title_en, title_language, language, document_id, operative_count "
        "from marts.decisions order by decision_id",
    )
    assert got == [
        ("mc-5-11", "Thresholds for mercury waste", "Thresholds for mercury waste", "en", "en", EN_MC5, 2),
        ("mc-5-12", "Contaminated sites", "Contaminated sites", "en", "en", EN_MC5, 3),
        # no English text: French comes before Spanish, title_en stays NULL
        ("mc-6-4", "Seuils applicables aux déchets de mercure", None, "fr", "fr", FR_MC6, 2),
    ]


def test_mandates_carry_the_preferred_language_text(runs) -> None:
    got = query(
        runs["published"],
        "select mandate_id, text_language, left(text, 24) from marts.mandates order by mandate_id",
    )
    assert got == [
        (MC_5_11, "en", "Requests the Secretariat"),
        ("mc-5-12:en:o2:invites:parties", "en", "Invites Parties and the "),
        ("mc-5-12:en:o2:invites:who", "en", "Invites Parties and the "),
        (MC_5_12, "en", "Requests the Secretariat"),
        (MC_6_4, "fr", "Prie le Secrétariat d’él"),
    ]


def test_one_cooperation_activity_per_passage_across_languages(runs) -> None:
    raw = query(runs["data_dir"] / "warehouse.duckdb", "select count(*) from raw.cooperation")
    assert raw == [(4,)]  # each passage read twice, in English and French
    got = query(
        runs["published"],
        "select activity_id, decision_id, paragraph_id, document_id, organization_id, text_language, left(text, 30) "
        "from marts.cooperation_activities order by activity_id",
    )
    assert got == [
        (f"{EN_NOTE}:passage2:gmp", None, None, EN_NOTE, "gmp", "en", "The Secretariat compiled the s"),
        ("mc-5-12:en:o2:who", "mc-5-12", "mc-5-12:en:o2", EN_MC5, "who", "en", "Invites Parties and the World "),
    ]


def test_followups_are_exported_with_their_key_and_documented(runs) -> None:
    exports = runs["data_dir"] / "exports"
    package = json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == "mandate_followups"]
    assert resource["rows"] == 3 and resource["schema"]["primaryKey"] == ["mandate_id"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["status"]["description"].startswith("reported, open or overdue")
    assert (exports / "mandate_followups.parquet").is_file()
    [(comment,)] = query(
        runs["published"],
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'mandate_followups'",
    )
    assert comment.startswith("One row per mandate that asks for a report to a later meeting")
