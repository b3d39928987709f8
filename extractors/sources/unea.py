"""UNEA resolutions and decisions from UNEP's document repository (wedocs.unep.org, DSpace 7) through OAI-PMH.

    GET <base><oai_path>?verb=ListRecords&metadataPrefix=ore[&set=...][&from=YYYY-MM-DD][&until=...]
    GET <base><oai_path>?verb=ListRecords&resumptionToken=<token>      until the token comes back empty

The `ore` format (DSpace's ORE/Atom crosswalk) carries, per item, its title ("6/3. Title ..."), its handle URL and
one `<atom:link rel=".../ore/terms/aggregates" href=".../bitstream/handle/20.500.11822/<n>/<file>?sequence=k"
title="<file>" type="application/pdf">` per file of the ORIGINAL bundle, one per language. `since` becomes the
OAI `from` argument, so an incremental harvest asks only for what changed. A small own client: the protocol is four
elements and a loop, not worth a dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree

from extractors.sources.base import DiscoveryFailed, DocumentLink, Source, SourceOptions, guess_language

OAI = "http://www.openarchives.org/OAI/2.0/"
ATOM = "http://www.w3.org/2005/Atom"
ORE_AGGREGATES = "http://www.openarchives.org/ore/terms/aggregates"
NS = {"oai": OAI, "atom": ATOM}
_TITLE = re.compile(r"^\s*(?:(resolution|decision)\s+)?(\d+)\s*/\s*(\d+)\s*\.?\s*(.*)$", re.IGNORECASE)
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)


class UneaOptions(SourceOptions):
    base_url: str = "https://wedocs.unep.org"
    oai_path: str = "/rest/oai/request"
    metadata_prefix: str = "ore"
    set_spec: str | None = None  # an OAI set (a DSpace collection, e.g. "col_20.500.11822_<n>"); None: all items
    title_filter: str = r"^\s*(?:resolution\s+|decision\s+)?\d+\s*/\s*\d+\b"  # keep UNEA resolutions/decisions only
    until: date | None = None


@dataclass
class OaiRecord:
    identifier: str
    datestamp: str
    deleted: bool
    titles: list[str] = field(default_factory=list)
    handle_url: str | None = None
    published: str | None = None
    files: list[dict[str, str]] = field(default_factory=list)  # href, title (file name), type


def unea_symbol(title: str) -> tuple[str | None, str, str | None]:
    """'6/3. Title' -> ('UNEP/EA.6/Res.3', 'Title', 'unea-6'); 'Decision 6/1 ...' -> ('UNEP/EA.6/Dec.1', ...)."""
    match = _TITLE.match(title)
    if not match:
        return None, title.strip(), None
    kind, session, number, rest = match.groups()
    tag = "Dec" if kind and kind.lower() == "decision" else "Res"
    return f"UNEP/EA.{session}/{tag}.{number}", rest.strip() or title.strip(), f"unea-{session}"


def parse_records(xml: bytes) -> tuple[list[OaiRecord], str | None, tuple[str, str] | None]:
    """One ListRecords response -> (records, resumption token or None, (error code, message) or None)."""
    try:
        root = etree.fromstring(xml, parser=_SAFE_XML)
    except etree.XMLSyntaxError as error:
        raise DiscoveryFailed(f"unea: OAI-PMH response is not XML: {error}") from error
    error = root.find("oai:error", NS)
    if error is not None:
        return [], None, (error.get("code", "unknown"), (error.text or "").strip())
    records = [_record(element) for element in root.iterfind("oai:ListRecords/oai:record", NS)]
    token = root.find("oai:ListRecords/oai:resumptionToken", NS)
    text = (token.text or "").strip() if token is not None else ""
    return records, text or None, None


def _record(element: Any) -> OaiRecord:
    header = element.find("oai:header", NS)
    record = OaiRecord(
        identifier=(header.findtext("oai:identifier", "", NS) or "").strip(),
        datestamp=(header.findtext("oai:datestamp", "", NS) or "").strip(),
        deleted=header.get("status") == "deleted",
    )
    entry = element.find("oai:metadata/atom:entry", NS)
    if entry is None:
        return record
    record.titles = [" ".join((t.text or "").split()) for t in entry.iterfind("atom:title", NS) if t.text]
    record.published = (entry.findtext("atom:published", "", NS) or "").strip() or None
    for link in entry.iterfind("atom:link", NS):
        rel, href = link.get("rel"), link.get("href")
        if rel == "alternate" and href:
            record.handle_url = href.strip()
        elif rel == ORE_AGGREGATES and href:
            record.files.append({"href": href.strip(), "title": link.get("title", ""), "type": link.get("type", "")})
    return record


class UneaSource(Source):
    name = "unea"
    Options = UneaOptions
    options: UneaOptions

    def list_records(self, since: date | None = None) -> Iterator[OaiRecord]:
        """Every record of the OAI-PMH ListRecords sequence (resumption tokens followed, loops refused)."""
        endpoint = self.url(self.options.oai_path)
        params: dict[str, Any] = {
            "verb": "ListRecords",
            "metadataPrefix": self.options.metadata_prefix,
            "set": self.options.set_spec,
            "from": since.isoformat() if since else None,
            "until": self.options.until.isoformat() if self.options.until else None,
        }
        seen_tokens: set[str] = set()
        for _page in range(self.options.max_pages):
            response = self.get_listing(endpoint, params)
            records, token, error = parse_records(response.body)
            if error is not None:
                if error[0] == "noRecordsMatch":  # an incremental harvest with nothing new: not a failure
                    return
                raise DiscoveryFailed(f"unea: OAI-PMH error {error[0]}: {error[1]} ({response.url})")
            yield from records
            if token is None:
                return
            if token in seen_tokens:
                raise DiscoveryFailed(f"unea: OAI-PMH resumption token {token!r} repeated; refusing to loop")
            seen_tokens.add(token)
            params = {"verb": "ListRecords", "resumptionToken": token}
        raise DiscoveryFailed(f"unea: more than max_pages={self.options.max_pages} OAI-PMH pages")

    def discover(self, since: date | None = None) -> Iterator[DocumentLink]:
        keep = re.compile(self.options.title_filter, re.IGNORECASE)
        for record in self.list_records(since):
            title = record.titles[0] if record.titles else ""
            if record.deleted or not keep.search(title):
                continue
            symbol, clean_title, meeting = unea_symbol(title)
            for file in record.files:
                yield DocumentLink(
                    url=file["href"],
                    language=guess_language(filename=file["title"]),
                    symbol=symbol,
                    title=clean_title,
                    doc_type="decisions" if symbol and "/Dec." in symbol else "resolution",
                    meeting_id=meeting,
                    published_on=(record.published or record.datestamp or "")[:10] or None,
                    filename=file["title"] or None,
                    expected_type=file["type"] or None,
                    landing_url=record.handle_url,
                    extra={"oai_identifier": record.identifier, "datestamp": record.datestamp},
                )
