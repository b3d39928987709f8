"""One pipeline run, timed stage by stage: exactly what `mercury run` does (the same warehouse.pipeline functions
in the same order, build..export skipped when nothing changed), with the seconds of each stage and the peak memory
written to a JSON file. The harness runs it in a fresh process per measurement.

    python -m bench.driver --data-dir DIR --input FOLDER --out timings.json [--full-refresh]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path
from typing import Any


def peak_rss_mb() -> float:
    """The largest resident set of this process and of every child it waited for (parse workers), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports kilobytes


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children (the parse workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(data_dir: Path, input_dir: Path | None, full_refresh: bool = False) -> dict[str, Any]:
    os.environ["MERCURY_DATA_DIR"] = str(Path(data_dir).resolve())
    from warehouse import pipeline
    from warehouse.settings import get_settings

    settings = get_settings()
    stages: dict[str, float] = {}
    cpu: dict[str, float] = {}
    rss: dict[str, float] = {}
    started, started_cpu = time.monotonic(), cpu_seconds()

    def timed(name: str, action):
        clock, clock_cpu = time.monotonic(), cpu_seconds()
        result = action()
        stages[name] = round(time.monotonic() - clock, 3)
        cpu[name] = round(cpu_seconds() - clock_cpu, 3)
        rss[name] = peak_rss_mb()  # the peak so far: the stage where it jumps is the one that needed it
        return result

    ingest = timed("ingest", lambda: pipeline.ingest(settings, input_dir))
    loaded = timed("load_total", lambda: pipeline.parse_and_load(settings, full_refresh))
    split = loaded.get("seconds") or {}
    cpu["load_total"] += (loaded.get("parse_workers") or {}).get("cpu_seconds") or 0.0  # workers: not our children
    stages.update(
        parse=split.get("parse", 0.0), validate_parsed=split.get("validate", 0.0), load=split.get("load", 0.0)
    )
    changed = bool(loaded["changed"] or full_refresh)
    if changed:
        timed("dbt", lambda: pipeline.transform(settings, full_refresh))
        timed("checks", lambda: pipeline.check(settings))
        timed("publish", lambda: pipeline.publish(settings))
        timed("export", lambda: pipeline.export(settings))
    pipeline.finish_run(settings, loaded["run_id"], "published" if changed else "unchanged")
    return {
        "seconds": round(time.monotonic() - started, 3),
        "cpu_seconds": round(
            cpu_seconds() - started_cpu + ((loaded.get("parse_workers") or {}).get("cpu_seconds") or 0), 3
        ),
        "stages": stages,
        "stage_cpu_seconds": cpu,
        "peak_rss_mb_after": rss,
        "changed": changed,
        "ingest": {k: ingest[k] for k in ("files", "new", "unchanged") if k in ingest},
        "load": {k: v for k, v in loaded.items() if k not in ("fingerprint", "seconds")},
        "peak_rss_mb": max(peak_rss_mb(), (loaded.get("parse_workers") or {}).get("peak_rss_mb") or 0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--input", type=Path, help="folder to ingest (default: the bundled snapshot)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--full-refresh", action="store_true")
    args = parser.parse_args()
    result = run(args.data_dir, args.input, args.full_refresh)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
