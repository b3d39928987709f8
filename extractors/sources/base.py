"""What every web source shares: discover links -> fetch each through the polite client -> raw archive.

A source module only knows its site: it implements `Source.discover(since)` yielding `DocumentLink`s (URL plus what
the site says about the file: language, symbol, title ...). `harvest_source()` does the rest the same way for all:
conditional GET with stored validators, archive the bytes, remember the listing's metadata beside the manifest,
count what happened, and refuse to record a discovery that suddenly found nothing.

Files written beside the archive's own (the archive root is owned by extractors/archive.py):
    harvest_metadata.jsonl   one row per (source, url, sha256) first archived: language, symbol, title, doc_type,
                             meeting_id, published_on, file name, sniffed/declared type, quarantine_reason
    harvest_state.json       per source: links found by the last full discovery (the empty-listing guard)
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

from pydantic import BaseModel, ConfigDict

from extractors.archive import RawArchive, utc_now
from extractors.config import GuardConfig
from extractors.http import HarvestHttpError, HttpClient, HttpResponse, RobotsDisallowed
from extractors.sources import NothingToIngest

log = logging.getLogger(__name__)

METADATA_FILE = "harvest_metadata.jsonl"
STATE_FILE = "harvest_state.json"
_FILE_LOCK = threading.Lock()


# -- what a source yields and what a harvest returns -----------------------------------------------------------
@dataclass(frozen=True)
class DocumentLink:
    """One file to fetch, with what the listing said about it (hints for the parser, never trusted blindly)."""

    url: str
    language: str | None = None  # ISO 639-1
    symbol: str | None = None  # canonical document/decision symbol as listed
    title: str | None = None
    doc_type: str | None = None  # decisions meeting_document information_document resolution report other
    meeting_id: str | None = None
    published_on: str | None = None  # ISO date
    filename: str | None = None  # the original file name (informational; never used as a path)
    expected_type: str | None = None  # the media type the listing promises
    landing_url: str | None = None  # the page the link was found on
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class HarvestResult:
    """What one harvest of one source did. `new_shas`: objects the archive did not hold before."""

    source: str
    found: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    robots_disallowed: int = 0
    new_shas: list[str] = field(default_factory=list)
    quarantined: list[dict[str, str]] = field(default_factory=list)  # url, sha256, reason
    errors: list[dict[str, str]] = field(default_factory=list)  # url, detail (fetch and discovery failures)
    warnings: list[str] = field(default_factory=list)
    started_at: str = field(default_factory=utc_now)
    seconds: float = 0.0

    @property
    def new(self) -> int:
        return len(self.new_shas)

    def summary(self) -> str:
        text = (
            f"{self.source}: {self.found} found, {self.fetched} fetched, {self.new} new, "
            f"{self.not_modified} not modified, {self.failed} failed, {self.robots_disallowed} disallowed by robots.txt"
        )
        if self.quarantined:
            text += f", {len(self.quarantined)} to quarantine (content mismatch)"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable (travels as an Airflow XCom)."""
        data = asdict(self)
        data["new"] = self.new
        data["summary"] = self.summary()
        return data


class EmptyDiscovery(NothingToIngest):
    """A full discovery found no document: the site changed or is broken; recording it would look like success."""


class DiscoveryFailed(RuntimeError):
    """A listing page the discovery depends on could not be fetched (after retries) or robots.txt forbids it."""


class HarvestFailed(RuntimeError):
    """Every discovered link failed: the site is down or refusing us; the run must not look successful."""


# -- options and the source interface --------------------------------------------------------------------------
class SourceOptions(BaseModel):
    """Settings common to every web source; each source extends it with its own (extra keys are an error)."""

    model_config = ConfigDict(extra="forbid")

    base_url: str
    allowed_hosts: list[str] = []  # more hosts files may live on (besides the base URLs' hosts)
    max_pages: int = 200  # safety stop for paged listings

    def base_urls(self) -> list[str]:
        """Every site root this source contacts (the allowlist and the live-or-local check are built from them)."""
        return [self.base_url]

    def host_names(self) -> set[str]:
        found = {(urlsplit(url).hostname or "").lower() for url in self.base_urls()}
        return {h for h in found if h} | {h.lower() for h in self.allowed_hosts}


