"""docs/CONTRACT.md stays current: it names every contract column the marts suite checks and every audit.runs
column, and the READMEs link to it where it is."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from expectations.marts_suite import COLUMNS
from warehouse.runs import RUN_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "docs" / "CONTRACT.md"


def section(text: str, table: str) -> str:
    """The contract's text about `schema.table`: from its heading (else its first mention) to the next heading."""
    start = text.find(f"## {table}")
    start = start if start != -1 else text.index(f"`{table}`")
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def test_every_contract_column_is_documented() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    for table, columns in COLUMNS.items():
        documented = set(re.findall(r"`([a-z_0-9]+)`", section(text, f"marts.{table}")))
        assert set(columns) <= documented, (table, sorted(set(columns) - documented))


def test_every_mart_model_has_its_section() -> None:
    marts = yaml.safe_load((ROOT / "dbt_project" / "models" / "marts" / "_marts.yml").read_text(encoding="utf-8"))
    extensions = {"decision_language_checks"}  # a quality check, documented in dbt only
    text = CONTRACT.read_text(encoding="utf-8")
    for model in marts["models"]:
        if model["name"] not in extensions:
            assert f"## marts.{model['name']}" in text, model["name"]


def test_audit_tables_are_documented() -> None:
    audit = section(CONTRACT.read_text(encoding="utf-8"), "Operational tables")
    for column in RUN_COLUMNS:
        assert column in audit, column
    assert "`audit.parse_warnings`" in audit


def test_readmes_link_to_the_contract_in_docs() -> None:
    for readme in (ROOT / "README.md", ROOT / "dbt_project" / "README.md"):
        links = re.findall(r"\]\(([^)]*CONTRACT\.md)\)", readme.read_text(encoding="utf-8"))
        assert links, readme
        for link in links:
            assert (readme.parent / link).resolve() == CONTRACT, (readme, link)
