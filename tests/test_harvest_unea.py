"""The unea harvester against an OAI-PMH mirror: resumption tokens, `from` for incremental runs, deleted records
and non-resolution items skipped, one bitstream per language."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.archive import RawArchive
from extractors.harvest import harvest
from extractors.sources.base import DiscoveryFailed, read_metadata
from extractors.sources.unea import parse_records, unea_symbol
from tests.mirror import unea
from tests.mirror.config import mirror_config
from tests.mirror.fixtures import site_fixture
from tests.mirror.server import MirrorServer, Resource

site = site_fixture(unea.install)


def config_for(server: MirrorServer):
    return mirror_config({"unea": {"base_url": server.base_url, "oai_path": unea.OAI_PATH}})


def test_harvest_follows_resumption_tokens_and_archives_every_language(site, tmp_path):
    server, expected = site
    result = harvest("unea", tmp_path, config=config_for(server))

    oai_requests = [r.path for r in server.requests_to(unea.OAI_PATH)]
    assert len(oai_requests) == 3  # 6 records, 2 per page
    assert "metadataPrefix=ore" in oai_requests[0] and "from=" not in oai_requests[0]
    assert all("resumptionToken=" in path and "metadataPrefix" not in path for path in oai_requests[1:])

    urls = {server.url(path) for path, _, _ in expected}
    assert len(urls) == 10  # 3 + 2 + 3 + 2 files; the report and the deleted item are skipped
    assert result.found == 10 and result.fetched == 10 and result.new == 10
    archive = RawArchive(tmp_path)
    assert {row.url for row in archive.manifest()} == urls
    metadata = {row["url"]: row for row in read_metadata(tmp_path)}
    for path, language, item in expected:
        row = metadata[server.url(path)]
        assert row["language"] == language
        assert row["title"] == item.title.split(". ", 1)[1]
    first = metadata[server.url(unea.ITEMS[1].file_path("es"))]
    assert (first["symbol"], first["meeting_id"], first["doc_type"]) == ("UNEP/EA.6/Res.3", "unea-6", "resolution")
    assert first["published_on"] == "2024-03-21"
    assert first["landing_url"] == server.url("/handle/20.500.11822/44002")
    assert first["extra"]["oai_identifier"] == "oai:wedocs.unep.org:20.500.11822/44002"


def test_incremental_harvest_sends_from_and_fetches_only_the_new(site, tmp_path):
    server, _expected = site
    config = config_for(server)
    harvest("unea", tmp_path, config=config)
    server.clear_log()

    result = harvest("unea", tmp_path, since=date(2025, 1, 1), config=config)

    first = server.requests_to(unea.OAI_PATH)[0].path
    assert "from=2025-01-01" in first
    assert result.found == 2 and result.not_modified == 2 and result.new == 0  # 7/2 in two languages, unchanged


def test_incremental_harvest_with_nothing_new_is_not_an_error(site, tmp_path):
    server, _expected = site
    result = harvest("unea", tmp_path, since=date(2030, 1, 1), config=config_for(server))
    assert result.found == 0 and result.fetched == 0  # noRecordsMatch: nothing changed since then


def test_oai_error_fails_the_discovery(site, tmp_path):
    server, _expected = site
    config = mirror_config({"unea": {"base_url": server.base_url, "oai_path": unea.OAI_PATH, "metadata_prefix": "x"}})
    with pytest.raises(DiscoveryFailed, match="cannotDisseminateFormat"):
        harvest("unea", tmp_path, config=config)


def test_repeated_resumption_token_is_refused(site, tmp_path):
    server, _expected = site
    looping = unea.envelope(
        "<ListRecords>" + unea.record_xml(server.base_url, unea.ITEMS[0]) + "<resumptionToken>same</resumptionToken>"
        "</ListRecords>",
        "loop",
    )
    server.handle(unea.OAI_PATH, lambda path, query: Resource(looping, "text/xml"))
    with pytest.raises(DiscoveryFailed, match="repeated"):
        harvest("unea", tmp_path, config=config_for(server))


def test_titles_become_symbols():
    assert unea_symbol("6/3. Environmental aspects of minerals") == (
        "UNEP/EA.6/Res.3",
        "Environmental aspects of minerals",
        "unea-6",
    )
    assert unea_symbol("Decision 6/1 Provisional agenda")[0] == "UNEP/EA.6/Dec.1"
    assert unea_symbol("Annual report")[0] is None
    records, token, error = parse_records(unea.envelope('<error code="noRecordsMatch">none</error>', "x"))
    assert (records, token, error) == ([], None, ("noRecordsMatch", "none"))
