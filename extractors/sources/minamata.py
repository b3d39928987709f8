"""Minamata Convention (mercuryconvention.org, Drupal): meeting pages -> paged document lists -> landing pages ->
one file per language.

    /en/meetings/cop5[?page=N]        document tabs, paged with a Drupal pager (rel="next")
    /en/documents/<slug>              landing page; its title line is "<symbol> - <title>" (decisions too: MC-5/1)
    /sites/default/files/documents/<type>/<name>.pdf|.docx   the files, one per language

The site has no API and no dates we can trust, so `since` is ignored: conditional GET makes a re-harvest cheap.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import Field

from extractors.http import HttpResponse
from extractors.sources.base import (
    DocumentLink,
    Source,
    SourceOptions,
    doc_type_for_symbol,
    document_extension,
    guess_language,
    html_tree,
    paged,
    split_symbol_title,
)

SYMBOL = re.compile(r"(?:UNEP(?:\(DTIE\))?/(?:MC|Hg)/[A-Za-z0-9.()]+(?:/[A-Za-z0-9.*]+)*|MC-\d+/\d+)")
_MEETING = re.compile(r"^([a-z]+)-?(\d+)(?:[.-](\d+))?$")


class MinamataOptions(SourceOptions):
    base_url: str = "https://www.mercuryconvention.org"
    language: str = "en"  # the site language of the meeting pages (files are found for every language offered)
    meetings: list[str] = Field(default_factory=lambda: ["cop1", "cop2", "cop3", "cop4", "cop5", "cop6"])
    languages: list[str] | None = None  # keep only files in these languages (None: all)


def meeting_id(slug: str) -> str:
    """'cop5' -> 'mc-cop-5', 'oewg1' -> 'mc-oewg-1' (the warehouse's meeting ids)."""
    match = _MEETING.match(slug.lower())
    return f"mc-{match.group(1)}-{match.group(2)}" if match else f"mc-{slug.lower()}"


class MinamataSource(Source):
    name = "minamata"
    Options = MinamataOptions
    options: MinamataOptions

    def discover(self, since: date | None = None) -> Iterator[DocumentLink]:
        for meeting in self.options.meetings:
            for landing in self._landing_pages(meeting):
                page = self.get_page(landing)
                if page is not None:
                    yield from self._files(page, meeting_id(meeting))

    def _landing_pages(self, meeting: str) -> list[str]:
        """Landing page URLs of a meeting, over every page of its document lists, in order, each once."""
        first = self.url(f"/{self.options.language}/meetings/{meeting}")
        pattern = re.compile(rf"^/{re.escape(self.options.language)}/documents/[^/]+/?$")
        hosts = self.options.host_names()
        found: list[str] = []
        for _url, tree in paged(self, first):
            # Links inside the document list only (Drupal views), so menus and sidebars add nothing.
            scopes = tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' view-content ')]") or [tree]
            for href in (h for scope in scopes for h in scope.xpath(".//a/@href")):
                parts = urlsplit(str(href))
                if (parts.hostname or "").lower() in hosts and pattern.match(parts.path):
                    landing = f"{parts.scheme}://{parts.netloc}{parts.path}"
                    if landing not in found:
                        found.append(landing)
        return found

    def _files(self, page: HttpResponse, meeting: str) -> Iterator[DocumentLink]:
        tree = html_tree(page)
        heading = _first_text(tree, ["//h1", "//title"])
        symbol, title = split_symbol_title(heading, SYMBOL) if heading else (None, "")
        for anchor in tree.iter("a"):
            href = anchor.get("href") or ""
            filename = posixpath.basename(unquote(urlsplit(href).path))
            if "/files/" not in href or not document_extension(href):
                continue
            language = guess_language(
                anchor.get("hreflang"), anchor.get("lang"), _label(anchor), anchor.text_content(), filename=filename
            )
            if self.options.languages and language not in self.options.languages:
                continue
            yield DocumentLink(
                url=href,
                language=language,
                symbol=symbol,
                title=title or None,
                doc_type=doc_type_for_symbol(symbol),
                meeting_id=meeting,
                filename=filename,
                expected_type=anchor.get("type") or None,
                landing_url=page.url,
            )


def _first_text(tree: Any, xpaths: list[str]) -> str | None:
    for xpath in xpaths:
        for element in tree.xpath(xpath):
            text = " ".join(element.text_content().split())
            if text:
                return text
    return None


def _label(anchor: Any) -> str | None:
    """A language label next to the link: an element with 'language' in its class within the same item."""
    parent = anchor.getparent()
    for _ in range(3):
        if parent is None:
            return None
        labels = parent.xpath(".//*[contains(@class, 'language')]")
        if labels:
            return " ".join(labels[0].text_content().split())
        parent = parent.getparent()
    return None
