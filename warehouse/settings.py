"""Where the pipeline keeps its files; one place, read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Paths under MERCURY_DATA_DIR (CONTRACT.md "Where things are")."""

    model_config = SettingsConfigDict(env_prefix="MERCURY_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    snapshot_dir: Path = PROJECT_ROOT / "snapshot"
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"

    @cached_property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @cached_property
    def parsed_dir(self) -> Path:
        return self.data_dir / "parsed"

    @cached_property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @cached_property
    def published_path(self) -> Path:
        return self.data_dir / "published" / "mercury.duckdb"

    @cached_property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @cached_property
    def docs_dir(self) -> Path:
        return self.data_dir / "docs"


def get_settings() -> Settings:
    """Fresh settings each call, so a changed MERCURY_DATA_DIR (tests, CLI --data-dir) is honoured."""
    settings = Settings()
    settings.data_dir = settings.data_dir.resolve()
    return settings
