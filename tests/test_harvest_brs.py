"""The brs harvester against mirrors of the three DNN sites: document and decision tables, language suffixes in
download.aspx names, joint documents with three symbols, upload times for `since`."""

from __future__ import annotations

from datetime import date

from extractors.archive import RawArchive
from extractors.harvest import harvest
from extractors.http import DOCX
from extractors.sources.base import read_metadata
from extractors.sources.brs import meeting_for, split_joint
from tests.mirror import brs
from tests.mirror.config import mirror_config
from tests.mirror.fixtures import site_fixture

site = site_fixture(brs.install)


def test_harvest_reads_the_tables_of_all_three_conventions(site, tmp_path):
    server, expected = site
    result = harvest("brs", tmp_path, config=mirror_config({"brs": brs.options(server)}))

    urls = {server.url(path) for path, _, _ in expected}
    assert len(urls) == 14
    assert result.found == 14 and result.fetched == 14 and result.failed == 0
    rows = {row.url: row for row in RawArchive(tmp_path).manifest()}
    assert set(rows) == urls  # the footer's brochure link is not in a document row: not harvested
    metadata = {row["url"]: row for row in read_metadata(tmp_path)}
    for path, language, row in expected:
        meta = metadata[server.url(path)]
        assert meta["language"] == language
        assert meta["title"] == row.title
        assert meta["filename"] == path.split("d=")[1]

    agenda = metadata[server.url(brs.PAGES[brs.BASEL_COP16][0].file_path("fr", "pdf"))]
    assert (agenda["symbol"], agenda["meeting_id"]) == ("UNEP/CHW.16/1", "bc-cop-16")
    assert agenda["published_on"] == "2022-11-17"
    russian = server.url(brs.PAGES[brs.BASEL_COP16][1].file_path("ru", "docx"))
    assert rows[russian].media_type == DOCX  # sniffed from the bytes although served as octet-stream
    joint = metadata[server.url(brs.PAGES[brs.BASEL_COP16][2].file_path("en", "pdf"))]
    assert joint["symbol"] == "UNEP/CHW.16/INF/1"
    assert joint["extra"]["symbols"] == ["UNEP/CHW.16/INF/1", "UNEP/FAO/RC/COP.11/INF/1", "UNEP/POPS/COP.11/INF/1"]
    assert joint["doc_type"] == "information_document"
    decision = metadata[server.url(brs.PAGES[brs.ROTTERDAM_COP11][1].file_path("en", "pdf"))]
    assert (decision["symbol"], decision["doc_type"], decision["meeting_id"]) == ("RC-11/8", "decisions", "rc-cop-11")
    nested = metadata[server.url(brs.PAGES[brs.STOCKHOLM_COP11][0].file_path("ar", "pdf"))]
    assert (nested["symbol"], nested["language"], nested["meeting_id"]) == ("UNEP/POPS/COP.11/1", "ar", "sc-cop-11")


def test_since_skips_rows_uploaded_before(site, tmp_path):
    server, _expected = site
    result = harvest("brs", tmp_path, since=date(2022, 1, 1), config=mirror_config({"brs": brs.options(server)}))
    assert result.found == 13  # the 2021 document is left out; rows without an upload time are kept
    assert not any("CHW.15-INF-60" in row.url for row in RawArchive(tmp_path).manifest())


def test_second_harvest_is_all_not_modified(site, tmp_path):
    server, _expected = site
    config = mirror_config({"brs": brs.options(server)})
    harvest("brs", tmp_path, config=config)
    again = harvest("brs", tmp_path, config=config)
    assert (again.found, again.fetched, again.not_modified, again.new) == (14, 0, 14, 0)


def test_symbol_helpers():
    assert split_joint(brs.JOINT) == ["UNEP/CHW.16/INF/1", "UNEP/FAO/RC/COP.11/INF/1", "UNEP/POPS/COP.11/INF/1"]
    assert meeting_for("SC-11/20") == "sc-cop-11" and meeting_for("UNEP/CHW.16/1") == "bc-cop-16"
    assert meeting_for("something else") is None
