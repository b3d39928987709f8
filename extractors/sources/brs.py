"""Basel, Rotterdam and Stockholm conventions (basel.int, pic.int, chm.pops.int: DNN sites, same page structure).

Meeting document tables and decision tables, one row per document:

    | UNEP/CHW.16/1 | Provisional agenda | <file icons> | 11/17/2022 1:58 PM |      (abstract below the row)
    | BC-16/21      | Cooperation with the Minamata Convention | <file icons> |

Files are `/Portals/4/download.aspx?d=UNEP-CHW.16-1.English.pdf`: the language is a suffix of the name in `d`
(PDF, DOC or DOCX). A joint document carries three symbols joined by hyphens
(`UNEP/CHW.16/INF/1-UNEP/FAO/RC/COP.11/INF/1-UNEP/POPS/COP.11/INF/1`); the first is the link's symbol, all three
are kept in `extra.symbols`. `since` skips rows uploaded before that date (rows without a date are kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.sources.base import (
    DocumentLink,
    Source,
    SourceOptions,
    doc_type_for_symbol,
    file_name_of,
    guess_language,
    paged,
)

Convention = Literal["basel", "rotterdam", "stockholm"]
ONE_SYMBOL = r"(?:UNEP/(?:CHW|FAO/RC|POPS)[A-Za-z0-9./]*?(?:/[A-Za-z0-9.*]+)+|UNEP/CHW\.\d+/\S+|(?:BC|RC|SC)-\d+/\d+)"
_SYMBOL_AT_START = re.compile(rf"^\s*({ONE_SYMBOL}(?:\s*-\s*{ONE_SYMBOL})*)")
_JOINT_SPLIT = re.compile(r"\s*-\s*(?=UNEP/|BC-|RC-|SC-)")
_UPLOADED = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{4})\s+\d{1,2}:\d{2}\s*[AP]M\b")
_MEETING_PATTERNS = (
    (re.compile(r"^UNEP/CHW\.(\d+)"), "bc-cop-{}"),
    (re.compile(r"^UNEP/FAO/RC/COP\.(\d+)"), "rc-cop-{}"),
    (re.compile(r"^UNEP/POPS/COP\.(\d+)"), "sc-cop-{}"),
    (re.compile(r"^BC-(\d+)/"), "bc-cop-{}"),
    (re.compile(r"^RC-(\d+)/"), "rc-cop-{}"),
    (re.compile(r"^SC-(\d+)/"), "sc-cop-{}"),
)


class BrsPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    convention: Convention
    path: str  # e.g. /TheConvention/ConferenceoftheParties/Meetings/COP16/tabid/9311/Default.aspx
    meeting_id: str | None = None  # None: from the symbols


class BrsOptions(SourceOptions):
    base_url: str = "https://www.basel.int"  # unused: each page names its convention's host below
    hosts: dict[Convention, str] = Field(
        default_factory=lambda: {
            "basel": "https://www.basel.int",
            "rotterdam": "https://www.pic.int",
            "stockholm": "https://chm.pops.int",
        }
    )
    pages: list[BrsPage] = Field(default_factory=list)
    languages: list[str] | None = None

    def base_urls(self) -> list[str]:
        return list(dict.fromkeys(self.hosts[page.convention] for page in self.pages)) or list(self.hosts.values())


def split_joint(symbols: str) -> list[str]:
    return [s.strip().rstrip(".*") for s in _JOINT_SPLIT.split(symbols.strip()) if s.strip()]


def meeting_for(symbol: str | None) -> str | None:
    for pattern, template in _MEETING_PATTERNS:
        match = pattern.match(symbol or "")
        if match:
            return template.format(match.group(1))
    return None


def uploaded_on(text: str) -> str | None:
    match = _UPLOADED.search(text)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%m/%d/%Y").date().isoformat()


class BrsSource(Source):
    name = "brs"
    Options = BrsOptions
    options: BrsOptions

    def discover(self, since: date | None = None) -> Iterator[DocumentLink]:
        for page in self.options.pages:
            first = self.url(page.path, base=self.options.hosts[page.convention])
            for url, tree in paged(self, first):
                yield from self._rows(tree, page, url, since)

    def _rows(self, tree: Any, page: BrsPage, page_url: str, since: date | None) -> Iterator[DocumentLink]:
        for anchor in tree.xpath("//a[contains(translate(@href, 'DOWNLOAD.ASPX', 'download.aspx'), 'download.aspx')]"):
            href = anchor.get("href") or ""
            row = _symbol_row(anchor)
            if row is None:
                continue
            cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
            symbols = split_joint(_SYMBOL_AT_START.match(cells[0]).group(1))
            title = next((c for c in cells[1:] if c and not _UPLOADED.search(c)), None)
            uploaded = next((uploaded_on(c) for c in cells if uploaded_on(c)), None)
            if since and uploaded and uploaded < since.isoformat():
                continue
            filename = file_name_of(href)
            language = guess_language(anchor.get("hreflang"), anchor.get("title"), filename=filename)
            if self.options.languages and language not in self.options.languages:
                continue
            symbol = symbols[0]
            yield DocumentLink(
                url=href,
                language=language,
                symbol=symbol,
                title=title,
                doc_type=doc_type_for_symbol(symbol),
                meeting_id=page.meeting_id or meeting_for(symbol),
                published_on=uploaded,
                filename=filename,
                landing_url=page_url,
                extra={"convention": page.convention, "symbols": symbols} if len(symbols) > 1 else {},
            )


def _symbol_row(anchor: Any) -> Any | None:
    """The nearest table row around a download link whose first cell starts with a symbol (DNN nests tables)."""
    for row in anchor.iterancestors("tr"):
        first = row.xpath("./td[1]")
        if first and _SYMBOL_AT_START.match(" ".join(first[0].text_content().split())):
            return row
    return None
