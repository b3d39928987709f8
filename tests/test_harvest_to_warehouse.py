"""A web harvest all the way into the warehouse: the minamata mirror on 127.0.0.1 -> raw archive -> parse ->
raw.* and audit.* tables. The error page served as .pdf is archived but quarantined, never parsed as a PDF; a
second harvest downloads nothing and re-parses nothing."""

from __future__ import annotations

import duckdb
import pytest

from extractors.http import RATE_LIMITER
from tests.mirror import minamata
from tests.mirror.config import mirror_config
from tests.mirror.server import MirrorServer
from warehouse import pipeline
from warehouse.settings import get_settings


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "data"))
    RATE_LIMITER.reset()
    return get_settings()


def test_harvest_lands_in_the_warehouse(settings, monkeypatch):
    from extractors import harvest as harvest_module

    with MirrorServer() as server:
        files = minamata.install(server)
        config = mirror_config({"minamata": {"base_url": server.base_url, "meetings": ["cop5"], "allowed_hosts": []}})
        monkeypatch.setattr(harvest_module, "load_config", lambda *a, **k: config)
        first = pipeline.harvest(settings, "minamata")
        loaded = pipeline.parse_and_load(settings)
        second = pipeline.harvest(settings, "minamata")
        reloaded = pipeline.parse_and_load(settings)

    cop5 = [f for f in files if "COP.4" not in f.symbol]
    assert first["fetched"] == len(cop5) and first["new"] == len(cop5)
    error_pages = [f for f in cop5 if f.body.startswith(b"<!DOCTYPE html>")]
    assert len(error_pages) == 1
    assert loaded["documents"] == len(cop5) - 1 and loaded["quarantined"] == 1

    assert (second["fetched"], second["new"], second["not_modified"]) == (0, 0, len(cop5))
    assert "0 new" in second["summary"]
    assert reloaded["parsed"] == 0 and reloaded["reused"] == len(cop5)

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        sources = con.execute("select distinct source from raw.documents").fetchall()
        urls = {u for (u,) in con.execute("select url from raw.documents").fetchall()}
        [(reason, url, stage)] = con.execute("select reason, url, stage from audit.quarantine").fetchall()
        outcomes = dict(con.execute("select outcome, count(*) from audit.harvest_log group by 1").fetchall())
    assert sources == [("minamata",)]
    assert all(u.startswith(f"{server.base_url}/sites/default/files/documents/") for u in urls)
    assert url.endswith(".French.pdf") and "html" in reason.lower() and stage == "harvest"
    assert outcomes["fetched"] >= len(cop5) and outcomes["not_modified"] >= len(cop5)


def test_informea_check_compares_the_published_decisions(settings, monkeypatch):
    from typer.testing import CliRunner

    from extractors import harvest as harvest_module
    from tests.mirror import informea
    from warehouse.cli import app

    settings.published_path.parent.mkdir(parents=True)
    with duckdb.connect(str(settings.published_path)) as con:
        con.execute("create schema marts; create table marts.decisions (symbol varchar)")
        con.execute("insert into marts.decisions values ('MC-1/1'), ('MC-5/16'), ('MC-6/1'), ('BC-16/21'), (null)")
    with MirrorServer() as server:
        informea.install(server)
        config = mirror_config({"informea": informea.options(server)})
        monkeypatch.setattr(harvest_module, "load_config", lambda *a, **k: config)
        result = CliRunner().invoke(app, ["informea-check"])
    assert result.exit_code == 0, result.output
    assert "only in the warehouse (1): MC-6/1" in result.output
    assert "only in InforMEA (" in result.output and "MC-5/17" in result.output


def test_publication_dates_from_the_harvest_reach_the_documents(settings, monkeypatch):
    from extractors import harvest as harvest_module
    from tests.mirror import informea

    with MirrorServer() as server:
        informea.install(server)
        config = mirror_config({"informea": informea.options(server)})
        monkeypatch.setattr(harvest_module, "load_config", lambda *a, **k: config)
        pipeline.harvest(settings, "informea")
        pipeline.parse_and_load(settings)
        cooperation_es = server.url(informea.file_path("MC\u20115/16", "es"))
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        [(published_on,)] = con.execute(
            "select published_on from raw.documents where url = ?", [cooperation_es]
        ).fetchall()
    assert published_on == "2023-11-03"  # InforMEA's /Date(ms)/ of MC-5/16