class Source(ABC):
    """One web source. Subclasses set `name` and `Options` and implement `discover`."""

    name: ClassVar[str]
    Options: ClassVar[type[SourceOptions]] = SourceOptions

    def __init__(self, options: SourceOptions, client: HttpClient) -> None:
        self.options = options
        self.client = client
        self.errors: list[dict[str, str]] = []  # non-fatal discovery failures (one landing page down)

    @abstractmethod
    def discover(self, since: date | None = None) -> Iterable[DocumentLink]:
        """Yield every document link of the source (changed since `since` where the site can tell)."""

    # helpers for subclasses ---------------------------------------------------------------------------------
    def url(self, path: str, base: str | None = None) -> str:
        return urljoin((base or self.options.base_url).rstrip("/") + "/", path.lstrip("/"))

    def get_listing(self, url: str, params: dict[str, Any] | None = None) -> HttpResponse:
        """A page discovery cannot do without: failure stops the harvest (we cannot know what we missed)."""
        try:
            return self.client.get(url, params, purpose="listing")
        except HarvestHttpError as error:
            raise DiscoveryFailed(f"{self.name}: listing {error.url} failed: {error.detail}") from error

    def get_page(self, url: str) -> HttpResponse | None:
        """A page discovery can skip (one landing page): failure is recorded and discovery goes on."""
        try:
            return self.client.get(url, purpose="listing")
        except HarvestHttpError as error:
            self.errors.append({"url": error.url, "detail": error.detail})
            return None


# -- the shared harvest ----------------------------------------------------------------------------------------
def harvest_source(
    source: Source, archive: RawArchive, since: date | None = None, guard: GuardConfig | None = None
) -> HarvestResult:
    """Discover, guard against an empty discovery, fetch every link into the archive; returns the counts."""
    guard = guard or GuardConfig()
    result = HarvestResult(source=source.name)
    clock = time.monotonic()
    links = _unique(source.discover(since))
    result.found = len(links)
    result.errors.extend(source.errors)
    state = HarvestState(archive.root)
    previous = state.previous_found(source.name)
    if since is None:
        if not links and guard.fail_on_empty:
            before = f"the previous full harvest found {previous}" if previous else "no previous full harvest"
            raise EmptyDiscovery(
                f"{source.name}: discovery found no document ({before}); the site's structure may have changed. "
                f"Nothing was recorded. Discovery errors: {source.errors[:3]}"
            )
        if previous and len(links) < guard.warn_drop_ratio * previous:
            result.warnings.append(f"discovery found {len(links)} documents, the previous full harvest {previous}")
    metadata = MetadataLog(archive.root)
    validators = archive.http_validators()
    for link in links:
        _fetch_one(source, archive, link, validators.get(link.url), metadata, result)
    if since is None:
        state.record(source.name, result.found)
    result.seconds = round(time.monotonic() - clock, 3)
    if links and result.failed == len(links):
        raise HarvestFailed(f"{result.summary()}; every link failed, e.g. {result.errors[-1]}")
    log.info(result.summary())
    return result


def _fetch_one(
    source: Source,
    archive: RawArchive,
    link: DocumentLink,
    stored: dict[str, str] | None,
    metadata: MetadataLog,
    result: HarvestResult,
) -> None:
    # Conditional GET only when we still hold what the validators describe; otherwise fetch it whole again.
    conditional = stored if stored and archive.has(stored.get("sha256", "")) else None
    try:
        response = source.client.get(
            link.url, validators=conditional, expect=link.expected_type, filename=link.filename
        )
    except RobotsDisallowed:
        result.robots_disallowed += 1
        return
    except HarvestHttpError as error:
        result.failed += 1
        result.errors.append({"url": link.url, "detail": error.detail})
        return
    if response.not_modified:
        result.not_modified += 1
        return
    row, stored_now = archive.store(
        response.body,
        source=source.name,
        url=link.url,
        path=link.filename or _name_from_url(response.final_url),
        media_type=response.media_type,
        etag=response.etag,
        last_modified=response.last_modified,
    )
    result.fetched += 1
    if stored_now:
        result.new_shas.append(row.sha256)
    metadata.record(source.name, link, row.sha256, response)
    if response.content_mismatch:
        result.quarantined.append({"url": link.url, "sha256": row.sha256, "reason": response.content_mismatch})
    if response.etag or response.last_modified:
        archive.save_http_validators(
            link.url,
            {k: v for k, v in (("etag", response.etag), ("last_modified", response.last_modified)) if v}
            | {"sha256": row.sha256},
        )


def _unique(links: Iterable[DocumentLink]) -> list[DocumentLink]:
    """Links in discovery order, each URL once (the same file listed on two pages is fetched once)."""
    seen: set[str] = set()
    unique = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    return unique


def _name_from_url(url: str) -> str | None:
    name = posixpath.basename(unquote(urlsplit(url).path))
    return name or None


