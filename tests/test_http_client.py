"""The shared HTTP client against a real server on 127.0.0.1: retries, Retry-After, timeouts, resets, truncation,
robots.txt, redirects and the host allowlist, conditional GET, body limits, content sniffing, the rate limit."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from extractors.archive import RawArchive
from extractors.http import (
    DOC,
    DOCX,
    HTML,
    PDF,
    RATE_LIMITER,
    FetchFailed,
    HttpClient,
    RobotsDisallowed,
    TargetRefused,
    content_mismatch,
    expected_media_type,
    parse_retry_after,
    sniff_media_type,
)
from tests.mirror import server as faults
from tests.mirror.config import fast_http
from tests.mirror.files import ERROR_PAGE, docx, pdf
from tests.mirror.server import MirrorServer, Resource

PDF_BYTES = pdf("UNEP/MC/COP.5/1", "Provisional agenda")


@pytest.fixture(autouse=True)
def _fresh_limiter():
    RATE_LIMITER.reset()  # slots reserved by an earlier test at another rate must not delay this one
    yield
    RATE_LIMITER.reset()


@pytest.fixture
def server():
    with MirrorServer() as mirror:
        mirror.add("/doc.pdf", Resource(PDF_BYTES, "application/pdf"))
        yield mirror


@pytest.fixture
def archive(tmp_path):
    return RawArchive(tmp_path / "raw")


def client_for(server: MirrorServer, archive: RawArchive | None = None, **http) -> HttpClient:
    return HttpClient(fast_http(**http), source="test", archive=archive, allowed_hosts={"127.0.0.1"})


def outcomes(archive: RawArchive, url: str) -> list[tuple[str, int | None]]:
    return [(row["outcome"], row["http_status"]) for row in archive.harvest_log() if row["url"] == url]


def test_plain_fetch_returns_verified_bytes_and_logs_one_attempt(server, archive):
    with client_for(server, archive) as client:
        response = client.get(server.url("/doc.pdf"))
    assert response.status == 200 and response.body == PDF_BYTES
    assert response.media_type == PDF and response.content_mismatch is None
    assert response.etag and response.last_modified
    assert outcomes(archive, server.url("/doc.pdf")) == [("fetched", 200)]
    assert server.seen[-1].headers["User-Agent"].startswith("mercury-warehouse/")


def test_500_then_success_is_retried(server, archive):
    server.fault("/doc.pdf", faults.status(500), faults.status(503))
    with client_for(server, archive) as client:
        response = client.get(server.url("/doc.pdf"))
    assert response.body == PDF_BYTES
    assert len(server.requests_to("/doc.pdf")) == 3
    assert outcomes(archive, server.url("/doc.pdf")) == [("failed", 500), ("failed", 503), ("fetched", 200)]


def test_persistent_5xx_gives_up_after_max_attempts(server, archive):
    server.fault("/doc.pdf", *[faults.status(502)] * 10)
    with client_for(server, archive, max_attempts=3) as client, pytest.raises(FetchFailed, match="gave up after 3"):
        client.get(server.url("/doc.pdf"))
    assert len(server.requests_to("/doc.pdf")) == 3
    assert [o for o, _ in outcomes(archive, server.url("/doc.pdf"))] == ["failed"] * 3


def test_429_retry_after_is_waited(server, archive):
    server.fault("/doc.pdf", faults.retry_after(1))
    started = time.monotonic()
    with client_for(server, archive) as client:
        response = client.get(server.url("/doc.pdf"))
    assert response.body == PDF_BYTES
    first, second = server.requests_to("/doc.pdf")
    assert second.at - first.at >= 1.0
    assert time.monotonic() - started >= 1.0
    assert outcomes(archive, server.url("/doc.pdf")) == [("failed", 429), ("fetched", 200)]


def test_retry_after_beyond_the_limit_fails_without_waiting(server, archive):
    server.fault("/doc.pdf", faults.retry_after(3600))
    started = time.monotonic()
    with client_for(server, archive) as client, pytest.raises(FetchFailed, match="exceeds retry_after_max"):
        client.get(server.url("/doc.pdf"))
    assert time.monotonic() - started < 2
    assert len(server.requests_to("/doc.pdf")) == 1


def test_read_timeout_is_retried(server, archive):
    server.fault("/doc.pdf", faults.slow(0.8))
    with client_for(server, archive, read_timeout=0.3) as client:
        response = client.get(server.url("/doc.pdf"))
    assert response.body == PDF_BYTES
    rows = [r for r in archive.harvest_log() if r["url"] == server.url("/doc.pdf")]
    assert rows[0]["outcome"] == "failed" and "timeout" in rows[0]["detail"]
    assert rows[-1]["outcome"] == "fetched"


def test_connection_reset_is_retried(server, archive):
    server.fault("/doc.pdf", faults.reset())
    with client_for(server, archive) as client:
        response = client.get(server.url("/doc.pdf"))
    assert response.body == PDF_BYTES
    rows = [r for r in archive.harvest_log() if r["url"] == server.url("/doc.pdf")]
    assert [r["outcome"] for r in rows] == ["failed", "fetched"]
    assert "connection" in rows[0]["detail"]


def test_truncated_body_is_retried_and_never_returned(server, archive):
    server.fault("/doc.pdf", faults.truncate())
    with client_for(server, archive) as client:
        response = client.get(server.url("/doc.pdf"))
    assert response.body == PDF_BYTES  # the complete body of the second try, not the half of the first
    rows = [r for r in archive.harvest_log() if r["url"] == server.url("/doc.pdf")]
    assert rows[0]["outcome"] == "failed" and "truncated" in rows[0]["detail"] and rows[0]["sha256"] is None


def test_always_truncated_body_fails(server, archive):
    server.fault("/doc.pdf", *[faults.truncate()] * 4)
    with client_for(server, archive) as client, pytest.raises(FetchFailed, match="truncated"):
        client.get(server.url("/doc.pdf"))


def test_404_is_not_retried(server, archive):
    with client_for(server, archive) as client, pytest.raises(FetchFailed, match="HTTP 404"):
        client.get(server.url("/missing.pdf"))
    assert len(server.requests_to("/missing.pdf")) == 1


def test_robots_disallow_skips_and_logs(server, archive):
    server.robots("User-agent: *\nDisallow: /private/\n")
    server.add("/private/secret.pdf", Resource(PDF_BYTES, "application/pdf"))
    with client_for(server, archive) as client:
        with pytest.raises(RobotsDisallowed):
            client.get(server.url("/private/secret.pdf"))
        assert client.get(server.url("/doc.pdf")).status == 200
    assert server.requests_to("/private/") == []
    assert outcomes(archive, server.url("/private/secret.pdf")) == [("robots_disallowed", None)]
    assert len(server.requests_to("/robots.txt")) == 1  # fetched once per host and cached


def test_robots_crawl_delay_slows_the_host(server, archive):
    server.robots("User-agent: *\nCrawl-delay: 0.3\n")
    with client_for(server, archive) as client:
        for _ in range(3):
            client.get(server.url("/doc.pdf"))
    assert_spaced([r.at for r in server.requests_to("/doc.pdf")], 0.3)


def test_robots_unreachable_means_disallow_all(server, archive):
    server.fault("/robots.txt", *[faults.status(503)] * 4)
    with client_for(server, archive) as client, pytest.raises(RobotsDisallowed, match="unreachable"):
        client.get(server.url("/doc.pdf"))
    assert server.requests_to("/doc.pdf") == []


def test_robots_404_means_allow_all(server, archive):
    del server.routes["/robots.txt"]
    with client_for(server, archive) as client:
        assert client.get(server.url("/doc.pdf")).status == 200


def test_same_host_redirect_is_followed(server, archive):
    server.fault("/old.pdf", faults.redirect("/doc.pdf", 301))
    with client_for(server, archive) as client:
        response = client.get(server.url("/old.pdf"))
    assert response.body == PDF_BYTES and response.final_url == server.url("/doc.pdf")


def test_redirect_to_another_host_is_refused(server, archive):
    port = server.base_url.rsplit(":", 1)[1]
    server.fault("/doc.pdf", faults.redirect(f"http://localhost:{port}/elsewhere.pdf"))
    with client_for(server, archive) as client, pytest.raises(TargetRefused, match="not in the allowlist"):
        client.get(server.url("/doc.pdf"))
    assert server.requests_to("/elsewhere.pdf") == []
    assert outcomes(archive, server.url("/doc.pdf")) == [("failed", None)]


def test_redirect_to_a_private_address_is_refused(server, archive):
    server.fault("/doc.pdf", faults.redirect("http://10.1.2.3/internal.pdf"))
    client = HttpClient(fast_http(), source="test", archive=archive, allowed_hosts={"127.0.0.1", "10.1.2.3"})
    with client, pytest.raises(TargetRefused, match="private address"):
        client.get(server.url("/doc.pdf"))


def test_loopback_needs_explicit_permission_and_public_needs_live(server):
    with pytest.raises(TargetRefused, match="allow_loopback"):
        HttpClient(fast_http(allow_loopback=False), source="t", allowed_hosts={"127.0.0.1"}).get(server.url("/doc.pdf"))
    public = HttpClient(fast_http(), source="t", allowed_hosts={"93.184.216.34"})
    with pytest.raises(TargetRefused, match="live"):
        public.get("http://93.184.216.34/doc.pdf")
    assert server.requests_to("/doc.pdf") == []


def test_conditional_get_returns_304_without_body(server, archive):
    with client_for(server, archive) as client:
        first = client.get(server.url("/doc.pdf"))
        again = client.get(server.url("/doc.pdf"), validators={"etag": first.etag})
        by_date = client.get(server.url("/doc.pdf"), validators={"last_modified": first.last_modified})
    assert again.not_modified and again.body == b"" and by_date.not_modified
    assert server.requests_to("/doc.pdf")[1].headers["If-None-Match"] == first.etag
    assert [o for o, _ in outcomes(archive, server.url("/doc.pdf"))] == ["fetched", "not_modified", "not_modified"]


def test_body_larger_than_the_limit_fails(server, archive):
    with client_for(server, archive, max_body_bytes=100) as client, pytest.raises(FetchFailed, match="max_body"):
        client.get(server.url("/doc.pdf"))


def test_html_error_page_served_as_pdf_is_flagged(server, archive):
    server.add("/report.pdf", Resource(ERROR_PAGE, "application/pdf"))
    with client_for(server, archive) as client:
        response = client.get(server.url("/report.pdf"))
    assert response.media_type == HTML
    assert response.content_mismatch and "bytes are text/html" in response.content_mismatch
    assert "content mismatch" in archive.harvest_log()[-1]["detail"]


def test_sniffing_trusts_bytes_not_names():
    assert sniff_media_type(PDF_BYTES) == PDF
    assert sniff_media_type(docx("Decision MC-5/1")) == DOCX
    assert sniff_media_type(ERROR_PAGE) == HTML
    assert sniff_media_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == DOC
    assert sniff_media_type("Решение МК-5/1".encode()) == "text/plain"
    assert expected_media_type("http://x/download.aspx?d=a.pdf", "UNEP-CHW.16-1.English.pdf") == PDF
    assert expected_media_type("http://x/files/a.docx") == DOCX
    assert content_mismatch(PDF, HTML) is not None
    assert content_mismatch(DOC, DOCX) is None
    assert content_mismatch(None, HTML) is None


def test_retry_after_parsing():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


def assert_spaced(times: list[float], interval: float, tolerance: float = 0.03) -> None:
    """Requests seen by the server keep to the rate. The limiter grants the i-th send no earlier than i intervals
    after the first; the server may see any one request late (scheduling jitter on a loaded 2-core machine), which
    shortens only the gap after it. So the cumulative schedule is checked: request i arrives at least i intervals
    (less a small tolerance) after request 0. Unlimited, the whole sequence takes a few milliseconds."""
    gaps = [b - a for a, b in itertools.pairwise(times)]
    for i, at in enumerate(times):
        assert at - times[0] >= i * interval - tolerance, gaps


def test_rate_limit_holds_across_requests(server):
    with client_for(server, rate_per_second=20) as client:
        for _ in range(6):
            client.get(server.url("/doc.pdf"))
    times = [r.at for r in server.seen]  # robots.txt counts too: it is a request to the host
    assert len(times) == 7
    assert_spaced(times, 0.05)


def test_rate_limit_is_shared_by_threads_and_clients(server):
    def work():
        with client_for(server, rate_per_second=20) as client:
            for _ in range(3):
                client.get(server.url("/doc.pdf"))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(r.at for r in server.seen)
    assert len(times) == 12
    assert_spaced(times, 0.05)


def test_default_rate_is_one_request_per_second(server):
    client = HttpClient(fast_http(rate_per_second=1.0), source="t", allowed_hosts={"127.0.0.1"})
    with client:
        client.get(server.url("/doc.pdf"))
        client.get(server.url("/doc.pdf"))
    times = [r.at for r in server.seen]  # robots.txt + 2 documents = 3 requests
    assert len(times) == 3
    assert_spaced(times, 1.0)
