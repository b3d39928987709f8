"""Small builders for the expectations both suites repeat (keys, enums, clean text, patterns).

Imports Great Expectations at module level: import this module only inside the validate_* functions.
"""

from __future__ import annotations

from collections.abc import Iterable

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from expectations.vocabulary import MARKUP_RESIDUE


def has_columns(columns: Iterable[str]) -> list[gxe.Expectation]:
    """The table holds at least these columns (extra columns are allowed: the contract only grows)."""
    return [gxe.ExpectTableColumnsToMatchSet(column_set=sorted(columns), exact_match=False)]


def key(column: str, pattern: str | None = None) -> list[gxe.Expectation]:
    """A primary key: present, unique, and (optionally) shaped like the given regex."""
    checks: list[gxe.Expectation] = [
        gxe.ExpectColumnValuesToNotBeNull(column=column),
        gxe.ExpectColumnValuesToBeUnique(column=column),
    ]
    return checks + (matches(column, pattern) if pattern else [])


def required(*columns: str) -> list[gxe.Expectation]:
    return [gxe.ExpectColumnValuesToNotBeNull(column=column) for column in columns]


def one_of(column: str, values: Iterable[object], *, nullable: bool = False) -> list[gxe.Expectation]:
    """An enumerated column (CONTRACT.md value sets); NULLs pass only when nullable."""
    checks: list[gxe.Expectation] = [gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values))]
    return checks if nullable else required(column) + checks


def flag(column: str) -> list[gxe.Expectation]:
    """A boolean that must always be decided (True or False, never NULL)."""
    return one_of(column, [True, False])


def matches(column: str, pattern: str) -> list[gxe.Expectation]:
    """Non-NULL values match the regex (NULLs are left to `required`)."""
    return [gxe.ExpectColumnValuesToMatchRegex(column=column, regex=pattern)]


def at_least(column: str, minimum: int, *, nullable: bool = True) -> list[gxe.Expectation]:
    checks: list[gxe.Expectation] = [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=minimum)]
    return checks if nullable else required(column) + checks


def clean_text(column: str, *, nullable: bool = True) -> list[gxe.Expectation]:
    """Text free of seed-format residue (bookmarks, footnote markers, inline footnote bodies); non-empty if set."""
    checks: list[gxe.Expectation] = [
        gxe.ExpectColumnValuesToNotMatchRegex(column=column, regex=MARKUP_RESIDUE),
        gxe.ExpectColumnValueLengthsToBeBetween(column=column, min_value=1),
    ]
    return checks if nullable else required(column) + checks


def required_when(column: str, condition_column: str, value: object) -> list[gxe.Expectation]:
    """`column` is set on every row where condition_column == value (e.g. adopted decisions carry a symbol)."""
    return [gxe.ExpectColumnValuesToNotBeNull(column=column, row_condition=Column(condition_column) == value)]


def adopted_symbol_or_symbolless_id() -> list[gxe.Expectation]:
    """An adopted decision carries its symbol, unless it is a web copy that states none: then its id says so
    (`nosymbol-<meeting, body or unknown>-...`, issue 11)."""
    symbolless = (Column("status") == "adopted") & Column("symbol").is_null()
    return [gxe.ExpectColumnValuesToMatchRegex(column="decision_id", regex=r"^nosymbol-", row_condition=symbolless)]


def null_unless(column: str, condition_column: str, value: object) -> list[gxe.Expectation]:
    """`column` is NULL on every row where condition_column != value (a follow-up only on reported mandates)."""
    return [gxe.ExpectColumnValuesToBeNull(column=column, row_condition=Column(condition_column) != value)]


def unique_together(*columns: str) -> list[gxe.Expectation]:
    return [gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns))]


def min_rows(minimum: int) -> list[gxe.Expectation]:
    """At least `minimum` rows; no expectation at all when minimum is 0 (an empty table is then fine)."""
    return [gxe.ExpectTableRowCountToBeBetween(min_value=minimum)] if minimum > 0 else []