# -- files beside the archive ------------------------------------------------------------------------------------
class MetadataLog:
    """harvest_metadata.jsonl: what the site said about each archived file, for the parser and the quarantine."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / METADATA_FILE
        self._known = {(r["source"], r["url"], r["sha256"]) for r in self.rows()}

    def rows(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        rows = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a torn last line after a crash
        return rows

    def record(self, source: str, link: DocumentLink, sha256: str, response: HttpResponse) -> None:
        key = (source, link.url, sha256)
        if key in self._known:
            return
        row = {
            "source": source,
            "url": link.url,
            "sha256": sha256,
            "final_url": response.final_url,
            "language": link.language,
            "symbol": link.symbol,
            "title": link.title,
            "doc_type": link.doc_type,
            "meeting_id": link.meeting_id,
            "published_on": link.published_on,
            "filename": link.filename,
            "landing_url": link.landing_url,
            "media_type": response.media_type,
            "declared_type": response.declared_type,
            "quarantine_reason": response.content_mismatch,
            "extra": link.extra,
            "recorded_at": utc_now(),
        }
        line = json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"
        with _FILE_LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)
        self._known.add(key)


def read_metadata(root: Path) -> list[dict[str, Any]]:
    """Every row of harvest_metadata.jsonl under an archive root (empty when no web harvest ran)."""
    return MetadataLog(root).rows()


class HarvestState:
    """harvest_state.json: per source, how many links the last full discovery found and when."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / STATE_FILE

    def read(self) -> dict[str, dict[str, Any]]:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def previous_found(self, source: str) -> int:
        return int(self.read().get(source, {}).get("last_full_found", 0))

    def record(self, source: str, found: int) -> None:
        with _FILE_LOCK:
            state = self.read()
            state[source] = {"last_full_found": found, "at": utc_now()}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(state, handle, indent=1, sort_keys=True)
            os.replace(tmp, self.path)


# -- helpers the source modules share ----------------------------------------------------------------------------
_LANGUAGE_WORDS = {
    "en": ("english", "anglais", "inglés", "ingles", "английский", "英文", "الإنكليزية", "الانجليزية"),
    "fr": ("french", "français", "francais", "francés", "frances", "французский", "法文", "الفرنسية"),
    "es": ("spanish", "español", "espanol", "espagnol", "испанский", "西班牙文", "الإسبانية"),
    "ru": ("russian", "русский", "russe", "ruso", "俄文", "الروسية"),
    "zh": ("chinese", "中文", "chinois", "chino", "китайский"),
    "ar": ("arabic", "العربية", "arabe", "árabe", "арабский"),
}
_LANGUAGE_CODES = {"en", "fr", "es", "ru", "zh", "ar"}
_LETTER_CODES = {"e": "en", "f": "fr", "s": "es", "r": "ru", "c": "zh", "a": "ar", "ch": "zh", "sp": "es"}


def language_from_text(text: str | None) -> str | None:
    """ISO 639-1 code from a label such as "English", "Français", "zh-hans" or "ru"."""
    if not text:
        return None
    lowered = text.strip().lower()
    code = lowered.split("-")[0].split("_")[0]
    if code in _LANGUAGE_CODES and len(lowered) <= 7:
        return code
    for language, words in _LANGUAGE_WORDS.items():
        if any(word in lowered for word in words):
            return language
    return None


def language_from_filename(name: str | None) -> str | None:
    """Language from a UN-style file name: `…English.pdf`, `…-EN.docx`, `…_F.pdf`, `….Russian.pdf`."""
    if not name:
        return None
    stem = posixpath.splitext(posixpath.basename(unquote(name)))[0]
    tokens = [t for t in re.split(r"[-_. ()]+", stem) if t]
    if not tokens:
        return None
    for token in reversed(tokens):
        found = language_from_text(token) if len(token) > 2 else None
        if found:
            return found
    last = tokens[-1].lower()
    if last in _LANGUAGE_CODES:
        return last
    return _LETTER_CODES.get(last)


def guess_language(*hints: str | None, filename: str | None = None) -> str | None:
    """The first hint that names a language (hreflang, a label), else the file name's suffix."""
    for hint in hints:
        found = language_from_text(hint)
        if found:
            return found
    return language_from_filename(filename)


_DECISION_SYMBOL = re.compile(r"^(?:MC|BC|RC|SC)-\d+/\d+$")


