"""Where the pipeline keeps its files; one place, read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Paths under MERCURY_DATA_DIR (CONTRACT.md "Where things are")."""

    model_config = SettingsConfigDict(env_prefix="MERCURY_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    snapshot_dir: Path = PROJECT_ROOT / "snapshot"
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"
    expectations_dir: Path = PROJECT_ROOT / "expectations"
    # Where `FORCE INSTALL` puts the offline fts extension for the analysts' duckdb shell; None = DuckDB's default
    # (~/.duckdb/extensions), which is where the shell looks. Tests point it at a temp folder.
    duckdb_extension_dir: Path | None = None
    # The publish gate against silent drops (expectations: `marts` suite, table decision_yield): the largest share of
    # decision-typed documents (doc_type decisions/resolution, or flagged in audit.parse_warnings) allowed to yield no
    # decision. Above it, `check` fails and nothing is published. MERCURY_MAX_NO_DECISION_SHARE=0.1 allows 10 %.
    max_no_decision_share: float = Field(default=0.05, ge=0.0, le=1.0)
    # Exported CSV files start with a UTF-8 byte-order mark, so that Excel opens them as UTF-8 (MERCURY_CSV_BOM=1,
    # or `mercury export --csv-bom`). Off by default: most tools read plain UTF-8, and some show the mark.
    csv_bom: bool = False
    # The export stage also writes the dbt docs site (docs/dbt/index.html, `dbt docs generate --static`, ~10 s);
    # MERCURY_DBT_DOCS=0 skips it (quick exports, or a data directory without the dbt project).
    dbt_docs: bool = True

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

    @cached_property
    def dbt_work_dir(self) -> Path:
        """dbt's target/ and logs/ for this data directory (kept out of the repository)."""
        return self.data_dir / "dbt"

    @cached_property
    def build_fingerprint_path(self) -> Path:
        """Fingerprint of the inputs of the last load into the build warehouse."""
        return self.data_dir / "build_fingerprint.json"

    @cached_property
    def published_fingerprint_path(self) -> Path:
        """Fingerprint of the inputs of the published copy (written by publish)."""
        return self.published_path.parent / "fingerprint.json"


def get_settings() -> Settings:
    """Fresh settings each call, so a changed MERCURY_DATA_DIR (tests, CLI --data-dir) is honoured."""
    settings = Settings()
    settings.data_dir = settings.data_dir.resolve()
    return settings
