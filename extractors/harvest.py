"""`harvest()`: one web source into the raw archive. The CLI (`mercury harvest`), the Airflow harvest DAGs and the
tests call exactly this.

Reaching the internet is opt-in: unless `live=True`, every host a source would contact must be a local or
configured non-public address (a mirror), otherwise the call refuses before sending anything. Tests only ever point
sources at 127.0.0.1.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from extractors.archive import RawArchive
from extractors.config import HarvestConfig, load_config
from extractors.http import HttpClient, address_refusal
from extractors.sources.base import HarvestResult, Source, SourceOptions, harvest_source

# name -> "module:class"; imported lazily so a DAG file importing this module stays cheap.
SOURCES: dict[str, str] = {
    "minamata": "extractors.sources.minamata:MinamataSource",
    "unea": "extractors.sources.unea:UneaSource",
    "brs": "extractors.sources.brs:BrsSource",
    "gfc": "extractors.sources.gfc:GfcSource",
    "gmp": "extractors.sources.gmp:GmpSource",
    "informea": "extractors.sources.informea:InformeaSource",
}


class LiveHarvestRequired(PermissionError):
    """The source points at the public internet and the caller did not pass live=True (--live)."""


def available_sources() -> list[str]:
    return sorted(SOURCES)


def source_class(name: str) -> type[Source]:
    if name not in SOURCES:
        raise ValueError(f"unknown source {name!r}; known web sources: {', '.join(available_sources())} (and local)")
    module_name, _, class_name = SOURCES[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def source_options(name: str, config: HarvestConfig) -> SourceOptions:
    """The source's section of the configuration, validated by the source's own Options model."""
    return source_class(name).Options.model_validate(config.source_options(name))


def live_command(name: str) -> str:
    """The command that allows this source's real site: what a refusal tells the person to run."""
    return f"mercury harvest --source {name} --live"


def check_network(
    name: str, options: SourceOptions, config: HarvestConfig, live: bool, *, command: str | None = None
) -> None:
    """Refuse, before any request, a harvest whose hosts are not all reachable under the current rules. `command`
    is what the refusal suggests for the real site (default: `mercury harvest --source <name> --live`)."""
    for url in options.base_urls():
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        reason = address_refusal(parts.hostname or "", port, config.http, live)
        if reason:
            hint = "" if live else f" (use live=True / `{command or live_command(name)}` for the real site)"
            raise LiveHarvestRequired(f"{name}: refusing to contact {url}: {reason}{hint}")


def open_source(
    name: str,
    archive: RawArchive,
    *,
    config: HarvestConfig | None = None,
    live: bool = False,
    command: str | None = None,
) -> tuple[Source, HttpClient]:
    """A ready source with its client (caller closes the client). Used by harvest() and the InforMEA check, which
    passes its own `command` for the refusal's hint (see check_network)."""
    config = config or load_config()
    options = source_options(name, config)
    check_network(name, options, config, live, command=command)
    client = HttpClient(config.http, source=name, archive=archive, allowed_hosts=options.host_names(), live=live)
    return source_class(name)(options, client), client


def harvest(
    source: str,
    archive_root: Path,
    since: date | None = None,
    live: bool = False,
    config: HarvestConfig | None = None,
) -> HarvestResult:
    """Harvest one source into the raw archive at archive_root.

    since: only what the site reports as changed since that date (where it can tell; conditional GET makes the
    rest cheap). Raises LiveHarvestRequired (public site without live), EmptyDiscovery (a full discovery found
    nothing), DiscoveryFailed (a listing page could not be read), HarvestFailed (every link failed)."""
    config = config or load_config()
    archive = RawArchive(Path(archive_root))
    src, client = open_source(source, archive, config=config, live=live)
    with client:
        return harvest_source(src, archive, since, guard=config.guard)


__all__ = [
    "SOURCES",
    "LiveHarvestRequired",
    "available_sources",
    "check_network",
    "harvest",
    "live_command",
    "open_source",
    "source_class",
    "source_options",
]