def doc_type_for_symbol(symbol: str | None, default: str = "meeting_document") -> str:
    """The document type a symbol implies (the parser decides from the text; this is the listing's hint)."""
    if not symbol:
        return "other"
    if _DECISION_SYMBOL.match(symbol):
        return "decisions"
    if "/RES." in symbol.upper() or re.match(r"^[IVX]+/\d+$", symbol):
        return "resolution"
    if "/INF/" in symbol.upper() or symbol.upper().endswith("/INF"):
        return "information_document"
    return default


def split_symbol_title(line: str, symbol_pattern: re.Pattern[str]) -> tuple[str | None, str]:
    """'<symbol> - <title>' (hyphen or dash) -> (symbol, title); (None, line) when it does not start with one."""
    text = " ".join(line.split())
    match = re.match(rf"^({symbol_pattern.pattern})\s*[-–—:]\s*(.+)$", text)
    if match:
        return match.group(1).rstrip(".*"), match.group(match.lastindex or 2).strip()
    only = symbol_pattern.fullmatch(text)
    return (text, "") if only else (None, text)


def html_tree(response: HttpResponse):  # -> lxml.html.HtmlElement
    """The page parsed with lxml, links made absolute against the final URL."""
    import lxml.html

    tree = lxml.html.fromstring(response.text() or "<html></html>")
    tree.make_links_absolute(response.final_url, resolve_base_href=True)
    return tree


def next_page_url(tree: Any) -> str | None:
    """The pager's "next" link (rel=next, Drupal's pager__item--next, or a link labelled Next / ›)."""
    for xpath in (
        "//a[@rel='next']/@href",
        "//link[@rel='next']/@href",
        "//li[contains(concat(' ', normalize-space(@class), ' '), ' pager__item--next ')]//a/@href",
        "//li[contains(@class, 'pager-next')]//a/@href",
    ):
        found = tree.xpath(xpath)
        if found:
            return str(found[0])
    for anchor in tree.iter("a"):
        label = (anchor.text_content() or "").strip().lower()
        if label in ("next", "next ›", "›", "»", "next page", "suivant") and anchor.get("href"):
            return anchor.get("href")
    return None


def paged(source: Source, first_url: str) -> Iterator[tuple[str, Any]]:
    """(url, tree) of a listing and each following page, stopping at a repeated page or max_pages."""
    url: str | None = first_url
    seen: set[str] = set()
    while url and url not in seen and len(seen) < source.options.max_pages:
        seen.add(url)
        tree = html_tree(source.get_listing(url))
        yield url, tree
        url = next_page_url(tree)


DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc")


def document_extension(url: str, filename: str | None = None) -> str | None:
    for name in (filename, unquote(urlsplit(url).path)):
        if name and name.lower().endswith(DOCUMENT_EXTENSIONS):
            return posixpath.splitext(name.lower())[1]
    return None


__all__ = [
    "DiscoveryFailed",
    "DocumentLink",
    "EmptyDiscovery",
    "HarvestFailed",
    "HarvestResult",
    "HarvestState",
    "MetadataLog",
    "Source",
    "SourceOptions",
    "doc_type_for_symbol",
    "guess_language",
    "harvest_source",
    "html_tree",
    "language_from_filename",
    "language_from_text",
    "next_page_url",
    "paged",
    "read_metadata",
    "split_symbol_title",
]


# -- a generic "listing pages -> (landing pages) -> files" crawl, for sites without a richer structure ---------
_ROW_XPATH = "ancestor::*[self::tr or self::li or self::article or contains(@class, 'views-row')]"
_FILE_HINTS = ("/download", "/bitstream/", "/files/", "download.aspx")


def is_file_link(href: str) -> bool:
    path = unquote(urlsplit(href).path).lower()
    return bool(document_extension(href)) or any(hint in path for hint in _FILE_HINTS[:2])


def row_text(anchor: Any) -> str:
    """The text of the listing row (table row, list item, Drupal views row) holding a link, without the text of
    its file links and language labels ("English | PDF 1.2 MB" is not part of a title). The nearest row with
    such text wins: a list item holding only the link belongs to the row around it."""
    for row in reversed(anchor.xpath(_ROW_XPATH)):  # lxml returns ancestors outermost first
        parts: list[str] = []
        _collect_text(row, parts)
        text = " ".join(" ".join(parts).split())
        if text:
            return text
    return " ".join(anchor.text_content().split())


def link_context(anchor: Any) -> str:
    """What describes a file link: its own text when that reads like a title ("PAG 10.3 - Report on ..."),
    else its row's text (the link itself says "English", "Download" or a file name)."""
    own = " ".join(anchor.text_content().split())
    if len(own.split()) >= 3 and not language_from_text(own):
        return own
    return row_text(anchor)


