"""Mirror of wedocs.unep.org's OAI-PMH endpoint (DSpace 7, `ore` format) with resumption tokens, `from` filtering,
a deleted record, an item that is not a resolution, and bitstreams per language."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tests.mirror.files import LANGUAGE_NAMES, pdf
from tests.mirror.server import MirrorServer, Resource

OAI_PATH = "/rest/oai/request"
PAGE_SIZE = 2


@dataclass(frozen=True)
class Item:
    handle: int
    title: str
    datestamp: str  # YYYY-MM-DDTHH:MM:SSZ
    languages: tuple[str, ...]
    deleted: bool = False

    def file_name(self, language: str) -> str:
        return f"K2400{self.handle}_{LANGUAGE_NAMES[language]}.pdf"

    def file_path(self, language: str) -> str:
        sequence = 1 + self.languages.index(language)
        return f"/bitstream/handle/20.500.11822/{self.handle}/{self.file_name(language)}?sequence={sequence}"


ITEMS = [
    Item(44001, "6/1. Promoting synergies in chemicals and waste", "2024-03-20T10:00:00Z", ("en", "fr", "ru")),
    Item(44002, "6/3. Environmental aspects of minerals and metals", "2024-03-21T10:00:00Z", ("en", "es")),
    Item(44003, "Annual report 2023", "2024-03-22T10:00:00Z", ("en",)),  # not a resolution: skipped
    Item(44004, "6/7. Sound management of chemicals and waste", "2024-03-25T10:00:00Z", ("en", "zh", "ar")),
    Item(44005, "6/9. A withdrawn item", "2024-03-26T10:00:00Z", ("en",), deleted=True),
    Item(45001, "7/2. Highly hazardous pesticides", "2025-12-12T10:00:00Z", ("en", "fr")),
]


def record_xml(base: str, item: Item) -> str:
    status = ' status="deleted"' if item.deleted else ""
    header = (
        f"<header{status}><identifier>oai:wedocs.unep.org:20.500.11822/{item.handle}</identifier>"
        f"<datestamp>{item.datestamp}</datestamp><setSpec>col_20.500.11822_9</setSpec></header>"
    )
    if item.deleted:
        return f"<record>{header}</record>"
    handle_url = f"{base}/handle/20.500.11822/{item.handle}"
    links = "".join(
        f'<atom:link rel="http://www.openarchives.org/ore/terms/aggregates"'
        f' href="{escape(base + item.file_path(lang))}" title="{item.file_name(lang)}"'
        ' type="application/pdf" length="1000"/>'
        for lang in item.languages
    )
    entry = (
        '<atom:entry xmlns:atom="http://www.w3.org/2005/Atom" xmlns:ore="http://www.openarchives.org/ore/terms/"'
        ' xmlns:oreatom="http://www.openarchives.org/ore/atom/" xmlns:dcterms="http://purl.org/dc/terms/">'
        f"<atom:id>{handle_url}/ore.xml</atom:id>"
        f'<atom:link rel="alternate" href="{handle_url}"/>'
        f"<atom:published>{item.datestamp}</atom:published><atom:updated>{item.datestamp}</atom:updated>"
        f"<atom:title>{escape(item.title)}</atom:title>"
        '<atom:category scheme="http://www.dspace.org/objectModel/" term="DSpaceItem" label="DSpace Item"/>'
        f"{links}</atom:entry>"
    )
    return f"<record>{header}<metadata>{entry}</metadata></record>"


def envelope(inner: str, request: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        f"<responseDate>2025-01-01T00:00:00Z</responseDate><request>{escape(request)}</request>{inner}</OAI-PMH>"
    ).encode()


def install(server: MirrorServer, items: list[Item] | None = None) -> list[tuple[str, str, Item]]:
    """Serve the OAI endpoint and the bitstreams; returns (path, language, item) of every file to harvest."""
    items = ITEMS if items is None else items
    base = server.base_url

    def oai(path: str, query: dict[str, list[str]]) -> Resource:
        verb = query.get("verb", [""])[0]
        if verb != "ListRecords":
            return Resource(envelope('<error code="badVerb">only ListRecords here</error>', path), "text/xml")
        token = query.get("resumptionToken", [None])[0]
        if token:
            since, offset = token.split("|")[0], int(token.split("|")[1])
        else:
            if query.get("metadataPrefix", [""])[0] != "ore":
                return Resource(envelope('<error code="cannotDisseminateFormat">ore only</error>', path), "text/xml")
            since, offset = query.get("from", [""])[0], 0
        selected = [i for i in items if not since or i.datestamp[:10] >= since]
        if not selected:
            return Resource(envelope('<error code="noRecordsMatch">no records</error>', path), "text/xml")
        page = selected[offset : offset + PAGE_SIZE]
        more = offset + PAGE_SIZE < len(selected)
        token_xml = (
            f'<resumptionToken completeListSize="{len(selected)}" cursor="{offset}">{since}|{offset + PAGE_SIZE}'
            "</resumptionToken>"
            if more
            else f'<resumptionToken completeListSize="{len(selected)}" cursor="{offset}"/>'
        )
        records = "".join(record_xml(base, item) for item in page)
        return Resource(envelope(f"<ListRecords>{records}{token_xml}</ListRecords>", path), "text/xml")

    server.handle(OAI_PATH, oai)
    expected = []
    for item in items:
        for language in item.languages:
            server.add(item.file_path(language), Resource(pdf(item.title, language), "application/pdf"))
            if not item.deleted and "/" in item.title.split(".")[0]:
                expected.append((item.file_path(language), language, item))
    return expected
