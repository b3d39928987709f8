"""`python -m bench run`: the pipeline on corpora of growing size, timed, checked against the ground truth, with the
targets of issue 7. Prints a table and writes data/bench/results.json.

Sizes: S = the bundled snapshot (replayed as `mercury run` does; partial truth from the golden structures), T =
tiny (tests), M and L = generated corpora (bench.generate), R (TR tiny) = the shapes slice: every document shape of
bench.shapes, scored per shape and kept out of the issue-7 targets. Each generated size runs in its own fresh data
directory (data/bench/run/<size>): a full run, then the same run again with nothing changed (the no-op nightly run),
each in a fresh process (bench.driver), then the accuracy of the published warehouse.

Metrics (see BENCHMARKS.md for what they mean):
    parse_vs_floor         parse+extract time / read+decode time with the same libraries (serial, on M or T)
    noop_vs_full           second unchanged run / full run (largest size run)
    airflow_vs_cli         `scripts/airflow.sh test` (airflow dags test) / `mercury run`, on S, fresh data dirs
    scaling_10x            full run L / full run M
    full_rebuild_seconds_L full run on L from an empty data directory
    peak_rss_mb_L          largest resident set of the L run's processes (driver or parse worker)
    accuracy               min precision/recall over decisions, paragraphs, mandates, cooperation, references
                           (T, M, L; the shapes slice is reported per shape beside it, with no target)
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.generate import SEED, SIZES, SLICES, generate, load_truth
from bench.score import ENTITIES, SHAPE_ENTITIES, score

REPO = Path(__file__).resolve().parent.parent
PYCACHE = REPO / "data" / "bench" / "pycache"
TARGETS = {
    "parse_vs_floor": ("<=", 5.0),
    "noop_vs_full": ("<=", 0.1),
    "airflow_vs_cli": ("<=", 1.5),
    "scaling_10x": ("<=", 11.0),
    "full_rebuild_seconds_L": ("<", 300.0),
    "peak_rss_mb_L": ("<", 2048.0),
    "accuracy": (">=", 0.99),
}
# The shapes slice measures how the parser reads each shape; the publish gate (a share of decision-typed documents
# without a decision, MERCURY_MAX_NO_DECISION_SHARE) would refuse a parser that misses a whole shape, and then there
# would be no published copy to measure. The T/M/L runs keep the gate as configured.
SLICE_SETTINGS = {"MERCURY_MAX_NO_DECISION_SHARE": "1.0"}
STAGES = ("harvest_replay", "parse", "validate_parsed", "load", "dbt", "checks", "publish", "export")


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """This environment without AIRFLOW*/MERCURY_* settings (a developer's own never leak in), pointed at data_dir.

    Python bytecode caching is on, as in any normal installation: a sandbox that sets PYTHONDONTWRITEBYTECODE makes
    every process compile Airflow, dbt and Great Expectations from source (seconds each) and would measure that.
    The cache goes to data/bench/pycache (PYTHONPYCACHEPREFIX), so the virtual environment is never written to."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "MERCURY_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    env["MERCURY_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def machine_info() -> dict[str, Any]:
    import duckdb

    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    model = None
    with contextlib.suppress(OSError):
        model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")), None)  # fmt: skip
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": memory,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def drive(data_dir: Path, input_dir: Path | None, out: Path, full_refresh: bool = False,
          settings: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """One timed pipeline run in a fresh process (bench.driver); raises with the log if it failed."""
    command = [sys.executable, "-m", "bench.driver", "--data-dir", str(data_dir), "--out", str(out)]
    if input_dir is not None:
        command += ["--input", str(input_dir)]
    if full_refresh:
        command.append("--full-refresh")
    clock = time.monotonic()
    env = clean_env(data_dir, **(settings or {}))
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - clock
    out.with_suffix(".log").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(
            f"pipeline run failed in {data_dir} (log: {out.with_suffix('.log')}):\n{done.stderr[-3000:]}"
        )
    result = json.loads(out.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(wall, 3)
    result["stages"]["harvest_replay"] = result["stages"].pop("ingest")
    return result


def run_generated(size: str, base: Path, seed: int) -> dict[str, Any]:
    corpus = base / "corpus" / size
    clock = time.monotonic()
    meta = generate(size, corpus, seed)
    generated = round(time.monotonic() - clock, 1)
    data = _fresh(base / "run" / size)
    settings = SLICE_SETTINGS if size in SLICES else None
    full = drive(data, corpus / "files", base / "run" / f"{size}-full.json", settings=settings)
    noop = drive(data, corpus / "files", base / "run" / f"{size}-noop.json", settings=settings)
    if noop["changed"]:
        raise RuntimeError(f"the second run on {size} rebuilt: nothing changed, so it should have stopped after load")
    accuracy = score(data / "published" / "mercury.duckdb", load_truth(corpus), complete=True)
    return {"corpus": {**meta["counts"], "files_by_format": meta["files_by_format"],
                       "files_by_language": meta["files_by_language"], "files_by_shape": meta["files_by_shape"],
                       "generate_seconds": generated},
            "full": full, "noop": noop, "accuracy": accuracy}  # fmt: skip


def run_snapshot(base: Path, airflow: bool, repeat: int = 1) -> dict[str, Any]:
    """S: the CLI (`mercury run`) and Airflow (`scripts/airflow.sh test`, i.e. `airflow dags test`) on the bundled
    snapshot, each from an empty data directory, wall-clock timed (alternately, `repeat` times each; the medians
    count, so that a burst of load on a shared machine does not decide the ratio); accuracy against the golden
    structures."""
    from statistics import median

    from bench.snapshot_truth import snapshot_truth

    mercury = str(REPO / ".venv" / "bin" / "mercury")
    warm = _fresh(base / "run" / "S-cli-warmup")  # a first run compiles and caches what the pipeline imports
    subprocess.run([mercury, "run"], cwd=REPO, env=clean_env(warm), capture_output=True, text=True, check=False)
    cli_runs: list[float] = []
    airflow_runs: list[float] = []
    cli_dir = base / "run" / "S-cli"
    for _ in range(max(1, repeat)):
        _fresh(cli_dir)
        clock = time.monotonic()
        done = subprocess.run([mercury, "run"], cwd=REPO, env=clean_env(cli_dir), capture_output=True, text=True,
                              check=False)  # fmt: skip
        cli_runs.append(round(time.monotonic() - clock, 3))
        (base / "run" / "S-cli.log").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
        if done.returncode != 0:
            raise RuntimeError(f"mercury run failed on the snapshot:\n{done.stderr[-3000:]}")
        if airflow:
            airflow_runs.append(run_airflow(base))
    result: dict[str, Any] = {
        "cli_seconds": median(cli_runs),
        "airflow_seconds": median(airflow_runs) if airflow_runs else None,
        "cli_runs": cli_runs,
        "airflow_runs": airflow_runs,
    }
    truth, scope = snapshot_truth(REPO / "snapshot")
    result["accuracy"] = score(cli_dir / "published" / "mercury.duckdb", truth, complete=False, scope=scope)
    return result


def run_airflow(base: Path) -> float:
    """Wall seconds of `scripts/airflow.sh test` on the snapshot from an empty data directory. Airflow's one-off
    setup (metadata DB migration, the writer pool; compiling its bytecode) is done beforehand in a shared
    AIRFLOW_HOME, as on any machine that runs the nightly DAG: the measured run is a nightly run, not an
    installation."""
    home = base / "run" / "airflow-home"
    script = str(REPO / "scripts" / "airflow.sh")
    from importlib.util import find_spec

    origin = Path(find_spec("airflow").origin).resolve()  # found, not imported
    compiled = PYCACHE / origin.relative_to(origin.anchor).parent / f"__init__.{sys.implementation.cache_tag}.pyc"
    if not (home / ".mercury-setup").is_file() or not compiled.is_file():
        warm = _fresh(base / "run" / "S-airflow-warmup")
        done = subprocess.run([script, "test"], cwd=REPO, env=clean_env(warm, AIRFLOW_HOME=str(home)),
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"airflow warm-up run failed:\n{done.stderr[-3000:]}")
    data = _fresh(base / "run" / "S-airflow")
    clock = time.monotonic()
    done = subprocess.run([script, "test"], cwd=REPO, env=clean_env(data, AIRFLOW_HOME=str(home)),
                          capture_output=True, text=True, check=False)  # fmt: skip
    seconds = round(time.monotonic() - clock, 3)
    (base / "run" / "S-airflow.log").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
    if done.returncode != 0 or not (data / "published" / "mercury.duckdb").is_file():
        raise RuntimeError(f"airflow dags test failed on the snapshot (log {base / 'run' / 'S-airflow.log'})")
    return seconds


def shape_summary(accuracy: dict[str, Any]) -> dict[str, Any]:
    """Per shape and entity: precision, recall and the counts behind them (no examples; those stay in sizes)."""
    return {
        shape: {name: {k: scores[name][k] for k in ("precision", "recall", "truth", "found", "correct")}
                for name in SHAPE_ENTITIES}
        for shape, scores in accuracy.get("shapes", {}).items()
    }  # fmt: skip


def _check(name: str, value: float | None) -> dict[str, Any]:
    op, target = TARGETS[name]
    passed = None if value is None else {"<=": value <= target, "<": value < target, ">=": value >= target}[op]
    return {"value": value, "target": f"{op} {target:g}", "pass": passed}


def run(sizes: list[str], base: Path, seed: int = SEED, airflow: bool = True, repeat: int = 1) -> dict[str, Any]:
    """Measure the sizes asked for and write base/results.json; returns the results."""
    from bench.floor import measure

    base.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine_info(), "seed": seed, "sizes": {}}
    started = time.monotonic()
    if "S" in sizes:
        results["sizes"]["S"] = run_snapshot(base, airflow, repeat)
    generated = [s for s in ("T", "M", "L") if s in sizes]
    slices = [s for s in SLICES if s in sizes]
    for size in generated + slices:
        results["sizes"][size] = run_generated(size, base, seed)
    floor_size = "M" if "M" in generated else (generated[0] if generated else None)
    floor = measure(sorted(p for p in (base / "corpus" / floor_size / "files").rglob("*") if p.is_file())) if (
        floor_size
    ) else None  # fmt: skip
    results["floor"] = {"size": floor_size, **(floor or {})}

    sized = results["sizes"]
    largest = generated[-1] if generated else None
    s = sized.get("S", {})
    results["parse_vs_floor"] = floor["ratio"] if floor else None
    results["noop_vs_full"] = (
        round(sized[largest]["noop"]["wall_seconds"] / sized[largest]["full"]["wall_seconds"], 4) if largest else None
    )
    results["airflow_vs_cli"] = (
        round(s["airflow_seconds"] / s["cli_seconds"], 3) if s.get("airflow_seconds") and s.get("cli_seconds") else None
    )
    if "L" in sized and "M" in sized:
        results["scaling_10x"] = round(sized["L"]["full"]["wall_seconds"] / sized["M"]["full"]["wall_seconds"], 2)
    else:
        results["scaling_10x"] = None
    results["full_rebuild_seconds_L"] = sized["L"]["full"]["wall_seconds"] if "L" in sized else None
    results["peak_rss_mb_L"] = sized["L"]["full"]["peak_rss_mb"] if "L" in sized else None
    results["stages"] = {
        size: {stage: sized[size]["full"]["stages"].get(stage) for stage in STAGES} for size in generated + slices
    }
    results["noop_stages"] = {
        size: {stage: sized[size]["noop"]["stages"].get(stage) for stage in STAGES} for size in generated + slices
    }
    results["accuracy"] = {
        size: {name: {"precision": sized[size]["accuracy"][name]["precision"],
                      "recall": sized[size]["accuracy"][name]["recall"]} for name in ENTITIES}
        | {"min": sized[size]["accuracy"]["min"]}
        for size in [*(["S"] if "S" in sized else []), *generated, *slices]
    }  # fmt: skip
    results["accuracy_by_shape"] = {size: shape_summary(sized[size]["accuracy"]) for size in generated + slices}
    generated_minimum = [sized[size]["accuracy"]["min"] for size in generated]
    results["accuracy"]["min"] = min(generated_minimum) if generated_minimum else None
    results["targets"] = {
        name: _check(name, results[name] if name != "accuracy" else results["accuracy"]["min"]) for name in TARGETS
    }
    results["bench_seconds"] = round(time.monotonic() - started, 1)
    (base / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n")
    return results


def print_results(results: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    machine = results["machine"]
    console.print(f"[bold]Machine[/]: {machine['cpu_count']} CPUs ({machine['cpu_model']}), {machine['memory_gb']} GB, "
                  f"Python {machine['python']}, DuckDB {machine['duckdb']}")  # fmt: skip
    table = Table(title="Targets (issue 7)", header_style="bold")
    for column in ("metric", "value", "target", "pass"):
        table.add_column(column, justify="right" if column != "metric" else "left")
    for name, check in results["targets"].items():
        mark = {True: "[green]yes[/]", False: "[red]NO[/]", None: "[dim]not run[/]"}[check["pass"]]
        value = "-" if check["value"] is None else f"{check['value']:g}"
        table.add_row(name, value, check["target"], mark)
    console.print(table)
    sized = results["sizes"]
    generated = [s for s in ("T", "M", "L", *SLICES) if s in sized]
    if generated:
        stages = Table(title="Seconds per stage (full run; no-op run in brackets)", header_style="bold")
        stages.add_column("stage")
        for size in generated:
            stages.add_column(size, justify="right")
        for stage in (*STAGES, "total (wall)"):
            cells = []
            for size in generated:
                if stage == "total (wall)":
                    full, noop = sized[size]["full"]["wall_seconds"], sized[size]["noop"]["wall_seconds"]
                else:
                    full, noop = sized[size]["full"]["stages"].get(stage), sized[size]["noop"]["stages"].get(stage)
                cells.append(f"{full:.1f} [dim]({noop:.1f})[/]" if noop is not None else f"{full or 0:.1f}")
            stages.add_row(stage, *cells)
        corpus = Table(title="Corpora", header_style="bold")
        corpus.add_column("size")
        for column in ("files", "decision texts", "decisions", "paragraphs", "peak RSS MB"):
            corpus.add_column(column, justify="right")
        for size in generated:
            c = sized[size]["corpus"]
            corpus.add_row(size, str(c["files"]), str(c["decision_texts"]), str(c["decisions"]), str(c["paragraphs"]),
                           f"{sized[size]['full']['peak_rss_mb']:.0f}")  # fmt: skip
        console.print(stages)
        console.print(corpus)
    accuracy = Table(title="Accuracy (precision / recall)", header_style="bold")
    accuracy.add_column("entity")
    measured = [s for s in ("S", *generated) if s in sized]
    for size in measured:
        accuracy.add_column(size + (" (partial truth)" if size == "S" else ""), justify="right")
    for name in ENTITIES:
        accuracy.add_row(name, *[f"{sized[s]['accuracy'][name]['precision']:.4f} / "
                                 f"{sized[s]['accuracy'][name]['recall']:.4f}" for s in measured])  # fmt: skip
    console.print(accuracy)
    wide = Console(width=max(console.width, 132))  # seven columns of "0.000 / 0.000" do not fit in 80
    for size, shapes in results.get("accuracy_by_shape", {}).items():
        wide.print(shape_table(size, shapes))
    if "S" in sized:
        s = sized["S"]
        airflow = "-" if s["airflow_seconds"] is None else f"{s['airflow_seconds']:.1f}s"
        console.print(f"S: mercury run {s['cli_seconds']:.1f}s, airflow dags test {airflow}")
    console.print(f"[dim]{results['bench_seconds']}s in all; details in data/bench/results.json[/]")


def shape_table(size: str, shapes: dict[str, Any]):
    """Precision / recall per document shape (rows) and entity (columns); files of a shape in the first column."""
    from rich.table import Table

    table = Table(title=f"Accuracy per shape, {size} (precision / recall)", header_style="bold")
    table.add_column("shape", no_wrap=True)
    for name in SHAPE_ENTITIES:
        table.add_column(name.replace("cooperation", "partners"), justify="right", no_wrap=True)
    for shape, scores in shapes.items():
        table.add_row(shape, *[f"{scores[n]['precision']:.3f} / {scores[n]['recall']:.3f}" for n in SHAPE_ENTITIES])
    return table


def sizes_from(text: str, skip_l: bool) -> list[str]:
    sizes = [s.strip().upper() for s in text.split(",") if s.strip()]
    unknown = [s for s in sizes if s != "S" and s not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size(s) {unknown}: S, {', '.join(SIZES)}")
    return [s for s in sizes if not (skip_l and s == "L")]
