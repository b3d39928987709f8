"""Harvest configuration for the tests: loopback allowed, fast rate and backoff, sources pointed at a mirror."""

from __future__ import annotations

from typing import Any

from extractors.config import HarvestConfig, HttpConfig, load_config

FAST_HTTP: dict[str, Any] = {
    "rate_per_second": 20.0,
    "connect_timeout": 2.0,
    "read_timeout": 2.0,
    "max_attempts": 4,
    "backoff_initial": 0.05,
    "backoff_max": 0.2,
    "backoff_jitter": 0.05,
    "allow_loopback": True,
}


def fast_http(**overrides: Any) -> HttpConfig:
    return HttpConfig(**(FAST_HTTP | overrides))


def mirror_config(sources: dict[str, dict[str, Any]], **http: Any) -> HarvestConfig:
    """The bundled sources.yaml with the given source sections merged over it and fast test HTTP settings (50 req/s:
    the rate limit itself is asserted in test_http_client.py; harvest tests only need it not to slow them down)."""
    return load_config(http=FAST_HTTP | {"rate_per_second": 50.0} | http, sources=sources)
