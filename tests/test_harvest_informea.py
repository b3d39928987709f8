"""The informea harvester against an OData v2 mirror: $top/$skip paging, treaty filter, $expand of titles and
files, /Date(ms)/ dates; meetings; the reconciliation of InforMEA's decision list with ours."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

from extractors.archive import RawArchive
from extractors.harvest import harvest, open_source
from extractors.sources.base import read_metadata
from extractors.sources.informea import odata_date, reconcile, reconcile_with_informea
from tests.mirror import informea
from tests.mirror.config import mirror_config
from tests.mirror.fixtures import site_fixture

site = site_fixture(informea.install)


def test_harvest_pages_through_decisions_of_each_treaty(site, tmp_path):
    server, expected = site
    result = harvest("informea", tmp_path, config=mirror_config({"informea": informea.options(server)}))

    queries = [unquote(r.path) for r in server.requests_to(informea.SERVICE + "/Decisions")]
    minamata_pages = [q for q in queries if "treaty eq 'minamata'" in q]
    assert len(minamata_pages) == 3  # 5 decisions, 2 per page: skip 0, 2, 4 (a short page ends it)
    assert [q.split("$skip=")[1].split("&")[0] for q in minamata_pages] == ["0", "2", "4"]
    assert all("$expand=title,files" in q and "$format=json" in q for q in queries)

    assert len(expected) == 7 and result.found == 7 and result.fetched == 7
    assert {row.url for row in RawArchive(tmp_path).manifest()} == {server.url(p) for p, _, _ in expected}
    metadata = {row["url"]: row for row in read_metadata(tmp_path)}
    cooperation = metadata[server.url(informea.file_path("MC\u20115/16", "es"))]
    assert cooperation["symbol"] == "MC-5/16"  # the non-breaking hyphen InforMEA sent is normalised
    assert (cooperation["language"], cooperation["title"], cooperation["doc_type"]) == (
        "es",
        "Cooperation",
        "decisions",
    )
    assert cooperation["published_on"] == "2023-11-03"
    assert cooperation["extra"]["informea_id"] == "d-mc-5-16"


def test_since_filters_on_updated(site, tmp_path):
    server, _expected = site
    config = mirror_config({"informea": informea.options(server)})
    result = harvest("informea", tmp_path, since=date(2024, 1, 1), config=config)
    assert result.found == 1  # MC-5/18 only
    query = unquote(server.requests_to(informea.SERVICE + "/Decisions")[0].path)
    assert "updated ge datetime'2024-01-01T00:00:00'" in query


def test_meetings(site, tmp_path):
    server, _expected = site
    source, client = open_source(
        "informea", RawArchive(tmp_path), config=mirror_config({"informea": informea.options(server)})
    )
    with client:
        meetings = source.meetings()
    assert [(m["id"], m["start"], m["end"], m["city"]) for m in meetings] == [
        ("m-mc-cop5", "2023-10-30", "2023-11-03", "Geneva"),
        ("m-bc-cop16", "2023-05-01", "2023-05-12", "Geneva"),
    ]


def test_reconciliation_lists_both_directions(site, tmp_path):
    server, _expected = site
    ours = ["MC-1/1", "MC-5/16", "MC-6/1", "BC-16/21"]
    result = reconcile_with_informea(
        ours, tmp_path, config=mirror_config({"informea": informea.options(server)}), treaties=["minamata", "basel"]
    )
    assert result.only_informea == ["MC-1/2", "MC-5/17", "MC-5/18"]
    assert result.only_ours == ["MC-6/1"]
    assert result.in_both == ["BC-16/21", "MC-1/1", "MC-5/16"]
    assert any("/informea.svc/Decisions" in row["url"] for row in RawArchive(tmp_path).harvest_log())


def test_reconcile_normalises_written_forms():
    result = reconcile(["MC\u20115/16", "mc-1/1 ", None], ["MC-5/16.", "MC–1/1"])
    assert (result.only_informea, result.only_ours, result.in_both) == ([], [], ["MC-1/1", "MC-5/16"])
    assert odata_date("/Date(1698969600000)/").date() == date(2023, 11, 3)
    assert odata_date("/Date(1698969600000+0000)/").date() == date(2023, 11, 3)
    assert odata_date(None) is None
