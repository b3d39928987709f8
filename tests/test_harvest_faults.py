"""Fault cases at the level of a whole harvest: what each does to the counts, the raw archive and the log."""

from __future__ import annotations

import pydantic
import pytest

from extractors.archive import RawArchive
from extractors.config import load_config
from extractors.harvest import LiveHarvestRequired, harvest
from extractors.sources.base import DiscoveryFailed, EmptyDiscovery, HarvestFailed, HarvestState
from tests.mirror import minamata
from tests.mirror import server as faults
from tests.mirror.config import mirror_config
from tests.mirror.fixtures import fresh_mirror
from tests.mirror.server import MirrorServer

DOCUMENTS = {"cop5": minamata.COP5[:2]}  # 5 files: agenda en/fr/es, cooperation en/ru(docx)
AGENDA_EN = minamata.file_path(minamata.COP5[0], "en")


@pytest.fixture
def server():
    with fresh_mirror() as mirror:
        minamata.install(mirror, DOCUMENTS)
        yield mirror


def config_for(server: MirrorServer, **http):
    return mirror_config({"minamata": {"base_url": server.base_url, "meetings": ["cop5"], "allowed_hosts": []}}, **http)


def log_rows(root, url):
    return [row for row in RawArchive(root).harvest_log() if row["url"] == url]


def test_server_errors_then_success_are_retried_within_the_harvest(server, tmp_path):
    server.fault(AGENDA_EN, faults.status(500), faults.status(502))
    result = harvest("minamata", tmp_path, config=config_for(server))
    assert (result.found, result.fetched, result.failed) == (5, 5, 0)
    assert [r["outcome"] for r in log_rows(tmp_path, server.url(AGENDA_EN))] == ["failed", "failed", "fetched"]


def test_truncated_body_is_never_archived(server, tmp_path):
    server.fault(AGENDA_EN, *[faults.truncate()] * 4)  # every try of this run is cut short
    result = harvest("minamata", tmp_path, config=config_for(server))

    assert (result.fetched, result.failed) == (4, 1)
    assert result.errors[-1]["url"] == server.url(AGENDA_EN) and "truncated" in result.errors[-1]["detail"]
    archive = RawArchive(tmp_path)
    assert server.url(AGENDA_EN) not in {row.url for row in archive.manifest()}
    assert sum(1 for path in archive.objects_dir.rglob("*") if path.is_file()) == 4  # not even half a file
    assert {r["outcome"] for r in log_rows(tmp_path, server.url(AGENDA_EN))} == {"failed"}

    again = harvest("minamata", tmp_path, config=config_for(server))  # the site is fine again: fetched now
    assert (again.fetched, again.new, again.not_modified) == (1, 1, 4)


def test_robots_disallowed_file_is_skipped_and_logged(server, tmp_path):
    server.robots("User-agent: *\nDisallow: /sites/default/files/documents/working/UNEP-MC-COP.5-19\n")
    result = harvest("minamata", tmp_path, config=config_for(server))
    assert (result.found, result.fetched, result.robots_disallowed, result.failed) == (5, 3, 2, 0)
    assert server.requests_to("/sites/default/files/documents/working/UNEP-MC-COP.5-19") == []
    skipped = [r for r in RawArchive(tmp_path).harvest_log() if r["outcome"] == "robots_disallowed"]
    assert len(skipped) == 2 and all("robots.txt" in r["detail"] for r in skipped)
    assert "2 disallowed by robots.txt" in result.summary()


def test_robots_disallowed_listing_stops_the_discovery(server, tmp_path):
    server.robots("User-agent: mercury-warehouse\nDisallow: /en/meetings/\n")
    with pytest.raises(DiscoveryFailed, match=r"robots\.txt"):
        harvest("minamata", tmp_path, config=config_for(server))
    assert server.requests_to("/en/meetings/") == []


def test_redirect_off_host_is_refused_and_nothing_archived(server, tmp_path):
    port = server.base_url.rsplit(":", 1)[1]
    server.fault(AGENDA_EN, faults.redirect(f"http://localhost:{port}/elsewhere.pdf"))
    result = harvest("minamata", tmp_path, config=config_for(server))
    assert (result.fetched, result.failed) == (4, 1)
    assert "not in the allowlist" in result.errors[-1]["detail"]
    assert server.requests_to("/elsewhere.pdf") == []
    assert server.url(AGENDA_EN) not in {row.url for row in RawArchive(tmp_path).manifest()}


def test_read_timeout_and_reset_are_retried(server, tmp_path):
    server.fault(AGENDA_EN, faults.slow(0.6), faults.reset())
    result = harvest("minamata", tmp_path, config=config_for(server, read_timeout=0.3))
    assert (result.fetched, result.failed) == (5, 0)
    details = [r["detail"] for r in log_rows(tmp_path, server.url(AGENDA_EN))]
    assert "timeout" in details[0] and "connection" in details[1] and len(details) == 3


def test_listing_page_down_fails_the_run_and_records_nothing(server, tmp_path):
    server.fault("/en/meetings/cop5", *[faults.status(503)] * 4)
    with pytest.raises(DiscoveryFailed, match="HTTP 503"):
        harvest("minamata", tmp_path, config=config_for(server))
    assert RawArchive(tmp_path).manifest() == []
    assert HarvestState(tmp_path).read() == {}


def test_every_link_failing_fails_the_run(server, tmp_path):
    for document in DOCUMENTS["cop5"]:
        for language in document.languages:
            server.fault(minamata.file_path(document, language), *[faults.status(500)] * 4)
    with pytest.raises(HarvestFailed, match="every link failed"):
        harvest("minamata", tmp_path, config=config_for(server))


def test_first_harvest_finding_nothing_fails(tmp_path):
    with fresh_mirror() as server:
        minamata.empty_meetings(server, ["cop5"])
        with pytest.raises(EmptyDiscovery, match="no previous full harvest"):
            harvest("minamata", tmp_path, config=config_for(server))


def test_conditional_get_only_when_the_object_is_still_there(server, tmp_path):
    config = config_for(server)
    harvest("minamata", tmp_path, config=config)
    archive = RawArchive(tmp_path)
    lost = next(row for row in archive.manifest() if row.url == server.url(AGENDA_EN))
    archive.object_path(lost.sha256).unlink()  # someone deleted an object: its validators must not be used
    server.clear_log()
    again = harvest("minamata", tmp_path, config=config)
    assert (again.fetched, again.not_modified) == (1, 4)
    assert "If-None-Match" not in server.requests_to(AGENDA_EN)[0].headers
    assert archive.has(lost.sha256)


def test_public_sites_need_live_and_loopback_needs_permission(server, tmp_path):
    with pytest.raises(LiveHarvestRequired, match="--live"):
        harvest("minamata", tmp_path, config=load_config())  # the real site, live=False: refused before any request
    with pytest.raises(LiveHarvestRequired, match="allow_loopback"):
        harvest("minamata", tmp_path, config=config_for(server, allow_loopback=False))
    assert server.seen == []
    assert not (tmp_path / "harvest_log.jsonl").exists()


def test_configuration_errors_are_clear(tmp_path):
    with pytest.raises(ValueError, match="unknown source"):
        harvest("nowhere", tmp_path, config=load_config())
    with pytest.raises(pydantic.ValidationError, match="meeting"):
        harvest("minamata", tmp_path, config=mirror_config({"minamata": {"meeting": ["cop5"]}}))