def _collect_text(element: Any, parts: list[str]) -> None:
    skip = (element.tag == "a" and is_file_link(element.get("href") or "")) or any(
        word in (element.get("class") or "") for word in ("language", "file-size", "file--")
    )
    if not skip and isinstance(element.tag, str):
        parts.append(element.text or "")
        for child in element:
            _collect_text(child, parts)
    if element.tail:
        parts.append(element.tail)


def anchor_language(anchor: Any, filename: str | None) -> str | None:
    """hreflang / lang / the link's text or title, else the file name's language suffix."""
    return guess_language(
        anchor.get("hreflang"), anchor.get("lang"), anchor.get("title"), anchor.text_content(), filename=filename
    )


def file_name_of(href: str) -> str:
    """The file's original name: the `d=` of a DNN download.aspx link, else the URL path's last part."""
    from urllib.parse import parse_qs

    parts = urlsplit(href)
    names = parse_qs(parts.query).get("d")
    if names and names[0]:
        return posixpath.basename(names[0])
    return posixpath.basename(unquote(parts.path))


def content_scopes(tree: Any) -> list[Any]:
    """The main content of a page (so menus, headers and footers add no links), else the whole page."""
    for xpath in ("//main", "//*[@role='main']", "//*[@id='content']", "//*[contains(@class, 'view-content')]"):
        found = tree.xpath(xpath)
        if found:
            return found
    return [tree]


class ListingPage(BaseModel):
    """One listing to crawl: where it is and what its documents are."""

    model_config = ConfigDict(extra="forbid")

    url: str  # a path under base_url, or an absolute URL on an allowed host
    doc_type: str | None = None  # None: from the symbol
    meeting_id: str | None = None


class ListingOptions(SourceOptions):
    pages: list[ListingPage] = []
    landing_pattern: str | None = None  # regex on a link's URL path: such links are landing pages to follow
    languages: list[str] | None = None  # keep only files in these languages (None: all)


class ListingSource(Source):
    """Listing pages (paged) whose rows link files directly or landing pages that link them (GFC, GMP)."""

    Options: ClassVar[type[SourceOptions]] = ListingOptions
    options: ListingOptions
    symbol_pattern: ClassVar[re.Pattern[str]] = re.compile(r"UNEP/[A-Za-z0-9.()/]+")
    default_doc_type: ClassVar[str | None] = None  # when a page does not say; None: from the symbol

    def discover(self, since: date | None = None) -> Iterator[DocumentLink]:
        for page in self.options.pages:
            yield from self.crawl(page)

    def crawl(self, page: ListingPage) -> Iterator[DocumentLink]:
        landing_re = re.compile(self.options.landing_pattern) if self.options.landing_pattern else None
        landings: list[str] = []
        for url, tree in paged(self, self.url(page.url)):
            for anchor in (a for scope in content_scopes(tree) for a in scope.iter("a")):
                href = anchor.get("href") or ""
                if not href.startswith(("http://", "https://")):
                    continue
                if is_file_link(href):
                    link = self.make_link(anchor, href, link_context(anchor), page, url)
                    if link:
                        yield link
                elif landing_re and landing_re.search(urlsplit(href).path) and href not in landings:
                    landings.append(href)
        for landing in landings:
            response = self.get_page(landing)
            if response is None:
                continue
            tree = html_tree(response)
            headings = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
            heading = next((h for h in headings if h), "")
            for anchor in (a for scope in content_scopes(tree) for a in scope.iter("a")):
                href = anchor.get("href") or ""
                if href.startswith(("http://", "https://")) and is_file_link(href):
                    link = self.make_link(anchor, href, heading, page, landing)
                    if link:
                        yield link

    def describe(self, text: str) -> tuple[str | None, str | None, dict[str, Any]]:
        """(symbol, title, extra) from a row's text or a landing page's heading."""
        symbol, title = split_symbol_title(text, self.symbol_pattern)
        return symbol, title or None, {}

    def make_link(self, anchor: Any, href: str, context: str, page: ListingPage, found_on: str) -> DocumentLink | None:
        filename = file_name_of(href)
        language = anchor_language(anchor, filename)
        if self.options.languages and language not in self.options.languages:
            return None
        symbol, title, extra = self.describe(context)
        return DocumentLink(
            url=href,
            language=language,
            symbol=symbol,
            title=title,
            doc_type=page.doc_type or self.default_doc_type or doc_type_for_symbol(symbol),
            meeting_id=page.meeting_id,
            filename=filename,
            landing_url=found_on,
            extra=extra,
        )
