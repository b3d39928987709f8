"""Harvest configuration: the HTTP client's manners and where each source lives.

Read from a YAML file (default: extractors/sources.yaml, or the file named by MERCURY_HARVEST_CONFIG) and the
environment, which wins over the file, with `__` between nesting levels:

    MERCURY_HARVEST_HTTP__RATE_PER_SECOND=0.5
    MERCURY_HARVEST_SOURCES__MINAMATA__BASE_URL=http://mirror.internal:8080

The `sources` section is a free mapping per source here; each source module validates its own section with its
pydantic `Options` model, so a source's settings are documented next to the code that uses them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent / "sources.yaml"
CONTACT_URL = "https://github.com/mercury-warehouse/mercury-warehouse#harvesting"


class HttpConfig(BaseModel):
    """How the one shared HTTP client behaves towards every site."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = f"mercury-warehouse/0.1 (+{CONTACT_URL})"
    robots_agent: str = Field("mercury-warehouse", description="product token matched against robots.txt groups")
    rate_per_second: float = Field(1.0, gt=0, description="default request rate per host, shared process-wide")
    host_rates: dict[str, float] = Field(default_factory=dict, description="per-host overrides (hostname -> req/s)")
    connect_timeout: float = Field(10.0, gt=0)
    read_timeout: float = Field(60.0, gt=0)
    max_body_bytes: int = Field(200 * 1024 * 1024, gt=0)
    max_attempts: int = Field(5, ge=1, description="tries per URL, first one included")
    backoff_initial: float = Field(2.0, ge=0, description="first retry wait (s); doubles each retry")
    backoff_max: float = Field(120.0, ge=0)
    backoff_jitter: float = Field(1.0, ge=0, description="random extra wait (s) added to each backoff")
    retry_after_max: float = Field(600.0, ge=0, description="a longer Retry-After fails the URL instead of waiting")
    max_redirects: int = Field(5, ge=0)
    respect_robots: bool = True
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="hosts allowed besides those of the source's base URLs; '.example.org' allows subdomains",
    )
    allow_loopback: bool = Field(False, description="allow 127.0.0.0/8 and ::1 targets (tests, local mirrors)")
    allow_private: bool = Field(False, description="allow private/link-local targets (a mirror on the intranet)")

    def rate_for(self, host: str) -> float:
        return self.host_rates.get(host.lower(), self.rate_per_second)


class GuardConfig(BaseModel):
    """When a discovery result is too suspicious to record."""

    model_config = ConfigDict(extra="forbid")

    fail_on_empty: bool = Field(True, description="a full discovery finding nothing raises instead of succeeding")
    warn_drop_ratio: float = Field(
        0.5, ge=0, le=1, description="warn when a full discovery finds fewer than this share of the previous count"
    )


class HarvestConfig(BaseSettings):
    """Everything a harvest needs to know besides the archive path."""

    model_config = SettingsConfigDict(env_prefix="MERCURY_HARVEST_", env_nested_delimiter="__", extra="forbid")

    http: HttpConfig = Field(default_factory=HttpConfig)
    guard: GuardConfig = Field(default_factory=GuardConfig)
    sources: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the YAML file (passed in as init values), so an operator can point one source
        # at a mirror without editing the file.
        return (env_settings, init_settings)

    def source_options(self, name: str) -> dict[str, Any]:
        return dict(self.sources.get(name) or {})


def load_config(path: Path | str | None = None, **overrides: Any) -> HarvestConfig:
    """The configuration from YAML (path, else $MERCURY_HARVEST_CONFIG, else the bundled sources.yaml), with
    `overrides` deep-merged over the file (tests use this) and the environment over both."""
    chosen = Path(path or os.environ.get("MERCURY_HARVEST_CONFIG") or DEFAULT_CONFIG_PATH)
    if not chosen.is_file():
        raise FileNotFoundError(f"harvest configuration file not found: {chosen}")
    data = yaml.safe_load(chosen.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{chosen}: the harvest configuration must be a mapping, got {type(data).__name__}")
    return HarvestConfig(**deep_merge(data, overrides))


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """A copy of base with override merged in, nested mappings merged key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


__all__ = ["DEFAULT_CONFIG_PATH", "GuardConfig", "HarvestConfig", "HttpConfig", "deep_merge", "load_config"]
