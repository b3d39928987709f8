"""The listing-crawl harvesters (gfc, gmp) against their mirrors: paged listings, files linked from rows or from
landing pages, languages from labels, hreflang or file names, menus left out."""

from __future__ import annotations

from extractors.archive import RawArchive
from extractors.harvest import harvest
from extractors.http import DOCX
from extractors.sources.base import read_metadata
from tests.mirror import gfc, gmp
from tests.mirror.config import mirror_config
from tests.mirror.fixtures import fresh_mirror


def test_gfc_resolutions_and_documents(tmp_path):
    with fresh_mirror() as server:
        expected = gfc.install(server)
        result = harvest("gfc", tmp_path, config=mirror_config({"gfc": gfc.options(server)}))
        assert server.requests_to("/sites/default/files/flyer.pdf") == []  # the menu is not the listing

    assert len(expected) == 9 and result.found == 9 and result.fetched == 9 and result.failed == 0
    rows = {row.url: row for row in RawArchive(tmp_path).manifest()}
    assert set(rows) == {server.url(path) for path, *_ in expected}
    metadata = {row["url"]: row for row in read_metadata(tmp_path)}
    for path, language, symbol, title in expected:
        meta = metadata[server.url(path)]
        assert (meta["language"], meta["symbol"], meta["title"]) == (language, symbol, title), path
        assert meta["meeting_id"] == "gfc-iccm-5"
    assert metadata[server.url(gfc.resolution_path("V/4", "en"))]["doc_type"] == "resolution"
    assert metadata[server.url(gfc.document_path("SAICM/ICCM.5/INF/3", "en"))]["doc_type"] == "information_document"
    spanish = server.url(gfc.document_path("SAICM/ICCM.5/1", "es"))
    assert rows[spanish].media_type == DOCX
    assert metadata[spanish]["landing_url"] == server.url("/documents/saicm-iccm5-1")


def test_gmp_reports_are_typed_report(tmp_path):
    with fresh_mirror() as server:
        expected = gmp.install(server)
        config = mirror_config({"gmp": gmp.options(server)})
        result = harvest("gmp", tmp_path, config=config)
        again = harvest("gmp", tmp_path, config=config)

    assert len(expected) == 6 and result.found == 6 and result.fetched == 6
    assert (again.fetched, again.not_modified, again.new) == (0, 6, 0)
    metadata = {row["url"]: row for row in read_metadata(tmp_path)}
    assert {m["doc_type"] for m in metadata.values()} == {"report"}
    assert {m["symbol"] for m in metadata.values()} == {None}  # PAG numbers are not UN symbols
    for path, title in expected:
        assert metadata[server.url(path)]["title"] == title
    pag = metadata[server.url(gmp.PAG_ROWS[1][2])]
    assert pag["extra"] == {"number": "PAG 10.3"}
    assert metadata[server.url("/sites/default/files/2023-06/Dental_amalgam_FR.pdf")]["language"] == "fr"
