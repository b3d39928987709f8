"""Benchmarks of the Mercury pipeline on synthetic corpora with ground truth (issue 7; BENCHMARKS.md).

python -m bench run [--sizes S,M,L,R] [--skip-l] [--no-airflow] [--out data/bench]
python -m bench generate --size M [--out DIR]
python -m bench score --data-dir DIR --corpus CORPUS
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from bench.generate import SEED, SIZES

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="measure the pipeline and write data/bench/results.json")
    run.add_argument("--sizes", default="S,M,L,R",
                     help="comma-separated: S (snapshot), T (tiny), M, L, R (the shapes slice; TR tiny) "
                          "(default S,M,L,R)")  # fmt: skip
    run.add_argument("--skip-l", action="store_true", help="leave out L (a quick look)")
    run.add_argument("--no-airflow", action="store_true", help="do not time the Airflow run on S")
    run.add_argument("--out", type=Path, default=DEFAULT_OUT)
    run.add_argument("--seed", type=int, default=SEED)
    run.add_argument("--repeat", type=int, default=3, help="time the S runs this many times (median)")
    gen = commands.add_parser("generate", help="write a corpus and its ground truth")
    gen.add_argument("--size", choices=sorted(SIZES), required=True)
    gen.add_argument("--out", type=Path)
    gen.add_argument("--seed", type=int, default=SEED)
    gen.add_argument("--force", action="store_true", help="regenerate even if an up-to-date corpus exists")
    scoring = commands.add_parser("score", help="accuracy of a published warehouse against a corpus's truth")
    scoring.add_argument("--data-dir", type=Path, required=True)
    scoring.add_argument("--corpus", type=Path, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    if args.command == "run":
        from bench.harness import print_results, sizes_from
        from bench.harness import run as run_bench

        sizes = sizes_from(args.sizes, args.skip_l)
        results = run_bench(sizes, args.out, args.seed, airflow=not args.no_airflow, repeat=args.repeat)
        print_results(results)
    elif args.command == "generate":
        from bench.generate import generate

        meta = generate(args.size, args.out or DEFAULT_OUT / "corpus" / args.size, args.seed, force=args.force)
        print(json.dumps(meta, indent=1))
    else:
        from bench.generate import load_truth
        from bench.score import score

        result = score(args.data_dir / "published" / "mercury.duckdb", load_truth(args.corpus), complete=True)
        print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
