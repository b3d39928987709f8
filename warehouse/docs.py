"""The documentation sites under docs/ (CONTRACT.md "GX Data Docs, dbt docs → docs/"), readable offline.

- `docs/gx/`: Great Expectations Data Docs. GX writes pages that load Bootstrap, jQuery, Font Awesome and Vega from
  CDNs and a logo from S3 (with the data context id in the URL); offline they render unstyled. `offline_gx_site`
  removes those links and points every page at a small local stylesheet (static/styles/mercury_offline.css) and the
  logo GX ships in static/images. The GX package ships no Bootstrap, hence our own stylesheet; its collapsible
  sections stay open since their script is gone.
- `docs/dbt/index.html`: dbt's docs site as one self-contained page (`dbt docs generate --static`: manifest and
  catalog inlined, no CDN), with the catalog (column types, row counts) read from a scratch copy of the published
  warehouse, so it describes what analysts query and never locks the build warehouse.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from warehouse.settings import Settings

GX_DIRNAME, DBT_DIRNAME = "gx", "dbt"
OFFLINE_CSS = "static/styles/mercury_offline.css"
OFFLINE_MARK = "mercury_offline.css"
# A <link> or <script> tag loading anything from the network, with its closing tag for scripts.
REMOTE_TAG = re.compile(
    r"""<link\b[^>]*\bhref=["']https?://[^"']*["'][^>]*>\s*"""
    r"""|<script\b[^>]*\bsrc=["']https?://[^"']*["'][^>]*>\s*</script>\s*""",
    re.IGNORECASE,
)
REMOTE_LOGO = re.compile(r"""src=["']https?://great-expectations-web-assets[^"']*/(logo-long\.png)[^"']*["']""")

# Our stand-in for the CDN stylesheets (Bootstrap 4 classes GX pages use), a data file beside this module.
OFFLINE_STYLESHEET_SOURCE = Path(__file__).with_name("gx_offline.css")


def offline_page(text: str, static_prefix: str) -> str:
    """One GX page without network links: CDN tags removed, the S3 logo replaced by GX's own copy, and our local
    stylesheet linked (static_prefix: the relative path from the page to the site's root, e.g. "../../")."""
    text = REMOTE_TAG.sub("", text)
    text = REMOTE_LOGO.sub(lambda m: f'src="{static_prefix}static/images/{m.group(1)}"', text)
    if OFFLINE_MARK not in text:
        link = f'<link rel="stylesheet" href="{static_prefix}{OFFLINE_CSS}">'
        text = re.sub(r"</head>", link + "\n</head>", text, count=1, flags=re.IGNORECASE)
    return text


def offline_gx_site(site_dir: Path) -> int:
    """Make every page of a GX Data Docs site readable offline (idempotent; GX rewrites the pages it rebuilds).
    Returns the number of pages rewritten."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        return 0
    css = site_dir / OFFLINE_CSS
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OFFLINE_STYLESHEET_SOURCE, css)
    changed = 0
    for page in sorted(site_dir.rglob("*.html")):
        depth = len(page.relative_to(site_dir).parts) - 1
        text = page.read_text(encoding="utf-8")
        new = offline_page(text, "../" * depth)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def dbt_docs_site(settings: Settings) -> Path:
    """`dbt docs generate --static` on a scratch copy of the published warehouse; its self-contained page becomes
    docs/dbt/index.html (replaced atomically). Raises when dbt fails."""
    from dbt.cli.main import dbtRunner

    from warehouse.transform import DbtBuildFailed, _close_dbt_connections, _environment, dbt_env

    target = settings.dbt_work_dir / "docs-target"  # apart from the build's target/, which export reads
    site = settings.docs_dir / DBT_DIRNAME
    site.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dbt-docs-", dir=settings.dbt_work_dir.parent) as scratch:
        # named like the build file: dbt-duckdb names the database after the file, the manifest expects that name
        copy = Path(scratch) / settings.warehouse_path.name
        shutil.copyfile(settings.published_path, copy)
        args = [
            *("docs", "generate", "--static"),
            *("--project-dir", str(settings.dbt_project_dir), "--profiles-dir", str(settings.dbt_project_dir)),
            *("--target-path", str(target), "--log-path", str(settings.dbt_work_dir / "logs"), "--quiet"),
        ]
        with _environment({**dbt_env(settings), "MERCURY_WAREHOUSE_PATH": str(copy)}):
            try:
                result = dbtRunner().invoke(args)
            finally:
                _close_dbt_connections()
    page = target / "static_index.html"
    if not result.success or not page.is_file():
        raise DbtBuildFailed(
            f"dbt docs generate failed: {result.exception!r} (logs: {settings.dbt_work_dir / 'logs' / 'dbt.log'})"
        )
    staged = site / ".index.html.tmp"
    shutil.copyfile(page, staged)
    os.replace(staged, site / "index.html")
    return site / "index.html"


def build_docs(settings: Settings) -> dict[str, Any]:
    """Both sites under docs/: GX Data Docs made offline (the check stage wrote them), the dbt docs page generated.
    The dbt page needs a dbt project and a published warehouse; setting dbt_docs false skips it."""
    result: dict[str, Any] = {"gx_pages_rewritten": offline_gx_site(settings.docs_dir / GX_DIRNAME)}
    if settings.dbt_docs:
        result["dbt"] = str(dbt_docs_site(settings))
    return result


def site_links(settings: Settings, from_dir: Path) -> list[tuple[str, str]]:
    """(label, relative href) of the documentation sites that exist, as seen from from_dir (exports/)."""
    sites = (
        ("Data quality checks (Great Expectations Data Docs)", settings.docs_dir / GX_DIRNAME / "index.html"),
        ("Models, columns and lineage (dbt docs)", settings.docs_dir / DBT_DIRNAME / "index.html"),
    )
    return [(label, Path(os.path.relpath(path, from_dir)).as_posix()) for label, path in sites if path.is_file()]
