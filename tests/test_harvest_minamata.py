"""The minamata harvester against its mirror: paged meeting lists -> landing pages -> files in every language;
a second run downloads nothing; a listing that suddenly lists nothing fails the run."""

from __future__ import annotations

import hashlib

import pytest

from extractors.archive import RawArchive
from extractors.harvest import harvest
from extractors.http import DOCX, HTML, PDF
from extractors.sources.base import EmptyDiscovery, HarvestState, read_metadata
from extractors.sources.minamata import meeting_id
from tests.mirror import minamata
from tests.mirror.config import mirror_config
from tests.mirror.fixtures import site_fixture
from tests.mirror.server import MirrorServer

site = site_fixture(minamata.install)


def config_for(server: MirrorServer):
    return mirror_config({"minamata": {"base_url": server.base_url, "meetings": ["cop5", "cop4"], "allowed_hosts": []}})


def test_first_harvest_archives_every_file_in_every_language(site, tmp_path):
    server, files = site
    result = harvest("minamata", tmp_path, config=config_for(server))

    expected = {server.url(f.path): f for f in files}
    assert len(expected) == 19  # 17 files of COP-5 + 2 of COP-4; MC-5/1 is listed by both meetings
    assert result.found == 19 and result.fetched == 19 and result.failed == 0
    assert sorted(result.new_shas) == sorted({hashlib.sha256(f.body).hexdigest() for f in files})

    archive = RawArchive(tmp_path)
    rows = {row.url: row for row in archive.manifest()}
    assert set(rows) == set(expected)
    for url, row in rows.items():
        assert archive.read(row.sha256) == expected[url].body
        assert row.source == "minamata" and row.etag and row.last_modified
        assert row.path == url.rsplit("/", 1)[1]
    assert rows[server.url(minamata.file_path(minamata.COP5[1], "ru"))].media_type == DOCX
    assert rows[server.url(minamata.file_path(minamata.COP5[0], "fr"))].media_type == PDF

    metadata = {row["url"]: row for row in read_metadata(tmp_path)}
    assert {url: m["language"] for url, m in metadata.items()} == {url: f.language for url, f in expected.items()}
    decision = metadata[server.url(minamata.file_path(minamata.COP5[3], "zh"))]
    assert (decision["symbol"], decision["title"]) == ("MC-5/1", "Amendments to Annex A")
    assert decision["doc_type"] == "decisions"
    assert decision["meeting_id"] == "mc-cop-5"  # first listed by COP-5
    inf = metadata[server.url(minamata.file_path(minamata.COP5[2], "en"))]
    assert (inf["symbol"], inf["doc_type"]) == ("UNEP/MC/COP.5/INF/36", "information_document")
    assert metadata[server.url(minamata.file_path(minamata.COP4[0], "fr"))]["meeting_id"] == "mc-cop-4"

    # The HTML error page served as a .pdf is archived (nothing lost) but marked for quarantine with its reason.
    bad_url = server.url(minamata.file_path(minamata.COP5[5], "fr"))
    assert rows[bad_url].media_type == HTML
    assert result.quarantined == [
        {"url": bad_url, "sha256": rows[bad_url].sha256, "reason": metadata[bad_url]["quarantine_reason"]}
    ]
    assert "bytes are text/html" in metadata[bad_url]["quarantine_reason"]

    # Every file fetched is one `fetched` row of the harvest log; the listing pages are logged too.
    log = archive.harvest_log()
    assert {r["url"] for r in log if r["outcome"] == "fetched" and r["url"] in expected} == set(expected)
    assert any("/en/meetings/cop5?page=2" in r["url"] for r in log)
    assert HarvestState(tmp_path).previous_found("minamata") == 19


def test_second_harvest_downloads_nothing(site, tmp_path):
    server, _files = site
    config = config_for(server)
    harvest("minamata", tmp_path, config=config)
    manifest_before = RawArchive(tmp_path).manifest_path.read_bytes()
    server.clear_log()

    again = harvest("minamata", tmp_path, config=config)

    assert again.found == 19 and again.fetched == 0 and again.not_modified == 19 and again.new == 0
    assert "0 new" in again.summary()
    file_requests = server.requests_to("/sites/default/files/")
    assert len(file_requests) == 19 and all("If-None-Match" in r.headers for r in file_requests)
    assert RawArchive(tmp_path).manifest_path.read_bytes() == manifest_before


def test_changed_file_is_fetched_again(site, tmp_path):
    server, _files = site
    config = config_for(server)
    harvest("minamata", tmp_path, config=config)
    path = minamata.file_path(minamata.COP5[0], "en")
    server.add(path, minamata.Resource(b"%PDF-1.4 corrected version", "application/pdf"))

    again = harvest("minamata", tmp_path, config=config)

    assert again.fetched == 1 and again.new == 1 and again.not_modified == 18
    rows = [r for r in RawArchive(tmp_path).manifest() if r.url == server.url(path)]
    assert len(rows) == 2  # both versions are kept


def test_listing_that_suddenly_lists_nothing_fails_loudly(site, tmp_path):
    server, _files = site
    config = config_for(server)
    harvest("minamata", tmp_path, config=config)
    manifest_before = RawArchive(tmp_path).manifest_path.read_bytes()
    minamata.empty_meetings(server, ["cop5", "cop4"])

    with pytest.raises(EmptyDiscovery, match="previous full harvest found 19"):
        harvest("minamata", tmp_path, config=config)

    assert RawArchive(tmp_path).manifest_path.read_bytes() == manifest_before
    assert HarvestState(tmp_path).previous_found("minamata") == 19  # the empty run recorded nothing


def test_language_filter_and_meeting_ids(site, tmp_path):
    server, _files = site
    config = mirror_config(
        {"minamata": {"base_url": server.base_url, "meetings": ["cop5"], "languages": ["fr"], "allowed_hosts": []}}
    )
    result = harvest("minamata", tmp_path, config=config)
    assert result.found == 3
    assert {row["language"] for row in read_metadata(tmp_path)} == {"fr"}
    assert meeting_id("cop5") == "mc-cop-5" and meeting_id("oewg1") == "mc-oewg-1"
