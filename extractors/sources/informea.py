"""InforMEA (UNEP's portal of MEA decisions): the OData v2 API, for decisions and meetings of our treaties, and a
reconciliation of its decision list with ours.

    GET <base>/informea.svc/Decisions?$format=json&$top=50&$skip=0&$filter=treaty eq 'minamata'
        &$expand=title,files&$orderby=id
    -> {"d": {"results": [{"id", "link", "number", "status", "type", "treaty", "published": "/Date(ms)/",
                            "updated", "meetingId", "meetingTitle", "title": {"results": [{"language", "value"}]},
                            "files": {"results": [{"url", "mimeType", "language", "filename"}]}}, ...]}}

Paging is $top/$skip until a short page. `since` adds `updated ge datetime'...'` to the filter. The decision files
live on the conventions' own sites, which must be allowlisted (`allowed_hosts`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import Field

from extractors.sources.base import DiscoveryFailed, DocumentLink, Source, SourceOptions, guess_language

_ODATA_DATE = re.compile(r"/Date\((-?\d+)(?:[+-]\d{4})?\)/")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


class InformeaOptions(SourceOptions):
    base_url: str = "https://odata.informea.org"
    service_path: str = "/informea.svc"
    treaties: list[str] = Field(default_factory=lambda: ["minamata", "basel", "rotterdam", "stockholm"])
    page_size: int = Field(50, ge=1, le=500)
    expand: str = "title,files"
    orderby: str = "id"  # a stable order, so $skip paging neither skips nor repeats rows
    allowed_hosts: list[str] = Field(
        default_factory=lambda: [
            "www.mercuryconvention.org",
            "mercuryconvention.org",
            "www.basel.int",
            "www.pic.int",
            "chm.pops.int",
            "www.informea.org",
        ]
    )


@dataclass
class InformeaDecision:
    id: str
    number: str | None
    treaty: str | None
    status: str | None
    type: str | None
    link: str | None
    published: str | None  # ISO date
    updated: str | None  # ISO timestamp
    meeting_id: str | None
    meeting_title: str | None
    titles: dict[str, str] = field(default_factory=dict)  # language -> title
    files: list[dict[str, str]] = field(default_factory=list)  # url, mimeType, language, filename


def odata_date(value: Any) -> datetime | None:
    """'/Date(1510617600000)/' -> an aware UTC datetime (also accepts ISO strings)."""
    if not value:
        return None
    match = _ODATA_DATE.fullmatch(str(value).strip())
    if match:
        return datetime.fromtimestamp(int(match.group(1)) / 1000, tz=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _results(payload: Any) -> list[dict[str, Any]]:
    """OData v2 verbose JSON: {"d": {"results": [...]}} or {"d": [...]}; navigation lists the same way."""
    if isinstance(payload, dict) and "d" in payload:
        payload = payload["d"]
    if isinstance(payload, dict):
        payload = payload.get("results", [])
    if not isinstance(payload, list):
        raise DiscoveryFailed(f"informea: unexpected OData payload {str(payload)[:200]!r}")
    return payload


def _multilingual(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": value}
    return {str(item.get("language", "")): str(item.get("value", "")) for item in _results(value) if item.get("value")}


def parse_decision(row: dict[str, Any]) -> InformeaDecision:
    published, updated = odata_date(row.get("published")), odata_date(row.get("updated"))
    files = [] if not row.get("files") else _results(row["files"])
    return InformeaDecision(
        id=str(row.get("id", "")),
        number=(row.get("number") or None),
        treaty=row.get("treaty"),
        status=row.get("status"),
        type=row.get("type"),
        link=row.get("link"),
        published=published.date().isoformat() if published else None,
        updated=updated.isoformat() if updated else None,
        meeting_id=row.get("meetingId"),
        meeting_title=row.get("meetingTitle"),
        titles=_multilingual(row.get("title")),
        files=[{k: str(v) for k, v in f.items() if v is not None and not k.startswith("__")} for f in files],
    )


class InformeaSource(Source):
    name = "informea"
    Options = InformeaOptions
    options: InformeaOptions

    def entities(self, entity_set: str, treaty: str, since: date | None = None, expand: str | None = None):
        """Every row of an entity set for one treaty, page by page ($top/$skip)."""
        endpoint = self.url(f"{self.options.service_path}/{entity_set}")
        condition = f"treaty eq '{treaty}'"
        if since:
            condition += f" and updated ge datetime'{since.isoformat()}T00:00:00'"
        skip = 0
        for _page in range(self.options.max_pages):
            params = {
                "$format": "json",
                "$top": self.options.page_size,
                "$skip": skip,
                "$filter": condition,
                "$expand": expand,
                "$orderby": self.options.orderby,
            }
            response = self.get_listing(endpoint, params)
            try:
                rows = _results(response.json())
            except ValueError as error:
                raise DiscoveryFailed(f"informea: {response.url} is not JSON: {error}") from error
            yield from rows
            if len(rows) < self.options.page_size:
                return
            skip += len(rows)
        raise DiscoveryFailed(f"informea: more than max_pages={self.options.max_pages} pages of {entity_set}")

    def decisions(self, since: date | None = None) -> Iterator[InformeaDecision]:
        for treaty in self.options.treaties:
            for row in self.entities("Decisions", treaty, since, self.options.expand):
                yield parse_decision(row)

    def meetings(self) -> list[dict[str, Any]]:
        """Meetings of our treaties (id, title, treaty, start, end, location, country), dates as ISO strings."""
        found = []
        for treaty in self.options.treaties:
            for row in self.entities("Meetings", treaty, expand="title"):
                start, end = odata_date(row.get("start")), odata_date(row.get("end"))
                found.append(
                    {
                        "id": str(row.get("id", "")),
                        "treaty": row.get("treaty"),
                        "titles": _multilingual(row.get("title")),
                        "start": start.date().isoformat() if start else None,
                        "end": end.date().isoformat() if end else None,
                        "location": row.get("location"),
                        "city": row.get("city"),
                        "country": row.get("country"),
                        "url": row.get("url"),
                    }
                )
        return found

    def discover(self, since: date | None = None) -> Iterator[DocumentLink]:
        for decision in self.decisions(since):
            title = decision.titles.get("en") or next(iter(decision.titles.values()), None)
            for file in decision.files:
                url = file.get("url")
                if not url:
                    continue
                yield DocumentLink(
                    url=url,
                    language=guess_language(file.get("language"), filename=file.get("filename")),
                    symbol=normalise_symbol(decision.number) if decision.number else None,
                    title=title,
                    doc_type="decisions",
                    published_on=decision.published,
                    filename=file.get("filename"),
                    expected_type=file.get("mimeType"),
                    landing_url=decision.link,
                    extra={"informea_id": decision.id, "treaty": decision.treaty, "meeting": decision.meeting_title},
                )


# -- reconciliation --------------------------------------------------------------------------------------------
# What a refusal to reach the real API suggests: the check's own flag, not the harvest's.
RECONCILE_LIVE_COMMAND = "mercury informea-check --live"


@dataclass
class Reconciliation:
    """Decision symbols InforMEA lists that we lack, the reverse, and those both have (all canonical, sorted)."""

    only_informea: list[str]
    only_ours: list[str]
    in_both: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise_symbol(symbol: str) -> str:
    """Comparable form: NFKC, look-alike dashes to '-', no spaces, upper case ('MC-5/16', 'BC-16/21')."""
    text = unicodedata.normalize("NFKC", symbol).translate(_DASHES)
    return re.sub(r"\s+", "", text).upper().rstrip(".")


def reconcile(informea_symbols: Iterable[str | None], our_symbols: Iterable[str | None]) -> Reconciliation:
    theirs = {normalise_symbol(s) for s in informea_symbols if s}
    ours = {normalise_symbol(s) for s in our_symbols if s}
    return Reconciliation(sorted(theirs - ours), sorted(ours - theirs), sorted(theirs & ours))


def reconcile_with_informea(
    our_symbols: Iterable[str],
    archive_root: Path,
    *,
    config: Any = None,
    live: bool = False,
    treaties: list[str] | None = None,
) -> Reconciliation:
    """Ask InforMEA for the decisions of our treaties and compare with `our_symbols` (e.g. marts.decisions.symbol).
    The requests go through the polite client and are logged in the archive's harvest log."""
    from extractors.archive import RawArchive
    from extractors.harvest import open_source

    source, client = open_source(
        "informea", RawArchive(Path(archive_root)), config=config, live=live, command=RECONCILE_LIVE_COMMAND
    )
    assert isinstance(source, InformeaSource)
    if treaties:
        source.options = source.options.model_copy(update={"treaties": treaties})
    with client:
        numbers = [d.number for d in source.decisions()]
    return reconcile(numbers, our_symbols)
