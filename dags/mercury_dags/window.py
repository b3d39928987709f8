"""Which dates a harvest run asks its site for, and whether it may reach the real site.

Plain Python (no Airflow import), so the rules are unit-tested directly (tests/test_airflow_params.py) and the DAGs
only feed them the run's facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

TRUE_WORDS = {"1", "true", "yes", "on"}


class BadDateRange(ValueError):
    """start_date after end_date (each alone is checked by the Params' JSON schema before the run starts)."""


@dataclass(frozen=True)
class HarvestWindow:
    """since: ask the site only for what changed since that day (None: full discovery). until: the last day
    (only sources whose protocol takes an end, UNEA's OAI-PMH, use it). why: said in the task log."""

    since: date | None
    until: date | None
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "why": self.why,
        }


def date_range(params: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """The run's start_date/end_date Params as dates; refuses an end before the start."""
    start = date.fromisoformat(params["start_date"]) if params.get("start_date") else None
    end = date.fromisoformat(params["end_date"]) if params.get("end_date") else None
    if start and end and end < start:
        raise BadDateRange(f"end_date {end} is before start_date {start}")
    return start, end


def harvest_window(
    params: Mapping[str, Any],
    *,
    interval_start: datetime | None,
    interval_end: datetime | None,
    previous_success: bool,
) -> HarvestWindow:
    """The rule, in order:

    1. full_refresh: full discovery (every listing from scratch; conditional GETs still skip unchanged files);
    2. a date range in the Params (manual runs): that range;
    3. no data interval (a manual run without dates): full discovery;
    4. the DAG never succeeded before this run: full discovery (a first night must not miss older documents);
    5. otherwise (nightly runs, backfills): the run's data interval, i.e. what changed since the previous night.
    """
    if params.get("full_refresh"):
        return HarvestWindow(None, None, "full_refresh: full discovery")
    start, end = date_range(params)
    if start or end:
        return HarvestWindow(start, end, "the date range given in the run's params")
    if interval_start is None or interval_end is None:
        return HarvestWindow(None, None, "manual run without a date range: full discovery")
    if not previous_success:
        return HarvestWindow(None, None, "no earlier successful harvest: full discovery")
    return HarvestWindow(interval_start.date(), interval_end.date(), "the run's data interval")


def live_flag(env_value: str | None, variable_value: str | None) -> bool:
    """Harvest the real public sites only when an operator said so: environment MERCURY_HARVEST_LIVE or the Airflow
    Variable mercury_harvest_live set to 1/true/yes/on. Default off: CI and laptops use mirrors or the snapshot."""
    return any((value or "").strip().lower() in TRUE_WORDS for value in (env_value, variable_value))
