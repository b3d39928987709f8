"""`mercury`: the command line over warehouse.pipeline (the same functions the Airflow DAG calls).

mercury run [--input DIR] [--full-refresh]   every stage; build..export skipped when nothing changed
mercury harvest --source S [--since DATE] [--live]   one web source into the raw archive (mirrors unless --live)
mercury ingest [--input DIR] | load | build | check | publish | export [--csv-bom] | status
mercury search "QUERY" [--lang en] [--limit N]   full-text search of the published paragraphs, per language
mercury snapshot add FILE...                 record files in the bundled offline snapshot
mercury --data-dir PATH <command>            work in another data directory (overrides MERCURY_DATA_DIR)
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table

from warehouse import pipeline, summary
from warehouse.settings import Settings, get_settings

app = typer.Typer(
    name="mercury",
    help="Minamata decisions warehouse: ingest -> load -> dbt build -> checks -> publish -> export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
snapshot_app = typer.Typer(help="Maintain the bundled offline snapshot (snapshot/).", no_args_is_help=True)
app.add_typer(snapshot_app, name="snapshot")

console = Console(highlight=False, soft_wrap=True)  # long paths stay copyable: no hard wraps
errors = Console(stderr=True, highlight=False, soft_wrap=True)

InputOption = Annotated[
    Path | None,
    typer.Option("--input", "-i", help="Ingest every file of this folder (default: replay the bundled snapshot)."),
]
FullRefreshOption = Annotated[
    bool, typer.Option("--full-refresh", help="Re-parse every file and rebuild everything, even if unchanged.")
]
CsvBomOption = Annotated[
    bool,
    typer.Option(
        "--csv-bom",
        help="Start each exported CSV with a UTF-8 byte-order mark, so Excel reads it as UTF-8 (or MERCURY_CSV_BOM=1).",
    ),
]
QUERY = "select symbol, title from marts.decisions"


class StageFailed(Exception):
    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"{stage}: {error}")
        self.stage, self.error = stage, error


@app.callback()
def main(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Where raw archive, warehouses and exports live (overrides MERCURY_DATA_DIR)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show informational log messages.")] = False,
) -> None:
    """Options that apply to every command."""
    if data_dir is not None:
        # The environment, not only our Settings: dbt, GX and any helper calling get_settings() must agree.
        os.environ["MERCURY_DATA_DIR"] = str(data_dir.expanduser().resolve())
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=errors, show_path=False, show_time=False)],
        force=True,
    )


def _step(stage: str, action: Callable[[], Any], describe: Callable[[Any], str] = lambda _: "") -> Any:
    """Run one stage under a spinner, print a ✓ line with its duration and summary; StageFailed on any error."""
    started = time.monotonic()
    try:
        with console.status(f"[bold]{stage}[/] …"):
            result = action()
    except Exception as error:
        raise StageFailed(stage, error) from error
    summary = describe(result)
    console.print(f"[green]✓[/] {stage:<8} {time.monotonic() - started:6.1f}s  {escape(summary)}")
    return result


def _fail(failure: StageFailed) -> typer.Exit:
    errors.print(f"[bold red]✗ {failure.stage} failed:[/] {escape(str(failure.error))}")
    return typer.Exit(1)


def _single(stage: str, action: Callable[[Settings], Any], describe: Callable[[Any], str]) -> Any:
    try:
        return _step(stage, lambda: action(get_settings()), describe)
    except StageFailed as failure:
        raise _fail(failure) from failure.error


def _describe_ingest(r: dict[str, Any]) -> str:
    return f"{r['files']} files from {r['source']}: {r['new']} new, {r['unchanged']} already archived"


def _describe_load(r: dict[str, Any]) -> str:
    return summary.describe_load(r)


def _describe_build(r: dict[str, Any]) -> str:
    return ", ".join(f"{n} {kind}s" for kind, n in sorted(r["by_type"].items())) or "nothing to build"


def _describe_publish(r: dict[str, Any]) -> str:
    return f"{len(r['tables'])} tables -> {_shown(Path(r['path']))}"


def _describe_export(r: dict[str, Any]) -> str:
    csv = "CSV with BOM" if r.get("csv_bom") else "CSV"
    dbt_site = (r.get("docs") or {}).get("dbt")
    return f"{len(r['tables'])} marts -> {_shown(Path(r['path']))} (Parquet, {csv}, datapackage.json, report.html)" + (
        f"; dbt docs -> {_shown(Path(dbt_site))}" if dbt_site else ""
    )


def _warn_about_load(result: dict[str, Any]) -> None:
    for line in summary.load_warnings(result):
        errors.print(f"[yellow]! {escape(line)}[/]")


@app.command()
def run(input: InputOption = None, full_refresh: FullRefreshOption = False, csv_bom: CsvBomOption = False) -> None:
    """Run every stage; when inputs, parser and models are unchanged since the last publish, stop after the load."""
    settings = get_settings()
    if csv_bom:
        settings.csv_bom = True
    run_id = None
    try:
        _step("ingest", lambda: pipeline.ingest(settings, input), _describe_ingest)
        loaded = _step("load", lambda: pipeline.parse_and_load(settings, full_refresh), _describe_load)
        run_id = loaded["run_id"]
        _warn_about_load(loaded)
        if loaded["changed"] or full_refresh:
            _step("build", lambda: pipeline.transform(settings, full_refresh), _describe_build)
            _step("check", lambda: pipeline.check(settings), lambda r: "every expectation passed")
            _step("publish", lambda: pipeline.publish(settings), _describe_publish)
            _step("export", lambda: pipeline.export(settings), _describe_export)
            outcome = "published"
        else:
            console.print("[dim]- build, check, publish, export skipped: nothing changed since the last publish[/]")
            outcome = "unchanged"
        pipeline.finish_run(settings, run_id, outcome)
    except StageFailed as failure:
        if run_id is not None:
            try:
                pipeline.finish_run(settings, run_id, "failed", str(failure))
            except Exception as error:  # the original failure matters more; say that recording it failed too
                errors.print(f"[yellow]! could not record the failed run: {escape(str(error))}[/]")
        raise _fail(failure) from failure.error
    _print_status(pipeline.status(settings))


@app.command()
def harvest(
    source: Annotated[str, typer.Option("--source", "-s", help="minamata, unea, brs, gfc, gmp or informea.")],
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only what changed since this date (YYYY-MM-DD).")
    ] = None,
    live: Annotated[
        bool, typer.Option("--live", help="Allow requests to the real public sites (never used by tests).")
    ] = False,
) -> None:
    """Harvest one web source politely (robots.txt, rate limit, conditional GET) into the raw archive."""
    _single(
        "harvest",
        lambda s: pipeline.harvest(s, source, since.date() if since else None, live),
        lambda r: r["summary"],
    )


@app.command("informea-check")
def informea_check(
    live: Annotated[bool, typer.Option("--live", help="Ask the real InforMEA API (never used by tests).")] = False,
) -> None:
    """List decisions InforMEA has that the published warehouse lacks, and the reverse."""
    result = _single(
        "informea-check", lambda s: pipeline.reconcile_informea(s, live), lambda r: f"{len(r['in_both'])} in both"
    )
    for key, label in (("only_informea", "only in InforMEA"), ("only_ours", "only in the warehouse")):
        console.print(f"{label} ({len(result[key])}): {', '.join(result[key]) or '-'}")


@app.command()
def ingest(input: InputOption = None) -> None:
    """Put files into the raw archive: the bundled snapshot, or every file of --input DIR."""
    _single("ingest", lambda s: pipeline.ingest(s, input), _describe_ingest)


@app.command()
def load(full_refresh: FullRefreshOption = False) -> None:
    """Parse archived files (cached) and bulk-load raw.* and audit.* into the build warehouse."""
    result = _single("load", lambda s: pipeline.parse_and_load(s, full_refresh), _describe_load)
    _warn_about_load(result)


@app.command()
def build(full_refresh: FullRefreshOption = False) -> None:
    """dbt build: seeds, staging, marts and data tests on the build warehouse."""
    _single("build", lambda s: pipeline.transform(s, full_refresh), _describe_build)


@app.command()
def check() -> None:
    """Run the GX marts suite; fails naming the expectations that did not pass."""
    _single("check", pipeline.check, lambda r: f"every expectation passed (Data Docs: {r['docs']})")


@app.command()
def publish() -> None:
    """Swap in a new published/mercury.duckdb (marts + audit, search per language) atomically."""
    _single("publish", pipeline.publish, _describe_publish)


@app.command()
def export(csv_bom: CsvBomOption = False) -> None:
    """Write exports/: each mart as Parquet and CSV, datapackage.json, report.html."""
    _single("export", lambda s: pipeline.export(s, csv_bom=True if csv_bom else None), _describe_export)


@app.command()
def status() -> None:
    """Counts in the published warehouse, the last run, and how to query it."""
    result = pipeline.status(get_settings())
    if not result["published_exists"]:
        errors.print(f"[bold red]✗ nothing published yet[/] at {escape(result['published'])}: run `mercury run`")
        raise typer.Exit(1)
    _print_status(result)


@app.command("search")
def search_paragraphs(
    query: Annotated[str, typer.Argument(help="Words to look for, in the language of --lang.")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="ar, en, es, fr, ru or zh (default: every language)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most paragraphs shown.")] = 20,
) -> None:
    """Full-text search (BM25, one stemmed index per language) over decision paragraphs of the published copy."""
    from warehouse import search

    if lang is not None and lang not in search.LANGUAGES:
        errors.print(f"[bold red]✗ unknown language {escape(lang)!r}:[/] use one of {', '.join(search.LANGUAGES)}")
        raise typer.Exit(2)
    published = get_settings().published_path
    if not published.is_file():
        errors.print(f"[bold red]✗ nothing published yet[/] at {escape(str(published))}: run `mercury run`")
        raise typer.Exit(1)
    hits = search.search(published, query, lang, limit)
    if not hits:
        console.print(f"no paragraph matches {escape(query)!r}" + (f" in {lang}" if lang else ""))
        return
    # One block per hit, not a table: paragraph ids are long and the text must stay readable in a narrow terminal.
    console.print(f"[bold]{len(hits)} paragraphs[/] matching {escape(query)!r}" + (f" in {lang}" if lang else ""))
    for rank, hit in enumerate(hits, 1):
        number = f" ¶ {hit.number}{hit.subparagraph or ''}" if hit.number is not None else ""
        console.print(
            f"{rank:>3}. [bold]{escape(hit.symbol or hit.decision_id)}{number}[/] {hit.kind}, {hit.language}  "
            f"[dim]{escape(hit.paragraph_id)}  score {hit.score:.2f}[/]"
        )
        console.print(f"     {escape(hit.text)}")


@snapshot_app.command("add")
def snapshot_add(
    files: Annotated[list[Path], typer.Argument(help="Files to record in the snapshot.", exists=True, dir_okay=False)],
    url_prefix: Annotated[str, typer.Option(help="Recorded url = prefix + file name.")] = "file://seeds/",
    retrieved_at: Annotated[str, typer.Option(help="Recorded retrieval time (fixed: reproducible ids).")] = (
        "2025-11-10T00:00:00Z"
    ),
    source: Annotated[str, typer.Option(help="Recorded source name.")] = "local",
) -> None:
    """Record files in the bundled snapshot (snapshot/), which `mercury run` replays without network."""
    from warehouse.snapshot_tools import add_to_snapshot

    settings = get_settings()
    _single(
        "snapshot",
        lambda s: add_to_snapshot(
            files, s.snapshot_dir, source=source, url_prefix=url_prefix, retrieved_at=retrieved_at
        ).as_dict(),
        lambda r: f"{r['files']} files: {r['new']} new, {r['unchanged']} already in {_shown(settings.snapshot_dir)}",
    )


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is inside it (shorter to copy)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def query_line(published: Path) -> str:
    """The copy-paste command that opens the published warehouse in the duckdb shell of this environment."""
    shell = Path(sys.executable).parent / "duckdb"
    return f'{_shown(shell) if shell.exists() else "duckdb"} -readonly {_shown(published)} -c "{QUERY}"'


def search_line() -> str:
    """The copy-paste full-text search command of this environment."""
    mercury = Path(sys.executable).parent / "mercury"
    return f'{_shown(mercury) if mercury.exists() else "mercury"} search "request" --lang en'


def _print_status(result: dict[str, Any]) -> None:
    table = Table(title="Published warehouse", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_column("counted in")
    labels = [
        ("documents", "documents"),
        ("decisions", "decisions"),
        ("paragraphs", "paragraphs"),
        ("mandates", "mandates"),
        ("cooperation_activities", "cooperation activities"),
        ("quarantined", "quarantined files"),
        ("parse_warnings", "decision-like, no decision"),
    ]
    for key, label in labels:
        value = result.get(key)
        table.add_row(label, "-" if value is None else str(value), summary.COUNTED_AS[key])
    console.print(table)
    flagged = summary.no_decision_warning(result.get("parse_warnings"))
    if flagged:
        errors.print(f"[yellow]! {escape(flagged)}[/]")
    last = result.get("last_run")
    if last:
        loaded = summary.describe_run(last)
        console.print(
            f"last run {escape(str(last.get('run_id')))}: {escape(str(last.get('outcome')))}"
            f" (finished {escape(str(last.get('finished_at')))})" + (f"; loaded {escape(loaded)}" if loaded else "")
        )
    console.print("query it:")
    console.print(escape(query_line(Path(result["published"]))), soft_wrap=True)
    console.print("search the paragraphs (per language: en fr es ru ar zh):")
    console.print(escape(search_line()), soft_wrap=True)


if __name__ == "__main__":
    app()
