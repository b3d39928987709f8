"""The one polite HTTP client every source uses.

What it guarantees, whatever the source:
- only allowlisted hosts are contacted; redirects are followed by hand and each hop is checked again; loopback and
  private addresses are refused unless configured; without `live=True` no public address is ever contacted;
- robots.txt is honoured (and its Crawl-delay), per host;
- requests to one host are spaced by the configured rate, across every client and thread of the process;
- connection errors, timeouts, 5xx and 429 are retried with exponential backoff and jitter, Retry-After honoured;
- a body is read streamed with a size cap, and a short body (Content-Length mismatch, broken chunking) is retried,
  never returned;
- conditional GET: the caller passes stored validators, a 304 comes back with no body;
- the bytes are sniffed (PDF, DOCX, HTML ...) and a mismatch with what the URL promised is reported, not trusted;
- every try is a row in the archive's harvest log (outcome fetched, not_modified, failed, robots_disallowed).
"""

from __future__ import annotations

import email.utils
import hashlib
import io
import ipaddress
import logging
import mimetypes
import posixpath
import random
import socket
import threading
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

import requests
from protego import Protego
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from extractors.archive import HarvestAttempt, RawArchive, utc_now
from extractors.config import HttpConfig

log = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
HTML = "text/html"
XML = "application/xml"
JSON = "application/json"
ZIP = "application/zip"
TEXT = "text/plain"
OCTET = "application/octet-stream"

_EXTENSION_TYPES = {".pdf": PDF, ".docx": DOCX, ".doc": DOC, ".html": HTML, ".htm": HTML, ".txt": TEXT}
# A document format we must not parse as something else; a different sniffed type means quarantine.
_BINARY_DOCUMENT_TYPES = {PDF, DOCX, DOC}
_COMPATIBLE = {(DOC, DOCX), (DOCX, DOC)}  # Word served under the other Word extension still parses
_REDIRECTS = {301, 302, 303, 307, 308}


# -- errors -----------------------------------------------------------------------------------------------------
class HarvestHttpError(RuntimeError):
    """A URL could not be fetched; `detail` says why in words an operator understands."""

    def __init__(self, url: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {detail}")
        self.url = url
        self.detail = detail
        self.status = status


class FetchFailed(HarvestHttpError):
    """Gave up: a 4xx, retries exhausted, a body too large, too many redirects."""


class RobotsDisallowed(HarvestHttpError):
    """robots.txt of the host forbids this URL to our user agent."""


class TargetRefused(HarvestHttpError):
    """The URL (or a redirect) leads to a host or address we are not allowed to contact."""


class _Retryable(Exception):
    """One try failed in a way worth trying again (internal to the client)."""

    def __init__(self, detail: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.retry_after = retry_after


# -- the response -----------------------------------------------------------------------------------------------
@dataclass
class HttpResponse:
    """A complete, verified response (200) or a 304 with an empty body."""

    url: str  # as requested (the key for conditional-GET validators)
    final_url: str  # after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    sha256: str | None = None
    media_type: str | None = None  # sniffed from the bytes
    declared_type: str | None = None  # Content-Type header, without parameters
    content_mismatch: str | None = None  # why the bytes are not what the URL promised (quarantine reason)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")

    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8, else a detected one."""
        charset = _charset(self.headers.get("Content-Type", ""))
        for encoding in (charset, "utf-8"):
            if not encoding:
                continue
            try:
                return self.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        from charset_normalizer import from_bytes

        best = from_bytes(self.body).best()
        return str(best) if best is not None else self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        import json

        return json.loads(self.text())


# -- process-wide rate limiting ------------------------------------------------------------------------------
class HostRateLimiter:
    """Spaces requests to each host by its interval, for every thread of the process.

    A request may go when the host's next free time has come; the one that takes it moves that time one interval
    on, under the lock, at the moment it actually goes. So the spacing holds between real sends even when a
    sleeping thread wakes late, and threads on other hosts are never blocked (sleeping happens outside the lock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}

    def wait(self, host: str, interval: float) -> float:
        """Block until a request to host may be sent; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = time.monotonic()
                ready = self._next_slot.get(host, now)
                if now >= ready:
                    self._next_slot[host] = now + interval
                    return waited
                delay = ready - now
            time.sleep(delay)
            waited += delay

    def defer(self, host: str, seconds: float) -> None:
        """Nobody sends to host for the next `seconds` (the server asked us to back off with Retry-After)."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_slot[host] = max(self._next_slot.get(host, until), until)

    def reset(self) -> None:
        with self._lock:
            self._next_slot.clear()


RATE_LIMITER = HostRateLimiter()


# -- content sniffing ------------------------------------------------------------------------------------------
def sniff_media_type(data: bytes) -> str:
    """What the bytes are, whatever the server or the file name claims."""
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return ZIP
        return DOCX if "word/document.xml" in names else ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in stripped[:512]:
        return HTML
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<oai-pmh"):
        return XML
    if stripped[:1] in (b"{", b"["):
        return JSON
    if not data:
        return OCTET
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 65536 - 4:  # a multi-byte character cut at the window edge is still text
            return OCTET
    return TEXT if b"\x00" not in head else OCTET


def expected_media_type(url: str, filename: str | None = None, declared: str | None = None) -> str | None:
    """The type a link promises: its file name's extension, the URL path's, else the Content-Type header."""
    for name in (filename, posixpath.basename(unquote(urlsplit(url).path))):
        if name:
            suffix = posixpath.splitext(name.lower())[1]
            if suffix in _EXTENSION_TYPES:
                return _EXTENSION_TYPES[suffix]
    if declared in _BINARY_DOCUMENT_TYPES:
        return declared
    return None


def content_mismatch(expected: str | None, sniffed: str) -> str | None:
    """A quarantine reason when the bytes are not the document format that was promised, else None."""
    if expected not in _BINARY_DOCUMENT_TYPES or sniffed == expected or (expected, sniffed) in _COMPATIBLE:
        return None
    label = mimetypes.guess_extension(expected) or expected
    return f"served as {label} ({expected}) but the bytes are {sniffed}"


# -- the client ------------------------------------------------------------------------------------------------
@dataclass
class _HostRobots:
    parser: Protego | None  # None: everything allowed (no robots.txt)
    disallow_all: str | None = None  # reason when robots.txt could not be read (RFC 9309: unreachable -> disallow)


@dataclass
class HttpClient:
    """One harvest run's client. Sessions and robots rules are per host; the rate limiter is process-wide."""

    config: HttpConfig
    source: str
    archive: RawArchive | None = None
    allowed_hosts: set[str] = field(default_factory=set)
    live: bool = False
    limiter: HostRateLimiter = field(default_factory=lambda: RATE_LIMITER)
    _sessions: dict[str, requests.Session] = field(default_factory=dict, init=False, repr=False)
    _robots: dict[str, _HostRobots] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.allowed_hosts = {h.lower() for h in (*self.allowed_hosts, *self.config.allowed_hosts)}

    # context manager: close the sessions
    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for session in self._sessions.values():
                session.close()
            self._sessions.clear()

    # -- public API --------------------------------------------------------------------------------------------
    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        validators: Mapping[str, str] | None = None,
        expect: str | None = None,
        filename: str | None = None,
        purpose: str = "document",
    ) -> HttpResponse:
        """GET url politely. validators: {"etag", "last_modified"} from the last fetch (conditional GET).
        expect / filename: what the link promised (a media type / the original file name), to detect mismatches.
        purpose: "document" or "listing" (noted in the harvest log). Raises HarvestHttpError subclasses."""
        url = with_params(url, params)
        try:
            self.check_target(url)
        except TargetRefused as error:
            self._log(url, None, "failed", None, None, utc_now(), 0.0, f"refused: {error.detail}")
            raise
        self.check_robots(url)
        return self._get_with_retries(url, validators=validators, expect=expect, filename=filename, purpose=purpose)

    def check_target(self, url: str, *, redirected_from: str | None = None) -> None:
        """Raise TargetRefused unless url's host is allowlisted and its addresses are allowed."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        via = f" (redirect from {redirected_from})" if redirected_from else ""
        if parts.scheme not in ("http", "https") or not host:
            raise TargetRefused(url, f"not an http(s) URL{via}")
        if not host_allowed(host, self.allowed_hosts):
            raise TargetRefused(url, f"host {host} is not in the allowlist {sorted(self.allowed_hosts)}{via}")
        reason = address_refusal(host, parts.port or (443 if parts.scheme == "https" else 80), self.config, self.live)
        if reason:
            raise TargetRefused(url, reason + via)

    def check_robots(self, url: str) -> None:
        """Raise (and log) RobotsDisallowed when the host's robots.txt forbids url."""
        if not self.config.respect_robots:
            return
        rules = self._robots_for(url)
        allowed = rules.disallow_all is None and (
            rules.parser is None or rules.parser.can_fetch(url, self.config.robots_agent)
        )
        if allowed:
            return
        detail = rules.disallow_all or f"robots.txt disallows this URL for {self.config.robots_agent}"
        self._log(url, None, "robots_disallowed", None, None, utc_now(), 0.0, detail)
        raise RobotsDisallowed(url, detail)

    # -- retries -----------------------------------------------------------------------------------------------
    def _get_with_retries(self, url: str, **kwargs: Any) -> HttpResponse:
        retrying = Retrying(
            stop=stop_after_attempt(self.config.max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._try_once(url, attempt.retry_state.attempt_number, **kwargs)
        except _Retryable as error:
            raise FetchFailed(
                url, f"{error.detail} (gave up after {self.config.max_attempts} tries)", error.status
            ) from None
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    def _wait(self, state: RetryCallState) -> float:
        """Exponential backoff with jitter; a server's Retry-After is honoured as a floor."""
        exponential = self.config.backoff_initial * 2 ** (state.attempt_number - 1)
        backoff = min(exponential, self.config.backoff_max) + random.uniform(0, self.config.backoff_jitter)
        error = state.outcome.exception() if state.outcome else None
        retry_after = getattr(error, "retry_after", None)
        return max(backoff, retry_after) if retry_after is not None else backoff

    def _try_once(
        self,
        url: str,
        number: int,
        *,
        validators: Mapping[str, str] | None,
        expect: str | None,
        filename: str | None,
        purpose: str,
    ) -> HttpResponse:
        started, clock = utc_now(), time.monotonic()
        note = f"{purpose}; try {number}/{self.config.max_attempts}"
        try:
            response = self._request(url, validators, expect=expect, filename=filename)
        except _Retryable as error:
            will_retry = number < self.config.max_attempts
            if error.retry_after is not None and error.retry_after > self.config.retry_after_max:
                detail = f"{error.detail}: Retry-After {error.retry_after:.0f} s exceeds retry_after_max"
                self._log(url, error.status, "failed", None, None, started, time.monotonic() - clock, detail)
                raise FetchFailed(url, detail, error.status) from None
            if error.retry_after is not None:
                self.limiter.defer(host_key(url), error.retry_after)
            suffix = "will retry" if will_retry else "giving up"
            self._log(
                url,
                error.status,
                "failed",
                None,
                None,
                started,
                time.monotonic() - clock,
                f"{error.detail}; {note}; {suffix}",
            )
            raise
        except RobotsDisallowed:
            raise  # a redirect into a disallowed path: check_robots logged it already
        except HarvestHttpError as error:
            self._log(
                url, error.status, "failed", None, None, started, time.monotonic() - clock, f"{error.detail}; {note}"
            )
            raise
        outcome = "not_modified" if response.not_modified else "fetched"
        detail = note if not response.content_mismatch else f"{note}; content mismatch: {response.content_mismatch}"
        if response.final_url != url:
            detail += f"; redirected to {response.final_url}"
        self._log(
            url,
            response.status,
            outcome,
            len(response.body) if not response.not_modified else 0,
            response.sha256,
            started,
            time.monotonic() - clock,
            detail,
        )
        return response

    # -- one try: redirects by hand, status handling, streamed body -------------------------------------------
    def _request(
        self, url: str, validators: Mapping[str, str] | None, *, expect: str | None, filename: str | None
    ) -> HttpResponse:
        headers: dict[str, str] = {}
        if validators:
            if validators.get("etag"):
                headers["If-None-Match"] = validators["etag"]
            if validators.get("last_modified"):
                headers["If-Modified-Since"] = validators["last_modified"]
        current = url
        for _hop in range(self.config.max_redirects + 1):
            response = self._send(current, headers)
            with response:
                status = response.status_code
                if status in _REDIRECTS and response.headers.get("Location"):
                    target = urljoin(current, response.headers["Location"])
                    self.check_target(target, redirected_from=current)
                    self.check_robots(target)
                    current = target
                    continue
                if status == 304:
                    return HttpResponse(url, current, 304, dict(response.headers))
                if status == 429 or status >= 500:
                    raise _Retryable(f"HTTP {status}", status, parse_retry_after(response.headers.get("Retry-After")))
                if status != 200:
                    raise FetchFailed(url, f"HTTP {status}", status)
                body = self._read_body(url, response)
                declared = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
                sniffed = sniff_media_type(body)
                promised = expect or expected_media_type(url, filename, declared)
                return HttpResponse(
                    url=url,
                    final_url=current,
                    status=200,
                    headers=dict(response.headers),
                    body=body,
                    sha256=hashlib.sha256(body).hexdigest(),
                    media_type=sniffed,
                    declared_type=declared,
                    content_mismatch=content_mismatch(promised, sniffed),
                )
        raise FetchFailed(url, f"more than {self.config.max_redirects} redirects")

    def _send(self, url: str, headers: Mapping[str, str]) -> requests.Response:
        host = host_key(url)
        self.limiter.wait(host, self._interval(host))
        try:
            return self._session(host).get(
                url,
                headers=dict(headers),
                timeout=(self.config.connect_timeout, self.config.read_timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.exceptions.ConnectTimeout as error:
            raise _Retryable(f"connect timeout: {_short(error)}") from None
        except requests.exceptions.ReadTimeout as error:
            raise _Retryable(f"read timeout: {_short(error)}") from None
        except requests.exceptions.ConnectionError as error:
            raise _Retryable(f"connection error: {_short(error)}") from None

    def _read_body(self, url: str, response: requests.Response) -> bytes:
        limit = self.config.max_body_bytes
        declared = _int_or_none(response.headers.get("Content-Length"))
        if declared is not None and declared > limit:
            raise FetchFailed(url, f"body of {declared} bytes exceeds max_body_bytes={limit}", response.status_code)
        buffer = bytearray()
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                buffer += chunk
                if len(buffer) > limit:
                    raise FetchFailed(url, f"body exceeds max_body_bytes={limit}", response.status_code)
        except requests.exceptions.ChunkedEncodingError as error:
            raise _Retryable(f"truncated body after {len(buffer)} bytes: {_short(error)}", 200) from None
        except requests.exceptions.ConnectionError as error:  # includes a read timeout in the middle of the body
            raise _Retryable(f"connection lost after {len(buffer)} bytes: {_short(error)}", 200) from None
        encoding = (response.headers.get("Content-Encoding") or "identity").lower()
        if declared is not None and encoding == "identity" and len(buffer) != declared:
            raise _Retryable(f"truncated body: {len(buffer)} of {declared} bytes (Content-Length mismatch)", 200)
        return bytes(buffer)

    # -- per-host state ---------------------------------------------------------------------------------------
    def _session(self, host: str) -> requests.Session:
        with self._lock:
            session = self._sessions.get(host)
            if session is None:
                session = requests.Session()
                session.headers["User-Agent"] = self.config.user_agent
                session.trust_env = False  # no proxy or netrc from the environment: we decide where requests go
                self._sessions[host] = session
            return session

    def _interval(self, host: str) -> float:
        interval = 1.0 / self.config.rate_for(host)
        rules = self._robots.get(host)
        delay = rules.parser.crawl_delay(self.config.robots_agent) if rules and rules.parser else None
        return max(interval, float(delay)) if delay else interval

    def _robots_for(self, url: str) -> _HostRobots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            cached = self._robots.get(origin)
        if cached is not None:
            return cached
        robots_url = origin + "/robots.txt"
        try:
            response = self._get_with_retries(
                robots_url, validators=None, expect=None, filename=None, purpose="robots.txt"
            )
            rules = _HostRobots(Protego.parse(response.text()) if response.body.strip() else None)
        except FetchFailed as error:
            if error.status is not None and 400 <= error.status < 500:
                rules = _HostRobots(None)  # RFC 9309: robots.txt unavailable (4xx) -> everything allowed
            else:
                rules = _HostRobots(None, f"robots.txt unreachable ({error.detail}); RFC 9309 says disallow all")
        except TargetRefused as error:
            rules = _HostRobots(None, f"robots.txt redirect refused ({error.detail})")
        with self._lock:
            self._robots[origin] = rules
            self._robots[host_key(url)] = rules
        return rules

    def _log(
        self,
        url: str,
        status: int | None,
        outcome: str,
        size: int | None,
        sha: str | None,
        started: str,
        seconds: float,
        detail: str | None,
    ) -> None:
        log.info("%s %s %s %s", self.source, outcome, status, url)
        if self.archive is None:
            return
        self.archive.log_attempt(
            HarvestAttempt(
                source=self.source,
                url=url,
                http_status=status,
                outcome=outcome,
                bytes=size,
                sha256=sha,
                started_at=started,
                seconds=round(seconds, 6),
                detail=detail,
            )
        )


# -- helpers ---------------------------------------------------------------------------------------------------
def host_key(url: str) -> str:
    """The rate-limit and session key: the host name (ports of one machine share its politeness budget)."""
    return (urlsplit(url).hostname or "").lower()


def host_allowed(host: str, allowed: set[str]) -> bool:
    host = host.lower()
    return any(host == entry or (entry.startswith(".") and host.endswith(entry)) for entry in allowed)


def address_refusal(host: str, port: int, config: HttpConfig, live: bool) -> str | None:
    """Why we may not connect to host (its resolved addresses), or None when we may."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        return f"cannot resolve {host}: {error}" if live else f"{host} does not resolve to a local address"
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_loopback:
            if not config.allow_loopback:
                return f"{host} resolves to loopback address {address}; set http.allow_loopback to allow it"
        elif address.is_private or address.is_link_local or address.is_reserved or address.is_unspecified:
            if not config.allow_private:
                return f"{host} resolves to private address {address}; set http.allow_private to allow it"
        elif address.is_multicast:
            return f"{host} resolves to multicast address {address}"
        elif not live:
            return f"{host} is on the public internet ({address}); only a live harvest (--live) may reach it"
    return None


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def with_params(url: str, params: Mapping[str, Any] | None) -> str:
    """url with params appended to its query (in the given order), so the logged URL is the one requested."""
    if not params:
        return url
    parts = urlsplit(url)
    # Spaces as %20 rather than "+": OData and other non-form endpoints do not all read "+" as a space.
    pairs = [(k, v) for k, v in params.items() if v is not None]
    extra = urlencode(pairs, doseq=True, quote_via=quote, safe="$',:/()")
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _short(error: BaseException) -> str:
    text = str(error)
    return text if len(text) <= 200 else text[:197] + "..."


__all__ = [
    "DOC",
    "DOCX",
    "HTML",
    "PDF",
    "RATE_LIMITER",
    "FetchFailed",
    "HarvestHttpError",
    "HostRateLimiter",
    "HttpClient",
    "HttpResponse",
    "RobotsDisallowed",
    "TargetRefused",
    "address_refusal",
    "content_mismatch",
    "expected_media_type",
    "host_allowed",
    "parse_retry_after",
    "sniff_media_type",
    "with_params",
]
